package reminders

import (
	"bufio"
	_ "embed" // the shipped holiday file
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"chidao"
)

// shippedHolidays is holidays.txt: the lunar holidays, the second National
// Day and the compensatory days off of 2026 to 2030, as forecast.
//
//go:embed holidays.txt
var shippedHolidays string

// Calendar knows which days are working days in Vietnam: Monday to Friday,
// except the public holidays, plus the weekend days the Government makes
// working days in exchange for a day off. A Calendar is never changed after
// it is made, so it is safe for concurrent use. The zero value, and a nil
// *Calendar, know only the fixed-date holidays.
type Calendar struct {
	holidays map[calDay]string // days off from the holiday file, by name
	work     map[calDay]string // working Saturdays and Sundays from the file
}

// calDay is a civil date in Vietnam.
type calDay struct {
	y int
	m time.Month
	d int
}

// calDayOf returns t's date in Vietnam.
func calDayOf(t time.Time) calDay {
	y, m, d := t.In(chidao.Zone).Date()
	return calDay{y, m, d}
}

// noon is the day at noon UTC, for arithmetic that must not depend on a zone.
func (d calDay) noon() time.Time { return time.Date(d.y, d.m, d.d, 12, 0, 0, 0, time.UTC) }

// add returns the day n days later (earlier when n is negative).
func (d calDay) add(n int) calDay {
	y, m, dd := time.Date(d.y, d.m, d.d+n, 12, 0, 0, 0, time.UTC).Date()
	return calDay{y, m, dd}
}

// weekday returns the day of the week of d.
func (d calDay) weekday() time.Weekday { return d.noon().Weekday() }

// at returns the instant hh:mm of d in Vietnam.
func (d calDay) at(hh, mm int) time.Time { return time.Date(d.y, d.m, d.d, hh, mm, 0, 0, chidao.Zone) }

func (d calDay) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.y, int(d.m), d.d) }

// fixedHolidays are the public holidays on the same Gregorian date every
// year (Labour Code 2019, art. 112(1)).
var fixedHolidays = map[[2]int]string{
	{1, 1}:  "Tết Dương lịch",
	{4, 30}: "Ngày Chiến thắng",
	{5, 1}:  "Quốc tế Lao động",
	{9, 2}:  "Quốc khánh",
}

// fixedHoliday returns the name of the fixed-date holiday on d, if any.
func fixedHoliday(d calDay) (string, bool) {
	name, ok := fixedHolidays[[2]int{int(d.m), d.d}]
	return name, ok
}

// defaultCalendar parses the shipped file once; DefaultCalendar shares it.
var defaultCalendar = sync.OnceValue(func() *Calendar {
	c, err := LoadCalendar(strings.NewReader(shippedHolidays))
	if err != nil {
		panic("reminders: the shipped holidays.txt is invalid: " + err.Error()) // a test keeps this from shipping
	}
	return c
})

// DefaultCalendar returns the calendar of the built-in fixed-date public
// holidays and the holiday file shipped with the program (holidays.txt).
// Every call returns the same Calendar.
func DefaultCalendar() *Calendar { return defaultCalendar() }

// LoadCalendar reads a holiday file in the format of holidays.txt from r and
// returns a calendar of the fixed-date holidays plus the file's days. The
// file replaces the shipped one entirely. An error names the line and what
// is wrong with it: a bad date, an unknown kind, a missing name, a working
// day that is not a Saturday or Sunday, or a date listed twice.
func LoadCalendar(r io.Reader) (*Calendar, error) {
	c := &Calendar{holidays: map[calDay]string{}, work: map[calDay]string{}}
	seen := map[calDay]int{} // the line each date was listed on
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			line = strings.TrimPrefix(line, "\uFEFF") // a byte order mark left by a Windows editor
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := c.addLine(line, n, seen); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", n+1, err)
	}
	return c, nil
}

// addLine adds one entry of a holiday file, the n-th line.
func (c *Calendar) addLine(line string, n int, seen map[calDay]int) error {
	if !utf8.ValidString(line) {
		return fmt.Errorf("not valid UTF-8 text (save the file as UTF-8)")
	}
	date, rest := cutCalendarField(line)
	kind, rest := cutCalendarField(rest)
	name := strings.TrimSpace(rest)
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return fmt.Errorf("bad date %q: want a real day written YYYY-MM-DD", date)
	}
	d := calDay{t.Year(), t.Month(), t.Day()}
	if first, ok := seen[d]; ok {
		return fmt.Errorf("%s is already listed on line %d", d, first)
	}
	switch kind {
	case "holiday":
		if name == "" {
			return fmt.Errorf("holiday %s has no name", d)
		}
		c.holidays[d] = name
	case "work":
		if wd := d.weekday(); wd != time.Saturday && wd != time.Sunday {
			return fmt.Errorf("work day %s is a %s; a work line must be a Saturday or a Sunday", d, wd)
		}
		if h, ok := fixedHoliday(d); ok {
			return fmt.Errorf("work day %s is a public holiday (%s)", d, h)
		}
		c.work[d] = name
	case "":
		return fmt.Errorf("%s has no kind: want holiday or work", d)
	default:
		return fmt.Errorf("unknown kind %q: want holiday or work", kind)
	}
	seen[d] = n
	return nil
}

// cutCalendarField splits s into its first blank-separated field and the rest.
func cutCalendarField(s string) (field, rest string) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

// LoadCalendarFile opens the holiday file at path and reads it with
// LoadCalendar. Its errors include the path.
func LoadCalendarFile(path string) (*Calendar, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("holiday file: %w", err) // *PathError names the path
	}
	defer f.Close()
	c, err := LoadCalendar(f)
	if err != nil {
		return nil, fmt.Errorf("holiday file %s: %w", path, err)
	}
	return c, nil
}

// Covers reports whether the holiday file lists at least one day off in the
// given year. A program can warn when the coming year is not covered, since
// then only the four fixed-date holidays are known.
func (c *Calendar) Covers(year int) bool {
	if c == nil {
		return false
	}
	for d := range c.holidays {
		if d.y == year {
			return true
		}
	}
	return false
}

// Holiday reports whether t's date in Vietnam is a public holiday, fixed or
// from the holiday file, and returns its name. On a fixed-date holiday the
// built-in name is returned even when the file lists the day too.
func (c *Calendar) Holiday(t time.Time) (name string, ok bool) {
	return c.holidayOn(calDayOf(t))
}

// holidayOn returns the name of the holiday on d, if any.
func (c *Calendar) holidayOn(d calDay) (string, bool) {
	if name, ok := fixedHoliday(d); ok {
		return name, true
	}
	if c == nil {
		return "", false
	}
	name, ok := c.holidays[d]
	return name, ok
}

// WorkingDay reports whether t's date in Vietnam is a working day: Monday to
// Friday and not a holiday, or a Saturday or Sunday that the holiday file
// lists as a working day.
func (c *Calendar) WorkingDay(t time.Time) bool { return c.workingOn(calDayOf(t)) }

// workingOn reports whether d is a working day.
func (c *Calendar) workingOn(d calDay) bool {
	if _, ok := c.holidayOn(d); ok {
		return false
	}
	if wd := d.weekday(); wd == time.Saturday || wd == time.Sunday {
		if c == nil {
			return false
		}
		_, ok := c.work[d]
		return ok
	}
	return true
}

// At returns the instant hh:mm on t's date in Vietnam, in chidao.Zone.
// Out-of-range values are normalized as by time.Date (24:00 is the next
// day's midnight).
func At(t time.Time, hh, mm int) time.Time { return calDayOf(t).at(hh, mm) }

// NextWorkingDay returns hh:mm, Vietnam time, on the first working day
// strictly after t's date.
func (c *Calendar) NextWorkingDay(t time.Time, hh, mm int) time.Time {
	return c.AddWorkingDays(t, 1, hh, mm)
}

// PrevWorkingDay returns hh:mm, Vietnam time, on the last working day
// strictly before t's date.
func (c *Calendar) PrevWorkingDay(t time.Time, hh, mm int) time.Time {
	return c.AddWorkingDays(t, -1, hh, mm)
}

// AddWorkingDays returns hh:mm, Vietnam time, on the n-th working day after
// t's date: n = 1 is the next working day. A negative n counts back the same
// way, and n = 0 returns hh:mm on t's own date, working day or not.
func (c *Calendar) AddWorkingDays(t time.Time, n, hh, mm int) time.Time {
	d, step := calDayOf(t), 1
	if n < 0 {
		n, step = -n, -1
	}
	for n > 0 {
		d = d.add(step)
		if c.workingOn(d) {
			n--
		}
	}
	return d.at(hh, mm)
}

// Allowed returns the first moment at or after t when a reminder may go out:
// on a working day and outside the quiet hours [quietFrom, quietTo), given as
// hours and minutes in Vietnam. The quiet hours wrap midnight when quietFrom
// is later than quietTo (21:00 to 07:00) and are empty when the two are
// equal. So, with quiet hours from 21:00 to 07:00, a time within them moves
// to 07:00 of the same or the next day, and a time on a day off to 07:00 of
// the next working day (with quiet hours that do not wrap midnight, such as
// 12:00 to 13:30, the next working day starts at 00:00). A t already allowed
// is returned as it is, in chidao.Zone.
func (c *Calendar) Allowed(t time.Time, quietFromH, quietFromM, quietToH, quietToM int) time.Time {
	const day = 24 * 60
	from := ((quietFromH*60+quietFromM)%day + day) % day
	to := ((quietToH*60+quietToM)%day + day) % day
	quiet := func(min int) bool {
		switch {
		case from == to:
			return false
		case from < to:
			return min >= from && min < to
		default:
			return min >= from || min < to
		}
	}
	t = t.In(chidao.Zone)
	for {
		d := calDayOf(t)
		if !c.workingOn(d) {
			t = d.add(1).at(0, 0)
			continue
		}
		min := t.Hour()*60 + t.Minute()
		switch {
		case !quiet(min):
			return t
		case min < to:
			return d.at(to/60, to%60) // the end of the quiet hours, the same day
		default:
			t = d.add(1).at(0, 0) // quiet until midnight and beyond
		}
	}
}
