package cli

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"

	"chidao"
	"chidao/reminders"
	"chidao/storage"
)

// runRemind sends a reminder now to every unit of a directive not done.
func runRemind(ctx context.Context, e *env, args []string) error {
	s, id, err := openWithID(ctx, e, "remind", args)
	if err != nil {
		return err
	}
	n, total, last, err := s.RemindNow(ctx, actor(), id)
	if errors.Is(err, storage.ErrTooSoon) {
		return fmt.Errorf("directive %d was reminded at %s: at most once an hour", id, chidao.FormatDateTime(last))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "reminder queued for %d of the %d unit(s) not done of directive %d", n, total, id)
	if total > n {
		fmt.Fprintf(e.stdout, " (%d have nobody registered)", total-n)
	}
	fmt.Fprintln(e.stdout)
	return nil
}

// runReminders is "reminders plan ID [--json]".
func runReminders(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "plan" {
		return fmt.Errorf("%w: chidao reminders plan ID [--json]", ErrUsage)
	}
	fs := newFlags("reminders plan", "reminders plan ID [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(e, fs, args[1:], 1)
	if err != nil {
		return err
	}
	id, err := parseID(pos[0])
	if err != nil {
		return err
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	if _, err := s.Directive(ctx, id); err != nil {
		return err
	}
	sw, err := e.sweeper(s)
	if err != nil {
		return err
	}
	plan, err := sw.Plan(ctx, id, s.Now())
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, nonNil(plan))
	}
	if len(plan) == 0 {
		fmt.Fprintln(e.stdout, "No reminders to come (all units done, reminders paused or the directive closed).")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "AT\tUNIT\tKIND")
	for _, p := range plan {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", chidao.FormatDateTime(p.At), p.Unit, p.Kind)
	}
	return tw.Flush()
}

// sweeper builds the reminder sweeper from the configuration.
func (e *env) sweeper(s *storage.Store) (*reminders.Sweeper, error) {
	cal := reminders.DefaultCalendar()
	if e.cfg.HolidaysFile != "" {
		var err error
		if cal, err = reminders.LoadCalendarFile(e.cfg.HolidaysFile); err != nil {
			return nil, fmt.Errorf("CHIDAO_HOLIDAYS_FILE: %w", err)
		}
	}
	policy, err := reminders.DefaultPolicy().Override([]byte(e.cfg.ReminderPolicy))
	if err != nil {
		return nil, fmt.Errorf("REMINDER_POLICY: %w", err)
	}
	return &reminders.Sweeper{Store: s, Calendar: cal, Policy: policy, Log: e.log, YouTube: e.cfg.YouTubeAPIKey != ""}, nil
}
