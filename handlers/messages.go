package handlers

import (
	"errors"
	"strings"
	"time"

	"chidao"
	"chidao/intent"
	"chidao/storage"
	"chidao/texts"
)

// convo is what the next message of a chat means, kept in the database so
// that any process can handle it.
type convo struct {
	Await      string   `json:"await"` // clip, report, difficulty, reason, pick, create
	Directive  int64    `json:"directive,omitempty"`
	Submission int64    `json:"submission,omitempty"`
	Review     string   `json:"review,omitempty"`  // the review request a rejection reason is for
	Options    []int64  `json:"options,omitempty"` // the directives offered, for a typed number
	Pending    *pending `json:"pending,omitempty"`
	Draft      *draft   `json:"draft,omitempty"`
	Amend      *amend   `json:"amend,omitempty"` // a correction or a supplement being written
	// AwaitsFile is the file whose bytes the conversation waits for (a
	// letter being fetched): storage finds the chat by it.
	AwaitsFile int64 `json:"awaits_file,omitempty"`
}

// pending is work sent before chidao knew which directive it is for.
type pending struct {
	Kind  string   `json:"kind"` // clip, report or difficulty
	Links []string `json:"links,omitempty"`
	Text  string   `json:"text,omitempty"`
	File  int64    `json:"file,omitempty"`
}

const convoTTL = 2 * time.Hour

func (c *call) setConvo(st convo) error {
	c.conversing = true
	return c.tx.SetConversation(c.ctx, c.ev.Channel, c.ev.ChatID, st, convoTTL)
}

func (c *call) clearConvo() error {
	if !c.conversing {
		return nil
	}
	c.conversing = false
	return c.tx.ClearConversation(c.ctx, c.ev.Channel, c.ev.ChatID)
}

// conversation loads the chat's conversation state, if it has one.
func (c *call) conversation(st *convo) (bool, error) {
	if !c.conversing {
		return false, nil
	}
	return c.tx.Conversation(c.ctx, c.ev.Channel, c.ev.ChatID, st)
}

// message answers a message (not a button): a /command, a reply to one
// of chidao's messages, the next step of a conversation, or free text.
func (c *call) message() error {
	if c.ev.Followed {
		return c.say(c.t.Welcome(c.person))
	}
	if cmd, arg := ParseCommand(c.ev.Text, c.h.BotUsername); cmd != "" {
		return c.command(cmd, arg)
	}
	if c.ev.ReplyTo != "" {
		handled, err := c.replyTo()
		if handled || err != nil {
			return err
		}
	}
	var st convo
	ok, err := c.conversation(&st)
	if err != nil {
		return err
	}
	if ok {
		return c.resume(st)
	}
	return c.free(0)
}

// free handles a message outside any step: a document, links, a photo or
// video, or text read by the recogniser. directiveID is the directive the
// message answers (a reply to it), or 0.
func (c *call) free(directiveID int64) error {
	switch {
	case c.ev.Document != nil && c.person.Role == chidao.RoleAdmin && isLetter(c.ev.Document) && directiveID == 0:
		return c.createFromLetter()
	case c.ev.Document != nil && isVideo(c.ev.Document):
		return c.say(c.t.Media("video"))
	case c.ev.Document != nil:
		return c.offerDocument(directiveID)
	case len(c.ev.Links) > 0:
		// "https://youtu.be/… được 4.500 lượt xem" answers a reach question.
		if ok, err := c.reachFree(); ok || err != nil {
			return err
		}
		return c.submitClips(directiveID, c.linkURLs())
	case c.ev.Media != "" && !(c.ev.Media == "sticker" && c.ev.Text != ""):
		return c.say(c.t.Media(c.ev.Media))
	}
	if ok, err := c.lifecycleTyped(directiveID); ok || err != nil {
		return err
	}
	in := intent.Read(c.ev.Text)
	if in.Kind == intent.Unclear || in.Kind == intent.None || in.Kind == intent.Choice {
		// "12.000 lượt xem, 500 thích" answers a reach question.
		if ok, err := c.reachFree(); ok || err != nil {
			return err
		}
	}
	return c.understand(in, directiveID)
}

// command runs a /command (or the keyword the recogniser read as one).
func (c *call) command(cmd, arg string) error {
	if cmd != "chidao" || arg == "" {
		if err := c.clearConvo(); err != nil {
			return err
		}
	}
	switch cmd {
	case "start":
		if arg != "" {
			return c.say(c.t.AlreadyRegistered(c.person))
		}
		return c.say(c.t.Welcome(c.person))
	case "huongdan", "help":
		return c.say(c.t.Help(c.person.Role))
	case "viec":
		return c.work()
	case "danhan":
		return c.acknowledgeTyped(0, false)
	case "baocao":
		return c.writtenWork(0, "report", arg)
	case "khokhan":
		return c.writtenWork(0, "difficulty", arg)
	case "huy":
		return c.say(texts.Cancelled)
	case "duyet", "tuchoi":
		return c.typedReview(cmd == "duyet", arg)
	case "traloi":
		return c.typedAnswer(arg)
	case "nhacsau":
		return c.typedSnooze(0)
	case "kenh":
		return c.switchChannel(arg)
	case "lienket":
		return c.linkCode()
	case "dangnhap":
		return c.loginLink()
	case "tonghop":
		return c.summary(arg)
	case "bangdiem":
		return c.scorecard(arg)
	}
	if fn := c.adminCommand(cmd, arg); fn != nil {
		return c.adminOnly(fn)
	}
	return c.say(c.t.UnknownCommand(cmd, c.person.Role))
}

// adminCommand is what an Office admin's command does (nil: it is none).
func (c *call) adminCommand(cmd, arg string) func() error {
	withArg := func(fn func() error) func() error { return func() error { return c.needArg(arg, fn) } }
	switch cmd {
	case "tinhhinh":
		return func() error { return c.situation(arg) }
	case "chidao":
		return c.startCreate
	case "nhacnho":
		return withArg(func() error { return c.remindNow(arg) })
	case "doihan":
		return func() error { return c.moveDueTyped(arg) }
	case "thuhoivb":
		return func() error { return c.recallTyped(arg) }
	case "giahan":
		return c.pendingExtensions
	case "dinhchinh":
		return func() error { return c.startAmend("edit", arg) }
	case "bosung":
		return func() error { return c.startAmend("supplement", arg) }
	case "khoa", "mokhoa":
		return func() error { return c.setActive(arg, cmd == "mokhoa") }
	case "thuhoi":
		return func() error { return c.revokeInvite(arg) }
	case "tamdung", "tieptuc":
		return withArg(func() error { return c.pauseReminders(arg, cmd == "tamdung") })
	}
	return nil
}

// needArg answers a command that needs a directive number without one.
func (c *call) needArg(arg string, fn func() error) error {
	if arg == "" {
		return c.say(c.t.NeedDirective())
	}
	return fn()
}

func (c *call) adminOnly(fn func() error) error {
	if c.person.Role != chidao.RoleAdmin {
		return c.say(c.t.AdminOnly())
	}
	return fn()
}

// replyTo handles a reply to one of chidao's messages, which says what the
// reply is for: a prompt's answer, a review request, a difficulty for the
// Office to answer, or work for the directive replied to. It reports false
// when the message gives no such hint.
func (c *call) replyTo() (bool, error) {
	m, err := c.tx.MessageContext(c.ctx, c.ev.Channel, c.ev.ChatID, c.ev.ReplyTo)
	if errors.Is(err, chidao.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	if await, _ := m.Context["await"].(string); await != "" {
		st := convo{Await: await, Directive: int64Of(m.Context["directive"])}
		st.Submission = int64Of(m.Context["submission"])
		st.Review, _ = m.Context["review"].(string)
		return true, c.resume(st)
	}
	if clip := int64Of(m.Context["clip"]); clip != 0 && c.ev.Document == nil && len(c.ev.Links) == 0 {
		return true, c.replyToReview(clip)
	}
	if m.DirectiveID == 0 || (m.Kind != "directive.part" && m.Kind != "reminder.part") {
		return false, nil
	}
	return true, c.free(m.DirectiveID)
}

// replyToReview reads a reviewer's reply to a review request: "Duyệt",
// or a rejection with its reason.
func (c *call) replyToReview(clip int64) error {
	in := intent.Read(c.ev.Text)
	switch in.Kind {
	case intent.Approve, intent.OK, intent.Ack:
		return c.review(clip, true)
	case intent.Reject:
		if in.Text == "" {
			return c.review(clip, false)
		}
		return c.rejectWithReason(clip, in.Text, "")
	}
	return c.understand(in, 0)
}

func int64Of(v any) int64 {
	f, _ := v.(float64)
	return int64(f)
}

// resume continues a conversation with this message. A step that waits
// for free text takes the text as it is (only "Hủy" stops it); a choice
// takes a number; anything else ends the step and is read afresh.
func (c *call) resume(st convo) error {
	if err := c.clearConvo(); err != nil {
		return err
	}
	text := strings.TrimSpace(c.ev.Text)
	in := intent.Read(text)
	if in.Kind == intent.Cancel && st.Await != "pick" && st.Await != "choice" {
		return c.say(texts.Cancelled)
	}
	switch st.Await {
	case "fix-what", "fix-text", "sup-task", "sup-need", "amend-note", "amend-confirm":
		return c.resumeAmend(st, text)
	case "ext-date", "ext-reason", "ext-other", "ext-reject":
		if text == "" {
			return c.askFor(st, texts.ExtensionBadDate)
		}
		return c.resumeExtension(st, text)
	case "clip":
		if len(c.ev.Links) == 0 {
			if in.Kind != intent.Unclear && in.Kind != intent.None {
				return c.free(st.Directive)
			}
			return c.askAgain(st, texts.NoLinks)
		}
		return c.submitClips(st.Directive, c.linkURLs())
	case "report", "difficulty":
		if c.ev.Document != nil {
			return c.submitDocument(st.Directive, st.Await)
		}
		if text == "" {
			return c.askAgain(st, texts.EmptyReport)
		}
		return c.submitText(st.Directive, st.Await, text, 0)
	case "reason":
		if text == "" {
			return c.askAgain(st, texts.EmptyReason)
		}
		return c.rejectWithReason(st.Submission, text, st.Review)
	case "answer":
		if text == "" {
			return c.askAgain(st, texts.AnswerEmpty)
		}
		return c.answerDifficulty(st.Submission, text)
	case "create":
		return c.continueCreate(st.Draft)
	case "reach":
		return c.reachAnswer(st.Submission, text)
	case "reachpick":
		return c.reachTypedPick(st)
	case "pick", "choice":
		return c.chose(st, in)
	}
	return c.free(0)
}

// chose takes a typed answer to offered choices: a number among the
// directives offered, or 1, 2 or "Không" for the question asked back.
func (c *call) chose(st convo, in intent.Intent) error {
	switch {
	case in.Kind == intent.Choice && st.Await == "pick" && int(in.Number) <= len(st.Options) && st.Pending != nil:
		if err := c.setConvo(st); err != nil { // picked reads it back
			return err
		}
		return c.picked(st.Options[in.Number-1])
	case st.Await == "choice" && (in.Kind == intent.Choice && in.Number <= 3 || in.Kind == intent.No):
		if err := c.setConvo(st); err != nil {
			return err
		}
		n := in.Number
		if in.Kind == intent.No {
			n = 3
		}
		return c.askedBack(n)
	}
	return c.free(0)
}

// askAgain keeps the conversation and says what was wrong with the answer.
func (c *call) askAgain(st convo, problem string) error {
	if err := c.setConvo(st); err != nil {
		return err
	}
	return c.say(problem)
}

func (c *call) linkURLs() []string {
	out := make([]string, len(c.ev.Links))
	for i, l := range c.ev.Links {
		out[i] = l.URL
	}
	return out
}

// directiveFor finds the directive work refers to: the one given, or the
// unit's only open one. With several open, it asks which (keeping the work
// in the conversation) and returns 0.
func (c *call) directiveFor(given int64, work pending) (int64, error) {
	if given != 0 {
		return given, nil
	}
	open, err := c.tx.OpenDirectivesOf(c.ctx, c.person.UnitCode)
	if err != nil {
		return 0, err
	}
	switch len(open) {
	case 0:
		return 0, c.say(texts.NoOpenDirective)
	case 1:
		return open[0].ID, nil
	}
	return 0, c.pick(open, work)
}

// pick asks which directive work is for, keeping the work in the
// conversation until the answer (a button, or a typed number on Zalo).
func (c *call) pick(open []chidao.Directive, work pending) error {
	var ids []int64
	for i, d := range open {
		if i < 8 {
			ids = append(ids, d.ID)
		}
	}
	if err := c.setConvo(convo{Await: "pick", Pending: &work, Options: ids}); err != nil {
		return err
	}
	return c.send(chidao.Message{Text: c.t.PickDirective(work.Kind), Buttons: pickButtons(open)}, nil)
}

func pickButtons(ds []chidao.Directive) [][]chidao.Button {
	var rows [][]chidao.Button
	for i, d := range ds {
		if i == 8 {
			break
		}
		rows = append(rows, []chidao.Button{{Text: d.Number + " – " + shorten(d.Title, 40), Data: dataf("p", d.ID)}})
	}
	return rows
}

func isVideo(d *chidao.Document) bool {
	n := strings.ToLower(d.Name)
	return strings.HasPrefix(d.ContentType, "video/") || strings.HasSuffix(n, ".mp4") || strings.HasSuffix(n, ".mov") ||
		strings.HasSuffix(n, ".avi") || strings.HasSuffix(n, ".mkv")
}

func isPDF(d *chidao.Document) bool {
	return d.ContentType == "application/pdf" || strings.HasSuffix(strings.ToLower(d.Name), ".pdf")
}

// submit stores one piece of work and says what went wrong in the chat.
// It reports whether the work was stored.
func (c *call) submit(sub storage.Submission) (int64, bool, error) {
	sub.PersonID, sub.SourceEvent = c.person.ID, c.ev.EventID
	var id int64
	err := c.tx.InTx(c.ctx, func(tx *storage.Store) error {
		var err error
		id, err = tx.Submit(c.ctx, sub)
		return err
	})
	switch {
	case err == nil:
		return id, true, nil
	case errors.Is(err, chidao.ErrClosed):
		return 0, false, c.say(c.t.DirectiveClosed())
	case errors.Is(err, chidao.ErrNotFound):
		return 0, false, c.say(texts.NotYourDirective)
	case errors.Is(err, chidao.ErrConflict):
		return 0, false, c.say(texts.DuplicateClip(sub.URL))
	case errors.Is(err, chidao.ErrInvalid):
		return 0, false, c.say(texts.InvalidInput)
	}
	return 0, false, err
}
