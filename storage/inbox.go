package storage

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"chidao"
)

// Inbound is an event a platform sent us, as received.
type Inbound struct {
	ExternalID string // the platform's id of the event (Telegram update_id)
	ChatKey    string // events with one key are handled in order of Seq
	Seq        int64  // the platform's order within the chat, if it has one
	Payload    []byte // the raw body, kept byte for byte
	// ChatID is where the sender can be answered should the event have to
	// be set aside (quarantined); empty when it cannot be told.
	ChatID string
}

// DedupeWindow is how long an event id is remembered: the same id within
// it is a redelivery and skipped; after it, a new event. Telegram keeps an
// unconfirmed update (and retries a webhook) for 24 hours and numbers
// updates again, at random, after a week without any: twice the first
// leaves a margin for clock skew and slow retries, well inside the second.
// Zalo retries a webhook for minutes.
const DedupeWindow = 48 * time.Hour

// Stored says what StoreInbound did.
type Stored struct {
	New         int // events stored for the first time
	Quarantined int // events set aside because the database refused them
}

// StoreInbound stores events before the platform is told they arrived, all
// in one transaction. Events seen within DedupeWindow are skipped. When the
// database refuses one (not a connection failure: an id too long for its
// index, a NUL in a key), the events are stored one by one and those
// refused are set aside in inbox_quarantine with their bytes, so that one
// event never blocks the others. An error means nothing more can be said:
// the platform should send the events again.
func (s *Store) StoreInbound(ctx context.Context, ch chidao.Channel, events []Inbound) (Stored, error) {
	if len(events) == 0 {
		return Stored{}, nil
	}
	n, err := s.storeEvents(ctx, ch, events)
	if err == nil || !refused(err) {
		return Stored{New: n}, translate(err, "store inbound events")
	}
	var res Stored
	for _, e := range events {
		n, err := s.storeEvents(ctx, ch, []Inbound{e})
		res.New += n
		switch {
		case err == nil:
		case !refused(err):
			return res, translate(err, "store inbound events")
		default:
			if err := s.quarantine(ctx, ch, e, err); err != nil {
				return res, err
			}
			res.Quarantined++
		}
	}
	return res, nil
}

// storeEvents runs two statements as one implicit transaction, in one
// round trip: ids last seen before the window are retired, then the new
// events stored. Two processes storing the same event at once insert it
// once (the unique index on the ids not superseded).
func (s *Store) storeEvents(ctx context.Context, ch chidao.Channel, events []Inbound) (int, error) {
	n := len(events)
	ids, keys, bodies, seqs := make([]string, n), make([]string, n), make([][]byte, n), make([]int64, n)
	for i, e := range events {
		ids[i], keys[i], bodies[i], seqs[i] = e.ExternalID, e.ChatKey, e.Payload, e.Seq
	}
	now := s.Now()
	const retire = `UPDATE inbox SET superseded = true
		WHERE channel = $1 AND external_id = ANY($2) AND NOT superseded AND received_at < $3`
	const q = `INSERT INTO inbox (channel, external_id, chat_key, seq, payload, received_at, next_attempt_at)
		SELECT $1, e, k, q, p, $5, $5
		FROM unnest($2::text[], $3::text[], $4::bytea[], $6::bigint[]) WITH ORDINALITY AS x(e, k, p, q, o) ORDER BY o
		ON CONFLICT (channel, external_id) WHERE NOT superseded DO NOTHING`
	b := &pgx.Batch{}
	b.Queue(retire, ch, ids, now.Add(-DedupeWindow))
	b.Queue(q, ch, ids, keys, bodies, now, seqs)
	br := s.db.SendBatch(ctx, b)
	_, err := br.Exec()
	var tag pgconn.CommandTag
	if err == nil {
		tag, err = br.Exec()
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return int(tag.RowsAffected()), err // untranslated: refused reads the code
}

// refused tells an error about the data (which trying again cannot fix)
// from one about the database being unavailable.
func refused(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || len(pe.Code) < 2 {
		return false
	}
	switch pe.Code[:2] {
	case "22", "23", "54": // data exception, integrity, program limit (index row too big)
		return true
	}
	return false
}

// Quarantine sets an event aside that the channel refused before storing
// it in the inbox (a signed Zalo event too old or from the future), so it
// is stored before it is acknowledged, yet never handled. Its sender is
// not answered.
func (s *Store) Quarantine(ctx context.Context, ch chidao.Channel, payload []byte, why error) error {
	return s.quarantine(ctx, ch, Inbound{Payload: payload}, why)
}

// quarantine sets an event aside, byte for byte, with why it was refused.
func (s *Store) quarantine(ctx context.Context, ch chidao.Channel, e Inbound, why error) error {
	chat := e.ChatID
	if !utf8.ValidString(chat) || strings.ContainsRune(chat, 0) || len(chat) > 64 {
		chat = "" // cannot be stored or written to
	}
	const q = `INSERT INTO inbox_quarantine (channel, payload, error, chat_id, received_at) VALUES ($1, $2, $3, nullif($4, ''), $5)`
	_, err := s.db.Exec(ctx, q, ch, e.Payload, strings.ToValidUTF8(strings.ReplaceAll(why.Error(), "\x00", ""), "?"), chat, s.Now())
	return translate(err, "quarantine inbound event")
}

// QuarantinedEvent is an event set aside whose sender was not answered yet.
type QuarantinedEvent struct {
	ID     int64
	ChatID string
}

// ClaimQuarantined locks up to max quarantined events of ch whose sender
// can be answered and was not yet; call it inside InTx with the answers,
// then AnsweredQuarantined.
func (s *Store) ClaimQuarantined(ctx context.Context, ch chidao.Channel, max int) ([]QuarantinedEvent, error) {
	const q = `SELECT id, coalesce(chat_id, '') FROM inbox_quarantine WHERE answered_at IS NULL AND channel = $1
		ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`
	rows, _ := s.db.Query(ctx, q, ch, max)
	var out []QuarantinedEvent
	var e QuarantinedEvent
	_, err := pgx.ForEachRow(rows, []any{&e.ID, &e.ChatID}, func() error { out = append(out, e); return nil })
	return out, translate(err, "claim quarantined events")
}

// AnsweredQuarantined records that quarantined events were dealt with.
func (s *Store) AnsweredQuarantined(ctx context.Context, ids []int64) error {
	_, err := s.db.Exec(ctx, `UPDATE inbox_quarantine SET answered_at = $2 WHERE id = ANY($1)`, ids, s.Now())
	return translate(err, "answer quarantined events")
}

// LastEventSeq is the highest platform order (Telegram's update_id) stored
// for ch, 0 when none.
func (s *Store) LastEventSeq(ctx context.Context, ch chidao.Channel) (int64, error) {
	var n int64
	err := s.db.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM inbox WHERE channel = $1`, ch).Scan(&n)
	return n, translate(err, "last event")
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
	return stateCounts(ctx, s.db, `SELECT state, count(*) FROM inbox GROUP BY state
		UNION ALL SELECT 'quarantined', count(*) FROM inbox_quarantine HAVING count(*) > 0`)
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
		FROM deliveries d LEFT JOIN people p ON p.id = d.person_id WHERE d.state IN ('failed', 'refused', 'unknown'))
		UNION ALL
		(SELECT 'event', i.id, i.channel || ':' || i.chat_key, coalesce(i.last_error, ''), i.received_at
		FROM inbox i WHERE i.state = 'failed')
		UNION ALL
		(SELECT 'quarantined event', q.id, q.channel || ':' || coalesce(q.chat_id, '?'), q.error, q.received_at
		FROM inbox_quarantine q)
		ORDER BY at DESC LIMIT $1`
	rows, _ := s.db.Query(ctx, q, max)
	ps, err := pgx.CollectRows(rows, pgx.RowToStructByName[Problem])
	return ps, translate(err, "list problems")
}
