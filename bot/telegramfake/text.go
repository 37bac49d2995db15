package telegramfake

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// utf16Len is the length of s in UTF-16 code units, the unit of Telegram's
// text limits and entity offsets.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

var (
	// commandRe matches a bot command at the start of the text or after
	// whitespace, with an optional @botname.
	commandRe = regexp.MustCompile(`(?:^|\s)(/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?)`)
	// urlRe matches http(s) links and bare domains with a well-known TLD.
	urlRe = regexp.MustCompile(`(?i)(?:https?://[^\s<>"]+|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+` +
		`(?:com|net|org|edu|gov|info|biz|io|co|me|be|ly|gl|to|tv|app|dev|vn|ru|uk|de|fr|jp|cn|us|eu|xyz|site|online)` +
		`\b(?::\d{1,5})?(?:/[^\s<>"]*)?)`)
)

// detectEntities finds what Telegram marks in a user's text: bot commands
// and URLs, with UTF-16 offsets.
func detectEntities(text string) []Entity {
	var out []Entity
	for _, m := range commandRe.FindAllStringSubmatchIndex(text, -1) {
		out = append(out, entityAt(text, "bot_command", m[2], m[3]))
	}
	for _, m := range urlRe.FindAllStringIndex(text, -1) {
		start, end := m[0], m[1]
		if start > 0 && strings.ContainsRune("@./-_", rune(text[start-1])) {
			continue // part of an e-mail address or a longer token
		}
		end = start + len(strings.TrimRight(text[start:end], ".,;:!?'\")]}"))
		if end > start {
			out = append(out, entityAt(text, "url", start, end))
		}
	}
	sortEntities(out)
	return out
}

// entityAt is an entity over the byte range [start, end) of text.
func entityAt(text, kind string, start, end int) Entity {
	return Entity{Type: kind, Offset: utf16Len(text[:start]), Length: utf16Len(text[start:end])}
}

// sortEntities orders entities by offset (insertion sort: lists are short).
func sortEntities(es []Entity) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].Offset < es[j-1].Offset; j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

// plainText is the text a user sees once parse_mode markup is applied, or
// Telegram's "can't parse entities" error.
func plainText(text, parseMode string) (string, *apiError) {
	var (
		out string
		err error
	)
	switch strings.ToLower(parseMode) {
	case "":
		return text, nil
	case "html":
		out, err = parseHTML(text)
	case "markdownv2":
		out, err = parseMarkdownV2(text)
	case "markdown":
		out = stripMarkdown(text)
	default:
		return "", errParseMode
	}
	if err != nil {
		return "", badRequest("can't parse entities: " + err.Error())
	}
	return out, nil
}

// htmlTags are the tags Telegram's HTML parse mode accepts.
var htmlTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "span": true, "tg-spoiler": true,
	"a": true, "tg-emoji": true, "code": true, "pre": true, "blockquote": true,
}

// parseHTML strips Telegram HTML to its text, checking tags the way
// Telegram does: only supported tags, properly nested and closed.
func parseHTML(s string) (string, error) {
	var out strings.Builder
	var stack []string
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				return "", fmt.Errorf("Unclosed start tag at byte offset %d", i)
			}
			tag := s[i+1 : i+end]
			if name, ok := strings.CutPrefix(tag, "/"); ok {
				name = strings.ToLower(strings.TrimSpace(name))
				if len(stack) == 0 {
					return "", fmt.Errorf("Unexpected end tag at byte offset %d", i)
				}
				if top := stack[len(stack)-1]; top != name {
					return "", fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top, name)
				}
				stack = stack[:len(stack)-1]
			} else {
				name := tag
				if k := strings.IndexAny(tag, " \t\n/"); k >= 0 {
					name = tag[:k]
				}
				name = strings.ToLower(name)
				if !htmlTags[name] {
					return "", fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", name, i)
				}
				stack = append(stack, name)
			}
			i += end + 1
		case '&':
			n := htmlEntityLen(s[i:])
			out.WriteString(html.UnescapeString(s[i : i+n]))
			i += n
		default:
			out.WriteByte(s[i])
			i++
		}
	}
	if len(stack) > 0 {
		return "", fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1])
	}
	return out.String(), nil
}

// htmlEntityLen is the length of the entity at the start of s when it is one
// Telegram decodes (&lt; &gt; &amp; &quot; or numeric), else 1.
func htmlEntityLen(s string) int {
	semi := strings.IndexByte(s, ';')
	if semi < 0 || semi > 10 {
		return 1
	}
	switch ent := s[:semi+1]; {
	case ent == "&lt;", ent == "&gt;", ent == "&amp;", ent == "&quot;":
		return semi + 1
	case strings.HasPrefix(ent, "&#") && html.UnescapeString(ent) != ent:
		return semi + 1
	}
	return 1
}

// markdownEntities name the MarkdownV2 toggles in error messages.
var markdownEntities = map[byte]string{'*': "Bold", '_': "Italic", '~': "Strikethrough", '|': "Spoiler", '`': "Code"}

// parseMarkdownV2 strips MarkdownV2 to its text. It checks what Telegram
// most often rejects: reserved characters left unescaped and unclosed
// toggles; it does not check nesting.
func parseMarkdownV2(s string) (string, error) {
	var out strings.Builder
	open := map[byte]int{} // toggle -> byte offset of the unclosed opener, -1 when closed
	inCode, inURL := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inURL && c == '\\':
			i++
		case inURL:
			inURL = c != ')'
		case c == '\\' && i+1 < len(s) && s[i+1] < utf8.RuneSelf:
			i++
			out.WriteByte(s[i])
		case c == '`':
			inCode = !inCode
			toggle(open, c, i)
		case inCode:
			out.WriteByte(c)
		case c == ']' && i+1 < len(s) && s[i+1] == '(':
			inURL = true
			i++
		case c == '*' || c == '_' || c == '~' || c == '|':
			if c == '|' && (i+1 >= len(s) || s[i+1] != '|') {
				return "", reservedErr(c)
			}
			if c == '|' {
				i++
			}
			toggle(open, c, i)
		case c == '[':
		case c == '>' && (i == 0 || s[i-1] == '\n'):
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
		case strings.IndexByte("_*[]()~`>#+-=|{}.!", c) >= 0:
			return "", reservedErr(c)
		default:
			out.WriteByte(c)
		}
	}
	for _, c := range []byte("*_~|`") {
		if at, ok := open[c]; ok && at >= 0 {
			return "", fmt.Errorf("Can't find end of %s entity at byte offset %d", markdownEntities[c], at)
		}
	}
	return out.String(), nil
}

// toggle opens or closes a MarkdownV2 entity at byte offset i.
func toggle(open map[byte]int, c byte, i int) {
	if at, ok := open[c]; ok && at >= 0 {
		open[c] = -1
		return
	}
	open[c] = i
}

// reservedErr is Telegram's error for an unescaped reserved character.
func reservedErr(c byte) error {
	return fmt.Errorf("Character '%c' is reserved and must be escaped with the preceding '\\'", c)
}

// markdownLinkRe matches a legacy Markdown link's "(url)" part.
var markdownLinkRe = regexp.MustCompile(`\]\([^)]*\)`)

// stripMarkdown removes legacy Markdown markup without checking it.
func stripMarkdown(s string) string {
	s = markdownLinkRe.ReplaceAllString(s, "")
	return strings.NewReplacer("*", "", "_", "", "`", "", "[", "").Replace(s)
}
