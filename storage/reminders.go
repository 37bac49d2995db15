package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// OpenAssignment is what a reminder sweep reads of one assignment that is
// not done, of an active directive whose reminders are not paused.
type OpenAssignment struct {
	ID              int64
	DirectiveID     int64
	Unit            string
	Created         time.Time
	Acknowledged    bool
	RemindedThrough time.Time // the sweeps have looked up to here
	SnoozedUntil    time.Time // zero when not snoozed
	Policy          []byte    // the directive's policy override (JSON), if any
}

// OpenAssignments reads every assignment reminders may concern (of one
// directive, or of all with directiveID zero), and the distinct task
// deadlines of their directives.
func (s *Store) OpenAssignments(ctx context.Context, directiveID int64) ([]OpenAssignment, map[int64][]time.Time, error) {
	const q = `SELECT a.id, a.directive_id, u.code, a.created_at, a.acknowledged_at IS NOT NULL,
			coalesce(a.reminded_through, a.created_at), coalesce(a.snoozed_until, 'epoch'), coalesce(d.reminder_policy::text, '')
		FROM assignments a JOIN directives d ON d.id = a.directive_id JOIN units u ON u.id = a.unit_id
		WHERE a.done_at IS NULL AND d.status = 'active' AND NOT d.reminders_paused AND ($1 = 0 OR d.id = $1)`
	rows, _ := s.db.Query(ctx, q, directiveID)
	var out []OpenAssignment
	var a OpenAssignment
	var policy string
	_, err := pgx.ForEachRow(rows, []any{&a.ID, &a.DirectiveID, &a.Unit, &a.Created, &a.Acknowledged, &a.RemindedThrough,
		&a.SnoozedUntil, &policy}, func() error {
		if a.SnoozedUntil.Unix() == 0 {
			a.SnoozedUntil = time.Time{}
		}
		a.Policy = nil
		if policy != "" {
			a.Policy = []byte(policy)
		}
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, nil, translate(err, "open assignments")
	}
	const dq = `SELECT t.directive_id, coalesce(t.due_at, d.due_at) FROM tasks t JOIN directives d ON d.id = t.directive_id
		WHERE d.status = 'active' GROUP BY 1, 2`
	rows, _ = s.db.Query(ctx, dq)
	dues := map[int64][]time.Time{}
	var id int64
	var due time.Time
	_, err = pgx.ForEachRow(rows, []any{&id, &due}, func() error { dues[id] = append(dues[id], due); return nil })
	return out, dues, translate(err, "deadlines")
}

// sweepLockKey is the advisory lock that serialises reminder sweeps: a
// sweep decides from what it reads, so two must not read the same state.
const sweepLockKey = 73012

// LockSweep waits for the sweep lock, held until the transaction ends.
// Call it inside InTx before reading.
func (s *Store) LockSweep(ctx context.Context) error {
	_, err := s.db.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, sweepLockKey)
	return translate(err, "lock the sweep")
}

// Audience is who receives a reminder (package reminders says it for each
// kind; storage lists the people).
type Audience string

// The audiences of reminders.
const (
	// AudienceUnit is the unit's active officers, or its heads when it has
	// no officer.
	AudienceUnit Audience = "unit"
	// AudienceHeads is the unit's heads when it has officers (a unit of
	// heads only already hears the unit's reminders), or the Office admins
	// when it has no head.
	AudienceHeads Audience = "heads"
	// AudienceOffice is the Office admins.
	AudienceOffice Audience = "office"
)

// LedgerEntry is one reminder decided by a sweep.
type LedgerEntry struct {
	DirectiveID  int64
	AssignmentID int64 // zero for the Office's digests
	Kind         string
	Audience     Audience
	Slot         time.Time
	Due          time.Time
	State        string // queued (to send) or skipped (folded, snoozed)
	Note         string
}

// RecordReminders writes the ledger entries and, for each queued one that
// is new, a message to its recipients (the unit's officers, or its heads
// when it has no officer; the heads for escalations; the Office admins for
// digests), and moves the assignments' reminded_through to now, all in one
// transaction. Entries already in the ledger are left alone, so two
// sweeps never send one reminder twice. It returns how many were new.
func (s *Store) RecordReminders(ctx context.Context, entries []LedgerEntry, through []int64, now time.Time) (int, error) {
	var n int
	err := s.InTx(ctx, func(tx *Store) error {
		var err error
		if n, err = tx.record(ctx, entries, now); err != nil {
			return err
		}
		const q = `UPDATE assignments SET reminded_through = greatest(coalesce(reminded_through, created_at), $2) WHERE id = ANY($1)`
		_, err = tx.db.Exec(ctx, q, through, now)
		return translate(err, "move reminded_through")
	})
	return n, err
}

func (s *Store) record(ctx context.Context, entries []LedgerEntry, now time.Time) (int, error) {
	if len(entries) == 0 {
		return 0, nil
	}
	k := len(entries)
	dirs, asgs, kinds, slots, dues, states, notes := make([]int64, k), make([]int64, k), make([]string, k),
		make([]time.Time, k), make([]*time.Time, k), make([]string, k), make([]string, k)
	for i, e := range entries {
		dirs[i], asgs[i], kinds[i], slots[i], states[i], notes[i] = e.DirectiveID, e.AssignmentID, e.Kind, e.Slot, e.State, e.Note
		if !e.Due.IsZero() {
			dues[i] = &entries[i].Due
		}
	}
	const q = `INSERT INTO reminders (directive_id, assignment_id, kind, slot, state, note, due, created_at)
		SELECT nullif(d, 0), nullif(a, 0), k, s, st, nullif(n, ''), du, $8
		FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::timestamptz[])
			AS x(d, a, k, s, st, n, du)
		ON CONFLICT DO NOTHING RETURNING id, kind`
	audience := map[string]Audience{}
	for _, e := range entries {
		if e.Audience == "" && e.State == "queued" {
			return 0, fmt.Errorf("storage: record reminders: %s has no audience", e.Kind)
		}
		if e.Audience != "" {
			audience[e.Kind] = e.Audience
		}
	}
	rows, _ := s.db.Query(ctx, q, dirs, asgs, kinds, slots, states, notes, dues, now)
	var ids []int64
	var audiences []string
	var id int64
	var kind string
	_, err := pgx.ForEachRow(rows, []any{&id, &kind}, func() error {
		ids, audiences = append(ids, id), append(audiences, string(audience[kind]))
		return nil
	})
	if err != nil {
		return 0, translate(err, "record reminders")
	}
	return s.fanOut(ctx, ids, audiences, now)
}

// fanOut queues each new queued reminder to the people of its audience
// (ids[i]'s is audiences[i]). A reminder nobody can hear is recorded as
// skipped. It returns how many reminders were queued.
func (s *Store) fanOut(ctx context.Context, ids []int64, audiences []string, now time.Time) (int, error) {
	const q = `INSERT INTO deliveries (dedupe_key, person_id, kind, directive_id, payload, created_at, next_attempt_at)
		SELECT 'reminder:' || x.id || ':to:' || x.person, x.person, 'reminder', x.directive_id, jsonb_build_object('reminder', x.id), $3, $3
		FROM (
			SELECT r.id, r.directive_id, p.id AS person
			FROM unnest($1::bigint[], $2::text[]) AS q(id, audience) JOIN reminders r ON r.id = q.id
			JOIN assignments a ON a.id = r.assignment_id
			CROSS JOIN LATERAL (SELECT
				EXISTS (SELECT 1 FROM people o WHERE o.unit_id = a.unit_id AND o.active AND o.role = 'officer') AS officers) u
			JOIN people p ON p.active AND p.unit_id = a.unit_id
			WHERE r.state = 'queued' AND CASE q.audience
				WHEN 'unit' THEN p.role = CASE WHEN u.officers THEN 'officer' ELSE 'head' END
				WHEN 'heads' THEN u.officers AND p.role = 'head' END
			UNION ALL
			SELECT r.id, r.directive_id, p.id
			FROM unnest($1::bigint[], $2::text[]) AS q(id, audience) JOIN reminders r ON r.id = q.id
			JOIN assignments a ON a.id = r.assignment_id JOIN people p ON p.active AND p.role = 'admin'
			WHERE r.state = 'queued' AND q.audience = 'heads'
				AND NOT EXISTS (SELECT 1 FROM people h WHERE h.unit_id = a.unit_id AND h.active AND h.role = 'head')
			UNION ALL
			SELECT r.id, r.directive_id, p.id
			FROM unnest($1::bigint[], $2::text[]) AS q(id, audience) JOIN reminders r ON r.id = q.id
			JOIN people p ON p.active AND p.role = 'admin'
			WHERE r.state = 'queued' AND q.audience = 'office'
		) x
		RETURNING (payload->>'reminder')::bigint`
	rows, _ := s.db.Query(ctx, q, ids, audiences, now)
	heard, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, translate(err, "queue reminders")
	}
	const unheard = `UPDATE reminders SET state = 'skipped', note = 'no one to tell'
		WHERE id = ANY($1) AND state = 'queued' AND NOT (id = ANY($2))`
	if _, err := s.db.Exec(ctx, unheard, ids, heard); err != nil {
		return 0, translate(err, "skip unheard reminders")
	}
	const queued = `SELECT count(*) FROM reminders WHERE id = ANY($1) AND state = 'queued'`
	var n int
	err = s.db.QueryRow(ctx, queued, ids).Scan(&n)
	return n, translate(err, "count reminders")
}

// Reminder is a ledger entry as the message writer reads it.
type Reminder struct {
	ID           int64
	DirectiveID  int64
	AssignmentID int64
	UnitCode     string
	Kind         string
	Slot         time.Time
	Due          time.Time
	State        string
}

// ReminderByID returns one ledger entry.
func (s *Store) ReminderByID(ctx context.Context, id int64) (Reminder, error) {
	const q = `SELECT r.id, coalesce(r.directive_id, 0), coalesce(r.assignment_id, 0), coalesce(u.code, ''), r.kind, r.slot,
			coalesce(r.due, 'epoch'), r.state
		FROM reminders r LEFT JOIN assignments a ON a.id = r.assignment_id LEFT JOIN units u ON u.id = a.unit_id WHERE r.id = $1`
	var r Reminder
	err := s.db.QueryRow(ctx, q, id).Scan(&r.ID, &r.DirectiveID, &r.AssignmentID, &r.UnitCode, &r.Kind, &r.Slot, &r.Due, &r.State)
	if r.Due.Unix() == 0 {
		r.Due = time.Time{}
	}
	return r, translate(err, fmt.Sprintf("reminder %d", id))
}

// SetReminderState records that a reminder was sent, or skipped and why.
// Only a queued reminder can be skipped: one already sent to somebody
// stays sent.
func (s *Store) SetReminderState(ctx context.Context, id int64, state, note string) error {
	const q = `UPDATE reminders SET state = $2, note = coalesce(nullif($3, ''), note)
		WHERE id = $1 AND (state = 'queued' OR $2 = 'sent')`
	_, err := s.db.Exec(ctx, q, id, state, note)
	return translate(err, "update reminder")
}

// ErrTooSoon is returned for a reminder asked for again within the hour.
var ErrTooSoon = errors.New("a reminder was sent for this directive less than an hour ago")

// RemindNow queues, for every unit of an active directive that is not
// done, a reminder now, at most once an hour per directive. It returns how
// many units it reminded out of those not done (the others have nobody
// registered), and when the last manual reminder went with ErrTooSoon.
func (s *Store) RemindNow(ctx context.Context, actor chidao.Actor, directiveID int64) (reminded, notDone int, last time.Time, err error) {
	var n int
	now := s.Now()
	err = s.InTx(ctx, func(tx *Store) error {
		d, err := directiveByID(ctx, tx.db, directiveID)
		if err != nil {
			return err
		}
		if d.State != chidao.DirectiveActive {
			return fmt.Errorf("directive %d: %w", directiveID, chidao.ErrClosed)
		}
		if _, err := tx.db.Exec(ctx, `SELECT 1 FROM directives WHERE id = $1 FOR UPDATE`, directiveID); err != nil {
			return translate(err, "lock directive")
		}
		var prev *time.Time
		err = tx.db.QueryRow(ctx, `SELECT max(slot) FROM reminders WHERE kind = 'manual' AND directive_id = $1 AND slot > $2`,
			directiveID, now.Add(-time.Hour)).Scan(&prev)
		if err != nil {
			return translate(err, "last reminder")
		}
		if prev != nil {
			last = *prev
			return ErrTooSoon
		}
		rows, _ := tx.db.Query(ctx, `SELECT id FROM assignments WHERE directive_id = $1 AND done_at IS NULL`, directiveID)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return translate(err, "open assignments")
		}
		notDone = len(ids)
		var entries []LedgerEntry
		for _, a := range ids {
			entries = append(entries, LedgerEntry{DirectiveID: directiveID, AssignmentID: a, Kind: "manual", Audience: AudienceUnit,
				Slot: now, State: "queued"})
		}
		if n, err = tx.record(ctx, entries, now); err != nil {
			return err
		}
		return audit(ctx, tx.db, now, actor, "directive.remind", "directive", directiveID, nil, map[string]any{"units": n})
	})
	return n, notDone, last, err
}

// Snooze puts off the reminders of the person's unit for a directive until
// until. The deadline does not move; the Office sees the snooze.
func (s *Store) Snooze(ctx context.Context, personID, directiveID int64, until time.Time) error {
	now := s.Now()
	return s.InTx(ctx, func(tx *Store) error {
		aid, _, err := assignmentFor(ctx, tx.db, personID, directiveID)
		if err != nil {
			return err
		}
		const q = `UPDATE assignments SET snoozed_until = greatest(coalesce(snoozed_until, $2), $2) WHERE id = $1`
		if _, err := tx.db.Exec(ctx, q, aid, until); err != nil {
			return translate(err, "snooze")
		}
		return audit(ctx, tx.db, now, personActor(personID), "assignment.snooze", "assignment", aid, nil, map[string]any{"until": until})
	})
}

// SetRemindersPaused pauses or resumes a directive's reminders. Resuming
// does not send what was due during the pause. A closed directive has no
// reminders: chidao.ErrClosed.
func (s *Store) SetRemindersPaused(ctx context.Context, actor chidao.Actor, directiveID int64, paused bool) error {
	now := s.Now()
	return s.InTx(ctx, func(tx *Store) error {
		d, err := directiveByID(ctx, tx.db, directiveID)
		if err != nil {
			return err
		}
		tag, err := tx.db.Exec(ctx, `UPDATE directives SET reminders_paused = $2 WHERE id = $1 AND status <> 'closed'`, directiveID, paused)
		if err != nil {
			return translate(err, "pause reminders")
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("directive %d: %w", directiveID, chidao.ErrClosed)
		}
		if !paused {
			if _, err := tx.db.Exec(ctx, `UPDATE assignments SET reminded_through = $2 WHERE directive_id = $1`, directiveID, now); err != nil {
				return translate(err, "resume reminders")
			}
		}
		return audit(ctx, tx.db, now, actor, "directive.reminders", "directive", directiveID,
			map[string]any{"paused": d.RemindersPaused}, map[string]any{"paused": paused})
	})
}
