package handlers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"chidao"
	"chidao/storage"
	"chidao/texts"
)

// register links the chat account to an invite.
func (c *call) register(code string) error {
	r := storage.Redemption{Code: code, Channel: c.ev.Channel, ExternalUserID: c.ev.UserID, ChatID: c.ev.ChatID,
		DisplayName: c.ev.DisplayName}
	// Not in a savepoint of our own: RedeemInvite undoes its own work on
	// failure but records a wrong code, which must stay (the guessing limit).
	p, err := c.tx.RedeemInvite(c.ctx, r)
	switch {
	case err == nil:
		c.person = p
		if ids, err := c.tx.Identities(c.ctx, p.ID); err == nil && len(ids) > 1 {
			// A linked account: the first one hears of it, in case it was not them.
			if err := c.notify(p.ID, fmt.Sprintf("linked:%d:%s", p.ID, c.ev.Channel), storage.Outgoing{Kind: "notice",
				Message: chidao.Message{Text: texts.AccountLinked(c.ev.Channel)}}); err != nil {
				return err
			}
		}
		return c.say(texts.Registered(p))
	case errors.Is(err, chidao.ErrInviteUnknown):
		return c.say(texts.CodeUnknown)
	case errors.Is(err, chidao.ErrInviteExpired):
		return c.say(texts.CodeExpired)
	case errors.Is(err, chidao.ErrInviteUsed):
		return c.say(texts.CodeUsed)
	case errors.Is(err, chidao.ErrTooManyAttempts):
		return c.say(texts.TooManyAttempts)
	case errors.Is(err, chidao.ErrAlreadyLinked):
		return c.say(texts.CodeUsed)
	}
	return err
}

// acknowledge records that the person's unit received the directive.
func (c *call) acknowledge(directiveID int64) (first bool, err error) {
	err = c.tx.InTx(c.ctx, func(tx *storage.Store) error {
		first, err = tx.Acknowledge(c.ctx, c.person.ID, directiveID)
		return err
	})
	return first, err
}

func (c *call) acknowledgeCommand() error {
	d, err := c.directiveFor(0, pending{Kind: "ack"})
	if err != nil || d == 0 {
		return err
	}
	return c.acknowledgeAndSay(d, false)
}

// acknowledgeAndSay acknowledges and tells the person; from a button the
// message's buttons are updated too.
func (c *call) acknowledgeAndSay(d int64, button bool) error {
	first, err := c.acknowledge(d)
	switch {
	case errors.Is(err, chidao.ErrClosed):
		c.answer(texts.DirectiveClosedShort)
		return c.sayUnlessButton(button, texts.DirectiveClosed)
	case errors.Is(err, chidao.ErrNotFound):
		c.answer(texts.NotYourDirectiveShort)
		return c.sayUnlessButton(button, texts.NotYourDirective)
	case err != nil:
		return err
	}
	rep, unit, err := c.tx.UnitProgress(c.ctx, d, c.person.UnitCode)
	if err != nil {
		return err
	}
	text := texts.Acknowledged(rep.Directive, unit, first)
	c.answer(shorten(text, 190))
	if button && c.ev.MessageID != "" {
		if err := c.send(chidao.Message{EditOf: c.ev.MessageID, Buttons: directiveButtons(d, unit.AcknowledgedAt)}, nil); err != nil {
			return err
		}
	}
	return c.say(text)
}

func (c *call) sayUnlessButton(button bool, text string) error {
	if button {
		return nil
	}
	return c.say(text)
}

// submitClips records each link as a clip of the directive and sends each
// new clip to the unit's reviewers.
func (c *call) submitClips(given int64, urls []string) error {
	d, err := c.directiveFor(given, pending{Kind: "clip", Links: urls, Text: c.ev.Text})
	if err != nil || d == 0 {
		return err
	}
	var stored []int64
	for _, u := range urls {
		l := linkOf(c.ev.Links, u)
		id, ok, err := c.submit(storage.Submission{DirectiveID: d, Kind: "clip", URL: u, Platform: string(l.Platform)})
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		stored = append(stored, id)
		if err := c.askReview(id); err != nil {
			return err
		}
	}
	if len(stored) == 0 {
		return nil
	}
	dir, err := c.tx.Directive(c.ctx, d)
	if err != nil {
		return err
	}
	return c.say(texts.ClipsReceived(dir, len(stored)))
}

// submitText records a report or a difficulty.
func (c *call) submitText(given int64, kind, text string, file int64) error {
	d, err := c.directiveFor(given, pending{Kind: kind, Text: text, File: file})
	if err != nil || d == 0 {
		return err
	}
	_, ok, err := c.submit(storage.Submission{DirectiveID: d, Kind: kind, Text: text, FileID: file})
	if err != nil || !ok {
		return err
	}
	dir, err := c.tx.Directive(c.ctx, d)
	if err != nil {
		return err
	}
	if kind == "difficulty" {
		return c.say(texts.DifficultyReceived(dir))
	}
	_, unit, err := c.tx.UnitProgress(c.ctx, d, c.person.UnitCode)
	if err != nil {
		return err
	}
	return c.say(texts.ReportReceived(dir, unit, file != 0))
}

// maxDocument is the largest file a Telegram bot may download.
const maxDocument = 20 << 20

// submitDocument attaches a sent file to a report (or difficulty): its
// platform id is stored now and its bytes are fetched in the background.
func (c *call) submitDocument(given int64, kind string) error {
	doc := c.ev.Document
	if !acceptedDocument(doc.Name) {
		return c.say(texts.DocumentType(doc.Name))
	}
	if doc.Size > maxDocument {
		return c.say(texts.DocumentTooBig(doc.Name, doc.Size))
	}
	if doc.Size == 0 {
		return c.say(texts.DocumentEmpty(doc.Name))
	}
	file, err := c.tx.AddChatFile(c.ctx, storage.ChatFile{Channel: c.ev.Channel, ExternalID: doc.ExternalID,
		Name: doc.Name, ContentType: doc.ContentType, Size: doc.Size})
	if err != nil {
		return err
	}
	text := strings.TrimSpace(c.ev.Text)
	if text == "" {
		text = doc.Name
	}
	return c.submitText(given, kind, text, file)
}

func acceptedDocument(name string) bool {
	n := strings.ToLower(name)
	for _, ext := range []string{".pdf", ".doc", ".docx", ".xls", ".xlsx"} {
		if strings.HasSuffix(n, ext) {
			return true
		}
	}
	return false
}

// writtenWork handles /baocao and /khokhan: with text it is recorded at once,
// without it chidao asks for it.
func (c *call) writtenWork(kind, text string) error {
	if text != "" {
		return c.submitText(0, kind, text, 0)
	}
	d, err := c.directiveFor(0, pending{Kind: kind})
	if err != nil || d == 0 {
		return err
	}
	return c.prompt(d, kind)
}

// prompt asks for the clip, report or difficulty of directive d, as a
// reply to a forced-reply message (or simply the next message).
func (c *call) prompt(d int64, await string) error {
	dir, err := c.tx.Directive(c.ctx, d)
	if err != nil {
		return err
	}
	if err := c.setConvo(convo{Await: await, Directive: d}); err != nil {
		return err
	}
	text, hint := texts.Prompt(await, dir)
	return c.send(chidao.Message{Text: text, ForceReply: true, Prompt: hint},
		map[string]any{"await": await, "directive": d})
}

// work answers /viec: the unit's open directives and where it stands.
func (c *call) work() error {
	open, err := c.tx.OpenDirectivesOf(c.ctx, c.person.UnitCode)
	if err != nil {
		return err
	}
	if len(open) == 0 {
		return c.say(texts.NoWork)
	}
	var b strings.Builder
	b.WriteString(texts.WorkHeader(c.person, len(open)))
	for i, d := range open {
		_, unit, err := c.tx.UnitProgress(c.ctx, d.ID, c.person.UnitCode)
		if err != nil {
			return err
		}
		b.WriteString(texts.WorkItem(i+1, d, unit, c.now()))
	}
	b.WriteString(texts.WorkFooter)
	return c.say(b.String())
}

// dataf builds button data "<verb>:<id>".
func dataf(verb string, id int64) string { return fmt.Sprintf("%s:%d", verb, id) }

// parseData splits button data into its verb and number.
func parseData(data string) (string, int64, bool) {
	verb, num, ok := strings.Cut(data, ":")
	if !ok {
		return "", 0, false
	}
	n, err := strconv.ParseInt(num, 10, 64)
	return verb, n, err == nil && n > 0
}
