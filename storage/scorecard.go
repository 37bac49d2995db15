package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// scoredDirective is the one place that says which directives a period's
// scorecard counts: every directive issued, drafts and recalled ones
// excluded (issue 16 adds the 'recalled' state).
const scoredDirective = `d.status NOT IN ('draft', 'recalled')`

// answeredDifficulty says whether the Office answered a difficulty.
const answeredDifficulty = `s.answered_at IS NOT NULL`

// ScoreFacts are the facts a period's scorecard is computed from, read in
// one snapshot.
type ScoreFacts struct {
	At         time.Time
	Directives []ScoredDirective
	Units      []ScoredUnit // every assignment of those directives, by unit code then directive
}

// ScoredDirective is a directive of the period with its tasks and the
// instant its statuses are judged at (now, or its closing).
type ScoredDirective struct {
	chidao.Directive
	Tasks []chidao.Task
	At    time.Time
}

// ScoredUnit is what one unit did for one directive.
type ScoredUnit struct {
	DirectiveID          int64
	Code, Name           string
	Acknowledged         time.Time
	Status               chidao.Status
	DoneAt               time.Time
	Tasks                []chidao.TaskProgress
	ClipsApproved        int
	ClipsRejected        int
	ClipsPending         int
	ReportsSent          int
	Difficulties         int
	DifficultiesAnswered int
	Views                int64 // the newest views of its approved clips, summed
	ClipsMeasured        int   // approved clips whose views are known
}

// ScorecardFacts reads every unit's work for the directives issued from
// from to to (dates in Vietnam, both included). No directive in the period
// is chidao.ErrNotFound.
func (s *Store) ScorecardFacts(ctx context.Context, from, to time.Time) (ScoreFacts, error) {
	var f ScoreFacts
	err := s.snapshot(ctx, func(tx DBTX) error {
		f.At = s.Now()
		var err error
		if f.Directives, err = scoredDirectives(ctx, tx, from, to, f.At); err != nil {
			return err
		}
		if len(f.Directives) == 0 {
			return fmt.Errorf("no directive was issued from %s to %s: %w", chidao.FormatDate(from), chidao.FormatDate(to), chidao.ErrNotFound)
		}
		f.Units, err = scoredUnits(ctx, tx, f.Directives)
		return err
	})
	return f, err
}

func scoredDirectives(ctx context.Context, tx DBTX, from, to, now time.Time) ([]ScoredDirective, error) {
	q := `SELECT ` + directiveColumns + ` d WHERE ` + scoredDirective + ` AND d.issued_on BETWEEN $1::date AND $2::date ORDER BY d.issued_on, d.id`
	rows, _ := tx.Query(ctx, q, from.In(chidao.Zone).Format("2006-01-02"), to.In(chidao.Zone).Format("2006-01-02"))
	ds, err := pgx.CollectRows(rows, pgx.RowToStructByName[chidao.Directive])
	if err != nil {
		return nil, translate(err, "scored directives")
	}
	ids := make([]int64, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	const tq = `SELECT t.directive_id, t.id, t.position, t.text, t.min_clips, t.report, coalesce(t.due_at, d.due_at)
		FROM tasks t JOIN directives d ON d.id = t.directive_id WHERE t.directive_id = ANY($1) ORDER BY t.directive_id, t.position`
	trows, _ := tx.Query(ctx, tq, ids)
	tasks := map[int64][]chidao.Task{}
	var did int64
	var t chidao.Task
	_, err = pgx.ForEachRow(trows, []any{&did, &t.ID, &t.Position, &t.Text, &t.MinClips, &t.Report, &t.DueAt}, func() error {
		tasks[did] = append(tasks[did], t)
		return nil
	})
	if err != nil {
		return nil, translate(err, "scored tasks")
	}
	out := make([]ScoredDirective, len(ds))
	for i, d := range ds {
		at := now
		if d.ClosedAt != nil && d.ClosedAt.Before(at) {
			at = *d.ClosedAt
		}
		out[i] = ScoredDirective{Directive: d, Tasks: tasks[d.ID], At: at}
	}
	return out, nil
}

func scoredUnits(ctx context.Context, tx DBTX, ds []ScoredDirective) ([]ScoredUnit, error) {
	ids := make([]int64, len(ds))
	tasks := map[int64][]chidao.Task{}
	at := map[int64]time.Time{}
	for i, d := range ds {
		ids[i], tasks[d.ID], at[d.ID] = d.ID, d.Tasks, d.At
	}
	progress, err := loadProgress(ctx, tx, tasks, `a.directive_id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	counts, err := scoredCounts(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]ScoredUnit, len(progress))
	for i, p := range progress {
		u := counts[p.id]
		u.DirectiveID, u.Code, u.Name, u.Acknowledged, u.Tasks = p.directiveID, p.unitCode, p.unitName, p.ack, p.tasks
		u.Status, u.DoneAt = chidao.UnitStatus(p.tasks, p.ack, p.due, at[p.directiveID])
		out[i] = u
	}
	return out, nil
}

// scoredCounts counts, per assignment, clips by review, reports,
// difficulties and the known views of approved clips.
func scoredCounts(ctx context.Context, tx DBTX, directiveIDs []int64) (map[int64]ScoredUnit, error) {
	q := `SELECT s.assignment_id,
			count(*) FILTER (WHERE s.kind = 'clip' AND s.review = 'approved'),
			count(*) FILTER (WHERE s.kind = 'clip' AND s.review = 'rejected'),
			count(*) FILTER (WHERE s.kind = 'clip' AND s.review = 'pending'),
			count(*) FILTER (WHERE s.kind = 'report'),
			count(*) FILTER (WHERE s.kind = 'difficulty'),
			count(*) FILTER (WHERE s.kind = 'difficulty' AND ` + answeredDifficulty + `),
			coalesce(sum(r.views) FILTER (WHERE s.review = 'approved'), 0),
			count(r.views) FILTER (WHERE s.review = 'approved')
		FROM submissions s JOIN assignments a ON a.id = s.assignment_id
		LEFT JOIN LATERAL (SELECT views FROM clip_reach c WHERE c.submission_id = s.id AND s.kind = 'clip'
			ORDER BY c.measured_at DESC, c.id DESC LIMIT 1) r ON true
		WHERE a.directive_id = ANY($1) GROUP BY s.assignment_id`
	rows, _ := tx.Query(ctx, q, directiveIDs)
	out := map[int64]ScoredUnit{}
	var id int64
	var u ScoredUnit
	_, err := pgx.ForEachRow(rows, []any{&id, &u.ClipsApproved, &u.ClipsRejected, &u.ClipsPending, &u.ReportsSent, &u.Difficulties,
		&u.DifficultiesAnswered, &u.Views, &u.ClipsMeasured}, func() error {
		out[id] = u
		return nil
	})
	return out, translate(err, "scored submissions")
}
