package links

import "strings"

// scanText adds the links written in plain text, as described in the package
// documentation. It runs in time linear in len(text).
func scanText(text string, c *collector) {
	for i := 0; i < len(text) && !c.full(); {
		if !startsLink(text, i) {
			i++
			continue
		}
		end := candidateEnd(text, i)
		if raw := trimTrailing(text[i:end]); raw != "" {
			c.add(raw)
		}
		i = end
	}
}

// startsLink reports whether a link starts at text[i]: an http(s):// scheme,
// or, at the start of a word, a known platform's host followed by '/'.
func startsLink(text string, i int) bool {
	if hasScheme(text[i:]) {
		return true
	}
	if !isHostByte(text[i]) || (i > 0 && !isWordBoundary(text[i-1])) {
		return false
	}
	j := i
	for j < len(text) && isHostByte(text[j]) {
		j++
	}
	return j < len(text) && text[j] == '/' && platformOf(strings.ToLower(text[i:j])) != Other
}

// hasScheme reports whether s starts with "http://" or "https://", in any
// letter case.
func hasScheme(s string) bool {
	return hasPrefixFold(s, "http://") || hasPrefixFold(s, "https://")
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII letter case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// isHostByte reports whether b can be part of a bare host name.
func isHostByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '.' || b == '-'
}

// isWordBoundary reports whether a bare host may start right after b: not
// after a letter, digit or a character that would make it part of a longer
// address or e-mail (._-/@%). Non-ASCII bytes (Vietnamese letters) are
// boundaries.
func isWordBoundary(b byte) bool {
	return !isHostByte(b) && !strings.ContainsRune("_/@%", rune(b))
}

// isURLByte reports whether b can be part of a link written in text.
func isURLByte(b byte) bool {
	return b > ' ' && b < 0x7f && !strings.ContainsRune("<>\"`{}|\\^", rune(b))
}

// candidateEnd returns where the link starting at text[start] ends: at the
// first byte that cannot be part of it, or where another http(s):// address
// starts glued to it.
func candidateEnd(text string, start int) int {
	j := start + 1
	for ; j < len(text) && isURLByte(text[j]); j++ {
		if text[j] == 'h' || text[j] == 'H' {
			if hasScheme(text[j:]) && !strings.ContainsRune("=/?&", rune(text[j-1])) {
				break
			}
		}
	}
	return j
}

// trimTrailing removes trailing punctuation, and closing brackets without an
// opening partner, from a link found in text.
func trimTrailing(s string) string {
	parens := strings.Count(s, "(") - strings.Count(s, ")")
	squares := strings.Count(s, "[") - strings.Count(s, "]")
	for s != "" {
		switch s[len(s)-1] {
		case '.', ',', ';', ':', '!', '?', '\'', '"':
		case ')':
			if parens >= 0 {
				return s
			}
			parens++
		case ']':
			if squares >= 0 {
				return s
			}
			squares++
		default:
			return s
		}
		s = s[:len(s)-1]
	}
	return s
}
