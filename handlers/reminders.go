package handlers

import (
	"context"
	"errors"
	"time"

	"chidao"
	"chidao/reminders"
	"chidao/storage"
	"chidao/texts"
)

// calendar is the working-day calendar snoozes use.
func (h *Handler) calendar() *reminders.Calendar {
	if h.Calendar != nil {
		return h.Calendar
	}
	return reminders.DefaultCalendar()
}

// renderReminders writes reminders, each once per batch whatever the
// number of its recipients (a digest reads every open directive).
func (h *Handler) renderReminders() storage.Renderer {
	cache := map[int64][]chidao.Message{}
	return func(ctx context.Context, tx *storage.Store, t storage.Template) ([]chidao.Message, error) {
		if msgs, ok := cache[t.Reminder]; ok {
			return msgs, nil
		}
		msgs, err := h.renderReminder(ctx, tx, t)
		if err == nil {
			cache[t.Reminder] = msgs
		}
		return msgs, err
	}
}

// renderReminder writes a reminder for one recipient at send time. A
// reminder whose work was done meanwhile is dropped (and recorded as
// skipped), for every recipient.
func (h *Handler) renderReminder(ctx context.Context, tx *storage.Store, t storage.Template) ([]chidao.Message, error) {
	r, err := tx.ReminderByID(ctx, t.Reminder)
	if err != nil || r.State == "skipped" {
		return nil, err
	}
	var text, why string
	var buttons [][]chidao.Button
	if r.AssignmentID == 0 {
		text, err = h.digest(ctx, tx, r)
		why = "nothing overdue"
	} else {
		text, buttons, why, err = h.reminderFor(ctx, tx, r)
	}
	if err != nil {
		return nil, err
	}
	if text == "" {
		return nil, tx.SetReminderState(ctx, r.ID, "skipped", why)
	}
	if err := tx.SetReminderState(ctx, r.ID, "sent", ""); err != nil {
		return nil, err
	}
	var msgs []chidao.Message // a province's digest may not fit one message
	for _, part := range splitText(text, maxText) {
		msgs = append(msgs, chidao.Message{Text: part})
	}
	msgs[len(msgs)-1].Buttons = buttons
	return msgs, nil
}

// reminderFor writes what a unit still owes for a directive, or says why
// nothing is owed any more.
func (h *Handler) reminderFor(ctx context.Context, tx *storage.Store, r storage.Reminder) (string, [][]chidao.Button, string, error) {
	rep, unit, err := tx.UnitProgress(ctx, r.DirectiveID, r.UnitCode)
	if err != nil {
		return "", nil, "", err
	}
	d := rep.Directive
	kind := reminders.Kind(r.Kind)
	still, why := kind.StillOwed(reminders.Owing{Active: d.State == chidao.DirectiveActive, Paused: d.RemindersPaused, Done: unit.Status.Done(),
		Acknowledged: !unit.AcknowledgedAt.IsZero(), DeadlineDone: !r.Due.IsZero() && dueDone(rep, unit, r.Due),
		SnoozedUntil: unit.SnoozedUntil}, tx.Now())
	if !still {
		return "", nil, why, nil
	}
	due := r.Due
	if due.IsZero() {
		due = nextDue(rep, unit)
	}
	text := h.texts("").Reminder(r.Kind, d, unit, texts.Progress(owed(rep, unit, r.Due)), due, tx.Now())
	if kind.Escalation() {
		return text, nil, "", nil // the head directs; the officers act
	}
	buttons := append(directiveButtons(d.ID, unit.AcknowledgedAt), []chidao.Button{{Text: texts.SnoozeButton, Data: dataf("z", d.ID)}})
	return text, buttons, "", nil
}

// nextDue is the earliest deadline of the unit's incomplete tasks.
func nextDue(rep storage.DirectiveReport, unit storage.UnitReport) time.Time {
	due := rep.Directive.DueAt
	for i, t := range rep.Tasks {
		if i < len(unit.TaskStatuses) && !unit.TaskStatuses[i].Done() && t.DueAt.Before(due) {
			due = t.DueAt
		}
	}
	return due
}

// dueDone reports whether every task with that deadline is complete.
func dueDone(rep storage.DirectiveReport, unit storage.UnitReport, due time.Time) bool {
	for i, t := range rep.Tasks {
		if t.DueAt.Equal(due) && i < len(unit.TaskStatuses) && !unit.TaskStatuses[i].Done() {
			return false
		}
	}
	return true
}

// owed says what the unit still has to send for its incomplete tasks (of
// one deadline, when given), counted as the status rules count: a clip
// counts toward every task, so the clips owed are those of the most
// demanding incomplete task.
func owed(rep storage.DirectiveReport, unit storage.UnitReport, due time.Time) texts.Owed {
	var o texts.Owed
	for i, t := range rep.Tasks {
		if i >= len(unit.TaskStatuses) || unit.TaskStatuses[i].Done() || (!due.IsZero() && !t.DueAt.Equal(due)) {
			continue
		}
		o.ClipsNeeded = max(o.ClipsNeeded, t.MinClips)
		o.Report = o.Report || (t.Report && len(unit.Reports) == 0)
	}
	o.ClipsApproved = min(unit.ClipsApproved, o.ClipsNeeded)
	o.Ack = unit.AcknowledgedAt.IsZero()
	return o
}

// digest writes the Office's end-of-day or weekly summary; empty when
// there is nothing to say.
func (h *Handler) digest(ctx context.Context, tx *storage.Store, r storage.Reminder) (string, error) {
	ds, err := tx.Directives(ctx, true)
	if err != nil {
		return "", err
	}
	var reports []storage.DirectiveReport
	for _, d := range ds {
		if d.RemindersPaused {
			continue
		}
		rep, err := tx.DirectiveStatus(ctx, d.ID)
		if err != nil {
			return "", err
		}
		reports = append(reports, rep)
	}
	if reminders.Kind(r.Kind) == reminders.KindWeekly {
		return texts.Weekly(reports, r.Slot), nil
	}
	lost, err := tx.UnreachablePeople(ctx)
	if err != nil {
		return "", err
	}
	return h.texts("").Digest(reports, lost, r.Slot, h.DashboardURL), nil
}

// snooze handles ⏰ Nhắc lại sau: the unit's reminders for the directive
// wait until the next working day at 08:00.
func (c *call) snooze(d int64) error {
	until := c.h.calendar().NextWorkingDay(c.now(), 8, 0)
	err := c.tx.InTx(c.ctx, func(tx *storage.Store) error { return tx.Snooze(c.ctx, c.person.ID, d, until) })
	switch {
	case errors.Is(err, chidao.ErrNotFound):
		return c.tell(texts.NotYourDirective)
	case errors.Is(err, chidao.ErrClosed):
		return c.tell(texts.DirectiveClosedShort)
	case err != nil:
		return err
	}
	c.answer(texts.Snoozed(until))
	return c.say(texts.Snoozed(until))
}

// remindNow handles /nhacnho ID.
func (c *call) remindNow(arg string) error {
	id, err := c.findDirective(arg)
	if err != nil || id == 0 {
		return err
	}
	actor := chidao.Actor{Label: string(c.ev.Channel) + ":" + c.ev.UserID, PersonID: c.person.ID}
	var n, total int
	var last time.Time
	err = c.tx.InTx(c.ctx, func(tx *storage.Store) error {
		var err error
		n, total, last, err = tx.RemindNow(c.ctx, actor, id)
		return err
	})
	switch {
	case errors.Is(err, storage.ErrTooSoon):
		return c.say(texts.RemindTooSoon(last))
	case errors.Is(err, chidao.ErrClosed):
		return c.say(c.t.DirectiveClosed())
	case err != nil:
		return err
	}
	return c.say(texts.Reminded(n, total))
}

// pauseReminders handles /tamdung ID and /tieptuc ID.
func (c *call) pauseReminders(arg string, paused bool) error {
	id, err := c.findDirective(arg)
	if err != nil || id == 0 {
		return err
	}
	actor := chidao.Actor{Label: string(c.ev.Channel) + ":" + c.ev.UserID, PersonID: c.person.ID}
	err = c.tx.InTx(c.ctx, func(tx *storage.Store) error { return tx.SetRemindersPaused(c.ctx, actor, id, paused) })
	if errors.Is(err, chidao.ErrClosed) {
		return c.say(c.t.DirectiveClosed())
	}
	if err != nil {
		return err
	}
	d, err := c.tx.Directive(c.ctx, id)
	if err != nil {
		return err
	}
	return c.say(c.t.RemindersPaused(paused, d.Number))
}
