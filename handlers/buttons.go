package handlers

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"chidao"
	"chidao/links"
	"chidao/storage"
	"chidao/texts"
)

// button answers a pressed button.
func (c *call) button() error {
	if c.ev.Data == "n:ok" || c.ev.Data == "n:cancel" || c.ev.Data == "n:all" || c.ev.Data == "n:done" {
		return c.adminOnly(func() error { return c.createButton(c.ev.Data, 0) })
	}
	if strings.HasPrefix(c.ev.Data, "t:") {
		return c.adminOnly(c.situationButton)
	}
	verb, id, ok := parseData(c.ev.Data)
	if !ok {
		c.answer(texts.ButtonOutdated)
		return nil
	}
	switch verb {
	case "a", "k":
		return c.acknowledgeAndSay(id, true)
	case "c", "r", "d":
		await := map[string]string{"c": "clip", "r": "report", "d": "difficulty"}[verb]
		c.answer(texts.PromptShort(await))
		return c.promptFromButton(id, await)
	case "q":
		return c.askedBack(id)
	case "ans":
		return c.adminOnly(func() error { return c.promptAnswer(id) })
	case "v":
		return c.review(id, true)
	case "x":
		return c.review(id, false)
	case "p":
		return c.picked(id)
	case "z":
		return c.snooze(id)
	case "e":
		c.answer(texts.ExtendButton)
		return c.askExtension(id, "")
	case "ea":
		return c.decideExtension(id, storage.Decision{Approve: true})
	case "eo":
		return c.adminOnly(func() error { return c.askDecision(id, "ext-other") })
	case "er":
		return c.adminOnly(func() error { return c.askDecision(id, "ext-reject") })
	case "w":
		return c.withdraw(id)
	case "ams", "amc":
		return c.adminOnly(func() error { return c.amendButton(verb, id) })
	case "m":
		return c.reachPicked(id)
	case "n":
		return c.adminOnly(func() error { return c.createButton("n:u", id) })
	case "g":
		return c.adminOnly(func() error { return c.createButton("n:g", id) })
	case "lb", "lh", "ls", "lt", "lu", "lx":
		return c.adminOnly(func() error { return c.letterButton(verb, id) })
	}
	c.answer(texts.ButtonOutdated)
	return nil
}

func (c *call) promptFromButton(d int64, await string) error {
	dir, err := c.tx.Directive(c.ctx, d)
	if err == nil {
		// Forged button data naming a directive of other units is answered
		// as a button that does not exist: its number is not for them.
		_, _, err = c.tx.UnitProgress(c.ctx, d, c.person.UnitCode)
	}
	if errors.Is(err, chidao.ErrNotFound) {
		c.answer(texts.ButtonOutdated)
		return nil
	}
	if err != nil {
		return err
	}
	if dir.State != chidao.DirectiveActive {
		c.answer(texts.DirectiveClosedShort)
		return nil
	}
	return c.prompt(d, await)
}

// picked continues work that waited for the choice of a directive.
func (c *call) picked(d int64) error {
	var st convo
	ok, err := c.conversation(&st)
	if err != nil {
		return err
	}
	if !ok || st.Await != "pick" || st.Pending == nil {
		c.answer(texts.ButtonOutdated)
		return nil
	}
	if err := c.clearConvo(); err != nil {
		return err
	}
	c.answer(texts.Picked)
	p := st.Pending
	switch p.Kind {
	case "clip":
		return c.submitClips(d, p.Links)
	case "ack":
		return c.acknowledgeAndSay(d, false)
	case "snooze":
		return c.snooze(d)
	case "summary":
		return c.exportReport(strconv.FormatInt(d, 10))
	case "extension":
		return c.askExtension(d, p.Text)
	case "report", "difficulty":
		if p.Text == "" && p.File == 0 {
			return c.prompt(d, p.Kind)
		}
		return c.submitText(d, p.Kind, p.Text, p.File)
	}
	return nil
}

// askReview sends a new clip to the unit's heads, or to the Office admins
// when the unit has no head registered (byOffice). A reply to the request
// ("Duyệt", "Từ chối vì ...") reviews the clip.
func (c *call) askReview(clipID int64) (byOffice bool, err error) {
	clip, err := c.tx.ClipByID(c.ctx, clipID)
	if err != nil {
		return false, err
	}
	reviewers, err := c.tx.PeopleWithRole(c.ctx, chidao.RoleHead, clip.UnitCode)
	if err != nil {
		return false, err
	}
	reviewers = without(reviewers, c.person.ID)
	if len(reviewers) == 0 {
		byOffice = true
		if reviewers, err = c.tx.PeopleWithRole(c.ctx, chidao.RoleAdmin, ""); err != nil {
			return false, err
		}
		reviewers = without(reviewers, c.person.ID)
	}
	m := chidao.Message{Text: c.neutral.ReviewRequest(clip, byOffice), Buttons: reviewButtons(clipID)}
	for _, r := range reviewers {
		err := c.notify(r.ID, dataf("review", clipID), storage.Outgoing{Kind: "review", DirectiveID: clip.DirectiveID, Message: m,
			Context: map[string]any{"clip": clipID}})
		if err != nil {
			return false, err
		}
	}
	return byOffice, nil
}

func without(people []chidao.Person, id int64) []chidao.Person {
	var out []chidao.Person
	for _, p := range people {
		if p.ID != id {
			out = append(out, p)
		}
	}
	return out
}

func reviewButtons(clipID int64) [][]chidao.Button {
	return [][]chidao.Button{{{Text: texts.ApproveButton, Data: dataf("v", clipID)}, {Text: texts.RejectButton, Data: dataf("x", clipID)}}}
}

// mayReview reports whether the person may review the clip: a head of its
// unit or an Office admin, never the one who sent it.
func (c *call) mayReview(clip storage.Clip) bool {
	if clip.PersonID == c.person.ID {
		return false
	}
	return c.person.Role == chidao.RoleAdmin || (c.person.Role == chidao.RoleHead && c.person.UnitCode == clip.UnitCode)
}

// review handles Duyệt / Từ chối: approval at once, rejection asks why.
func (c *call) review(clipID int64, approve bool) error {
	clip, err := c.tx.ClipByID(c.ctx, clipID)
	if errors.Is(err, chidao.ErrNotFound) {
		return c.tell(texts.ClipUnknown(clipID))
	}
	if err != nil {
		return err
	}
	if clip.PersonID == c.person.ID {
		return c.tell(texts.OwnClip)
	}
	if !c.mayReview(clip) {
		return c.tell(c.t.NotReviewer())
	}
	if approve && clip.Review == chidao.ReviewApproved {
		return c.tell(texts.AlreadyApproved(clip))
	}
	if !approve {
		c.answer(texts.AskReasonShort)
		if err := c.setConvo(convo{Await: "reason", Submission: clipID, Review: c.ev.MessageID}); err != nil {
			return err
		}
		return c.send(chidao.Message{Text: c.t.AskReason(clip), ForceReply: true, Prompt: texts.ReasonHint},
			map[string]any{"await": "reason", "submission": clipID, "review": c.ev.MessageID})
	}
	return c.decide(clip, true, "", c.ev.MessageID)
}

func (c *call) rejectWithReason(clipID int64, reason, reviewMessage string) error {
	if reason == "" {
		return c.say(texts.EmptyReason)
	}
	clip, err := c.tx.ClipByID(c.ctx, clipID)
	if errors.Is(err, chidao.ErrNotFound) {
		return c.say(texts.ClipUnknown(clipID))
	}
	if err != nil {
		return err
	}
	if clip.PersonID == c.person.ID {
		return c.say(texts.OwnClip)
	}
	if !c.mayReview(clip) {
		return c.say(c.t.NotReviewer())
	}
	return c.decide(clip, false, reason, reviewMessage)
}

// decide records the review and tells the reviewer and the officer; the
// buttons of the review request (reviewMessage) then show the decision.
func (c *call) decide(clip storage.Clip, approve bool, reason, reviewMessage string) error {
	_, before, err := c.tx.UnitProgress(c.ctx, clip.DirectiveID, clip.UnitCode)
	if err != nil {
		return err
	}
	err = c.tx.InTx(c.ctx, func(tx *storage.Store) error {
		return tx.ReviewClip(c.ctx, c.person.ID, clip.ID, approve, reason)
	})
	switch {
	case errors.Is(err, chidao.ErrClosed):
		c.answer(texts.DirectiveClosedShort)
		return c.say(c.t.DirectiveClosed())
	case err != nil:
		return err
	}
	c.answer(texts.DecisionShort(approve))
	if err := c.editReview(clip, approve, reviewMessage); err != nil {
		return err
	}
	rep, unit, err := c.tx.UnitProgress(c.ctx, clip.DirectiveID, clip.UnitCode)
	if err != nil {
		return err
	}
	standing := ""
	if approve {
		standing = texts.Progress(owed(rep, unit, time.Time{}))
		if unit.Status.Done() && !before.Status.Done() {
			standing = texts.Completed(rep.Directive, unit)
		}
	}
	if err := c.say(texts.DecisionDone(clip, approve, standing)); err != nil {
		return err
	}
	key := dataf("decision", clip.ID) + ":" + c.now().Format(time.RFC3339Nano)
	return c.notify(clip.PersonID, key, storage.Outgoing{Kind: "notice", DirectiveID: clip.DirectiveID,
		Message: chidao.Message{Text: texts.DecisionForOfficer(clip, rep.Directive, approve, reason, c.person, standing)}})
}

// editReview makes the buttons of the review request show the decision.
func (c *call) editReview(clip storage.Clip, approve bool, reviewMessage string) error {
	if reviewMessage == "" {
		return nil
	}
	label := texts.DecidedButton(approve, texts.DateTime(c.now()))
	edit := chidao.Message{EditOf: reviewMessage, Buttons: [][]chidao.Button{{{Text: label, Data: dataf("v", clip.ID)}}}}
	if !approve {
		// A rejected clip may still be approved later (after a talk with the officer).
		edit.Buttons = [][]chidao.Button{{{Text: label, Data: dataf("x", clip.ID)}}, {{Text: texts.ApproveButton, Data: dataf("v", clip.ID)}}}
	}
	return c.send(edit, nil)
}

func linkOf(ls []links.Link, url string) links.Link {
	for _, l := range ls {
		if l.URL == url {
			return l
		}
	}
	l, err := links.Normalize(url)
	if err != nil {
		return links.Link{URL: url, Platform: links.Other}
	}
	return l
}
