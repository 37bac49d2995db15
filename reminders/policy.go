// Package reminders chases deadlines so the Office does not have to. A
// cron ticker runs a sweep; PostgreSQL is the source of truth: each sweep
// derives the reminders due from assignment state (Plan), records each in
// the reminder ledger (unique per assignment, kind and slot) in the
// transaction that queues its messages, and the messages are written at
// send time, when a reminder whose work is meanwhile done is dropped.
package reminders

import (
	"encoding/json"
	"fmt"
	"time"
)

// Clock is an hour and minute of the day in Vietnam.
type Clock struct{ H, M int }

func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", c.H, c.M) }

// Policy says when reminders go out. The zero value of a field in a
// directive's override keeps the global value.
type Policy struct {
	AckAfter     time.Duration `json:"ack_after,omitempty"`     // nudge when not acknowledged this long after delivery (24 h)
	BeforeDays   []int         `json:"before_days,omitempty"`   // days before each deadline (3, 1)
	At           Clock         `json:"at,omitzero"`             // time of the day of deadline reminders (08:00)
	OverdueDays  int           `json:"overdue_days,omitempty"`  // working days of overdue reminders (5)
	EscalateFrom int           `json:"escalate_from,omitempty"` // overdue working day from which the head is told (2)
	DigestAt     Clock         `json:"digest_at,omitzero"`      // Office digest on working days (16:30)
	WeeklyDay    time.Weekday  `json:"weekly_day,omitempty"`    // weekly summary (Monday)
	WeeklyAt     Clock         `json:"weekly_at,omitzero"`      // (08:00)
	QuietFrom    Clock         `json:"quiet_from,omitzero"`     // quiet hours start (21:00)
	QuietTo      Clock         `json:"quiet_to,omitzero"`       // and end (07:00)
	Horizon      time.Duration `json:"horizon,omitempty"`       // older missed slots fold into one catch-up (24 h)
}

// DefaultPolicy is the policy of the issue that introduced reminders.
func DefaultPolicy() Policy {
	return Policy{
		AckAfter: 24 * time.Hour, BeforeDays: []int{3, 1}, At: Clock{8, 0},
		OverdueDays: 5, EscalateFrom: 2, DigestAt: Clock{16, 30},
		WeeklyDay: time.Monday, WeeklyAt: Clock{8, 0},
		QuietFrom: Clock{21, 0}, QuietTo: Clock{7, 0}, Horizon: 24 * time.Hour,
	}
}

// Override returns p with the fields set in a directive's JSON override
// (directives.reminder_policy) replaced. Unknown fields are an error.
func (p Policy) Override(raw []byte) (Policy, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return p, nil
	}
	var o Policy
	dec := json.NewDecoder(bytesReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		return p, fmt.Errorf("reminder policy: %w", err)
	}
	if o.AckAfter != 0 {
		p.AckAfter = o.AckAfter
	}
	if o.BeforeDays != nil {
		p.BeforeDays = o.BeforeDays
	}
	if o.At != (Clock{}) {
		p.At = o.At
	}
	if o.OverdueDays != 0 {
		p.OverdueDays = o.OverdueDays
	}
	if o.EscalateFrom != 0 {
		p.EscalateFrom = o.EscalateFrom
	}
	return p, nil
}
