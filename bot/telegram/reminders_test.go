package telegram_test

import (
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/handlers"
	"chidao/outbox"
	"chidao/reminders"
	"chidao/storage"
)

func (w *world) sweeper() *reminders.Sweeper {
	return &reminders.Sweeper{Store: w.store, Calendar: reminders.DefaultCalendar(), Policy: reminders.DefaultPolicy(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

func (w *world) sweep(at time.Time) reminders.Result {
	w.t.Helper()
	res, err := w.sweeper().Sweep(w.ctx, at)
	if err != nil {
		w.t.Fatal(err)
	}
	w.tg.Wake()
	return res
}

// firstReminder is when the directive's first reminder is planned.
func (w *world) firstReminder(directive int64) time.Time {
	w.t.Helper()
	plan, err := w.sweeper().Plan(w.ctx, directive, w.now())
	if err != nil || len(plan) == 0 {
		w.t.Fatalf("plan of directive %d: %v, %v", directive, plan, err)
	}
	return plan[0].At
}

// TestReminderSaysWhatIsOwedAndSnoozes: a reminder reaches the officer
// with what the unit still owes and the deadline, the directive's buttons
// and "Nhắc lại sau"; snoozing answers with the next working day 08:00.
func TestReminderSaysWhatIsOwedAndSnoozes(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	officer := w.person(901, "Vũ Văn Nam", "DPT", chidao.RoleOfficer)
	d := w.directive("90-CV/BTGTU", []storage.NewTask{{Text: "Clip", Requirement: chidao.Requirement{MinClips: 2, Report: true}}}, nil, "DPT")
	w.next(officer, "VĂN BẢN SỐ 90-CV/BTGTU")
	if res := w.sweep(w.firstReminder(d)); res.Reminded != 1 {
		t.Fatalf("sweep at the first planned reminder: %+v; want one reminder", res)
	}
	r := w.next(officer, "văn bản số 90-CV/BTGTU")
	w.quiet(officer)
	if !strings.Contains(r.Text, "Còn thiếu 2 clip được duyệt (đã duyệt 0/2) và báo cáo kết quả.\nHạn hoàn thành: ") {
		t.Errorf("reminder text:\n%s", r.Text)
	}
	labels := strings.Join(buttonData(r), " ")
	for _, want := range []string{"✅ Đã nhận", "🎬 Gửi clip", "📝 Báo cáo", "⏰ Nhắc lại sau"} {
		if !strings.Contains(labels, want) {
			t.Errorf("reminder buttons %s lack %q", labels, want)
		}
	}
	press(w, officer, r, "Nhắc lại sau")
	// Depending on the hour, the sweep may also send a catch-up reminder
	// before the answer: look for the answer among what follows.
	snoozed := w.until(officer, "Trợ lý sẽ nhắc lại lúc")
	if !strings.Contains(snoozed.Text, "08:00") || !strings.Contains(snoozed.Text, "Hạn hoàn thành không thay đổi") {
		t.Errorf("snooze answer: %s", snoozed.Text)
	}
}

// TestReminderDroppedWhenDoneMeanwhile: a reminder queued while the unit
// had not acknowledged is not sent once it has, and the ledger says so.
func TestReminderDroppedWhenDoneMeanwhile(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	officer := w.person(911, "Hà Thị Oanh", "DPT", chidao.RoleOfficer)
	d := w.directive("91-CV/BTGTU", nil, nil, "DPT")
	w.next(officer, "VĂN BẢN SỐ 91-CV/BTGTU")
	var aid int64
	var err error
	if err = w.store.Pool().QueryRow(w.ctx, `SELECT id FROM assignments WHERE directive_id = $1`, d).Scan(&aid); err != nil {
		t.Fatal(err)
	}
	// The unit acknowledges; a nudge decided just before (as a sweep
	// would) is queued after it. Whoever writes it finds nothing owed.
	p, err := w.store.PersonByChat(w.ctx, chidao.Telegram, "911")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.Acknowledge(w.ctx, p.ID, d); err != nil {
		t.Fatal(err)
	}
	_, err = w.store.RecordReminders(w.ctx, []storage.LedgerEntry{{DirectiveID: d, AssignmentID: aid, Kind: "nudge",
		Audience: storage.AudienceUnit, Slot: w.now(), State: "queued"}}, nil, w.now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := outbox.Expand(w.ctx, w.store, 10, (&handlers.Handler{}).Renderer()); err != nil {
		t.Fatal(err)
	}
	var delivery, ledger string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if err := w.store.Pool().QueryRow(w.ctx, `SELECT d.state, r.state FROM deliveries d
			JOIN reminders r ON r.id = (d.payload->>'reminder')::bigint WHERE d.kind = 'reminder'`).Scan(&delivery, &ledger); err != nil {
			t.Fatal(err)
		}
		if delivery != "pending" || time.Now().After(deadline) {
			break
		}
	}
	if delivery != "skipped" || ledger != "skipped" {
		t.Fatalf("delivery %s, ledger %s; want both skipped", delivery, ledger)
	}
	w.quiet(officer)
}

// TestOfficeRemindsNowInChat: /nhacnho reminds every unit not done, once
// an hour; /tamdung and /tieptuc pause and resume.
func TestOfficeRemindsNowInChat(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	admin := w.person(921, "Phạm Văn Dũng", "BTGTU", chidao.RoleAdmin)
	officer := w.person(922, "Bùi Văn Phúc", "DPT", chidao.RoleOfficer)
	w.directive("92-CV/BTGTU", nil, nil, "DPT", "BAOKG")
	w.next(officer, "VĂN BẢN SỐ 92-CV/BTGTU")
	w.fake.SendText(admin, "/nhacnho 92-CV/BTGTU")
	w.next(admin, "đang gửi lời nhắc tới 1 đơn vị chưa hoàn thành. 1 đơn vị chưa có cán bộ đăng ký")
	w.next(officer, "📣 Ban nhắc việc: văn bản số 92-CV/BTGTU")
	w.fake.SendText(admin, "/nhacnho 92-CV/BTGTU")
	w.next(admin, "tối đa một lần mỗi giờ")
	w.fake.SendText(admin, "/nhacnho")
	w.next(admin, "vui lòng ghi số văn bản")
	w.fake.SendText(admin, "/tamdung 92-CV/BTGTU")
	w.next(admin, "Đã tạm dừng nhắc việc")
	w.fake.SendText(admin, "/tieptuc 92-CV/BTGTU")
	w.next(admin, "Đã tiếp tục nhắc việc")
	w.fake.SendText(officer, "/nhacnho 92-CV/BTGTU")
	w.next(officer, "chỉ dành cho cán bộ của Ban")
}
