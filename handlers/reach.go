package handlers

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"chidao"
	"chidao/reach"
	"chidao/reminders"
	"chidao/storage"
	"chidao/texts"
)

// renderReach writes a clip's reach question (or its one reminder) when
// it is sent. It is dropped when the figures came meanwhile or the clip is
// no longer approved.
func (h *Handler) renderReach(ctx context.Context, tx *storage.Store, t storage.Template) ([]chidao.Message, error) {
	check, err := tx.ReachCheckByID(ctx, t.Reach)
	if err != nil || check.State != "queued" {
		return nil, err
	}
	clip, err := tx.ClipByID(ctx, check.ClipID)
	if err != nil {
		return nil, err
	}
	if clip.Review != chidao.ReviewApproved {
		return nil, tx.SetReachCheckState(ctx, check.ID, "skipped", "clip no longer approved")
	}
	if err := tx.SetReachCheckState(ctx, check.ID, "sent", ""); err != nil {
		return nil, err
	}
	text := texts.ReachAsk(clip, check.Slot == reminders.ReachReminder)
	return []chidao.Message{{Text: text, ForceReply: true, Prompt: texts.ReachPrompt}}, nil
}

// reachFree takes a message outside any step as figures when the person
// has an open reach question and the message reads like an answer. It
// reports whether it took the message.
func (c *call) reachFree() (bool, error) {
	figs, unclear := reach.Parse(c.ev.Text)
	if figs.Empty() && len(unclear) == 0 {
		return false, nil
	}
	open, err := c.tx.OpenReachAsks(c.ctx, c.person.ID)
	if err != nil || len(open) == 0 {
		return false, err
	}
	if len(c.ev.Links) > 0 {
		open = slices.DeleteFunc(open, func(cl storage.Clip) bool { return !slices.Contains(c.linkURLs(), cl.URL) })
		if len(open) == 0 {
			return false, nil // links of new clips, not figures of asked ones
		}
	}
	if len(open) == 1 {
		return true, c.reachAnswer(open[0].ID, c.ev.Text)
	}
	var ids []int64
	var rows [][]chidao.Button
	for i, cl := range open {
		if i == 8 {
			break
		}
		ids = append(ids, cl.ID)
		rows = append(rows, []chidao.Button{{Text: strconv.Itoa(i+1) + ". " + texts.Shorten(cl.URL, 50), Data: dataf("m", cl.ID)}})
	}
	if err := c.setConvo(convo{Await: "reachpick", Options: ids, Pending: &pending{Kind: "reach", Text: c.ev.Text}}); err != nil {
		return true, err
	}
	return true, c.send(chidao.Message{Text: c.t.ReachPick(open[:len(ids)]), Buttons: rows}, nil)
}

// reachPicked answers the choice of a clip for figures sent before it.
func (c *call) reachPicked(clipID int64) error {
	var st convo
	ok, err := c.conversation(&st)
	if err != nil {
		return err
	}
	if !ok || st.Await != "reachpick" || st.Pending == nil {
		c.answer(texts.ButtonOutdated)
		return nil
	}
	if err := c.clearConvo(); err != nil {
		return err
	}
	c.answer(texts.Picked)
	return c.reachAnswer(clipID, st.Pending.Text)
}

// reachTypedPick reads "2" after the list of clips (Zalo has no buttons).
func (c *call) reachTypedPick(st convo) error {
	n, err := strconv.Atoi(strings.TrimSpace(c.ev.Text))
	if err != nil || n < 1 || n > len(st.Options) || st.Pending == nil {
		return c.free(0)
	}
	return c.reachAnswer(st.Options[n-1], st.Pending.Text)
}

// reachAnswer records the figures of a clip read from text, and asks back
// for what is unclear (the next message then completes the answer).
func (c *call) reachAnswer(clipID int64, text string) error {
	clip, err := c.tx.ClipByID(c.ctx, clipID)
	if errors.Is(err, chidao.ErrNotFound) {
		return c.say(texts.ClipUnknown(clipID))
	}
	if err != nil {
		return err
	}
	if clip.UnitCode != c.person.UnitCode && c.person.Role != chidao.RoleAdmin {
		return c.say(texts.ReachNotYours)
	}
	figs, unclear := reach.Parse(text)
	st := convo{Await: "reach", Submission: clipID}
	if figs.Empty() && len(unclear) == 0 {
		return c.askAgain(st, texts.ReachNoFigures(clip))
	}
	var got storage.Reach
	if !figs.Empty() {
		actor := chidao.Actor{Label: string(c.ev.Channel) + ":" + c.ev.UserID, PersonID: c.person.ID}
		err = c.tx.InTx(c.ctx, func(tx *storage.Store) error {
			got, err = tx.RecordReach(c.ctx, storage.NewReach{ClipID: clipID, Views: figs.Views, Likes: figs.Likes,
				Shares: figs.Shares, Comments: figs.Comments, Source: storage.SourceOfficer, Actor: actor, SourceEvent: c.ev.EventID})
			return err
		})
		switch {
		case errors.Is(err, storage.ErrNotApproved):
			return c.say(texts.ReachNotApproved(clip))
		case err != nil:
			return err
		}
	}
	if len(unclear) > 0 {
		return c.askAgain(st, texts.ReachUnclear(clip, got, figs.Empty(), unclear))
	}
	return c.say(texts.ReachRecorded(clip, got))
}
