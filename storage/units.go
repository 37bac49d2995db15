package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// UnitRow is one unit to import, with the line it came from for errors.
// With SetGroups (the file has a groups column), Unit.Groups become
// exactly the unit's groups; without it, memberships are left alone.
type UnitRow struct {
	Line int
	chidao.Unit
	SetGroups bool
}

// Imported is what an import of units did.
type Imported struct {
	Created, Updated int
	Membership       // group changes, and open directives the joining units received
}

// AddUnit creates a unit under an existing parent (or at the top), in the
// groups u.Groups names (it receives their open directives).
func (s *Store) AddUnit(ctx context.Context, actor chidao.Actor, u chidao.Unit) error {
	u.Code, u.ParentCode = chidao.NormalizeUnitCode(u.Code), chidao.NormalizeUnitCode(u.ParentCode)
	if err := checkUnit(u); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := unitByCode(ctx, tx, u.Code); err == nil {
			return fmt.Errorf("unit %s: %w", u.Code, chidao.ErrConflict)
		}
		if u.ParentCode != "" {
			if _, err := unitByCode(ctx, tx, u.ParentCode); err != nil {
				return fmt.Errorf("parent unit %s: %w", u.ParentCode, chidao.ErrNotFound)
			}
		}
		if err := upsertUnit(ctx, tx, s.Now(), actor, u); err != nil {
			return err
		}
		if len(u.Groups) == 0 {
			return nil
		}
		created, err := unitByCode(ctx, tx, u.Code)
		if err != nil {
			return err
		}
		_, err = setUnitGroups(ctx, tx, s.Now(), actor, created, u.Groups)
		return err
	})
}

func checkUnit(u chidao.Unit) error {
	if err := chidao.CheckUnitCode(u.Code); err != nil {
		return err
	}
	if u.ParentCode != "" {
		if err := chidao.CheckUnitCode(u.ParentCode); err != nil {
			return err
		}
		if u.ParentCode == u.Code {
			return chidao.Invalid("unit %s cannot be its own parent", u.Code)
		}
	}
	return chidao.CheckText("unit name", u.Name, true)
}

// ImportUnits creates or updates every row in one transaction: new codes
// are added, known codes get the new name and parent. Parents may come
// later in the file. Any bad row (or a cycle in the resulting tree) rejects
// the whole import with an error naming its line.
func (s *Store) ImportUnits(ctx context.Context, actor chidao.Actor, rows []UnitRow) (created, updated int, err error) {
	r, err := s.Import(ctx, actor, rows)
	return r.Created, r.Updated, err
}

// Import is ImportUnits that also says what changed in the groups: for
// rows with SetGroups, the unit's groups become exactly Unit.Groups (an
// unknown group rejects the file), and a unit joining a group receives the
// open directives addressed to it.
func (s *Store) Import(ctx context.Context, actor chidao.Actor, rows []UnitRow) (Imported, error) {
	var res Imported
	created, updated, err := s.importUnits(ctx, actor, rows, &res.Membership)
	if err != nil {
		return Imported{}, err
	}
	res.Created, res.Updated = created, updated
	return res, nil
}

func (s *Store) importUnits(ctx context.Context, actor chidao.Actor, rows []UnitRow, m *Membership) (created, updated int, err error) {
	seen := map[string]int{}
	for i := range rows {
		rows[i].Code, rows[i].ParentCode = chidao.NormalizeUnitCode(rows[i].Code), chidao.NormalizeUnitCode(rows[i].ParentCode)
	}
	for _, r := range rows {
		if err := checkUnit(r.Unit); err != nil {
			return 0, 0, fmt.Errorf("line %d: %w", r.Line, err)
		}
		if prev, dup := seen[r.Code]; dup {
			return 0, 0, fmt.Errorf("line %d: %w: unit %s already on line %d", r.Line, chidao.ErrInvalid, r.Code, prev)
		}
		seen[r.Code] = r.Line
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		existing, err := unitParents(ctx, tx)
		if err != nil {
			return err
		}
		tree := map[string]string{}
		for code, parent := range existing {
			tree[code] = parent
		}
		for _, r := range rows {
			if _, ok := existing[r.Code]; ok {
				updated++
			} else {
				created++
			}
			tree[r.Code] = r.ParentCode
		}
		for _, r := range rows {
			if _, ok := tree[r.ParentCode]; r.ParentCode != "" && !ok {
				return fmt.Errorf("line %d: %w: parent unit %s does not exist", r.Line, chidao.ErrInvalid, r.ParentCode)
			}
			if cycle(tree, r.Code) {
				return fmt.Errorf("line %d: %w: unit %s would be its own ancestor (a cycle in the unit tree)", r.Line, chidao.ErrInvalid, r.Code)
			}
		}
		// Insert without parents first so that parents later in the file exist.
		for _, r := range rows {
			if _, ok := existing[r.Code]; !ok {
				if err := upsertUnit(ctx, tx, s.Now(), actor, chidao.Unit{Code: r.Code, Name: r.Name}); err != nil {
					return fmt.Errorf("line %d: %w", r.Line, err)
				}
			}
		}
		for _, r := range rows {
			if err := upsertUnit(ctx, tx, s.Now(), actor, r.Unit); err != nil {
				return fmt.Errorf("line %d: %w", r.Line, err)
			}
		}
		return importGroups(ctx, tx, s.Now(), actor, rows, m)
	})
	if err != nil {
		return 0, 0, err
	}
	return created, updated, nil
}

// importGroups applies the groups column of an import.
func importGroups(ctx context.Context, tx DBTX, now time.Time, actor chidao.Actor, rows []UnitRow, m *Membership) error {
	for _, r := range rows {
		if !r.SetGroups {
			continue
		}
		u, err := unitByCode(ctx, tx, r.Code)
		if err != nil {
			return fmt.Errorf("line %d: %w", r.Line, err)
		}
		got, err := setUnitGroups(ctx, tx, now, actor, u, r.Groups)
		if err != nil {
			return fmt.Errorf("line %d: %w", r.Line, err)
		}
		m.Joined, m.Left, m.Assigned = m.Joined+got.Joined, m.Left+got.Left, m.Assigned+got.Assigned
	}
	return nil
}

// cycle reports whether walking up from code comes back to it.
func cycle(tree map[string]string, code string) bool {
	for p, steps := tree[code], 0; p != ""; p, steps = tree[p], steps+1 {
		if p == code || steps > len(tree) {
			return true
		}
	}
	return false
}

func unitParents(ctx context.Context, tx DBTX) (map[string]string, error) {
	const q = `SELECT u.code, coalesce(p.code, '') FROM units u LEFT JOIN units p ON p.id = u.parent_id`
	rows, err := tx.Query(ctx, q)
	if err != nil {
		return nil, translate(err, "list units")
	}
	out := map[string]string{}
	var code, parent string
	_, err = pgx.ForEachRow(rows, []any{&code, &parent}, func() error {
		out[code] = parent
		return nil
	})
	return out, translate(err, "list units")
}

// upsertUnit writes u and its audit row when something changed.
func upsertUnit(ctx context.Context, tx DBTX, now time.Time, actor chidao.Actor, u chidao.Unit) error {
	before, err := unitByCode(ctx, tx, u.Code)
	exists := err == nil
	if exists && before.Name == u.Name && before.ParentCode == u.ParentCode {
		return nil
	}
	u.Groups = nil // memberships have their own audit rows
	before.Groups = nil
	const q = `INSERT INTO units (code, name, parent_id, created_at, updated_at)
		VALUES ($1, $2, (SELECT id FROM units WHERE code = nullif($3, '')), $4, $4)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id, updated_at = $4`
	if _, err := tx.Exec(ctx, q, u.Code, u.Name, u.ParentCode, now); err != nil {
		return translate(err, "save unit "+u.Code)
	}
	if !exists {
		return audit(ctx, tx, now, actor, "unit.create", "unit", u.Code, nil, u)
	}
	return audit(ctx, tx, now, actor, "unit.update", "unit", u.Code, before, u)
}

const unitColumns = `u.id, u.code, u.name, coalesce(p.code, '') AS parent_code,
	ARRAY(SELECT g.code FROM unit_group_members m JOIN unit_groups g ON g.id = m.group_id WHERE m.unit_id = u.id ORDER BY g.code) AS groups
	FROM units u LEFT JOIN units p ON p.id = u.parent_id`

func unitByCode(ctx context.Context, tx DBTX, code string) (chidao.Unit, error) {
	rows, _ := tx.Query(ctx, `SELECT `+unitColumns+` WHERE u.code = $1`, chidao.NormalizeUnitCode(code))
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[chidao.Unit])
	return u, translate(err, "unit "+code)
}

// Unit returns the unit with this code.
func (s *Store) Unit(ctx context.Context, code string) (chidao.Unit, error) {
	return unitByCode(ctx, s.db, code)
}

// Units lists every unit, parents before their children, by code within a level.
func (s *Store) Units(ctx context.Context) ([]chidao.Unit, error) {
	const q = `WITH RECURSIVE tree AS (
			SELECT id, ARRAY[code] AS path FROM units WHERE parent_id IS NULL
			UNION ALL
			SELECT u.id, t.path || u.code FROM units u JOIN tree t ON u.parent_id = t.id)
		SELECT ` + unitColumns + ` JOIN tree t ON t.id = u.id ORDER BY t.path`
	rows, _ := s.db.Query(ctx, q)
	units, err := pgx.CollectRows(rows, pgx.RowToStructByName[chidao.Unit])
	return units, translate(err, "list units")
}
