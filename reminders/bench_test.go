package reminders_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"chidao/internal/dbtest"
	"chidao/reminders"
)

// BenchmarkSweep measures one sweep over 100,000 open assignments (100
// directives to 1,000 units, one officer each): with nothing due, and with
// 10,000 reminders falling due (10 directives due today).
//
//	go test ./reminders/ -run XXX -bench Sweep -benchtime=1x
func BenchmarkSweep(b *testing.B) {
	ctx := context.Background()
	s := dbtest.Store(b)
	now := vn("2026-03-11 09:00") // a Wednesday
	setup := []string{
		`INSERT INTO units (code, name) SELECT 'U' || g, 'Đơn vị ' || g FROM generate_series(1, 1000) g`,
		`INSERT INTO people (full_name, unit_id, role) SELECT 'Cán bộ ' || id, id, 'officer' FROM units`,
		`INSERT INTO chat_identities (person_id, channel, external_user_id, chat_id) SELECT id, 'telegram', id::text, id::text FROM people`,
		`INSERT INTO directives (number, title, issued_on, due_at, status, author, created_at)
			SELECT g || '-CV/BTGTU', 'V/v ' || g, '2026-03-01', CASE WHEN g <= 10 THEN timestamptz '2026-03-11 17:00+07'
				ELSE timestamptz '2026-06-30 17:00+07' END, 'active', 'bench', '2026-03-01 08:00+07' FROM generate_series(1, 100) g`,
		`INSERT INTO tasks (directive_id, position, text, report) SELECT id, 1, 'Báo cáo', true FROM directives`,
		`INSERT INTO assignments (directive_id, unit_id, created_at, reminded_through)
			SELECT d.id, u.id, '2026-03-01 08:00+07', CASE WHEN d.id <= 10 THEN timestamptz '2026-03-11 07:00+07' ELSE $1 END
			FROM directives d CROSS JOIN units u`,
		`ANALYZE`,
	}
	for _, q := range setup {
		var args []any
		if len(q) > 20 && q[:20] == "INSERT INTO assignme" {
			args = []any{now}
		}
		if _, err := s.Pool().Exec(ctx, q, args...); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	sw := &reminders.Sweeper{Store: s, Calendar: reminders.DefaultCalendar(), Policy: reminders.DefaultPolicy(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}

	// Nothing due: everything looked at up to now, except the 10 directives due today.
	if _, err := s.Pool().Exec(ctx, `UPDATE assignments SET reminded_through = $1`, now); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	res, err := sw.Sweep(ctx, now)
	idle := time.Since(start)
	if err != nil || res.Open != 100_000 || res.Reminded != 0 {
		b.Fatalf("idle sweep: %+v, %v", res, err)
	}
	if _, err := s.Pool().Exec(ctx, `UPDATE assignments SET reminded_through = '2026-03-11 07:00+07' WHERE directive_id <= 10`); err != nil {
		b.Fatal(err)
	}
	start = time.Now()
	res, err = sw.Sweep(ctx, now)
	busy := time.Since(start)
	if err != nil || res.Reminded != 10_000 {
		b.Fatalf("busy sweep: %+v, %v", res, err)
	}
	b.StopTimer()
	b.ReportMetric(float64(idle.Milliseconds()), "ms-nothing-due")
	b.ReportMetric(float64(busy.Milliseconds()), "ms-10k-due")
	b.ReportMetric(float64((idle + busy).Nanoseconds()), "ns/op")
}
