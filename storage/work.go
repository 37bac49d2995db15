package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// OpenDirectivesOf lists the active directives assigned to a unit, the
// nearest deadline first.
func (s *Store) OpenDirectivesOf(ctx context.Context, unitCode string) ([]chidao.Directive, error) {
	const q = `SELECT d.id, d.number, d.title, d.body, d.issued_on, coalesce(a.due_at, d.due_at) AS due_at, d.status, d.author,
			d.reminders_paused, d.created_at, d.closed_at, d.original_due_at, d.recalled_at, coalesce(d.recall_reason, '') AS recall_reason, d.revision
		FROM directives d JOIN assignments a ON a.directive_id = d.id JOIN units u ON u.id = a.unit_id
		WHERE u.code = $1 AND d.status = 'active' ORDER BY 6, d.id`
	rows, _ := s.db.Query(ctx, q, unitCode)
	ds, err := pgx.CollectRows(rows, pgx.RowToStructByName[chidao.Directive])
	return ds, translate(err, "open directives")
}

// PeopleWithRole lists the active people with role, in one unit or (with
// an empty unitCode) everywhere.
func (s *Store) PeopleWithRole(ctx context.Context, role chidao.Role, unitCode string) ([]chidao.Person, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+personColumns+`
		WHERE p.active AND p.role = $1 AND ($2 = '' OR u.code = $2) ORDER BY p.id`, role, unitCode)
	people, err := pgx.CollectRows(rows, pgx.RowToStructByName[chidao.Person])
	return people, translate(err, "list people")
}

// Person returns one person.
func (s *Store) Person(ctx context.Context, id int64) (chidao.Person, error) {
	return personByID(ctx, s.db, id)
}

// Clip is a submitted clip with what its reviewers need to know.
type Clip struct {
	ID          int64         `db:"id"`
	URL         string        `db:"url"`
	Platform    string        `db:"platform"`
	PersonID    int64         `db:"person_id"`
	PersonName  string        `db:"person_name"`
	UnitCode    string        `db:"unit_code"`
	UnitName    string        `db:"unit_name"`
	DirectiveID int64         `db:"directive_id"`
	Number      string        `db:"number"`
	Review      chidao.Review `db:"review"`
	Reviewer    string        `db:"reviewer"`
	ReviewedAt  *time.Time    `db:"reviewed_at"`
	Reason      string        `db:"reason"`
}

// ClipByID returns one clip.
func (s *Store) ClipByID(ctx context.Context, id int64) (Clip, error) {
	const q = `SELECT s.id, s.url, s.platform, s.person_id, p.full_name AS person_name, u.code AS unit_code, u.name AS unit_name,
			a.directive_id, d.number, s.review, coalesce(r.full_name, '') AS reviewer, s.reviewed_at,
			coalesce(s.review_reason, '') AS reason
		FROM submissions s JOIN assignments a ON a.id = s.assignment_id JOIN units u ON u.id = a.unit_id
		JOIN directives d ON d.id = a.directive_id JOIN people p ON p.id = s.person_id
		LEFT JOIN people r ON r.id = s.reviewer_id
		WHERE s.id = $1 AND s.kind = 'clip'`
	rows, _ := s.db.Query(ctx, q, id)
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Clip])
	return c, translate(err, fmt.Sprintf("clip %d", id))
}

// UnitProgress returns one unit's state for a directive (and the
// directive with its tasks), reading only that unit's facts.
func (s *Store) UnitProgress(ctx context.Context, directiveID int64, unitCode string) (DirectiveReport, UnitReport, error) {
	var r DirectiveReport
	var u UnitReport
	err := s.snapshot(ctx, func(tx DBTX) error {
		var err error
		if r.Directive, err = directiveByID(ctx, tx, directiveID); err != nil {
			return err
		}
		if r.Tasks, err = tasksOf(ctx, tx, directiveID); err != nil {
			return err
		}
		r.At = frozenAt(r.Directive, s.Now())
		progress, err := loadProgress(ctx, tx, map[int64][]chidao.Task{directiveID: r.Tasks},
			`a.directive_id = $1 AND u.code = $2`, directiveID, unitCode)
		if errors.Is(err, chidao.ErrNotFound) {
			return fmt.Errorf("unit %s in directive %d: %w", unitCode, directiveID, chidao.ErrNotFound)
		}
		if err != nil {
			return err
		}
		items, err := loadItems(ctx, tx, directiveID, unitCode)
		if err != nil {
			return err
		}
		u = unitReport(progress[0], r.Tasks, r.At, items)
		exts, err := extensionsOf(ctx, tx, directiveID)
		if err != nil {
			return err
		}
		u.OriginalDue = r.Directive.OriginalDueAt
		for _, e := range exts {
			if e.assignmentID == progress[0].id {
				u.Extensions = append(u.Extensions, e)
			}
		}
		r.Units = []UnitReport{u}
		return nil
	})
	return r, u, err
}
