package letter

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The rules of the body: list markers, the letter implemented, the
// recipients after "Kính gửi:", and joining wrapped lines.

// marker is the label a paragraph starts with. Levels: 0 "I." (a section),
// 1 "1." or "1)", 2 "a)", 3 "-" or "–", 4 "+"; -1 none.
type marker struct {
	level       int
	label, rest string
}

var (
	romanMarker  = regexp.MustCompile(`^([IVX]{1,4})[.)/]\s+(\S.*)$`)
	numMarker    = regexp.MustCompile(`^(\d{1,2}(?:\.\d{1,2})?)\s*[.)/]\s*(\S.*)$`)
	letterMarker = regexp.MustCompile(`^([a-zđ])\)\s*(\S.*)$`)
	dashMarker   = regexp.MustCompile(`^([-–—])\s*(\S.*)$`)
	plusMarker   = regexp.MustCompile(`^(\+)\s*(\S.*)$`)
)

// markerOf reads a paragraph's list marker.
func markerOf(p string) marker {
	for level, re := range []*regexp.Regexp{romanMarker, numMarker, letterMarker, dashMarker, plusMarker} {
		if m := re.FindStringSubmatch(p); m != nil {
			if level == 1 && strings.Contains(m[1], ".") {
				level = 2 // "1.1." under "1."
			}
			if level == 1 && isDateStart(p) {
				continue // "15/6/2025 …" opens no list
			}
			return marker{level: level, label: m[1], rest: m[2]}
		}
	}
	return marker{level: -1, rest: p}
}

var dateStart = regexp.MustCompile(`^\d{1,2}/\d{1,2}`)

func isDateStart(p string) bool { return dateStart.MatchString(p) }

// joinLines joins the wrapped lines of one paragraph with a space, except
// after a hyphen that follows a letter or digit: Vietnamese syllables are
// not hyphenated, so a line ending in "ni-", "2025-" or "144-" broke a word
// that keeps its hyphen ("ni-lông", "2025-2030", "144-QĐ/TW").
func joinLines(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev := b.String()
			r, _ := utf8.DecodeLastRuneInString(strings.TrimSuffix(prev, "-"))
			if !strings.HasSuffix(prev, "-") || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// paragraphs splits lines into paragraphs: at empty lines and before a line
// that opens a list item. A paragraph starting in lower case continues the
// one before (a page break or a stray gap cut it).
func paragraphs(lines []string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) == 0 {
			return
		}
		p := joinLines(cur)
		cur = nil
		r, _ := utf8.DecodeRuneInString(p)
		if len(out) > 0 && unicode.IsLower(r) && markerOf(p).level < 0 {
			out[len(out)-1] = joinLines([]string{out[len(out)-1], p})
			return
		}
		out = append(out, p)
	}
	for _, l := range lines {
		if l == "" {
			flush()
			continue
		}
		if len(cur) > 0 && markerOf(l).level >= 0 {
			flush()
		}
		cur = append(cur, l)
	}
	flush()
	return out
}

var implementsRef = regexp.MustCompile(`(?:Thực hiện|Triển khai|Căn cứ|Theo)\s+((?:Công văn|Kế hoạch|Chỉ thị|Nghị quyết|Quyết định|Hướng dẫn|Thông báo|Kết luận|Quy định|Chương trình|Công điện|Thông tư|Nghị định|Văn bản)(?:\s+số)?\s*:?\s*\d[^\s,;]*(?:,?\s*ngày\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|,?\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})?(?:\s+của\s+[^,;:]+)?)`)

var refEnd = regexp.MustCompile(`\s+(?:về|V/v|nhằm|đối với)\s`)

// implementsOf reads the letter a letter implements: "Thực hiện Công văn
// số 7944-CV/BTGTW, ngày 11/3/2024 của Ban Tuyên giáo Trung ương về việc …"
// gives "Công văn số 7944-CV/BTGTW, ngày 11/3/2024 của Ban Tuyên giáo Trung
// ương". Instructions that name no document ("Thực hiện chỉ đạo của …")
// give nothing.
func implementsOf(text string) string {
	m := implementsRef.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	ref := m[1]
	if loc := refEnd.FindStringIndex(ref); loc != nil {
		ref = ref[:loc[0]]
	}
	return strings.TrimRight(strings.TrimSpace(ref), ".")
}

var recipientsStart = regexp.MustCompile(`(?i)^kính\s+g[ửở]i\s*:?\s*`)

// recipientsOf reads "Kính gửi:" and what follows it on the line.
func recipientsOf(line string) (string, bool) {
	loc := recipientsStart.FindStringIndex(line)
	if loc == nil {
		return "", false
	}
	return line[loc[1]:], true
}

// splitRecipients cuts the recipients into phrases: at the dashes that open
// each line of a list, else at semicolons, else at commas, never inside a
// group phrase ("Trung tâm Văn hóa - Truyền thanh các huyện, thành phố").
func splitRecipients(lines []string) []string {
	var items []string
	dashed := false
	for _, l := range lines {
		if m := dashMarker.FindStringSubmatch(l); m != nil {
			dashed = true
			items = append(items, m[2])
			continue
		}
		if dashed && len(items) > 0 {
			items[len(items)-1] = joinLines([]string{items[len(items)-1], l})
			continue
		}
		items = append(items, l)
	}
	if !dashed {
		items = splitInline(joinLines(items))
	}
	var out []string
	for _, it := range items {
		if it = cleanRecipient(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}

func splitInline(s string) []string {
	sep := ","
	if strings.Contains(s, ";") {
		sep = ";"
	}
	var out []string
	for _, p := range strings.Split(s, sep) {
		p = strings.TrimSpace(p)
		if len(out) > 0 && continuesGroup(out[len(out)-1], p) {
			out[len(out)-1] += sep + " " + p
			continue
		}
		out = append(out, p)
	}
	return out
}

var levelWords = regexp.MustCompile(`^(?:(?:và|các)\s+)?(?:huyện|thị xã|thành phố|tỉnh|xã|phường|đặc khu|thị trấn|quận)(?:\s*,\s*(?:huyện|thị xã|thành phố|xã|phường|đặc khu|thị trấn|quận))*\.?$`)

// continuesGroup tells "thành phố" in "các huyện, thành phố" from a phrase
// of its own.
func continuesGroup(prev, p string) bool {
	return strings.Contains(prev, "các ") && levelWords.MatchString(strings.ToLower(strings.TrimSpace(p)))
}

func cleanRecipient(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, ",;.:")
	return strings.TrimSpace(s)
}

// endsSentence tells a line that closes a list or a paragraph.
func endsSentence(s string) bool {
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "./.") || strings.HasSuffix(s, ":")
}
