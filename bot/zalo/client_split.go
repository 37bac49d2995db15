package zalo

import (
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxTextRunes is the longest text Zalo accepts in one message.
const MaxTextRunes = 2000

// splitLookback is how far back from a hard cut Split looks for a newline or
// space to break at.
const splitLookback = 200

// Split is exported for tests and callers: it NFC-normalises text, then cuts
// it into parts of at most max runes at rune boundaries. It prefers to break
// at a newline, else at a space, within the last ~200 runes of a part; the
// whitespace rune broken at is dropped. A max below 1 means MaxTextRunes.
// Empty text yields no parts.
func Split(text string, max int) []string {
	if max < 1 {
		max = MaxTextRunes
	}
	runes := []rune(norm.NFC.String(text))
	var parts []string
	for len(runes) > max {
		cut, skip := breakPoint(runes, max)
		parts = append(parts, string(runes[:cut]))
		runes = runes[cut+skip:]
	}
	if len(runes) > 0 {
		parts = append(parts, string(runes))
	}
	return parts
}

// breakPoint picks where to cut runes (longer than max): it returns the
// length of the part and how many runes (0 or 1) to skip after it.
func breakPoint(runes []rune, max int) (cut, skip int) {
	low := max - splitLookback
	if low < 1 {
		low = 1
	}
	// runes[i] for i == max is the first rune not in the part; breaking there
	// at whitespace still yields a full-length part.
	if i := lastIndex(runes, low, max, func(r rune) bool { return r == '\n' }); i >= 0 {
		return i, 1
	}
	if i := lastIndex(runes, low, max, unicode.IsSpace); i >= 0 {
		return i, 1
	}
	return hardCut(runes, max), 0
}

// lastIndex returns the largest i in [low, high] with match(runes[i]), or -1.
func lastIndex(runes []rune, low, high int, match func(rune) bool) int {
	for i := high; i >= low; i-- {
		if match(runes[i]) {
			return i
		}
	}
	return -1
}

// hardCut returns a cut at or before max that does not separate a combining
// mark from its base, when that is possible within a few runes.
func hardCut(runes []rune, max int) int {
	for cut := max; cut > 0 && max-cut < 8; cut-- {
		if !unicode.Is(unicode.M, runes[cut]) {
			return cut
		}
	}
	return max
}
