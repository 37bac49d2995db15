// Package handlers holds the conversations chidao has with officers, unit
// heads and Office admins, whatever the chat platform: a platform package
// turns what arrived into an Event, and Handle answers it by queueing
// messages in the outbox, in the transaction that stores the event's
// effects. Every text a user reads comes from package texts; what people
// type is read by package intent, the same on every channel.
package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"chidao"
	"chidao/intent"
	"chidao/reminders"
	"chidao/scorecard"
	"chidao/storage"
	"chidao/texts"
)

// Handler answers events. BotUsername is used in texts that point to the
// bot; Calendar (default: the shipped one) tells working days for snoozes.
type Handler struct {
	BotUsername string
	Log         *slog.Logger
	Calendar    *reminders.Calendar
	// DashboardURL is where the web dashboard is reached (PUBLIC_URL), for
	// the login links of /dangnhap.
	DashboardURL string
	// Org is the Office's name as users read it (default: texts' default).
	Org texts.Org
	// Weights are the scorecard's (SCORE_WEIGHTS; zero: the defaults).
	Weights scorecard.Weights
}

// texts is the catalog for a channel ("" for messages whose channel is
// chosen when they are sent).
func (h *Handler) texts(ch chidao.Channel) texts.Chat {
	return texts.Chat{Org: h.Org.OrDefault(), Channel: ch}
}

// call is one event being handled: the event, its transaction, and the
// person who sent it (zero ID when not registered).
type call struct {
	h      *Handler
	ctx    context.Context
	tx     *storage.Store
	ev     chidao.Event
	person chidao.Person
	n      int // replies queued so far
	res    chidao.ButtonAnswer
	// conversing says whether the chat may have a conversation state, so
	// that messages outside one cost no query for it.
	conversing bool
	// t writes this chat's replies; neutral what goes to other people.
	t, neutral texts.Chat
	// key makes the replies' dedupe keys (default: the inbox event's).
	key string
}

// Handle answers one event inside tx. Errors are for failures to store
// (the event is retried); bad input is answered in the chat instead.
func (h *Handler) Handle(ctx context.Context, tx *storage.Store, ev chidao.Event) (chidao.ButtonAnswer, error) {
	c := &call{h: h, ctx: ctx, tx: tx, ev: ev, t: h.texts(ev.Channel), neutral: h.texts("")}
	err := c.route()
	return c.res, err
}

func (c *call) route() error {
	if c.ev.JoinedGroup {
		return c.say(texts.Group(c.h.BotUsername))
	}
	if c.ev.Unfollowed {
		_, err := c.tx.MarkUnreachable(c.ctx, c.ev.Channel, c.ev.ChatID, "unfollowed the Official Account")
		if errors.Is(err, chidao.ErrNotFound) {
			return nil
		}
		return err
	}
	if !c.ev.Private {
		if cmd, _ := ParseCommand(c.ev.Text, c.h.BotUsername); cmd != "" {
			return c.say(texts.Group(c.h.BotUsername))
		}
		return nil // group chatter and other bots' commands are not for us
	}
	p, conversing, err := c.tx.ChatPerson(c.ctx, c.ev.Channel, c.ev.UserID, c.ev.ChatID)
	switch {
	case errors.Is(err, chidao.ErrNotFound):
		return c.stranger()
	case err != nil:
		return err
	}
	c.person, c.conversing = p, conversing
	if !p.Active {
		return c.say(c.t.Inactive())
	}
	if c.ev.SharedPhone != "" {
		if err := c.tx.SetPhone(c.ctx, p.ID, c.ev.SharedPhone); err != nil {
			return err
		}
		return c.say(c.t.PhoneSaved())
	}
	if c.ev.Data != "" {
		return c.button()
	}
	return c.message()
}

// stranger answers someone not registered: an invite code (with /start,
// DK, or alone) registers them.
func (c *call) stranger() error {
	if c.ev.Followed {
		return c.say(c.t.Followed())
	}
	if c.ev.Data != "" {
		c.res = chidao.ButtonAnswer{Answer: c.t.NotRegisteredShort(), Alert: true}
		return nil
	}
	cmd, arg := ParseCommand(c.ev.Text, c.h.BotUsername)
	if cmd == "start" && arg != "" {
		return c.register(arg)
	}
	if cmd == "" {
		switch in := intent.Read(c.ev.Text); {
		case (in.Kind == intent.Register || in.Kind == intent.Code) && in.Text != "":
			return c.register(in.Text)
		case in.Kind == intent.Greeting || in.Kind == intent.Register:
			return c.say(c.t.StartNoCode())
		}
	}
	if cmd == "start" {
		return c.say(c.t.StartNoCode())
	}
	return c.say(c.t.NotRegistered())
}

// say queues a reply in the chat the event came from.
func (c *call) say(text string) error {
	return c.send(chidao.Message{Text: text}, nil)
}

// send queues a reply with buttons or a prompt; context is what a reply
// to it will mean.
func (c *call) send(m chidao.Message, context map[string]any) error {
	return c.queue("reply", m, context)
}

// sayCredential queues a reply that carries a working code or link: its
// text is wiped from the outbox once it is sent (storage.KindCredential).
func (c *call) sayCredential(text string) error {
	return c.queue(storage.KindCredential, chidao.Message{Text: text}, nil)
}

func (c *call) queue(kind string, m chidao.Message, context map[string]any) error {
	c.n++
	key := c.key
	if key == "" {
		key = fmt.Sprintf("in:%d", c.ev.EventID)
	}
	_, err := c.tx.Enqueue(c.ctx, storage.Outgoing{
		DedupeKey: fmt.Sprintf("%s:%d", key, c.n),
		Channel:   c.ev.Channel, ChatID: c.ev.ChatID, PersonID: c.person.ID,
		Kind: kind, Message: m, Context: context,
	})
	return err
}

// notify queues a message to another person, on their preferred channel.
func (c *call) notify(personID int64, key string, o storage.Outgoing) error {
	o.PersonID = personID
	o.DedupeKey = fmt.Sprintf("%s:to:%d", key, personID)
	_, err := c.tx.Enqueue(c.ctx, o)
	return err
}

// answer sets the toast shown for a pressed button.
func (c *call) answer(text string) { c.res.Answer = text }

// tell answers a pressed button with a toast, or a typed command (Zalo)
// with a message.
func (c *call) tell(text string) error {
	if c.ev.CallbackID != "" {
		c.res = chidao.ButtonAnswer{Answer: text, Alert: true}
		return nil
	}
	return c.say(text)
}

// now is the transaction's clock.
func (c *call) now() time.Time { return c.tx.Now() }

// NotifyUnreachable tells every Office admin that a person can no longer
// be reached on a channel.
func (h *Handler) NotifyUnreachable(ctx context.Context, store *storage.Store, u storage.Unreachable, ch chidao.Channel, why string) error {
	admins, err := store.PeopleWithRole(ctx, chidao.RoleAdmin, "")
	if err != nil {
		return err
	}
	t := h.texts("")
	reason := t.UnreachableReason(ch, why)
	for _, a := range admins {
		if a.ID == u.PersonID {
			continue
		}
		_, err := store.Enqueue(ctx, storage.Outgoing{DedupeKey: fmt.Sprintf("unreachable:%s:%d:%d:to:%d", ch, u.PersonID, store.Now().Unix(), a.ID),
			PersonID: a.ID, Kind: "notice", Message: chidao.Message{Text: t.Unreachable(u.Person, ch, reason)}})
		if err != nil {
			return err
		}
	}
	return nil
}

// NotifyZaloToken tells every Office admin that Zalo's tokens need a new
// refresh token from an OA admin (at most once an hour: the caller paces it).
func (h *Handler) NotifyZaloToken(ctx context.Context, store *storage.Store) error {
	admins, err := store.PeopleWithRole(ctx, chidao.RoleAdmin, "")
	if err != nil {
		return err
	}
	hour := store.Now().UTC().Format("2006010215")
	for _, a := range admins {
		if ids, err := store.Identities(ctx, a.ID); err != nil || !ids[chidao.Telegram] {
			continue // Zalo is what is broken: only Telegram can carry this
		}
		_, err := store.Enqueue(ctx, storage.Outgoing{DedupeKey: "zalo-token:" + hour + ":to:" + fmt.Sprint(a.ID),
			PersonID: a.ID, Channel: chidao.Telegram, ChatID: "", Kind: "notice", Message: chidao.Message{Text: h.texts(chidao.Telegram).ZaloToken()}})
		if err != nil {
			return err
		}
	}
	return nil
}
