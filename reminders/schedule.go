package reminders

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/robfig/cron/v3"

	"chidao"
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
// skip. wake, when set, is called after a sweep queued reminders.
func (s *Sweeper) Run(ctx context.Context, schedule string, wake func()) error {
	logger := cronLogger{s.Log}
	c := cron.New(cron.WithLocation(chidao.Zone),
		cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	_, err := c.AddFunc(schedule, func() {
		res, err := s.Sweep(ctx, time.Now())
		if err != nil {
			if ctx.Err() == nil {
				s.Log.Error("Reminder sweep failed", "error", err)
			}
			return
		}
		if res.Reminded > 0 {
			s.Log.Info("Reminders queued", "count", res.Reminded, "open_assignments", res.Open)
			if wake != nil {
				wake()
			}
		}
	})
	if err != nil {
		return fmt.Errorf("reminders: schedule %q: %w", schedule, err)
	}
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}

// cronLogger adapts slog to cron's logger.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "error", err)...)
}
