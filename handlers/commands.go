package handlers

import (
	"strings"
	"unicode/utf8"
)

// ParseCommand splits a chat command such as "/baocao@chidao_bot Đã xong"
// into its lower-case name ("baocao") and the rest, trimmed. A command
// addressed to another bot, or text that is not a command, gives "".
func ParseCommand(text, botUsername string) (cmd, arg string) {
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "/") || !utf8.ValidString(text) {
		return "", ""
	}
	head, rest, _ := strings.Cut(text[1:], " ")
	if i := strings.IndexAny(head, "\n\t"); i >= 0 {
		head, rest = head[:i], head[i+1:]+" "+rest
	}
	name, target, addressed := strings.Cut(head, "@")
	if addressed && !strings.EqualFold(target, botUsername) {
		return "", ""
	}
	if name == "" || len(name) > 32 || strings.ContainsFunc(name, notCommandRune) {
		return "", ""
	}
	return strings.ToLower(name), strings.TrimSpace(rest)
}

func notCommandRune(r rune) bool {
	return !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
}
