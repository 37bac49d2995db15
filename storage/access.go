package storage

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// PersonRow is a person as `chidao person list` shows them.
type PersonRow struct {
	ID       int64    `json:"id"`
	Name     string   `json:"name"`
	Unit     string   `json:"unit"` // the unit's code
	Role     string   `json:"role"`
	Active   bool     `json:"active"`
	Channels []string `json:"channels"` // linked chat platforms, e.g. ["telegram", "zalo"]
}

// PeopleList lists every person, active or not, by unit and name.
func (s *Store) PeopleList(ctx context.Context) ([]PersonRow, error) {
	const q = `SELECT p.id, p.full_name AS name, u.code AS unit, p.role, p.active,
			coalesce(array_agg(c.channel ORDER BY c.channel) FILTER (WHERE c.channel IS NOT NULL), '{}') AS channels
		FROM people p JOIN units u ON u.id = p.unit_id LEFT JOIN chat_identities c ON c.person_id = p.id
		GROUP BY p.id, u.code ORDER BY u.code, p.full_name, p.id`
	rows, _ := s.db.Query(ctx, q)
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[PersonRow])
	return out, translate(err, "list people")
}

// SetPersonActive disables or enables a person. Disabling takes access
// away at once, in the same transaction: their dashboard sessions are
// revoked, unused login links die, and messages still waiting for them
// are skipped (the queues only ever pick active people). Audited as
// person.disable / person.enable; doing what is already so changes
// nothing and is not audited.
func (s *Store) SetPersonActive(ctx context.Context, actor chidao.Actor, id int64, active bool) (chidao.Person, error) {
	var p chidao.Person
	err := s.InTx(ctx, func(tx *Store) error {
		now := s.Now()
		var was bool
		err := tx.db.QueryRow(ctx, `SELECT active FROM people WHERE id = $1 FOR UPDATE`, id).Scan(&was)
		if err != nil {
			return translate(err, fmt.Sprintf("person %d", id))
		}
		if was != active {
			if err := setActive(ctx, tx.db, now, actor, id, active); err != nil {
				return err
			}
		}
		p, err = personByID(ctx, tx.db, id)
		return err
	})
	return p, err
}

func setActive(ctx context.Context, tx DBTX, now time.Time, actor chidao.Actor, id int64, active bool) error {
	if _, err := tx.Exec(ctx, `UPDATE people SET active = $2 WHERE id = $1`, id, active); err != nil {
		return translate(err, "set person active")
	}
	action, after := "person.enable", map[string]any{"active": active}
	if !active {
		action = "person.disable"
		var sessions, links, messages int64
		const q = `WITH s AS (UPDATE sessions SET revoked_at = $2 WHERE person_id = $1 AND revoked_at IS NULL RETURNING 1),
			l AS (UPDATE login_links SET expires_at = $2 WHERE person_id = $1 AND used_at IS NULL AND expires_at > $2 RETURNING 1),
			d AS (UPDATE deliveries SET state = 'skipped', last_error = 'person disabled',
				payload = CASE WHEN kind = 'credential' THEN '{}'::jsonb ELSE payload END
				WHERE person_id = $1 AND state = 'pending' RETURNING 1)
			SELECT (SELECT count(*) FROM s), (SELECT count(*) FROM l), (SELECT count(*) FROM d)`
		if err := tx.QueryRow(ctx, q, id, now).Scan(&sessions, &links, &messages); err != nil {
			return translate(err, "take access away")
		}
		after["sessions_revoked"], after["login_links_killed"], after["messages_skipped"] = sessions, links, messages
	}
	return audit(ctx, tx, now, actor, action, "person", id, map[string]any{"active": !active}, after)
}

// InviteRow is an invite as `chidao invite list` shows it (its codes are
// not kept, only their hashes).
type InviteRow struct {
	ID        int64      `json:"id"`
	Unit      string     `json:"unit"`
	Role      string     `json:"role"`
	Name      string     `json:"name"`
	CreatedBy string     `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt time.Time  `json:"expires_at"`
	State     string     `json:"state"` // open, used, expired or revoked
	UsedBy    *int64     `json:"used_by"`
	RevokedAt *time.Time `json:"revoked_at"`
}

// Invites lists the invites, newest first.
func (s *Store) Invites(ctx context.Context) ([]InviteRow, error) {
	const q = `SELECT i.id, u.code AS unit, i.role, coalesce(i.full_name, '') AS name, i.created_by, i.created_at, i.expires_at,
			CASE WHEN i.used_at IS NOT NULL THEN 'used' WHEN i.revoked_at IS NOT NULL THEN 'revoked'
				WHEN i.expires_at <= $1 THEN 'expired' ELSE 'open' END AS state,
			i.used_by, i.revoked_at
		FROM invites i JOIN units u ON u.id = i.unit_id ORDER BY i.id DESC`
	rows, _ := s.db.Query(ctx, q, s.Now())
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[InviteRow])
	return out, translate(err, "list invites")
}

// RevokeInvite revokes an unused invite, named by its id or by one of its
// codes, so it can no longer be redeemed (a redeemer is told it expired).
// Revoking a revoked or expired invite again is harmless; a used one is
// an error (disable the person instead). Audited as invite.revoke.
func (s *Store) RevokeInvite(ctx context.Context, actor chidao.Actor, idOrCode string) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *Store) error {
		now := s.Now()
		var usedAt *time.Time
		const q = `SELECT id, used_at FROM invites
			WHERE id = $1 OR code_hash IN ($2, $3) OR short_code_hash IN ($2, $3) FOR UPDATE`
		n, _ := strconv.ParseInt(idOrCode, 10, 64)
		if err := tx.db.QueryRow(ctx, q, n, s.keyedCode(idOrCode), hashCode(idOrCode)).Scan(&id, &usedAt); err != nil {
			return translate(err, "invite "+idOrCode)
		}
		if usedAt != nil {
			return chidao.Invalid("invite %d was already used; disable the person it registered instead", id)
		}
		const upd = `UPDATE invites SET revoked_at = coalesce(revoked_at, $2), expires_at = least(expires_at, $2) WHERE id = $1`
		if _, err := tx.db.Exec(ctx, upd, id, now); err != nil {
			return translate(err, "revoke invite")
		}
		return audit(ctx, tx.db, now, actor, "invite.revoke", "invite", id, nil, map[string]any{"revoked_at": now})
	})
	return id, err
}
