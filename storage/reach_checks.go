package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// ReachCandidate is an approved clip whose reach may still be asked for
// or fetched, as the reminder sweep reads it.
type ReachCandidate struct {
	ClipID     int64
	PersonID   int64
	Platform   string
	URL        string
	ApprovedAt time.Time
	Known      bool              // figures were recorded for it
	Checks     map[string]string // "kind:slot" → state, of the ledger rows it has
	AskedAt    time.Time         // when the question went out (zero: not yet)
}

// ReachCandidates reads the clips approved since since whose submitter is
// active, with their ledger rows.
func (s *Store) ReachCandidates(ctx context.Context, since time.Time) ([]ReachCandidate, error) {
	const q = `SELECT s.id, s.person_id, coalesce(s.platform, ''), s.url, s.reviewed_at,
			EXISTS (SELECT 1 FROM clip_reach r WHERE r.submission_id = s.id),
			coalesce((SELECT array_agg(c.kind || ':' || c.slot || '=' || c.state) FROM reach_checks c WHERE c.submission_id = s.id), '{}'),
			coalesce((SELECT min(c.created_at) FROM reach_checks c WHERE c.submission_id = s.id AND c.kind = 'ask' AND c.slot = 'ask' AND c.state = 'sent'), 'epoch')
		FROM submissions s JOIN people p ON p.id = s.person_id AND p.active
		WHERE s.kind = 'clip' AND s.review = 'approved' AND s.reviewed_at > $1
		ORDER BY s.reviewed_at, s.id`
	rows, _ := s.db.Query(ctx, q, since)
	var out []ReachCandidate
	var c ReachCandidate
	var checks []string
	_, err := pgx.ForEachRow(rows, []any{&c.ClipID, &c.PersonID, &c.Platform, &c.URL, &c.ApprovedAt, &c.Known, &checks, &c.AskedAt}, func() error {
		c.Checks = map[string]string{}
		for _, ch := range checks {
			k, st, _ := strings.Cut(ch, "=")
			c.Checks[k] = st
		}
		if c.AskedAt.Unix() == 0 {
			c.AskedAt = time.Time{}
		}
		out = append(out, c)
		return nil
	})
	return out, translate(err, "reach candidates")
}

// ReachEntry is one reach question or fetch decided by a sweep.
type ReachEntry struct {
	ClipID int64
	Kind   string // ask or youtube
	Slot   string // ask, reminder; d1, d7, d30
	Due    time.Time
	State  string // queued, or skipped (and why in Note)
	Note   string
}

// RecordReachChecks writes the ledger rows that are new and, for each new
// queued question, a message to the officer who sent the clip, rendered
// when it is sent (delivery kind "reach"); a reply to it means figures for
// that clip. Rows already there are left alone, so two sweeps never ask
// twice. It returns how many questions it queued.
func (s *Store) RecordReachChecks(ctx context.Context, entries []ReachEntry, now time.Time) (int, error) {
	if len(entries) == 0 {
		return 0, nil
	}
	k := len(entries)
	clips, kinds, slots, dues, states, notes := make([]int64, k), make([]string, k), make([]string, k), make([]time.Time, k),
		make([]string, k), make([]string, k)
	for i, e := range entries {
		clips[i], kinds[i], slots[i], dues[i], states[i], notes[i] = e.ClipID, e.Kind, e.Slot, e.Due, e.State, e.Note
	}
	var n int
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		const q = `WITH new AS (
				INSERT INTO reach_checks (submission_id, kind, slot, due_at, state, note, created_at, next_attempt_at)
				SELECT c, k, sl, du, st, nullif(n, ''), $7, du
				FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[]) AS x(c, k, sl, du, st, n)
				ON CONFLICT DO NOTHING RETURNING id, submission_id, kind, state)
			INSERT INTO deliveries (dedupe_key, person_id, kind, payload, created_at, next_attempt_at, directive_id)
			SELECT 'reach:' || new.id || ':to:' || s.person_id, s.person_id, 'reach',
				jsonb_build_object('reach', new.id, 'context', jsonb_build_object('await', 'reach', 'submission', s.id)), $7, $7, a.directive_id
			FROM new JOIN submissions s ON s.id = new.submission_id JOIN assignments a ON a.id = s.assignment_id
			WHERE new.kind = 'ask' AND new.state = 'queued'`
		tag, err := tx.Exec(ctx, q, clips, kinds, slots, dues, states, notes, now)
		n = int(tag.RowsAffected())
		return translate(err, "record reach checks")
	})
	return n, err
}

// ReachCheck is one ledger row.
type ReachCheck struct {
	ID     int64
	ClipID int64
	Kind   string
	Slot   string
	State  string
}

// ReachCheckByID returns one ledger row.
func (s *Store) ReachCheckByID(ctx context.Context, id int64) (ReachCheck, error) {
	const q = `SELECT id, submission_id, kind, slot, state FROM reach_checks WHERE id = $1`
	var c ReachCheck
	err := s.db.QueryRow(ctx, q, id).Scan(&c.ID, &c.ClipID, &c.Kind, &c.Slot, &c.State)
	return c, translate(err, fmt.Sprintf("reach check %d", id))
}

// SetReachCheckState records what became of a question (sent, or skipped
// and why); one already answered stays done.
func (s *Store) SetReachCheckState(ctx context.Context, id int64, state, note string) error {
	const q = `UPDATE reach_checks SET state = $2, note = coalesce(nullif($3, ''), note),
			done_at = CASE WHEN $2 IN ('done', 'skipped', 'failed') THEN $4::timestamptz ELSE done_at END
		WHERE id = $1 AND state NOT IN ('done', 'skipped')`
	_, err := s.db.Exec(ctx, q, id, state, note, s.Now())
	return translate(err, "update reach check")
}

// OpenReachAsks returns the clips whose reach question went to the person
// (and its reminder, if any) within the last two weeks without an answer,
// oldest first.
func (s *Store) OpenReachAsks(ctx context.Context, personID int64) ([]Clip, error) {
	const q = `SELECT DISTINCT c.submission_id, min(c.created_at) FROM reach_checks c JOIN submissions s ON s.id = c.submission_id
		WHERE s.person_id = $1 AND c.kind = 'ask' AND c.state = 'sent' AND c.created_at > $2
		GROUP BY c.submission_id ORDER BY 2, 1`
	rows, _ := s.db.Query(ctx, q, personID, s.Now().AddDate(0, 0, -14))
	var ids []int64
	var id int64
	var at time.Time
	if _, err := pgx.ForEachRow(rows, []any{&id, &at}, func() error { ids = append(ids, id); return nil }); err != nil {
		return nil, translate(err, "open reach questions")
	}
	var out []Clip
	for _, id := range ids {
		c, err := s.ClipByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// YouTubeCheck is a claimed fetch of a YouTube clip's statistics.
type YouTubeCheck struct {
	ID       int64
	ClipID   int64
	URL      string
	Attempts int
}

// ClaimYouTubeChecks takes up to limit due fetches (and any claimed more
// than ten minutes ago by a process that died) for this process.
func (s *Store) ClaimYouTubeChecks(ctx context.Context, limit int) ([]YouTubeCheck, error) {
	now := s.Now()
	const q = `UPDATE reach_checks c SET state = 'fetching', claimed_at = $2, attempts = c.attempts + 1
		FROM submissions s WHERE s.id = c.submission_id AND c.id IN (
			SELECT id FROM reach_checks WHERE kind = 'youtube' AND
				((state = 'queued' AND next_attempt_at <= $2) OR (state = 'fetching' AND claimed_at < $2 - interval '10 minutes'))
			ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
		RETURNING c.id, c.submission_id, s.url, c.attempts`
	rows, _ := s.db.Query(ctx, q, limit, now)
	var out []YouTubeCheck
	var c YouTubeCheck
	_, err := pgx.ForEachRow(rows, []any{&c.ID, &c.ClipID, &c.URL, &c.Attempts}, func() error { out = append(out, c); return nil })
	return out, translate(err, "claim youtube checks")
}

// FinishYouTubeCheck records a fetch's end: done, failed (with why), or
// queued again for retryAt.
func (s *Store) FinishYouTubeCheck(ctx context.Context, id int64, state, note string, retryAt time.Time) error {
	now := s.Now()
	const q = `UPDATE reach_checks SET state = $2, note = nullif($3, ''), claimed_at = NULL,
			next_attempt_at = CASE WHEN $2 = 'queued' THEN $4::timestamptz ELSE next_attempt_at END,
			done_at = CASE WHEN $2 IN ('done', 'failed') THEN $5::timestamptz END
		WHERE id = $1`
	_, err := s.db.Exec(ctx, q, id, state, note, retryAt, now)
	return translate(err, "finish youtube check")
}
