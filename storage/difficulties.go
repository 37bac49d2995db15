package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// Difficulty is a difficulty a unit sent, with what answering it needs.
type Difficulty struct {
	ID          int64      `db:"id"`
	Text        string     `db:"text"`
	PersonID    int64      `db:"person_id"`
	PersonName  string     `db:"person_name"`
	UnitCode    string     `db:"unit_code"`
	UnitName    string     `db:"unit_name"`
	DirectiveID int64      `db:"directive_id"`
	SubmittedAt time.Time  `db:"submitted_at"`
	Answer      string     `db:"answer"`
	AnsweredAt  *time.Time `db:"answered_at"`
}

// DifficultyByID returns one difficulty.
func (s *Store) DifficultyByID(ctx context.Context, id int64) (Difficulty, error) {
	const q = `SELECT s.id, s.text, s.person_id, p.full_name AS person_name, u.code AS unit_code, u.name AS unit_name,
			a.directive_id, s.submitted_at, coalesce(s.answer, '') AS answer, s.answered_at
		FROM submissions s JOIN assignments a ON a.id = s.assignment_id JOIN units u ON u.id = a.unit_id
		JOIN people p ON p.id = s.person_id
		WHERE s.id = $1 AND s.kind = 'difficulty'`
	rows, _ := s.db.Query(ctx, q, id)
	d, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Difficulty])
	return d, translate(err, fmt.Sprintf("difficulty %d", id))
}

// AnswerDifficulty records the Office's answer to a difficulty, with its
// audit row; a second answer replaces the first. It returns the
// difficulty as it was before, so the caller knows whether it had been
// answered.
func (s *Store) AnswerDifficulty(ctx context.Context, actor chidao.Actor, id int64, answer string) (Difficulty, error) {
	if err := chidao.CheckText("answer", answer, true); err != nil {
		return Difficulty{}, err
	}
	now := s.Now()
	var before Difficulty
	err := s.InTx(ctx, func(tx *Store) error {
		var err error
		if before, err = tx.DifficultyByID(ctx, id); err != nil {
			return err
		}
		var personID *int64
		if actor.PersonID != 0 {
			personID = &actor.PersonID
		}
		const q = `UPDATE submissions SET answer = $2, answered_by = $3, answered_at = $4 WHERE id = $1`
		if _, err := tx.db.Exec(ctx, q, id, answer, personID, now); err != nil {
			return translate(err, "answer difficulty")
		}
		return audit(ctx, tx.db, now, actor, "submission.answer", "submission", id,
			map[string]any{"answer": nullable(before.Answer)}, map[string]any{"answer": answer})
	})
	return before, err
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// PendingClips lists the clips waiting for a review in the unit's open
// directives (every unit's when unitCode is empty, for the Office: only
// units without an active head), oldest first.
func (s *Store) PendingClips(ctx context.Context, unitCode string) ([]Clip, error) {
	const q = `SELECT s.id, s.url, s.platform, s.person_id, p.full_name AS person_name, u.code AS unit_code, u.name AS unit_name,
			a.directive_id, d.number, s.review, '' AS reviewer, s.reviewed_at, '' AS reason
		FROM submissions s JOIN assignments a ON a.id = s.assignment_id JOIN units u ON u.id = a.unit_id
		JOIN directives d ON d.id = a.directive_id JOIN people p ON p.id = s.person_id
		WHERE s.kind = 'clip' AND s.review = 'pending' AND d.status = 'active'
		AND ($1 = '' AND NOT EXISTS (SELECT 1 FROM people h WHERE h.unit_id = u.id AND h.role = 'head' AND h.active) OR u.code = $1)
		ORDER BY s.submitted_at, s.id LIMIT 20`
	rows, _ := s.db.Query(ctx, q, unitCode)
	cs, err := pgx.CollectRows(rows, pgx.RowToStructByName[Clip])
	return cs, translate(err, "pending clips")
}
