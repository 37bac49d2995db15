package storage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// A directive's life after it is sent (issue 16): corrections, deadlines
// moved for all or one unit, extensions, recall, supplements. Every change
// is one transaction that writes the directive, one directive_changes row
// (the history the Office reads), the audit log, and one "change" template
// per recipient in the outbox, rendered at send time (handlers.Renderer).

// Change is one entry of a directive's history.
type Change struct {
	ID          int64          `json:"id"`
	DirectiveID int64          `json:"directive_id"`
	Kind        string         `json:"kind"` // edit, due, extension, recall or supplement
	UnitCode    string         `json:"unit,omitempty"`
	UnitName    string         `json:"unit_name,omitempty"`
	Revision    int            `json:"revision"`
	Note        string         `json:"note"`
	Before      map[string]any `json:"before"`
	After       map[string]any `json:"after"`
	Actor       string         `json:"actor"`
	At          time.Time      `json:"at"`
}

// The recipients of a change's notice.
const (
	toAllUnits = "units"  // every active person of every assigned unit
	toUnit     = "unit"   // every active person of the change's unit
	toOffice   = "office" // the Office admins
)

// record writes a change row, its audit entry and the notices to its
// recipients, and returns its id.
func recordChange(ctx context.Context, tx DBTX, now time.Time, actor chidao.Actor, c Change, unitID int64, to string) (int64, error) {
	before, _ := json.Marshal(orEmpty(c.Before))
	after, _ := json.Marshal(orEmpty(c.After))
	var person *int64
	if actor.PersonID != 0 {
		person = &actor.PersonID
	}
	const q = `INSERT INTO directive_changes (directive_id, kind, unit_id, revision, note, before, after, actor, person_id, at)
		VALUES ($1, $2, nullif($3, 0), $4, $5, $6, $7, $8, $9, $10) RETURNING id`
	var id int64
	err := tx.QueryRow(ctx, q, c.DirectiveID, c.Kind, unitID, c.Revision, c.Note, before, after, actor.Label, person, now).Scan(&id)
	if err != nil {
		return 0, translate(err, "record change")
	}
	if err := audit(ctx, tx, now, actor, "directive."+c.Kind, "directive", c.DirectiveID, c.Before,
		mergeMaps(c.After, map[string]any{"note": c.Note, "change_id": id})); err != nil {
		return 0, err
	}
	var who string
	switch to {
	case toAllUnits:
		who = `SELECT p.id FROM assignments a JOIN people p ON p.unit_id = a.unit_id AND p.active WHERE a.directive_id = $1`
	case toUnit:
		who = `SELECT p.id FROM people p WHERE p.active AND p.unit_id = $3`
	case toOffice:
		who = `SELECT p.id FROM people p WHERE p.active AND p.role = 'admin'`
	default:
		return id, nil
	}
	queue := `INSERT INTO deliveries (dedupe_key, person_id, kind, directive_id, payload, created_at, next_attempt_at)
		SELECT 'change:' || $2::bigint || ':person:' || w.id, w.id, 'change', $1, jsonb_build_object('change', $2::bigint), $4, $4
		FROM (` + who + `) w WHERE $3::bigint >= 0 ON CONFLICT (dedupe_key) DO NOTHING`
	if _, err := tx.Exec(ctx, queue, c.DirectiveID, id, unitID, now); err != nil {
		return 0, translate(err, "queue change notices")
	}
	return id, nil
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func mergeMaps(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// ChangeByID returns one entry of a directive's history.
func (s *Store) ChangeByID(ctx context.Context, id int64) (Change, error) {
	cs, err := s.changes(ctx, `c.id = $1`, id)
	if err == nil && len(cs) == 0 {
		err = fmt.Errorf("change %d: %w", id, chidao.ErrNotFound)
	}
	if err != nil {
		return Change{}, err
	}
	return cs[0], nil
}

// History returns a directive's changes, oldest first.
func (s *Store) History(ctx context.Context, directiveID int64) ([]Change, error) {
	return s.changes(ctx, `c.directive_id = $1`, directiveID)
}

func (s *Store) changes(ctx context.Context, where string, arg any) ([]Change, error) {
	q := `SELECT c.id, c.directive_id, c.kind, coalesce(u.code, ''), coalesce(u.name, ''), c.revision, c.note, c.before, c.after, c.actor, c.at
		FROM directive_changes c LEFT JOIN units u ON u.id = c.unit_id WHERE ` + where + ` ORDER BY c.id`
	rows, _ := s.db.Query(ctx, q, arg)
	var out []Change
	var c Change
	_, err := pgx.ForEachRow(rows, []any{&c.ID, &c.DirectiveID, &c.Kind, &c.UnitCode, &c.UnitName, &c.Revision, &c.Note,
		&c.Before, &c.After, &c.Actor, &c.At}, func() error {
		out = append(out, c)
		c.Before, c.After = nil, nil
		return nil
	})
	return out, translate(err, "list changes")
}

// lockActive locks an active directive for a change; any other state is
// refused with a message for the Office.
func lockActive(ctx context.Context, tx DBTX, id int64) (chidao.Directive, error) {
	if _, err := tx.Exec(ctx, `SELECT 1 FROM directives WHERE id = $1 FOR UPDATE`, id); err != nil {
		return chidao.Directive{}, translate(err, "lock directive")
	}
	d, err := directiveByID(ctx, tx, id)
	if err != nil {
		return d, err
	}
	switch d.State {
	case "closed":
		return d, chidao.Invalid("directive %s is closed", d.Number)
	case "recalled":
		return d, chidao.Invalid("directive %s was recalled", d.Number)
	case "draft":
		return d, chidao.Invalid("directive %s has not been sent", d.Number)
	}
	return d, nil
}

// refreshAll recomputes the completion of every assignment of a directive.
func refreshAll(ctx context.Context, tx DBTX, now time.Time, directiveID int64, where string) error {
	rows, _ := tx.Query(ctx, `SELECT id FROM assignments a WHERE directive_id = $1`+where, directiveID)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return translate(err, "list assignments")
	}
	for _, id := range ids {
		if err := refreshDone(ctx, tx, now, id); err != nil {
			return err
		}
	}
	return nil
}

// Edit is a correction of a sent directive: what is not set stays.
type Edit struct {
	Title, Body *string
	Tasks       map[int]string // task position to its corrected text
	Clips       map[int]int    // task position to the clips it now asks for
	Reports     map[int]bool   // task position to whether it now asks for a report
	Attachments []NewFile      // files added to the letter (a corrected PDF)
	Note        string         // why, as the recipients read it
}

// ErrNothingChanged is an edit that would change nothing (it is invalid
// input: errors.Is(err, chidao.ErrInvalid) holds too).
var ErrNothingChanged = fmt.Errorf("%w: the edit changes nothing", chidao.ErrInvalid)

// EditDirective corrects a sent directive and queues the correction to
// every recipient (Telegram copies are edited in place, Zalo gets a
// notice quoting what changed). An edit that changes nothing is refused.
func (s *Store) EditDirective(ctx context.Context, actor chidao.Actor, id int64, e Edit) (Change, error) {
	if err := chidao.CheckText("note", e.Note, true); err != nil {
		return Change{}, err
	}
	now := s.Now()
	var c Change
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		d, err := lockActive(ctx, tx, id)
		if err != nil {
			return err
		}
		tasks, err := tasksOf(ctx, tx, id)
		if err != nil {
			return err
		}
		before, after, err := e.diff(d, tasks)
		if err != nil {
			return err
		}
		if err := applyEdit(ctx, tx, id, len(tasks), e, after); err != nil {
			return err
		}
		if len(e.Attachments) > 0 {
			names, err := appendAttachments(ctx, tx, now, id, e.Attachments)
			if err != nil {
				return err
			}
			after["attachments"] = names
		}
		// A requirement that changed recomputes every unit's completion.
		if err := refreshAll(ctx, tx, now, id, ``); err != nil {
			return err
		}
		c = Change{DirectiveID: id, Kind: "edit", Revision: d.Revision + 1, Note: strings.TrimSpace(e.Note), Before: before, After: after}
		c.ID, err = recordChange(ctx, tx, now, actor, c, 0, toAllUnits)
		return err
	})
	return c, err
}

// diff checks an edit against the directive and its tasks and returns what
// it changes, before and after, keyed "title", "body", "task N", "clips N",
// "report N". An edit that changes nothing is refused.
func (e Edit) diff(d chidao.Directive, tasks []chidao.Task) (before, after map[string]any, err error) {
	before, after = map[string]any{}, map[string]any{}
	if e.Title != nil && strings.TrimSpace(*e.Title) != d.Title {
		if err := chidao.CheckText("title", *e.Title, true); err != nil {
			return nil, nil, err
		}
		before["title"], after["title"] = d.Title, strings.TrimSpace(*e.Title)
	}
	if e.Body != nil && *e.Body != d.Body {
		if err := chidao.CheckText("body", *e.Body, false); err != nil {
			return nil, nil, err
		}
		before["body"], after["body"] = d.Body, *e.Body
	}
	if err := e.taskDiff(d.Number, tasks, before, after); err != nil {
		return nil, nil, err
	}
	for _, f := range e.Attachments {
		if len(f.Content) == 0 || len(f.Content) > MaxAttachment {
			return nil, nil, chidao.Invalid("attachment %s is empty or larger than 50 MB", f.Name)
		}
	}
	if len(after) == 0 && len(e.Attachments) == 0 {
		return nil, nil, fmt.Errorf("%w in directive %s", ErrNothingChanged, d.Number)
	}
	return before, after, nil
}

// taskDiff adds to before and after what an edit changes in the tasks:
// their texts ("task N"), clips ("clips N") and reports ("report N").
func (e Edit) taskDiff(number string, tasks []chidao.Task, before, after map[string]any) error {
	task := func(pos int) (chidao.Task, error) {
		if pos < 1 || pos > len(tasks) {
			return chidao.Task{}, chidao.Invalid("directive %s has no task %d", number, pos)
		}
		return tasks[pos-1], nil
	}
	for pos, text := range e.Tasks {
		t, err := task(pos)
		if err == nil {
			err = chidao.CheckText(fmt.Sprintf("task %d", pos), text, true)
		}
		if err != nil {
			return err
		}
		if strings.TrimSpace(text) != t.Text {
			before[fmt.Sprintf("task %d", pos)], after[fmt.Sprintf("task %d", pos)] = t.Text, strings.TrimSpace(text)
		}
	}
	for pos, n := range e.Clips {
		t, err := task(pos)
		if err != nil {
			return err
		}
		if n < 0 || n > 1000 {
			return chidao.Invalid("task %d asks for %d clips (0-1000)", pos, n)
		}
		if n != t.MinClips {
			before[fmt.Sprintf("clips %d", pos)], after[fmt.Sprintf("clips %d", pos)] = t.MinClips, n
		}
	}
	for pos, r := range e.Reports {
		t, err := task(pos)
		if err != nil {
			return err
		}
		if r != t.Report {
			before[fmt.Sprintf("report %d", pos)], after[fmt.Sprintf("report %d", pos)] = t.Report, r
		}
	}
	return nil
}

// applyEdit writes what diff found changed: the directive's title and
// body (and its revision), the tasks' texts and requirements.
func applyEdit(ctx context.Context, tx DBTX, id int64, tasks int, e Edit, after map[string]any) error {
	const upd = `UPDATE directives SET title = coalesce($2, title), body = coalesce($3, body), revision = revision + 1 WHERE id = $1`
	if _, err := tx.Exec(ctx, upd, id, after["title"], after["body"]); err != nil {
		return translate(err, "correct directive")
	}
	for pos := range e.Tasks {
		if v, ok := after[fmt.Sprintf("task %d", pos)]; ok {
			if _, err := tx.Exec(ctx, `UPDATE tasks SET text = $3 WHERE directive_id = $1 AND position = $2`, id, pos, v); err != nil {
				return translate(err, "correct task")
			}
		}
	}
	const req = `UPDATE tasks SET min_clips = coalesce($3, min_clips), report = coalesce($4, report) WHERE directive_id = $1 AND position = $2`
	for pos := 1; pos <= tasks; pos++ {
		n, r := after[fmt.Sprintf("clips %d", pos)], after[fmt.Sprintf("report %d", pos)]
		if n == nil && r == nil {
			continue
		}
		if _, err := tx.Exec(ctx, req, id, pos, n, r); err != nil {
			return translate(err, "change task requirement")
		}
	}
	return nil
}

// appendAttachments adds files after the directive's others.
func appendAttachments(ctx context.Context, tx DBTX, now time.Time, id int64, files []NewFile) ([]string, error) {
	var last int
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(position), 0) FROM directive_attachments WHERE directive_id = $1`, id).Scan(&last); err != nil {
		return nil, translate(err, "attachments")
	}
	var names []string
	for i, f := range files {
		fileID, err := insertFile(ctx, tx, now, f)
		if err != nil {
			return nil, err
		}
		const q = `INSERT INTO directive_attachments (directive_id, file_id, position) VALUES ($1, $2, $3)`
		if _, err := tx.Exec(ctx, q, id, fileID, last+i+1); err != nil {
			return nil, translate(err, "attach "+f.Name)
		}
		names = append(names, f.Name)
	}
	return names, nil
}

// replanReminders lets the sweep look again at the last day of the
// assignments matching where: a deadline moved earlier has reminders
// whose time came already (a deadline tomorrow had its "one day before"
// this morning); the ledger keeps those already sent from going twice.
func replanReminders(ctx context.Context, tx DBTX, now time.Time, directiveID int64, where string, args ...any) error {
	q := `UPDATE assignments a SET reminded_through = greatest(a.created_at, least(coalesce(a.reminded_through, a.created_at), $2::timestamptz - interval '24 hours'))
		WHERE a.directive_id = $1` + where
	_, err := tx.Exec(ctx, q, append([]any{directiveID, now}, args...)...)
	return translate(err, "replan reminders")
}

// MoveDue moves the deadline of every unit (unitCode empty) or of one. A
// deadline moved for every unit becomes every task's; units extended
// beyond it keep their extension. Statuses follow each unit's deadline.
func (s *Store) MoveDue(ctx context.Context, actor chidao.Actor, id int64, due time.Time, unitCode, reason string) (Change, error) {
	if err := chidao.CheckText("reason", reason, true); err != nil {
		return Change{}, err
	}
	now := s.Now()
	if !due.After(now) {
		return Change{}, chidao.Invalid("deadline %s is in the past", chidao.FormatDateTime(due))
	}
	var c Change
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		d, err := lockActive(ctx, tx, id)
		if err != nil {
			return err
		}
		c = Change{DirectiveID: id, Kind: "due", Revision: d.Revision, Note: strings.TrimSpace(reason)}
		if unitCode == "" {
			if due.Equal(d.DueAt) {
				return chidao.Invalid("directive %s is already due %s", d.Number, chidao.FormatDateTime(due))
			}
			c.Before, c.After = map[string]any{"due": d.DueAt}, map[string]any{"due": due}
			if _, err := tx.Exec(ctx, `UPDATE directives SET due_at = $2 WHERE id = $1`, id, due); err != nil {
				return translate(err, "move deadline")
			}
			if _, err := tx.Exec(ctx, `UPDATE tasks SET due_at = NULL WHERE directive_id = $1`, id); err != nil {
				return translate(err, "move task deadlines")
			}
			if _, err := tx.Exec(ctx, `UPDATE assignments SET due_at = NULL WHERE directive_id = $1 AND due_at <= $2`, id, due); err != nil {
				return translate(err, "move unit deadlines")
			}
			if err := replanReminders(ctx, tx, now, id, ``); err != nil {
				return err
			}
			if err := refreshAll(ctx, tx, now, id, ``); err != nil {
				return err
			}
			c.ID, err = recordChange(ctx, tx, now, actor, c, 0, toAllUnits)
			return err
		}
		a, err := assignmentOf(ctx, tx, id, unitCode)
		if err != nil {
			return err
		}
		if due.Equal(a.due) {
			return chidao.Invalid("unit %s is already due %s", unitCode, chidao.FormatDateTime(due))
		}
		c.Before, c.After = map[string]any{"due": a.due}, map[string]any{"due": due}
		if err := setUnitDue(ctx, tx, now, id, a.id, due); err != nil {
			return err
		}
		c.ID, err = recordChange(ctx, tx, now, actor, c, a.unitID, toUnit)
		return err
	})
	return c, err
}

func setUnitDue(ctx context.Context, tx DBTX, now time.Time, directiveID, assignmentID int64, due time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE assignments SET due_at = $2 WHERE id = $1`, assignmentID, due); err != nil {
		return translate(err, "move unit deadline")
	}
	if err := replanReminders(ctx, tx, now, directiveID, ` AND a.id = $3`, assignmentID); err != nil {
		return err
	}
	return refreshDone(ctx, tx, now, assignmentID)
}

type assignmentRow struct {
	id, unitID int64
	unitName   string
	due        time.Time
}

// assignmentOf locks the assignment of a unit to a directive.
func assignmentOf(ctx context.Context, tx DBTX, directiveID int64, unitCode string) (assignmentRow, error) {
	const q = `SELECT a.id, u.id, u.name, coalesce(a.due_at, d.due_at) FROM assignments a JOIN units u ON u.id = a.unit_id
		JOIN directives d ON d.id = a.directive_id WHERE a.directive_id = $1 AND u.code = $2 FOR UPDATE OF a`
	var a assignmentRow
	err := tx.QueryRow(ctx, q, directiveID, strings.TrimSpace(unitCode)).Scan(&a.id, &a.unitID, &a.unitName, &a.due)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, chidao.Invalid("unit %q is not a recipient of directive %d", unitCode, directiveID)
	}
	return a, translate(err, "assignment")
}

// RecallDirective withdraws an active directive with a reason: reminders
// and work stop, every recipient is told (Telegram copies are edited to
// show it), it leaves officers' lists and period statistics and stays in
// the audit and the status as "recalled".
func (s *Store) RecallDirective(ctx context.Context, actor chidao.Actor, id int64, reason string) (Change, error) {
	if err := chidao.CheckText("reason", reason, true); err != nil {
		return Change{}, err
	}
	now := s.Now()
	var c Change
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		d, err := lockActive(ctx, tx, id)
		if err != nil {
			return err
		}
		const q = `UPDATE directives SET status = 'recalled', recalled_at = $2, recall_reason = $3 WHERE id = $1`
		if _, err := tx.Exec(ctx, q, id, now, strings.TrimSpace(reason)); err != nil {
			return translate(err, "recall directive")
		}
		c = Change{DirectiveID: id, Kind: "recall", Revision: d.Revision, Note: strings.TrimSpace(reason),
			Before: map[string]any{"status": d.State}, After: map[string]any{"status": "recalled"}}
		c.ID, err = recordChange(ctx, tx, now, actor, c, 0, toAllUnits)
		return err
	})
	return c, err
}

// Supplement is what a supplement (văn bản bổ sung) adds to a directive.
type Supplement struct {
	Tasks       []NewTask
	Attachments []NewFile
	Note        string
}

// SupplementDirective adds tasks or attachments to a sent directive;
// recipients get just the addition. Units that had completed everything
// are back in progress only when a new task asks them for something.
func (s *Store) SupplementDirective(ctx context.Context, actor chidao.Actor, id int64, sup Supplement) (Change, error) {
	if err := chidao.CheckText("note", sup.Note, true); err != nil {
		return Change{}, err
	}
	if len(sup.Tasks) == 0 && len(sup.Attachments) == 0 {
		return Change{}, chidao.Invalid("a supplement adds a task or an attachment")
	}
	now := s.Now()
	var c Change
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		d, err := lockActive(ctx, tx, id)
		if err != nil {
			return err
		}
		old, err := tasksOf(ctx, tx, id)
		if err != nil {
			return err
		}
		after := map[string]any{}
		var added []map[string]any
		for i, t := range sup.Tasks {
			pos := len(old) + i + 1
			if err := chidao.CheckText(fmt.Sprintf("task %d", pos), t.Text, true); err != nil {
				return err
			}
			if t.MinClips < 0 || t.MinClips > 1000 {
				return chidao.Invalid("task %d asks for %d clips (0-1000)", pos, t.MinClips)
			}
			const q = `INSERT INTO tasks (directive_id, position, text, min_clips, report) VALUES ($1, $2, $3, $4, $5)`
			if _, err := tx.Exec(ctx, q, id, pos, strings.TrimSpace(t.Text), t.MinClips, t.Report); err != nil {
				return translate(err, fmt.Sprintf("task %d", pos))
			}
			added = append(added, map[string]any{"position": pos, "text": strings.TrimSpace(t.Text), "clips": t.MinClips, "report": t.Report})
		}
		if len(added) > 0 {
			after["tasks"] = added
		}
		if len(sup.Attachments) > 0 {
			names, err := appendAttachments(ctx, tx, now, id, sup.Attachments)
			if err != nil {
				return err
			}
			after["attachments"] = names
		}
		if _, err := tx.Exec(ctx, `UPDATE directives SET revision = revision + 1 WHERE id = $1`, id); err != nil {
			return translate(err, "supplement directive")
		}
		if err := refreshAll(ctx, tx, now, id, ``); err != nil {
			return err
		}
		c = Change{DirectiveID: id, Kind: "supplement", Revision: d.Revision + 1, Note: strings.TrimSpace(sup.Note),
			Before: map[string]any{"tasks": len(old)}, After: after}
		c.ID, err = recordChange(ctx, tx, now, actor, c, 0, toAllUnits)
		return err
	})
	return c, err
}

// Copy is one message of a directive as it reached a person.
type Copy struct {
	Channel   chidao.Channel
	MessageID string
	SentAt    time.Time
	File      int64 // a document's file; zero for a text
}

// SentCopies lists the parts of the directive sent to the person, in the
// order they went: the messages a correction edits in place.
func (s *Store) SentCopies(ctx context.Context, personID, directiveID int64) ([]Copy, error) {
	const q = `SELECT channel, external_message_id, sent_at, coalesce((payload->'message'->>'file')::bigint, 0)
		FROM deliveries WHERE person_id = $1 AND directive_id = $2 AND kind = 'directive.part' AND state = 'sent'
			AND external_message_id IS NOT NULL AND channel IS NOT NULL ORDER BY id`
	rows, _ := s.db.Query(ctx, q, personID, directiveID)
	var out []Copy
	var c Copy
	_, err := pgx.ForEachRow(rows, []any{&c.Channel, &c.MessageID, &c.SentAt, &c.File}, func() error {
		out = append(out, c)
		return nil
	})
	return out, translate(err, "sent copies")
}
