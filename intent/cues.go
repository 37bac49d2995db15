package intent

import "strings"

// hit is a cue found in a message.
type hit struct {
	kind    Kind
	weight  int
	negated bool // "không có khó khăn"
}

// findCues lists the cues in the words, each place once (the longest cue
// there).
func findCues(ws []token) []hit {
	var out []hit
	negEnd := -1 // where the last negated cue ended: "không có khó khăn, vướng mắc" negates both
	for i := 0; i < len(ws); i++ {
		best := -1
		for j, c := range cueList {
			if at(ws, i, c.words) && (best < 0 || len(c.words) > len(cueList[best].words)) {
				best = j
			}
		}
		if best < 0 {
			continue
		}
		c := cueList[best]
		canNegate := negatable[strings.Join(c.words, " ")]
		joined := negEnd >= 0 && (i == negEnd || i == negEnd+1 && (ws[negEnd].fold == "va" || ws[negEnd].fold == "hay" || ws[negEnd].fold == "hoac"))
		h := hit{kind: c.kind, weight: c.weight, negated: canNegate && (negatedAt(ws, i) || joined)}
		out = append(out, h)
		i += len(c.words) - 1
		if h.negated {
			negEnd = i + 1
		}
	}
	return out
}

// negatedAt reports whether a negation stands just before word i (one
// word may come between: "không gặp khó khăn gì").
func negatedAt(ws []token, i int) bool {
	for _, n := range negations {
		for gap := 0; gap <= 1; gap++ {
			if s := i - gap - len(n); s >= 0 && at(ws, s, n) {
				return true
			}
		}
	}
	return false
}

// hits reports whether the words hold a cue of one of the kinds.
func hits(ws []token, kinds ...Kind) bool {
	for _, h := range findCues(ws) {
		for _, k := range kinds {
			if h.kind == k && !h.negated {
				return true
			}
		}
	}
	return false
}

// strong reports whether the words hold a strong report or difficulty cue.
func strong(ws []token) bool {
	for _, h := range findCues(ws) {
		if (h.kind == Report || h.kind == Difficulty) && h.weight >= 2 && !h.negated {
			return true
		}
	}
	return false
}

// question reports whether words read as a short question.
func question(ws []token, mark bool) bool { return mark && len(ws) <= 20 || len(ws) <= 10 }

// cues decides a message no keyword or whole phrase explained, by the
// cues it holds.
func cues(in Intent, text string, ws []token, mark bool) Intent {
	var report, weak, difficulty int
	var deadline, owed bool
	for _, h := range findCues(ws) {
		switch {
		case h.kind == Difficulty && h.negated:
			weak++ // "không có khó khăn, vướng mắc": good news, for a report
		case h.kind == Difficulty:
			difficulty++
		case h.kind == Report && h.weight >= 2:
			report++
		case h.kind == Report:
			weak++
		case h.kind == AskDeadline:
			deadline = true
		case h.kind == AskOwed:
			owed = true
		}
	}
	switch {
	case deadline && question(ws, mark) && difficulty == 0:
		in.Kind = AskDeadline
	case owed && question(ws, mark) && difficulty == 0:
		in.Kind = AskOwed
	case report == 0 && difficulty == 0 && weak == 0 && courtesyOpening(ws) != "":
		in.Kind = courtesyOpening(ws)
	case difficulty > 0 && report == 0:
		in.Kind, in.Text = Difficulty, text
	case report > 0 && difficulty == 0:
		in.Kind, in.Text = Report, text
	case report > 0 || weak > 0:
		in.Kind, in.Guess = Unclear, Report
	default:
		in.Kind = Unclear
	}
	return in
}

// courtesyOpening reads a short message that opens with thanks or a
// greeting ("Cảm ơn Ban đã hướng dẫn", "Chào buổi sáng cả nhà").
func courtesyOpening(ws []token) Kind {
	if len(ws) > 8 {
		return ""
	}
	for n := len(ws); n >= 1; n-- {
		if k := wholes[strings.Join(folds(ws[:n]), " ")]; k == Thanks || k == Greeting {
			return k
		}
	}
	return ""
}
