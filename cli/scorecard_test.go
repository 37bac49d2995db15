package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"chidao/internal/fixture"
)

// TestScorecardCommand: the contract's JSON best first, the workbook, and
// every bad input answered with nothing written.
func TestScorecardCommand(t *testing.T) {
	o := newOffice(t)
	w := fixture.New(t, o.url)
	q := w.BuildQuarter()
	var rows []map[string]any
	mustJSON(t, o.must("scorecard", "--from", "2026-01-01", "--to", "2026-03-31", "--json"), &rows)
	if len(rows) != 4 || rows[0]["code"] != "BKG" || rows[3]["code"] != "TTVH-PQ" {
		t.Fatalf("rows = %v", rows)
	}
	for _, k := range []string{"code", "name", "directives", "acknowledged", "done_on_time", "done_late", "overdue", "avg_days_late",
		"clips_approved", "clips_rejected", "views", "reports", "difficulties", "score"} {
		if _, ok := rows[1][k]; !ok {
			t.Errorf("JSON lacks %q: %v", k, rows[1])
		}
	}
	if rows[0]["views"].(float64) != 45000 || rows[0]["score"].(float64) != 100 || rows[1]["avg_days_late"].(float64) != 2 {
		t.Errorf("BKG, PTTH = %v, %v", rows[0], rows[1])
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "quy1.xlsx")
	o.must("scorecard", "--from", "2026-01-01", "--to", "2026-03-31", "-o", out)
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Xếp hạng", "C5"); v != "Báo Kiên Giang" {
		t.Errorf("first ranked unit in the workbook: %q", v)
	}
	if v, _ := f.GetCellValue("Chi tiết chấm điểm", "I2"); !strings.Contains(v, "hoàn thành đúng hạn") {
		t.Errorf("evidence: %q", v)
	}
	bad := [][]string{
		{"scorecard", "--from", "2026-03-31", "--to", "2026-01-01", "-o", filepath.Join(dir, "a.xlsx")},
		{"scorecard", "--from", "2025-01-01", "--to", "2025-03-31", "-o", filepath.Join(dir, "b.xlsx")},
		{"scorecard", "--from", "01-2026", "--to", "2026-03-31"},
		{"scorecard", "--from", "2026-01-01"},
		{"scorecard", "--from", "2026-01-01", "--to", "2026-03-31", "-o", filepath.Join(dir, "c.csv")},
	}
	for _, args := range bad {
		if _, err := o.run(args...); err == nil {
			t.Errorf("chidao %s succeeded", strings.Join(args, " "))
		}
	}
	o.env["SCORE_WEIGHTS"] = `{"quantity": "many"}`
	if _, err := o.run("scorecard", "--from", "2026-01-01", "--to", "2026-03-31"); err == nil || !strings.Contains(err.Error(), "SCORE_WEIGHTS") {
		t.Errorf("bad SCORE_WEIGHTS: %v", err)
	}
	delete(o.env, "SCORE_WEIGHTS")
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files written by bad commands: %v", entries)
	}

	// Clip reach from the Office: corrections keep the other figures.
	clip := q.BKGClips[0]
	if out := o.must("clip", "reach", itoa(clip), "--views", "31.500"); !strings.Contains(out, "31500 views, 1200 likes") {
		t.Errorf("correction: %s", out)
	}
	var st struct {
		Units []struct {
			Code  string `json:"code"`
			Clips []struct {
				ID    int64 `json:"id"`
				Reach *struct {
					Views  *int64 `json:"views"`
					Source string `json:"source"`
				} `json:"reach"`
			} `json:"clips"`
		} `json:"units"`
	}
	if err := json.Unmarshal([]byte(o.must("status", itoa(q.D1), "--json")), &st); err != nil {
		t.Fatal(err)
	}
	for _, u := range st.Units {
		for _, c := range u.Clips {
			switch {
			case c.ID == clip && (c.Reach == nil || *c.Reach.Views != 31500 || c.Reach.Source != "office"):
				t.Errorf("clip %d reach = %+v", c.ID, c.Reach)
			case u.Code == "PTTH" && c.Reach != nil:
				t.Errorf("PTTH's clip has reach %+v; want null", c.Reach)
			}
		}
	}
	rejected := int64(0)
	if err := w.S.Pool().QueryRow(w.Ctx, `SELECT id FROM submissions WHERE review = 'rejected'`).Scan(&rejected); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"clip", "reach", itoa(rejected), "--views", "10"}, {"clip", "reach", itoa(clip), "--views", "12k"},
		{"clip", "reach", itoa(clip), "--likes", "-3"}, {"clip", "reach", "999999", "--views", "1"}} {
		if _, err := o.run(args...); err == nil {
			t.Errorf("chidao %s succeeded", strings.Join(args, " "))
		}
	}
	if n := o.count(`SELECT count(*) FROM clip_reach`); n != 3 {
		t.Errorf("%d reach rows; want 3 (two from the officer, one correction)", n)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
