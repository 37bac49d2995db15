package reminders_test

import (
	"testing"
	"time"

	"chidao"
	"chidao/reminders"
	"chidao/storage"
)

func TestKindAudience(t *testing.T) {
	for kind, want := range map[reminders.Kind]storage.Audience{
		"nudge": storage.AudienceUnit, "before:3": storage.AudienceUnit, "due": storage.AudienceUnit,
		"overdue:1": storage.AudienceUnit, "catchup": storage.AudienceUnit, "manual": storage.AudienceUnit,
		"snooze": storage.AudienceUnit, "escalation:2": storage.AudienceHeads, "escalation:catchup": storage.AudienceHeads,
		"digest": storage.AudienceOffice, "weekly": storage.AudienceOffice,
	} {
		if got := kind.Audience(); got != want {
			t.Errorf("%s goes to %s, want %s", kind, got, want)
		}
	}
}

// TestStillOwed is the rule a reminder meets when it is written, on a fixed
// instant: what makes it fall silent, and what it goes through.
func TestStillOwed(t *testing.T) {
	now := time.Date(2026, 3, 10, 8, 0, 0, 0, chidao.Zone)
	open := reminders.Owing{Active: true}
	snoozed := reminders.Owing{Active: true, SnoozedUntil: now.Add(time.Hour)}
	snoozeOver := reminders.Owing{Active: true, SnoozedUntil: now}
	for _, c := range []struct {
		kind reminders.Kind
		o    reminders.Owing
		owed bool
		why  string
	}{
		{"due", open, true, ""},
		{"due", reminders.Owing{}, false, "directive closed"},
		{"manual", reminders.Owing{}, false, "directive closed"},
		{"overdue:1", reminders.Owing{Active: true, Paused: true}, false, "reminders paused"},
		{"manual", reminders.Owing{Active: true, Paused: true}, true, ""},
		{"escalation:2", reminders.Owing{Active: true, Done: true}, false, "unit done"},
		{"nudge", reminders.Owing{Active: true, Acknowledged: true}, false, "acknowledged"},
		{"due", reminders.Owing{Active: true, Acknowledged: true}, true, ""},
		{"before:3", reminders.Owing{Active: true, DeadlineDone: true}, false, "tasks of that deadline done"},
		{"overdue:2", snoozed, false, "snoozed"},
		{"overdue:2", snoozeOver, true, ""},
		{"escalation:3", snoozed, true, ""},
		{"manual", snoozed, true, ""},
	} {
		owed, why := c.kind.StillOwed(c.o, now)
		if owed != c.owed || why != c.why {
			t.Errorf("%s %+v: got (%v, %q), want (%v, %q)", c.kind, c.o, owed, why, c.owed, c.why)
		}
	}
}
