package telegram_test

import (
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/storage"
)

var office = chidao.Actor{Label: "cli:test"}

// TestCorrectionEditsTheLetterInPlace: a correction edits the officer's
// copy of the letter (its buttons kept) and sends a short notice; once
// the copy is older than 48 hours, the next correction is a notice
// quoting what changed. A recall edits the copy to say so.
func TestCorrectionEditsTheLetterInPlace(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	officer := w.person(1601, "Nguyễn Văn An", "BAOKG", chidao.RoleOfficer)
	d := w.directive("1601-CV/BTGTU", []storage.NewTask{{Text: "Đăng clip", Requirement: chidao.Requirement{MinClips: 1}}}, nil, "BAOKG")
	letter := w.next(officer, "VĂN BẢN SỐ 1601-CV/BTGTU")
	title := "V/v tuyên truyền kỷ niệm 96 năm Ngày thành lập Đảng"
	if _, err := w.store.EditDirective(w.ctx, office, d, storage.Edit{Title: &title, Note: "sửa số năm trong trích yếu"}); err != nil {
		t.Fatal(err)
	}
	w.tg.Wake()
	edit := w.next(officer, "ĐÃ ĐÍNH CHÍNH")
	if edit.Method != "editMessageText" || edit.MessageID != letter.MessageID || !strings.Contains(edit.Text, title) {
		t.Fatalf("the edit: %v", edit)
	}
	if got := strings.Join(buttonData(edit), " "); !strings.Contains(got, "Xin gia hạn") || !strings.Contains(got, "Đã nhận") {
		t.Fatalf("buttons after the edit: %s", got)
	}
	w.next(officer, "Văn bản số 1601-CV/BTGTU đã được đính chính: sửa số năm trong trích yếu")
	if m, _ := w.fake.Message(officer.ID, letter.MessageID); !strings.Contains(m.Text, title) {
		t.Fatalf("the letter in the chat now: %q", m.Text)
	}

	// Two days later the copy cannot be edited: a notice quoting the change.
	w.fake.Backdate(officer.ID, 49*time.Hour)
	w.store.Pool().Exec(w.ctx, `UPDATE deliveries SET sent_at = sent_at - interval '49 hours' WHERE directive_id = $1`, d)
	task := "Đăng ít nhất một clip trên trang của đơn vị"
	if _, err := w.store.EditDirective(w.ctx, office, d, storage.Edit{Tasks: map[int]string{1: task}, Note: "nêu rõ nhiệm vụ 1"}); err != nil {
		t.Fatal(err)
	}
	w.tg.Wake()
	notice := w.next(officer, "ĐÍNH CHÍNH VĂN BẢN SỐ 1601-CV/BTGTU")
	if notice.Method != "sendMessage" || !strings.Contains(notice.Text, "Nhiệm vụ 1: «Đăng clip» nay sửa thành «"+task+"»") {
		t.Fatalf("the correction notice: %v\n%s", notice, notice.Text)
	}

	// A recall: the copy is not editable any more either; the notice says it.
	if _, err := w.store.RecallDirective(w.ctx, office, d, "Gửi nhầm đơn vị"); err != nil {
		t.Fatal(err)
	}
	w.tg.Wake()
	w.next(officer, "THU HỒI VĂN BẢN")
	w.quiet(officer)
	w.fake.SendText(officer, "/viec")
	if m := w.nextAny(officer); strings.Contains(m.Text, "1601-CV/BTGTU") {
		t.Fatalf("/viec still lists the recalled directive: %s", m.Text)
	}
}

// TestRecallEditsRecentCopies: copies younger than 48 hours are edited to
// show the recall, and the notice follows.
func TestRecallEditsRecentCopies(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	officer := w.person(1611, "Trần Thị Bích", "DPT", chidao.RoleOfficer)
	d := w.directive("1611-CV/BTGTU", nil, nil, "DPT")
	letter := w.next(officer, "VĂN BẢN SỐ 1611-CV/BTGTU")
	if _, err := w.store.RecallDirective(w.ctx, office, d, "Văn bản ban hành chưa đúng thẩm quyền"); err != nil {
		t.Fatal(err)
	}
	w.tg.Wake()
	edit := w.next(officer, "ĐÃ ĐƯỢC THU HỒI")
	if edit.Method != "editMessageText" || edit.MessageID != letter.MessageID || len(edit.Buttons) != 0 {
		t.Fatalf("the recall edit: %v", edit)
	}
	w.next(officer, "Lý do: Văn bản ban hành chưa đúng thẩm quyền")
	if r, _ := w.store.DirectiveStatus(w.ctx, d); r.Directive.State != "recalled" {
		t.Fatalf("state after recall: %s", r.Directive.State)
	}
}

// TestExtensionAskedInChat: the officer presses "Xin gia hạn", gives the
// date and the reason; the Office admin approves until another date; the
// officer and the head are told and the unit's deadline follows. A clip
// sent by mistake is taken back with "Rút lại" before review.
func TestExtensionAskedInChat(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	admin := w.person(1621, "Phạm Văn Dũng", "BTGTU", chidao.RoleAdmin)
	officer := w.person(1622, "Lê Văn Cường", "BAOKG", chidao.RoleOfficer)
	head := w.person(1623, "Hồ Thị Lan", "BAOKG", chidao.RoleHead)
	d := w.directive("1621-CV/BTGTU", []storage.NewTask{{Text: "Đăng clip", Requirement: chidao.Requirement{MinClips: 1}}}, nil, "BAOKG")
	letter := w.next(officer, "VĂN BẢN SỐ 1621-CV/BTGTU")
	w.next(head, "VĂN BẢN SỐ 1621-CV/BTGTU")

	press(w, officer, letter, "Xin gia hạn")
	w.next(officer, "Đồng chí đề nghị gia hạn đến ngày nào?")
	asked := w.now().AddDate(0, 0, 10)
	w.fake.SendText(officer, chidao.FormatDate(asked))
	w.next(officer, "lý do xin gia hạn")
	w.fake.SendText(officer, "máy quay của đơn vị bị hỏng")
	w.next(officer, "Đã gửi đề nghị gia hạn văn bản số 1621-CV/BTGTU đến ngày "+chidao.FormatDate(asked))
	request := w.next(admin, "ĐỀ NGHỊ GIA HẠN")
	for _, want := range []string{"Đơn vị: Báo Kiên Giang", "Lý do: máy quay của đơn vị bị hỏng", "Người đề nghị: Lê Văn Cường"} {
		if !strings.Contains(request.Text, want) {
			t.Errorf("the request lacks %q:\n%s", want, request.Text)
		}
	}
	press(w, admin, request, "Đồng ý đến ngày khác")
	w.next(admin, "gửi thời hạn mới cho đơn vị")
	granted := w.now().AddDate(0, 0, 7)
	w.fake.SendText(admin, chidao.FormatDate(granted))
	w.next(admin, "Đã đồng ý gia hạn cho Báo Kiên Giang đến ngày "+chidao.FormatDate(granted))
	told := w.next(officer, "Đề nghị gia hạn văn bản số 1621-CV/BTGTU của Báo Kiên Giang đã được đồng ý")
	if !strings.Contains(told.Text, "thời hạn hoàn thành mới là ngày "+chidao.FormatDate(granted)) {
		t.Fatalf("the officer is told: %s", told.Text)
	}
	w.next(head, "của Báo Kiên Giang đã được đồng ý")
	u := w.unitReport(d, "BAOKG")
	if !u.Due.Equal(chidao.EndOfDay(granted)) || len(u.Extensions) != 1 || u.Extensions[0].State != "approved" {
		t.Fatalf("unit after the extension: due %v, extensions %+v", u.Due, u.Extensions)
	}
	plan, err := w.sweeper().Plan(w.ctx, d, w.now())
	if err != nil {
		t.Fatal(err)
	}
	dueDays := 0
	for _, p := range plan {
		if p.Kind == "due" {
			dueDays++
			if chidao.FormatDate(p.At) != chidao.FormatDate(granted) && !p.At.Before(chidao.EndOfDay(granted)) {
				t.Fatalf("the deadline-day reminder is on %s, after the extended day %s", chidao.FormatDate(p.At), chidao.FormatDate(granted))
			}
		}
	}
	if dueDays != 1 {
		t.Fatalf("reminder plan has %d deadline-day reminders: %v", dueDays, plan)
	}

	// A wrong link, taken back before the head reviews it.
	w.fake.SendText(officer, "https://youtu.be/wrong-clip")
	w.until(head, "youtu.be/wrong-clip")
	confirm := w.until(officer, "Đã nhận")
	press(w, officer, confirm, "Rút lại")
	w.until(officer, "Đã rút lại clip")
	u = w.unitReport(d, "BAOKG")
	if len(u.Clips) != 1 || u.Clips[0].WithdrawnAt.IsZero() || u.ClipsPending != 0 {
		t.Fatalf("clips after the withdrawal: %+v", u.Clips)
	}
}

// TestMovedDeadlineReminders: a deadline moved earlier gets the
// reminders of the new date (the officer is reminded of it, not the old
// one); moved later, nothing is overdue before the new date.
func TestMovedDeadlineReminders(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	officer := w.person(1631, "Đỗ Văn Hùng", "DPT", chidao.RoleOfficer)
	d, err := w.store.CreateDirective(w.ctx, office, storage.NewDirective{Number: "1631-CV/BTGTU", Title: "V/v thử nhắc việc",
		Due: chidao.EndOfDay(w.now().AddDate(0, 0, 20)), UnitCodes: []string{"DPT"},
		Tasks: []storage.NewTask{{Text: "Báo cáo kết quả", Requirement: chidao.Requirement{Report: true}}}})
	if err != nil {
		t.Fatal(err)
	}
	w.tg.Wake()
	w.next(officer, "VĂN BẢN SỐ 1631-CV/BTGTU")
	w.fake.SendText(officer, "Đã nhận")
	w.next(officer, "Đã ghi nhận")

	earlier := chidao.EndOfDay(w.now().AddDate(0, 0, 4))
	if _, err := w.store.MoveDue(w.ctx, office, d, earlier, "", "lịch của tỉnh thay đổi"); err != nil {
		t.Fatal(err)
	}
	w.tg.Wake()
	w.next(officer, "được điều chỉnh từ ngày "+chidao.FormatDate(w.now().AddDate(0, 0, 20))+" thành ngày "+chidao.FormatDate(earlier))
	plan, err := w.sweeper().Plan(w.ctx, d, w.now())
	if err != nil || len(plan) == 0 {
		t.Fatalf("plan after moving earlier: %v, %v", plan, err)
	}
	for _, p := range plan {
		if p.Kind == "due" && p.At.After(earlier) {
			t.Fatalf("a deadline-day reminder after the new deadline: %v", plan)
		}
	}
	if res := w.sweep(plan[0].At); res.Reminded != 1 {
		t.Fatalf("sweep at %v: %+v", plan[0].At, res)
	}
	r := w.until(officer, "1631-CV/BTGTU")
	if !strings.Contains(r.Text, chidao.FormatDate(earlier)) {
		t.Fatalf("the reminder is not about the new deadline %s:\n%s", chidao.FormatDate(earlier), r.Text)
	}

	later := chidao.EndOfDay(w.now().AddDate(0, 0, 30))
	if _, err := w.store.MoveDue(w.ctx, office, d, later, "", "kéo dài đợt tuyên truyền"); err != nil {
		t.Fatal(err)
	}
	plan, err = w.sweeper().Plan(w.ctx, d, w.now())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range plan {
		if strings.HasPrefix(string(p.Kind), "overdue") && !p.At.After(later) {
			t.Fatalf("an overdue reminder before the new deadline %v: %v", later, plan)
		}
	}
	if res := w.sweep(earlier.Add(time.Hour)); res.Reminded != 0 {
		t.Fatalf("after the old deadline, nothing is overdue: %+v", res)
	}
}

// TestOfficeChangesADirectiveInChat: an admin moves the deadline and
// recalls the directive with chat commands; the officer is told each time.
func TestOfficeChangesADirectiveInChat(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	admin := w.person(1641, "Phạm Văn Dũng", "BTGTU", chidao.RoleAdmin)
	officer := w.person(1642, "Ngô Thị Mai", "DPT", chidao.RoleOfficer)
	w.directive("1641-CV/BTGTU", nil, nil, "DPT")
	w.next(officer, "VĂN BẢN SỐ 1641-CV/BTGTU")
	w.fake.SendText(admin, "/giahan")
	w.next(admin, "Hiện không có đề nghị gia hạn nào")
	w.fake.SendText(admin, "/doihan 1641-CV/BTGTU")
	w.next(admin, "Đồng chí vui lòng gõ DOI HAN (hoặc /doihan)")
	moved := w.now().AddDate(0, 0, 9)
	w.fake.SendText(admin, "/doihan 1641-CV/BTGTU "+chidao.FormatDate(moved)+" theo kế hoạch mới của tỉnh")
	w.next(admin, "Đã điều chỉnh thời hạn hoàn thành văn bản số 1641-CV/BTGTU thành ngày "+chidao.FormatDate(moved))
	w.next(officer, "Lý do: theo kế hoạch mới của tỉnh")
	w.fake.SendText(admin, "Thu hồi văn bản 1641-CV/BTGTU văn bản gửi nhầm đơn vị")
	w.next(admin, "Đã thu hồi văn bản số 1641-CV/BTGTU")
	w.until(officer, "THU HỒI VĂN BẢN")
	w.fake.SendText(admin, "/thuhoivb 1641-CV/BTGTU lần nữa")
	w.next(admin, "Trợ lý chưa thực hiện được: văn bản đã kết thúc theo dõi hoặc đã được thu hồi")
	w.fake.SendText(admin, "THU HOI VB 1641-CV/BTGTU lần nữa")
	w.next(admin, "Trợ lý chưa thực hiện được: văn bản đã kết thúc theo dõi hoặc đã được thu hồi")
}
