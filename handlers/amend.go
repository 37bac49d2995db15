package handlers

import (
	"errors"
	"strconv"
	"strings"

	"chidao"
	"chidao/intent"
	"chidao/storage"
	"chidao/texts"
)

// The Office's corrections and supplements in chat (issue 16): /dinhchinh
// and /bosung on Telegram, DINH CHINH and BO SUNG typed on Zalo. Each is
// asked step by step and shown for confirmation before anything is
// written; the change then goes through the store like the CLI's.
//
//	correction: which part (TRICH YEU, NOI DUNG, NHIEM VU n) → the new text → the note → GUI
//	supplement: the new task's text → what it asks for (a number of clips, BAO CAO, KHONG) → the note → GUI

// amend is a correction or a supplement being written in chat.
type amend struct {
	Kind   string `json:"kind"`            // edit or supplement
	Number string `json:"number"`          // the directive's number, for the texts
	Field  string `json:"field,omitempty"` // title, body or task (a correction)
	Task   int    `json:"task,omitempty"`
	Before string `json:"before,omitempty"`
	Text   string `json:"text,omitempty"`
	Clips  int    `json:"clips,omitempty"`
	Report bool   `json:"report,omitempty"`
	Note   string `json:"note,omitempty"`
}

// typedAmend reports whether folded text is the keyword alone or followed
// by a directive number ("bo sung 1483-cv/btgtu", "dinh chinh 12"): a
// sentence that merely begins with "bổ sung" is left to the recogniser.
func typedAmend(folded, keyword string) bool {
	if folded == keyword {
		return true
	}
	rest, ok := strings.CutPrefix(folded, keyword+" ")
	if !ok {
		return false
	}
	first := strings.Fields(rest)[0]
	return strings.ContainsAny(first, "0123456789")
}

// startAmend opens a correction (kind "edit") or a supplement of the
// directive whose number is arg.
func (c *call) startAmend(kind, arg string) error {
	arg = strings.TrimSpace(arg)
	if arg == "" {
		if kind == "edit" {
			return c.say(texts.CorrectUsage)
		}
		return c.say(texts.SupplementUsage)
	}
	id, err := c.findDirective(strings.Fields(arg)[0])
	if err != nil || id == 0 {
		return err
	}
	d, err := c.tx.Directive(c.ctx, id)
	if err != nil {
		return err
	}
	if d.State != "active" {
		return c.say(texts.AmendFailed)
	}
	a := &amend{Kind: kind, Number: d.Number}
	if kind == "supplement" {
		return c.askFor(convo{Await: "sup-task", Directive: id, Amend: a}, texts.AskSupplementTask(d))
	}
	tasks, err := c.tx.Tasks(c.ctx, id)
	if err != nil {
		return err
	}
	return c.askFor(convo{Await: "fix-what", Directive: id, Amend: a}, texts.AskFixWhat(d, tasks))
}

// resumeAmend takes the answer to a step of a correction or a supplement.
func (c *call) resumeAmend(st convo, text string) error {
	a := st.Amend
	if a == nil {
		return c.free(0)
	}
	if text == "" {
		return c.askFor(st, texts.AmendEmpty)
	}
	folded := strings.Join(strings.Fields(intent.Fold(text)), " ")
	switch st.Await {
	case "fix-what":
		return c.fixWhat(st, folded)
	case "fix-text":
		a.Text = text
		st.Await = "amend-note"
		return c.askFor(st, texts.AskFixNote)
	case "sup-task":
		a.Text = text
		st.Await = "sup-need"
		return c.askFor(st, texts.AskSupplementNeed)
	case "sup-need":
		r, ok := supplementNeed(folded)
		if !ok {
			return c.askFor(st, texts.SupplementNeedAgain)
		}
		a.Clips, a.Report = r.MinClips, r.Report
		st.Await = "amend-note"
		return c.askFor(st, texts.AskSupplementNote)
	case "amend-note":
		a.Note = text
		st.Await = "amend-confirm"
		return c.confirmAmend(st)
	case "amend-confirm":
		switch folded {
		case "gui", "gui di", "co", "dong y", "ok":
			return c.sendAmend(st)
		}
		return c.askFor(st, texts.AmendConfirmAgain)
	}
	return c.free(0)
}

// fixWhat takes which part a correction changes, quotes its text now
// and asks for the corrected one.
func (c *call) fixWhat(st convo, folded string) error {
	a := st.Amend
	d, err := c.tx.Directive(c.ctx, st.Directive)
	if err != nil {
		return err
	}
	tasks, err := c.tx.Tasks(c.ctx, st.Directive)
	if err != nil {
		return err
	}
	field, pos := fixField(folded)
	switch {
	case field == "title":
		a.Before = d.Title
	case field == "body":
		a.Before = d.Body
	case field == "task" && pos >= 1 && pos <= len(tasks):
		a.Before = tasks[pos-1].Text
	default:
		return c.askFor(st, texts.FixWhatAgain)
	}
	a.Field, a.Task = field, pos
	st.Await = "fix-text"
	return c.askFor(st, texts.AskFixText(field, pos, a.Before))
}

// fixField reads which part a correction changes: TRICH YEU, NOI DUNG,
// NHIEM VU 2 (or NV 2, or just 2).
func fixField(folded string) (string, int) {
	switch folded {
	case "trich yeu", "tieu de":
		return "title", 0
	case "noi dung", "noi dung van ban":
		return "body", 0
	}
	rest := folded
	for _, p := range []string{"nhiem vu so ", "nhiem vu ", "nv "} {
		if r, ok := strings.CutPrefix(folded, p); ok {
			rest = r
			break
		}
	}
	if n, err := strconv.Atoi(strings.TrimSpace(rest)); err == nil {
		return "task", n
	}
	return "", 0
}

// supplementNeed reads what a new task asks for: a number of clips,
// BAO CAO, both ("2 clip, bao cao"), or KHONG.
func supplementNeed(folded string) (chidao.Requirement, bool) {
	var r chidao.Requirement
	if folded == "khong" || folded == "0" || folded == "khong can" {
		return r, true
	}
	found := false
	for _, w := range strings.FieldsFunc(folded, func(r rune) bool { return r == ' ' || r == ',' || r == ';' }) {
		if n, err := strconv.Atoi(w); err == nil && n >= 0 && n <= 1000 {
			r.MinClips, found = n, true
		}
	}
	if strings.Contains(folded, "bao cao") {
		r.Report, found = true, true
	}
	return r, found
}

// confirmAmend shows what will be sent and waits for GUI (or the button).
func (c *call) confirmAmend(st convo) error {
	if err := c.setConvo(st); err != nil {
		return err
	}
	a, zalo := st.Amend, c.ev.Channel == chidao.Zalo
	var text string
	if a.Kind == "edit" {
		text = texts.ConfirmCorrection(a.Number, a.Field, a.Task, a.Before, a.Text, a.Note, zalo)
	} else {
		text = texts.ConfirmSupplement(a.Number, a.Text, chidao.Requirement{MinClips: a.Clips, Report: a.Report}, a.Note, zalo)
	}
	m := chidao.Message{Text: text}
	if !zalo {
		m.Buttons = [][]chidao.Button{{{Text: texts.AmendSendButton, Data: dataf("ams", st.Directive)},
			{Text: texts.AmendCancelButton, Data: dataf("amc", st.Directive)}}}
	}
	return c.send(m, nil)
}

// amendButton answers the confirmation's buttons.
func (c *call) amendButton(verb string, directive int64) error {
	var st convo
	ok, err := c.conversation(&st)
	if err != nil {
		return err
	}
	if !ok || st.Await != "amend-confirm" || st.Amend == nil || st.Directive != directive {
		c.answer(texts.ButtonOutdated)
		return nil
	}
	if err := c.clearConvo(); err != nil {
		return err
	}
	if verb == "amc" {
		c.answer(texts.Cancelled)
		return c.say(texts.Cancelled)
	}
	return c.sendAmend(st)
}

// sendAmend writes the correction or the supplement; the outbox tells
// every recipient.
func (c *call) sendAmend(st convo) error {
	a := st.Amend
	err := c.tx.InTx(c.ctx, func(tx *storage.Store) error {
		if a.Kind == "supplement" {
			_, err := tx.SupplementDirective(c.ctx, c.office(), st.Directive, storage.Supplement{Note: a.Note,
				Tasks: []storage.NewTask{{Text: a.Text, Requirement: chidao.Requirement{MinClips: a.Clips, Report: a.Report}}}})
			return err
		}
		e := storage.Edit{Note: a.Note}
		switch a.Field {
		case "title":
			e.Title = &a.Text
		case "body":
			e.Body = &a.Text
		case "task":
			e.Tasks = map[int]string{a.Task: a.Text}
		}
		_, err := tx.EditDirective(c.ctx, c.office(), st.Directive, e)
		return err
	})
	switch {
	case errors.Is(err, storage.ErrNothingChanged):
		return c.say(texts.AmendNothing)
	case errors.Is(err, chidao.ErrInvalid), errors.Is(err, chidao.ErrClosed), errors.Is(err, chidao.ErrNotFound):
		return c.say(texts.AmendFailed)
	case err != nil:
		return err
	}
	done := texts.CorrectionSent(a.Number)
	if a.Kind == "supplement" {
		done = texts.SupplementSent(a.Number)
	}
	c.answer(done)
	return c.say(done)
}
