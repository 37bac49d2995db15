package letter

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// normalizeLine cleans what extraction leaves in a line: decomposed letters
// (NFD, from macOS and some PDF producers) composed to NFC, the look-alike
// Icelandic Ð of old Vietnamese font converters made Đ, no-break and odd
// spaces made plain, soft hyphens, zero-width characters, a byte-order mark
// and Markdown bold markers removed, bullets made dashes, runs of spaces
// collapsed.
func normalizeLine(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == 'Ð':
			r = 'Đ'
		case r == 'ð':
			r = 'đ'
		case r == '•' || r == '▪' || r == '\uF0B7' || r == '●' || r == '◦':
			r = '-'
		case r == '\u00AD' || r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\u2060' || r == '\uFEFF':
			continue
		case unicode.IsSpace(r) || r == '\u00A0' || r == '\u202F' || r == '\u2007':
			space = true
			continue
		case unicode.IsControl(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out := b.String()
	if strings.Contains(out, "**") {
		out = strings.TrimSpace(strings.ReplaceAll(out, "**", ""))
	}
	return out
}

// normalizeLines cleans every line and drops lone page numbers between
// blank lines (plain text keeps the numbers pdftotext prints).
func normalizeLines(lines []string) []string {
	out := make([]string, 0, len(lines))
	for i, l := range lines {
		l = normalizeLine(l)
		blankAround := (i == 0 || strings.TrimSpace(lines[i-1]) == "") && (i+1 == len(lines) || strings.TrimSpace(lines[i+1]) == "")
		if blankAround && isPageNumber(l) {
			continue
		}
		out = append(out, l)
	}
	return out
}

// fold is the key names are compared by: lower case, without diacritics
// (đ as d), dashes and punctuation as spaces, spaces collapsed.
func fold(s string) string {
	s = norm.NFD.String(strings.ToLower(s))
	var b strings.Builder
	space := true
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ':
			r = 'd'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		default:
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimSpace(b.String())
}

// toneKey is the key for an exact comparison: NFC, lower case, dashes and
// punctuation as spaces, and the tone mark of "oa", "oe", "uy" at the end of
// a syllable placed the house's way ("hoà" and "hòa", "thuỷ" and "thủy"
// compare equal).
func toneKey(s string) string {
	s = norm.NFC.String(strings.ToLower(s))
	var b strings.Builder
	rs := []rune(s)
	space := true
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		if i+1 < len(rs) && (i+2 == len(rs) || !unicode.IsLetter(rs[i+2])) {
			if moved, ok := oldTone[string(rs[i:i+2])]; ok && (r != 'u' || i == 0 || rs[i-1] != 'q') {
				b.WriteString(moved)
				i++
				space = false
				continue
			}
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimSpace(b.String())
}

var oldTone = map[string]string{
	"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
	"oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
	"uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
