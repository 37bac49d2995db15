package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

type newPerson struct {
	fullName, phone string
	unitID          int64
	role            chidao.Role
	preferred       chidao.Channel
}

func insertPerson(ctx context.Context, tx DBTX, now time.Time, actor chidao.Actor, p newPerson) (int64, error) {
	const q = `INSERT INTO people (full_name, phone, unit_id, role, preferred_channel, created_at)
		VALUES ($1, nullif($2, ''), $3, $4, nullif($5, ''), $6) RETURNING id`
	var id int64
	if err := tx.QueryRow(ctx, q, p.fullName, p.phone, p.unitID, p.role, p.preferred, now).Scan(&id); err != nil {
		return 0, translate(err, "create person")
	}
	return id, audit(ctx, tx, now, actor, "person.create", "person", id, nil, map[string]any{
		"full_name": p.fullName, "unit_id": p.unitID, "role": p.role})
}

func linkIdentity(ctx context.Context, tx DBTX, now time.Time, actor chidao.Actor, personID int64, r Redemption) error {
	const q = `INSERT INTO chat_identities (person_id, channel, external_user_id, chat_id, display_name, linked_at, last_seen_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)`
	if _, err := tx.Exec(ctx, q, personID, r.Channel, r.ExternalUserID, r.ChatID, r.DisplayName, now); err != nil {
		return translate(err, "link chat account")
	}
	return audit(ctx, tx, now, actor, "identity.link", "person", personID, nil, map[string]any{
		"channel": r.Channel, "external_user_id": r.ExternalUserID, "chat_id": r.ChatID})
}

const personColumns = `p.id, p.full_name, coalesce(p.phone, '') AS phone, u.code AS unit_code, u.name AS unit_name, p.role, p.active
	FROM people p JOIN units u ON u.id = p.unit_id`

func personByID(ctx context.Context, tx DBTX, id int64) (chidao.Person, error) {
	rows, _ := tx.Query(ctx, `SELECT `+personColumns+` WHERE p.id = $1`, id)
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[chidao.Person])
	return p, translate(err, fmt.Sprintf("person %d", id))
}

func identityPerson(ctx context.Context, tx DBTX, ch chidao.Channel, externalID string) (chidao.Person, error) {
	rows, _ := tx.Query(ctx, `SELECT `+personColumns+`
		JOIN chat_identities c ON c.person_id = p.id WHERE c.channel = $1 AND c.external_user_id = $2`, ch, externalID)
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[chidao.Person])
	return p, translate(err, "chat account")
}

// PersonByChat returns the person linked to this chat account.
func (s *Store) PersonByChat(ctx context.Context, ch chidao.Channel, externalID string) (chidao.Person, error) {
	return identityPerson(ctx, s.db, ch, externalID)
}

// People lists the people of a unit (all units when unitCode is empty),
// by unit and name.
func (s *Store) People(ctx context.Context, unitCode string) ([]chidao.Person, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+personColumns+`
		WHERE $1 = '' OR u.code = $1 ORDER BY u.code, p.full_name, p.id`, unitCode)
	people, err := pgx.CollectRows(rows, pgx.RowToStructByName[chidao.Person])
	return people, translate(err, "list people")
}

// PeopleNotFromSandbox counts the people who did not register through an
// invite the sandbox made: a database with any is not the sandbox's.
func (s *Store) PeopleNotFromSandbox(ctx context.Context) (int, error) {
	const q = `SELECT count(*) FROM people p
		WHERE NOT EXISTS (SELECT 1 FROM invites i WHERE i.used_by = p.id AND i.created_by = 'sandbox')`
	var n int
	err := s.db.QueryRow(ctx, q).Scan(&n)
	return n, translate(err, "count people")
}
