package handlers

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"chidao"
	"chidao/intent"
	"chidao/letter"
	"chidao/storage"
	"chidao/texts"
)

// maxEditAge is the oldest copy a correction edits in place; older ones
// get the correction notice (Telegram lets bots edit for 48 hours in the
// strictest reading of its rules).
const maxEditAge = 48 * time.Hour

// renderChange writes the messages of a change to a directive for one
// person, at send time: Telegram copies edited in place (with the notice
// as the fallback when Telegram refuses), then the notice itself.
func (h *Handler) renderChange(ctx context.Context, tx *storage.Store, t storage.Template) ([]chidao.Message, error) {
	c, err := tx.ChangeByID(ctx, t.Change)
	if err != nil {
		return nil, err
	}
	d, err := tx.Directive(ctx, c.DirectiveID)
	if err != nil {
		return nil, err
	}
	switch c.Kind {
	case "edit":
		return h.renderCorrection(ctx, tx, t.PersonID, d, c)
	case "recall":
		edits, err := h.copyEdits(ctx, tx, t.PersonID, d, func([]chidao.Task) []string { return []string{texts.RecalledCopy(d)} }, "", false)
		return append(edits, chidao.Message{Text: texts.Recalled(d)}), err
	case "due":
		before, after := timeOf(c.Before["due"]), timeOf(c.After["due"])
		return []chidao.Message{{Text: texts.DueMoved(d, before, after, c.Note, c.UnitCode != "")}}, nil
	case "supplement":
		return renderSupplement(ctx, tx, t.PersonID, d, c)
	case "extension":
		ext, err := tx.ExtensionByID(ctx, int64(toFloat(c.After["extension"])))
		if err != nil {
			return nil, err
		}
		if c.After["state"] == "pending" {
			return []chidao.Message{{Text: h.texts("").ExtensionForOffice(ext), Buttons: extensionButtons(ext.ID)}}, nil
		}
		return []chidao.Message{{Text: texts.ExtensionAnswer(ext)}}, nil
	}
	return nil, nil
}

func extensionButtons(id int64) [][]chidao.Button {
	return [][]chidao.Button{
		{{Text: texts.ExtApproveButton, Data: dataf("ea", id)}, {Text: texts.ExtRejectButton, Data: dataf("er", id)}},
		{{Text: texts.ExtOtherDayButton, Data: dataf("eo", id)}},
	}
}

func toFloat(v any) float64 {
	f, _ := v.(float64)
	return f
}

func timeOf(v any) time.Time {
	s, _ := v.(string)
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// renderCorrection edits the person's Telegram copies of the letter to
// read as corrected and adds a short notice; where nothing can be edited
// (Zalo, copies older than 48 hours, a letter now longer by a part) the
// notice quotes what changed.
func (h *Handler) renderCorrection(ctx context.Context, tx *storage.Store, personID int64, d chidao.Directive, c storage.Change) ([]chidao.Message, error) {
	notice := texts.CorrectionNotice(d, c)
	now := tx.Now()
	edits, err := h.copyEdits(ctx, tx, personID, d, func(tasks []chidao.Task) []string {
		return splitText(h.texts("").Corrected(d, tasks, now), maxText)
	}, notice, true)
	if err != nil || len(edits) == 0 {
		return []chidao.Message{{Text: notice}}, err
	}
	return append(edits, chidao.Message{Text: texts.CorrectionShort(d, c)}), nil
}

// copyEdits writes the edits of the person's Telegram text copies of the
// letter: parts(tasks) are the new texts, one per copy (none when they do
// not match the copies one to one, or a copy is too old to edit).
// fallback is sent instead of the first edit if Telegram refuses it.
func (h *Handler) copyEdits(ctx context.Context, tx *storage.Store, personID int64, d chidao.Directive,
	parts func([]chidao.Task) []string, fallback string, buttons bool) ([]chidao.Message, error) {
	copies, err := tx.SentCopies(ctx, personID, d.ID)
	if err != nil {
		return nil, err
	}
	var textCopies []storage.Copy
	for _, cp := range copies {
		if cp.File != 0 {
			continue
		}
		if cp.Channel != chidao.Telegram || tx.Now().Sub(cp.SentAt) > maxEditAge {
			return nil, nil
		}
		textCopies = append(textCopies, cp)
	}
	if len(textCopies) == 0 {
		return nil, nil
	}
	tasks, err := tx.Tasks(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	ps := parts(tasks)
	if len(ps) != len(textCopies) && len(ps) != 1 {
		return nil, nil
	}
	var acked time.Time
	if buttons {
		p, err := tx.Person(ctx, personID)
		if err != nil {
			return nil, err
		}
		if _, u, err := tx.UnitProgress(ctx, d.ID, p.UnitCode); err == nil {
			acked = u.AcknowledgedAt
		} else if !errors.Is(err, chidao.ErrNotFound) {
			return nil, err
		}
	}
	var out []chidao.Message
	for i, p := range ps {
		m := chidao.Message{EditOf: textCopies[i].MessageID, EditText: true, EditIn: chidao.Telegram, Text: p}
		if i == 0 {
			m.Fallback = fallback
		}
		if buttons && i == len(textCopies)-1 {
			m.Buttons = directiveButtons(d.ID, acked)
		}
		out = append(out, m)
	}
	return out, nil
}

// renderSupplement writes what a supplement adds: the new tasks, then
// each new attachment as a document. The deadline it states is the
// person's unit's own (an extended unit reads its extended date).
func renderSupplement(ctx context.Context, tx *storage.Store, personID int64, d chidao.Directive, c storage.Change) ([]chidao.Message, error) {
	tasks, err := tx.Tasks(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	if p, err := tx.Person(ctx, personID); err == nil && p.UnitCode != "" {
		if _, u, err := tx.UnitProgress(ctx, d.ID, p.UnitCode); err == nil && !u.Due.IsZero() {
			d.DueAt = u.Due
		} else if err != nil && !errors.Is(err, chidao.ErrNotFound) {
			return nil, err
		}
	} else if err != nil && !errors.Is(err, chidao.ErrNotFound) {
		return nil, err
	}
	msgs := []chidao.Message{{Text: texts.Supplemented(d, c, tasks), Buttons: directiveButtons(d.ID, time.Time{})[1:]}}
	names, _ := c.After["attachments"].([]any)
	if len(names) == 0 {
		return msgs, nil
	}
	files, err := tx.Attachments(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	for _, f := range files[max(0, len(files)-len(names)):] {
		msgs = append(msgs, chidao.Message{File: f.ID, Text: texts.AttachmentCaption(d, f.Name)})
	}
	return msgs, nil
}

// Typed forms of the lifecycle, read before the recogniser: "xin gia hạn
// đến 20/12 vì …", "RUT 12", "gửi nhầm", and the Office's "DONG Y 5
// [25/12/2026]" and "KHONG DONG Y 5 lý do".
var (
	typedExtend   = regexp.MustCompile(`^(((da|em|chung em|don vi) )*(xin|xin phep|de nghi|kinh de nghi|xin duoc) )?gia han\b`)
	typedWithdraw = regexp.MustCompile(`^((da|em|toi|chung em|don vi) )*(rut|rut lai|xin rut|xin rut lai|gui nham|da gui nham|gui nham roi)( (\d+))?$`)
	typedDecide   = regexp.MustCompile(`^(khong dong y|ko dong y|k dong y|khongdongy|dong y|dongy) (\d+)\b`)
	typedDate     = regexp.MustCompile(`\b\d{1,2}/\d{1,2}(/\d{2,4})?\b`)
)

// because returns what follows the first "vì", "do", "bởi vì" or "lý do"
// of text (matched without accents), as written.
func because(text string) string {
	words := strings.Fields(text)
	for i, w := range words {
		f := strings.Trim(intent.Fold(w), ":,.")
		next := ""
		if i+1 < len(words) {
			next = strings.Trim(intent.Fold(words[i+1]), ":,.")
		}
		switch {
		case (f == "ly" || f == "li") && next == "do", f == "boi" && next == "vi":
			return strings.TrimLeft(strings.Join(words[min(i+2, len(words)):], " "), ": ")
		case f == "vi" || f == "do":
			return strings.Join(words[i+1:], " ")
		}
	}
	return ""
}

// lifecycleTyped handles the typed forms; it reports whether the text was one.
func (c *call) lifecycleTyped(d int64) (bool, error) {
	folded := strings.Join(strings.Fields(intent.Fold(strings.TrimSpace(c.ev.Text))), " ")
	if m := typedDecide.FindStringSubmatch(folded); m != nil && c.person.Role == chidao.RoleAdmin {
		id, _ := strconv.ParseInt(m[2], 10, 64)
		rest := strings.TrimSpace(cutWords(c.ev.Text, len(strings.Fields(m[0]))))
		if m[1] == "dong y" || m[1] == "dongy" {
			return true, c.decideTyped(id, rest)
		}
		if rest == "" {
			return true, c.askDecision(id, "ext-reject")
		}
		return true, c.decideExtension(id, storage.Decision{Reason: rest})
	}
	if c.person.Role == chidao.RoleAdmin {
		switch {
		case folded == "gia han" || folded == "xin gia han":
			return true, c.pendingExtensions()
		case strings.HasPrefix(folded, "doi han"):
			return true, c.moveDueTyped(cutWords(c.ev.Text, 2))
		case strings.HasPrefix(folded, "thu hoi van ban "):
			return true, c.recallTyped(cutWords(c.ev.Text, 4))
		case typedAmend(folded, "dinh chinh"):
			return true, c.startAmend("edit", cutWords(c.ev.Text, 2))
		case typedAmend(folded, "bo sung"):
			return true, c.startAmend("supplement", cutWords(c.ev.Text, 2))
		case strings.HasPrefix(folded, "thu hoi vb "):
			return true, c.recallTyped(cutWords(c.ev.Text, 3))
		}
	}
	if m := typedWithdraw.FindStringSubmatch(folded); m != nil {
		id, _ := strconv.ParseInt(m[5], 10, 64)
		return true, c.withdraw(id)
	}
	if typedExtend.MatchString(folded) && c.person.Role != chidao.RoleAdmin {
		return true, c.askExtension(d, c.ev.Text)
	}
	return false, nil
}

// cutWords drops the first n words of s.
func cutWords(s string, n int) string {
	f := strings.Fields(s)
	if n >= len(f) {
		return ""
	}
	return strings.Join(f[n:], " ")
}

// decideTyped approves as asked, or until the date typed after the number.
func (c *call) decideTyped(id int64, rest string) error {
	if rest == "" {
		return c.decideExtension(id, storage.Decision{Approve: true})
	}
	due, ok := letter.ParseDue(rest, c.now())
	if !ok {
		return c.askDecision(id, "ext-other")
	}
	return c.decideExtension(id, storage.Decision{Approve: true, Due: due})
}

// askExtension reads a request for more time from text and asks for what
// is missing: the directive, the date, the reason.
func (c *call) askExtension(given int64, text string) error {
	d, err := c.directiveFor(given, pending{Kind: "extension", Text: text})
	if err != nil || d == 0 {
		return err
	}
	due, reason := extensionParts(text, c.now())
	switch {
	case due.IsZero():
		_, u, err := c.tx.UnitProgress(c.ctx, d, c.person.UnitCode)
		if errors.Is(err, chidao.ErrNotFound) {
			return c.say(texts.NotYourDirective)
		}
		if err != nil {
			return err
		}
		dir, err := c.tx.Directive(c.ctx, d)
		if err != nil {
			return err
		}
		return c.askFor(convo{Await: "ext-date", Directive: d, Review: reason}, texts.AskExtensionDate(dir, u.Due))
	case reason == "":
		return c.askFor(convo{Await: "ext-reason", Directive: d, Review: due.Format(time.RFC3339)}, texts.AskExtensionReason)
	}
	return c.requestExtension(d, due, reason)
}

// askFor keeps what the next message answers and asks for it.
func (c *call) askFor(st convo, question string) error {
	if err := c.setConvo(st); err != nil {
		return err
	}
	return c.send(chidao.Message{Text: question, ForceReply: true}, nil)
}

// extensionParts finds the date and the reason in "xin gia hạn đến 20/12
// vì thiết bị hỏng".
func extensionParts(text string, now time.Time) (time.Time, string) {
	var due time.Time
	if m := typedDate.FindString(text); m != "" {
		due, _ = letter.ParseDue(m, now)
	}
	return due, strings.TrimSpace(because(text))
}

// resumeExtension continues a request or a decision with the typed answer.
func (c *call) resumeExtension(st convo, text string) error {
	switch st.Await {
	case "ext-date":
		due, ok := letter.ParseDue(text, c.now())
		if !ok {
			return c.askFor(st, texts.ExtensionBadDate)
		}
		if st.Review == "" {
			return c.askFor(convo{Await: "ext-reason", Directive: st.Directive, Review: due.Format(time.RFC3339)}, texts.AskExtensionReason)
		}
		return c.requestExtension(st.Directive, due, st.Review)
	case "ext-reason":
		due, _ := time.Parse(time.RFC3339, st.Review)
		return c.requestExtension(st.Directive, due, text)
	case "ext-other":
		due, ok := letter.ParseDue(text, c.now())
		if !ok {
			return c.askFor(st, texts.ExtensionBadDate)
		}
		return c.decideExtension(st.Submission, storage.Decision{Approve: true, Due: due})
	case "ext-reject":
		return c.decideExtension(st.Submission, storage.Decision{Reason: text})
	}
	return nil
}

// requestExtension records the request; the Office admins get it.
func (c *call) requestExtension(d int64, due time.Time, reason string) error {
	var ext storage.Extension
	err := c.tx.InTx(c.ctx, func(tx *storage.Store) error {
		var err error
		ext, err = tx.RequestExtension(c.ctx, c.person.ID, d, due, reason)
		return err
	})
	switch {
	case errors.Is(err, storage.ErrPendingExtension):
		return c.say(texts.ExtensionPending)
	case errors.Is(err, chidao.ErrClosed):
		return c.say(c.t.DirectiveClosed())
	case errors.Is(err, chidao.ErrNotFound):
		return c.say(texts.NotYourDirective)
	case errors.Is(err, chidao.ErrInvalid):
		return c.askFor(convo{Await: "ext-date", Directive: d, Review: reason}, texts.ExtensionBadDate)
	case err != nil:
		return err
	}
	return c.say(texts.ExtensionAsked(ext))
}

// askDecision asks an admin for the other date or the reason of a refusal.
func (c *call) askDecision(id int64, await string) error {
	ext, err := c.tx.ExtensionByID(c.ctx, id)
	if errors.Is(err, chidao.ErrNotFound) {
		return c.tell(texts.ExtensionDecided)
	}
	if err != nil {
		return err
	}
	if ext.State != "pending" {
		return c.tell(texts.ExtensionDecided)
	}
	question := texts.AskOtherDay
	if await == "ext-reject" {
		question = texts.AskRejectReason
	}
	c.answer(question)
	return c.askFor(convo{Await: await, Submission: id}, question)
}

// decide records an admin's decision; the unit is told by the outbox.
func (c *call) decideExtension(id int64, dec storage.Decision) error {
	if c.person.Role != chidao.RoleAdmin {
		return c.tell(c.t.AdminOnly())
	}
	var ext storage.Extension
	err := c.tx.InTx(c.ctx, func(tx *storage.Store) error {
		var err error
		ext, err = tx.DecideExtension(c.ctx, c.office(), id, dec)
		return err
	})
	switch {
	case errors.Is(err, chidao.ErrNotFound):
		return c.tell(texts.ExtensionDecided)
	case errors.Is(err, chidao.ErrInvalid):
		if e, gerr := c.tx.ExtensionByID(c.ctx, id); gerr == nil && e.State != "pending" {
			return c.tell(texts.ExtensionDecided)
		}
		if dec.Approve {
			return c.askFor(convo{Await: "ext-other", Submission: id}, texts.ExtensionBadDate)
		}
		return c.tell(texts.InvalidInput)
	case err != nil:
		return err
	}
	c.answer(texts.ExtensionDone(ext))
	return c.say(texts.ExtensionDone(ext))
}

// withdraw takes back a clip or report (id zero: the person's newest).
func (c *call) withdraw(id int64) error {
	if id == 0 {
		last, err := c.tx.LastSubmission(c.ctx, c.person.ID)
		if errors.Is(err, chidao.ErrNotFound) {
			return c.tell(texts.NothingToWithdraw)
		}
		if err != nil {
			return err
		}
		id = last
	}
	var w storage.Withdrawn
	err := c.tx.InTx(c.ctx, func(tx *storage.Store) error {
		var err error
		w, err = tx.WithdrawSubmission(c.ctx, c.person.ID, id)
		return err
	})
	switch {
	case errors.Is(err, chidao.ErrNotFound):
		return c.tell(texts.NothingToWithdraw)
	case errors.Is(err, storage.ErrAlreadyWithdrawn):
		return c.tell(texts.AlreadyWithdrawn)
	case errors.Is(err, storage.ErrNotYours):
		return c.tell(texts.WithdrawNotYours)
	case errors.Is(err, storage.ErrReviewed):
		return c.tell(texts.WithdrawReviewed)
	case errors.Is(err, chidao.ErrClosed):
		return c.tell(c.t.DirectiveClosed())
	case err != nil:
		return err
	}
	c.answer(texts.WithdrawnDone(w))
	return c.say(texts.WithdrawnDone(w))
}

// withdrawButtons is the button under a confirmation of sent work.
func withdrawButtons(id int64) [][]chidao.Button {
	return [][]chidao.Button{{{Text: texts.WithdrawButton, Data: dataf("w", id)}}}
}

// office is the actor of an admin's change from the chat.
func (c *call) office() chidao.Actor {
	return chidao.Actor{Label: fmt.Sprintf("person:%d", c.person.ID), PersonID: c.person.ID}
}

// moveDueTyped handles "/doihan 1483-CV/BTGTU 20/12/2026 lý do".
func (c *call) moveDueTyped(arg string) error {
	f := strings.Fields(arg)
	if len(f) < 3 {
		return c.say(texts.DueUsage)
	}
	due, ok := letter.ParseDue(f[1], c.now())
	if !ok {
		return c.say(texts.DueUsage)
	}
	id, err := c.findDirective(f[0])
	if err != nil || id == 0 {
		return err
	}
	err = c.tx.InTx(c.ctx, func(tx *storage.Store) error {
		_, err := tx.MoveDue(c.ctx, c.office(), id, due, "", strings.Join(f[2:], " "))
		return err
	})
	if errors.Is(err, chidao.ErrInvalid) {
		return c.say(texts.CannotChange)
	}
	if err != nil {
		return err
	}
	return c.say(texts.DueChanged(f[0], due))
}

// recallTyped handles "/thuhoivb 1483-CV/BTGTU lý do" (typed: THU HOI VAN BAN …;
// /thuhoi alone revokes an invite).
func (c *call) recallTyped(arg string) error {
	num, reason, _ := strings.Cut(strings.TrimSpace(arg), " ")
	if strings.TrimSpace(reason) == "" {
		return c.say(texts.RecallUsage)
	}
	id, err := c.findDirective(num)
	if err != nil || id == 0 {
		return err
	}
	err = c.tx.InTx(c.ctx, func(tx *storage.Store) error {
		_, err := tx.RecallDirective(c.ctx, c.office(), id, reason)
		return err
	})
	if errors.Is(err, chidao.ErrInvalid) {
		return c.say(texts.CannotChange)
	}
	if err != nil {
		return err
	}
	return c.say(texts.RecallDone(num))
}

// pendingExtensions lists the requests waiting, each with its buttons.
func (c *call) pendingExtensions() error {
	es, err := c.tx.Extensions(c.ctx, 0, true)
	if err != nil {
		return err
	}
	if len(es) == 0 {
		return c.say(texts.NoPending)
	}
	for _, e := range es[:min(len(es), 10)] {
		if err := c.send(chidao.Message{Text: c.t.ExtensionForOffice(e), Buttons: extensionButtons(e.ID)}, nil); err != nil {
			return err
		}
	}
	return nil
}
