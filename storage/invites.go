package storage

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"math/big"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// NewInvite says who an invite is for.
type NewInvite struct {
	UnitCode string
	Role     chidao.Role
	FullName string // optional: otherwise the chat profile name is used
	Phone    string
	TTL      time.Duration
	PersonID int64 // when set, the code links another chat account to this person
}

// Invite is a freshly made invite. The codes exist only here: the database
// keeps their hashes.
type Invite struct {
	ID        int64
	Code      string // 128 random bits, URL-safe: the Telegram deep-link payload
	ShortCode string // 8 characters without look-alikes, typed into Zalo
	ExpiresAt time.Time
}

// shortAlphabet has no 0/O, 1/I/L look-alikes: 31 symbols, about 39.6 bits
// for 8 characters, guarded by the per-sender failure limit.
const shortAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// Failure limit for wrong codes per sender and channel.
const (
	maxInviteFailures   = 5
	inviteFailureWindow = time.Hour
)

// CreateInvite makes a single-use invite to the unit with the role.
func (s *Store) CreateInvite(ctx context.Context, actor chidao.Actor, in NewInvite) (Invite, error) {
	if in.TTL < time.Second || in.TTL > 90*24*time.Hour {
		return Invite{}, chidao.Invalid("invite lifetime %s must be between 1s and 90 days", in.TTL)
	}
	if err := chidao.CheckText("name", in.FullName, false); err != nil {
		return Invite{}, err
	}
	if err := chidao.CheckText("phone", in.Phone, false); err != nil {
		return Invite{}, err
	}
	now := s.Now()
	inv := Invite{ExpiresAt: now.Add(in.TTL)}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		unit, err := unitByCode(ctx, tx, in.UnitCode)
		if err != nil {
			return err
		}
		inv.Code, inv.ShortCode = longCode(), shortCode()
		const q = `INSERT INTO invites (code_hash, short_code_hash, unit_id, role, full_name, phone, created_by, created_at, expires_at, person_id)
			VALUES ($1, $2, $3, $4, nullif($5, ''), nullif($6, ''), $7, $8, $9, nullif($10, 0)) RETURNING id`
		err = tx.QueryRow(ctx, q, s.keyedCode(inv.Code), s.keyedCode(inv.ShortCode), unit.ID, in.Role,
			strings.TrimSpace(in.FullName), strings.TrimSpace(in.Phone), actor.Label, now, inv.ExpiresAt, in.PersonID).Scan(&inv.ID)
		if err != nil {
			return translate(err, "create invite")
		}
		return audit(ctx, tx, now, actor, "invite.create", "invite", inv.ID, nil, map[string]any{
			"unit": unit.Code, "role": in.Role, "full_name": in.FullName, "expires_at": inv.ExpiresAt})
	})
	return inv, err
}

func longCode() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails on Linux (crypto/rand panics rather than return an error)
	return base64.RawURLEncoding.EncodeToString(b)
}

func shortCode() string {
	var sb strings.Builder
	n := big.NewInt(int64(len(shortAlphabet)))
	for range 8 {
		i, _ := rand.Int(rand.Reader, n)
		sb.WriteByte(shortAlphabet[i.Int64()])
	}
	return sb.String()
}

// normalCode is a code as typed: long codes are case-sensitive; short
// codes are matched without case, spaces or dashes (people type them).
func normalCode(code string) string {
	code = strings.TrimSpace(code)
	if len(code) <= 12 {
		code = strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(code))
	}
	return code
}

// hashCode is the plain SHA-256 of a code. Login and session tokens (128
// random bits) are stored under it; invites made before keyed hashes
// are still found by it until used or expired.
func hashCode(code string) []byte {
	h := sha256.Sum256([]byte(normalCode(code)))
	return h[:]
}

// keyedCode is the HMAC-SHA-256 of a code under CodeKey: a copy of the
// database alone does not let anyone try the 40-bit short codes offline.
func (s *Store) keyedCode(code string) []byte {
	m := hmac.New(sha256.New, s.CodeKey)
	m.Write([]byte(normalCode(code)))
	return m.Sum(nil)
}

// Redemption is a chat account presenting an invite code.
type Redemption struct {
	Code           string
	Channel        chidao.Channel
	ExternalUserID string
	ChatID         string
	DisplayName    string
}

// RedeemInvite registers the chat account with the invite: it creates the
// person (named as the invite says, or as their chat profile), links the
// account, uses up the invite and queues the open directives of the unit
// for them. Errors: chidao.ErrInviteUnknown, ErrInviteExpired,
// ErrInviteUsed, ErrTooManyAttempts, ErrAlreadyLinked.
func (s *Store) RedeemInvite(ctx context.Context, r Redemption) (chidao.Person, error) {
	now := s.Now()
	if err := s.checkFailures(ctx, r, now); err != nil {
		return chidao.Person{}, err
	}
	var person chidao.Person
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		inv, err := lockInvite(ctx, tx, r.Code, s.keyedCode(r.Code))
		switch {
		case err != nil:
			return err
		case inv.usedAt != nil:
			return chidao.ErrInviteUsed
		case !now.Before(inv.expiresAt):
			return chidao.ErrInviteExpired
		}
		if _, err := identityPerson(ctx, tx, r.Channel, r.ExternalUserID); err == nil {
			return chidao.ErrAlreadyLinked
		}
		actor := chidao.Actor{Label: string(r.Channel) + ":" + r.ExternalUserID}
		id, err := inviteePerson(ctx, tx, now, actor, inv, r)
		if err != nil {
			return err
		}
		actor.PersonID = id
		if err := linkIdentity(ctx, tx, now, actor, id, r); err != nil {
			return err
		}
		const use = `UPDATE invites SET used_at = $2, used_by = $3, used_channel = $4 WHERE id = $1`
		if _, err := tx.Exec(ctx, use, inv.id, now, id, r.Channel); err != nil {
			return translate(err, "use invite")
		}
		if err := audit(ctx, tx, now, actor, "invite.use", "invite", inv.id, nil, map[string]any{"person_id": id}); err != nil {
			return err
		}
		if err := queueOpenDirectives(ctx, tx, id, now); err != nil {
			return err
		}
		person, err = personByID(ctx, tx, id)
		return err
	})
	if errors.Is(err, chidao.ErrInviteUnknown) {
		const q = `INSERT INTO invite_failures (channel, sender_id, at) VALUES ($1, $2, $3)`
		if _, ferr := s.db.Exec(ctx, q, r.Channel, r.ExternalUserID, now); ferr != nil {
			return person, translate(ferr, "record invite failure")
		}
	}
	return person, err
}

// inviteePerson is the person an invite makes: a new one with the invite's
// unit and role (named as the invite says, or as the chat profile does),
// or, for a link code, the person who asked for it, when this channel is
// not linked to them yet.
func inviteePerson(ctx context.Context, tx DBTX, now time.Time, actor chidao.Actor, inv inviteRow, r Redemption) (int64, error) {
	if inv.personID == 0 {
		name := inv.fullName
		if name == "" {
			name = strings.TrimSpace(r.DisplayName)
		}
		return insertPerson(ctx, tx, now, actor, newPerson{name, inv.phone, inv.unitID, inv.role, r.Channel})
	}
	var linked bool
	const q = `SELECT EXISTS (SELECT 1 FROM chat_identities WHERE person_id = $1 AND channel = $2)`
	if err := tx.QueryRow(ctx, q, inv.personID, r.Channel).Scan(&linked); err != nil {
		return 0, translate(err, "check linked accounts")
	}
	if linked {
		return 0, chidao.ErrAlreadyLinked
	}
	return inv.personID, nil
}

func (s *Store) checkFailures(ctx context.Context, r Redemption, now time.Time) error {
	const q = `SELECT count(*) FROM invite_failures WHERE channel = $1 AND sender_id = $2 AND at > $3`
	var n int
	if err := s.db.QueryRow(ctx, q, r.Channel, r.ExternalUserID, now.Add(-inviteFailureWindow)).Scan(&n); err != nil {
		return translate(err, "count invite failures")
	}
	if n >= maxInviteFailures {
		return chidao.ErrTooManyAttempts
	}
	return nil
}

type inviteRow struct {
	id        int64
	unitID    int64
	role      chidao.Role
	fullName  string
	phone     string
	expiresAt time.Time
	usedAt    *time.Time
	personID  int64
}

func lockInvite(ctx context.Context, tx DBTX, code string, keyed []byte) (inviteRow, error) {
	const q = `SELECT id, unit_id, role, coalesce(full_name, ''), coalesce(phone, ''), expires_at, used_at, coalesce(person_id, 0)
		FROM invites WHERE code_hash IN ($1, $2) OR short_code_hash IN ($1, $2) FOR UPDATE`
	var inv inviteRow
	err := tx.QueryRow(ctx, q, keyed, hashCode(code)).Scan(&inv.id, &inv.unitID, &inv.role, &inv.fullName, &inv.phone, &inv.expiresAt, &inv.usedAt, &inv.personID)
	if errors.Is(err, pgx.ErrNoRows) {
		return inv, chidao.ErrInviteUnknown
	}
	return inv, translate(err, "find invite")
}

// queueOpenDirectives queues, for a newly registered person, every active
// directive assigned to their unit.
func queueOpenDirectives(ctx context.Context, tx DBTX, personID int64, now time.Time) error {
	const q = `INSERT INTO deliveries (dedupe_key, person_id, kind, directive_id, created_at, next_attempt_at)
		SELECT 'directive:' || d.id || ':person:' || p.id, p.id, 'directive', d.id, $2, $2
		FROM people p JOIN assignments a ON a.unit_id = p.unit_id JOIN directives d ON d.id = a.directive_id
		WHERE p.id = $1 AND d.status = 'active'
		ON CONFLICT (dedupe_key) DO NOTHING`
	_, err := tx.Exec(ctx, q, personID, now)
	return translate(err, "queue open directives")
}
