package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"chidao/cli"
	"chidao/internal/dbtest"
	"chidao/internal/fixture"
	"chidao/storage"
)

// BenchmarkStatusJSON is `chidao status ID --json` at a province's scale
// (120 units × 5 officers and a head, 5 tasks, clips, reports and
// difficulties), in-process: configuration, connection, the migrations
// check, the status snapshot and the JSON (docs/performance.md). A
// command has no injected clock: the statuses are those of the real time,
// long after the fixture's deadlines, which costs the same.
func BenchmarkStatusJSON(b *testing.B) {
	url := dbtest.URL(b)
	s, err := storage.Open(context.Background(), url)
	if err != nil {
		b.Fatal(err)
	}
	p := fixture.Build(b, s, 120, 5, 5)
	s.Close()
	env := func(k string) string {
		return map[string]string{"DATABASE_URL": url, "CHIDAO_SECRET_KEY": dbtest.SecretKey}[k]
	}
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if err := cli.Run(context.Background(), []string{"status", fmt.Sprint(p.Directive), "--json"}, env, &out, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	var st struct {
		Units []struct{ Code string } `json:"units"`
	}
	if err := json.Unmarshal(out.Bytes(), &st); err != nil || len(st.Units) != 120 {
		b.Fatalf("status JSON: %d units, %v", len(st.Units), err)
	}
	b.ReportMetric(float64(out.Len()), "bytes")
}

// BenchmarkStatusJSONServerTime is the same JSON from an open store: what
// a server answering it would spend.
func BenchmarkStatusJSONServerTime(b *testing.B) {
	s := dbtest.Store(b)
	p := fixture.Build(b, s, 120, 5, 5)
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if err := cli.WriteStatusJSON(context.Background(), s, p.Directive, &out); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(out.Len()), "bytes")
}
