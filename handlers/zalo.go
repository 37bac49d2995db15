package handlers

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"chidao"
	"chidao/storage"
	"chidao/texts"
)

// typedReview handles "DUYET <n>" and "TU CHOI <n> <lý do>", the typed
// form of the review buttons.
func (c *call) typedReview(approve bool, arg string) error {
	num, reason, _ := strings.Cut(strings.TrimSpace(arg), " ")
	id, err := strconv.ParseInt(strings.TrimPrefix(num, "#"), 10, 64)
	if err != nil || id <= 0 {
		return c.say(texts.ReviewUsage)
	}
	if approve {
		return c.review(id, true)
	}
	if strings.TrimSpace(reason) == "" {
		return c.review(id, false) // asks for the reason
	}
	return c.rejectWithReason(id, strings.TrimSpace(reason), "")
}

// typedSnooze handles "NHAC SAU": the unit's only open directive, or a
// choice.
func (c *call) typedSnooze() error {
	d, err := c.directiveFor(0, pending{Kind: "snooze"})
	if err != nil || d == 0 {
		return err
	}
	return c.snooze(d)
}

// switchChannel handles /kenh and KENH: the channel chidao writes on
// becomes this one (or the one named).
func (c *call) switchChannel(arg string) error {
	ch := c.ev.Channel
	switch Fold(strings.TrimSpace(arg)) {
	case "telegram":
		ch = chidao.Telegram
	case "zalo":
		ch = chidao.Zalo
	}
	err := c.tx.SetPreferredChannel(c.ctx, c.person.ID, ch)
	if errors.Is(err, chidao.ErrNotFound) {
		return c.say(texts.ChannelNotLinked(ch))
	}
	if err != nil {
		return err
	}
	return c.say(texts.ChannelSet(ch))
}

// linkCode answers /lienket (LIEN KET): a one-hour code that links the
// person's account on the other channel to them.
func (c *call) linkCode() error {
	inv, err := c.tx.CreateInvite(c.ctx, chidao.Actor{Label: string(c.ev.Channel) + ":" + c.ev.UserID, PersonID: c.person.ID},
		storage.NewInvite{UnitCode: c.person.UnitCode, Role: c.person.Role, TTL: time.Hour, PersonID: c.person.ID})
	if err != nil {
		return err
	}
	return c.sayCredential(texts.LinkCode(inv.ShortCode, inv.Code, c.h.BotUsername))
}

// PlainText writes a message for a chat without buttons (Zalo): the text,
// then what the reader can reply, since every message there should end
// with it (each reply keeps the conversation window open).
func PlainText(m chidao.Message) string {
	var choices, picks []string
	for _, row := range m.Buttons {
		for _, b := range row {
			verb, id, _ := parseData(b.Data)
			if verb == "p" {
				picks = append(picks, strconv.Itoa(len(picks)+1)+". "+b.Text)
			} else if t := texts.TypedReply(verb, id); t != "" {
				choices = appendOnce(choices, t)
			}
		}
	}
	var b strings.Builder
	b.WriteString(m.Text)
	if len(picks) > 0 {
		b.WriteString("\n\n" + strings.Join(picks, "\n") + "\n\n" + texts.ReplyNumber)
	}
	if len(choices) > 0 {
		b.WriteString("\n\n" + texts.ReplyWith + "\n• " + strings.Join(choices, "\n• "))
	} else if len(picks) == 0 {
		b.WriteString("\n\n" + texts.ReplyDefault)
	}
	return strings.TrimSpace(b.String())
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
