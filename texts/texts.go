// Package texts is chidao's language: every Vietnamese word a user reads
// (in Telegram and Zalo, on the dashboard, in the exported report, in the
// invitation the CLI prints) and every phrase the bot recognises in what
// people write. It is organised by surface, one file each; code asks for a
// message by name with typed arguments and never writes Vietnamese itself.
// The five official status labels stay in the domain (chidao.Status).
package texts

import (
	"unicode"
	"unicode/utf8"

	"chidao"
)

// Shorten cuts s to at most n runes, with an ellipsis.
func Shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// StatusLabel is a status's label with its first letter capitalised, as a
// table cell shows it ("Hoàn thành đúng hạn").
func StatusLabel(s chidao.Status) string { return capitalize(string(s)) }

// ReviewLabel is the Vietnamese name of a clip's review state.
func ReviewLabel(r chidao.Review) string {
	switch r {
	case chidao.ReviewApproved:
		return "Đã duyệt"
	case chidao.ReviewRejected:
		return "Từ chối"
	case chidao.ReviewPending, "":
		return "Chờ duyệt"
	}
	return string(r)
}

// PlatformLabel is how a stored platform name is shown.
func PlatformLabel(p string) string {
	switch p {
	case "youtube":
		return "YouTube"
	case "tiktok":
		return "TikTok"
	case "facebook":
		return "Facebook"
	case "zalo":
		return "Zalo"
	case "other":
		return "Khác"
	}
	return p
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
