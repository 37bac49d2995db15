package telegram_test

import (
	"strings"
	"testing"

	"chidao"
	"chidao/storage"
)

// TestOfficeCorrectsAndSupplementsInChat: an Office admin corrects a
// task's text with /dinhchinh, step by step, and confirms with the
// button: the officer's letter is edited in place and a notice follows.
// Then /bosung adds a task asking for two clips, confirmed by typing GUI:
// the officer gets just the addition and the unit, complete before, is
// back in progress. A cancelled correction sends nothing; an officer
// cannot use the commands.
func TestOfficeCorrectsAndSupplementsInChat(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	admin := w.person(1671, "Phạm Văn Dũng", "BTGTU", chidao.RoleAdmin)
	officer := w.person(1672, "Ngô Thị Mai", "DPT", chidao.RoleOfficer)
	d := w.directive("1671-CV/BTGTU", []storage.NewTask{{Text: "Quán triệt văn bản"}}, nil, "DPT")
	letter := w.next(officer, "VĂN BẢN SỐ 1671-CV/BTGTU")
	w.fake.SendText(officer, "Đã nhận")
	w.next(officer, "Đã ghi nhận")

	w.fake.SendText(officer, "/dinhchinh 1671-CV/BTGTU")
	w.next(officer, "chỉ dành cho")

	w.fake.SendText(admin, "/dinhchinh")
	w.next(admin, "DINH CHINH kèm số văn bản")
	w.fake.SendText(admin, "/dinhchinh 1671-CV/BTGTU")
	ask := w.next(admin, "Đính chính văn bản số 1671-CV/BTGTU")
	if !strings.Contains(ask.Text, "Nhiệm vụ 1: Quán triệt văn bản") || !ask.ForceReply {
		t.Fatalf("the first step:\n%s", ask.Text)
	}
	w.fake.SendText(admin, "nhiệm vụ 5")
	w.next(admin, "chưa rõ nội dung cần đính chính")
	w.fake.SendText(admin, "Nhiệm vụ 1")
	w.next(admin, "Hiện nội dung nhiệm vụ 1 là: «Quán triệt văn bản»")
	w.fake.SendText(admin, "Quán triệt văn bản đến toàn thể cán bộ, đảng viên")
	w.next(admin, "lý do đính chính")
	w.fake.SendText(admin, "nêu rõ đối tượng quán triệt")
	confirm := w.next(admin, "kiểm tra đính chính văn bản số 1671-CV/BTGTU")
	if !strings.Contains(confirm.Text, "Nhiệm vụ 1: «Quán triệt văn bản» nay sửa thành «Quán triệt văn bản đến toàn thể cán bộ, đảng viên»") {
		t.Fatalf("the confirmation:\n%s", confirm.Text)
	}
	w.quiet(officer) // nothing goes before the confirmation
	press(w, admin, confirm, "Gửi tới các đơn vị")
	w.next(admin, "Đã đính chính văn bản số 1671-CV/BTGTU")
	edit := w.next(officer, "ĐÃ ĐÍNH CHÍNH")
	if edit.Method != "editMessageText" || edit.MessageID != letter.MessageID || !strings.Contains(edit.Text, "đến toàn thể cán bộ, đảng viên") {
		t.Fatalf("the edit: %v", edit)
	}
	w.next(officer, "đã được đính chính: nêu rõ đối tượng quán triệt")
	if tasks, _ := w.store.Tasks(w.ctx, d); tasks[0].Text != "Quán triệt văn bản đến toàn thể cán bộ, đảng viên" {
		t.Fatalf("task after the correction: %q", tasks[0].Text)
	}
	press(w, admin, confirm, "Gửi tới các đơn vị") // pressed again: nothing more
	w.quiet(officer)

	// A correction cancelled at the confirmation sends nothing.
	w.fake.SendText(admin, "/dinhchinh 1671-CV/BTGTU")
	w.next(admin, "Đính chính văn bản số")
	w.fake.SendText(admin, "trích yếu")
	w.next(admin, "trích yếu đã sửa")
	w.fake.SendText(admin, "V/v khác")
	w.next(admin, "lý do đính chính")
	w.fake.SendText(admin, "thử")
	confirm = w.next(admin, "kiểm tra đính chính")
	press(w, admin, confirm, "Hủy")
	w.next(admin, "hủy")
	w.quiet(officer)

	// A supplement: a task asking for two clips.
	w.fake.SendText(admin, "/bosung 1671-CV/BTGTU")
	w.next(admin, "Bổ sung văn bản số 1671-CV/BTGTU")
	w.fake.SendText(admin, "Đăng clip tuyên truyền về Đại hội")
	w.next(admin, "yêu cầu đơn vị gửi gì")
	w.fake.SendText(admin, "chưa biết")
	w.next(admin, "chưa rõ yêu cầu")
	w.fake.SendText(admin, "2 clip")
	w.next(admin, "nội dung, lý do bổ sung")
	w.fake.SendText(admin, "theo kế hoạch của tỉnh")
	confirm = w.next(admin, "kiểm tra phần bổ sung văn bản số 1671-CV/BTGTU")
	if !strings.Contains(confirm.Text, "Nhiệm vụ bổ sung: Đăng clip tuyên truyền về Đại hội") || !strings.Contains(confirm.Text, "2 clip") {
		t.Fatalf("the confirmation:\n%s", confirm.Text)
	}
	w.fake.SendText(admin, "gửi")
	w.next(admin, "Đã bổ sung văn bản số 1671-CV/BTGTU")
	sup := w.next(officer, "BỔ SUNG VĂN BẢN SỐ 1671-CV/BTGTU")
	if !strings.Contains(sup.Text, "2. Đăng clip tuyên truyền về Đại hội") || strings.Contains(sup.Text, "1. Quán triệt") {
		t.Fatalf("the supplement:\n%s", sup.Text)
	}
	w.quiet(officer)
	if u := w.unitReport(d, "DPT"); u.Status != chidao.StatusInProgress {
		t.Fatalf("the unit after a supplement asking for clips: %s", u.Status)
	}
}
