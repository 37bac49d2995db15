package handlers

// The answers to a letter's draft: typed answers to its questions and
// edits, Zalo's numbered choices and typed words, the buttons under it.

import (
	"errors"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"chidao"
	"chidao/intent"
	"chidao/letter"
	"chidao/texts"
)

// letterAnswer takes a message to a letter's draft: the answer to its
// question or edit, or (Zalo) the number of a choice.
func (c *call) letterAnswer(d *draft, text string) error {
	lp := d.Letter
	switch d.Step {
	case "reading":
		return c.readLetter(d)
	case "number":
		num, issued, title, ok := splitNumberTitle(text)
		if !ok {
			num, title = strings.TrimSpace(text), d.Title
		}
		if num == "" || len(num) > 64 || strings.Contains(num, "\n") {
			return c.retryStep(d, texts.LetterBadNumber)
		}
		d.Number, d.Title = num, title
		if !issued.IsZero() {
			d.Issued = issued
		}
	case "title":
		if text == "" {
			return c.retryStep(d, texts.LetterNoTitle)
		}
		d.Title = text
	case "tasks":
		d.Tasks = parseTasks(text, d.Title)
	case "due":
		due, ok := letter.ParseDue(text, c.now())
		if !ok {
			return c.retryStep(d, texts.LetterBadDue)
		}
		d.Due, lp.PastDue = due, time.Time{}
	case "units":
		if c.ev.Channel != chidao.Zalo {
			return c.typedUnits(d, text)
		}
		return c.letterTypedUnits(d, text)
	default:
		return c.letterChoice(d, text)
	}
	return c.letterNext(d, "")
}

// letterChoice reads a typed choice under the draft: its number (Zalo),
// "Ban hành", or "Sửa hạn", "Sửa số hiệu", "Sửa trích yếu", "Sửa đơn
// vị" with or without the new value ("Sửa hạn 20/12").
func (c *call) letterChoice(d *draft, text string) error {
	if in := intent.Read(text); in.Kind == intent.Choice && in.Number >= 1 && int(in.Number) <= len(letterVerbs) {
		return c.letterAction(d, letterVerbs[in.Number-1])
	}
	text = norm.NFC.String(strings.Trim(text, " .!"))
	folded := intent.Fold(text)
	if folded == "ban hanh" || folded == "ban hanh va gui" {
		return c.letterAction(d, "lb")
	}
	for _, e := range letterEdits {
		if !strings.HasPrefix(folded, e.words) {
			continue
		}
		rest := strings.TrimSpace(string([]rune(text)[len([]rune(e.words)):]))
		for _, w := range e.also { // "Sửa số hiệu": the rest of the name, not a value
			if f := intent.Fold(rest); f == w || strings.HasPrefix(f, w+" ") {
				rest = strings.TrimSpace(string([]rune(rest)[len([]rune(w)):]))
			}
		}
		if rest == "" {
			return c.letterAction(d, e.verb)
		}
		d.Step, d.Letter.Edit = e.step, true
		return c.letterAnswer(d, rest)
	}
	return c.retryStep(d, c.t.LetterUseChoices())
}

// letterEdits are the typed edits: the words (folded), what may follow
// them as the rest of the name, the button's verb and the step.
var letterEdits = []struct {
	words string
	also  []string
	verb  string
	step  string
}{
	{"sua han", []string{"hoan thanh"}, "lh", "due"},
	{"sua so", []string{"hieu"}, "ls", "number"},
	{"sua trich yeu", nil, "lt", "title"},
	{"sua tieu de", nil, "lt", "title"},
	{"sua don vi", []string{"nhan"}, "lu", "units"},
	{"sua noi nhan", nil, "lu", "units"},
}

// letterTypedUnits takes the units typed on Zalo: codes, or TAT CA.
func (c *call) letterTypedUnits(d *draft, text string) error {
	if f := intent.Fold(strings.TrimSpace(text)); f == "tat ca" || f == "tatca" {
		d.All, d.Units, d.Groups = true, nil, nil
	} else {
		var codes, groups, unknown []string
		for _, code := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' }) {
			u, err := c.tx.Unit(c.ctx, chidao.NormalizeUnitCode(code))
			if err == nil {
				codes = appendNew(codes, u.Code)
				continue
			}
			if !errors.Is(err, chidao.ErrNotFound) && !errors.Is(err, chidao.ErrInvalid) {
				return err
			}
			g, err := c.tx.Group(c.ctx, code)
			switch {
			case err == nil:
				groups = appendNew(groups, g.Code)
			case errors.Is(err, chidao.ErrNotFound) || errors.Is(err, chidao.ErrInvalid):
				unknown = append(unknown, code)
			default:
				return err
			}
		}
		if len(unknown) > 0 || len(codes)+len(groups) == 0 {
			return c.retryStep(d, texts.LetterUnknownUnits(cmpSlice(unknown, []string{text})))
		}
		d.All, d.Units, d.Groups = false, codes, groups
	}
	d.Letter.Unmatched = nil // the admin has chosen
	return c.letterNext(d, "")
}

func appendNew(s []string, v string) []string {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

func cmpSlice(a, b []string) []string {
	if len(a) > 0 {
		return a
	}
	return b
}

// letterButton handles a button under a letter's draft.
func (c *call) letterButton(verb string, file int64) error {
	var st convo
	ok, err := c.conversation(&st)
	if err != nil {
		return err
	}
	d := st.Draft
	if !ok || st.Await != "create" || d == nil || d.Letter == nil || d.File != file || d.Step == "reading" {
		c.answer(texts.ButtonOutdated)
		return nil
	}
	c.answer(texts.Picked)
	return c.letterAction(d, verb)
}

// letterAction does what a button (or its typed number) asks.
func (c *call) letterAction(d *draft, verb string) error {
	lp := d.Letter
	switch verb {
	case "lb":
		if d.Number == "" || d.Title == "" || len(d.Tasks) == 0 || d.Due.IsZero() || (!d.All && len(d.Units) == 0 && len(d.Groups) == 0) {
			return c.letterNext(d, "")
		}
		return c.createConfirmed(d)
	case "lx":
		if err := c.clearConvo(); err != nil {
			return err
		}
		return c.say(texts.CreateCancelled)
	}
	d.Step = map[string]string{"lh": "due", "ls": "number", "lt": "title", "lu": "units"}[verb]
	if d.Step == "" {
		c.answer(texts.ButtonOutdated)
		return nil
	}
	lp.Edit = true
	if err := c.setConvo(convo{Await: "create", Draft: d}); err != nil {
		return err
	}
	if d.Step == "units" {
		return c.letterUnits(d)
	}
	return c.say(c.t.LetterAsk(d.Step, texts.AskEdit, time.Time{}))
}

// letterRefusedIssue answers a draft storage refused (its number taken,
// a deadline passed meanwhile): the draft waits, with its buttons.
func (c *call) letterRefusedIssue(d *draft, taken bool) error {
	if err := c.setConvo(convo{Await: "create", Draft: d}); err != nil {
		return err
	}
	text := c.t.LetterInvalid()
	if taken {
		text = c.t.LetterNumberTaken(d.Number)
	}
	return c.send(chidao.Message{Text: text, Buttons: letterButtons(d.File)}, nil)
}
