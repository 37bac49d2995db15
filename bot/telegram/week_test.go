package telegram_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"chidao"
)

// TestReminderConversationAtEveryHourOfAWeek: at each hour of an ordinary
// week (Monday 02/03/2026 00:35 to Sunday 08/03 23:35, so 02:35 and the
// hour before midnight included) a directive reaches an officer; at its
// first planned reminder the sweep sends exactly one reminder, and
// "⏰ Nhắc lại sau" answers with 08:00 on the next working day after it.
// One world per day, the clock moved forward hour by hour.
func TestReminderConversationAtEveryHourOfAWeek(t *testing.T) {
	t.Parallel()
	monday := time.Date(2026, 3, 2, 0, 35, 0, 0, chidao.Zone)
	for day := range 7 {
		first := monday.AddDate(0, 0, day)
		t.Run(first.Format("Mon"), func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, setup{rate: -1, chat: -1})
			officer := w.person(int64(1400+day), "Trương Văn Tùng", "DPT", chidao.RoleOfficer)
			for h := range 24 {
				at := first.Add(time.Duration(h) * time.Hour)
				w.clock.set(at)
				number := fmt.Sprintf("%d%02d-CV/BTGTU", day+1, h)
				d := w.directive(number, nil, nil, "DPT")
				w.next(officer, "VĂN BẢN SỐ "+number)
				remind := w.firstReminder(d)
				w.clock.set(remind)
				w.sweep(remind)
				r := w.next(officer, "văn bản số "+number)
				w.quiet(officer) // one reminder, not two
				press(w, officer, r, "Nhắc lại sau")
				want := "lúc 08:00 ngày " + chidao.FormatDate(nextWeekday(remind))
				if got := w.next(officer, "Trợ lý sẽ nhắc lại"); !strings.Contains(got.Text, want) {
					t.Fatalf("delivered %s, reminded %s, snoozed: %q; want %q", at.Format("Mon 15:04"), remind.Format("Mon 15:04"), got.Text, want)
				}
				if err := w.store.CloseDirective(w.ctx, chidao.System, d); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// nextWeekday is the date after t's that is Monday to Friday (the week
// tested has no public holiday).
func nextWeekday(t time.Time) time.Time {
	d := t.In(chidao.Zone).AddDate(0, 0, 1)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}
