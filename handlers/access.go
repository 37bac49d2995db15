package handlers

import (
	"errors"
	"strconv"
	"strings"

	"chidao"
	"chidao/texts"
)

// setActive handles /khoa ID and /mokhoa ID from an Office admin.
func (c *call) setActive(arg string, active bool) error {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(arg), "#"), 10, 64)
	if err != nil || id <= 0 {
		return c.say(texts.AccessUsage)
	}
	if id == c.person.ID && !active {
		return c.say(texts.CannotDisableSelf)
	}
	p, err := c.tx.SetPersonActive(c.ctx, c.actor(), id, active)
	switch {
	case errors.Is(err, chidao.ErrNotFound):
		return c.say(texts.PersonUnknown(id))
	case err != nil:
		return err
	case active:
		return c.say(texts.PersonEnabled(p.FullName, p.ID))
	}
	return c.say(texts.PersonDisabled(p.FullName, p.ID))
}

// revokeInvite handles /thuhoi CODE|ID from an Office admin.
func (c *call) revokeInvite(arg string) error {
	arg = strings.TrimPrefix(strings.TrimSpace(arg), "#")
	if arg == "" {
		return c.say(texts.AccessUsage)
	}
	id, err := c.tx.RevokeInvite(c.ctx, c.actor(), arg)
	switch {
	case errors.Is(err, chidao.ErrNotFound) || errors.Is(err, chidao.ErrInvalid):
		return c.say(texts.InviteNotRevocable)
	case err != nil:
		return err
	}
	return c.say(texts.InviteRevoked(id))
}

// actor is the person acting, for the audit log.
func (c *call) actor() chidao.Actor {
	return chidao.Actor{Label: string(c.ev.Channel) + ":" + c.ev.UserID, PersonID: c.person.ID}
}
