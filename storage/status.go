package storage

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// assignmentProgress is the facts of one assignment the status rules read.
type assignmentProgress struct {
	id          int64
	directiveID int64
	unitCode    string
	unitName    string
	groups      []string
	assigned    time.Time
	ack         time.Time
	ackBy       string
	snoozed     time.Time
	due         time.Time // the unit's current deadline
	ownDue      bool      // the unit has its own deadline (moved for it, or extended)
	tasks       []chidao.TaskProgress
}

// loadProgress reads the facts of the assignments matching where (a SQL
// condition on aliases a and u with args), ordered by unit code. Tasks
// already read may be passed in, keyed by directive.
func loadProgress(ctx context.Context, tx DBTX, tasks map[int64][]chidao.Task, where string, args ...any) ([]assignmentProgress, error) {
	q := `SELECT a.id, a.directive_id, u.code, u.name, a.acknowledged_at, coalesce(p.full_name, ''), coalesce(a.due_at, d.due_at), a.due_at IS NOT NULL,
			coalesce(a.snoozed_until, 'epoch'), a.created_at,
			ARRAY(SELECT g.code FROM unit_group_members m JOIN unit_groups g ON g.id = m.group_id WHERE m.unit_id = u.id ORDER BY g.code)
		FROM assignments a JOIN units u ON u.id = a.unit_id JOIN directives d ON d.id = a.directive_id
		LEFT JOIN people p ON p.id = a.acknowledged_by
		WHERE ` + where + ` ORDER BY u.code`
	rows, _ := tx.Query(ctx, q, args...)
	var out []assignmentProgress
	var ap assignmentProgress
	var ack *time.Time
	_, err := pgx.ForEachRow(rows, []any{&ap.id, &ap.directiveID, &ap.unitCode, &ap.unitName, &ack, &ap.ackBy, &ap.due, &ap.ownDue, &ap.snoozed, &ap.assigned, &ap.groups}, func() error {
		if ap.snoozed.Unix() == 0 {
			ap.snoozed = time.Time{}
		}
		ap.groups = slices.Clone(ap.groups) // the scan may reuse the array
		ap.ack = time.Time{}
		if ack != nil {
			ap.ack = *ack
		}
		out = append(out, ap)
		return nil
	})
	if err != nil {
		return nil, translate(err, "load assignments")
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("assignments: %w", chidao.ErrNotFound)
	}
	if tasks == nil {
		tasks = map[int64][]chidao.Task{}
	}
	for i := range out {
		d := out[i].directiveID
		if _, ok := tasks[d]; !ok {
			if tasks[d], err = tasksOf(ctx, tx, d); err != nil {
				return nil, err
			}
		}
	}
	facts, err := loadFacts(ctx, tx, out)
	if err != nil {
		return nil, err
	}
	for i := range out {
		for _, t := range tasks[out[i].directiveID] {
			out[i].tasks = append(out[i].tasks, out[i].progress(t, facts[out[i].id]))
		}
	}
	return out, nil
}

// progress is what the status rules read of one task of the assignment:
// its requirement, deadline (the unit's own, when it has one), the
// acknowledgement, the approved clips and the first report.
func (ap assignmentProgress) progress(t chidao.Task, facts []fact) chidao.TaskProgress {
	tp := chidao.TaskProgress{Requirement: t.Requirement(), Due: t.DueAt, Acknowledged: ap.ack}
	if ap.ownDue {
		tp.Due = ap.due // the unit's own deadline replaces every task's
	}
	for _, c := range facts {
		if c.taskID != 0 && c.taskID != t.ID {
			continue
		}
		switch c.kind {
		case "clip":
			tp.ApprovedClips = append(tp.ApprovedClips, c.at)
		case "report":
			if tp.FirstReport.IsZero() || c.at.Before(tp.FirstReport) {
				tp.FirstReport = c.at
			}
		}
	}
	return tp
}

type fact struct {
	kind   string
	taskID int64
	at     time.Time
}

// loadFacts reads, per assignment, the approved clips (with their approval
// time) and the reports (with their arrival time).
func loadFacts(ctx context.Context, tx DBTX, as []assignmentProgress) (map[int64][]fact, error) {
	ids := make([]int64, len(as))
	for i, a := range as {
		ids[i] = a.id
	}
	const q = `SELECT assignment_id, kind, coalesce(task_id, 0), CASE kind WHEN 'clip' THEN reviewed_at ELSE submitted_at END
		FROM submissions WHERE assignment_id = ANY($1) AND withdrawn_at IS NULL
		AND ((kind = 'clip' AND review = 'approved') OR kind = 'report')`
	rows, _ := tx.Query(ctx, q, ids)
	out := map[int64][]fact{}
	var aid int64
	var f fact
	_, err := pgx.ForEachRow(rows, []any{&aid, &f.kind, &f.taskID, &f.at}, func() error {
		out[aid] = append(out[aid], f)
		return nil
	})
	return out, translate(err, "load submissions")
}

// UnitReport is one unit's state for a directive, as the Office reads it.
type UnitReport struct {
	Code           string
	Name           string
	Groups         []string // codes of the unit's groups now
	AssignedAt     time.Time
	Status         chidao.Status
	TaskStatuses   []chidao.Status // in task order
	AcknowledgedAt time.Time       // zero when not acknowledged
	AcknowledgedBy string
	SnoozedUntil   time.Time // reminders put off until then (zero: not snoozed)
	Due            time.Time // the unit's current deadline
	OriginalDue    time.Time // the directive's deadline when it was sent
	Extensions     []Extension
	DoneAt         time.Time
	ClipsApproved  int
	ClipsPending   int // clips waiting for the head's decision
	ClipsRequired  int // the most any task asks: every clip counts toward every task
	Clips          []Item
	Reports        []Item
	Difficulties   []Item
	assignmentID   int64
}

// Item is a clip, report or difficulty with who sent it.
type Item struct {
	ID          int64
	Kind        string
	URL         string
	Platform    string
	Text        string
	SubmittedBy string
	SubmittedAt time.Time
	Review      chidao.Review
	Reviewer    string
	Reason      string
	FileName    string
	Answer      string    // a difficulty's answer from the Office
	AnsweredBy  string    // who answered it
	AnsweredAt  time.Time // zero: not answered
	Reach       *Reach    // a clip's newest figures; nil until known
	WithdrawnAt time.Time // taken back by its sender (or undone by the head or the Office): not counted
	unitCode    string
}

// DirectiveReport is the state of a directive at an instant.
type DirectiveReport struct {
	Directive chidao.Directive
	Tasks     []chidao.Task
	At        time.Time // the instant the statuses are for
	Units     []UnitReport
}

// Count returns how many units are in each status.
func (r DirectiveReport) Count() map[chidao.Status]int {
	n := map[chidao.Status]int{}
	for _, u := range r.Units {
		n[u.Status]++
	}
	return n
}

// DirectiveStatus applies the status rules to every unit of a directive,
// now (or at the closing time of a closed directive).
func (s *Store) DirectiveStatus(ctx context.Context, id int64) (DirectiveReport, error) {
	var r DirectiveReport
	err := s.snapshot(ctx, func(tx DBTX) error {
		var err error
		if r.Directive, err = directiveByID(ctx, tx, id); err != nil {
			return err
		}
		if r.Tasks, err = tasksOf(ctx, tx, id); err != nil {
			return err
		}
		r.At = frozenAt(r.Directive, s.Now())
		progress, err := loadProgress(ctx, tx, map[int64][]chidao.Task{id: r.Tasks}, `a.directive_id = $1`, id)
		if err != nil {
			return err
		}
		items, err := loadItems(ctx, tx, id, "")
		if err != nil {
			return err
		}
		exts, err := extensionsOf(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, p := range progress {
			u := unitReport(p, r.Tasks, r.At, items)
			u.OriginalDue = r.Directive.OriginalDueAt
			for _, e := range exts {
				if e.assignmentID == p.id {
					u.Extensions = append(u.Extensions, e)
				}
			}
			r.Units = append(r.Units, u)
		}
		return nil
	})
	return r, err
}

// frozenAt is the instant a directive's statuses are for: now, or when
// it was closed or recalled.
func frozenAt(d chidao.Directive, now time.Time) time.Time {
	for _, at := range []*time.Time{d.ClosedAt, d.RecalledAt} {
		if at != nil && at.Before(now) {
			now = *at
		}
	}
	return now
}

func unitReport(p assignmentProgress, tasks []chidao.Task, at time.Time, items []Item) UnitReport {
	u := UnitReport{Code: p.unitCode, Name: p.unitName, Groups: p.groups, AssignedAt: p.assigned, AcknowledgedAt: p.ack, AcknowledgedBy: p.ackBy,
		Due: p.due, assignmentID: p.id}
	if p.snoozed.After(at) {
		u.SnoozedUntil = p.snoozed
	}
	u.Status, u.DoneAt = chidao.UnitStatus(p.tasks, p.ack, p.due, at)
	for i, tp := range p.tasks {
		u.TaskStatuses = append(u.TaskStatuses, tp.Status(at))
		u.ClipsRequired = max(u.ClipsRequired, tasks[i].MinClips) // a clip counts toward every task
	}
	for _, it := range items {
		if it.unitCode != p.unitCode {
			continue
		}
		switch it.Kind {
		case "clip":
			u.Clips = append(u.Clips, it)
			if !it.WithdrawnAt.IsZero() {
				continue
			}
			switch it.Review {
			case chidao.ReviewApproved:
				u.ClipsApproved++
			case chidao.ReviewPending:
				u.ClipsPending++
			}
		case "report":
			u.Reports = append(u.Reports, it)
		case "difficulty":
			u.Difficulties = append(u.Difficulties, it)
		}
	}
	return u
}

// loadItems reads the directive's submissions: one unit's, or with an
// empty unitCode every unit's.
func loadItems(ctx context.Context, tx DBTX, directiveID int64, unitCode string) ([]Item, error) {
	const q = `SELECT s.id, s.kind, coalesce(s.url, '') AS url, coalesce(s.platform, '') AS platform, s.text,
			p.full_name AS submitted_by, s.submitted_at, coalesce(s.review, '') AS review,
			coalesce(r.full_name, '') AS reviewer, coalesce(s.review_reason, '') AS reason,
			coalesce(f.name, '') AS file_name, coalesce(s.answer, ''), coalesce(q.full_name, ''), coalesce(s.answered_at, 'epoch'), u.code,
			coalesce(s.withdrawn_at, 'epoch')
		FROM submissions s JOIN assignments a ON a.id = s.assignment_id JOIN units u ON u.id = a.unit_id
		JOIN people p ON p.id = s.person_id LEFT JOIN people r ON r.id = s.reviewer_id LEFT JOIN files f ON f.id = s.file_id
		LEFT JOIN people q ON q.id = s.answered_by
		WHERE a.directive_id = $1 AND ($2 = '' OR u.code = $2) ORDER BY s.submitted_at, s.id`
	rows, _ := tx.Query(ctx, q, directiveID, unitCode)
	var out []Item
	var it Item
	_, err := pgx.ForEachRow(rows, []any{&it.ID, &it.Kind, &it.URL, &it.Platform, &it.Text, &it.SubmittedBy, &it.SubmittedAt,
		&it.Review, &it.Reviewer, &it.Reason, &it.FileName, &it.Answer, &it.AnsweredBy, &it.AnsweredAt, &it.unitCode, &it.WithdrawnAt}, func() error {
		if it.AnsweredAt.Unix() == 0 {
			it.AnsweredAt = time.Time{}
		}
		if it.WithdrawnAt.Unix() == 0 {
			it.WithdrawnAt = time.Time{}
		}
		out = append(out, it)
		return nil
	})
	if err != nil {
		return nil, translate(err, "load submissions")
	}
	var clips []int64
	for _, it := range out {
		if it.Kind == "clip" {
			clips = append(clips, it.ID)
		}
	}
	reach, err := latestReaches(ctx, tx, clips)
	for i := range out {
		out[i].Reach = reach[out[i].ID]
	}
	return out, err
}

// snapshot runs read-only fn on one consistent snapshot: its own repeatable
// read transaction, or the caller's transaction inside InTx.
func (s *Store) snapshot(ctx context.Context, fn func(tx DBTX) error) error {
	if s.Tx() {
		return fn(s.db)
	}
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error { return fn(tx) })
}
