package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// Extension is a unit's request for more time (gia hạn) and its decision.
type Extension struct {
	ID             int64      `json:"id"`
	DirectiveID    int64      `json:"directive_id"`
	Number         string     `json:"directive_number"`
	UnitCode       string     `json:"unit"`
	UnitName       string     `json:"unit_name"`
	PreviousDue    time.Time  `json:"previous_due"`
	RequestedDue   time.Time  `json:"requested_due"`
	GrantedDue     *time.Time `json:"granted_due"`
	Reason         string     `json:"reason"`
	State          string     `json:"state"` // pending, approved or rejected
	RequestedBy    string     `json:"requested_by"`
	RequestedByID  int64      `json:"-"`
	RequestedAt    time.Time  `json:"requested_at"`
	DecidedBy      string     `json:"decided_by"`
	DecidedAt      *time.Time `json:"decided_at"`
	DecisionReason string     `json:"decision_reason"`
	assignmentID   int64
}

const extensionQuery = `SELECT e.id, a.directive_id, d.number, u.code, u.name, e.previous_due, e.requested_due, e.granted_due, e.reason, e.state,
		coalesce(p.full_name, ''), coalesce(e.requested_by, 0), e.requested_at, coalesce(e.decided_by, ''), e.decided_at,
		coalesce(e.decision_reason, ''), e.assignment_id
	FROM extensions e JOIN assignments a ON a.id = e.assignment_id JOIN units u ON u.id = a.unit_id
	JOIN directives d ON d.id = a.directive_id LEFT JOIN people p ON p.id = e.requested_by`

func scanExtensions(rows pgx.Rows) ([]Extension, error) {
	var out []Extension
	var e Extension
	_, err := pgx.ForEachRow(rows, []any{&e.ID, &e.DirectiveID, &e.Number, &e.UnitCode, &e.UnitName, &e.PreviousDue, &e.RequestedDue,
		&e.GrantedDue, &e.Reason, &e.State, &e.RequestedBy, &e.RequestedByID, &e.RequestedAt, &e.DecidedBy, &e.DecidedAt,
		&e.DecisionReason, &e.assignmentID}, func() error {
		out = append(out, e)
		return nil
	})
	return out, translate(err, "list extensions")
}

// Extensions lists the requests for more time of one directive (or of
// every directive with id zero), pending first, then oldest first.
func (s *Store) Extensions(ctx context.Context, directiveID int64, pendingOnly bool) ([]Extension, error) {
	rows, _ := s.db.Query(ctx, extensionQuery+` WHERE ($1 = 0 OR a.directive_id = $1) AND (NOT $2 OR e.state = 'pending')
		ORDER BY e.state <> 'pending', e.id`, directiveID, pendingOnly)
	return scanExtensions(rows)
}

// extensionsOf lists a directive's requests in the order they came.
func extensionsOf(ctx context.Context, tx DBTX, directiveID int64) ([]Extension, error) {
	rows, _ := tx.Query(ctx, extensionQuery+` WHERE a.directive_id = $1 ORDER BY e.id`, directiveID)
	return scanExtensions(rows)
}

// ExtensionByID returns one request.
func (s *Store) ExtensionByID(ctx context.Context, id int64) (Extension, error) {
	return extensionByID(ctx, s.db, id)
}

func extensionByID(ctx context.Context, tx DBTX, id int64) (Extension, error) {
	rows, _ := tx.Query(ctx, extensionQuery+` WHERE e.id = $1`, id)
	es, err := scanExtensions(rows)
	if err == nil && len(es) == 0 {
		err = fmt.Errorf("extension %d: %w", id, chidao.ErrNotFound)
	}
	if err != nil {
		return Extension{}, err
	}
	return es[0], nil
}

// ErrPendingExtension is returned when the unit already waits for a decision.
var ErrPendingExtension = errors.New("an extension request is already waiting for a decision")

// RequestExtension records a unit's request for more time, asked by one
// of its people (which acknowledges the directive), and queues it to the
// Office admins.
func (s *Store) RequestExtension(ctx context.Context, personID, directiveID int64, due time.Time, reason string) (Extension, error) {
	if err := chidao.CheckText("reason", reason, true); err != nil {
		return Extension{}, err
	}
	now := s.Now()
	var ext Extension
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		aid, acked, err := assignmentFor(ctx, tx, personID, directiveID)
		if err != nil {
			return err
		}
		if !acked { // asking for more time says the letter arrived
			if err := acknowledge(ctx, tx, now, personID, aid); err != nil {
				return err
			}
		}
		d, err := directiveByID(ctx, tx, directiveID)
		if err != nil {
			return err
		}
		var current time.Time
		var unitID int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(a.due_at, $2), a.unit_id FROM assignments a WHERE a.id = $1`, aid, d.DueAt).Scan(&current, &unitID); err != nil {
			return translate(err, "assignment")
		}
		if !due.After(current) || !due.After(now) {
			return chidao.Invalid("the date asked for must be later than the current deadline %s", chidao.FormatDateTime(current))
		}
		var pending bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM extensions WHERE assignment_id = $1 AND state = 'pending')`, aid).Scan(&pending); err != nil {
			return translate(err, "extensions")
		}
		if pending {
			return ErrPendingExtension
		}
		const q = `INSERT INTO extensions (assignment_id, requested_due, previous_due, reason, requested_by, requested_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`
		var id int64
		if err := tx.QueryRow(ctx, q, aid, due, current, strings.TrimSpace(reason), personID, now).Scan(&id); err != nil {
			return translate(err, "request extension")
		}
		c := Change{DirectiveID: directiveID, Kind: "extension", Revision: d.Revision, Note: strings.TrimSpace(reason),
			Before: map[string]any{"due": current}, After: map[string]any{"extension": id, "state": "pending", "requested_due": due}}
		if _, err := recordChange(ctx, tx, now, personActor(personID), c, unitID, toOffice); err != nil {
			return err
		}
		ext, err = extensionByID(ctx, tx, id)
		return err
	})
	return ext, err
}

// Decision is the Office's answer to a request for more time.
type Decision struct {
	Approve bool
	Due     time.Time // approved: another date than the one asked (zero: as asked)
	Reason  string    // required when rejecting
}

// DecideExtension approves (until the date asked, or another) or rejects
// a pending request; the unit's people are told. A decided request cannot
// be decided again.
func (s *Store) DecideExtension(ctx context.Context, actor chidao.Actor, id int64, dec Decision) (Extension, error) {
	if !dec.Approve {
		if err := chidao.CheckText("reason", dec.Reason, true); err != nil {
			return Extension{}, err
		}
	}
	now := s.Now()
	var ext Extension
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM extensions WHERE id = $1 FOR UPDATE`, id); err != nil {
			return translate(err, "lock extension")
		}
		e, err := extensionByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if e.State != "pending" {
			return chidao.Invalid("extension %d was already %s", id, e.State)
		}
		d, err := lockActive(ctx, tx, e.DirectiveID)
		if err != nil {
			return err
		}
		state, granted, err := dec.outcome(e, now)
		if err != nil {
			return err
		}
		const q = `UPDATE extensions SET state = $2, granted_due = $3, decided_by = $4, decided_at = $5, decision_reason = nullif($6, '') WHERE id = $1`
		if _, err := tx.Exec(ctx, q, id, state, granted, actor.Label, now, strings.TrimSpace(dec.Reason)); err != nil {
			return translate(err, "decide extension")
		}
		var unitID int64
		if err := tx.QueryRow(ctx, `SELECT unit_id FROM assignments WHERE id = $1`, e.assignmentID).Scan(&unitID); err != nil {
			return translate(err, "assignment")
		}
		after := map[string]any{"extension": id, "state": state}
		if granted != nil {
			after["due"] = *granted
			if err := setUnitDue(ctx, tx, now, e.DirectiveID, e.assignmentID, *granted); err != nil {
				return err
			}
		}
		note := strings.TrimSpace(dec.Reason)
		if note == "" {
			note = e.Reason
		}
		c := Change{DirectiveID: e.DirectiveID, Kind: "extension", Revision: d.Revision, Note: note,
			Before: map[string]any{"due": e.PreviousDue, "requested_due": e.RequestedDue}, After: after}
		if _, err := recordChange(ctx, tx, now, actor, c, unitID, toUnit); err != nil {
			return err
		}
		ext, err = extensionByID(ctx, tx, id)
		return err
	})
	return ext, err
}

// outcome is the state and the deadline granted (nil: none) a decision
// gives: the date asked for, or the one the decider chose; never a past one.
func (dec Decision) outcome(e Extension, now time.Time) (string, *time.Time, error) {
	if !dec.Approve {
		return "rejected", nil, nil
	}
	g := e.RequestedDue
	if !dec.Due.IsZero() {
		g = dec.Due
	}
	if !g.After(now) {
		return "", nil, chidao.Invalid("deadline %s is in the past", chidao.FormatDateTime(g))
	}
	return "approved", &g, nil
}

// WithdrawSubmission takes back a clip link or a report: its sender may
// before the head reviewed it (a report: while the directive is open),
// afterwards only the unit's head or the Office. It returns the item.
func (s *Store) WithdrawSubmission(ctx context.Context, personID, submissionID int64) (Withdrawn, error) {
	now := s.Now()
	var w Withdrawn
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		const q = `SELECT s.assignment_id, a.directive_id, d.number, s.kind, coalesce(s.url, ''), s.text, s.person_id, coalesce(s.review, ''),
				s.withdrawn_at IS NOT NULL, d.status, a.unit_id, p.role, p.unit_id
			FROM submissions s JOIN assignments a ON a.id = s.assignment_id JOIN directives d ON d.id = a.directive_id
			JOIN people p ON p.id = $2
			WHERE s.id = $1 AND s.kind IN ('clip', 'report') FOR UPDATE OF s, a`
		var aid, unitID, personUnit, owner int64
		var review, state, role string
		var gone bool
		err := tx.QueryRow(ctx, q, submissionID, personID).Scan(&aid, &w.DirectiveID, &w.Number, &w.Kind, &w.URL, &w.Text, &owner, &review,
			&gone, &state, &unitID, &role, &personUnit)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("submission %d: %w", submissionID, chidao.ErrNotFound)
		}
		if err != nil {
			return translate(err, "submission")
		}
		w.ID = submissionID
		switch {
		case gone:
			return ErrAlreadyWithdrawn
		case state != "active":
			return chidao.ErrClosed
		case role == string(chidao.RoleAdmin), role == string(chidao.RoleHead) && personUnit == unitID:
		case owner != personID:
			return ErrNotYours
		case review != "" && review != string(chidao.ReviewPending):
			return ErrReviewed
		}
		if _, err := tx.Exec(ctx, `UPDATE submissions SET withdrawn_at = $2, withdrawn_by = $3 WHERE id = $1`, submissionID, now, personID); err != nil {
			return translate(err, "withdraw submission")
		}
		if err := audit(ctx, tx, now, personActor(personID), "submission.withdraw", "submission", submissionID,
			map[string]any{"withdrawn_at": nil, "review": review}, map[string]any{"withdrawn_at": now}); err != nil {
			return err
		}
		return refreshDone(ctx, tx, now, aid)
	})
	return w, err
}

// Withdrawn is a clip or report taken back.
type Withdrawn struct {
	ID          int64
	DirectiveID int64
	Number      string
	Kind        string
	URL, Text   string
}

// Errors of a withdrawal, for the chat to answer each in its words.
var (
	ErrAlreadyWithdrawn = errors.New("already withdrawn")
	ErrNotYours         = errors.New("sent by someone else")
	ErrReviewed         = errors.New("already reviewed: only the head or the Office can undo it")
)

// LastSubmission returns the person's newest clip or report that is not
// withdrawn, for "gửi nhầm" without a number.
func (s *Store) LastSubmission(ctx context.Context, personID int64) (int64, error) {
	const q = `SELECT s.id FROM submissions s JOIN assignments a ON a.id = s.assignment_id JOIN directives d ON d.id = a.directive_id
		WHERE s.person_id = $1 AND s.kind IN ('clip', 'report') AND s.withdrawn_at IS NULL AND d.status = 'active'
		ORDER BY s.submitted_at DESC, s.id DESC LIMIT 1`
	var id int64
	err := s.db.QueryRow(ctx, q, personID).Scan(&id)
	return id, translate(err, "last submission")
}
