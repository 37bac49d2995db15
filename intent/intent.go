// Package intent is chidao's one understanding of what people write, the
// same for every channel: "Đã nhận ạ", "da nhan", "DANHAN" and a thumbs-up
// all acknowledge; "Kết quả thực hiện: ..." is a report; "Hạn khi nào vậy
// ạ?" asks for the deadline. The phrases are data, in texts/phrases.go;
// docs/recogniser.md says how Read decides.
//
// Read knows nothing of the conversation: the chat handlers decide with
// what they know (a reply to a directive, a waiting clip, choices
// offered) what an intent does.
package intent

import (
	"strconv"
	"strings"
	"unicode"
)

// Kind is what a message means.
type Kind string

// The kinds of message chidao understands.
const (
	None        Kind = ""             // nothing to go on: empty, or only punctuation
	Unclear     Kind = "unclear"      // words chidao cannot place; Guess may say what they look like
	Register    Kind = "register"     // Text is the code
	Code        Kind = "code"         // a bare code, as a stranger would send it
	Ack         Kind = "ack"          // acknowledging a directive
	OK          Kind = "ok"           // "ok", "vâng", a thumbs-up: an acknowledgement if one is due, else courtesy
	Report      Kind = "report"       // Text is the report (empty: ask for it)
	Difficulty  Kind = "difficulty"   // Text is the difficulty (empty: ask for it)
	Thanks      Kind = "thanks"       // thanks: a warm word back, nothing recorded
	Greeting    Kind = "greeting"     // a greeting: the same
	AskDeadline Kind = "ask_deadline" // when is it due?
	AskOwed     Kind = "ask_owed"     // what is still missing?
	Help        Kind = "help"         // how does this work?
	Work        Kind = "work"         // the unit's open directives
	Clip        Kind = "clip"         // "Gửi clip": ask for a link
	Snooze      Kind = "snooze"       // remind me later
	Approve     Kind = "approve"      // Number is the clip (0: the only one waiting)
	Reject      Kind = "reject"       // Number is the clip, Text the reason
	Answer      Kind = "answer"       // an admin's answer: Number is the difficulty, Text the answer
	Summary     Kind = "summary"      // the summary report; Text names the directive
	Situation   Kind = "situation"    // the Office's overview; Text names the directive
	Scorecard   Kind = "scorecard"    // the units' scorecard; Text names the period
	Remind      Kind = "remind"       // remind the units now; Text names the directive
	Pause       Kind = "pause"        // pause reminders; Text names the directive
	Resume      Kind = "resume"       // resume reminders; Text names the directive
	Channel     Kind = "channel"      // Text is the channel named, if any
	Link        Kind = "link"         // a code to link the other channel
	Login       Kind = "login"        // a dashboard login link
	Cancel      Kind = "cancel"       // stop the step under way
	No          Kind = "no"           // "không": declines a question
	Choice      Kind = "choice"       // Number is the choice typed
	Create      Kind = "create"       // write a new directive
)

// Intent is what Read understood.
type Intent struct {
	Kind   Kind
	Text   string // the argument as typed: a report, a reason, a code, a directive number
	Number int64  // a clip, difficulty or choice number
	Guess  Kind   // for Unclear: Report or Difficulty when the words lean one way
	Words  int    // the message's words, fillers aside
}

// Read says what text means.
func Read(text string) Intent {
	prepared := prepare(text)
	all := tokenize(prepared)
	words := withoutFillers(all)
	in := Intent{Words: len(words)}
	switch {
	case len(all) == 0:
		return in
	case len(words) == 0:
		in.Kind = OK // only politeness: "dạ", "vâng ạ", 👍
		return in
	}
	if k, ok := keyword(prepared, all, words); ok {
		k.Words = len(words)
		return k
	}
	if n, ok := choice(words); ok {
		return Intent{Kind: Choice, Number: n, Words: len(words)}
	}
	if k := whole(words); k != "" {
		in.Kind = k
		return in
	}
	if len(words) == 1 && looksLikeCode(all, prepared) {
		return Intent{Kind: Code, Text: strings.Trim(strings.TrimSpace(text), trimArg), Words: 1}
	}
	return cues(in, strings.TrimSpace(text), words, strings.Contains(text, "?"))
}

func withoutFillers(ts []token) []token {
	var out []token
	for _, t := range ts {
		if !t.filler {
			out = append(out, t)
		}
	}
	return out
}

// choice reads a typed number: "2", "số 2", "chọn 2".
func choice(words []token) (int64, bool) {
	if len(words) == 2 && (words[0].fold == "so" || words[0].fold == "chon") {
		words = words[1:]
	}
	if len(words) != 1 {
		return 0, false
	}
	n, err := strconv.ParseInt(words[0].fold, 10, 64)
	return n, err == nil && n > 0 && n < 100
}

// looksLikeCode reports whether one word is shaped like an invite code:
// 8 letters and digits (the short code) or 22 of base64url (the long one).
func looksLikeCode(all []token, prepared string) bool {
	s := strings.Trim(strings.TrimSpace(prepared), trimArg)
	if strings.ContainsFunc(s, unicode.IsSpace) {
		return false
	}
	switch len(s) {
	case 8:
		return strings.IndexFunc(s, func(r rune) bool { return !(r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r))) }) < 0
	case 22:
		return strings.IndexFunc(s, func(r rune) bool {
			return !(r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_'))
		}) < 0
	}
	return false
}

// trimArg is what is cut around an argument: brackets and quotes copied
// from examples, and punctuation.
const trimArg = " \t\n<>‹›«»[](){}\"'“”‘’`.,:;!-–—*"
