package reminders

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chidao"
)

// vn returns the instant y-m-d hh:mm in Vietnam.
func vn(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, chidao.Zone)
}

// day formats t's date and time in Vietnam, for failure messages.
func day(t time.Time) string { return t.In(chidao.Zone).Format("Mon 2006-01-02 15:04") }

func mustLoadCalendar(t *testing.T, s string) *Calendar {
	t.Helper()
	c, err := LoadCalendar(strings.NewReader(s))
	if err != nil {
		t.Fatalf("LoadCalendar: %v", err)
	}
	return c
}

func TestCalendarWeekends(t *testing.T) {
	cal := DefaultCalendar()
	for _, tc := range []struct {
		t       time.Time
		wd      time.Weekday
		working bool
	}{
		{vn(2026, 3, 6, 10, 0), time.Friday, true},
		{vn(2026, 3, 7, 10, 0), time.Saturday, false},
		{vn(2026, 3, 8, 10, 0), time.Sunday, false},
		{vn(2026, 3, 9, 10, 0), time.Monday, true},
		{vn(2026, 3, 10, 0, 0), time.Tuesday, true},
		{vn(2026, 3, 11, 23, 59), time.Wednesday, true},
		{vn(2026, 3, 12, 10, 0), time.Thursday, true},
		{vn(2031, 6, 14, 10, 0), time.Saturday, false}, // beyond the file
		// Saturday 00:30 in Vietnam is still Friday in UTC: the date in Vietnam counts.
		{vn(2026, 3, 7, 0, 30).UTC(), time.Saturday, false},
		// Monday 06:00 in Vietnam is Sunday 23:00 UTC.
		{vn(2026, 3, 9, 6, 0).UTC(), time.Monday, true},
	} {
		if wd := tc.t.In(chidao.Zone).Weekday(); wd != tc.wd {
			t.Fatalf("test data: %s is a %s, not a %s", day(tc.t), wd, tc.wd)
		}
		if got := cal.WorkingDay(tc.t); got != tc.working {
			t.Errorf("WorkingDay(%s) = %v, want %v", day(tc.t), got, tc.working)
		}
		if name, ok := cal.Holiday(tc.t); ok {
			t.Errorf("Holiday(%s) = %q, want none", day(tc.t), name)
		}
	}
}

func TestCalendarFixedHolidays(t *testing.T) {
	for _, cal := range []*Calendar{DefaultCalendar(), mustLoadCalendar(t, ""), nil, {}} {
		for _, year := range []int{2025, 2026, 2029, 2040} {
			for _, tc := range []struct {
				m    time.Month
				d    int
				name string
			}{
				{time.January, 1, "Tết Dương lịch"},
				{time.April, 30, "Ngày Chiến thắng"},
				{time.May, 1, "Quốc tế Lao động"},
				{time.September, 2, "Quốc khánh"},
			} {
				at := vn(year, tc.m, tc.d, 9, 0)
				if name, ok := cal.Holiday(at); !ok || name != tc.name {
					t.Errorf("Holiday(%s) = %q, %v; want %q", day(at), name, ok, tc.name)
				}
				if cal.WorkingDay(at) {
					t.Errorf("WorkingDay(%s) = true on %s", day(at), tc.name)
				}
			}
		}
	}
}

func TestCalendarHolidayTet2027FromFile(t *testing.T) {
	cal := DefaultCalendar()
	for _, tc := range []struct {
		d       int
		name    string // "" for no holiday
		working bool
	}{
		{4, "", true},                         // Thursday
		{5, "Tết Nguyên đán", false},          // Friday, 30 Tết (the last day of Bính Ngọ)
		{6, "Tết Nguyên đán", false},          // Saturday, mùng 1
		{7, "Tết Nguyên đán", false},          // Sunday
		{8, "Tết Nguyên đán", false},          // Monday
		{9, "Tết Nguyên đán", false},          // Tuesday, mùng 4
		{10, "Nghỉ bù Tết Nguyên đán", false}, // for the Saturday
		{11, "Nghỉ bù Tết Nguyên đán", false}, // for the Sunday
		{12, "", true},                        // Friday
		{13, "", false},                       // Saturday
	} {
		at := vn(2027, time.February, tc.d, 9, 0)
		name, ok := cal.Holiday(at)
		if name != tc.name || ok != (tc.name != "") {
			t.Errorf("Holiday(%s) = %q, %v; want %q", day(at), name, ok, tc.name)
		}
		if got := cal.WorkingDay(at); got != tc.working {
			t.Errorf("WorkingDay(%s) = %v, want %v", day(at), got, tc.working)
		}
	}
}

// TestCalendarShippedHolidayFile checks the shipped file against the rules it
// was written from, so that an edit that breaks one is noticed.
func TestCalendarShippedHolidayFile(t *testing.T) {
	cal := DefaultCalendar()
	if cal != DefaultCalendar() {
		t.Error("DefaultCalendar returns a new Calendar each time")
	}
	// Mùng 1 Tết (UTC+7) and Giỗ Tổ, 10/3 lunar.
	tet := map[int]time.Time{
		2026: vn(2026, 2, 17, 0, 0), 2027: vn(2027, 2, 6, 0, 0), 2028: vn(2028, 1, 26, 0, 0),
		2029: vn(2029, 2, 13, 0, 0), 2030: vn(2030, 2, 2, 0, 0),
	}
	gioTo := map[int]time.Time{
		2026: vn(2026, 4, 26, 0, 0), 2027: vn(2027, 4, 16, 0, 0), 2028: vn(2028, 4, 4, 0, 0),
		2029: vn(2029, 4, 23, 0, 0), 2030: vn(2030, 4, 12, 0, 0),
	}
	for year := 2026; year <= 2030; year++ {
		if !cal.Covers(year) {
			t.Errorf("Covers(%d) = false", year)
		}
		for i := -1; i <= 3; i++ {
			at := tet[year].AddDate(0, 0, i)
			if name, _ := cal.Holiday(at); name != "Tết Nguyên đán" {
				t.Errorf("Holiday(%s) = %q, want Tết Nguyên đán", day(at), name)
			}
		}
		for _, i := range []int{-2, 4} { // the days around the five
			at := tet[year].AddDate(0, 0, i)
			if name, _ := cal.Holiday(at); name == "Tết Nguyên đán" {
				t.Errorf("Holiday(%s) = %q, want not Tết", day(at), name)
			}
		}
		if name, _ := cal.Holiday(gioTo[year]); name != "Giỗ Tổ Hùng Vương" {
			t.Errorf("Holiday(%s) = %q, want Giỗ Tổ Hùng Vương", day(gioTo[year]), name)
		}
		if name, _ := cal.Holiday(vn(year, 9, 1, 0, 0)); name != "Quốc khánh" {
			t.Errorf("Holiday(%d-09-01) = %q, want Quốc khánh", year, name)
		}
	}
	if cal.Covers(2031) {
		t.Error("Covers(2031) = true; the shipped file stops at 2030")
	}

	// Every holiday falling on a weekend has its compensatory day, and every
	// compensatory day answers one: count them per year.
	for year := 2026; year <= 2030; year++ {
		weekend, comp := 0, 0
		for d := vn(year, 1, 1, 12, 0); d.Year() == year; d = d.AddDate(0, 0, 1) {
			name, ok := cal.Holiday(d)
			if !ok {
				continue
			}
			if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
				weekend++
			}
			if strings.HasPrefix(name, "Nghỉ bù ") {
				comp++
				if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
					t.Errorf("compensatory day %s is on a weekend", day(d))
				}
			}
		}
		if weekend != comp {
			t.Errorf("%d: %d holidays fall on a weekend but %d compensatory days are listed", year, weekend, comp)
		}
	}

	// Vietnamese text is precomposed (NFC), as typed on a Vietnamese keyboard
	// and as the rest of the program writes it.
	text := shippedHolidays
	for _, name := range fixedHolidays {
		text += name
	}
	for _, r := range text {
		if r >= 0x0300 && r <= 0x036F {
			t.Fatalf("combining mark U+%04X in the holiday names: write them precomposed (NFC)", r)
		}
	}
}

func TestCalendarWorkingSaturdayFromFile(t *testing.T) {
	cal := mustLoadCalendar(t, "\uFEFF# swapped days\r\n\r\n"+
		"2026-01-02\tholiday\tNghỉ hoán đổi Tết Dương lịch\r\n"+
		"  2026-01-10    work      Làm bù (thay thứ Sáu 2/1)  \r\n"+
		"2026-01-11 work\n")
	for _, tc := range []struct {
		t       time.Time
		working bool
		holiday string
	}{
		{vn(2026, 1, 1, 9, 0), false, "Tết Dương lịch"},
		{vn(2026, 1, 2, 9, 0), false, "Nghỉ hoán đổi Tết Dương lịch"},
		{vn(2026, 1, 3, 9, 0), false, ""}, // an ordinary Saturday
		{vn(2026, 1, 10, 9, 0), true, ""}, // the working Saturday
		{vn(2026, 1, 11, 9, 0), true, ""}, // a working Sunday, with no name
		{vn(2026, 1, 17, 9, 0), false, ""},
		{vn(2026, 2, 17, 9, 0), true, ""}, // this file replaces the shipped one: no Tết
	} {
		if got := cal.WorkingDay(tc.t); got != tc.working {
			t.Errorf("WorkingDay(%s) = %v, want %v", day(tc.t), got, tc.working)
		}
		if name, _ := cal.Holiday(tc.t); name != tc.holiday {
			t.Errorf("Holiday(%s) = %q, want %q", day(tc.t), name, tc.holiday)
		}
	}
	// The working Saturday counts for the arithmetic too.
	if got, want := cal.NextWorkingDay(vn(2026, 1, 9, 15, 0), 8, 0), vn(2026, 1, 10, 8, 0); !got.Equal(want) {
		t.Errorf("NextWorkingDay(Fri 9/1) = %s, want %s", day(got), day(want))
	}
	if got, want := cal.PrevWorkingDay(vn(2026, 1, 5, 15, 0), 8, 0), vn(2025, 12, 31, 8, 0); !got.Equal(want) {
		t.Errorf("PrevWorkingDay(Mon 5/1) = %s, want %s", day(got), day(want))
	}
	if got, want := cal.Allowed(vn(2026, 1, 9, 22, 0), 21, 0, 7, 0), vn(2026, 1, 10, 7, 0); !got.Equal(want) {
		t.Errorf("Allowed(Fri 9/1 22:00) = %s, want %s", day(got), day(want))
	}
}

func TestCalendarNextPrevAddWorkingDays(t *testing.T) {
	cal := DefaultCalendar()
	for _, tc := range []struct {
		what string
		got  time.Time
		want time.Time
	}{
		{"next across a weekend", cal.NextWorkingDay(vn(2026, 3, 6, 15, 0), 8, 0), vn(2026, 3, 9, 8, 0)},
		{"next from a Saturday", cal.NextWorkingDay(vn(2026, 3, 7, 15, 0), 8, 0), vn(2026, 3, 9, 8, 0)},
		{"next on a weekday", cal.NextWorkingDay(vn(2026, 3, 10, 23, 59), 8, 30), vn(2026, 3, 11, 8, 30)},
		{"next across Tết 2026", cal.NextWorkingDay(vn(2026, 2, 13, 9, 0), 8, 0), vn(2026, 2, 23, 8, 0)},
		{"next across Tết 2027", cal.NextWorkingDay(vn(2027, 2, 4, 9, 0), 8, 0), vn(2027, 2, 12, 8, 0)},
		{"next from within Tết 2027", cal.NextWorkingDay(vn(2027, 2, 6, 9, 0), 8, 0), vn(2027, 2, 12, 8, 0)},
		{"next across 30/4 and 1/5 2026", cal.NextWorkingDay(vn(2026, 4, 29, 9, 0), 8, 0), vn(2026, 5, 4, 8, 0)},
		{"next across Giỗ Tổ 2026 (Sunday, Monday off)", cal.NextWorkingDay(vn(2026, 4, 24, 9, 0), 8, 0), vn(2026, 4, 28, 8, 0)},
		{"prev across a weekend", cal.PrevWorkingDay(vn(2026, 3, 9, 8, 0), 16, 30), vn(2026, 3, 6, 16, 30)},
		{"prev across Tết 2026", cal.PrevWorkingDay(vn(2026, 2, 23, 9, 0), 8, 0), vn(2026, 2, 13, 8, 0)},
		{"prev from a Sunday", cal.PrevWorkingDay(vn(2026, 3, 8, 9, 0), 8, 0), vn(2026, 3, 6, 8, 0)},
		{"prev across 1/1", cal.PrevWorkingDay(vn(2026, 1, 2, 9, 0), 8, 0), vn(2025, 12, 31, 8, 0)},
		{"add 1 to a Friday", cal.AddWorkingDays(vn(2026, 3, 6, 15, 0), 1, 8, 0), vn(2026, 3, 9, 8, 0)},
		{"add 5 to a Monday", cal.AddWorkingDays(vn(2026, 3, 9, 15, 0), 5, 8, 0), vn(2026, 3, 16, 8, 0)},
		{"add 3 across Tết 2026", cal.AddWorkingDays(vn(2026, 2, 12, 15, 0), 3, 8, 0), vn(2026, 2, 24, 8, 0)},
		{"add 0 is the same date", cal.AddWorkingDays(vn(2026, 3, 7, 15, 0), 0, 8, 0), vn(2026, 3, 7, 8, 0)},
		{"add -2 counts back", cal.AddWorkingDays(vn(2026, 3, 9, 15, 0), -2, 8, 0), vn(2026, 3, 5, 8, 0)},
		// Friday 23:30 in Vietnam is Friday 16:30 UTC; Saturday 01:00 in
		// Vietnam is still Friday in UTC: neither is "Friday" by mistake.
		{"add 1 to Friday night given in UTC", cal.AddWorkingDays(vn(2026, 3, 6, 23, 30).UTC(), 1, 8, 0), vn(2026, 3, 9, 8, 0)},
		{"next from Saturday 01:00 given in UTC", cal.NextWorkingDay(vn(2026, 3, 7, 1, 0).UTC(), 8, 0), vn(2026, 3, 9, 8, 0)},
	} {
		if !tc.got.Equal(tc.want) {
			t.Errorf("%s: got %s, want %s", tc.what, day(tc.got), day(tc.want))
		}
	}
}

func TestCalendarAt(t *testing.T) {
	in := time.Date(2026, 3, 6, 18, 30, 0, 0, time.UTC) // Saturday 01:30 in Vietnam
	got := At(in, 8, 15)
	if want := vn(2026, 3, 7, 8, 15); !got.Equal(want) {
		t.Errorf("At = %s, want %s", day(got), day(want))
	}
	if got.Location() != chidao.Zone {
		t.Errorf("At returns a time in %s, want %s", got.Location(), chidao.Zone)
	}
}

func TestCalendarAllowed(t *testing.T) {
	cal := DefaultCalendar()
	for _, tc := range []struct {
		what     string
		in, want time.Time
	}{
		{"22:30 Tuesday", vn(2026, 3, 10, 22, 30), vn(2026, 3, 11, 7, 0)},
		{"06:00 Wednesday", vn(2026, 3, 11, 6, 0), vn(2026, 3, 11, 7, 0)},
		{"10:00 Saturday", vn(2026, 3, 7, 10, 0), vn(2026, 3, 9, 7, 0)},
		{"23:00 Friday", vn(2026, 3, 6, 23, 0), vn(2026, 3, 9, 7, 0)},
		{"10:00 on 30 April", vn(2026, 4, 30, 10, 0), vn(2026, 5, 4, 7, 0)},
		{"23:00 the day before 30 April", vn(2026, 4, 29, 23, 0), vn(2026, 5, 4, 7, 0)},
		{"10:00 Tuesday is allowed", vn(2026, 3, 10, 10, 0), vn(2026, 3, 10, 10, 0)},
		{"07:00 is allowed", vn(2026, 3, 10, 7, 0), vn(2026, 3, 10, 7, 0)},
		{"20:59:59 is allowed", vn(2026, 3, 10, 20, 59).Add(59 * time.Second), vn(2026, 3, 10, 20, 59).Add(59 * time.Second)},
		{"21:00 is quiet", vn(2026, 3, 10, 21, 0), vn(2026, 3, 11, 7, 0)},
		{"06:59:30 is quiet", vn(2026, 3, 11, 6, 59).Add(30 * time.Second), vn(2026, 3, 11, 7, 0)},
		{"00:00 Monday", vn(2026, 3, 9, 0, 0), vn(2026, 3, 9, 7, 0)},
		{"Sunday 23:00", vn(2026, 3, 8, 23, 0), vn(2026, 3, 9, 7, 0)},
		{"Thursday 22:00 before Tết", vn(2026, 2, 12, 22, 0), vn(2026, 2, 13, 7, 0)},
		{"Friday 22:00 before Tết", vn(2026, 2, 13, 22, 0), vn(2026, 2, 23, 7, 0)},
		{"in Tết 2027 and its compensatory days", vn(2027, 2, 8, 10, 0), vn(2027, 2, 12, 7, 0)},
	} {
		got := cal.Allowed(tc.in, 21, 0, 7, 0)
		if !got.Equal(tc.want) {
			t.Errorf("Allowed(%s) [%s]: got %s, want %s", day(tc.in), tc.what, day(got), day(tc.want))
		}
	}
}

func TestCalendarAllowedOtherQuietHours(t *testing.T) {
	cal := DefaultCalendar()
	for _, tc := range []struct {
		what           string
		in             time.Time
		fh, fm, th, tm int
		want           time.Time
	}{
		{"22:15-06:45, 22:20", vn(2026, 3, 10, 22, 20), 22, 15, 6, 45, vn(2026, 3, 11, 6, 45)},
		{"22:15-06:45, 22:10", vn(2026, 3, 10, 22, 10), 22, 15, 6, 45, vn(2026, 3, 10, 22, 10)},
		{"to midnight (21:00-00:00), 22:00 Friday", vn(2026, 3, 6, 22, 0), 21, 0, 0, 0, vn(2026, 3, 9, 0, 0)},
		{"to 24:00 is to midnight", vn(2026, 3, 10, 22, 0), 21, 0, 24, 0, vn(2026, 3, 11, 0, 0)},
		{"lunch 12:00-13:30, 12:15", vn(2026, 3, 10, 12, 15), 12, 0, 13, 30, vn(2026, 3, 10, 13, 30)},
		{"lunch 12:00-13:30, Saturday", vn(2026, 3, 7, 12, 15), 12, 0, 13, 30, vn(2026, 3, 9, 0, 0)},
		{"no quiet hours, Saturday", vn(2026, 3, 7, 12, 15), 7, 0, 7, 0, vn(2026, 3, 9, 0, 0)},
		{"no quiet hours, Tuesday", vn(2026, 3, 10, 3, 0), 7, 0, 7, 0, vn(2026, 3, 10, 3, 0)},
	} {
		got := cal.Allowed(tc.in, tc.fh, tc.fm, tc.th, tc.tm)
		if !got.Equal(tc.want) {
			t.Errorf("%s: got %s, want %s", tc.what, day(got), day(tc.want))
		}
	}
}

// TestCalendarIndependentOfProcessTimeZone gives every input in UTC while the
// process believes it is in New York.
func TestCalendarIndependentOfProcessTimeZone(t *testing.T) {
	t.Setenv("TZ", "America/New_York")
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	// time.Local is read from TZ once per process; set it too, for this
	// sequential test only, so that a stray use of Local would show.
	saved := time.Local
	time.Local = ny
	t.Cleanup(func() { time.Local = saved })

	cal := DefaultCalendar()
	utc := func(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, time.UTC) }
	for _, tc := range []struct {
		what string
		got  time.Time
		want time.Time
	}{
		// Tuesday 22:30 in Vietnam is 15:30 UTC.
		{"Allowed 22:30 Tuesday", cal.Allowed(utc(2026, 3, 10, 15, 30), 21, 0, 7, 0), vn(2026, 3, 11, 7, 0)},
		// Wednesday 06:00 in Vietnam is Tuesday 23:00 UTC.
		{"Allowed 06:00 Wednesday", cal.Allowed(utc(2026, 3, 10, 23, 0), 21, 0, 7, 0), vn(2026, 3, 11, 7, 0)},
		// Friday 23:00 in Vietnam is 16:00 UTC.
		{"Allowed 23:00 Friday", cal.Allowed(utc(2026, 3, 6, 16, 0), 21, 0, 7, 0), vn(2026, 3, 9, 7, 0)},
		// Saturday 10:00 in Vietnam is 03:00 UTC.
		{"Allowed 10:00 Saturday", cal.Allowed(utc(2026, 3, 7, 3, 0), 21, 0, 7, 0), vn(2026, 3, 9, 7, 0)},
		// Monday 01:00 in Vietnam is Sunday 18:00 UTC (and 14:00 in New York).
		{"NextWorkingDay from Monday 01:00", cal.NextWorkingDay(utc(2026, 3, 8, 18, 0), 8, 0), vn(2026, 3, 10, 8, 0)},
		{"AddWorkingDays Friday 20:00", cal.AddWorkingDays(utc(2026, 3, 6, 13, 0), 1, 8, 0), vn(2026, 3, 9, 8, 0)},
		{"At on Saturday 02:00", At(utc(2026, 3, 6, 19, 0), 9, 0), vn(2026, 3, 7, 9, 0)},
	} {
		if !tc.got.Equal(tc.want) {
			t.Errorf("%s: got %s, want %s", tc.what, day(tc.got), day(tc.want))
		}
	}
	// 1 January 00:30 in Vietnam is still 31 December in UTC and New York.
	if name, ok := cal.Holiday(utc(2025, 12, 31, 17, 30)); !ok || name != "Tết Dương lịch" {
		t.Errorf("Holiday(1/1 00:30 Vietnam, given in UTC) = %q, %v", name, ok)
	}
	if !cal.WorkingDay(utc(2026, 3, 8, 18, 0)) {
		t.Error("WorkingDay(Monday 01:00 Vietnam, given in UTC) = false")
	}
}

func TestCalendarLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		what string
		file string
		want []string // substrings of the error
	}{
		{"bad date on line 3", "# header\n\n2026-02-30 holiday Tết\n", []string{"line 3", `"2026-02-30"`, "bad date"}},
		{"date not YYYY-MM-DD", "2026-2-16 holiday Tết\n", []string{"line 1", "bad date"}},
		{"a word for a date", "# x\nTết holiday 2026-02-16\n", []string{"line 2", "bad date"}},
		{"unknown kind", "2026-02-16 holiday Tết\n2026-02-17 holliday Tết\n", []string{"line 2", `unknown kind "holliday"`, "holiday or work"}},
		{"no kind", "2026-02-16\n", []string{"line 1", "no kind"}},
		{"holiday without a name", "2026-02-16   holiday   \n", []string{"line 1", "no name"}},
		{"work on a weekday", "2026-01-05 work Làm bù\n", []string{"line 1", "Monday", "Saturday or a Sunday"}},
		{"work on a fixed holiday", "2028-01-01 work Làm bù\n", []string{"line 1", "public holiday"}},
		{"a date twice", "2026-01-10 work\n# x\n2026-01-10 holiday Nghỉ\n", []string{"line 3", "already listed on line 1"}},
		{"not UTF-8", "2026-02-16 holiday T\xea't\n", []string{"line 1", "UTF-8"}},
	} {
		c, err := LoadCalendar(strings.NewReader(tc.file))
		if err == nil {
			t.Errorf("%s: no error (calendar %v)", tc.what, c)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", tc.what, err, w)
			}
		}
	}
}

func TestCalendarLoadFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "holidays.txt")
	if err := os.WriteFile(good, []byte("2026-03-10 holiday Ngày thử\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cal, err := LoadCalendarFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if name, ok := cal.Holiday(vn(2026, 3, 10, 9, 0)); !ok || name != "Ngày thử" {
		t.Errorf("Holiday = %q, %v", name, ok)
	}

	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("# x\n# y\n2026-13-01 holiday X\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCalendarFile(bad); err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("LoadCalendarFile(bad) error = %v, want the path and line 3", err)
	}

	missing := filepath.Join(dir, "missing.txt")
	if _, err := LoadCalendarFile(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("LoadCalendarFile(missing) error = %v, want the path", err)
	}
}
