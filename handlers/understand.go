package handlers

import (
	"strconv"
	"strings"
	"time"

	"chidao"
	"chidao/intent"
	"chidao/texts"
)

// understand does what a message read by the recogniser means. d is the
// directive it answers (a reply to the letter or a reminder), or 0.
func (c *call) understand(in intent.Intent, d int64) error {
	switch in.Kind {
	case intent.Ack:
		return c.acknowledgeTyped(d, false)
	case intent.OK:
		return c.acknowledgeTyped(d, true)
	case intent.Report, intent.Difficulty:
		return c.writtenWork(d, string(in.Kind), in.Text)
	case intent.Thanks:
		return c.say(texts.Thanks)
	case intent.Greeting:
		return c.say(c.t.Greeting(c.person))
	case intent.No:
		return c.say(texts.Noted)
	case intent.AskDeadline:
		return c.deadline(d)
	case intent.AskOwed, intent.Work:
		return c.work()
	case intent.Clip:
		return c.promptFor(d, "clip")
	case intent.Snooze:
		return c.typedSnooze(d)
	case intent.Approve:
		return c.typedReview(true, number(in))
	case intent.Reject:
		return c.typedReview(false, strings.TrimSpace(number(in)+" "+in.Text))
	case intent.Answer:
		return c.typedAnswer(strings.TrimSpace(number(in) + " " + in.Text))
	case intent.Register, intent.Code:
		return c.say(c.t.AlreadyRegistered(c.person))
	case intent.Unclear:
		if in.Words >= 3 || in.Guess != "" {
			return c.askBack(d, c.ev.Text, 0, in.Guess)
		}
	case intent.None, intent.Choice:
	default:
		if cmd, ok := commands[in.Kind]; ok {
			return c.command(cmd, in.Text)
		}
	}
	return c.say(c.t.NotUnderstood())
}

// commands are the intents that do what a /command does.
var commands = map[intent.Kind]string{
	intent.Help: "huongdan", intent.Summary: "tonghop", intent.Situation: "tinhhinh", intent.Remind: "nhacnho",
	intent.Pause: "tamdung", intent.Resume: "tieptuc", intent.Channel: "kenh", intent.Link: "lienket",
	intent.Login: "dangnhap", intent.Cancel: "huy", intent.Create: "chidao", intent.Scorecard: "bangdiem",
}

func number(in intent.Intent) string {
	if in.Number == 0 {
		return ""
	}
	return strconv.FormatInt(in.Number, 10)
}

// deadline answers "Hạn khi nào?": the directive replied to, or each of
// the unit's open directives.
func (c *call) deadline(d int64) error {
	open, err := c.tx.OpenDirectivesOf(c.ctx, c.person.UnitCode)
	if err != nil {
		return err
	}
	if len(open) == 0 {
		return c.say(texts.NoWork)
	}
	var parts []string
	for _, dir := range open {
		if d != 0 && dir.ID != d {
			continue
		}
		rep, unit, err := c.tx.UnitProgress(c.ctx, dir.ID, c.person.UnitCode)
		if err != nil {
			return err
		}
		parts = append(parts, texts.DeadlineOf(dir, unit, owed(rep, unit, time.Time{}), c.now()))
	}
	if len(parts) == 0 {
		return c.say(texts.NotYourDirective)
	}
	return c.sayLong(strings.Join(parts, "\n\n"))
}

// askBack asks what a text (or a file) is: a report, a difficulty, or
// nothing to keep; the answer comes as a button (Telegram) or a typed
// number (Zalo).
func (c *call) askBack(d int64, text string, file int64, guess intent.Kind) error {
	st := convo{Await: "choice", Directive: d, Pending: &pending{Text: text, File: file}}
	if err := c.setConvo(st); err != nil {
		return err
	}
	m := chidao.Message{Text: c.t.AskBack(string(guess)), Buttons: askButtons()}
	if file != 0 {
		m.Text = c.t.AskFile(text)
	}
	return c.send(m, nil)
}

func askButtons() [][]chidao.Button {
	return [][]chidao.Button{{{Text: texts.AsReportButton, Data: "q:1"}}, {{Text: texts.AsDifficultyButton, Data: "q:2"}},
		{{Text: texts.NoButton, Data: "q:3"}}}
}

// askedBack records what the officer chose for the text asked about: 1 a
// report, 2 a difficulty, 3 nothing.
func (c *call) askedBack(n int64) error {
	var st convo
	ok, err := c.conversation(&st)
	if err != nil {
		return err
	}
	if !ok || st.Await != "choice" || st.Pending == nil {
		c.answer(texts.ButtonOutdated)
		return nil
	}
	if err := c.clearConvo(); err != nil {
		return err
	}
	c.answer(texts.Picked)
	p := st.Pending
	switch n {
	case 1, 2:
		kind := map[int64]string{1: "report", 2: "difficulty"}[n]
		return c.submitText(st.Directive, kind, p.Text, p.File)
	}
	return c.say(texts.NothingKept)
}
