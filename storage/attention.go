package storage

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"chidao"
)

// AckGrace is how long a unit may leave a directive unacknowledged before
// the Office should look at it: a day, like the reminders' first nudge.
const AckGrace = 24 * time.Hour

// Owed is what a unit still has to send for its incomplete tasks, counted
// as the status rules count: a clip counts toward every task, so the clips
// owed are those of the most demanding incomplete task.
type Owed struct {
	Ack     bool // the directive is not acknowledged
	Clips   int  // approved clips still missing
	ClipsOf int  // the number the most demanding incomplete task asks for
	Report  bool // a written report is still missing
}

// None reports whether nothing is owed.
func (o Owed) None() bool { return !o.Ack && o.Clips == 0 && !o.Report }

// Owed says what the unit still owes for the directive.
func (r DirectiveReport) Owed(u UnitReport) Owed {
	var o Owed
	need := 0
	for i, t := range r.Tasks {
		if i >= len(u.TaskStatuses) || u.TaskStatuses[i].Done() {
			continue
		}
		need = max(need, t.MinClips)
		o.Report = o.Report || (t.Report && len(u.Reports) == 0)
	}
	if need > u.ClipsApproved {
		o.Clips, o.ClipsOf = need-u.ClipsApproved, need
	}
	o.Ack = u.AcknowledgedAt.IsZero() && !u.Status.Done()
	return o
}

// NextDue is the earliest deadline of the unit's incomplete tasks; zero
// when the unit is done.
func (r DirectiveReport) NextDue(u UnitReport) time.Time {
	var due time.Time
	for i, t := range r.Tasks {
		if i < len(u.TaskStatuses) && !u.TaskStatuses[i].Done() && (due.IsZero() || t.DueAt.Before(due)) {
			due = t.DueAt
		}
	}
	if due.IsZero() && !u.Status.Done() {
		due = r.Directive.DueAt
	}
	return due
}

// Attention says why a unit needs the Office's attention; the zero value
// means it does not.
type Attention struct {
	Overdue bool
	// Silent: not acknowledged AckGrace after the directive reached it.
	Silent bool
	// Pending clips wait for a decision (the head's, or the Office's when
	// the unit has no head).
	Pending int
}

// Any reports whether there is anything to look at.
func (a Attention) Any() bool { return a.Overdue || a.Silent || a.Pending > 0 }

// AttentionOf says why the unit needs the Office's attention at r.At.
func (r DirectiveReport) AttentionOf(u UnitReport) Attention {
	if u.Status.Done() {
		return Attention{}
	}
	return Attention{
		Overdue: u.Status == chidao.StatusOverdue,
		Silent:  u.AcknowledgedAt.IsZero() && !u.AssignedAt.IsZero() && r.At.Sub(u.AssignedAt) >= AckGrace,
		Pending: u.ClipsPending,
	}
}

// NeedingAttention lists the units that need the Office's attention, the
// most urgent first.
func (r DirectiveReport) NeedingAttention() []UnitReport {
	var out []UnitReport
	for _, u := range r.Units {
		if r.AttentionOf(u).Any() {
			out = append(out, u)
		}
	}
	r.SortByUrgency(out)
	return out
}

// urgency ranks a unit: overdue first (silent ones before the others),
// then silent, then waiting for a decision, then the rest by status (done
// last).
func (r DirectiveReport) urgency(u UnitReport) int {
	a := r.AttentionOf(u)
	switch {
	case a.Overdue && a.Silent:
		return 0
	case a.Overdue:
		return 1
	case a.Silent:
		return 2
	case a.Pending > 0:
		return 3
	}
	switch u.Status {
	case chidao.StatusNotAcknowledged:
		return 4
	case chidao.StatusInProgress:
		return 5
	case chidao.StatusDoneLate:
		return 6
	}
	return 7
}

// SortByUrgency orders units in place: by urgency, then the nearest
// deadline (the longest overdue first), then name.
func (r DirectiveReport) SortByUrgency(units []UnitReport) {
	type key struct {
		rank int
		due  time.Time
		name string
	}
	keys := make(map[string]key, len(units))
	for _, u := range units {
		keys[u.Code] = key{r.urgency(u), r.NextDue(u), SortName(u.Name)}
	}
	slices.SortStableFunc(units, func(a, b UnitReport) int {
		ka, kb := keys[a.Code], keys[b.Code]
		if c := cmp.Compare(ka.rank, kb.rank); c != 0 {
			return c
		}
		if c := compareDue(ka.due, kb.due); c != 0 {
			return c
		}
		return cmp.Compare(ka.name, kb.name)
	})
}

var unaccent = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// SortName is a name as Vietnamese readers sort it, near enough: without
// case and accents first, so "Thạnh" comes before "Thoại" (byte order
// puts every accented letter after z).
func SortName(name string) string {
	s, _, err := transform.String(unaccent, strings.ToLower(name))
	if err != nil {
		s = strings.ToLower(name)
	}
	return strings.ReplaceAll(s, "đ", "d") + "\x00" + name
}

// compareDue orders deadlines, a missing one (done) last.
func compareDue(a, b time.Time) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Compare(b)
}
