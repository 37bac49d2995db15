package reminders

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"chidao"
	"chidao/storage"
)

// Sweeper decides the reminders that are due and records them.
type Sweeper struct {
	Store    *storage.Store
	Calendar *Calendar
	Policy   Policy
	Log      *slog.Logger
	// YouTube says that YouTube clips are measured from the YouTube Data
	// API (YOUTUBE_API_KEY is set) rather than asked of their officer.
	YouTube bool
}

// Result says what one sweep did.
type Result struct {
	Open     int // assignments looked at
	Due      int // slots that fell due since the last sweep
	Reminded int // new reminders queued (ledger entries to send)
	Reach    int // reach questions queued to officers
}

// Sweep records every reminder slot that fell due up to now and was not
// recorded before, with its messages, in one transaction. A reminder is
// recorded once whatever the number of sweeps and processes. Several
// slots of one assignment and audience falling due at once (chidao was
// down), or one older than the policy's horizon, are folded into one
// catch-up reminder. Slots during a snooze are recorded as skipped.
func (s *Sweeper) Sweep(ctx context.Context, now time.Time) (Result, error) {
	var res Result
	err := s.Store.InTx(ctx, func(tx *storage.Store) error {
		// One sweep at a time, each reading what the last one wrote.
		if err := tx.LockSweep(ctx); err != nil {
			return err
		}
		var err error
		res, err = s.sweep(ctx, tx, now)
		return err
	})
	return res, err
}

func (s *Sweeper) sweep(ctx context.Context, tx *storage.Store, now time.Time) (Result, error) {
	open, dues, err := tx.OpenAssignments(ctx, 0)
	if err != nil {
		return Result{}, err
	}
	res := Result{Open: len(open)}
	// In quiet hours and on days off nothing goes to the units: what falls
	// due waits (and is folded if it waits long) until the next allowed time.
	// Equal, not ==: a time.Time from the clock carries its zone and a
	// monotonic reading, so == against allowed's answer (in chidao.Zone) was
	// always false and the cron's sweeps thought every hour quiet.
	quiet := !s.Policy.allowed(s.Calendar, now).Equal(now)
	var entries []storage.LedgerEntry
	var through []int64
	policies := map[int64]Policy{}
	for _, a := range open {
		p, ok := policies[a.DirectiveID]
		if !ok {
			if p, err = s.Policy.Override(a.Policy); err != nil {
				s.Log.Error("Bad reminder policy; using the default", "directive_id", a.DirectiveID, "error", err)
				p = s.Policy
			}
			policies[a.DirectiveID] = p
		}
		if quiet {
			break
		}
		slots := p.Plan(s.Calendar, facts(a, dues))
		due := dueSlots(slots, a.RemindedThrough, now)
		if len(due) == 0 {
			continue
		}
		res.Due += len(due)
		through = append(through, a.ID)
		entries = append(entries, p.decide(a, due, now)...)
	}
	// A digest describes the state when it is read: one missed by more
	// than a few hours (chidao was down) is not worth sending late.
	for _, d := range s.Policy.Digests(s.Calendar, now.Add(-min(s.Policy.Horizon, digestLateness)), now) {
		entries = append(entries, storage.LedgerEntry{Kind: string(d.Kind), Audience: d.Kind.Audience(), Slot: d.At, State: "queued"})
	}
	n, err := tx.RecordReminders(ctx, entries, through, now)
	res.Reminded = n
	if err != nil {
		return res, err
	}
	res.Reach, err = s.sweepReach(ctx, tx, now, quiet)
	return res, err
}

func facts(a storage.OpenAssignment, dues map[int64][]time.Time) Facts {
	f := Facts{AssignmentID: a.ID, DirectiveID: a.DirectiveID, Unit: a.Unit, Delivered: a.Created,
		Acknowledged: a.Acknowledged, Dues: dues[a.DirectiveID]}
	if a.SnoozedUntil.After(a.RemindedThrough) {
		f.SnoozedUntil = a.SnoozedUntil
	}
	return f
}

// digestLateness is how late an Office digest may still go out.
const digestLateness = 3 * time.Hour

// dueSlots are the slots in (after, now].
func dueSlots(slots []Slot, after, now time.Time) []Slot {
	var out []Slot
	for _, sl := range slots {
		if sl.At.After(after) && !sl.At.After(now) {
			out = append(out, sl)
		}
	}
	return out
}

// decide turns an assignment's due slots into ledger entries. While the
// unit's snooze lasts, its own reminders are skipped (never the head's).
// Each audience and deadline gets one reminder; when several fell due at
// once for one audience and deadline (chidao was down), or one is older
// than the horizon, they become one catch-up per audience about everything
// still owed. The end of a snooze reminds only if nothing else does then.
func (p Policy) decide(a storage.OpenAssignment, due []Slot, now time.Time) []storage.LedgerEntry {
	entry := func(sl Slot, state, note string) storage.LedgerEntry {
		return storage.LedgerEntry{DirectiveID: a.DirectiveID, AssignmentID: a.ID, Kind: string(sl.Kind), Audience: sl.Kind.Audience(),
			Slot: sl.At, Due: sl.Due, State: state, Note: note}
	}
	type key struct {
		head bool
		due  time.Time
	}
	var out []storage.LedgerEntry
	var keys []key
	groups := map[key][]Slot{}
	var snooze *Slot
	for _, sl := range due {
		switch {
		case sl.Kind == KindSnooze:
			snooze = &sl
			continue
		case !sl.Head() && sl.At.Before(a.SnoozedUntil):
			out = append(out, entry(sl, "skipped", "snoozed until "+chidao.FormatRFC3339(a.SnoozedUntil)))
			continue
		}
		k := key{sl.Head(), sl.Due.UTC()}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], sl)
	}
	units := 0
	folded := map[bool][]Slot{}
	for _, k := range keys {
		slots := groups[k]
		if !k.head {
			units++
		}
		if last := slots[0]; len(slots) == 1 && !last.At.Before(now.Add(-p.Horizon)) {
			out = append(out, entry(last, "queued", ""))
			continue
		}
		folded[k.head] = append(folded[k.head], slots...)
	}
	out = append(out, catchUps(folded, entry)...)
	if snooze != nil {
		if units > 0 {
			out = append(out, entry(*snooze, "skipped", "another reminder goes out"))
		} else {
			out = append(out, entry(*snooze, "queued", ""))
		}
	}
	return out
}

// catchUps folds each audience's missed slots into one catch-up about
// everything still owed (no deadline), at the latest of them.
func catchUps(folded map[bool][]Slot, entry func(Slot, string, string) storage.LedgerEntry) []storage.LedgerEntry {
	var out []storage.LedgerEntry
	for _, head := range []bool{false, true} {
		slots := folded[head]
		if len(slots) == 0 {
			continue
		}
		last := slots[0]
		for _, sl := range slots {
			out = append(out, entry(sl, "skipped", "folded into a catch-up"))
			if sl.At.After(last.At) {
				last = sl
			}
		}
		kind := KindCatchUp
		if head {
			kind = KindEscalation + ":" + KindCatchUp
		}
		out = append(out, entry(Slot{Kind: kind, At: last.At}, "queued", fmt.Sprintf("%d missed", len(slots))))
	}
	return out
}

// PlannedReminder is a reminder that will go out if nothing changes.
type PlannedReminder struct {
	Unit string    `json:"unit"`
	Kind Kind      `json:"kind"`
	At   time.Time `json:"at"`
}

// Plan lists the reminders still to come for a directive, in time order,
// for the Office to check the schedule.
func (s *Sweeper) Plan(ctx context.Context, directiveID int64, now time.Time) ([]PlannedReminder, error) {
	open, dues, err := s.Store.OpenAssignments(ctx, directiveID)
	if err != nil {
		return nil, err
	}
	var out []PlannedReminder
	for _, a := range open {
		p, err := s.Policy.Override(a.Policy)
		if err != nil {
			p = s.Policy
		}
		for _, sl := range p.Plan(s.Calendar, facts(a, dues)) {
			if sl.At.After(now) && (sl.Head() || !sl.At.Before(a.SnoozedUntil)) {
				out = append(out, PlannedReminder{Unit: a.Unit, Kind: sl.Kind, At: sl.At.In(chidao.Zone)})
			}
		}
	}
	sortPlanned(out)
	return out, nil
}
