package handlers

// Issuing a directive from its signed letter: an Office admin sends the
// PDF or Word file; once its bytes are fetched (FileFetched), chidao reads
// it (package letter), shows the draft, asks only for what the letter
// lacks, and issues it when the admin presses "📤 Ban hành" (Zalo: types
// its number). The draft is a /chidao draft with a letterPart: the same
// steps (number, tasks, due, units) answer its questions and edits.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"chidao"
	"chidao/letter"
	"chidao/storage"
	"chidao/texts"
)

// letterPart is what a draft read from a letter adds to the steps of
// /chidao.
type letterPart struct {
	FileName    string            `json:"file_name"`
	Caption     string            `json:"caption,omitempty"` // "number | title" overrides the letter's
	User        string            `json:"user"`              // who sent it, for the fetcher's call
	Read        bool              `json:"read,omitempty"`    // the file was read (false: unreadable, typed in)
	Edit        bool              `json:"edit,omitempty"`    // the step changes a value the draft has
	Body        string            `json:"body,omitempty"`    // the letter less its tasks (letter.Draft.Context)
	Implements  string            `json:"implements,omitempty"`
	Signer      string            `json:"signer,omitempty"`
	SignerTitle string            `json:"signer_title,omitempty"`
	Recipients  []letterRecipient `json:"recipients,omitempty"` // matched, as the letter names them, until units are picked
	Unmatched   []letterRecipient `json:"unmatched,omitempty"`  // Units: the candidates
	PastDue     time.Time         `json:"past_due,omitzero"`    // the letter's deadline, passed already
}

type letterRecipient struct {
	Text  string   `json:"text"`
	Units []string `json:"units,omitempty"`
	Group string   `json:"group,omitempty"` // the group of units the phrase names
}

// letterVerbs are the draft's buttons, in the order Zalo numbers them:
// issue, edit the deadline, the number, the title, the units; cancel.
var letterVerbs = []string{"lb", "lh", "ls", "lt", "lu", "lx"}

func letterButtons(file int64) [][]chidao.Button {
	b := func(label, verb string) chidao.Button { return chidao.Button{Text: label, Data: dataf(verb, file)} }
	return [][]chidao.Button{
		{b(texts.LetterIssueButton, "lb")},
		{b(texts.LetterDueButton, "lh"), b(texts.LetterNumButton, "ls")},
		{b(texts.LetterTitleButton, "lt"), b(texts.LetterUnitsButton, "lu")},
		{b(texts.CancelButton, "lx")},
	}
}

// isLetter tells whether an admin's document is a letter to read.
func isLetter(d *chidao.Document) bool {
	n := strings.ToLower(d.Name)
	return isPDF(d) || strings.HasSuffix(n, ".docx") || strings.HasSuffix(n, ".doc") ||
		d.ContentType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document" || d.ContentType == "application/msword"
}

// createFromLetter records the letter an admin sent and waits for its
// bytes: the platform's file fetcher calls FileFetched when they arrive.
func (c *call) createFromLetter() error {
	doc := c.ev.Document
	switch {
	case doc.Size > maxDocument:
		return c.say(texts.DocumentTooBig(doc.Name, doc.Size))
	case doc.Size == 0:
		return c.say(texts.DocumentEmpty(doc.Name))
	}
	ct := doc.ContentType
	switch {
	case isPDF(doc):
		ct = "application/pdf"
	case ct == "":
		ct = "application/octet-stream"
	}
	file, err := c.tx.AddChatFile(c.ctx, storage.ChatFile{Channel: c.ev.Channel, ExternalID: doc.ExternalID,
		Name: doc.Name, ContentType: ct, Size: doc.Size})
	if err != nil {
		return err
	}
	d := &draft{Step: "reading", File: file, Letter: &letterPart{FileName: doc.Name, Caption: c.ev.Text, User: c.ev.UserID}}
	if err := c.setConvo(convo{Await: "create", Draft: d, AwaitsFile: file}); err != nil {
		return err
	}
	return c.say(texts.LetterReading(doc.Name))
}

// FileFetched is called by a platform's file fetcher once a file's bytes
// are stored (or the platform refused them for good). When a chat waits
// for that file (an admin sent a letter), it reads the letter and answers
// there, in one transaction; otherwise it does nothing. A panic while
// reading is an error: the fetcher logs it and goes on.
func (h *Handler) FileFetched(ctx context.Context, store *storage.Store, fileID int64) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("handlers: reading the letter in file %d: panic: %v", fileID, r)
		}
	}()
	return store.InTx(ctx, func(tx *storage.Store) error {
		ch, chatID, ok, err := tx.ConversationAwaitingFile(ctx, fileID)
		if err != nil || !ok {
			return err
		}
		c := &call{h: h, ctx: ctx, tx: tx, key: fmt.Sprintf("file:%d", fileID), conversing: true, t: h.texts(ch), neutral: h.texts("")}
		c.ev = chidao.Event{Channel: ch, ChatID: chatID, Private: true}
		var st convo
		if ok, err := c.conversation(&st); err != nil || !ok || st.Draft == nil || st.Draft.Letter == nil {
			return err
		}
		c.ev.UserID = st.Draft.Letter.User
		p, err := tx.PersonByChat(ctx, ch, c.ev.UserID)
		if errors.Is(err, chidao.ErrNotFound) || (err == nil && (!p.Active || p.Role != chidao.RoleAdmin)) {
			return c.clearConvo()
		}
		if err != nil {
			return err
		}
		c.person = p
		return c.readLetter(st.Draft)
	})
}

// readLetter reads the draft's file, if its bytes have arrived, and shows
// what it asks for; a file the reader refuses is explained and its
// directive typed in instead, the file still attached.
func (c *call) readLetter(d *draft) error {
	lp := d.Letter
	f, err := c.tx.File(c.ctx, d.File)
	if err != nil {
		return err
	}
	if f.Content == nil {
		why, err := c.tx.FileFetchError(c.ctx, d.File)
		if err != nil {
			return err
		}
		if why == "" {
			if err := c.setConvo(convo{Await: "create", Draft: d, AwaitsFile: d.File}); err != nil {
				return err
			}
			return c.say(c.t.LetterStillReading(lp.FileName))
		}
		if err := c.clearConvo(); err != nil {
			return err
		}
		return c.say(texts.LetterFetchFailed(lp.FileName, c.ev.Channel))
	}
	dir, err := LetterDirectory(c.ctx, c.tx)
	if err != nil {
		return err
	}
	ld, err := letter.Read(f.Content, lp.FileName, dir)
	var refused *letter.Error
	if errors.As(err, &refused) {
		takeCaption(d)
		return c.letterNext(d, c.t.LetterRefused(refused, lp.FileName))
	}
	if err != nil {
		return err
	}
	fillFromLetter(d, ld, dir, c.now())
	sum, err := c.letterSummary(d)
	if err != nil {
		return err
	}
	return c.letterNext(d, texts.LetterDraftText(sum))
}

// LetterDirectory is what the letter reader matches recipients against:
// every unit and every group of units (a recipient named like a group
// stands for its members).
func LetterDirectory(ctx context.Context, s *storage.Store) (letter.Directory, error) {
	units, err := s.Units(ctx)
	if err != nil {
		return letter.Directory{}, err
	}
	groups, err := s.Groups(ctx)
	if err != nil {
		return letter.Directory{}, err
	}
	var dir letter.Directory
	for _, u := range units {
		dir.Units = append(dir.Units, letter.Unit{Code: u.Code, Name: u.Name, Parent: u.ParentCode})
	}
	for _, g := range groups {
		dir.Groups = append(dir.Groups, letter.Group{Code: g.Code, Name: g.Name, Units: g.Units})
	}
	return dir, nil
}

// LetterGroup is the group a recipient matched by its name stands for
// (the directive then goes to the group: units joining it later get it
// too), or "".
func LetterGroup(dir letter.Directory, r letter.Recipient) string {
	if r.Match != letter.MatchGroup {
		return ""
	}
	for _, g := range dir.Groups {
		if slices.Equal(g.Units, r.Units) {
			return g.Code
		}
	}
	return ""
}

// fillFromLetter fills the draft from what the letter says; a caption
// "number | title" wins. Deadlines already passed are kept aside to ask
// for a new one; a task's own passed deadline gives way to the letter's.
func fillFromLetter(d *draft, ld letter.Draft, dir letter.Directory, now time.Time) {
	lp := d.Letter
	lp.Read = true
	d.Number, d.Title, d.Issued = ld.Number, ld.Title, ld.IssuedOn
	takeCaption(d)
	lp.Body, lp.Implements, lp.Signer, lp.SignerTitle = ld.Context, ld.Implements, ld.Signer, ld.SignerTitle
	d.Tasks = nil
	for _, t := range ld.Tasks {
		task := draftTask{Text: t.Text, MinClips: t.Clips, Report: t.Report, Assumed: t.ClipsAssumed}
		if t.Due.After(now) {
			task.Due = t.Due
		}
		d.Tasks = append(d.Tasks, task)
	}
	d.Due = ld.Due
	if !d.Due.IsZero() && !d.Due.After(now) {
		lp.PastDue, d.Due = d.Due, time.Time{}
	}
	lp.Recipients, lp.Unmatched, d.Units, d.Groups, d.All = nil, nil, nil, nil, false
	for _, r := range ld.Recipients {
		switch g := LetterGroup(dir, r); {
		case g != "":
			lp.Recipients = append(lp.Recipients, letterRecipient{Text: r.Text, Units: r.Units, Group: g})
			d.Groups = append(d.Groups, g)
		case len(r.Units) > 0:
			lp.Recipients = append(lp.Recipients, letterRecipient{Text: r.Text, Units: r.Units})
			for _, u := range r.Units {
				if !slices.Contains(d.Units, u) {
					d.Units = append(d.Units, u)
				}
			}
		default:
			lp.Unmatched = append(lp.Unmatched, letterRecipient{Text: r.Text, Units: r.Candidates})
		}
	}
}

// takeCaption fills the number and title from a caption "number | title".
func takeCaption(d *draft) {
	if num, issued, title, ok := splitNumberTitle(d.Letter.Caption); ok {
		d.Number, d.Title = num, title
		if !issued.IsZero() {
			d.Issued = issued
		}
	}
}

// letterNext asks for the first thing the draft still lacks, or shows it
// for confirmation with its buttons; lead (the whole draft, or why the
// file could not be read) comes first.
func (c *call) letterNext(d *draft, lead string) error {
	lp := d.Letter
	switch {
	case d.Number == "":
		d.Step = "number"
	case d.Title == "":
		d.Step = "title"
	case len(d.Tasks) == 0:
		d.Step = "tasks"
	case d.Due.IsZero():
		d.Step = "due"
	case !d.All && len(d.Units) == 0 && len(d.Groups) == 0:
		d.Step = "units"
	default:
		d.Step = "confirm"
	}
	lp.Edit = false
	if err := c.setConvo(convo{Await: "create", Draft: d}); err != nil {
		return err
	}
	switch d.Step {
	case "confirm":
		sum, err := c.letterSummary(d)
		if err != nil {
			return err
		}
		if lead == "" {
			lead = texts.LetterSummary(sum)
		}
		return c.sendLong(lead+"\n\n"+c.t.LetterConfirm(sum), letterButtons(d.File))
	case "units":
		if lead != "" {
			if err := c.sayLong(lead); err != nil {
				return err
			}
		}
		return c.letterUnits(d)
	}
	ask := c.t.LetterAsk(d.Step, texts.AskMissing, lp.PastDue)
	if !lp.Read {
		ask = c.t.LetterAsk(d.Step, texts.AskTyped, time.Time{})
	}
	return c.sayLong(strings.TrimSpace(lead + "\n\n" + ask))
}

// letterUnits asks for the units: buttons on Telegram, codes on Zalo.
func (c *call) letterUnits(d *draft) error {
	none := d.Letter.Read && !d.Letter.Edit
	if c.ev.Channel != chidao.Zalo {
		return c.unitPicker(d, "")
	}
	units, err := c.tx.Units(c.ctx)
	if err != nil {
		return err
	}
	groups, err := c.tx.Groups(c.ctx)
	if err != nil {
		return err
	}
	var glist, ulist []string
	for _, g := range groups {
		glist = append(glist, fmt.Sprintf("%s – %s (%d)", g.Code, g.Name, len(g.Units)))
	}
	for _, u := range units {
		ulist = append(ulist, u.Code+" – "+u.Name)
	}
	return c.sayLong(texts.LetterTypeUnits(none, glist, ulist))
}

// sendLong sends a text that may exceed one message, its buttons under
// the last part.
func (c *call) sendLong(text string, buttons [][]chidao.Button) error {
	parts := splitText(text, maxText)
	for i, p := range parts {
		m := chidao.Message{Text: p}
		if i == len(parts)-1 {
			m.Buttons = buttons
		}
		if err := c.send(m, nil); err != nil {
			return err
		}
	}
	return nil
}

// letterSummary is the draft as the admin reads it, units by name.
func (c *call) letterSummary(d *draft) (texts.LetterDraft, error) {
	p, err := c.recipientsOf(d)
	if err != nil {
		return texts.LetterDraft{}, err
	}
	lp := d.Letter
	out := texts.LetterDraft{File: lp.FileName, Number: d.Number, Title: d.Title, Issued: d.Issued, Due: d.Due,
		Implements: lp.Implements, Signer: lp.Signer, SignerTitle: lp.SignerTitle, All: d.All, Count: len(p.units)}
	for _, t := range d.Tasks {
		out.Tasks = append(out.Tasks, texts.LetterTask{Text: t.Text, Requirement: chidao.Requirement{MinClips: t.MinClips, Report: t.Report},
			ClipsAssumed: t.Assumed, Due: t.Due})
	}
	switch {
	case d.All:
	case len(lp.Recipients) == 0 && len(d.Groups) == 0:
		out.Units = p.named(d.Units)
	default:
		out.Recipients = p.grouped(lp.Recipients, d)
	}
	for _, r := range lp.Unmatched {
		out.Unmatched = append(out.Unmatched, texts.LetterRecipient{Text: r.Text, Units: p.named(r.Units)})
	}
	return out, nil
}

// pick is whom a draft goes to: every unit picked or in a group picked,
// with the names of units and groups.
type pick struct {
	units  []string
	names  map[string]string
	groups map[string]chidao.Group
}

func (c *call) recipientsOf(d *draft) (pick, error) {
	units, err := c.tx.Units(c.ctx)
	if err != nil {
		return pick{}, err
	}
	groups, err := c.tx.Groups(c.ctx)
	if err != nil {
		return pick{}, err
	}
	p := pick{names: map[string]string{}, groups: map[string]chidao.Group{}}
	for _, u := range units {
		p.names[u.Code] = u.Name
	}
	for _, g := range groups {
		p.groups[g.Code] = g
	}
	for _, code := range d.Units {
		p.add(code)
	}
	for _, g := range d.Groups {
		for _, code := range p.groups[g].Units {
			p.add(code)
		}
	}
	return p, nil
}

func (p *pick) add(code string) {
	if !slices.Contains(p.units, code) {
		p.units = append(p.units, code)
	}
}

func (p pick) named(codes []string) []string {
	var out []string
	for _, code := range codes {
		out = append(out, cmpOr(p.names[code], code))
	}
	return out
}

// grouped lists the units picked under the letter's phrases that name
// them (a group phrase while its group is picked; a unit unticked leaves
// its phrase, a phrase left with none goes), then the groups and units
// picked that no phrase names, by name.
func (p pick) grouped(recipients []letterRecipient, d *draft) []texts.LetterRecipient {
	var out []texts.LetterRecipient
	covered, groups := map[string]bool{}, map[string]bool{}
	for _, r := range recipients {
		var codes []string
		for _, c := range r.Units {
			if (r.Group == "" && slices.Contains(d.Units, c)) || (r.Group != "" && slices.Contains(d.Groups, r.Group)) {
				codes, covered[c] = append(codes, c), true
			}
		}
		groups[r.Group] = groups[r.Group] || len(codes) > 0
		if len(codes) > 0 {
			out = append(out, texts.LetterRecipient{Text: r.Text, Units: p.named(codes)})
		}
	}
	for _, g := range d.Groups {
		if !groups[g] {
			out = append(out, texts.LetterRecipient{Text: p.groups[g].Name, Units: p.named(p.groups[g].Units)})
		}
	}
	for _, c := range d.Units {
		if !covered[c] {
			name := p.named([]string{c})
			out = append(out, texts.LetterRecipient{Text: name[0], Units: name})
		}
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
