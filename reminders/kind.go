package reminders

import (
	"strings"
	"time"

	"chidao/storage"
)

// Kind is the kind of a reminder, as the ledger records it. Deadline kinds
// carry a number after a colon ("before:3", "overdue:2"); escalations name
// what they escalate ("escalation:2", "escalation:catchup").
type Kind string

// The kinds of reminders.
const (
	KindNudge      Kind = "nudge"      // not acknowledged a day after delivery
	KindBefore     Kind = "before"     // "before:3": days before a deadline
	KindDue        Kind = "due"        // the deadline's day
	KindOverdue    Kind = "overdue"    // "overdue:1".."overdue:5"
	KindEscalation Kind = "escalation" // "escalation:2"..: to the unit's head
	KindCatchUp    Kind = "catchup"    // several missed slots, folded
	KindManual     Kind = "manual"     // the Office asked for a reminder now
	KindDigest     Kind = "digest"     // the Office's end-of-day digest
	KindWeekly     Kind = "weekly"     // the Office's Monday summary
	KindSnooze     Kind = "snooze"     // the end of a snooze: remind again
)

// Family is the kind without its number: "overdue" for "overdue:2".
func (k Kind) Family() Kind {
	f, _, _ := strings.Cut(string(k), ":")
	return Kind(f)
}

// Escalation reports whether the reminder goes over the officers' heads.
func (k Kind) Escalation() bool { return k.Family() == KindEscalation }

// Audience is who receives a reminder of this kind: the Office for its
// digests, the unit's heads for escalations (the Office when the unit has
// no head), the unit's officers otherwise (its heads when it has none).
func (k Kind) Audience() storage.Audience {
	switch {
	case k == KindDigest || k == KindWeekly:
		return storage.AudienceOffice
	case k.Escalation():
		return storage.AudienceHeads
	}
	return storage.AudienceUnit
}

// Owing is what the "still owed?" rule reads of a unit's assignment when a
// reminder is about to be written.
type Owing struct {
	Active       bool      // the directive is still open
	Paused       bool      // the Office paused its reminders
	Done         bool      // the unit completed every task
	Acknowledged bool      // the unit acknowledged the directive
	DeadlineDone bool      // every task of the reminder's deadline is complete
	SnoozedUntil time.Time // the unit put its reminders off until then
}

// StillOwed decides, at send time, whether a reminder of kind k still has
// something to say to the unit, and if not, why (for the ledger). A
// manual reminder goes through a pause and a snooze (the Office asked for
// it now); an escalation goes through a snooze (the head directs).
func (k Kind) StillOwed(o Owing, now time.Time) (bool, string) {
	switch {
	case !o.Active:
		return false, "directive closed"
	case o.Paused && k != KindManual:
		return false, "reminders paused"
	case o.Done:
		return false, "unit done"
	case k == KindNudge && o.Acknowledged:
		return false, "acknowledged"
	case o.DeadlineDone:
		return false, "tasks of that deadline done"
	case o.SnoozedUntil.After(now) && !k.Escalation() && k != KindManual:
		return false, "snoozed"
	}
	return true, ""
}
