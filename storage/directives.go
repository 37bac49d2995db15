package storage

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// NewDirective is a directive as the Office writes it.
type NewDirective struct {
	Number, Title, Body string
	IssuedOn            time.Time // zero: today in Vietnam
	Due                 time.Time
	UnitCodes           []string
	GroupCodes          []string // every unit of these groups, now and joining later while the directive is open
	AllUnits            bool     // every unit except a top unit that has sub-units (the Office)
	Tasks               []NewTask
	Attachments         []NewFile
	AttachFiles         []int64 // files already stored (a PDF sent in the chat)
	ReminderPolicy      []byte  // JSON changes to the reminder policy, checked by the caller
	AuthorID            int64   // the admin who wrote it, zero from the CLI
}

// NewTask is one numbered task; a zero Due means the directive's.
type NewTask struct {
	Text string
	chidao.Requirement
	Due time.Time
}

// NewFile is a file to store, such as the signed PDF of the letter.
type NewFile struct {
	Name, ContentType string
	Content           []byte
}

// MaxAttachment is the largest attachment accepted: what a Telegram bot may send.
const MaxAttachment = 50 << 20

func (d *NewDirective) check(now time.Time) error {
	if err := chidao.CheckText("number", d.Number, true); err != nil {
		return err
	}
	if err := chidao.CheckText("title", d.Title, true); err != nil {
		return err
	}
	if len(d.Number) > 64 {
		return chidao.Invalid("number %q is longer than 64 bytes", d.Number)
	}
	if err := chidao.CheckText("body", d.Body, false); err != nil {
		return err
	}
	if !d.Due.After(now) {
		return chidao.Invalid("deadline %s is in the past", chidao.FormatDateTime(d.Due))
	}
	if d.AllUnits == (len(d.UnitCodes) > 0 || len(d.GroupCodes) > 0) {
		return chidao.Invalid("name the target units or groups, or choose all units, not both or neither")
	}
	for i, t := range d.Tasks {
		if err := chidao.CheckText(fmt.Sprintf("task %d", i+1), t.Text, true); err != nil {
			return err
		}
		if t.MinClips < 0 || t.MinClips > 1000 {
			return chidao.Invalid("task %d asks for %d clips (0-1000)", i+1, t.MinClips)
		}
		if !t.Due.IsZero() && !t.Due.After(now) {
			return chidao.Invalid("task %d deadline %s is in the past", i+1, chidao.FormatDateTime(t.Due))
		}
	}
	for _, f := range d.Attachments {
		if err := chidao.CheckText("attachment name", f.Name, true); err != nil {
			return err
		}
		if len(f.Content) == 0 {
			return chidao.Invalid("attachment %s is empty", f.Name)
		}
		if len(f.Content) > MaxAttachment {
			return chidao.Invalid("attachment %s is larger than 50 MB", f.Name)
		}
	}
	return nil
}

// CreateDirective stores a directive with its tasks, attachments and one
// assignment per target unit, makes it active, and queues its delivery to
// every active person of those units, all in one transaction. Without
// tasks, the title becomes the one task.
func (s *Store) CreateDirective(ctx context.Context, actor chidao.Actor, d NewDirective) (int64, error) {
	now := s.Now()
	if err := d.check(now); err != nil {
		return 0, err
	}
	if d.IssuedOn.IsZero() {
		d.IssuedOn = now
	}
	if len(d.Tasks) == 0 {
		d.Tasks = []NewTask{{Text: d.Title}}
	}
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		units, groups, err := targets(ctx, tx, d)
		if err != nil {
			return err
		}
		const q = `INSERT INTO directives (number, title, body, issued_on, due_at, status, author_id, author, created_at, activated_at, reminder_policy)
			VALUES ($1, $2, $3, $4, $5, 'active', nullif($6, 0), $7, $8, $8, $9::jsonb) RETURNING id`
		y, m, dd := d.IssuedOn.In(chidao.Zone).Date()
		issued := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
		var policy *string
		if len(d.ReminderPolicy) > 0 {
			p := string(d.ReminderPolicy)
			policy = &p
		}
		err = tx.QueryRow(ctx, q, strings.TrimSpace(d.Number), strings.TrimSpace(d.Title), d.Body, issued, d.Due,
			d.AuthorID, actor.Label, now, policy).Scan(&id)
		if err != nil {
			return translate(err, "directive "+d.Number)
		}
		if err := insertTasks(ctx, tx, id, d.Tasks); err != nil {
			return err
		}
		if err := insertAttachments(ctx, tx, now, id, d.Attachments); err != nil {
			return err
		}
		const attach = `INSERT INTO directive_attachments (directive_id, file_id, position)
			SELECT $1, f, $3 + o FROM unnest($2::bigint[]) WITH ORDINALITY AS x(f, o)`
		if _, err := tx.Exec(ctx, attach, id, d.AttachFiles, len(d.Attachments)); err != nil {
			return translate(err, "attach files")
		}
		const assign = `INSERT INTO assignments (directive_id, unit_id, created_at) SELECT $1, unnest($2::bigint[]), $3`
		if _, err := tx.Exec(ctx, assign, id, units, now); err != nil {
			return translate(err, "assign units")
		}
		const addressed = `INSERT INTO directive_groups (directive_id, group_id) SELECT $1, g.id FROM unit_groups g WHERE g.code = ANY($2)`
		if _, err := tx.Exec(ctx, addressed, id, groups); err != nil {
			return translate(err, "address groups")
		}
		queued, err := queueDirective(ctx, tx, id, now)
		if err != nil {
			return err
		}
		return audit(ctx, tx, now, actor, "directive.create", "directive", id, nil, map[string]any{
			"number": d.Number, "title": d.Title, "due_at": d.Due, "units": len(units), "groups": groups, "tasks": len(d.Tasks),
			"attachments": len(d.Attachments) + len(d.AttachFiles), "deliveries_queued": queued})
	})
	return id, err
}

// targets resolves the target units and groups to unit ids (each once)
// and the groups' codes, naming any unknown one.
func targets(ctx context.Context, tx DBTX, d NewDirective) ([]int64, []string, error) {
	ids, err := targetUnits(ctx, tx, d)
	if err != nil {
		return nil, nil, err
	}
	groups := []string{}
	for _, code := range d.GroupCodes {
		g, err := groupByCode(ctx, tx, code)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: unknown group %q", chidao.ErrInvalid, code)
		}
		if slices.Contains(groups, g.Code) {
			continue
		}
		groups = append(groups, g.Code)
		const q = `SELECT unit_id FROM unit_group_members WHERE group_id = $1 ORDER BY unit_id`
		rows, _ := tx.Query(ctx, q, g.ID)
		members, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return nil, nil, translate(err, "group members")
		}
		for _, m := range members {
			if !slices.Contains(ids, m) {
				ids = append(ids, m)
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil, chidao.Invalid("the groups named have no units yet")
	}
	return ids, groups, nil
}

// targetUnits resolves the target unit codes to ids, naming any unknown one.
func targetUnits(ctx context.Context, tx DBTX, d NewDirective) ([]int64, error) {
	if d.AllUnits {
		const q = `SELECT id FROM units u WHERE parent_id IS NOT NULL
			OR NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id) ORDER BY code`
		rows, _ := tx.Query(ctx, q)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err == nil && len(ids) == 0 {
			return nil, chidao.Invalid("there are no units yet: add or import them first")
		}
		return ids, translate(err, "list units")
	}
	var ids []int64
	for _, code := range d.UnitCodes {
		u, err := unitByCode(ctx, tx, strings.TrimSpace(code))
		if err != nil {
			return nil, fmt.Errorf("%w: unknown unit %q", chidao.ErrInvalid, code)
		}
		if !slices.Contains(ids, u.ID) {
			ids = append(ids, u.ID)
		}
	}
	return ids, nil
}

func insertTasks(ctx context.Context, tx DBTX, directiveID int64, tasks []NewTask) error {
	const q = `INSERT INTO tasks (directive_id, position, text, min_clips, report, due_at) VALUES ($1, $2, $3, $4, $5, $6)`
	for i, t := range tasks {
		var due *time.Time
		if !t.Due.IsZero() {
			due = &t.Due
		}
		if _, err := tx.Exec(ctx, q, directiveID, i+1, strings.TrimSpace(t.Text), t.MinClips, t.Report, due); err != nil {
			return translate(err, fmt.Sprintf("task %d", i+1))
		}
	}
	return nil
}

func insertAttachments(ctx context.Context, tx DBTX, now time.Time, directiveID int64, files []NewFile) error {
	for i, f := range files {
		fileID, err := insertFile(ctx, tx, now, f)
		if err != nil {
			return err
		}
		const q = `INSERT INTO directive_attachments (directive_id, file_id, position) VALUES ($1, $2, $3)`
		if _, err := tx.Exec(ctx, q, directiveID, fileID, i+1); err != nil {
			return translate(err, "attach "+f.Name)
		}
	}
	return nil
}

func insertFile(ctx context.Context, tx DBTX, now time.Time, f NewFile) (int64, error) {
	if f.ContentType == "" {
		f.ContentType = "application/octet-stream"
	}
	sum := sha256.Sum256(f.Content)
	const q = `INSERT INTO files (name, content_type, size, sha256, content, created_at, fetched_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`
	var id int64
	err := tx.QueryRow(ctx, q, f.Name, f.ContentType, len(f.Content), sum[:], f.Content, now).Scan(&id)
	return id, translate(err, "store file "+f.Name)
}

// queueDirective queues the directive for every active person of its units.
func queueDirective(ctx context.Context, tx DBTX, directiveID int64, now time.Time) (int64, error) {
	const q = `INSERT INTO deliveries (dedupe_key, person_id, kind, directive_id, created_at, next_attempt_at)
		SELECT 'directive:' || a.directive_id || ':person:' || p.id, p.id, 'directive', a.directive_id, $2, $2
		FROM assignments a JOIN people p ON p.unit_id = a.unit_id AND p.active
		WHERE a.directive_id = $1
		ON CONFLICT (dedupe_key) DO NOTHING`
	tag, err := tx.Exec(ctx, q, directiveID, now)
	return tag.RowsAffected(), translate(err, "queue directive")
}

const directiveColumns = `id, number, title, body, issued_on, due_at, status, author, reminders_paused, created_at, closed_at FROM directives`

// Directive returns one directive.
func (s *Store) Directive(ctx context.Context, id int64) (chidao.Directive, error) {
	return directiveByID(ctx, s.db, id)
}

func directiveByID(ctx context.Context, tx DBTX, id int64) (chidao.Directive, error) {
	rows, _ := tx.Query(ctx, `SELECT `+directiveColumns+` WHERE id = $1`, id)
	d, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[chidao.Directive])
	return d, translate(err, fmt.Sprintf("directive %d", id))
}

// Directives lists directives, newest first; only open ones when openOnly.
func (s *Store) Directives(ctx context.Context, openOnly bool) ([]chidao.Directive, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+directiveColumns+` WHERE NOT $1 OR status = 'active' ORDER BY id DESC`, openOnly)
	ds, err := pgx.CollectRows(rows, pgx.RowToStructByName[chidao.Directive])
	return ds, translate(err, "list directives")
}

// Tasks returns the directive's tasks in order, each with its effective deadline.
func (s *Store) Tasks(ctx context.Context, directiveID int64) ([]chidao.Task, error) {
	return tasksOf(ctx, s.db, directiveID)
}

func tasksOf(ctx context.Context, tx DBTX, directiveID int64) ([]chidao.Task, error) {
	const q = `SELECT t.id, t.position, t.text, t.min_clips, t.report, coalesce(t.due_at, d.due_at) AS due_at
		FROM tasks t JOIN directives d ON d.id = t.directive_id WHERE t.directive_id = $1 ORDER BY t.position`
	rows, _ := tx.Query(ctx, q, directiveID)
	ts, err := pgx.CollectRows(rows, pgx.RowToStructByName[chidao.Task])
	return ts, translate(err, "list tasks")
}

// Attachment is a stored file's description.
type Attachment struct {
	ID          int64  `db:"id"`
	Name        string `db:"name"`
	ContentType string `db:"content_type"`
	Size        int64  `db:"size"`
}

// Attachments lists the directive's files in order.
func (s *Store) Attachments(ctx context.Context, directiveID int64) ([]Attachment, error) {
	const q = `SELECT f.id, f.name, f.content_type, f.size FROM directive_attachments a JOIN files f ON f.id = a.file_id
		WHERE a.directive_id = $1 ORDER BY a.position`
	rows, _ := s.db.Query(ctx, q, directiveID)
	as, err := pgx.CollectRows(rows, pgx.RowToStructByName[Attachment])
	return as, translate(err, "list attachments")
}

// CloseDirective closes an active directive: no more work is accepted and
// statuses are frozen at the closing time.
func (s *Store) CloseDirective(ctx context.Context, actor chidao.Actor, id int64) error {
	now := s.Now()
	return s.inTx(ctx, func(tx pgx.Tx) error {
		d, err := directiveByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.State == chidao.DirectiveClosed {
			return fmt.Errorf("directive %d: %w", id, chidao.ErrClosed)
		}
		// Conditional, so that of two concurrent closes only one writes
		// (and audits); the other waits for the row and finds it closed.
		tag, err := tx.Exec(ctx, `UPDATE directives SET status = 'closed', closed_at = $2 WHERE id = $1 AND status <> 'closed'`, id, now)
		if err != nil {
			return translate(err, "close directive")
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("directive %d: %w", id, chidao.ErrClosed)
		}
		return audit(ctx, tx, now, actor, "directive.close", "directive", id, map[string]any{"status": d.State}, map[string]any{"status": chidao.DirectiveClosed})
	})
}
