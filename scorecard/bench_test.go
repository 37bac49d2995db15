package scorecard_test

import (
	"fmt"
	"testing"
	"time"

	"chidao"
	"chidao/internal/dbtest"
	"chidao/internal/fixture"
	"chidao/scorecard"
	"chidao/storage"
)

// BenchmarkYearScorecard: a year's scorecard of 130 units over 100
// directives (13,000 assignments, 20,800 clips with their reach, 11,050
// reports), read in one snapshot and computed.
func BenchmarkYearScorecard(b *testing.B) {
	w := fixture.New(b, dbtest.URL(b))
	for i := range 130 {
		w.Unit(fmt.Sprintf("U%03d", i), fmt.Sprintf("Đảng ủy xã số %d", i), fixture.Office)
	}
	const people = `INSERT INTO people (full_name, unit_id, role) SELECT 'Cán bộ ' || code, id, 'officer' FROM units WHERE code <> 'BTGTU'`
	if _, err := w.S.Pool().Exec(w.Ctx, people); err != nil {
		b.Fatal(err)
	}
	for i := range 100 {
		issued := fixture.VN(2025, 1, 2, 9, 0).AddDate(0, 0, i*3)
		w.At(issued)
		_, err := w.S.CreateDirective(w.Ctx, chidao.System, storage.NewDirective{Number: fmt.Sprintf("%d-CV/BTGDVTU", i+1), Title: "Tuyên truyền",
			Due: issued.Add(14 * 24 * time.Hour), AllUnits: true,
			Tasks: []storage.NewTask{{Text: "Clip", Requirement: chidao.Requirement{MinClips: 2, Report: true}}}})
		if err != nil {
			b.Fatal(err)
		}
	}
	for _, q := range []string{
		`UPDATE assignments a SET acknowledged_at = d.created_at + interval '1 day' FROM directives d WHERE d.id = a.directive_id AND a.id % 10 <> 0`,
		`INSERT INTO submissions (assignment_id, person_id, kind, url, platform, review, reviewed_at, submitted_at)
			SELECT a.id, p.id, 'clip', 'https://www.youtube.com/watch?v=' || a.id || '-' || n, 'youtube',
				CASE WHEN (a.id + n) % 7 = 0 THEN 'rejected' ELSE 'approved' END, d.created_at + (a.id % 20) * interval '1 day', d.created_at + interval '2 days'
			FROM assignments a JOIN directives d ON d.id = a.directive_id JOIN people p ON p.unit_id = a.unit_id, generate_series(1, 2) n
			WHERE a.id % 5 <> 0`,
		`INSERT INTO submissions (assignment_id, person_id, kind, text, submitted_at)
			SELECT a.id, p.id, 'report', 'Đã thực hiện', d.created_at + (a.id % 18) * interval '1 day'
			FROM assignments a JOIN directives d ON d.id = a.directive_id JOIN people p ON p.unit_id = a.unit_id WHERE a.id % 20 NOT IN (0, 1, 2)`,
		`INSERT INTO clip_reach (submission_id, views, likes, source, measured_at, actor)
			SELECT id, 1000 + id % 50000, id % 900, 'officer', reviewed_at + interval '7 days', 'bench' FROM submissions WHERE review = 'approved'`,
		`ANALYZE`,
	} {
		if _, err := w.S.Pool().Exec(w.Ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	w.At(fixture.VN(2026, 1, 15, 9, 0))
	from, to := fixture.VN(2025, 1, 1, 0, 0), fixture.VN(2025, 12, 31, 0, 0)
	var card scorecard.Card
	for b.Loop() {
		facts, err := w.S.ScorecardFacts(w.Ctx, from, to)
		if err != nil {
			b.Fatal(err)
		}
		card = scorecard.Compute(facts, from, to, scorecard.DefaultWeights())
	}
	if len(card.Rows) != 130 || len(card.Directives) != 100 {
		b.Fatalf("%d rows, %d directives", len(card.Rows), len(card.Directives))
	}
}
