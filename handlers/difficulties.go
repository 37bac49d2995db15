package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"chidao"
	"chidao/storage"
	"chidao/texts"
)

// toOffice sends a difficulty to every Office admin at once, with a button
// to answer it; a reply to that message is the answer.
func (c *call) toOffice(d chidao.Directive, id int64, text string) error {
	admins, err := c.tx.PeopleWithRole(c.ctx, chidao.RoleAdmin, "")
	if err != nil {
		return err
	}
	m := chidao.Message{Text: c.neutral.DifficultyForOffice(d, id, c.person.UnitName, c.person.FullName, text, c.now()),
		Buttons: [][]chidao.Button{{{Text: texts.AnswerButton, Data: dataf("ans", id)}}}}
	for _, a := range admins {
		if a.ID == c.person.ID {
			continue
		}
		err := c.notify(a.ID, dataf("difficulty", id), storage.Outgoing{Kind: "difficulty", DirectiveID: d.ID, Message: m,
			Context: map[string]any{"await": "answer", "submission": id}})
		if err != nil {
			return err
		}
	}
	return nil
}

// promptAnswer asks an admin for the answer to a difficulty.
func (c *call) promptAnswer(id int64) error {
	d, err := c.tx.DifficultyByID(c.ctx, id)
	if errors.Is(err, chidao.ErrNotFound) {
		return c.tell(texts.DifficultyUnknown(id))
	}
	if err != nil {
		return err
	}
	c.answer(texts.AnswerShort)
	if err := c.setConvo(convo{Await: "answer", Submission: id}); err != nil {
		return err
	}
	return c.send(chidao.Message{Text: c.t.AnswerPrompt(id, d.UnitName), ForceReply: true, Prompt: texts.AnswerHint},
		map[string]any{"await": "answer", "submission": id})
}

// typedAnswer handles "TRA LOI 4 <answer>" (Zalo, or typed anywhere).
func (c *call) typedAnswer(arg string) error {
	if c.person.Role != chidao.RoleAdmin {
		return c.say(c.t.AdminOnly())
	}
	num, text, _ := strings.Cut(strings.TrimSpace(arg), " ")
	id, err := strconv.ParseInt(strings.Trim(num, "#:."), 10, 64)
	if err != nil || id <= 0 {
		return c.say(texts.AnswerUsage)
	}
	if text = strings.TrimSpace(strings.TrimLeft(text, ":-–")); text == "" {
		return c.promptAnswer(id)
	}
	return c.answerDifficulty(id, text)
}

// answerDifficulty records an admin's answer and sends it to the officer.
func (c *call) answerDifficulty(id int64, text string) error {
	if c.person.Role != chidao.RoleAdmin {
		return c.say(c.t.AdminOnly())
	}
	actor := chidao.Actor{Label: string(c.ev.Channel) + ":" + c.ev.UserID, PersonID: c.person.ID}
	before, err := c.h.AnswerDifficulty(c.ctx, c.tx, actor, c.person, id, text)
	switch {
	case errors.Is(err, chidao.ErrNotFound):
		return c.say(texts.DifficultyUnknown(id))
	case errors.Is(err, chidao.ErrInvalid):
		return c.say(texts.InvalidInput)
	case err != nil:
		return err
	}
	return c.say(texts.AnswerSent(before.PersonName, before.UnitName, id, before.AnsweredAt != nil))
}

// AnswerDifficulty records the Office's answer to a difficulty (from the
// chat or the dashboard) and queues it for the officer who sent the
// difficulty, in tx. It returns the difficulty as it was before.
func (h *Handler) AnswerDifficulty(ctx context.Context, tx *storage.Store, actor chidao.Actor, admin chidao.Person, id int64, text string) (storage.Difficulty, error) {
	before, err := tx.AnswerDifficulty(ctx, actor, id, text)
	if err != nil {
		return before, err
	}
	d, err := tx.Directive(ctx, before.DirectiveID)
	if err != nil {
		return before, err
	}
	_, err = tx.Enqueue(ctx, storage.Outgoing{
		DedupeKey: fmt.Sprintf("answer:%d:%d:to:%d", id, tx.Now().UnixNano(), before.PersonID), PersonID: before.PersonID,
		Kind: "notice", DirectiveID: d.ID, Message: chidao.Message{Text: h.texts("").DifficultyAnswer(d, before.Text, text, admin)}})
	return before, err
}
