package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// assignmentFor locks the assignment of the person's unit to an active
// directive. A person whose unit is not a target gets ErrNotFound; a closed
// directive gets chidao.ErrClosed.
func assignmentFor(ctx context.Context, tx DBTX, personID, directiveID int64) (assignmentID int64, acked bool, err error) {
	const q = `SELECT a.id, a.acknowledged_at IS NOT NULL, d.status
		FROM assignments a JOIN people p ON p.unit_id = a.unit_id JOIN directives d ON d.id = a.directive_id
		WHERE p.id = $1 AND a.directive_id = $2 FOR UPDATE OF a`
	var state string
	err = tx.QueryRow(ctx, q, personID, directiveID).Scan(&assignmentID, &acked, &state)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, fmt.Errorf("directive %d for person %d: %w", directiveID, personID, chidao.ErrNotFound)
	}
	if err == nil && state != "active" {
		err = fmt.Errorf("directive %d: %w", directiveID, chidao.ErrClosed)
	}
	return assignmentID, acked, err
}

// Acknowledge marks the person's unit as having received the directive.
// The first acknowledgement wins; first reports whether this one was it.
func (s *Store) Acknowledge(ctx context.Context, personID, directiveID int64) (first bool, err error) {
	now := s.Now()
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		aid, acked, err := assignmentFor(ctx, tx, personID, directiveID)
		if err != nil || acked {
			return err
		}
		first = true
		return acknowledge(ctx, tx, now, personID, aid)
	})
	return first, err
}

func acknowledge(ctx context.Context, tx DBTX, now time.Time, personID, assignmentID int64) error {
	const q = `UPDATE assignments SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1 AND acknowledged_at IS NULL`
	if _, err := tx.Exec(ctx, q, assignmentID, now, personID); err != nil {
		return translate(err, "acknowledge")
	}
	if err := audit(ctx, tx, now, personActor(personID), "assignment.acknowledge", "assignment", assignmentID,
		map[string]any{"acknowledged_at": nil}, map[string]any{"acknowledged_at": now, "acknowledged_by": personID}); err != nil {
		return err
	}
	return refreshDone(ctx, tx, now, assignmentID)
}

func personActor(id int64) chidao.Actor {
	return chidao.Actor{Label: fmt.Sprintf("person:%d", id), PersonID: id}
}

// Submission is something a unit sent back for a directive.
type Submission struct {
	PersonID    int64
	DirectiveID int64
	TaskID      int64  // zero: the directive as a whole
	Kind        string // clip, report or difficulty
	URL         string // clips: the normalised link
	Platform    string // clips: youtube, tiktok, facebook, zalo, other
	Text        string // reports and difficulties; a clip's caption
	FileID      int64
	SourceEvent int64 // the inbox event it came from, if any
}

// Submit records a clip (pending the head's review), a report or a
// difficulty. Sending anything acknowledges the directive too. The same
// clip twice for a unit is chidao.ErrConflict.
func (s *Store) Submit(ctx context.Context, sub Submission) (int64, error) {
	if sub.Kind != "clip" && sub.Kind != "report" && sub.Kind != "difficulty" {
		return 0, chidao.Invalid("unknown submission kind %q", sub.Kind)
	}
	if err := chidao.CheckText(sub.Kind, sub.Text, sub.Kind != "clip" && sub.FileID == 0); err != nil {
		return 0, err
	}
	if sub.Kind == "clip" && sub.URL == "" {
		return 0, chidao.Invalid("a clip needs a link")
	}
	now := s.Now()
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		aid, acked, err := assignmentFor(ctx, tx, sub.PersonID, sub.DirectiveID)
		if err != nil {
			return err
		}
		if !acked {
			if err := acknowledge(ctx, tx, now, sub.PersonID, aid); err != nil {
				return err
			}
		}
		const q = `INSERT INTO submissions (assignment_id, task_id, person_id, kind, url, platform, text, file_id, source_event, submitted_at, review)
			VALUES ($1, nullif($2, 0), $3, $4, nullif($5, ''), nullif($6, ''), $7, nullif($8, 0), nullif($9, 0), $10,
				CASE WHEN $4 = 'clip' THEN 'pending' END)
			RETURNING id`
		err = tx.QueryRow(ctx, q, aid, sub.TaskID, sub.PersonID, sub.Kind, sub.URL, sub.Platform, sub.Text,
			sub.FileID, sub.SourceEvent, now).Scan(&id)
		if err != nil {
			return translate(err, sub.Kind)
		}
		if err := audit(ctx, tx, now, personActor(sub.PersonID), "submission.create", "submission", id, nil, map[string]any{
			"kind": sub.Kind, "url": sub.URL, "platform": sub.Platform, "text": sub.Text, "file_id": sub.FileID}); err != nil {
			return err
		}
		return refreshDone(ctx, tx, now, aid)
	})
	return id, err
}

// ReviewClip records the head's decision on a pending or earlier-reviewed
// clip; a rejection needs a reason. Only approved clips count.
func (s *Store) ReviewClip(ctx context.Context, reviewerID, submissionID int64, approve bool, reason string) error {
	if !approve {
		if err := chidao.CheckText("reason", reason, true); err != nil {
			return err
		}
	}
	decision := chidao.ReviewRejected
	if approve {
		decision, reason = chidao.ReviewApproved, ""
	}
	now := s.Now()
	return s.inTx(ctx, func(tx pgx.Tx) error {
		// Lock the assignment too: two approvals at once must both be seen
		// when the completion time is recomputed.
		const get = `SELECT s.assignment_id, s.review, d.status FROM submissions s
			JOIN assignments a ON a.id = s.assignment_id JOIN directives d ON d.id = a.directive_id
			WHERE s.id = $1 AND s.kind = 'clip' FOR UPDATE OF s, a`
		var aid int64
		var before, state string
		if err := tx.QueryRow(ctx, get, submissionID).Scan(&aid, &before, &state); err != nil {
			return translate(err, fmt.Sprintf("clip %d", submissionID))
		}
		if state != "active" {
			return chidao.ErrClosed
		}
		if before == string(decision) && decision == chidao.ReviewApproved {
			return nil // a second tap on "approve" keeps the first approval time
		}
		const q = `UPDATE submissions SET review = $2, reviewer_id = $3, reviewed_at = $4, review_reason = nullif($5, '') WHERE id = $1`
		if _, err := tx.Exec(ctx, q, submissionID, decision, reviewerID, now, reason); err != nil {
			return translate(err, "review clip")
		}
		if err := audit(ctx, tx, now, personActor(reviewerID), "submission.review", "submission", submissionID,
			map[string]any{"review": before}, map[string]any{"review": decision, "reason": reason}); err != nil {
			return err
		}
		return refreshDone(ctx, tx, now, aid)
	})
}

// refreshDone recomputes the assignment's completion time with the status
// rules, so that assignments.done_at always agrees with chidao.UnitStatus.
func refreshDone(ctx context.Context, tx DBTX, now time.Time, assignmentID int64) error {
	progress, err := loadProgress(ctx, tx, nil, `a.id = $1`, assignmentID)
	if err != nil {
		return err
	}
	p := progress[0]
	_, done := chidao.UnitStatus(p.tasks, p.ack, p.due, now)
	var doneAt *time.Time
	if !done.IsZero() {
		doneAt = &done
	}
	_, err = tx.Exec(ctx, `UPDATE assignments SET done_at = $2 WHERE id = $1 AND done_at IS DISTINCT FROM $2`, assignmentID, doneAt)
	return translate(err, "update completion")
}
