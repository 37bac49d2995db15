package storage

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// Inbound is an event a platform sent us, as received.
type Inbound struct {
	ExternalID string // the platform's id of the event (Telegram update_id)
	ChatKey    string // events with one key are handled in order of Seq
	Seq        int64  // the platform's order within the chat, if it has one
	Payload    []byte // the raw JSON
}

// StoreInbound stores events before the platform is told they arrived, all
// in one transaction. Events seen before are skipped; it returns how many
// were new.
func (s *Store) StoreInbound(ctx context.Context, ch chidao.Channel, events []Inbound) (int, error) {
	if len(events) == 0 {
		return 0, nil
	}
	n := len(events)
	ids, keys, bodies, seqs := make([]string, n), make([]string, n), make([]string, n), make([]int64, n)
	for i, e := range events {
		ids[i], keys[i], bodies[i], seqs[i] = e.ExternalID, e.ChatKey, string(e.Payload), e.Seq
	}
	const q = `INSERT INTO inbox (channel, external_id, chat_key, seq, payload, received_at, next_attempt_at)
		SELECT $1, e, k, q, p::jsonb, $5, $5
		FROM unnest($2::text[], $3::text[], $4::text[], $6::bigint[]) WITH ORDINALITY AS x(e, k, p, q, o) ORDER BY o
		ON CONFLICT (channel, external_id) DO NOTHING`
	tag, err := s.db.Exec(ctx, q, ch, ids, keys, bodies, s.Now(), seqs)
	if err != nil {
		return 0, translate(err, "store inbound events")
	}
	return int(tag.RowsAffected()), nil
}

// Event is a stored inbound event taken for handling.
type Event struct {
	ID       int64
	Channel  chidao.Channel
	ChatKey  string
	Payload  []byte
	Attempts int // earlier attempts
}

// ClaimInbound locks up to max due events of ch, each the first pending
// event of its chat (by Seq, then arrival), so that events of one chat are handled one at a time
// and in order whatever the number of workers and processes. Call it inside
// InTx: the locks last until the transaction ends, and the handling of the
// events belongs in the same transaction.
func (s *Store) ClaimInbound(ctx context.Context, ch chidao.Channel, max int) ([]Event, error) {
	const q = `SELECT i.id, i.channel, i.chat_key, i.payload, i.attempts FROM inbox i
		WHERE i.state = 'pending' AND i.channel = $1 AND i.next_attempt_at <= $2
			AND NOT EXISTS (SELECT 1 FROM inbox e WHERE e.state = 'pending' AND e.chat_key = i.chat_key
				AND (e.seq, e.id) < (i.seq, i.id))
		ORDER BY i.id LIMIT $3 FOR UPDATE SKIP LOCKED`
	rows, _ := s.db.Query(ctx, q, ch, s.Now(), max)
	var out []Event
	var e Event
	_, err := pgx.ForEachRow(rows, []any{&e.ID, &e.Channel, &e.ChatKey, &e.Payload, &e.Attempts}, func() error {
		out = append(out, e)
		return nil
	})
	return out, translate(err, "claim inbound events")
}

// FinishInbound records that an event was handled (state done or ignored),
// or failed for good with errText.
func (s *Store) FinishInbound(ctx context.Context, id int64, state, errText string) error {
	const q = `UPDATE inbox SET state = $2, last_error = nullif($3, ''), processed_at = $4, attempts = attempts + 1 WHERE id = $1`
	_, err := s.db.Exec(ctx, q, id, state, errText, s.Now())
	return translate(err, "finish inbound event")
}

// InboundDone marks handled events done, in one statement.
func (s *Store) InboundDone(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	const q = `UPDATE inbox SET state = 'done', processed_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = ANY($1)`
	_, err := s.db.Exec(ctx, q, ids, s.Now())
	return translate(err, "mark events done")
}

// RetryInbound leaves an event pending, to be handled again at at.
func (s *Store) RetryInbound(ctx context.Context, id int64, at time.Time, errText string) error {
	const q = `UPDATE inbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE id = $1`
	_, err := s.db.Exec(ctx, q, id, at, errText)
	return translate(err, "retry inbound event")
}

// InboxCounts returns how many events are in each state, for the Office.
func (s *Store) InboxCounts(ctx context.Context) (map[string]int, error) {
	return stateCounts(ctx, s.db, `SELECT state, count(*) FROM inbox GROUP BY state`)
}

// DeliveryCounts returns how many messages are in each state.
func (s *Store) DeliveryCounts(ctx context.Context) (map[string]int, error) {
	return stateCounts(ctx, s.db, `SELECT state, count(*) FROM deliveries WHERE state <> 'expanded' GROUP BY state`)
}

func stateCounts(ctx context.Context, db DBTX, q string) (map[string]int, error) {
	rows, _ := db.Query(ctx, q)
	out := map[string]int{}
	var state string
	var n int
	_, err := pgx.ForEachRow(rows, []any{&state, &n}, func() error { out[state] = n; return nil })
	return out, translate(err, "count states")
}

// Problem is a message that could not be delivered or an event that could
// not be handled, for the Office to look at.
type Problem struct {
	What  string    `db:"what"` // "delivery" or "event"
	ID    int64     `db:"id"`
	Who   string    `db:"who"`
	Error string    `db:"error"`
	At    time.Time `db:"at"`
}

// Problems lists the newest failed deliveries and events.
func (s *Store) Problems(ctx context.Context, max int) ([]Problem, error) {
	const q = `(SELECT 'delivery' AS what, d.id, coalesce(p.full_name, d.channel || ':' || d.chat_id, '') AS who,
			coalesce(d.last_error, '') AS error, d.created_at AS at
		FROM deliveries d LEFT JOIN people p ON p.id = d.person_id WHERE d.state IN ('failed', 'unknown'))
		UNION ALL
		(SELECT 'event', i.id, i.channel || ':' || i.chat_key, coalesce(i.last_error, ''), i.received_at
		FROM inbox i WHERE i.state = 'failed')
		ORDER BY at DESC LIMIT $1`
	rows, _ := s.db.Query(ctx, q, max)
	ps, err := pgx.CollectRows(rows, pgx.RowToStructByName[Problem])
	return ps, translate(err, "list problems")
}
