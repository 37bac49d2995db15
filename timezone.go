package chidao

import (
	"strings"
	"time"
)

// Zone is Asia/Ho_Chi_Minh (UTC+7, no daylight saving). Every deadline,
// reminder slot and date shown to a user is computed in it.
var Zone = mustZone("Asia/Ho_Chi_Minh")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // cannot happen: time/tzdata is embedded
	}
	return loc
}

// EndOfDay is the last representable instant (microsecond precision, as in
// PostgreSQL) of the day t falls on in Vietnam.
func EndOfDay(t time.Time) time.Time {
	y, m, d := t.In(Zone).Date()
	return time.Date(y, m, d, 23, 59, 59, 999999000, Zone)
}

// ParseDeadline reads a deadline typed by the Office: "YYYY-MM-DD" means the
// end of that day in Vietnam, "YYYY-MM-DDTHH:MM" (or with a space) that minute
// in Vietnam. Vietnamese "dd/mm/yyyy[ HH:MM]" is accepted too.
func ParseDeadline(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2/1/2006 15:04"} {
		if t, err := time.ParseInLocation(layout, s, Zone); err == nil {
			return t, nil
		}
	}
	for _, layout := range []string{"2006-01-02", "2/1/2006"} {
		if t, err := time.ParseInLocation(layout, s, Zone); err == nil {
			return EndOfDay(t), nil
		}
	}
	return time.Time{}, Invalid("deadline %q is not YYYY-MM-DD or YYYY-MM-DDTHH:MM", s)
}

// ParseDate reads a calendar date ("YYYY-MM-DD" or "dd/mm/yyyy") in Vietnam.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2/1/2006"} {
		if t, err := time.ParseInLocation(layout, s, Zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, Invalid("date %q is not YYYY-MM-DD", s)
}

// FormatDate writes t as dd/mm/yyyy in Vietnam.
func FormatDate(t time.Time) string { return t.In(Zone).Format("02/01/2006") }

// FormatDateTime writes t as dd/mm/yyyy HH:MM in Vietnam.
func FormatDateTime(t time.Time) string { return t.In(Zone).Format("02/01/2006 15:04") }

// FormatRFC3339 writes t in RFC 3339 with the +07:00 offset, to the second.
func FormatRFC3339(t time.Time) string { return t.In(Zone).Format(time.RFC3339) }

// DaysLate counts the calendar days (in Vietnam) from the deadline's day to
// the day of t; zero when t is not after the deadline.
func DaysLate(due, t time.Time) int {
	if !t.After(due) {
		return 0
	}
	dy, dm, dd := due.In(Zone).Date()
	ty, tm, td := t.In(Zone).Date()
	days := int(time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC).Sub(time.Date(dy, dm, dd, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	return max(days, 1)
}
