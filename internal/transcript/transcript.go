// Package transcript writes a whole conversation as its people see it, and
// compares it with a golden file under testdata/: a change of wording is a
// reviewed diff of that file. Tests run with -update rewrite the files.
package transcript

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chidao/texts"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts under testdata/")

// Transcript is a conversation being written down.
type Transcript struct {
	b strings.Builder
}

// Title starts the transcript.
func (t *Transcript) Title(s string) { fmt.Fprintf(&t.b, "# %s\n", s) }

// Step starts a step: when it happens and what someone did.
func (t *Transcript) Step(at time.Time, what string) {
	fmt.Fprintf(&t.b, "\n=== %s — %s\n", texts.DateTime(at), what)
}

// Note adds a line that is not a message (a toast on Telegram).
func (t *Transcript) Note(s string) { fmt.Fprintf(&t.b, "  (%s)\n", s) }

// Message adds what someone received: a heading (to whom, and how), the
// text, and the buttons by row.
func (t *Transcript) Message(heading, text string, buttons [][]string) {
	fmt.Fprintf(&t.b, "\n→ %s\n", heading)
	if text = strings.TrimRight(text, "\n "); text != "" {
		for _, line := range strings.Split(text, "\n") {
			fmt.Fprintf(&t.b, "  │ %s\n", strings.TrimRight(line, " "))
		}
	}
	for _, row := range buttons {
		fmt.Fprintf(&t.b, "  [%s]\n", strings.Join(row, "] ["))
	}
}

// Raw adds text as it is.
func (t *Transcript) Raw(s string) { t.b.WriteString(s) }

// String is the transcript so far.
func (t *Transcript) String() string { return t.b.String() }

// Compare checks the transcript against the golden file (or rewrites it
// with -update).
func (t *Transcript) Compare(tb testing.TB, path string) {
	tb.Helper()
	got := t.String()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run the test with -update to write it)", err)
	}
	if got == string(want) {
		return
	}
	g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			tb.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(review the change, then run the test with -update)", path, i+1, gl, wl)
		}
	}
}
