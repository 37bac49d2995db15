package supervise

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

// records keeps the messages logged.
type records struct {
	mu   sync.Mutex
	msgs []string
}

func (r *records) Enabled(context.Context, slog.Level) bool { return true }
func (r *records) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	line := rec.Message
	rec.Attrs(func(a slog.Attr) bool { line += " " + a.Key + "=" + a.Value.String(); return true })
	r.msgs = append(r.msgs, line)
	return nil
}
func (r *records) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *records) WithGroup(string) slog.Handler      { return r }

func (r *records) lines() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.msgs...)
}

// TestLoopRestartsAfterAPanic: a panicking loop is logged with its stack,
// counted, and run again; it ends when it returns.
func TestLoopRestartsAfterAPanic(t *testing.T) {
	rec := &records{}
	runs := 0
	Loop(context.Background(), slog.New(rec), "test.panics", func(context.Context) {
		runs++
		if runs < 3 {
			var m map[string]int
			m["boom"]++ // a nil map write: a runtime panic
		}
	})
	if runs != 3 {
		t.Fatalf("ran %d times; want 3 (two panics, then a normal return)", runs)
	}
	if got := Panics()["test.panics"]; got != 2 {
		t.Fatalf("counted %d panics; want 2", got)
	}
	lines := rec.lines()
	if len(lines) != 2 || !strings.Contains(lines[0], "assignment to entry in nil map") || !strings.Contains(lines[0], "supervise_test.go") {
		t.Fatalf("log = %q; want two lines with the panic and its stack", lines)
	}
}

// TestOutageLogsOncePerOutage: a thousand failures make one line, the
// recovery another; backoff grows to its ceiling.
func TestOutageLogsOncePerOutage(t *testing.T) {
	rec := &records{}
	o := &Outage{Log: slog.New(rec), Name: "test.outage", What: "Testing"}
	var last int64
	for range 1000 {
		last = int64(o.Fail(errors.New("connection refused")))
	}
	if !o.Down() || last > int64(2e9) || last < int64(1.5e9) {
		t.Fatalf("down %v, last backoff %d ns; want down, about 2 s", o.Down(), last)
	}
	o.OK()
	o.OK()
	lines := rec.lines()
	if len(lines) != 2 || !strings.Contains(lines[0], "Testing failed") || !strings.Contains(lines[0], "connection refused") ||
		!strings.Contains(lines[1], "Testing works again") || !strings.Contains(lines[1], "failures=1000") {
		t.Fatalf("log = %q; want the outage's start and its end", lines)
	}
	if o.Down() || Outages()["test.outage"] != 1 {
		t.Fatalf("down %v, outages %d; want up, one outage", o.Down(), Outages()["test.outage"])
	}
}
