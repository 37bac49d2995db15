package reminders_test

import (
	"strings"
	"testing"
	"time"

	"chidao/reminders"
)

// TestOverride: what an Office may change of the reminder policy for one
// directive, and the clear refusal of what it may not.
func TestOverride(t *testing.T) {
	base := reminders.DefaultPolicy()
	p, err := base.Override([]byte(`{"ack_after_hours": 0, "before_days": [5, 2], "overdue_days": 3, "escalate_from": 2,
		"reach_after_days": 7, "at": "07:30", "horizon_hours": 6}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.AckAfter != 0 || len(p.BeforeDays) != 2 || p.OverdueDays != 3 || p.EscalateFrom != 2 || p.ReachAfterDays != 7 ||
		p.At.H != 7 || p.At.M != 30 || p.Horizon != 6*time.Hour {
		t.Errorf("override not applied: %+v", p)
	}
	for raw, want := range map[string]string{
		`{"ack_after_hours": 721}`:    "ack_after_hours 721 is not 0-720 (0: no nudge)",
		`{"overdue_days": -1}`:        "overdue_days -1 is not 0-30",
		`{"escalate_from": 31}`:       "escalate_from 31 is not 0-30 (0: never)",
		`{"reach_reminder_days": 61}`: "reach_reminder_days 61 is not 0-60 (0: never)",
		`{"before_days": [0]}`:        "before_days 0 is not 1-60",
		`{"horizon_hours": 0}`:        "horizon_hours 0 is less than 1",
		`{"at": "23:30"}`:             "falls in the quiet hours",
		`{"colour": "red"}`:           "unknown field",
	} {
		_, err := base.Override([]byte(raw))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error saying %q", raw, err, want)
		}
	}
}
