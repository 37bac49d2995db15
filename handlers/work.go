package handlers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"chidao"
	"chidao/intent"
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
				Message: chidao.Message{Text: c.neutral.AccountLinked(c.ev.Channel)}}); err != nil {
				return err
			}
		}
		return c.say(c.t.Registered(p))
	case errors.Is(err, chidao.ErrInviteUnknown):
		return c.say(c.t.CodeUnknown())
	case errors.Is(err, chidao.ErrInviteExpired):
		return c.say(c.t.CodeExpired())
	case errors.Is(err, chidao.ErrInviteUsed):
		return c.say(c.t.CodeUsed())
	case errors.Is(err, chidao.ErrTooManyAttempts):
		return c.say(c.t.TooManyAttempts())
	case errors.Is(err, chidao.ErrAlreadyLinked):
		return c.say(c.t.CodeUsed())
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

// acknowledgeTyped acknowledges a directive from typed words: the one
// replied to, else the unit's only directive not yet acknowledged (asking
// which when there are several). weak words ("ok", a thumbs-up) are only
// an acknowledgement when one is due; otherwise they are courtesy.
func (c *call) acknowledgeTyped(d int64, weak bool) error {
	if d != 0 {
		return c.acknowledgeAndSay(d, false)
	}
	open, err := c.unacknowledged()
	if err != nil {
		return err
	}
	switch {
	case len(open) == 1:
		return c.acknowledgeAndSay(open[0].ID, false)
	case len(open) > 1:
		return c.pick(open, pending{Kind: "ack"})
	case weak:
		return c.say(texts.Noted)
	}
	all, err := c.tx.OpenDirectivesOf(c.ctx, c.person.UnitCode)
	switch {
	case err != nil:
		return err
	case len(all) == 1:
		return c.acknowledgeAndSay(all[0].ID, false) // says when and by whom
	case len(all) == 0:
		return c.say(texts.NoOpenDirective)
	}
	return c.say(texts.NothingToAck)
}

// unacknowledged lists the unit's open directives it has not acknowledged.
func (c *call) unacknowledged() ([]chidao.Directive, error) {
	all, err := c.tx.OpenDirectivesOf(c.ctx, c.person.UnitCode)
	if err != nil {
		return nil, err
	}
	var out []chidao.Directive
	for _, d := range all {
		_, u, err := c.tx.UnitProgress(c.ctx, d.ID, c.person.UnitCode)
		if err != nil {
			return nil, err
		}
		if u.AcknowledgedAt.IsZero() {
			out = append(out, d)
		}
	}
	return out, nil
}

// acknowledgeAndSay acknowledges and tells the person; from a button the
// message's buttons are updated too.
func (c *call) acknowledgeAndSay(d int64, button bool) error {
	first, err := c.acknowledge(d)
	switch {
	case errors.Is(err, chidao.ErrClosed):
		c.answer(texts.DirectiveClosedShort)
		return c.sayUnlessButton(button, c.t.DirectiveClosed())
	case errors.Is(err, chidao.ErrNotFound):
		c.answer(texts.NotYourDirective)
		return c.sayUnlessButton(button, texts.NotYourDirective)
	case err != nil:
		return err
	}
	rep, unit, err := c.tx.UnitProgress(c.ctx, d, c.person.UnitCode)
	if err != nil {
		return err
	}
	text := c.t.Acknowledged(rep.Directive, unit, first, owed(rep, unit, time.Time{}))
	c.answer(shorten(texts.AckShort(rep.Directive, unit), 190))
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
	var byOffice bool
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
		if byOffice, err = c.askReview(id); err != nil {
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
	m := chidao.Message{Text: c.t.ClipsReceived(dir, len(stored), byOffice)}
	if len(stored) == 1 { // taken back with "↩️ Rút lại" (RUT n on Zalo) before review
		m.Buttons = withdrawButtons(stored[0])
	}
	return c.send(m, nil)
}

// submitText records a report or a difficulty; a difficulty goes to the
// Office at once.
func (c *call) submitText(given int64, kind, text string, file int64) error {
	d, err := c.directiveFor(given, pending{Kind: kind, Text: text, File: file})
	if err != nil || d == 0 {
		return err
	}
	_, before, err := c.tx.UnitProgress(c.ctx, d, c.person.UnitCode)
	if err != nil && !errors.Is(err, chidao.ErrNotFound) {
		return err
	}
	id, ok, err := c.submit(storage.Submission{DirectiveID: d, Kind: kind, Text: text, FileID: file})
	if err != nil || !ok {
		return err
	}
	rep, unit, err := c.tx.UnitProgress(c.ctx, d, c.person.UnitCode)
	if err != nil {
		return err
	}
	if kind == "difficulty" {
		if err := c.toOffice(rep.Directive, id, text); err != nil {
			return err
		}
		return c.say(c.t.DifficultyReceived(rep.Directive))
	}
	standing := texts.Progress(owed(rep, unit, time.Time{}))
	if unit.Status.Done() && !before.Status.Done() {
		standing = texts.Completed(rep.Directive, unit)
	}
	name := ""
	if file != 0 && c.ev.Document != nil {
		name = c.ev.Document.Name
	} else if file != 0 {
		name = text
	}
	return c.send(chidao.Message{Text: texts.ReportReceived(rep.Directive, name, standing), Buttons: withdrawButtons(id)}, nil)
}

// maxDocument is the largest file a Telegram bot may download.
const maxDocument = 20 << 20

// submitDocument attaches a sent file to a report (or difficulty): its
// platform id is stored now and its bytes are fetched in the background.
func (c *call) submitDocument(given int64, kind string) error {
	doc := c.ev.Document
	file, ok, err := c.keepDocument()
	if err != nil || !ok {
		return err
	}
	text := strings.TrimSpace(c.ev.Text)
	if text == "" {
		text = doc.Name
	}
	return c.submitText(given, kind, text, file)
}

// keepDocument checks a sent file and records it (its bytes are fetched
// in the background); a file chidao cannot take is answered.
func (c *call) keepDocument() (int64, bool, error) {
	doc := c.ev.Document
	switch {
	case !acceptedDocument(doc.Name):
		return 0, false, c.say(texts.DocumentType(doc.Name))
	case doc.Size > maxDocument:
		return 0, false, c.say(texts.DocumentTooBig(doc.Name, doc.Size))
	case doc.Size == 0:
		return 0, false, c.say(texts.DocumentEmpty(doc.Name))
	}
	file, err := c.tx.AddChatFile(c.ctx, storage.ChatFile{Channel: c.ev.Channel, ExternalID: doc.ExternalID, PersonID: c.person.ID,
		ChatID: c.ev.ChatID, Name: doc.Name, ContentType: doc.ContentType, Size: doc.Size})
	return file, err == nil, err
}

// offerDocument answers a file sent without a command: with a caption
// that says what it is, it is recorded as that; otherwise chidao offers
// it as a report's attachment.
func (c *call) offerDocument(d int64) error {
	if in := intent.Read(c.ev.Text); in.Kind == intent.Report || in.Kind == intent.Difficulty {
		return c.submitDocument(d, string(in.Kind))
	}
	file, ok, err := c.keepDocument()
	if err != nil || !ok {
		return err
	}
	return c.askBack(d, c.ev.Document.Name, file, "report")
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

// writtenWork handles a report or a difficulty (/baocao, BAO CAO, "Kết
// quả thực hiện: ..."): with text it is recorded at once, without it
// chidao asks for it.
func (c *call) writtenWork(d int64, kind, text string) error {
	if text != "" {
		return c.submitText(d, kind, text, 0)
	}
	return c.promptFor(d, kind)
}

// promptFor asks for a clip, report or difficulty of the directive given,
// or of the unit's only open one (asking which when there are several).
func (c *call) promptFor(given int64, await string) error {
	d, err := c.directiveFor(given, pending{Kind: await})
	if err != nil || d == 0 {
		return err
	}
	return c.prompt(d, await)
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
	text, hint := c.t.Prompt(await, dir)
	return c.send(chidao.Message{Text: text, ForceReply: true, Prompt: hint},
		map[string]any{"await": await, "directive": d})
}

// work answers /viec: the unit's open directives and where it stands.
func (c *call) work() error {
	text, err := c.workText()
	if err != nil {
		return err
	}
	return c.sayLong(text)
}

// workText lists the unit's open directives with what each still needs.
func (c *call) workText() (string, error) {
	open, err := c.tx.OpenDirectivesOf(c.ctx, c.person.UnitCode)
	if err != nil {
		return "", err
	}
	if len(open) == 0 {
		return texts.NoWork, nil
	}
	var b strings.Builder
	b.WriteString(texts.WorkHeader(c.person, len(open)))
	for i, d := range open {
		rep, unit, err := c.tx.UnitProgress(c.ctx, d.ID, c.person.UnitCode)
		if err != nil {
			return "", err
		}
		b.WriteString(texts.WorkItem(i+1, d, unit, owed(rep, unit, time.Time{}), c.now()))
	}
	b.WriteString(c.t.WorkFooter())
	return b.String(), nil
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
