package storage

import (
	"context"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// OfficeUnit returns the Office's unit: the top-level unit with the most
// units under it (the first by code when none has any). It is the Office
// as the data knows it until its name is configuration (issue 12).
func (s *Store) OfficeUnit(ctx context.Context) (chidao.Unit, error) {
	q := `SELECT ` + unitColumns + ` WHERE u.parent_id IS NULL
		ORDER BY (SELECT count(*) FROM units c WHERE c.parent_id = u.id) DESC, u.code LIMIT 1`
	rows, _ := s.db.Query(ctx, q)
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[chidao.Unit])
	return u, translate(err, "the Office's unit")
}
