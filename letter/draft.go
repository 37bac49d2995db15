package letter

import (
	"encoding/json"
	"time"

	"chidao"
)

// Draft is what a letter asks for, read from its text: the directive to
// issue once an admin has checked it. Zero values mean "not in the letter";
// Missing lists what a directive cannot do without.
type Draft struct {
	Kind     string // "Công văn", "Kế hoạch", …
	Issuer   string // "TỈNH ỦY KIÊN GIANG / BAN TUYÊN GIÁO"
	Number   string // "1483-CV/BTGTU"
	Place    string // "Kiên Giang"
	IssuedOn time.Time
	Title    string
	Body     string // the paragraphs between the recipients and the signature
	// Context is the body less the tasks' paragraphs (the preamble and the
	// closing): what a directive that lists the tasks still has to say.
	Context     string
	Recipients  []Recipient
	Unmatched   []string // recipient phrases no unit answers, for the admin to resolve
	Tasks       []Task
	Due         time.Time // the last deadline the letter writes; zero when it writes none
	Implements  string    // the letter this one implements
	Signer      string
	SignerTitle string
	Missing     []string // of MissingNumber, MissingTitle, MissingTasks, MissingDue, MissingRecipients
}

// What a draft can lack. A directive needs a number, a title, tasks and a
// deadline; recipients can be given instead (--units).
const (
	MissingNumber     = "number"
	MissingTitle      = "title"
	MissingTasks      = "tasks"
	MissingDue        = "due"
	MissingRecipients = "recipients"
)

// Recipient is one phrase after "Kính gửi:" and the units it stands for.
type Recipient struct {
	Text       string
	Units      []string // unit codes; empty when unmatched
	Match      string   // how: MatchName, MatchProvince, MatchGroup, MatchPhrase
	Candidates []string // several units answered a fuzzy match: the admin chooses
}

// Task is one task of the letter and what it asks back.
type Task struct {
	Text         string
	Clips        int
	ClipsAssumed bool // the letter asks for clips without a number; 1 is assumed
	Report       bool
	Due          time.Time // the task's own deadline when it differs from the letter's
}

// Lacks tells whether the draft lacks something (one of Missing…).
func (d Draft) Lacks(what string) bool {
	for _, m := range d.Missing {
		if m == what {
			return true
		}
	}
	return false
}

// UnitCodes are the units the matched recipients stand for, each once, in
// the order of the letter.
func (d Draft) UnitCodes() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range d.Recipients {
		for _, c := range r.Units {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

type draftJSON struct {
	Number      string          `json:"number"`
	IssuedOn    *string         `json:"issued_on"`
	Title       string          `json:"title"`
	Body        string          `json:"body"`
	Recipients  []recipientJSON `json:"recipients"`
	Unmatched   []string        `json:"unmatched"`
	Tasks       []taskJSON      `json:"tasks"`
	Due         *string         `json:"due"`
	Implements  string          `json:"implements"`
	Signer      string          `json:"signer"`
	SignerTitle string          `json:"signer_title"`
	Kind        string          `json:"kind"`
	Issuer      string          `json:"issuer"`
	Place       string          `json:"place"`
	Missing     []string        `json:"missing"`
}

type recipientJSON struct {
	Text       string   `json:"text"`
	Units      []string `json:"units"`
	Match      string   `json:"match,omitempty"`
	Candidates []string `json:"candidates,omitempty"`
}

type taskJSON struct {
	Text         string  `json:"text"`
	Clips        int     `json:"clips"`
	ClipsAssumed bool    `json:"clips_assumed"`
	Report       bool    `json:"report"`
	Due          *string `json:"due"`
}

// MarshalJSON writes the contract of `chidao directive draft --json`:
// issued_on as YYYY-MM-DD, deadlines in RFC 3339 with +07:00, null when
// the letter gives none; lists are never null.
func (d Draft) MarshalJSON() ([]byte, error) {
	out := draftJSON{Number: d.Number, IssuedOn: dateOrNil(d.IssuedOn), Title: d.Title, Body: d.Body,
		Recipients: []recipientJSON{}, Unmatched: append([]string{}, d.Unmatched...), Tasks: []taskJSON{},
		Due: timeOrNil(d.Due), Implements: d.Implements, Signer: d.Signer, SignerTitle: d.SignerTitle,
		Kind: d.Kind, Issuer: d.Issuer, Place: d.Place, Missing: append([]string{}, d.Missing...)}
	for _, r := range d.Recipients {
		out.Recipients = append(out.Recipients, recipientJSON{Text: r.Text, Units: append([]string{}, r.Units...), Match: r.Match, Candidates: r.Candidates})
	}
	for _, t := range d.Tasks {
		out.Tasks = append(out.Tasks, taskJSON{Text: t.Text, Clips: t.Clips, ClipsAssumed: t.ClipsAssumed, Report: t.Report, Due: timeOrNil(t.Due)})
	}
	return json.Marshal(out)
}

func dateOrNil(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.In(chidao.Zone).Format("2006-01-02")
	return &s
}

func timeOrNil(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := chidao.FormatRFC3339(t)
	return &s
}
