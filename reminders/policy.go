// Package reminders chases deadlines so the Office does not have to. A
// cron ticker runs a sweep; PostgreSQL is the source of truth: each sweep
// derives the reminders due from assignment state (Plan), records each in
// the reminder ledger (unique per assignment, kind and slot) in the
// transaction that queues its messages, and the messages are written at
// send time, when a reminder whose work is meanwhile done is dropped.
package reminders

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Clock is an hour and minute of the day in Vietnam.
type Clock struct{ H, M int }

func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", c.H, c.M) }

// parseClock reads "HH:MM".
func parseClock(s string) (Clock, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return Clock{}, fmt.Errorf("%q is not a time of day HH:MM", s)
	}
	return Clock{t.Hour(), t.Minute()}, nil
}

// Policy says when reminders go out.
type Policy struct {
	AckAfter     time.Duration // nudge when not acknowledged this long after delivery (24 h)
	BeforeDays   []int         // days before each deadline (3, 1)
	At           Clock         // time of the day of deadline reminders (08:00)
	OverdueDays  int           // working days of overdue reminders (5)
	EscalateFrom int           // overdue working day from which the head is told (2; 0: never)
	DigestAt     Clock         // Office digest on working days (16:30)
	WeeklyDay    time.Weekday  // weekly summary (Monday, or the next working day)
	WeeklyAt     Clock         // (08:00)
	QuietFrom    Clock         // quiet hours start (21:00)
	QuietTo      Clock         // and end (07:00)
	Horizon      time.Duration // missed slots older than this fold into one catch-up (24 h)
	// ReachAfterDays is the working day after approval on which the officer
	// is asked for a clip's figures (7; 0: never); ReachReminderDays the
	// working days after the question before its one reminder (2; 0: none).
	ReachAfterDays, ReachReminderDays int
}

// DefaultPolicy is the policy of the issue that introduced reminders.
func DefaultPolicy() Policy {
	return Policy{
		AckAfter: 24 * time.Hour, BeforeDays: []int{3, 1}, At: Clock{8, 0},
		OverdueDays: 5, EscalateFrom: 2, DigestAt: Clock{16, 30},
		WeeklyDay: time.Monday, WeeklyAt: Clock{8, 0},
		QuietFrom: Clock{21, 0}, QuietTo: Clock{7, 0}, Horizon: 24 * time.Hour,
		ReachAfterDays: 7, ReachReminderDays: 2,
	}
}

// override is the JSON form of a policy change: globally in
// REMINDER_POLICY, per directive in its "reminder_policy". Fields left out
// keep their value.
type override struct {
	AckAfterHours *int   `json:"ack_after_hours"`
	BeforeDays    []int  `json:"before_days"`
	At            string `json:"at"`
	OverdueDays   *int   `json:"overdue_days"`
	EscalateFrom  *int   `json:"escalate_from"`
	DigestAt      string `json:"digest_at"`
	QuietFrom     string `json:"quiet_from"`
	QuietTo       string `json:"quiet_to"`
	HorizonHours  *int   `json:"horizon_hours"`
	ReachAfter    *int   `json:"reach_after_days"`
	ReachReminder *int   `json:"reach_reminder_days"`
}

// Override returns p changed by a JSON override such as
// {"before_days": [5, 2], "at": "07:30", "overdue_days": 3}. Unknown fields
// and out-of-range values are errors.
func (p Policy) Override(raw []byte) (Policy, error) {
	if len(bytes.TrimSpace(raw)) == 0 || string(raw) == "null" {
		return p, nil
	}
	var o override
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		return p, fmt.Errorf("reminder policy: %w", err)
	}
	if err := p.apply(o); err != nil {
		return p, fmt.Errorf("reminder policy: %w", err)
	}
	return p, nil
}

func (p *Policy) apply(o override) error {
	if err := p.applyNumbers(o); err != nil {
		return err
	}
	if o.BeforeDays != nil {
		for _, d := range o.BeforeDays {
			if d < 1 || d > 60 {
				return fmt.Errorf("before_days %d is not 1-60", d)
			}
		}
		p.BeforeDays = o.BeforeDays
	}
	if o.HorizonHours != nil {
		if *o.HorizonHours < 1 {
			return fmt.Errorf("horizon_hours %d is less than 1", *o.HorizonHours)
		}
		p.Horizon = time.Duration(*o.HorizonHours) * time.Hour
	}
	return p.applyClocks(o)
}

// applyNumbers sets the bounded whole numbers of an override.
func (p *Policy) applyNumbers(o override) error {
	for _, n := range []struct {
		v    *int
		name string
		hi   int
		hint string
		set  func(int)
	}{
		{o.AckAfterHours, "ack_after_hours", 24 * 30, " (0: no nudge)", func(v int) { p.AckAfter = time.Duration(v) * time.Hour }},
		{o.OverdueDays, "overdue_days", 30, "", func(v int) { p.OverdueDays = v }},
		{o.EscalateFrom, "escalate_from", 30, " (0: never)", func(v int) { p.EscalateFrom = v }},
		{o.ReachAfter, "reach_after_days", 60, " (0: never)", func(v int) { p.ReachAfterDays = v }},
		{o.ReachReminder, "reach_reminder_days", 60, " (0: never)", func(v int) { p.ReachReminderDays = v }},
	} {
		if n.v == nil {
			continue
		}
		if *n.v < 0 || *n.v > n.hi {
			return fmt.Errorf("%s %d is not 0-%d%s", n.name, *n.v, n.hi, n.hint)
		}
		n.set(*n.v)
	}
	return nil
}

// applyClocks sets the times of day of an override; none may fall in the
// quiet hours.
func (p *Policy) applyClocks(o override) error {
	for _, c := range []struct {
		s   string
		dst *Clock
	}{{o.At, &p.At}, {o.DigestAt, &p.DigestAt}, {o.QuietFrom, &p.QuietFrom}, {o.QuietTo, &p.QuietTo}} {
		if c.s == "" {
			continue
		}
		v, err := parseClock(c.s)
		if err != nil {
			return err
		}
		*c.dst = v
	}
	for name, c := range map[string]Clock{"at": p.At, "digest_at": p.DigestAt, "weekly_at": p.WeeklyAt} {
		if p.inQuietHours(c) {
			return fmt.Errorf("%s %s falls in the quiet hours %s-%s", name, c, p.QuietFrom, p.QuietTo)
		}
	}
	return nil
}

// inQuietHours reports whether the time of day c is in the quiet hours.
func (p Policy) inQuietHours(c Clock) bool {
	m, from, to := c.H*60+c.M, p.QuietFrom.H*60+p.QuietFrom.M, p.QuietTo.H*60+p.QuietTo.M
	switch {
	case from == to:
		return false
	case from < to:
		return m >= from && m < to
	}
	return m >= from || m < to
}
