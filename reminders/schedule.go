package reminders

import (
	"context"
	"fmt"
	"log/slog"
	"slices"

	"github.com/robfig/cron/v3"

	"chidao"
	"chidao/internal/supervise"
)

func sortPlanned(ps []PlannedReminder) {
	slices.SortStableFunc(ps, func(a, b PlannedReminder) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		if a.Unit != b.Unit {
			if a.Unit < b.Unit {
				return -1
			}
			return 1
		}
		return 0
	})
}

// DefaultSchedule is the sweep's cron schedule: every minute.
const DefaultSchedule = "* * * * *"

// Run ticks the sweeper on the cron schedule, in Vietnam time whatever the
// server's TZ, until ctx ends. A sweep that panics is logged and the next
// one runs; a sweep still running when the next tick comes makes that tick
// skip; while the database is down each tick fails quietly (the outage is
// logged once, and its end) and the first sweep after it catches up.
// wake, when set, is called after a sweep queued reminders.
func (s *Sweeper) Run(ctx context.Context, schedule string, wake func()) error {
	logger := cronLogger{s.Log}
	down := &supervise.Outage{Log: s.Log, Name: "reminders", What: "Reminder sweep"}
	c := cron.New(cron.WithLocation(chidao.Zone),
		cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	_, err := c.AddFunc(schedule, func() { supervise.Protect(s.Log, "reminders", func() { s.tick(ctx, down, wake) }) })
	if err != nil {
		return fmt.Errorf("reminders: schedule %q: %w", schedule, err)
	}
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}

// tick is one sweep of Run.
func (s *Sweeper) tick(ctx context.Context, down *supervise.Outage, wake func()) {
	res, err := s.Sweep(ctx, s.Store.Now())
	if err != nil {
		if ctx.Err() == nil {
			down.Fail(err)
		}
		return
	}
	down.OK()
	s.Log.Debug("Reminder sweep done", "open_assignments", res.Open, "due", res.Due, "reminded", res.Reminded)
	if res.Reminded > 0 {
		s.Log.Info("Reminders queued", "count", res.Reminded, "open_assignments", res.Open)
		if wake != nil {
			wake()
		}
	}
}

// cronLogger adapts slog to cron's logger.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "error", err)...)
}
