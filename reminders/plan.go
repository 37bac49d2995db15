package reminders

import (
	"fmt"
	"slices"
	"time"
)

// Facts are what planning needs of one open assignment.
type Facts struct {
	AssignmentID int64
	DirectiveID  int64
	Unit         string
	Delivered    time.Time // when the directive reached the unit
	Acknowledged bool
	Dues         []time.Time // the deadlines of the directive's tasks
	SnoozedUntil time.Time   // the unit put its reminders off until then
}

// Slot is one reminder an assignment is due at a time.
type Slot struct {
	Kind Kind
	At   time.Time
	Due  time.Time // the deadline it is about (zero for a nudge)
}

// Head reports whether the slot goes to the unit's heads.
func (s Slot) Head() bool { return s.Kind.Escalation() }

// Plan returns every reminder slot of an assignment, past and future, in
// time order. Deadline reminders go out at p.At on working days: one that
// would fall on a day off goes out the working day before; overdue ones on
// each of the p.OverdueDays working days after the deadline, escalated to
// the head from day p.EscalateFrom. Nothing is planned before delivery.
func (p Policy) Plan(cal *Calendar, f Facts) []Slot {
	var out []Slot
	if !f.Acknowledged && p.AckAfter > 0 {
		out = append(out, Slot{Kind: KindNudge, At: p.allowed(cal, f.Delivered.Add(p.AckAfter))})
	}
	dues := slices.Clone(f.Dues)
	slices.SortFunc(dues, func(a, b time.Time) int { return a.Compare(b) })
	dues = slices.CompactFunc(dues, func(a, b time.Time) bool { return a.Equal(b) })
	for _, d := range dues {
		out = append(out, p.deadline(cal, d, f.Delivered)...)
	}
	if !f.SnoozedUntil.IsZero() {
		out = append(out, Slot{Kind: KindSnooze, At: f.SnoozedUntil})
	}
	slices.SortStableFunc(out, func(a, b Slot) int { return a.At.Compare(b.At) })
	return dedupe(out)
}

// deadline plans the reminders of one deadline.
func (p Policy) deadline(cal *Calendar, due, delivered time.Time) []Slot {
	var out []Slot
	add := func(kind Kind, at time.Time) {
		if at.After(delivered) && at.Before(due) {
			out = append(out, Slot{Kind: kind, At: at, Due: due})
		}
	}
	for _, n := range p.BeforeDays {
		add(Kind(fmt.Sprintf("%s:%d", KindBefore, n)), p.workingOrBefore(cal, due.AddDate(0, 0, -n)))
	}
	add(KindDue, p.workingOrBefore(cal, due))
	first := At(due, p.At.H, p.At.M)
	if !first.After(due) || !cal.WorkingDay(due) {
		first = cal.NextWorkingDay(due, p.At.H, p.At.M)
	}
	for k := 1; k <= p.OverdueDays; k++ {
		at := first
		if k > 1 {
			at = cal.AddWorkingDays(first, k-1, p.At.H, p.At.M)
		}
		if at.Before(delivered) {
			continue
		}
		out = append(out, Slot{Kind: Kind(fmt.Sprintf("%s:%d", KindOverdue, k)), At: at, Due: due})
		if p.EscalateFrom > 0 && k >= p.EscalateFrom {
			out = append(out, Slot{Kind: Kind(fmt.Sprintf("%s:%d", KindEscalation, k)), At: at, Due: due})
		}
	}
	return out
}

// workingOrBefore is p.At on day's date, or on the working day before.
func (p Policy) workingOrBefore(cal *Calendar, day time.Time) time.Time {
	if cal.WorkingDay(day) {
		return At(day, p.At.H, p.At.M)
	}
	return cal.PrevWorkingDay(day, p.At.H, p.At.M)
}

// allowed moves t out of quiet hours and days off.
func (p Policy) allowed(cal *Calendar, t time.Time) time.Time {
	return cal.Allowed(t, p.QuietFrom.H, p.QuietFrom.M, p.QuietTo.H, p.QuietTo.M)
}

// dedupe keeps one slot per instant and audience (the ledger is unique per
// kind and slot): when two reminders fall at once (a Monday deadline's "1
// day before" moved to Friday, or two tasks due the same day), the more
// urgent kind is kept; reminders of different deadlines merge into one
// about everything owed (no deadline of its own).
func dedupe(slots []Slot) []Slot {
	var out []Slot
	for _, s := range slots {

		i := slices.IndexFunc(out, func(o Slot) bool { return o.At.Equal(s.At) && o.Head() == s.Head() })
		if i < 0 {
			out = append(out, s)
			continue
		}
		merged := out[i]
		switch {
		case s.Kind == KindSnooze: // another reminder goes out then anyway
			continue
		case merged.Kind == KindSnooze:
			out[i] = s
			continue
		}
		if urgency(s.Kind) >= urgency(merged.Kind) {
			merged.Kind = s.Kind
		}
		if !merged.Due.Equal(s.Due) {
			merged.Due = time.Time{}
		}
		out[i] = merged
	}
	return out
}

func urgency(kind Kind) int {
	switch {
	case kind == KindNudge:
		return 0
	case kind == KindBefore+":3":
		return 1
	case len(kind) > 7 && kind[:7] == KindBefore+":":
		return 2
	case kind == KindDue:
		return 3
	}
	return 4
}

// Digests returns the Office's digest slots between from and to: each
// working day at p.DigestAt, and each week's first working day from
// p.WeeklyDay at p.WeeklyAt.
func (p Policy) Digests(cal *Calendar, from, to time.Time) []Slot {
	var out []Slot
	for day := At(from, 0, 0); !day.After(to); day = At(day.AddDate(0, 0, 1), 0, 0) {
		if !cal.WorkingDay(day) {
			continue
		}
		if at := At(day, p.DigestAt.H, p.DigestAt.M); !at.Before(from) && !at.After(to) {
			out = append(out, Slot{Kind: KindDigest, At: at})
		}
		if p.weeklyDay(cal, day) {
			if at := At(day, p.WeeklyAt.H, p.WeeklyAt.M); !at.Before(from) && !at.After(to) {
				out = append(out, Slot{Kind: KindWeekly, At: at})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Slot) int { return a.At.Compare(b.At) })
	return out
}

// weeklyDay reports whether day is the first working day of its week on or
// after p.WeeklyDay.
func (p Policy) weeklyDay(cal *Calendar, day time.Time) bool {
	wd := At(day, 12, 0).Weekday()
	if wd < p.WeeklyDay {
		return false
	}
	for d := At(day, 12, 0).AddDate(0, 0, -1); d.Weekday() >= p.WeeklyDay && d.Weekday() < wd; d = d.AddDate(0, 0, -1) {
		if cal.WorkingDay(d) {
			return false
		}
	}
	return true
}
