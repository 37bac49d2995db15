package handlers

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"chidao"
	"chidao/intent"
	"chidao/storage"
	"chidao/texts"
)

// typedReview handles "DUYET 12", "TU CHOI 12 lý do" and a lone "Duyệt"
// or "Từ chối", which mean the only clip waiting for this reviewer.
func (c *call) typedReview(approve bool, arg string) error {
	num, reason, _ := strings.Cut(strings.TrimSpace(arg), " ")
	id, err := strconv.ParseInt(strings.TrimPrefix(num, "#"), 10, 64)
	if err != nil || id <= 0 {
		if id, err = c.onlyWaiting(); err != nil || id == 0 {
			return err
		}
		reason = strings.TrimSpace(arg)
	}
	if approve {
		return c.review(id, true)
	}
	if strings.TrimSpace(reason) == "" {
		return c.review(id, false) // asks for the reason
	}
	return c.rejectWithReason(id, strings.TrimSpace(reason), "")
}

// onlyWaiting finds the clip a lone "Duyệt" means: the only one waiting
// for this reviewer. With none or several it answers and returns 0.
func (c *call) onlyWaiting() (int64, error) {
	var unit string
	switch c.person.Role {
	case chidao.RoleHead:
		unit = c.person.UnitCode
	case chidao.RoleAdmin:
	default:
		return 0, c.say(c.t.NotReviewer())
	}
	clips, err := c.tx.PendingClips(c.ctx, unit)
	if err != nil {
		return 0, err
	}
	var mine []storage.Clip
	for _, cl := range clips {
		if cl.PersonID != c.person.ID {
			mine = append(mine, cl)
		}
	}
	switch len(mine) {
	case 0:
		return 0, c.say(texts.NoClipWaiting)
	case 1:
		return mine[0].ID, nil
	}
	var rows [][]chidao.Button
	for _, cl := range mine {
		rows = append(rows, []chidao.Button{{Text: texts.ApproveClipButton(cl.ID), Data: dataf("v", cl.ID)}})
	}
	return 0, c.send(chidao.Message{Text: c.t.ClipsWaiting(mine), Buttons: rows}, nil)
}

// typedSnooze handles "NHAC SAU": the directive replied to, the unit's
// only open directive, or a choice.
func (c *call) typedSnooze(given int64) error {
	d, err := c.directiveFor(given, pending{Kind: "snooze"})
	if err != nil || d == 0 {
		return err
	}
	return c.snooze(d)
}

// switchChannel handles /kenh and KENH: the channel chidao writes on
// becomes this one (or the one named).
func (c *call) switchChannel(arg string) error {
	ch := c.ev.Channel
	switch intent.Fold(strings.TrimSpace(arg)) {
	case "telegram":
		ch = chidao.Telegram
	case "zalo":
		ch = chidao.Zalo
	}
	err := c.tx.SetPreferredChannel(c.ctx, c.person.ID, ch)
	if errors.Is(err, chidao.ErrNotFound) {
		return c.say(c.t.ChannelNotLinked(ch))
	}
	if err != nil {
		return err
	}
	return c.say(c.t.ChannelSet(ch))
}

// linkCode answers /lienket (LIEN KET): a one-hour code that links the
// person's account on the other channel to them.
func (c *call) linkCode() error {
	inv, err := c.tx.CreateInvite(c.ctx, chidao.Actor{Label: string(c.ev.Channel) + ":" + c.ev.UserID, PersonID: c.person.ID},
		storage.NewInvite{UnitCode: c.person.UnitCode, Role: c.person.Role, TTL: time.Hour, PersonID: c.person.ID})
	if err != nil {
		return err
	}
	return c.sayCredential(c.t.LinkCode(inv.ShortCode, inv.Code, c.h.BotUsername))
}

// PlainText writes a message for a chat without buttons (Zalo): the text,
// then what the reader can type instead of each button (numbered choices
// for a choice among directives). A message without buttons is sent as it
// is: an answer needs no footer, the reader has just written.
func PlainText(m chidao.Message) string {
	var choices, picks []string
	for _, row := range m.Buttons {
		for _, b := range row {
			verb, id, _ := parseData(b.Data)
			if texts.Numbered(verb) {
				picks = append(picks, strconv.Itoa(len(picks)+1)+". "+b.Text)
			} else if t := texts.TypedReply(verb, id); t != "" && !slices.Contains(choices, t) {
				choices = append(choices, t)
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
	}
	return strings.TrimSpace(b.String())
}
