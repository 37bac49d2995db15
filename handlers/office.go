package handlers

import (
	"bytes"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"chidao"
	"chidao/letter"
	"chidao/report"
	"chidao/storage"
	"chidao/texts"
)

// situation answers /tinhhinh: the open directives at a glance, or one
// directive's counts and its units needing attention, a page at a time
// (/tinhhinh NUMBER [PAGE]).
func (c *call) situation(arg string) error {
	if arg == "" {
		ds, err := c.tx.Directives(c.ctx, true)
		if err != nil {
			return err
		}
		if len(ds) == 0 {
			return c.say(texts.NoOpenDirectives)
		}
		var b strings.Builder
		b.WriteString(texts.SituationHeader(len(ds)))
		for _, d := range ds {
			r, err := c.tx.DirectiveStatus(c.ctx, d.ID)
			if err != nil {
				return err
			}
			b.WriteString(texts.SituationLine(r))
		}
		b.WriteString(c.t.SituationFooter())
		return c.sayLong(b.String())
	}
	id, page, err := c.situationTarget(arg)
	if err != nil || id == 0 {
		return err
	}
	return c.situationPage(id, page)
}

// statusOf reads a directive id or number and returns the directive's
// status; an unknown one is answered and ok is false.
func (c *call) statusOf(arg string) (storage.DirectiveReport, bool, error) {
	id, err := c.findDirective(arg)
	if err != nil || id == 0 {
		return storage.DirectiveReport{}, false, err
	}
	r, err := c.tx.DirectiveStatus(c.ctx, id)
	return r, err == nil, err
}

// findDirective reads a directive id or number; unknown ones are answered.
func (c *call) findDirective(arg string) (int64, error) {
	ds, err := c.tx.Directives(c.ctx, false)
	if err != nil {
		return 0, err
	}
	n, _ := strconv.ParseInt(arg, 10, 64)
	for _, d := range ds {
		if d.ID == n || strings.EqualFold(d.Number, arg) {
			return d.ID, nil
		}
	}
	return 0, c.say(c.t.UnknownDirective(arg))
}

// sayLong sends a text that may exceed one message, split between lines.
func (c *call) sayLong(text string) error {
	for _, part := range splitText(text, maxText) {
		if err := c.say(part); err != nil {
			return err
		}
	}
	return nil
}

// draft is a directive being written in the chat by an Office admin.
type draft struct {
	Step   string      `json:"step"` // number, tasks, due, units, confirm; a letter's: reading, title too
	Number string      `json:"number,omitempty"`
	Title  string      `json:"title,omitempty"`
	Issued time.Time   `json:"issued,omitzero"`
	Tasks  []draftTask `json:"tasks,omitempty"`
	Due    time.Time   `json:"due,omitzero"`
	Units  []string    `json:"units,omitempty"`
	Groups []string    `json:"groups,omitempty"`
	All    bool        `json:"all,omitempty"`
	File   int64       `json:"file,omitempty"`
	Letter *letterPart `json:"letter,omitempty"` // read from the signed letter (letter.go)
}

// summarize is the draft as its confirmation shows it, units by name.
func (c *call) summarize(d *draft) (texts.Draft, error) {
	out := texts.Draft{Number: d.Number, Issued: d.Issued, Title: d.Title, Due: d.Due, All: d.All, File: d.File != 0}
	for _, code := range d.Units {
		u, err := c.tx.Unit(c.ctx, code)
		if err != nil {
			return out, err
		}
		out.Units = append(out.Units, u.Name)
	}
	for _, code := range d.Groups {
		g, err := c.tx.Group(c.ctx, code)
		if err != nil {
			return out, err
		}
		out.Groups = append(out.Groups, g.Name)
	}
	for _, t := range d.Tasks {
		out.Tasks = append(out.Tasks, texts.DraftTask{Text: t.Text, Requirement: chidao.Requirement{MinClips: t.MinClips, Report: t.Report}})
	}
	return out, nil
}

type draftTask struct {
	Text     string    `json:"text"`
	MinClips int       `json:"min_clips,omitempty"`
	Report   bool      `json:"report,omitempty"`
	Assumed  bool      `json:"assumed,omitempty"` // a letter asked for clips without a number
	Due      time.Time `json:"due,omitzero"`      // a letter's own deadline for the task
}

func (c *call) startCreate() error {
	return c.askStep(&draft{Step: "number"})
}

// askStep saves the draft and asks for its current step.
func (c *call) askStep(d *draft) error {
	if err := c.setConvo(convo{Await: "create", Draft: d}); err != nil {
		return err
	}
	if d.Step == "units" {
		return c.unitPicker(d, "")
	}
	return c.send(chidao.Message{Text: texts.CreateStep(d.Step, d.File != 0)}, nil)
}

// continueCreate takes the answer to the current step.
func (c *call) continueCreate(d *draft) error {
	if d == nil {
		return c.free(0)
	}
	if doc := c.ev.Document; doc != nil && isLetter(doc) {
		return c.createFromLetter() // another letter: it replaces the draft
	}
	text := strings.TrimSpace(c.ev.Text)
	if d.Letter != nil {
		return c.letterAnswer(d, text)
	}
	switch d.Step {
	case "number":
		num, issued, title, ok := splitNumberTitle(text)
		if !ok {
			return c.retryStep(d, texts.CreateBadNumber)
		}
		d.Number, d.Issued, d.Title, d.Step = num, issued, title, "tasks"
	case "tasks":
		d.Tasks, d.Step = parseTasks(text, d.Title), "due"
	case "due":
		due, ok := letter.ParseDue(text, c.now())
		if !ok {
			return c.retryStep(d, texts.CreateBadDue)
		}
		d.Due, d.Step = due, "units"
	case "units":
		return c.typedUnits(d, text)
	default:
		return c.retryStep(d, texts.CreateUseButtons)
	}
	return c.askStep(d)
}

func (c *call) retryStep(d *draft, problem string) error {
	if err := c.setConvo(convo{Await: "create", Draft: d}); err != nil {
		return err
	}
	return c.say(problem)
}

// typedUnits adds unit codes typed instead of pressed.
func (c *call) typedUnits(d *draft, text string) error {
	for _, code := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' }) {
		u, err := c.tx.Unit(c.ctx, chidao.NormalizeUnitCode(code))
		if err != nil {
			g, gerr := c.tx.Group(c.ctx, code)
			if gerr != nil {
				return c.retryStep(d, texts.CreateUnknownUnit(code))
			}
			if !slices.Contains(d.Groups, g.Code) {
				d.Groups = append(d.Groups, g.Code)
			}
			continue
		}
		if !slices.Contains(d.Units, u.Code) {
			d.Units = append(d.Units, u.Code)
		}
	}
	return c.askStep(d)
}

// unitPicker shows the units as buttons; editOf updates an earlier picker.
func (c *call) unitPicker(d *draft, editOf string) error {
	units, err := c.tx.Units(c.ctx)
	if err != nil {
		return err
	}
	rows, err := c.groupButtons(d)
	if err != nil {
		return err
	}
	var row []chidao.Button
	for _, u := range units {
		if len(rows) == 24 {
			break
		}
		mark := ""
		if d.All || slices.Contains(d.Units, u.Code) {
			mark = "✅ "
		}
		row = append(row, chidao.Button{Text: mark + pickerLabel(u.Name, units), Data: dataf("n", u.ID)})
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if row != nil {
		rows = append(rows, row)
	}
	rows = append(rows, []chidao.Button{{Text: texts.AllUnitsButton, Data: "n:all"}, {Text: texts.UnitsDoneButton, Data: "n:done"}})
	if editOf != "" {
		return c.send(chidao.Message{EditOf: editOf, Buttons: rows}, nil)
	}
	text := texts.CreateUnits(len(units) > 40)
	if d.Letter != nil {
		text = texts.LetterPickUnits(d.Letter.Read && !d.Letter.Edit, len(units) > 40)
	}
	return c.send(chidao.Message{Text: text, Buttons: rows}, nil)
}

// createButton handles the buttons of the guided creation.
func (c *call) createButton(data string, unitID int64) error {
	var st convo
	ok, err := c.conversation(&st)
	if err != nil {
		return err
	}
	if !ok || st.Await != "create" || st.Draft == nil {
		c.answer(texts.ButtonOutdated)
		return nil
	}
	d := st.Draft
	switch data {
	case "n:cancel":
		c.answer(texts.Cancelled)
		if err := c.clearConvo(); err != nil {
			return err
		}
		return c.say(texts.CreateCancelled)
	case "n:ok":
		if d.Step != "confirm" {
			c.answer(texts.ButtonOutdated)
			return nil
		}
		return c.createConfirmed(d)
	case "n:all":
		d.All, d.Units, d.Groups = !d.All, nil, nil
	case "n:done":
		return c.unitsPicked(d)
	case "n:g":
		if err := c.toggleGroup(d, unitID); err != nil {
			return err
		}
	default:
		if err := c.toggleUnit(d, unitID); err != nil {
			return err
		}
	}
	if err := c.setConvo(convo{Await: "create", Draft: d}); err != nil {
		return err
	}
	c.answer(texts.Picked)
	return c.unitPicker(d, c.ev.MessageID)
}

// unitsPicked handles "done" under the unit picker: the letter read goes
// on to its next step; a directive typed in is summarised for confirmation.
func (c *call) unitsPicked(d *draft) error {
	if !d.All && len(d.Units) == 0 && len(d.Groups) == 0 {
		c.res = chidao.ButtonAnswer{Answer: texts.CreateNoUnits, Alert: true}
		return nil
	}
	if d.Letter != nil {
		c.answer(texts.Picked)
		d.Letter.Unmatched = nil // the admin has chosen
		return c.letterNext(d, "")
	}
	d.Step = "confirm"
	if err := c.setConvo(convo{Await: "create", Draft: d}); err != nil {
		return err
	}
	c.answer(texts.Picked)
	sum, err := c.summarize(d)
	if err != nil {
		return err
	}
	return c.send(chidao.Message{Text: texts.CreateConfirm(sum), Buttons: [][]chidao.Button{{
		{Text: texts.SendButton, Data: "n:ok"}, {Text: texts.CancelButton, Data: "n:cancel"}}}}, nil)
}

// pickerLabel fits a unit's name on a button (30 characters); when other
// units' names start the same way ("Trung tâm Văn hóa - Truyền thanh
// huyện …"), it keeps the end, which tells them apart.
func pickerLabel(name string, units []chidao.Unit) string {
	r := []rune(name)
	if len(r) <= 30 {
		return name
	}
	head := string(r[:29])
	for _, u := range units {
		if u.Name != name && strings.HasPrefix(u.Name, head) {
			words := strings.Fields(name)
			tail := words[len(words)-1]
			for i := len(words) - 2; i > 0 && len([]rune(words[i]+" "+tail)) <= 28; i-- {
				tail = words[i] + " " + tail
			}
			return "…" + strings.TrimLeft(tail, "-–— ")
		}
	}
	return shorten(name, 30)
}

// toggleUnit adds a unit to the draft's recipients, or takes it out.
func (c *call) toggleUnit(d *draft, unitID int64) error {
	units, err := c.tx.Units(c.ctx)
	if err != nil {
		return err
	}
	for _, u := range units {
		if u.ID == unitID {
			d.All, d.Units = false, toggle(d.Units, u.Code)
		}
	}
	return nil
}

// createConfirmed creates and sends the directive.
func (c *call) createConfirmed(d *draft) error {
	nd := storage.NewDirective{Number: d.Number, Title: d.Title, Due: d.Due, UnitCodes: d.Units, GroupCodes: d.Groups, AllUnits: d.All,
		AuthorID: c.person.ID, IssuedOn: d.Issued}
	if d.All {
		nd.UnitCodes, nd.GroupCodes = nil, nil
	}
	if d.Letter != nil {
		nd.Body = d.Letter.Body
	}
	for _, t := range d.Tasks {
		nd.Tasks = append(nd.Tasks, storage.NewTask{Text: t.Text, Requirement: chidao.Requirement{MinClips: t.MinClips, Report: t.Report}, Due: t.Due})
	}
	if d.File != 0 {
		nd.AttachFiles = []int64{d.File}
	}
	actor := chidao.Actor{Label: string(c.ev.Channel) + ":" + c.ev.UserID, PersonID: c.person.ID}
	var id int64
	err := c.tx.InTx(c.ctx, func(tx *storage.Store) error {
		var err error
		id, err = tx.CreateDirective(c.ctx, actor, nd)
		return err
	})
	if (errors.Is(err, chidao.ErrConflict) || errors.Is(err, chidao.ErrInvalid)) && d.Letter != nil {
		c.answer(texts.CreateFailedShort)
		return c.letterRefusedIssue(d, errors.Is(err, chidao.ErrConflict))
	}
	if errors.Is(err, chidao.ErrConflict) || errors.Is(err, chidao.ErrInvalid) {
		c.answer(texts.CreateFailedShort)
		return c.say(texts.CreateFailed(errors.Is(err, chidao.ErrConflict)))
	}
	if err != nil {
		return err
	}
	if err := c.clearConvo(); err != nil {
		return err
	}
	c.answer(texts.CreatedShort)
	r, err := c.tx.DirectiveStatus(c.ctx, id)
	if err != nil {
		return err
	}
	return c.say(c.t.Created(r))
}

// splitNumberTitle reads "number | title", "number | issue date | title"
// (or the number on the first line and the title below).
func splitNumberTitle(s string) (num string, issued time.Time, title string, ok bool) {
	num, title, ok = strings.Cut(s, "|")
	if !ok {
		num, title, ok = strings.Cut(s, "\n")
	}
	if date, rest, found := strings.Cut(title, "|"); found {
		if t, err := chidao.ParseDate(date); err == nil {
			issued, title = t, rest
		}
	}
	num, title = strings.TrimSpace(num), strings.TrimSpace(title)
	return num, issued, title, ok && num != "" && title != "" && len(num) <= 64
}

var (
	clipsWanted  = regexp.MustCompile(`(?i)\((\d{1,3})\s*clip\)`)
	reportWanted = regexp.MustCompile(`(?i)\(\s*báo cáo\s*\)`)
	dueWanted    = regexp.MustCompile(`(?i)\(\s*hạn\s+([^)]+)\)`)
)

// ParseTasks reads tasks typed one per line, as in /chidao and the
// dashboard's form: "(3 clip)" and "(báo cáo)" say what each asks back,
// "(hạn 15/04/2026)" or "(hạn 15/04/2026 17:00)" its own deadline
// (texts.TaskLine writes them).
func ParseTasks(text, title string) []storage.NewTask {
	var out []storage.NewTask
	for _, t := range parseTasks(text, title) {
		out = append(out, storage.NewTask{Text: t.Text, Requirement: chidao.Requirement{MinClips: t.MinClips, Report: t.Report}, Due: t.Due})
	}
	return out
}

// parseTasks reads one task per line; "(3 clip)" and "(báo cáo)" say what
// each asks back, "(hạn …)" its own deadline. "-" keeps the title as the
// one task.
func parseTasks(text, title string) []draftTask {
	var out []draftTask
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-•*0123456789.) "))
		if line == "" {
			continue
		}
		t := draftTask{Text: line}
		if m := clipsWanted.FindStringSubmatch(line); m != nil {
			t.MinClips, _ = strconv.Atoi(m[1])
			t.Text = strings.TrimSpace(clipsWanted.ReplaceAllString(t.Text, ""))
		}
		if reportWanted.MatchString(line) {
			t.Report = true
			t.Text = strings.TrimSpace(reportWanted.ReplaceAllString(t.Text, ""))
		}
		if m := dueWanted.FindStringSubmatch(t.Text); m != nil {
			if due, err := chidao.ParseDeadline(m[1]); err == nil {
				t.Due = due
				t.Text = strings.TrimSpace(strings.Replace(t.Text, m[0], "", 1))
			}
		}
		if t.Text != "" {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		out = []draftTask{{Text: title}}
	}
	return out
}

// summary answers /tonghop and TONG HOP: for the Office the summary of
// the directive named (or the only open one, or a choice); an officer or
// a head, who has no summary of all units, gets the unit's own standing.
func (c *call) summary(arg string) error {
	if c.person.Role != chidao.RoleAdmin {
		text, err := c.workText()
		if err != nil {
			return err
		}
		return c.sayLong(c.t.SummaryForUnit() + "\n\n" + text)
	}
	if arg != "" {
		return c.exportReport(arg)
	}
	ds, err := c.tx.Directives(c.ctx, true)
	switch {
	case err != nil:
		return err
	case len(ds) == 0:
		return c.say(texts.NoOpenDirectives)
	case len(ds) == 1:
		return c.exportReport(strconv.FormatInt(ds[0].ID, 10))
	}
	return c.pick(ds, pending{Kind: "summary"})
}

// exportReport answers /tonghop ID: the summary workbook as a document.
// Zalo cannot carry spreadsheets: there the summary comes as text.
func (c *call) exportReport(arg string) error {
	r, ok, err := c.statusOf(arg)
	if err != nil || !ok {
		return err
	}
	if c.ev.Channel == chidao.Zalo {
		return c.sayLong(texts.SituationDetail(r) + "\n\n" + texts.ExportTelegramOnly)
	}
	var b bytes.Buffer
	if err := report.XLSX(&b, r); err != nil {
		return err
	}
	file, err := c.tx.StoreFile(c.ctx, storage.NewFile{Name: report.FileName(r, "xlsx"),
		ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Content: b.Bytes()})
	if err != nil {
		return err
	}
	return c.send(chidao.Message{File: file, Text: texts.ExportCaption(r)}, nil)
}

// loginLink answers /dangnhap: a one-time link to the dashboard, valid ten
// minutes, for Office admins and unit heads.
func (c *call) loginLink() error {
	if c.person.Role != chidao.RoleAdmin && c.person.Role != chidao.RoleHead {
		return c.say(c.t.DashboardForbidden())
	}
	if c.h.DashboardURL == "" {
		return c.say(texts.DashboardUnset)
	}
	token, err := c.tx.CreateLoginLink(c.ctx, chidao.Actor{Label: string(c.ev.Channel) + ":" + c.ev.UserID, PersonID: c.person.ID},
		c.person.ID, LoginLinkTTL)
	if err != nil {
		return err
	}
	return c.sayCredential(texts.LoginLink(LoginURL(c.h.DashboardURL, token)))
}

// LoginLinkTTL is how long a login link works.
const LoginLinkTTL = 10 * time.Minute

// LoginURL is the dashboard address that signs in with token.
func LoginURL(base, token string) string {
	return strings.TrimRight(base, "/") + "/login?t=" + token
}
