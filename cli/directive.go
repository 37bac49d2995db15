package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"chidao"
	"chidao/reminders"
	"chidao/storage"
)

func runDirective(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: chidao directive create|draft|list|show|close|pause|resume|edit|due|extensions|extension|recall|supplement", ErrUsage)
	}
	if run, ok := lifecycleCommands[args[0]]; ok {
		return run(ctx, e, args[1:])
	}
	switch args[0] {
	case "create":
		return directiveCreate(ctx, e, args[1:])
	case "draft":
		return directiveDraft(ctx, e, args[1:])
	case "list":
		return directiveList(ctx, e, args[1:])
	case "show":
		return directiveShow(ctx, e, args[1:])
	case "close":
		return directiveClose(ctx, e, args[1:])
	case "pause", "resume":
		return directivePause(ctx, e, args[0], args[1:])
	}
	return fmt.Errorf("%w: unknown directive command %q (create, draft, list, show, close, pause, resume, edit, due, extensions, extension, recall, supplement)", ErrUsage, args[0])
}

// directiveFile is the JSON form of a directive (--file): the flags of
// directive create, for letters kept as files. Paths are relative to it.
type directiveFile struct {
	Number      string     `json:"number"`
	Title       string     `json:"title"`
	Body        string     `json:"body"`
	BodyFile    string     `json:"body_file"`
	IssuedOn    string     `json:"issued_on"`
	Due         string     `json:"due"`
	Units       []string   `json:"units"`
	Groups      []string   `json:"groups"`
	AllUnits    bool       `json:"all_units"`
	Attachments []string   `json:"attachments"`
	Tasks       []fileTask `json:"tasks"`
	// ReminderPolicy changes the reminders of this directive, e.g.
	// {"before_days": [5, 2], "overdue_days": 3} (see README).
	ReminderPolicy json.RawMessage `json:"reminder_policy"`
}

// fileTask is one task of a directiveFile.
type fileTask struct {
	Text   string `json:"text"`
	Clips  int    `json:"clips"`
	Report bool   `json:"report"`
	Due    string `json:"due"`
}

const createSynopsis = `directive create --number N --title T (--body TEXT | --body-file F) --due YYYY-MM-DD[THH:MM]
       (--units CODE,CODE | --group CODE... | --all) [--task TEXT [--clips N] [--report]]... [--attach FILE]... [--file DIRECTIVE.json]
       directive create --from LETTER.pdf|.docx|.txt [any flag above to override what the letter says]

--units and --group may be combined; a unit joining a group later receives the open directives addressed to it.
--clips and --report apply to the --task just before them (without --task, to the one task made of the title).`

func directiveCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlags("directive create", createSynopsis)
	var in directiveFile
	var attach stringList
	var early chidao.Requirement // --clips/--report given before any --task
	fs.StringVar(&in.Number, "number", "", "document number, e.g. 1483-CV/BTGTU")
	fs.StringVar(&in.Title, "title", "", "title (trích yếu)")
	fs.StringVar(&in.Body, "body", "", "body text")
	fs.StringVar(&in.BodyFile, "body-file", "", "file holding the body text")
	fs.StringVar(&in.IssuedOn, "issued", "", "issue date YYYY-MM-DD (default today)")
	fs.StringVar(&in.Due, "due", "", "deadline YYYY-MM-DD (end of day) or YYYY-MM-DDTHH:MM, Vietnam time")
	units := fs.String("units", "", "comma-separated target unit codes")
	var groups stringList
	fs.Var(&groups, "group", "a target group's code, e.g. cap-xa (repeatable, or comma-separated)")
	fs.BoolVar(&in.AllUnits, "all", false, "target every unit under the Office")
	taskFlags(fs, &in, &early)
	fs.Var(&attach, "attach", "a file to send with the directive, e.g. the signed PDF (repeatable)")
	file := fs.String("file", "", "read the directive from a JSON file; flags given too take precedence")
	from := fs.String("from", "", "read the directive from the signed letter (PDF, DOCX or text) and attach it; flags given too take precedence")
	if _, err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if *units != "" {
		in.Units = strings.Split(*units, ",")
	}
	in.Groups = groupCodes(groups)
	in.Attachments = append(in.Attachments, attach...)
	if *file != "" && *from != "" {
		return fmt.Errorf("%w: give --file or --from, not both", ErrUsage)
	}
	if *from != "" {
		if err := mergeLetter(ctx, e, *from, &in, fs.FlagSet); err != nil {
			return err
		}
	}
	if *file != "" {
		if err := mergeFile(*file, &in, fs.FlagSet); err != nil {
			return err
		}
	}
	d, err := in.toNew(early)
	if err != nil {
		return err
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	id, err := s.CreateDirective(ctx, actor(), d)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, id)
	return nil
}

// taskFlags adds --task (repeatable) and --clips and --report, which apply
// to the --task just before them (or, before any, to early).
func taskFlags(fs flagSet, in *directiveFile, early *chidao.Requirement) {
	req := func() *chidao.Requirement {
		if len(in.Tasks) == 0 {
			return early
		}
		t := &in.Tasks[len(in.Tasks)-1]
		return &chidao.Requirement{MinClips: t.Clips, Report: t.Report}
	}
	setReq := func(r chidao.Requirement) {
		if len(in.Tasks) == 0 {
			*early = r
			return
		}
		in.Tasks[len(in.Tasks)-1].Clips, in.Tasks[len(in.Tasks)-1].Report = r.MinClips, r.Report
	}
	fs.Func("task", "a numbered task (repeatable)", func(v string) error {
		in.Tasks = append(in.Tasks, fileTask{Text: v})
		return nil
	})
	fs.Func("clips", "the task needs at least N clips approved by the unit head", func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("--clips wants a whole number, got %q", v)
		}
		r := *req()
		r.MinClips = n
		setReq(r)
		return nil
	})
	fs.BoolFunc("report", "the task needs a written report", func(v string) error {
		b, err := strconv.ParseBool(v)
		r := *req()
		r.Report = b
		setReq(r)
		return err
	})
}

// mergeFile fills from the JSON file what the flags left unset.
func mergeFile(path string, in *directiveFile, fs *flag.FlagSet) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !utf8.Valid(data) {
		return chidao.Invalid("%s is not valid UTF-8", path)
	}
	var f directiveFile
	if err := json.Unmarshal(data, &f); err != nil {
		return chidao.Invalid("%s: %v", path, err)
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	fill := func(flagName string, dst *string, v string) {
		if !set[flagName] {
			*dst = v
		}
	}
	fill("number", &in.Number, f.Number)
	fill("title", &in.Title, f.Title)
	fill("issued", &in.IssuedOn, f.IssuedOn)
	fill("due", &in.Due, f.Due)
	if !set["body"] && !set["body-file"] {
		in.Body = f.Body
		if f.BodyFile != "" {
			in.BodyFile = filepath.Join(filepath.Dir(path), f.BodyFile)
		}
	}
	if !set["units"] && !set["all"] && !set["group"] {
		in.Units, in.AllUnits, in.Groups = f.Units, f.AllUnits, groupCodes(f.Groups)
	}
	in.ReminderPolicy = f.ReminderPolicy
	if !set["task"] && !set["clips"] && !set["report"] {
		in.Tasks = f.Tasks
	}
	for _, a := range f.Attachments {
		in.Attachments = append(in.Attachments, filepath.Join(filepath.Dir(path), a))
	}
	return nil
}

// toNew checks and converts the typed directive.
func (in directiveFile) toNew(early chidao.Requirement) (storage.NewDirective, error) {
	d := storage.NewDirective{Number: strings.TrimSpace(in.Number), Title: strings.TrimSpace(in.Title), Body: in.Body,
		AllUnits: in.AllUnits, GroupCodes: in.Groups}
	if in.Body != "" && in.BodyFile != "" {
		return d, fmt.Errorf("%w: give --body or --body-file, not both", ErrUsage)
	}
	if in.BodyFile != "" {
		b, err := os.ReadFile(in.BodyFile)
		if err != nil {
			return d, err
		}
		d.Body = strings.TrimSpace(strings.ReplaceAll(string(b), "\r\n", "\n"))
	}
	if in.Due == "" {
		return d, fmt.Errorf("%w: --due is required (YYYY-MM-DD or YYYY-MM-DDTHH:MM)", ErrUsage)
	}
	if len(in.ReminderPolicy) > 0 && string(in.ReminderPolicy) != "null" {
		if _, err := reminders.DefaultPolicy().Override(in.ReminderPolicy); err != nil {
			return d, chidao.Invalid("%v", err)
		}
		d.ReminderPolicy = in.ReminderPolicy
	}
	var err error
	if d.Due, err = chidao.ParseDeadline(in.Due); err != nil {
		return d, err
	}
	if in.IssuedOn != "" {
		if d.IssuedOn, err = chidao.ParseDate(in.IssuedOn); err != nil {
			return d, err
		}
	}
	for _, u := range in.Units {
		if u = strings.TrimSpace(u); u != "" {
			d.UnitCodes = append(d.UnitCodes, u)
		}
	}
	for i, t := range in.Tasks {
		nt := storage.NewTask{Text: t.Text, Requirement: chidao.Requirement{MinClips: t.Clips, Report: t.Report}}
		if i == 0 {
			nt.MinClips, nt.Report = max(nt.MinClips, early.MinClips), nt.Report || early.Report
		}
		if t.Due != "" {
			if nt.Due, err = chidao.ParseDeadline(t.Due); err != nil {
				return d, fmt.Errorf("task %d: %w", i+1, err)
			}
		}
		d.Tasks = append(d.Tasks, nt)
	}
	if len(d.Tasks) == 0 && !early.None() {
		d.Tasks = []storage.NewTask{{Text: d.Title, Requirement: early}}
	}
	for _, path := range in.Attachments {
		f, err := readAttachment(path)
		if err != nil {
			return d, err
		}
		d.Attachments = append(d.Attachments, f)
	}
	return d, nil
}

func readAttachment(path string) (storage.NewFile, error) {
	st, err := os.Stat(path)
	if err != nil {
		return storage.NewFile{}, err
	}
	if st.Size() > storage.MaxAttachment {
		return storage.NewFile{}, chidao.Invalid("attachment %s is larger than 50 MB", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return storage.NewFile{}, err
	}
	ct := mime.TypeByExtension(strings.ToLower(filepath.Ext(path)))
	if ct == "" {
		ct = http.DetectContentType(b)
	}
	return storage.NewFile{Name: filepath.Base(path), ContentType: ct, Content: b}, nil
}

func directiveList(ctx context.Context, e *env, args []string) error {
	fs := newFlags("directive list", "directive list [--json] [--open]")
	asJSON := fs.Bool("json", false, "print JSON")
	open := fs.Bool("open", false, "only active directives")
	if _, err := parse(e, fs, args, 0); err != nil {
		return err
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	ds, err := s.Directives(ctx, *open)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]map[string]any, len(ds))
		for i, d := range ds {
			out[i] = directiveJSON(d)
		}
		return writeJSON(e.stdout, out)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNUMBER\tSTATE\tISSUED\tDUE\tTITLE")
	for _, d := range ds {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", d.ID, d.Number, d.State, chidao.FormatDate(d.IssuedOn), chidao.FormatDateTime(d.DueAt), d.Title)
	}
	return tw.Flush()
}

func directiveJSON(d chidao.Directive) map[string]any {
	return map[string]any{"id": d.ID, "number": d.Number, "title": d.Title, "state": d.State,
		"issued_on": d.IssuedOn.Format("2006-01-02"), "due": chidao.FormatRFC3339(d.DueAt)}
}

func directiveShow(ctx context.Context, e *env, args []string) error {
	s, id, err := openWithID(ctx, e, "directive show", args)
	if err != nil {
		return err
	}
	r, err := s.DirectiveStatus(ctx, id)
	if err != nil {
		return err
	}
	files, err := s.Attachments(ctx, id)
	if err != nil {
		return err
	}
	d := r.Directive
	w := e.stdout
	fmt.Fprintf(w, "Directive %d: %s\n%s\n\n", d.ID, d.Number, d.Title)
	fmt.Fprintf(w, "Issued:    %s\nDeadline:  %s\nState:     %s\nAuthor:    %s\n", chidao.FormatDate(d.IssuedOn), chidao.FormatDateTime(d.DueAt), d.State, d.Author)
	fmt.Fprintln(w, "\nTasks:")
	for _, t := range r.Tasks {
		fmt.Fprintf(w, "  %d. %s\n     needs: %s; due %s\n", t.Position, t.Text, needs(t.Requirement()), chidao.FormatDateTime(t.DueAt))
	}
	if len(files) > 0 {
		fmt.Fprintln(w, "\nAttachments:")
		for _, f := range files {
			fmt.Fprintf(w, "  %s (%s, %d bytes)\n", f.Name, f.ContentType, f.Size)
		}
	}
	groups, err := s.DirectiveGroups(ctx, id)
	if err != nil {
		return err
	}
	if len(groups) > 0 {
		fmt.Fprintln(w, "\nGroups addressed (units joining them later receive it while it is open):")
		for _, g := range groups {
			fmt.Fprintf(w, "  %s: %s (%d units)\n", g.Code, g.Name, len(g.Units))
		}
	}
	fmt.Fprintf(w, "\nUnits (%d):", len(r.Units))
	counts := r.Count()
	for _, st := range chidao.Statuses {
		if counts[st] > 0 {
			fmt.Fprintf(w, " %s %d;", st, counts[st])
		}
	}
	fmt.Fprintln(w)
	if d.Body != "" {
		fmt.Fprintf(w, "\n%s\n", d.Body)
	}
	return nil
}

// needs describes a requirement for the Office's terminal.
func needs(r chidao.Requirement) string {
	var parts []string
	if r.MinClips > 0 {
		parts = append(parts, fmt.Sprintf("%d approved clip(s)", r.MinClips))
	}
	if r.Report {
		parts = append(parts, "a written report")
	}
	if len(parts) == 0 {
		return "acknowledgement only"
	}
	return strings.Join(parts, " and ")
}

func directiveClose(ctx context.Context, e *env, args []string) error {
	s, id, err := openWithID(ctx, e, "directive close", args)
	if err != nil {
		return err
	}
	if err := s.CloseDirective(ctx, actor(), id); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "directive %d closed\n", id)
	return nil
}

// directivePause pauses or resumes a directive's reminders.
func directivePause(ctx context.Context, e *env, verb string, args []string) error {
	s, id, err := openWithID(ctx, e, "directive "+verb, args)
	if err != nil {
		return err
	}
	if err := s.SetRemindersPaused(ctx, actor(), id, verb == "pause"); err != nil {
		return err
	}
	if verb == "pause" {
		fmt.Fprintf(e.stdout, "reminders of directive %d paused\n", id)
	} else {
		fmt.Fprintf(e.stdout, "reminders of directive %d resumed (what fell due meanwhile is not sent)\n", id)
	}
	return nil
}

// openWithID parses the one directive id a command takes and opens the database.
func openWithID(ctx context.Context, e *env, name string, args []string) (*storage.Store, int64, error) {
	pos, err := parse(e, newFlags(name, name+" ID"), args, 1)
	if err != nil {
		return nil, 0, err
	}
	id, err := parseID(pos[0])
	if err != nil {
		return nil, 0, err
	}
	s, err := e.open(ctx)
	return s, id, err
}
