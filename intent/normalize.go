package intent

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// token is one word of a message: as typed (lower case, NFC), folded
// (without accents), and where it stands in the message (byte offsets).
type token struct {
	orig       string // as typed, case kept
	raw, fold  string
	start, end int
	filler     bool
}

var unaccent = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// Fold lower-cases s and removes Vietnamese accents ("Đã nhận" → "da
// nhan"); đ becomes d.
func Fold(s string) string {
	s = strings.ToLower(s)
	out, _, err := transform.String(unaccent, s)
	if err != nil {
		out = s
	}
	return strings.NewReplacer("đ", "d", "ð", "d").Replace(out)
}

// Normalize is what the recogniser compares: the folded words of s
// without fillers, one space apart ("Dạ, em ĐÃ NHẬN ạ!" → "da nhan").
func Normalize(s string) string {
	var out []string
	for _, t := range tokenize(prepare(s)) {
		if !t.filler {
			out = append(out, t.fold)
		}
	}
	return strings.Join(out, " ")
}

// prepare puts s in NFC, the form arguments are cut from.
func prepare(s string) string { return norm.NFC.String(s) }

// tokenize splits s into words: runs of letters and digits. An emoji the
// catalog knows stands for its words; a lone "?" is a word too, so that
// "?" alone asks for help.
func tokenize(s string) []token {
	var out []token
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, word(s[start:end], start, end))
			start = -1
		}
	}
	for i, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if start < 0 {
				start = i
			}
		case emoji[r] != "":
			flush(i)
			for _, w := range strings.Fields(emoji[r]) {
				out = append(out, word(w, i, i+len(string(r))))
			}
		default:
			flush(i)
			if r == '?' && strings.TrimSpace(strings.Trim(s, "? ")) == "" && len(out) == 0 {
				out = append(out, token{raw: "?", fold: "?", start: i, end: i + 1})
			}
		}
	}
	flush(len(s))
	return out
}

// ambiguous are fillers whose folded form is also a meaningful word when
// typed without accents ("da" is "dạ" but also "đã"): only dropped when
// typed with the filler's own accents.
var ambiguous = map[string]bool{"da": true, "chi": true, "anh": true}

func word(s string, start, end int) token {
	raw := strings.ToLower(s)
	f := Fold(raw)
	return token{orig: s, raw: raw, fold: f, start: start, end: end, filler: fillers[raw] || fillers[f] && !ambiguous[f]}
}
