package intent

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"chidao/texts"
)

// phrase is a catalog phrase as the recogniser compares it.
type phrase struct {
	kind   Kind
	words  []string // folded, fillers dropped
	weight int
}

var (
	fillers   = map[string]bool{}
	emoji     = map[rune]string{}
	keywords  []phrase            // tried at the start of a message, longest first
	wholes    = map[string]Kind{} // the whole message, words joined by spaces (and glued)
	cueList   []phrase
	negations [][]string
	negatable = map[string]bool{}
	courtesy  = map[string]bool{}
)

func init() {
	for _, f := range texts.Fillers {
		fillers[strings.ToLower(f)] = true
		fillers[Fold(f)] = true
	}
	for e, w := range texts.Emoji {
		r, _ := utf8.DecodeRuneInString(e)
		emoji[r] = w
	}
	for _, p := range texts.Phrases {
		for _, w := range p.Words {
			ph := phrase{kind: Kind(p.Intent), words: folded(w), weight: p.Weight}
			if len(ph.words) == 0 {
				continue
			}
			switch p.How {
			case texts.Keyword:
				keywords = append(keywords, ph)
				if len(ph.words) > 1 {
					keywords = append(keywords, phrase{kind: ph.kind, words: []string{strings.Join(ph.words, "")}})
				}
			case texts.Whole:
				wholes[strings.Join(ph.words, " ")] = ph.kind
				wholes[strings.Join(ph.words, "")] = ph.kind
			case texts.Cue:
				cueList = append(cueList, ph)
			}
		}
	}
	for _, n := range texts.Negations {
		negations = append(negations, folded(n))
	}
	for _, c := range texts.NegatedCues {
		negatable[strings.Join(folded(c), " ")] = true
	}
	for _, c := range texts.Courtesy {
		for _, w := range folded(c) {
			courtesy[w] = true
		}
	}
}

// folded is a phrase's words as compared: folded, without fillers.
func folded(s string) []string {
	var out []string
	for _, t := range tokenize(prepare(s)) {
		if !t.filler {
			out = append(out, t.fold)
		}
	}
	return out
}

// at reports whether the phrase's words stand in ws from i on.
func at(ws []token, i int, p []string) bool {
	if i+len(p) > len(ws) {
		return false
	}
	for j, w := range p {
		if ws[i+j].fold != w {
			return false
		}
	}
	return true
}

// keyword reads a message that starts with a keyword: the longest one
// that fits what follows it.
func keyword(prepared string, all, words []token) (Intent, bool) {
	best := -1
	for i, k := range keywords {
		if at(words, 0, k.words) && (best < 0 || len(k.words) > len(keywords[best].words)) {
			if _, ok := argument(k.kind, prepared, words, len(k.words)); ok {
				best = i
			}
		}
	}
	if best < 0 {
		return Intent{}, false
	}
	k := keywords[best]
	in, _ := argument(k.kind, prepared, words, len(k.words))
	return in, true
}

// argument reads what follows a keyword of n words, and reports whether
// it is what the keyword takes; ordinary text that happens to start like
// a keyword ("Tiếp tục triển khai...") is not.
func argument(kind Kind, prepared string, words []token, n int) (Intent, bool) {
	rest := words[n:]
	text := strings.TrimLeft(strings.TrimSpace(prepared[words[n-1].end:]), trimArg)
	in := Intent{Kind: kind, Text: text}
	switch kind {
	case Register:
		code := strings.Trim(text, trimArg)
		if strings.ContainsFunc(code, unicode.IsSpace) {
			code = strings.Join(strings.Fields(code), "")
			if len(code) != 8 {
				return in, false
			}
		}
		in.Text = code
		return in, len(rest) <= 2
	case Report, Difficulty:
		// "Báo cáo gửi khi nào ạ?" is a question, not a report.
		return in, !(question(rest, strings.Contains(text, "?")) && hits(rest, AskDeadline, AskOwed))
	case Approve, Reject, Answer:
		return numbered(in, prepared, rest)
	case Situation:
		in.Text = strings.Trim(text, trimArg)
		return in, pageRef(in.Text)
	case Summary, Remind, Pause, Resume:
		in.Text = strings.Trim(text, trimArg)
		return in, directiveRef(in.Text)
	case Scorecard:
		in.Text = strings.Trim(text, trimArg) // the period, as typed
		return in, true
	case Channel:
		f := strings.Join(folds(rest), " ")
		return in, f == "" || f == "zalo" || f == "telegram"
	case Ack:
		// "Nhận" alone is an acknowledgement, "Nhận xét: ..." is not.
		if n == 1 && (words[0].fold == "nhan" || words[0].fold == "ro") && !courteous(rest) {
			return in, false
		}
		return in, !strong(rest) && !(question(rest, strings.Contains(text, "?")) && hits(rest, AskDeadline, AskOwed))
	}
	return in, len(rest) == 0
}

// numbered reads "12", "số 12", "clip #12" and what follows the number.
func numbered(in Intent, prepared string, rest []token) (Intent, bool) {
	i := 0
	for i < len(rest) && (rest[i].fold == "clip" || rest[i].fold == "so" || rest[i].fold == "kho" || rest[i].fold == "khan") {
		i++
	}
	if i < len(rest) {
		if n, err := strconv.ParseInt(rest[i].fold, 10, 64); err == nil && n > 0 {
			in.Number = n
			in.Text = strings.TrimLeft(strings.TrimSpace(prepared[rest[i].end:]), trimArg)
			rest = rest[i+1:]
		}
	}
	if in.Kind == Approve {
		in.Text = ""
		return in, len(rest) == 0
	}
	return in, in.Number != 0 || in.Kind == Reject
}

// directiveRef reports whether s can name a directive: nothing, or one
// word with a digit (an id or a number such as 1483-CV/BTGTU).
func directiveRef(s string) bool {
	return s == "" || !strings.ContainsFunc(s, unicode.IsSpace) && strings.ContainsFunc(s, unicode.IsDigit)
}

// pageRef reports whether s names a directive and, optionally, a page of
// its situation ("1483-CV/BTGTU 2").
func pageRef(s string) bool {
	f := strings.Fields(s)
	if len(f) == 2 && strings.Trim(f[1], "0123456789") == "" {
		return directiveRef(f[0])
	}
	return directiveRef(s)
}

// courteous reports whether words only dress up an acknowledgement
// ("Đã nhận văn bản số 1483-CV/BTGTU, cảm ơn Ban").
func courteous(ws []token) bool {
	for _, w := range ws {
		if !courtesy[w.fold] && !strings.ContainsFunc(w.fold, unicode.IsDigit) && !(len(w.orig) <= 7 && strings.ToUpper(w.orig) == w.orig) {
			return false
		}
	}
	return true
}

func folds(ws []token) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.fold
	}
	return out
}

// whole reads a message that is one phrase as a whole.
func whole(words []token) Kind {
	if k, ok := wholes[strings.Join(folds(words), " ")]; ok {
		return k
	}
	return ""
}
