package chidao

import (
	"testing"
	"time"
)

// vn builds an instant from a Vietnamese wall-clock time.
func vn(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, Zone)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseDeadlineIsVietnamTimeWhateverTheServerZone(t *testing.T) {
	t.Setenv("TZ", "UTC")
	cases := []struct {
		in   string
		want string // RFC 3339 in UTC
	}{
		// A date alone is the end of that day in Vietnam: 16:59:59 UTC.
		{"2024-04-15", "2024-04-15T16:59:59.999999Z"},
		{"15/04/2024", "2024-04-15T16:59:59.999999Z"},
		// 00:30 in Vietnam is still the previous day in UTC.
		{"2024-04-15T00:30", "2024-04-14T17:30:00Z"},
		{"2024-04-15 17:00", "2024-04-15T10:00:00Z"},
		{"15/04/2024 07:00", "2024-04-15T00:00:00Z"},
		// Phones type days and months without the leading zero.
		{"5/4/2024", "2024-04-05T16:59:59.999999Z"},
		{"5/4/2024 7:30", "2024-04-05T00:30:00Z"},
	}
	for _, c := range cases {
		got, err := ParseDeadline(c.in)
		if err != nil {
			t.Fatalf("ParseDeadline(%q): %v", c.in, err)
		}
		if s := got.UTC().Format(time.RFC3339Nano); s != c.want {
			t.Errorf("ParseDeadline(%q) = %s, want %s", c.in, s, c.want)
		}
	}
	for _, bad := range []string{"", "2024-13-01", "tomorrow", "2024-04-15T25:00", "31/02/2024"} {
		if _, err := ParseDeadline(bad); err == nil {
			t.Errorf("ParseDeadline(%q) accepted", bad)
		}
	}
}

func TestFormatsAreVietnamese(t *testing.T) {
	at := time.Date(2024, 4, 14, 17, 5, 0, 0, time.UTC) // 00:05 on 15/04 in Vietnam
	if got := FormatDate(at); got != "15/04/2024" {
		t.Errorf("FormatDate = %s", got)
	}
	if got := FormatDateTime(at); got != "15/04/2024 00:05" {
		t.Errorf("FormatDateTime = %s", got)
	}
	if got := FormatRFC3339(at); got != "2024-04-15T00:05:00+07:00" {
		t.Errorf("FormatRFC3339 = %s", got)
	}
}

func TestTaskStatus(t *testing.T) {
	due := vn("2024-04-15 23:59:59").Add(999999 * time.Microsecond)
	ack := vn("2024-04-10 09:00:00")
	cases := []struct {
		name string
		p    TaskProgress
		now  time.Time
		want Status
	}{
		{"nothing yet, before deadline", TaskProgress{Due: due}, vn("2024-04-12 10:00:00"), StatusNotAcknowledged},
		{"nothing yet, deadline passed", TaskProgress{Due: due}, vn("2024-04-16 00:00:00"), StatusOverdue},
		{"acknowledged, in time", TaskProgress{Due: due, Acknowledged: ack, Requirement: Requirement{Report: true}}, vn("2024-04-15 23:59:00"), StatusInProgress},
		{"acknowledged, one minute past midnight", TaskProgress{Due: due, Acknowledged: ack, Requirement: Requirement{Report: true}}, vn("2024-04-16 00:01:00"), StatusOverdue},
		{"report at 23:59 counts on time", TaskProgress{Due: due, Acknowledged: ack, Requirement: Requirement{Report: true}, FirstReport: vn("2024-04-15 23:59:30")}, vn("2024-04-20 00:00:00"), StatusDoneOnTime},
		{"report at 00:00 next day is late", TaskProgress{Due: due, Acknowledged: ack, Requirement: Requirement{Report: true}, FirstReport: vn("2024-04-16 00:00:00")}, vn("2024-04-20 00:00:00"), StatusDoneLate},
		{"too few approved clips", TaskProgress{Due: due, Acknowledged: ack, Requirement: Requirement{MinClips: 3}, ApprovedClips: []time.Time{ack, ack}}, vn("2024-04-12 00:00:00"), StatusInProgress},
		{"third approval after deadline makes it late", TaskProgress{Due: due, Acknowledged: ack, Requirement: Requirement{MinClips: 3},
			ApprovedClips: []time.Time{vn("2024-04-16 08:00:00"), ack, ack}}, vn("2024-04-17 00:00:00"), StatusDoneLate},
		{"extra clips after the minimum do not make it late", TaskProgress{Due: due, Acknowledged: ack, Requirement: Requirement{MinClips: 2},
			ApprovedClips: []time.Time{vn("2024-04-18 08:00:00"), ack, vn("2024-04-11 08:00:00")}}, vn("2024-04-19 00:00:00"), StatusDoneOnTime},
		{"clips and report: both needed", TaskProgress{Due: due, Acknowledged: ack, Requirement: Requirement{MinClips: 1, Report: true},
			ApprovedClips: []time.Time{ack}}, vn("2024-04-12 00:00:00"), StatusInProgress},
		{"clips and report: the later one decides", TaskProgress{Due: due, Acknowledged: ack, Requirement: Requirement{MinClips: 1, Report: true},
			ApprovedClips: []time.Time{vn("2024-04-16 01:00:00")}, FirstReport: ack}, vn("2024-04-17 00:00:00"), StatusDoneLate},
		{"nothing asked: acknowledging completes", TaskProgress{Due: due, Acknowledged: ack}, vn("2024-04-12 00:00:00"), StatusDoneOnTime},
		{"nothing asked: acknowledged late", TaskProgress{Due: due, Acknowledged: vn("2024-04-16 07:00:00")}, vn("2024-04-17 00:00:00"), StatusDoneLate},
		{"completion exactly at the deadline is on time", TaskProgress{Due: due, Acknowledged: ack, Requirement: Requirement{Report: true}, FirstReport: due}, due.Add(time.Hour), StatusDoneOnTime},
	}
	for _, c := range cases {
		if got := c.p.Status(c.now); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestUnitStatus(t *testing.T) {
	due1 := vn("2024-04-10 17:00:00")
	due2 := vn("2024-04-20 17:00:00")
	ack := vn("2024-04-05 08:00:00")
	report := func(at time.Time) TaskProgress {
		return TaskProgress{Due: due2, Acknowledged: ack, Requirement: Requirement{Report: true}, FirstReport: at}
	}
	clips := func(approved ...time.Time) TaskProgress {
		return TaskProgress{Due: due1, Acknowledged: ack, Requirement: Requirement{MinClips: 2}, ApprovedClips: approved}
	}
	cases := []struct {
		name     string
		tasks    []TaskProgress
		ack      time.Time
		now      time.Time
		want     Status
		wantDone time.Time
	}{
		{"not acknowledged", []TaskProgress{{Due: due1, Requirement: Requirement{MinClips: 2}}}, time.Time{}, vn("2024-04-06 00:00:00"), StatusNotAcknowledged, time.Time{}},
		{"first task overdue while the second is still in time", []TaskProgress{clips(ack), report(time.Time{})}, ack, vn("2024-04-11 00:00:00"), StatusOverdue, time.Time{}},
		{"in progress", []TaskProgress{clips(ack), report(time.Time{})}, ack, vn("2024-04-08 00:00:00"), StatusInProgress, time.Time{}},
		{"all done on time", []TaskProgress{clips(ack, vn("2024-04-09 10:00:00")), report(vn("2024-04-19 10:00:00"))}, ack, vn("2024-04-30 00:00:00"),
			StatusDoneOnTime, vn("2024-04-19 10:00:00")},
		{"one task late makes the unit late even if the last piece was in time", []TaskProgress{clips(ack, vn("2024-04-11 10:00:00")), report(vn("2024-04-19 10:00:00"))}, ack, vn("2024-04-30 00:00:00"),
			StatusDoneLate, vn("2024-04-19 10:00:00")},
		{"no tasks: acknowledgement completes", nil, ack, vn("2024-04-30 00:00:00"), StatusDoneOnTime, ack},
		{"no tasks, never acknowledged, past due", nil, time.Time{}, vn("2024-04-30 00:00:00"), StatusOverdue, time.Time{}},
	}
	for _, c := range cases {
		got, done := UnitStatus(c.tasks, c.ack, due2, c.now)
		if got != c.want || !done.Equal(c.wantDone) {
			t.Errorf("%s: got %q done %v, want %q done %v", c.name, got, done, c.want, c.wantDone)
		}
	}
}

func TestDaysLate(t *testing.T) {
	due := vn("2024-04-15 17:00:00")
	for _, c := range []struct {
		at   time.Time
		want int
	}{
		{vn("2024-04-15 16:00:00"), 0},
		{vn("2024-04-15 18:00:00"), 1}, // same day, but after the hour
		{vn("2024-04-16 00:30:00"), 1},
		{vn("2024-04-18 09:00:00"), 3},
	} {
		if got := DaysLate(due, c.at); got != c.want {
			t.Errorf("DaysLate(%v) = %d, want %d", c.at, got, c.want)
		}
	}
}
