package storage

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// GroupRow is one group to import, with the line it came from for errors.
type GroupRow struct {
	Line int
	Code string
	Name string
}

const groupColumns = `g.id, g.code, g.name, ARRAY(SELECT u.code FROM unit_group_members m JOIN units u ON u.id = m.unit_id
		WHERE m.group_id = g.id ORDER BY u.code) AS units FROM unit_groups g`

// Groups lists every group by code, each with its member units. The chat
// letter reader maps recipients such as "Đảng ủy các xã, phường, đặc khu"
// to groups through it.
func (s *Store) Groups(ctx context.Context) ([]chidao.Group, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+groupColumns+` ORDER BY g.code`)
	gs, err := pgx.CollectRows(rows, pgx.RowToStructByName[chidao.Group])
	return gs, translate(err, "list groups")
}

// Group returns the group with this code (any case), or ErrNotFound.
func (s *Store) Group(ctx context.Context, code string) (chidao.Group, error) {
	return groupByCode(ctx, s.db, code)
}

func groupByCode(ctx context.Context, tx DBTX, code string) (chidao.Group, error) {
	rows, _ := tx.Query(ctx, `SELECT `+groupColumns+` WHERE g.code = $1`, chidao.NormalizeGroupCode(code))
	g, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[chidao.Group])
	return g, translate(err, "group "+code)
}

func checkGroup(code, name string) error {
	if err := chidao.CheckGroupCode(code); err != nil {
		return err
	}
	return chidao.CheckText("group name", name, true)
}

// AddGroup creates a group with its member units (which may be none yet).
func (s *Store) AddGroup(ctx context.Context, actor chidao.Actor, g chidao.Group) error {
	g.Code, g.Name = chidao.NormalizeGroupCode(g.Code), strings.TrimSpace(g.Name)
	if err := checkGroup(g.Code, g.Name); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := groupByCode(ctx, tx, g.Code); err == nil {
			return fmt.Errorf("group %s: %w", g.Code, chidao.ErrConflict)
		}
		if err := upsertGroup(ctx, tx, s.Now(), actor, g.Code, g.Name); err != nil {
			return err
		}
		_, err := setMembers(ctx, tx, s.Now(), actor, g.Code, g.Units)
		return err
	})
}

// ImportGroups creates or renames every group of the file in one
// transaction; a bad line rejects the whole file. Memberships are not
// touched (they come with the units).
func (s *Store) ImportGroups(ctx context.Context, actor chidao.Actor, rows []GroupRow) (created, updated int, err error) {
	seen := map[string]int{}
	for i, r := range rows {
		rows[i].Code, rows[i].Name = chidao.NormalizeGroupCode(r.Code), strings.TrimSpace(r.Name)
		if err := checkGroup(rows[i].Code, rows[i].Name); err != nil {
			return 0, 0, fmt.Errorf("line %d: %w", r.Line, err)
		}
		if prev, dup := seen[rows[i].Code]; dup {
			return 0, 0, fmt.Errorf("line %d: %w: group %s already on line %d", r.Line, chidao.ErrInvalid, rows[i].Code, prev)
		}
		seen[rows[i].Code] = r.Line
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		for _, r := range rows {
			if _, err := groupByCode(ctx, tx, r.Code); err == nil {
				updated++
			} else {
				created++
			}
			if err := upsertGroup(ctx, tx, s.Now(), actor, r.Code, r.Name); err != nil {
				return fmt.Errorf("line %d: %w", r.Line, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return created, updated, nil
}

// RenameGroup gives a group a new name; its code stays.
func (s *Store) RenameGroup(ctx context.Context, actor chidao.Actor, code, name string) error {
	code, name = chidao.NormalizeGroupCode(code), strings.TrimSpace(name)
	if err := checkGroup(code, name); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := groupByCode(ctx, tx, code); err != nil {
			return err
		}
		return upsertGroup(ctx, tx, s.Now(), actor, code, name)
	})
}

// upsertGroup writes a group's name and an audit row when it changed.
func upsertGroup(ctx context.Context, tx DBTX, now time.Time, actor chidao.Actor, code, name string) error {
	before, err := groupByCode(ctx, tx, code)
	exists := err == nil
	if exists && before.Name == name {
		return nil
	}
	const q = `INSERT INTO unit_groups (code, name, created_at, updated_at) VALUES ($1, $2, $3, $3)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, updated_at = $3`
	if _, err := tx.Exec(ctx, q, code, name, now); err != nil {
		return translate(err, "save group "+code)
	}
	after := map[string]any{"code": code, "name": name}
	if !exists {
		return audit(ctx, tx, now, actor, "group.create", "group", code, nil, after)
	}
	return audit(ctx, tx, now, actor, "group.update", "group", code, map[string]any{"code": code, "name": before.Name}, after)
}

// DeleteGroup removes a group no directive was addressed to (a directive's
// recipients stay on record); its units stay.
func (s *Store) DeleteGroup(ctx context.Context, actor chidao.Actor, code string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		g, err := groupByCode(ctx, tx, code)
		if err != nil {
			return err
		}
		var used int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM directive_groups WHERE group_id = $1`, g.ID).Scan(&used); err != nil {
			return translate(err, "group directives")
		}
		if used > 0 {
			return fmt.Errorf("%w: group %s was addressed by %d directive(s); rename it instead", chidao.ErrConflict, g.Code, used)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM unit_groups WHERE id = $1`, g.ID); err != nil {
			return translate(err, "delete group "+g.Code)
		}
		return audit(ctx, tx, s.Now(), actor, "group.delete", "group", g.Code, g, nil)
	})
}

// Membership is what a change of a group's members did.
type Membership struct {
	Joined, Left int
	// Assigned counts the open directives addressed to the group that
	// units joining it received (one per unit and directive).
	Assigned int
}

// SetGroupUnits makes unitCodes exactly the group's members. Units that
// join receive the group's open directives (and their people the
// messages); units that leave keep what they were already assigned.
func (s *Store) SetGroupUnits(ctx context.Context, actor chidao.Actor, code string, unitCodes []string) (Membership, error) {
	var m Membership
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		m, err = setMembers(ctx, tx, s.Now(), actor, code, unitCodes)
		return err
	})
	return m, err
}

// UpdateGroup renames a group and sets its units, in one transaction.
func (s *Store) UpdateGroup(ctx context.Context, actor chidao.Actor, code, name string, unitCodes []string) (Membership, error) {
	code, name = chidao.NormalizeGroupCode(code), strings.TrimSpace(name)
	if err := checkGroup(code, name); err != nil {
		return Membership{}, err
	}
	var m Membership
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := groupByCode(ctx, tx, code); err != nil {
			return err
		}
		if err := upsertGroup(ctx, tx, s.Now(), actor, code, name); err != nil {
			return err
		}
		var err error
		m, err = setMembers(ctx, tx, s.Now(), actor, code, unitCodes)
		return err
	})
	return m, err
}

// JoinGroup adds units to a group, which receive its open directives.
func (s *Store) JoinGroup(ctx context.Context, actor chidao.Actor, code string, unitCodes []string) (Membership, error) {
	var m Membership
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		g, err := groupByCode(ctx, tx, code)
		if err != nil {
			return err
		}
		m, err = setMembers(ctx, tx, s.Now(), actor, g.Code, append(slices.Clone(g.Units), unitCodes...))
		return err
	})
	return m, err
}

// LeaveGroup removes units from a group; their assignments stay.
func (s *Store) LeaveGroup(ctx context.Context, actor chidao.Actor, code string, unitCodes []string) (Membership, error) {
	var m Membership
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		g, err := groupByCode(ctx, tx, code)
		if err != nil {
			return err
		}
		keep := slices.DeleteFunc(slices.Clone(g.Units), func(u string) bool {
			return slices.ContainsFunc(unitCodes, func(c string) bool { return chidao.NormalizeUnitCode(c) == u })
		})
		m, err = setMembers(ctx, tx, s.Now(), actor, g.Code, keep)
		return err
	})
	return m, err
}

// setMembers makes unitCodes the group's members, naming any unknown unit.
func setMembers(ctx context.Context, tx DBTX, now time.Time, actor chidao.Actor, code string, unitCodes []string) (Membership, error) {
	var m Membership
	g, err := groupByCode(ctx, tx, code)
	if err != nil {
		return m, err
	}
	want := map[string]bool{}
	for _, c := range unitCodes {
		if c = chidao.NormalizeUnitCode(c); c != "" {
			want[c] = true
		}
	}
	for _, c := range slices.Sorted(maps.Keys(want)) {
		if slices.Contains(g.Units, c) {
			continue
		}
		u, err := unitByCode(ctx, tx, c)
		if err != nil {
			return m, fmt.Errorf("%w: unknown unit %q", chidao.ErrInvalid, c)
		}
		n, err := joinGroup(ctx, tx, now, actor, g, u)
		if err != nil {
			return m, err
		}
		m.Joined, m.Assigned = m.Joined+1, m.Assigned+n
	}
	for _, c := range g.Units {
		if want[c] {
			continue
		}
		if err := leaveGroup(ctx, tx, now, actor, g, c); err != nil {
			return m, err
		}
		m.Left++
	}
	return m, nil
}

// joinGroup adds a unit to a group and assigns it the group's open
// directives, queueing them for the unit's people; it returns how many
// directives the unit received.
func joinGroup(ctx context.Context, tx DBTX, now time.Time, actor chidao.Actor, g chidao.Group, u chidao.Unit) (int, error) {
	const join = `INSERT INTO unit_group_members (group_id, unit_id, joined_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`
	if _, err := tx.Exec(ctx, join, g.ID, u.ID, now); err != nil {
		return 0, translate(err, "join group "+g.Code)
	}
	const assign = `INSERT INTO assignments (directive_id, unit_id, created_at)
		SELECT dg.directive_id, $2, $3 FROM directive_groups dg JOIN directives d ON d.id = dg.directive_id
		WHERE dg.group_id = $1 AND d.status = 'active'
		ON CONFLICT (directive_id, unit_id) DO NOTHING RETURNING directive_id`
	rows, _ := tx.Query(ctx, assign, g.ID, u.ID, now)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, translate(err, "assign the group's directives")
	}
	const queue = `INSERT INTO deliveries (dedupe_key, person_id, kind, directive_id)
		SELECT 'directive:' || d || ':person:' || p.id, p.id, 'directive', d
		FROM unnest($1::bigint[]) AS d, people p WHERE p.unit_id = $2 AND p.active
		ON CONFLICT (dedupe_key) DO NOTHING`
	if _, err := tx.Exec(ctx, queue, ids, u.ID); err != nil {
		return 0, translate(err, "queue the group's directives")
	}
	return len(ids), audit(ctx, tx, now, actor, "group.join", "group", g.Code, nil,
		map[string]any{"unit": u.Code, "directives_assigned": nonNilIDs(ids)})
}

func leaveGroup(ctx context.Context, tx DBTX, now time.Time, actor chidao.Actor, g chidao.Group, unitCode string) error {
	const q = `DELETE FROM unit_group_members WHERE group_id = $1 AND unit_id = (SELECT id FROM units WHERE code = $2)`
	if _, err := tx.Exec(ctx, q, g.ID, unitCode); err != nil {
		return translate(err, "leave group "+g.Code)
	}
	return audit(ctx, tx, now, actor, "group.leave", "group", g.Code, map[string]any{"unit": unitCode}, nil)
}

// setUnitGroups makes groupCodes exactly the unit's groups (unit import).
func setUnitGroups(ctx context.Context, tx DBTX, now time.Time, actor chidao.Actor, u chidao.Unit, groupCodes []string) (Membership, error) {
	var m Membership
	want := map[string]bool{}
	for _, c := range groupCodes {
		want[chidao.NormalizeGroupCode(c)] = true
	}
	for _, c := range slices.Sorted(maps.Keys(want)) {
		if slices.Contains(u.Groups, c) {
			continue
		}
		g, err := groupByCode(ctx, tx, c)
		if err != nil {
			return m, fmt.Errorf("%w: unknown group %q (add it with chidao group add or group import first)", chidao.ErrInvalid, c)
		}
		n, err := joinGroup(ctx, tx, now, actor, g, u)
		if err != nil {
			return m, err
		}
		m.Joined, m.Assigned = m.Joined+1, m.Assigned+n
	}
	for _, c := range u.Groups {
		if want[c] {
			continue
		}
		g, err := groupByCode(ctx, tx, c)
		if err != nil {
			return m, err
		}
		if err := leaveGroup(ctx, tx, now, actor, g, u.Code); err != nil {
			return m, err
		}
		m.Left++
	}
	return m, nil
}

// DirectiveGroups lists the groups a directive was addressed to.
func (s *Store) DirectiveGroups(ctx context.Context, directiveID int64) ([]chidao.Group, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+groupColumns+` JOIN directive_groups dg ON dg.group_id = g.id
		WHERE dg.directive_id = $1 ORDER BY g.code`, directiveID)
	gs, err := pgx.CollectRows(rows, pgx.RowToStructByName[chidao.Group])
	return gs, translate(err, "directive groups")
}

func nonNilIDs(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}
