package reminders

import (
	"fmt"
	"testing"
	"time"

	"chidao"
)

// TestPlanAtEveryHourOfAWeek: a directive delivered at each hour of an
// ordinary week (Monday 02/03/2026 00:35 to Sunday 08/03 23:35, so 02:35 on
// Wednesday and the hour before midnight included), due three days later,
// at the end of that day, or the next morning, gets a plan that never puts
// two reminders to one audience at one instant, nothing in quiet hours or
// on a day off, nothing before delivery, deadline reminders at 08:00 on the
// right side of the deadline, and the nudge a day after delivery at the
// earliest.
func TestPlanAtEveryHourOfAWeek(t *testing.T) {
	cal, p := DefaultCalendar(), DefaultPolicy()
	start := vn(2026, 3, 2, 0, 35)
	for h := range 7 * 24 {
		delivered := start.Add(time.Duration(h) * time.Hour)
		d := delivered.In(chidao.Zone)
		for _, due := range []time.Time{
			delivered.Add(72 * time.Hour),
			time.Date(d.Year(), d.Month(), d.Day()+3, 23, 59, 59, 999999000, chidao.Zone),
			delivered.Add(20 * time.Hour),
		} {
			slots := p.Plan(cal, Facts{Delivered: delivered, Dues: []time.Time{due}})
			if err := checkPlan(cal, p, delivered, due, slots); err != nil {
				t.Errorf("delivered %s, due %s: %v\nplan: %v", day(delivered), day(due), err, slots)
			}
		}
	}
}

func checkPlan(cal *Calendar, p Policy, delivered, due time.Time, slots []Slot) error {
	if len(slots) == 0 {
		return fmt.Errorf("no reminder at all")
	}
	seen := map[string]bool{}
	for i, s := range slots {
		at := s.At.In(chidao.Zone)
		key := fmt.Sprintf("%v %v", at, s.Head())
		switch {
		case i > 0 && at.Before(slots[i-1].At):
			return fmt.Errorf("%s at %s comes after %s", s.Kind, day(at), day(slots[i-1].At))
		case seen[key]:
			return fmt.Errorf("two reminders to one audience at %s", day(at))
		case !at.After(delivered):
			return fmt.Errorf("%s at %s, not after delivery", s.Kind, day(at))
		case !cal.WorkingDay(at):
			return fmt.Errorf("%s at %s, a day off", s.Kind, day(at))
		case at.Hour() < p.QuietTo.H || at.Hour() >= p.QuietFrom.H:
			return fmt.Errorf("%s at %s, in quiet hours", s.Kind, day(at))
		case s.Kind == KindNudge && at.Before(delivered.Add(p.AckAfter)):
			return fmt.Errorf("nudge at %s, less than a day after delivery", day(at))
		case s.Kind != KindNudge && (at.Hour() != p.At.H || at.Minute() != p.At.M):
			return fmt.Errorf("%s at %s, not at %s", s.Kind, day(at), p.At)
		case s.Kind != KindNudge && s.Kind[0] == 'b' && !at.Before(due):
			return fmt.Errorf("%s at %s, not before the deadline", s.Kind, day(at))
		case s.Kind != KindNudge && s.Kind[0] == 'o' && !at.After(due):
			return fmt.Errorf("%s at %s, not after the deadline", s.Kind, day(at))
		}
		seen[key] = true
	}
	return nil
}
