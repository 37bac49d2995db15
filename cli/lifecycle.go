package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"chidao"
	"chidao/storage"
)

// The commands of a directive's life after sending (issue 16).
var lifecycleCommands = map[string]func(context.Context, *env, []string) error{
	"edit":       directiveEdit,
	"due":        directiveDue,
	"extensions": directiveExtensions,
	"extension":  directiveExtension,
	"recall":     directiveRecall,
	"supplement": directiveSupplement,
}

// oneID parses the positional directive id.
func oneID(e *env, fs flagSet, args []string) (int64, error) {
	pos, err := parse(e, fs, args, 1)
	if err != nil {
		return 0, err
	}
	return parseID(pos[0])
}

func directiveEdit(ctx context.Context, e *env, args []string) error {
	fs := newFlags("directive edit", "directive edit ID [--title T] [--body TEXT | --body-file F] [--task N [--text TEXT] [--clips N] [--report[=false]]]... [--attach FILE]... --note REASON")
	title := fs.String("title", "", "the corrected title")
	body := fs.String("body", "", "the corrected body")
	bodyFile := fs.String("body-file", "", "file holding the corrected body")
	note := fs.String("note", "", "what was corrected and why, as the recipients read it (required)")
	var attach stringList
	fs.Var(&attach, "attach", "a file to add to the letter (repeatable)")
	edit := storage.Edit{Tasks: map[int]string{}, Clips: map[int]int{}, Reports: map[int]bool{}}
	lastTask := taskEdits(fs.FlagSet, &edit)
	id, err := oneID(e, fs, args)
	if err != nil {
		return err
	}
	if err := lastTask(); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["title"] {
		edit.Title = title
	}
	if err := editBody(&edit, set, body, bodyFile); err != nil {
		return err
	}
	for _, path := range attach {
		f, err := readAttachment(path)
		if err != nil {
			return err
		}
		edit.Attachments = append(edit.Attachments, f)
	}
	edit.Note = *note
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	c, err := s.EditDirective(ctx, actor(), id, edit)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "directive %d corrected (revision %d): %s; every recipient is told\n", id, c.Revision, changedFields(c))
	return nil
}

// taskEdits registers --task N and the flags that change that task
// (--text, --clips, --report), which fill edit's maps. The function it
// returns refuses a last --task that changes nothing.
func taskEdits(fs *flag.FlagSet, edit *storage.Edit) func() error {
	task := 0
	touched := map[int]bool{}
	fs.Func("task", "the number of the task whose text --text corrects", func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fmt.Errorf("--task wants a task number, got %q", v)
		}
		task = n
		return nil
	})
	fs.Func("text", "the corrected text of the --task just before", func(v string) error {
		if task == 0 {
			return fmt.Errorf("--text needs a --task N before it")
		}
		edit.Tasks[task], touched[task] = v, true
		return nil
	})
	fs.Func("clips", "the clips the --task just before now asks for (a changed requirement recomputes statuses)", func(v string) error {
		n, err := strconv.Atoi(v)
		if task == 0 || err != nil || n < 0 {
			return fmt.Errorf("--clips wants a whole number after --task N, got %q", v)
		}
		edit.Clips[task], touched[task] = n, true
		return nil
	})
	fs.BoolFunc("report", "the --task just before now asks for a report (--report=false: no longer)", func(v string) error {
		b, err := strconv.ParseBool(v)
		if task == 0 || err != nil {
			return fmt.Errorf("--report wants true or false after --task N, got %q", v)
		}
		edit.Reports[task], touched[task] = b, true
		return nil
	})
	return func() error {
		if task != 0 && !touched[task] {
			return fmt.Errorf("%w: --task %d has no --text, --clips or --report", ErrUsage, task)
		}
		return nil
	}
}

// editBody sets the corrected body from --body or --body-file (not both).
func editBody(edit *storage.Edit, set map[string]bool, body, bodyFile *string) error {
	switch {
	case set["body"] && set["body-file"]:
		return fmt.Errorf("%w: give --body or --body-file, not both", ErrUsage)
	case set["body"]:
		edit.Body = body
	case set["body-file"]:
		b, err := os.ReadFile(*bodyFile)
		if err != nil {
			return err
		}
		text := strings.TrimSpace(strings.ReplaceAll(string(b), "\r\n", "\n"))
		edit.Body = &text
	}
	return nil
}

func changedFields(c storage.Change) string {
	var out []string
	for k := range c.After {
		out = append(out, k)
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

func directiveDue(ctx context.Context, e *env, args []string) error {
	fs := newFlags("directive due", "directive due ID --due DATE [--unit CODE] --reason REASON")
	due := fs.String("due", "", "the new deadline YYYY-MM-DD (end of day) or YYYY-MM-DDTHH:MM, Vietnam time")
	unit := fs.String("unit", "", "one unit's code (default: every unit)")
	reason := fs.String("reason", "", "why, as the recipients read it (required)")
	id, err := oneID(e, fs, args)
	if err != nil {
		return err
	}
	if *due == "" {
		return fmt.Errorf("%w: --due is required", ErrUsage)
	}
	at, err := chidao.ParseDeadline(*due)
	if err != nil {
		return err
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	if _, err := s.MoveDue(ctx, actor(), id, at, *unit, *reason); err != nil {
		return err
	}
	who := "every unit"
	if *unit != "" {
		who = "unit " + *unit
	}
	fmt.Fprintf(e.stdout, "directive %d now due %s for %s\n", id, chidao.FormatDateTime(at), who)
	return nil
}

func directiveExtensions(ctx context.Context, e *env, args []string) error {
	fs := newFlags("directive extensions", "directive extensions [ID] [--json] [--pending]")
	asJSON := fs.Bool("json", false, "print JSON")
	pending := fs.Bool("pending", false, "only requests waiting for a decision")
	pos, err := parse(e, fs, args, -1)
	if err != nil {
		return err
	}
	var id int64
	switch len(pos) {
	case 0:
	case 1:
		if id, err = parseID(pos[0]); err != nil {
			return err
		}
	default:
		return fmt.Errorf("%w: chidao directive extensions takes at most one directive id", ErrUsage)
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	es, err := s.Extensions(ctx, id, *pending)
	if err != nil {
		return err
	}
	if *asJSON {
		type row struct {
			DirectiveID int64  `json:"directive_id"`
			Number      string `json:"directive_number"`
			Unit        string `json:"unit"`
			PreviousDue string `json:"previous_due"`
			extOut
		}
		out := []row{}
		for i, x := range extensionsOut(es) {
			out = append(out, row{es[i].DirectiveID, es[i].Number, es[i].UnitCode, chidao.FormatRFC3339(es[i].PreviousDue), x})
		}
		return writeJSON(e.stdout, out)
	}
	if len(es) == 0 {
		fmt.Fprintln(e.stdout, "No extension requests.")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDIRECTIVE\tUNIT\tSTATE\tDUE\tASKED\tGRANTED\tBY\tREASON")
	for _, x := range es {
		granted := "-"
		if x.GrantedDue != nil {
			granted = chidao.FormatDateTime(*x.GrantedDue)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", x.ID, x.Number, x.UnitCode, x.State, chidao.FormatDateTime(x.PreviousDue),
			chidao.FormatDateTime(x.RequestedDue), granted, x.RequestedBy, firstLine(x.Reason))
	}
	return tw.Flush()
}

func directiveExtension(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "decide" {
		return fmt.Errorf("%w: chidao directive extension decide EXT_ID --approve [--due DATE] | --reject --reason REASON", ErrUsage)
	}
	fs := newFlags("directive extension decide", "directive extension decide EXT_ID --approve [--due DATE] | --reject --reason REASON")
	approve := fs.Bool("approve", false, "grant the extension (until the date asked, or --due)")
	reject := fs.Bool("reject", false, "refuse it (with --reason)")
	due := fs.String("due", "", "with --approve: another deadline than the one asked")
	reason := fs.String("reason", "", "why (required with --reject)")
	pos, err := parse(e, fs, args[1:], 1)
	if err != nil {
		return err
	}
	extID, err := strconv.ParseInt(strings.TrimPrefix(pos[0], "#"), 10, 64)
	if err != nil || extID <= 0 {
		return fmt.Errorf("%w: %q is not an extension id (see chidao directive extensions)", ErrUsage, pos[0])
	}
	if *approve == *reject {
		return fmt.Errorf("%w: give --approve or --reject", ErrUsage)
	}
	if *reject && *due != "" {
		return fmt.Errorf("%w: --due goes with --approve", ErrUsage)
	}
	dec := storage.Decision{Approve: *approve, Reason: *reason}
	if *due != "" {
		if dec.Due, err = chidao.ParseDeadline(*due); err != nil {
			return err
		}
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	x, err := s.DecideExtension(ctx, actor(), extID, dec)
	if err != nil {
		return err
	}
	if x.GrantedDue != nil {
		fmt.Fprintf(e.stdout, "extension %d approved: %s due %s\n", x.ID, x.UnitCode, chidao.FormatDateTime(*x.GrantedDue))
	} else {
		fmt.Fprintf(e.stdout, "extension %d rejected\n", x.ID)
	}
	return nil
}

func directiveRecall(ctx context.Context, e *env, args []string) error {
	fs := newFlags("directive recall", "directive recall ID --reason REASON")
	reason := fs.String("reason", "", "why it is withdrawn, as the recipients read it (required)")
	id, err := oneID(e, fs, args)
	if err != nil {
		return err
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	if _, err := s.RecallDirective(ctx, actor(), id, *reason); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "directive %d recalled; every recipient is told\n", id)
	return nil
}

func directiveSupplement(ctx context.Context, e *env, args []string) error {
	fs := newFlags("directive supplement", "directive supplement ID --task TEXT [--clips N] [--report] | --attach FILE ... --note REASON")
	var in directiveFile
	var early chidao.Requirement
	taskFlags(fs, &in, &early)
	var attach stringList
	fs.Var(&attach, "attach", "a file to add (repeatable)")
	note := fs.String("note", "", "what the supplement is about, as the recipients read it (required)")
	id, err := oneID(e, fs, args)
	if err != nil {
		return err
	}
	if !early.None() {
		return fmt.Errorf("%w: --clips and --report go after the --task they apply to", ErrUsage)
	}
	sup := storage.Supplement{Note: *note}
	for _, t := range in.Tasks {
		sup.Tasks = append(sup.Tasks, storage.NewTask{Text: t.Text, Requirement: chidao.Requirement{MinClips: t.Clips, Report: t.Report}})
	}
	for _, path := range attach {
		f, err := readAttachment(path)
		if err != nil {
			return err
		}
		sup.Attachments = append(sup.Attachments, f)
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	c, err := s.SupplementDirective(ctx, actor(), id, sup)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "directive %d supplemented (revision %d); recipients get the addition\n", id, c.Revision)
	return nil
}
