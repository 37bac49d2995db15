package cli_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/internal/testclock"
	"chidao/reminders"
)

// TestRemindersFromTheCommandLine: the plan of a directive in JSON with
// Vietnam times, a reminder now at most once an hour, pause and resume.
func TestRemindersFromTheCommandLine(t *testing.T) {
	o := newOffice(t)
	o.must("unit", "import", example+"units.csv")
	due := plainWednesday(testclock.Now().AddDate(0, 0, 14)).Format("2006-01-02")
	id := strings.SplitN(o.must("directive", "create", "--file", example+"1483-CV-BTGTU.json", "--due", due), "\n", 2)[0]

	var plan []struct{ Unit, Kind, At string }
	mustJSON(t, o.must("reminders", "plan", id, "--json"), &plan)
	// Per unit: a nudge, 3 and 1 days before, the day, 5 overdue days and 4 escalations.
	if len(plan) != 20*13 {
		t.Fatalf("planned %d reminders; want 260", len(plan))
	}
	for i, p := range plan {
		at, err := time.Parse(time.RFC3339, p.At)
		if err != nil || !strings.HasSuffix(p.At, "+07:00") || p.Unit == "" || p.Kind == "" {
			t.Fatalf("plan[%d] = %+v (%v)", i, p, err)
		}
		if i > 0 {
			prev, _ := time.Parse(time.RFC3339, plan[i-1].At)
			if at.Before(prev) {
				t.Fatalf("plan not in time order at %d: %s after %s", i, p.At, plan[i-1].At)
			}
		}
	}
	if out := o.must("reminders", "plan", id); !strings.Contains(out, "AT") || !strings.Contains(out, "nudge") {
		t.Errorf("plan table:\n%s", out)
	}

	if out := o.must("remind", id); !strings.Contains(out, "reminder queued for 0 of the 20 unit(s) not done of directive 1 (20 have nobody registered)") {
		t.Errorf("remind: %s", out)
	}
	if _, err := o.run("remind", id); err == nil || !strings.Contains(err.Error(), "at most once an hour") {
		t.Errorf("second remind within the hour: %v", err)
	}
	if n := o.count(`SELECT count(*) FROM reminders WHERE kind = 'manual'`); n != 20 {
		t.Errorf("%d manual reminders in the ledger; want 20", n)
	}

	o.must("directive", "pause", id)
	if out := o.must("reminders", "plan", id); !strings.Contains(out, "No reminders to come") {
		t.Errorf("plan while paused:\n%s", out)
	}
	if out := o.must("directive", "resume", id); !strings.Contains(out, "resumed") {
		t.Errorf("resume: %s", out)
	}
	if n := o.count(`SELECT count(*) FROM audit_log WHERE action = 'directive.reminders'`); n != 2 {
		t.Errorf("%d pause/resume audit rows; want 2", n)
	}
	if _, err := o.run("reminders", "plan", "999"); err == nil {
		t.Error("plan of an unknown directive succeeded")
	}
	if _, err := o.run("reminders", "list"); err == nil {
		t.Error("reminders list succeeded")
	}
}

// plainWednesday is the first Wednesday from t whose fortnight around it
// has no public holiday, so that each of a deadline's reminders has a day
// of its own, whatever the day the test runs.
func plainWednesday(t time.Time) time.Time {
	cal := reminders.DefaultCalendar()
	d := t.In(chidao.Zone)
	for d.Weekday() != time.Wednesday {
		d = d.AddDate(0, 0, 1)
	}
	for ; ; d = d.AddDate(0, 0, 7) {
		plain := true
		for k := -7; k <= 10; k++ {
			if day := d.AddDate(0, 0, k); day.Weekday() != time.Saturday && day.Weekday() != time.Sunday && !cal.WorkingDay(day) {
				plain = false
			}
		}
		if plain {
			return d
		}
	}
}

// TestDirectiveReminderPolicy: a directive file may change its reminders;
// a bad policy is refused with nothing written.
func TestDirectiveReminderPolicy(t *testing.T) {
	o := newOffice(t)
	o.must("unit", "import", example+"units.csv")
	dir := t.TempDir()
	write := func(name, policy string) string {
		path := dir + "/" + name
		body := `{"number": "` + name + `", "title": "V/v thử", "due": "` +
			plainWednesday(testclock.Now().AddDate(0, 0, 20)).Format("2006-01-02") + `", "units": ["BKG"], "reminder_policy": ` + policy + `}`
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	id := strings.SplitN(o.must("directive", "create", "--file", write("a.json", `{"before_days": [5], "overdue_days": 1, "escalate_from": 0}`)), "\n", 2)[0]
	var plan []struct{ Unit, Kind, At string }
	mustJSON(t, o.must("reminders", "plan", id, "--json"), &plan)
	var kinds []string
	for _, p := range plan {
		kinds = append(kinds, p.Kind)
	}
	if strings.Join(kinds, " ") != "nudge before:5 due overdue:1" {
		t.Errorf("planned kinds: %v", kinds)
	}
	if _, err := o.run("directive", "create", "--file", write("b.json", `{"before_days": [0]}`)); err == nil || !strings.Contains(err.Error(), "before_days") {
		t.Errorf("bad policy: %v", err)
	}
	if _, err := o.run("directive", "create", "--file", write("c.json", `{"remind": true}`)); err == nil || !strings.Contains(err.Error(), "remind") {
		t.Errorf("unknown policy field: %v", err)
	}
	if n := o.count(`SELECT count(*) FROM directives`); n != 1 {
		t.Errorf("%d directives; the refused ones must not be written", n)
	}
}

func TestZaloTokenSet(t *testing.T) {
	o := newOffice(t)
	if out := o.must("zalo", "token", "set", "refresh-token-from-consent"); !strings.Contains(out, "stored") {
		t.Errorf("zalo token set: %s", out)
	}
	if n := o.count(`SELECT count(*) FROM zalo_tokens WHERE refresh_token = 'refresh-token-from-consent'`); n != 1 {
		t.Errorf("token rows = %d", n)
	}
	if _, err := o.run("zalo", "token", "set", "short"); err == nil {
		t.Error("a too short token was accepted")
	}
	if _, err := o.run("zalo", "token", "get"); err == nil {
		t.Error("zalo token get succeeded")
	}
}
