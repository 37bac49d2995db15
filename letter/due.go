package letter

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"chidao"
)

var (
	typedClock    = regexp.MustCompile(`(\d{1,2})[:hg](\d{2})\b`)
	typedHour     = regexp.MustCompile(`(?i)(\d{1,2})\s*(?:h|giờ|g)(\d{2})?\b`)
	typedDateTime = regexp.MustCompile(`(?i)^(\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?)\s*,?\s+(?:lúc\s+)?(\d{1,2}\s*(?:h|giờ|g)(?:\s*\d{2})?(?:\s*phút)?)$`)
)

// ParseDue reads a deadline as an admin types it in the chat: "20/12",
// "20/12/2026", "17h ngày 20/12", "17:00 20/12/2026", "20/12 17h30",
// "trước ngày 20/12", or the ISO forms the CLI takes. A date alone is the
// end of that day; a year left out is the next such day from now (today
// counts). It reports false for text that is no deadline and for a moment
// that is not after now.
func ParseDue(text string, now time.Time) (time.Time, bool) {
	s := normalizeLine(strings.TrimSpace(text))
	if t, err := chidao.ParseDeadline(s); err == nil {
		return t, t.After(now)
	}
	s = typedClock.ReplaceAllString(s, "${1}h${2}")
	for _, m := range typedHour.FindAllStringSubmatch(s, -1) {
		if h, _ := strconv.Atoi(m[1]); h > 23 || m[2] > "59" {
			return time.Time{}, false // "25h": a typo, not the end of the day
		}
	}
	if m := typedDateTime.FindStringSubmatch(s); m != nil {
		s = m[2] + " ngày " + m[1] // the time first, as letters write it
	}
	y, mo, d := now.In(chidao.Zone).Date()
	today := time.Date(y, mo, d, 0, 0, 0, 0, chidao.Zone)
	t, ok := deadlineAt("trước", s, today)
	if !ok {
		t = latest(deadlinesOf(s, today))
		ok = !t.IsZero()
	}
	return t, ok && t.After(now)
}
