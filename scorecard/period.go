package scorecard

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"chidao"
	"unicode"
)

// Period is a span of days in Vietnam, both ends included.
type Period struct{ From, To time.Time }

// Quarter returns the quarter t falls in.
func Quarter(t time.Time) Period {
	t = t.In(chidao.Zone)
	q := (int(t.Month()) - 1) / 3
	from := time.Date(t.Year(), time.Month(q*3+1), 1, 0, 0, 0, 0, chidao.Zone)
	return Period{from, from.AddDate(0, 3, -1)}
}

// Check refuses a period that ends before it starts.
func (p Period) Check() error {
	if p.From.After(p.To) {
		return chidao.Invalid("the period starts %s, after it ends %s", chidao.FormatDate(p.From), chidao.FormatDate(p.To))
	}
	return nil
}

var (
	quarterRe = regexp.MustCompile(`^(?:quy|q)\s*(i{1,3}|iv|[1-4])\s*[/ .-]?\s*(\d{4})$`)
	monthRe   = regexp.MustCompile(`^(?:thang|t)?\s*(\d{1,2})\s*[/ .-]\s*(\d{4})$`)
	yearRe    = regexp.MustCompile(`^(?:nam\s*)?(\d{4})$`)
	roman     = map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4}
)

// ParsePeriod reads a period as the Office types it: "quý 1/2026",
// "quý II 2026", "Q3 2026", "tháng 3/2026", "năm 2026", "2026",
// "01/01/2026-31/03/2026" or "2026-01-01..2026-03-31". Empty means the
// quarter of now.
func ParsePeriod(s string, now time.Time) (Period, error) {
	f := foldText(s)
	if f == "" {
		return Quarter(now), nil
	}
	if m := quarterRe.FindStringSubmatch(f); m != nil {
		q, ok := roman[m[1]]
		if !ok {
			q, _ = strconv.Atoi(m[1])
		}
		y, _ := strconv.Atoi(m[2])
		return Quarter(time.Date(y, time.Month(q*3), 1, 0, 0, 0, 0, chidao.Zone)), nil
	}
	if m := monthRe.FindStringSubmatch(f); m != nil {
		mo, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		if mo >= 1 && mo <= 12 {
			from := time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, chidao.Zone)
			return Period{from, from.AddDate(0, 1, -1)}, nil
		}
	}
	if m := yearRe.FindStringSubmatch(f); m != nil {
		y, _ := strconv.Atoi(m[1])
		return Period{time.Date(y, 1, 1, 0, 0, 0, 0, chidao.Zone), time.Date(y, 12, 31, 0, 0, 0, 0, chidao.Zone)}, nil
	}
	if p, ok := dateRange(f); ok {
		return p, p.Check()
	}
	return Period{}, chidao.Invalid("%q is not a period (quý 1/2026, tháng 3/2026, năm 2026, 01/01/2026-31/03/2026)", s)
}

// dateRange reads "from-to" with "..", "–", "-", "den" or "toi" between
// two dates, trying each place a separator stands.
func dateRange(f string) (Period, bool) {
	for _, sep := range []string{"..", "–", " den ", " toi ", "-"} {
		for i := strings.Index(f, sep); i >= 0; {
			from, err1 := chidao.ParseDate(f[:i])
			to, err2 := chidao.ParseDate(f[i+len(sep):])
			if err1 == nil && err2 == nil {
				return Period{from, to}, true
			}
			j := strings.Index(f[i+1:], sep)
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	return Period{}, false
}

var unaccent = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

func foldText(s string) string {
	s = strings.NewReplacer("đ", "d", "Đ", "D").Replace(strings.TrimSpace(s))
	if t, _, err := transform.String(unaccent, s); err == nil {
		s = t
	}
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// String writes the period as dd/mm/yyyy – dd/mm/yyyy.
func (p Period) String() string {
	return fmt.Sprintf("%s – %s", chidao.FormatDate(p.From), chidao.FormatDate(p.To))
}
