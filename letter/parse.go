package letter

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Parse reads a letter's lines (as Extract gives them) into a draft whose
// recipients are not matched to units yet (see Match). The letter is cut
// into its parts by their anchors: the header up to "Kính gửi:", the
// recipients, the body up to "Nơi nhận:" or the signature, and the foot.
func Parse(lines []string) Draft {
	var d Draft
	lines, eSign := dropStamps(lines)
	kg := -1
	for i := 0; i < len(lines) && i < 120 && kg < 0; i++ {
		if _, ok := recipientsOf(lines[i]); ok {
			kg = i
		}
	}
	var bodyStart int
	if kg >= 0 {
		readHeader(&d, lines[:kg], false)
		bodyStart = readRecipients(&d, lines, kg)
	} else {
		bodyStart = readHeader(&d, lines, true)
	}
	foot := footStart(lines, bodyStart)
	paras := paragraphs(lines[bodyStart:foot])
	d.Body = strings.Join(paras, "\n\n")
	readFoot(&d, lines[foot:], kg < 0)
	if d.Signer == "" {
		d.Signer = eSign
	}
	readTasks(&d, paras)
	if len(paras) > 0 {
		d.Implements = implementsOf(strings.Join(paras[:min(2, len(paras))], " "))
	}
	d.Missing = missingOf(d)
	return d
}

// dropStamps removes the text of e-signature stamps and "(Đã ký)" marks,
// keeping the signer's name they give.
func dropStamps(lines []string) ([]string, string) {
	out := make([]string, 0, len(lines))
	signer := ""
	for _, l := range lines {
		if name, ok := eSigner(l); ok {
			if signer == "" {
				signer = name
			}
			continue
		}
		if isSignedMark(l) {
			continue
		}
		out = append(out, l)
	}
	return out, signer
}

// header is the state of reading the header.
type header struct {
	seenNumber, afterKind, subjOpen, subjDone bool
	subject, issuer                           []string
}

// readHeader reads the header's lines. With findBody it stops at the first
// line of the body and returns its index (letters without "Kính gửi:").
func readHeader(d *Draft, lines []string, findBody bool) int {
	var h header
	for i, raw := range lines {
		l := stripMotto(raw)
		if raw == "" || l == "" || isDecoration(l) {
			h.closeSubject()
			continue
		}
		if h.known(d, l) {
			continue
		}
		if findBody && markerOf(l).level == 0 {
			h.finish(d)
			return i // "I. MỤC ĐÍCH, YÊU CẦU" opens a plan's body
		}
		if isUpper(l) {
			h.upper(l)
			continue
		}
		if h.subjOpen && !opensBody(l) || h.subjDone && startsLower(l) && !opensBody(l) {
			h.subject = append(h.subject, l)
			continue
		}
		if (h.seenNumber || h.afterKind) && len(h.subject) == 0 && !opensBody(l) {
			h.subject, h.subjOpen = append(h.subject, l), true
			continue
		}
		if findBody {
			h.finish(d)
			return i
		}
	}
	h.finish(d)
	return len(lines)
}

// known reads a line that a rule recognises: number, place and date,
// "V/v", the kind of document.
func (h *header) known(d *Draft, l string) bool {
	if n, ok := numberOf(l); ok && !h.seenNumber {
		d.Number, h.seenNumber = n, true
		h.closeSubject()
		if place, date, ok := placeDateOf(l); ok {
			d.Place, d.IssuedOn = place, date
		}
		return true
	}
	if place, date, ok := placeDateOf(l); ok {
		d.Place, d.IssuedOn = place, date
		h.closeSubject()
		return true
	}
	if s, ok := subjectOf(l); ok {
		h.subject, h.subjOpen, h.subjDone = []string{s}, true, false
		return true
	}
	if k, ok := kindOf(l); ok {
		d.Kind, h.afterKind = k, true
		return true
	}
	return false
}

// upper takes a line in capitals: the issuing body above the number, or a
// subject in capitals under the kind of document.
func (h *header) upper(l string) {
	switch {
	case !h.seenNumber && !h.afterKind:
		h.issuer = append(h.issuer, l)
	case h.subjOpen || h.afterKind && !h.subjDone:
		h.subject, h.subjOpen = append(h.subject, l), true
	}
}

func (h *header) closeSubject() {
	if h.subjOpen {
		h.subjOpen, h.subjDone = false, true
	}
}

func (h *header) finish(d *Draft) {
	d.Issuer = issuerOf(h.issuer)
	d.Title = sentenceCase(strings.TrimRight(joinLines(h.subject), ".;,"))
	if d.Kind == "" {
		d.Kind = kindOfNumber(d.Number)
	}
}

var nameAfterList = regexp.MustCompile(`^(.*\.)\s+(\p{Lu}.*)$`)

var organOfPlace = regexp.MustCompile(`^(?:TỈNH|THÀNH PHỐ|HUYỆN|XÃ|PHƯỜNG|ĐẶC KHU)\s+\S`)

// issuerOf joins the lines of the issuing body: each organ on its own line
// ("TỈNH ỦY KIÊN GIANG / BAN TUYÊN GIÁO"), but a place under its organ
// ("ỦY BAN NHÂN DÂN" over "TỈNH AN GIANG") and a word wrapped alone
// ("… VÀ DÂN" over "VẬN") are one.
func issuerOf(lines []string) string {
	var out []string
	for _, l := range lines {
		n := len(out)
		cont := organOfPlace.MatchString(l) && !strings.Contains(l, " ỦY") || len(strings.Fields(l)) == 1
		if n > 0 && cont {
			out[n-1] += " " + l
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, " / ")
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// readRecipients reads the phrases after "Kính gửi:" and returns the index
// of the first line after them. The list goes on while it is not closed by
// a full stop: over dashed lines, lines in lower case, and lines after a
// comma or semicolon.
func readRecipients(d *Draft, lines []string, kg int) int {
	first, _ := recipientsOf(lines[kg])
	var got []string
	if first != "" {
		got = append(got, first)
	}
	j := kg + 1
	for ; j < len(lines) && j < kg+60; j++ {
		l := lines[j]
		if l == "" {
			continue
		}
		if stripMotto(l) == "" || isDecoration(l) {
			continue // the header's right column, laid out after "Kính gửi:"
		}
		if place, date, ok := placeDateOf(l); ok {
			if d.Place == "" {
				d.Place, d.IssuedOn = place, date
			}
			continue
		}
		last := ""
		if len(got) > 0 {
			last = got[len(got)-1]
			if endsSentence(last) {
				break
			}
		}
		open := strings.HasSuffix(last, ",") || strings.HasSuffix(last, ";") || strings.HasSuffix(last, "-")
		dashed := len(got) > 0 && dashMarker.MatchString(got[0])
		wrapped := dashed && utf8.RuneCountInString(l) < 60 // "- Ủy ban … tỉnh" / "An Giang,"
		inline := !dashed && lines[j-1] != ""               // a one-line list wrapped
		if len(got) == 0 || !opensBody(l) && (dashMarker.MatchString(l) || startsLower(l) || open || wrapped || inline) {
			got = append(got, l)
			continue
		}
		break
	}
	for _, p := range splitRecipients(got) {
		d.Recipients = append(d.Recipients, Recipient{Text: p})
	}
	return j
}

// footStart is the first line of "Nơi nhận:" or of the signature.
func footStart(lines []string, from int) int {
	for i := from; i < len(lines); i++ {
		if _, ok := noiNhan(lines[i]); ok || isSignTitle(lines[i]) {
			return i
		}
	}
	return len(lines)
}

// readFoot reads the signature and the "Nơi nhận" list; without "Kính gửi:"
// the list names the recipients (less the copies for the file and for
// information).
func readFoot(d *Draft, lines []string, recipientsFromList bool) {
	var list, titles []string
	inList := false
	for _, l := range lines {
		if l == "" {
			continue
		}
		if rest, ok := noiNhan(l); ok {
			inList = true
			if rest != "" {
				list = append(list, rest)
			}
			continue
		}
		if m := markerOf(l); m.level == 3 || m.level == 4 {
			list, inList = append(list, m.rest), true
			continue
		}
		if isUpper(l) && (isSignTitle(l) || len(titles) > 0 && len(titles) < 4 && d.Signer == "") {
			titles = append(titles, l)
			continue
		}
		if len(titles) > 0 && d.Signer == "" && isPersonName(l) {
			d.Signer = l
			continue
		}
		if inList && len(list) > 0 && (startsLower(l) || strings.HasPrefix(l, "(")) {
			list[len(list)-1] = joinLines([]string{list[len(list)-1], l})
		}
	}
	if n := len(list); n > 0 && d.Signer == "" && len(titles) > 0 {
		// "- Lưu VT.   Mai Văn Huỳnh": a text layout put the name on the
		// row of the last entry, which a full stop closes.
		if m := nameAfterList.FindStringSubmatch(list[n-1]); m != nil && isPersonName(m[2]) {
			list[n-1], d.Signer = m[1], m[2]
		}
	}
	titles = upperName(d, titles)
	d.SignerTitle = strings.Join(titles, ", ")
	if recipientsFromList {
		for _, e := range list {
			if e = cleanRecipient(e); e != "" && !copyOnly(e) {
				d.Recipients = append(d.Recipients, Recipient{Text: e})
			}
		}
	}
}

// upperName takes the signer from the last title line when the name was
// written in capitals ("NGUYỄN VĂN A").
func upperName(d *Draft, titles []string) []string {
	if d.Signer != "" || len(titles) < 2 {
		return titles
	}
	last := titles[len(titles)-1]
	if isSignTitle(last) || titleWord.MatchString(last) || strings.ContainsAny(last, "./,") || len(strings.Fields(last)) < 2 {
		return titles
	}
	words := strings.Fields(strings.ToLower(last))
	for i, w := range words {
		words[i] = sentenceCase(w)
	}
	d.Signer = strings.Join(words, " ")
	return titles[:len(titles)-1]
}

func missingOf(d Draft) []string {
	var out []string
	if d.Number == "" {
		out = append(out, MissingNumber)
	}
	if d.Title == "" {
		out = append(out, MissingTitle)
	}
	if len(d.Tasks) == 0 {
		out = append(out, MissingTasks)
	}
	if d.Due.IsZero() {
		out = append(out, MissingDue)
	}
	if len(d.Recipients) == 0 {
		out = append(out, MissingRecipients)
	}
	return out
}
