package reminders_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"chidao"
	"chidao/handlers"
	"chidao/internal/dbtest"
	"chidao/outbox"
	"chidao/reminders"
	"chidao/storage"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func vn(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, chidao.Zone)
	if err != nil {
		panic(err)
	}
	return t
}

type fixture struct {
	ctx        context.Context
	store      *storage.Store
	clock      *clock
	sweeper    *reminders.Sweeper
	directive  int64
	officer    chidao.Person
	head       chidao.Person
	assignment int64
}

// newFixture: an Office admin, a unit with an officer and a head, and a
// directive created Wednesday 22/04/2026 10:00, due Wednesday 29/04/2026
// 17:00, asking for one report. Between them: a weekend, Giỗ Tổ (Sunday
// 26/04, its day off in lieu on Monday 27/04), and after the deadline
// 30/04 and 01/05 and another weekend.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	t.Parallel()
	ctx := context.Background()
	s := dbtest.Store(t)
	c := &clock{t: vn("2026-04-22 10:00")}
	s.Now = c.now
	sys := chidao.Actor{Label: "test"}
	for _, u := range []chidao.Unit{{Code: "BTGTU", Name: "Ban Tuyên giáo"}, {Code: "DPT", Name: "Đài Phát thanh - Truyền hình", ParentCode: "BTGTU"}} {
		if err := s.AddUnit(ctx, sys, u); err != nil {
			t.Fatal(err)
		}
	}
	reg := func(unit string, role chidao.Role, name, id string) chidao.Person {
		inv, err := s.CreateInvite(ctx, sys, storage.NewInvite{UnitCode: unit, Role: role, FullName: name, TTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.RedeemInvite(ctx, storage.Redemption{Code: inv.Code, Channel: chidao.Telegram, ExternalUserID: id, ChatID: id})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	f := &fixture{ctx: ctx, store: s, clock: c}
	reg("BTGTU", chidao.RoleAdmin, "Phạm Văn Dũng", "1")
	f.officer = reg("DPT", chidao.RoleOfficer, "Lê Văn Cường", "2")
	f.head = reg("DPT", chidao.RoleHead, "Trần Thị Bình", "3")
	id, err := s.CreateDirective(ctx, sys, storage.NewDirective{Number: "1483-CV/BTGTU", Title: "V/v tuyên truyền",
		Due: vn("2026-04-29 17:00"), UnitCodes: []string{"DPT"},
		Tasks: []storage.NewTask{{Text: "Báo cáo kết quả", Requirement: chidao.Requirement{Report: true}}}})
	if err != nil {
		t.Fatal(err)
	}
	f.directive = id
	if err := s.Pool().QueryRow(ctx, `SELECT id FROM assignments WHERE directive_id = $1`, id).Scan(&f.assignment); err != nil {
		t.Fatal(err)
	}
	f.sweeper = &reminders.Sweeper{Store: s, Calendar: reminders.DefaultCalendar(), Policy: reminders.DefaultPolicy(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	return f
}

// run sweeps every 30 minutes from the clock's time until end, calling
// at(t) before each sweep.
func (f *fixture) run(t *testing.T, end time.Time, at func(time.Time)) {
	t.Helper()
	for now := f.clock.now(); !now.After(end); now = now.Add(30 * time.Minute) {
		f.clock.set(now)
		if at != nil {
			at(now)
		}
		if _, err := f.sweeper.Sweep(f.ctx, now); err != nil {
			t.Fatalf("sweep at %s: %v", now, err)
		}
		// Write the messages at once, as the outbox would: digests with
		// nothing to say and reminders of work done are dropped then.
		if _, err := outbox.Expand(f.ctx, f.store, 1000, (&handlers.Handler{Calendar: f.sweeper.Calendar}).Renderer()); err != nil {
			t.Fatalf("render at %s: %v", now, err)
		}
	}
}

// ledger lists the ledger as "kind state dd/mm HH:MM", in slot order.
func (f *fixture) ledger(t *testing.T, assignmentOnly bool) []string {
	t.Helper()
	rows, err := f.store.Pool().Query(f.ctx, `SELECT kind, state, slot FROM reminders
		WHERE ($1 AND assignment_id IS NOT NULL) OR (NOT $1 AND assignment_id IS NULL) ORDER BY slot, kind`, assignmentOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var kind, state string
		var slot time.Time
		if err := rows.Scan(&kind, &state, &slot); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %s %s", kind, state, slot.In(chidao.Zone).Format("Mon 02/01 15:04")))
	}
	return out
}

// recipients counts the reminder messages queued per person.
func (f *fixture) recipients(t *testing.T) map[int64]int {
	t.Helper()
	rows, err := f.store.Pool().Query(f.ctx, `SELECT person_id, count(*) FROM deliveries WHERE kind = 'reminder' GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var p int64
		var n int
		if err := rows.Scan(&p, &n); err != nil {
			t.Fatal(err)
		}
		out[p] = n
	}
	return out
}

func TestTwoWeekLifecycle(t *testing.T) {
	f := newFixture(t)
	f.run(t, vn("2026-05-10 12:00"), func(now time.Time) {
		if now.Equal(vn("2026-04-24 09:00")) {
			if _, err := f.store.Acknowledge(f.ctx, f.officer.ID, f.directive); err != nil {
				t.Fatal(err)
			}
		}
	})
	want := []string{
		"nudge sent Thu 23/04 10:00",    // a day after delivery, not acknowledged
		"before:3 sent Fri 24/04 08:00", // 3 days before is Sunday 26/04: the working day before
		"before:1 sent Tue 28/04 08:00", // Monday 27/04 is Giỗ Tổ's day in lieu; 1 day before is Tuesday
		"due sent Wed 29/04 08:00",
		"overdue:1 sent Mon 04/05 08:00", // 30/04, 01/05 and the weekend are days off
		"escalation:2 sent Tue 05/05 08:00",
		"overdue:2 sent Tue 05/05 08:00",
		"escalation:3 sent Wed 06/05 08:00",
		"overdue:3 sent Wed 06/05 08:00",
		"escalation:4 sent Thu 07/05 08:00",
		"overdue:4 sent Thu 07/05 08:00",
		"escalation:5 sent Fri 08/05 08:00",
		"overdue:5 sent Fri 08/05 08:00",
	}
	if got := f.ledger(t, true); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("reminders:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Digests go out only once some unit is overdue; the weekly summary whenever a directive is open.
	wantDigests := []string{
		"digest skipped Wed 22/04 16:30", "digest skipped Thu 23/04 16:30", "digest skipped Fri 24/04 16:30",
		"weekly sent Tue 28/04 08:00", // Monday 27/04 is a day off
		"digest skipped Tue 28/04 16:30", "digest skipped Wed 29/04 16:30",
		"weekly sent Mon 04/05 08:00",
		"digest sent Mon 04/05 16:30", "digest sent Tue 05/05 16:30", "digest sent Wed 06/05 16:30",
		"digest sent Thu 07/05 16:30", "digest sent Fri 08/05 16:30",
	}
	if got := f.ledger(t, false); strings.Join(got, "\n") != strings.Join(wantDigests, "\n") {
		t.Errorf("digests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantDigests, "\n"))
	}
	got := f.recipients(t)
	if got[f.officer.ID] != 9 || got[f.head.ID] != 4 {
		t.Errorf("reminder messages per person = %v; want the officer 9 (nudge, 3 before/due, 5 overdue), the head 4 escalations", got)
	}
}

// TestConcurrentSweepsAndDowntime: two sweepers at once decide each
// reminder once; chidao down across two slots sends one catch-up.
func TestConcurrentSweepsAndDowntime(t *testing.T) {
	f := newFixture(t)
	f.run(t, vn("2026-04-27 12:00"), nil)
	// Down from Monday noon to Wednesday 09:00: before:1 and due were missed.
	f.clock.set(vn("2026-04-29 09:00"))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := f.sweeper.Sweep(f.ctx, f.clock.now()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	ledger := strings.Join(f.ledger(t, true), "\n")
	for _, want := range []string{"before:1 skipped Tue 28/04 08:00", "due skipped Wed 29/04 08:00", "catchup queued Wed 29/04 08:00"} {
		if !strings.Contains(ledger, want) {
			t.Errorf("ledger lacks %q:\n%s", want, ledger)
		}
	}
	if got := f.recipients(t)[f.officer.ID]; got != 3 {
		t.Errorf("the officer has %d reminders queued; want 3 (nudge, before:3, one catch-up)", got)
	}
}

// TestSnoozeAndPause: slots during a snooze are skipped; a paused
// directive gets nothing, and resuming does not send what fell due.
func TestSnoozeAndPause(t *testing.T) {
	f := newFixture(t)
	f.run(t, vn("2026-04-23 12:00"), nil) // the nudge went out
	if err := f.store.Snooze(f.ctx, f.officer.ID, f.directive, vn("2026-04-28 08:00")); err != nil {
		t.Fatal(err)
	}
	f.run(t, vn("2026-04-28 12:00"), nil)
	if err := f.store.SetRemindersPaused(f.ctx, chidao.Actor{Label: "test"}, f.directive, true); err != nil {
		t.Fatal(err)
	}
	f.run(t, vn("2026-05-04 12:00"), nil)
	if err := f.store.SetRemindersPaused(f.ctx, chidao.Actor{Label: "test"}, f.directive, false); err != nil {
		t.Fatal(err)
	}
	f.run(t, vn("2026-05-05 12:00"), nil)
	want := []string{
		"nudge sent Thu 23/04 10:00",
		"before:3 skipped Fri 24/04 08:00", // snoozed
		"before:1 sent Tue 28/04 08:00",    // the snooze ended at 08:00
		"escalation:2 sent Tue 05/05 08:00",
		"overdue:2 sent Tue 05/05 08:00",
	}
	if got := f.ledger(t, true); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("reminders:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPlanForTheOffice(t *testing.T) {
	f := newFixture(t)
	plan, err := f.sweeper.Plan(f.ctx, f.directive, f.clock.now())
	if err != nil {
		t.Fatal(err)
	}
	if len(plan) != 13 || plan[0].Kind != "nudge" || plan[0].Unit != "DPT" || !plan[0].At.Equal(vn("2026-04-23 10:00")) {
		t.Fatalf("plan = %+v", plan)
	}
	if _, off := plan[0].At.Zone(); off != 7*3600 {
		t.Errorf("plan times are not in Vietnam time: %s", plan[0].At)
	}
}

func TestQuietHours(t *testing.T) {
	p := reminders.DefaultPolicy()
	cal := reminders.DefaultCalendar()
	// Delivered at 22:30 on a Tuesday: the nudge is due 22:30 Wednesday, in quiet hours.
	slots := p.Plan(cal, reminders.Facts{Delivered: vn("2026-03-03 22:30"), Dues: []time.Time{vn("2026-03-20 17:00")}})
	if slots[0].Kind != "nudge" || !slots[0].At.Equal(vn("2026-03-05 07:00")) {
		t.Fatalf("nudge at %s; want Thursday 07:00", slots[0].At)
	}
	// Delivered Friday 20:00: the nudge falls on Saturday, so Monday 07:00.
	slots = p.Plan(cal, reminders.Facts{Delivered: vn("2026-03-06 20:00"), Dues: []time.Time{vn("2026-03-20 17:00")}})
	if !slots[0].At.Equal(vn("2026-03-09 07:00")) {
		t.Fatalf("nudge at %s; want Monday 07:00", slots[0].At)
	}
}

// TestTwoDeadlinesOneDone: a unit that sent the report due in the evening
// is still reminded of the clips due the same morning, and told only what
// it still owes.
func TestTwoDeadlinesOneDone(t *testing.T) {
	f := newFixture(t)
	id, err := f.store.CreateDirective(f.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "1500-CV/BTGTU",
		Title: "V/v hai hạn", Due: vn("2026-04-29 17:00"), UnitCodes: []string{"DPT"},
		Tasks: []storage.NewTask{
			{Text: "Clip", Requirement: chidao.Requirement{MinClips: 3}, Due: vn("2026-04-29 10:00")},
			{Text: "Báo cáo", Requirement: chidao.Requirement{Report: true}},
		}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Submit(f.ctx, storage.Submission{PersonID: f.officer.ID, DirectiveID: id, Kind: "report", Text: "Đã xong"}); err != nil {
		t.Fatal(err)
	}
	f.run(t, vn("2026-04-29 09:00"), nil)
	rows, err := f.store.Pool().Query(f.ctx, `SELECT r.kind, r.state FROM reminders r JOIN assignments a ON a.id = r.assignment_id
		WHERE a.directive_id = $1 ORDER BY r.slot, r.kind`, id)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var k, st string
		if err := rows.Scan(&k, &st); err != nil {
			t.Fatal(err)
		}
		got = append(got, k+" "+st)
	}
	// The report acknowledged the directive, so no nudge; each slot is one
	// reminder about what is still owed (the clips), with their deadline.
	want := "before:3 sent, before:1 sent, due sent"
	if strings.Join(got, ", ") != want {
		t.Errorf("reminders: %s\nwant: %s", strings.Join(got, ", "), want)
	}
	var text string
	if err := f.store.Pool().QueryRow(f.ctx, `SELECT d.payload->'message'->>'text' FROM deliveries d
		WHERE d.kind = 'reminder.part' AND d.directive_id = $1 ORDER BY d.id LIMIT 1`, id).Scan(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Còn thiếu 3 clip được duyệt (đã duyệt 0/3).\nHạn hoàn thành: 10:00 ngày 29/04/2026") {
		t.Errorf("reminder text: %s", text)
	}
}

// TestSweepWithTheSystemClocksTimes: the cron hands the sweep a time from
// the clock (its zone the server's, with a monotonic reading), not one in
// Vietnam's zone: reminders due are recorded all the same.
func TestSweepWithTheSystemClocksTimes(t *testing.T) {
	f := newFixture(t)
	at := vn("2026-04-23 10:05").UTC() // after the nudge's slot, in another zone
	base := time.Now()
	clockish := base.Add(at.Sub(base)) // the same instant with a monotonic reading
	f.clock.set(clockish)
	res, err := f.sweeper.Sweep(f.ctx, clockish)
	if err != nil || res.Reminded != 1 {
		t.Fatalf("sweep at %s (from the clock): %+v, %v; want the nudge", clockish, res, err)
	}
}
