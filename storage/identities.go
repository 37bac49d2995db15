package storage

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// Unreachable is a person chidao can no longer write to on a channel.
type Unreachable struct {
	PersonID int64
	Person   chidao.Person
	First    bool // newly unreachable: the Office has not been told yet
}

// MarkUnreachable records that the platform refused messages to this chat
// (the person blocked the bot or left). It reports whether this is news.
// Messages queued to them stay queued until they write again.
func (s *Store) MarkUnreachable(ctx context.Context, ch chidao.Channel, chatID, reason string) (Unreachable, error) {
	var u Unreachable
	err := s.InTx(ctx, func(tx *Store) error {
		now := tx.Now()
		const q = `UPDATE chat_identities SET unreachable_at = coalesce(unreachable_at, $3), unreachable_reason = $4
			WHERE channel = $1 AND chat_id = $2 RETURNING person_id, unreachable_at = $3`
		err := tx.db.QueryRow(ctx, q, ch, chatID, now, reason).Scan(&u.PersonID, &u.First)
		if err != nil {
			return translate(err, "chat "+chatID)
		}
		if u.Person, err = personByID(ctx, tx.db, u.PersonID); err != nil {
			return err
		}
		if !u.First {
			return nil
		}
		return audit(ctx, tx.db, now, chidao.System, "identity.unreachable", "person", u.PersonID, nil,
			map[string]any{"channel": ch, "reason": reason})
	})
	return u, err
}

// ChatPerson returns the person linked to a chat account and records that
// they wrote: they are reachable there again, and the messages refused
// while they were not are queued again, in their order. It also says
// whether the chat has a conversation going (see SetConversation), which
// saves a query per message. ErrNotFound for an account nobody registered.
func (s *Store) ChatPerson(ctx context.Context, ch chidao.Channel, externalUserID, chatID string) (chidao.Person, bool, error) {
	// last_seen_at is written at most once a minute: a burst of messages
	// costs one write.
	const q = `WITH ident AS (
			SELECT id, person_id, unreachable_at IS NOT NULL AS was_unreachable, last_seen_at
			FROM chat_identities WHERE channel = $1 AND external_user_id = $2),
		seen AS (
			UPDATE chat_identities c SET last_seen_at = $3, unreachable_at = NULL, unreachable_reason = NULL
			FROM ident WHERE c.id = ident.id
				AND (ident.was_unreachable OR ident.last_seen_at IS NULL OR ident.last_seen_at < $3::timestamptz - interval '1 minute'))
		SELECT ident.was_unreachable, EXISTS (SELECT 1 FROM conversations v
				WHERE v.channel = $1 AND v.chat_id = $4 AND v.expires_at > $3) AS conversing, ` + personColumns + `
		JOIN ident ON ident.person_id = p.id`
	type seenPerson struct {
		chidao.Person
		Was        bool `db:"was_unreachable"`
		Conversing bool `db:"conversing"`
	}
	now := s.Now()
	rows, _ := s.db.Query(ctx, q, ch, externalUserID, now, chatID)
	sp, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[seenPerson])
	p := sp.Person
	if err != nil || !sp.Was {
		return p, sp.Conversing, translate(err, "chat account")
	}
	const back = `UPDATE deliveries SET state = 'pending', next_attempt_at = $3, last_error = NULL
		WHERE person_id = $2 AND (channel = $1 OR channel IS NULL) AND state = 'refused'`
	_, err = s.db.Exec(ctx, back, ch, p.ID, now)
	return p, sp.Conversing, translate(err, "queue refused messages again")
}

// Identities returns the channels a person is linked on and reachable.
func (s *Store) Identities(ctx context.Context, personID int64) (map[chidao.Channel]bool, error) {
	rows, _ := s.db.Query(ctx, `SELECT channel, unreachable_at IS NULL FROM chat_identities WHERE person_id = $1`, personID)
	out := map[chidao.Channel]bool{}
	var ch chidao.Channel
	var ok bool
	_, err := pgx.ForEachRow(rows, []any{&ch, &ok}, func() error { out[ch] = ok; return nil })
	return out, translate(err, "identities")
}

// SetPreferredChannel makes ch the channel the person gets messages on;
// they must be linked on it.
func (s *Store) SetPreferredChannel(ctx context.Context, personID int64, ch chidao.Channel) error {
	now := s.Now()
	return s.InTx(ctx, func(tx *Store) error {
		const q = `UPDATE people SET preferred_channel = $2 WHERE id = $1
			AND EXISTS (SELECT 1 FROM chat_identities WHERE person_id = $1 AND channel = $2)`
		tag, err := tx.db.Exec(ctx, q, personID, ch)
		if err != nil {
			return translate(err, "set preferred channel")
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("person %d on %s: %w", personID, ch, chidao.ErrNotFound)
		}
		return audit(ctx, tx.db, now, personActor(personID), "person.channel", "person", personID, nil, map[string]any{"preferred_channel": ch})
	})
}

// UnreachablePerson is someone a channel refuses to write to.
type UnreachablePerson struct {
	Name    string         `db:"full_name"`
	Unit    string         `db:"unit_name"`
	Channel chidao.Channel `db:"channel"`
}

// UnreachablePeople lists the active people who cannot be reached on a
// channel they are linked on, for the Office's digest and status.
func (s *Store) UnreachablePeople(ctx context.Context) ([]UnreachablePerson, error) {
	const q = `SELECT p.full_name, u.name AS unit_name, c.channel FROM chat_identities c
		JOIN people p ON p.id = c.person_id AND p.active JOIN units u ON u.id = p.unit_id
		WHERE c.unreachable_at IS NOT NULL ORDER BY u.name, p.full_name, c.channel`
	rows, _ := s.db.Query(ctx, q)
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[UnreachablePerson])
	return out, translate(err, "unreachable people")
}

// SetPhone records the phone number a person shared.
func (s *Store) SetPhone(ctx context.Context, personID int64, phone string) error {
	if err := chidao.CheckText("phone", phone, true); err != nil || len(phone) > 20 {
		return chidao.Invalid("phone %q", phone)
	}
	now := s.Now()
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.db.Exec(ctx, `UPDATE people SET phone = $2 WHERE id = $1`, personID, phone); err != nil {
			return translate(err, "set phone")
		}
		return audit(ctx, tx.db, now, personActor(personID), "person.phone", "person", personID, nil, map[string]any{"phone": phone})
	})
}
