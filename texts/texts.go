// Package texts is chidao's language: every Vietnamese word a user reads
// (in Telegram and Zalo, on the dashboard, in the exported report, in the
// invitation the CLI prints) and every phrase the bot recognises in what
// people write. It is organised by surface, one file each; code asks for a
// message by name with typed arguments and never writes Vietnamese itself.
// The five official status labels stay in the domain (chidao.Status).
package texts

import (
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"

	"chidao"
)

// Org is the Office as users read its name: the full name
// (CHIDAO_ORG_NAME, e.g. "Ban Tuyên giáo và Dân vận Tỉnh ủy") and how a
// sentence refers to it afterwards (CHIDAO_ORG_SHORT_NAME, e.g. "Ban").
type Org struct {
	Name  string
	Short string
}

// The Office's names when none are configured.
const (
	DefaultOrgName  = "Ban Tuyên giáo và Dân vận Tỉnh ủy"
	DefaultOrgShort = "Ban"
)

// OrDefault returns the org with empty names replaced by the defaults.
func (o Org) OrDefault() Org {
	if o.Name == "" {
		o.Name = DefaultOrgName
	}
	if o.Short == "" {
		o.Short = DefaultOrgShort
	}
	return o
}

// Chat writes what chidao says in one channel: Zalo users are told what
// to type, Telegram users see buttons and commands. A message rendered
// when its channel is not yet known (a directive, a reminder, a notice
// to another person) uses a Chat without Channel and must read the same
// everywhere: such texts name typed phrases, which both channels
// understand, never buttons or commands.
type Chat struct {
	Org     Org
	Channel chidao.Channel
}

func (t Chat) zalo() bool { return t.Channel == chidao.Zalo }

// pick returns the Telegram or the Zalo wording.
func (t Chat) pick(telegram, zalo string) string {
	if t.zalo() {
		return zalo
	}
	return telegram
}

// DateTime writes an instant as users read it: "08:12 ngày 04/04/2024"
// (Vietnam time).
func DateTime(t time.Time) string { return t.In(chidao.Zone).Format("15:04 ngày 02/01/2006") }

// Date writes a day: "04/04/2024".
func Date(t time.Time) string { return chidao.FormatDate(t) }

// Deadline writes a deadline: a date-only one (the end of the day) as
// "ngày 30/04/2024", any other as "17:00 ngày 15/04/2024".
func Deadline(t time.Time) string {
	v := t.In(chidao.Zone)
	if v.Hour() == 23 && v.Minute() == 59 {
		return "ngày " + Date(t)
	}
	return DateTime(t)
}

// Remaining says how far a deadline is, in calendar days in Vietnam: a
// deadline at 09:00 tomorrow is "còn 1 ngày" even at 20:00 today.
func Remaining(due, now time.Time) string {
	if !due.After(now) {
		return fmt.Sprintf("quá hạn %d ngày", max(chidao.DaysLate(due, now), 1))
	}
	y1, m1, d1 := now.In(chidao.Zone).Date()
	y2, m2, d2 := due.In(chidao.Zone).Date()
	days := int(time.Date(y2, m2, d2, 0, 0, 0, 0, time.UTC).Sub(time.Date(y1, m1, d1, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	if days == 0 {
		return "hạn là hôm nay"
	}
	return fmt.Sprintf("còn %d ngày", days)
}

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
