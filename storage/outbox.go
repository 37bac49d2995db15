package storage

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// Outgoing is a message to queue in the outbox. It goes to a person (on
// the channel they prefer, chosen when it is sent) or, with Channel and
// ChatID, straight to a chat.
type Outgoing struct {
	DedupeKey   string // the same key twice queues one message
	PersonID    int64
	Channel     chidao.Channel
	ChatID      string
	Kind        string // what it is, for the Office: reply, directive, review, notice...
	DirectiveID int64
	Message     chidao.Message
	// Context is what a reply to this message means (e.g. the clip a
	// rejection reason is for); the handlers read it back with MessageContext.
	Context map[string]any
}

// payload is the stored form of a queued message.
type payload struct {
	Message chidao.Message `json:"message"`
	Context map[string]any `json:"context,omitempty"`
}

// Enqueue queues one message. It reports false when a message with the
// same dedupe key was queued before (and queues nothing).
func (s *Store) Enqueue(ctx context.Context, o Outgoing) (bool, error) {
	if o.PersonID == 0 && (o.Channel == "" || o.ChatID == "") {
		return false, chidao.Invalid("a message needs a person or a chat")
	}
	body, err := json.Marshal(payload{Message: o.Message, Context: o.Context})
	if err != nil {
		return false, fmt.Errorf("storage: encode message: %w", err)
	}
	const q = `INSERT INTO deliveries (dedupe_key, person_id, channel, chat_id, kind, directive_id, payload, created_at, next_attempt_at)
		VALUES ($1, nullif($2, 0), nullif($3, ''), nullif($4, ''), $5, nullif($6, 0), $7, $8, $8)
		ON CONFLICT (dedupe_key) DO NOTHING`
	now := s.Now()
	tag, err := s.db.Exec(ctx, q, o.DedupeKey, o.PersonID, o.Channel, o.ChatID, o.Kind, o.DirectiveID, body, now)
	if err != nil {
		return false, translate(err, "queue message")
	}
	return tag.RowsAffected() == 1, nil
}

// Template is a queued delivery that still has to be written: a directive
// for one person. Renderers turn it into the messages it consists of.
type Template struct {
	ID          int64
	DedupeKey   string
	PersonID    int64
	Kind        string // "directive", "reminder", "reach" or "change"
	DirectiveID int64
	Reminder    int64 // the reminder ledger row, for kind "reminder"
	Reach       int64 // the reach ledger row, for kind "reach"
	Change      int64 // the directive_changes row, for kind "change"
	// Context is what a reply to the rendered messages means.
	Context map[string]any
}

// TemplateKinds are the kinds of deliveries rendered at send time.
var TemplateKinds = []string{"directive", "reminder", "reach", "change"}

// Renderer writes the messages of a template, reading what it needs through
// tx. Returning no message drops the template.
type Renderer func(ctx context.Context, tx *Store, t Template) ([]chidao.Message, error)

// Expansion is a template and the messages written for it (none: the
// template is dropped, having nothing to say any more).
type Expansion struct {
	Template Template
	Messages []chidao.Message
}

// ClaimTemplates locks up to limit queued templates, oldest first; it
// must run in a transaction, in which ReplaceTemplates then replaces them.
// Several processes may claim at once: each takes its own rows.
func (s *Store) ClaimTemplates(ctx context.Context, limit int) ([]Template, error) {
	const q = `SELECT id, dedupe_key, person_id, kind, coalesce(directive_id, 0), coalesce((payload->>'reminder')::bigint, 0),
			coalesce((payload->>'reach')::bigint, 0), coalesce((payload->>'change')::bigint, 0), payload->'context'
		FROM deliveries d WHERE state = 'pending' AND kind IN ('directive', 'reminder', 'reach', 'change')
			-- a change waits until the letter it corrects has reached the person
			-- (its message ids are what the edits name)
			AND NOT (kind = 'change' AND EXISTS (SELECT 1 FROM deliveries e WHERE e.person_id = d.person_id
				AND e.directive_id = d.directive_id AND e.kind IN ('directive', 'directive.part') AND e.state IN ('pending', 'sending')))
		ORDER BY id LIMIT $1 FOR UPDATE OF d SKIP LOCKED`
	rows, _ := s.db.Query(ctx, q, limit)
	var ts []Template
	var t Template
	_, err := pgx.ForEachRow(rows, []any{&t.ID, &t.DedupeKey, &t.PersonID, &t.Kind, &t.DirectiveID, &t.Reminder, &t.Reach, &t.Change, &t.Context}, func() error {
		ts = append(ts, t)
		t.Context = nil
		return nil
	})
	return ts, translate(err, "list templates")
}

// ReplaceTemplates queues the messages of each expansion (of kind
// "<template kind>.part", in order) and marks its template expanded, or
// skipped when it has no message. The batch's first parts are queued
// before its second parts, and so on: a broadcast gives everyone its
// letter, then everyone its file, so that a person's next part is due
// (a chat interval after the previous) long before its turn comes.
func (s *Store) ReplaceTemplates(ctx context.Context, es []Expansion) error {
	var keys, kinds, channels []string
	var people, directives []int64
	var bodies [][]byte
	var parts []int32
	var done, dropped []int64
	for _, e := range es {
		t := e.Template
		if len(e.Messages) == 0 {
			dropped = append(dropped, t.ID)
			continue
		}
		for i, m := range e.Messages {
			body, err := json.Marshal(payload{Message: m, Context: t.Context})
			if err != nil {
				return err
			}
			keys = append(keys, fmt.Sprintf("%s:%d", t.DedupeKey, i+1))
			kinds = append(kinds, t.Kind+".part")
			// An edit goes to the channel of the message it edits.
			channels = append(channels, string(m.EditIn))
			people = append(people, t.PersonID)
			directives = append(directives, t.DirectiveID)
			bodies = append(bodies, body)
			parts = append(parts, int32(i))
		}
		done = append(done, t.ID)
	}
	now := s.Now()
	const ins = `INSERT INTO deliveries (dedupe_key, person_id, kind, directive_id, payload, created_at, next_attempt_at, channel, chat_id)
		SELECT k, p, kd, nullif(d, 0), b, $6, $6, nullif(c, ''),
			(SELECT ci.chat_id FROM chat_identities ci WHERE ci.person_id = p AND ci.channel = c)
		FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::jsonb[], $7::text[], $8::int[])
			WITH ORDINALITY AS x(k, p, kd, d, b, c, part, o) ORDER BY part, o
		ON CONFLICT (dedupe_key) DO NOTHING`
	if _, err := s.db.Exec(ctx, ins, keys, people, kinds, directives, bodies, now, channels, parts); err != nil {
		return translate(err, "queue rendered messages")
	}
	if _, err := s.db.Exec(ctx, `UPDATE deliveries SET state = 'expanded', sent_at = $2 WHERE id = ANY($1)`, done, now); err != nil {
		return translate(err, "mark templates expanded")
	}
	const drop = `UPDATE deliveries SET state = 'skipped', last_error = 'nothing to say any more when it was due to go' WHERE id = ANY($1)`
	_, err := s.db.Exec(ctx, drop, dropped)
	return translate(err, "mark templates skipped")
}

// SentMessage is what chidao knows of a message it sent.
type SentMessage struct {
	Kind        string         // e.g. "directive.part", "reply", "review"
	DirectiveID int64          // the directive it is about, if any
	Context     map[string]any // what a reply to it means
}

// MessageContext returns what chidao sent as this platform message id in
// this chat: what a reply to it refers to. ErrNotFound when chidao did not
// send it.
func (s *Store) MessageContext(ctx context.Context, ch chidao.Channel, chatID, messageID string) (SentMessage, error) {
	const q = `SELECT kind, coalesce(directive_id, 0), payload->'context' FROM deliveries
		WHERE channel = $1 AND chat_id = $2 AND external_message_id = $3 ORDER BY id DESC LIMIT 1`
	var m SentMessage
	err := s.db.QueryRow(ctx, q, ch, chatID, messageID).Scan(&m.Kind, &m.DirectiveID, &m.Context)
	return m, translate(err, "message "+messageID)
}
