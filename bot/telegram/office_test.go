package telegram_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/bot/telegramfake"
	"chidao/storage"
)

func press(w *world, u telegramfake.User, m telegramfake.Sent, label string) string {
	w.t.Helper()
	for _, row := range m.Buttons {
		for _, b := range row {
			if strings.Contains(b.Text, label) {
				return w.fake.Press(u, m.MessageID, b.Data)
			}
		}
	}
	w.t.Fatalf("no button %q on %v", label, m)
	return ""
}

// TestAdminIssuesDirectiveInChat: an admin writes a directive with
// /chidao, answers the steps, picks units with buttons and confirms; the
// officers receive it, and /tinhhinh shows it. (Sending the signed letter
// instead: letter_test.go.)
func TestAdminIssuesDirectiveInChat(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	admin := w.person(801, "Phạm Văn Dũng", "BTGTU", chidao.RoleAdmin)
	officer := w.person(802, "Nguyễn Văn An", "BAOKG", chidao.RoleOfficer)
	w.fake.SendText(admin, "/chidao")
	w.next(admin, "Bước 1/4")
	w.fake.SendText(admin, "1500-CV/BTGTU | V/v tuyên truyền Đại hội Đảng bộ tỉnh")
	w.next(admin, "Bước 2/4")
	w.fake.SendText(admin, "Đăng tải clip trên trang của đơn vị (2 clip)\nBáo cáo kết quả (báo cáo)")
	w.next(admin, "Bước 3/4")
	w.fake.SendText(admin, "31/12/2099")
	picker := w.next(admin, "Bước 4/4")
	press(w, admin, picker, "Báo Kiên Giang")
	if edit := w.next(admin, "Bước 4/4"); !strings.Contains(strings.Join(buttonData(edit), " "), "✅ Báo Kiên Giang") {
		t.Fatalf("picker after choosing Báo Kiên Giang: %v", buttonData(edit))
	}
	press(w, admin, picker, "Xong")
	confirm := w.next(admin, "kiểm tra lại trước khi ban hành")
	for _, want := range []string{"Số hiệu: 1500-CV/BTGTU", "Hạn hoàn thành: ngày 31/12/2099", "ít nhất 2 clip", "Đơn vị nhận (1): Báo Kiên Giang"} {
		if !strings.Contains(confirm.Text, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, confirm.Text)
		}
	}
	press(w, admin, confirm, "Ban hành và gửi")
	w.next(admin, "Đã ban hành văn bản số 1500-CV/BTGTU")
	w.next(officer, "VĂN BẢN SỐ 1500-CV/BTGTU")
	w.fake.SendText(admin, "/tinhhinh")
	w.next(admin, "Văn bản số 1500-CV/BTGTU")
	w.fake.SendText(admin, "/tinhhinh 1500-CV/BTGTU")
	w.next(admin, "1 đơn vị – Chưa nhận: 1")
	w.fake.SendText(admin, "/tinhhinh 9999")
	w.next(admin, "Không tìm thấy văn bản «9999»")
}

// TestReportWithDocumentIsKept: a report sent as a document is stored at
// once and its bytes fetched into PostgreSQL; bad files get a clear answer.
func TestReportWithDocumentIsKept(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	officer := w.person(811, "Trần Văn Bảo", "DPT", chidao.RoleOfficer)
	d := w.directive("60-CV/BTGTU", []storage.NewTask{{Text: "Báo cáo", Requirement: chidao.Requirement{Report: true}}}, nil, "DPT")
	w.next(officer, "VĂN BẢN SỐ 60-CV/BTGTU")
	w.fake.SendDocument(officer, "anh.jpg", "image/jpeg", []byte("jpeg"), "")
	w.next(officer, "chưa đúng định dạng")
	docx := []byte("PK\x03\x04 báo cáo kết quả")
	w.fake.SendDocument(officer, "bao-cao.docx", "", docx, "Báo cáo kết quả tuyên truyền")
	w.next(officer, "Đã nhận báo cáo của đơn vị đối với văn bản số 60-CV/BTGTU (kèm tệp")
	if u := w.unitReport(d, "DPT"); u.Status != chidao.StatusDoneOnTime || len(u.Reports) != 1 || u.Reports[0].FileName != "bao-cao.docx" {
		t.Fatalf("unit after the report: %+v", u)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		var content []byte
		err := w.store.Pool().QueryRow(w.ctx, `SELECT content FROM files WHERE name = 'bao-cao.docx'`).Scan(&content)
		if err == nil && string(content) == string(docx) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the document's bytes were not fetched into PostgreSQL: %q, %v", content, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestWorkWithoutKnownDirective: with two open directives chidao asks
// which one a clip is for; a long directive arrives in parts; a unit
// without a head has its clips reviewed by the Office.
func TestWorkWithoutKnownDirective(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	admin := w.person(821, "Phạm Văn Dũng", "BTGTU", chidao.RoleAdmin)
	officer := w.person(822, "Lê Thị Cúc", "DPT", chidao.RoleOfficer)
	w.directive("70-CV/BTGTU", nil, nil, "DPT")
	long := strings.Repeat("Các đơn vị tổ chức tuyên truyền sâu rộng trong cán bộ, đảng viên và nhân dân. ", 80)
	id, err := w.store.CreateDirective(w.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "71-CV/BTGTU",
		Title: "V/v tuyên truyền dài", Body: long, Due: w.now().Add(48 * time.Hour), UnitCodes: []string{"DPT"}})
	if err != nil {
		t.Fatal(err)
	}
	w.tg.Wake()
	w.next(officer, "VĂN BẢN SỐ 70-CV/BTGTU")
	first := w.next(officer, "VĂN BẢN SỐ 71-CV/BTGTU")
	second := w.next(officer, "Đề nghị đồng chí xác nhận đã nhận văn bản")
	if len(first.Buttons) != 0 || len(second.Buttons) == 0 || len([]rune(first.Text)) > 4096 {
		t.Fatalf("long directive: first part %d runes with %d button rows, second with %d", len([]rune(first.Text)), len(first.Buttons), len(second.Buttons))
	}
	w.fake.SendText(officer, "https://www.facebook.com/watch/?v=123456789&mibextid=abc")
	pick := w.next(officer, "Đồng chí gửi clip theo văn bản nào?")
	press(w, officer, pick, "71-CV/BTGTU")
	w.next(officer, "Đã nhận 1 clip của đơn vị theo văn bản số 71-CV/BTGTU")
	review := w.next(admin, "https://www.facebook.com/watch?v=123456789")
	press(w, admin, review, "Duyệt")
	w.next(admin, "Facebook") // the buttons now say it was approved
	w.next(admin, "Đã duyệt clip")
	w.next(officer, "đã được đồng chí Phạm Văn Dũng duyệt")
	if u := w.unitReport(id, "DPT"); u.ClipsApproved != 1 {
		t.Fatalf("approved clips = %d; want 1", u.ClipsApproved)
	}
}

// TestConversationsDoNotMisread covers what users trip over: a thank-you
// under the letter is not a report, a prompt's answer keeps its directive,
// an empty reason keeps the head in the step, a head cannot approve their
// own clip, and guessing invite codes is limited.
func TestConversationsDoNotMisread(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	head := w.person(831, "Đặng Văn Hùng", "DPT", chidao.RoleHead)
	officer := w.person(832, "Ngô Thị Mai", "DPT", chidao.RoleOfficer)
	d1 := w.directive("80-CV/BTGTU", []storage.NewTask{{Text: "Báo cáo", Requirement: chidao.Requirement{Report: true}}}, nil, "DPT")
	w.directive("81-CV/BTGTU", nil, nil, "DPT")
	letter := w.next(officer, "VĂN BẢN SỐ 80-CV/BTGTU")
	w.next(officer, "VĂN BẢN SỐ 81-CV/BTGTU")
	w.next(head, "VĂN BẢN SỐ 80-CV/BTGTU")
	w.next(head, "VĂN BẢN SỐ 81-CV/BTGTU")

	w.fake.Reply(officer, letter.MessageID, "Đã nhận ạ")
	w.next(officer, "Đã ghi nhận đơn vị Đài Phát thanh - Truyền hình nhận văn bản số 80-CV/BTGTU")
	if u := w.unitReport(d1, "DPT"); len(u.Reports) != 0 {
		t.Fatalf("a thank-you was recorded as a report: %+v", u.Reports)
	}

	// Two open directives: the prompt of 80's button keeps 80.
	press(w, officer, letter, "Gửi clip")
	prompt := w.next(officer, "đường link clip thực hiện văn bản số 80-CV/BTGTU")
	w.fake.Reply(officer, prompt.MessageID, "https://www.tiktok.com/@dpt/video/7300000000000000001?lang=vi")
	w.next(officer, "Đã nhận 1 clip của đơn vị theo văn bản số 80-CV/BTGTU")
	review := w.next(head, "TikTok")

	// An empty reason keeps the head in the step.
	press(w, head, review, "Từ chối")
	ask := w.next(head, "lý do từ chối")
	w.fake.Reply(head, ask.MessageID, "   ")
	w.next(head, "ghi lý do từ chối")
	w.fake.SendText(head, "Hình ảnh chưa rõ")
	w.next(head, "Clip cần duyệt") // the request's buttons now show the decision
	w.next(head, "Đã từ chối clip")
	w.next(officer, "Lý do: Hình ảnh chưa rõ")

	// The head's own clip goes to the Office, and a forged approval is refused.
	w.fake.SendText(head, "/viec")
	w.next(head, "đang thực hiện 2 văn bản")
	w.fake.Reply(head, w.seenMessage(head, "VĂN BẢN SỐ 80-CV/BTGTU").MessageID, "https://youtu.be/aaaaaaaaaaa")
	w.next(head, "Đã nhận 1 clip")
	var own int64
	if err := w.store.Pool().QueryRow(w.ctx, `SELECT id FROM submissions WHERE url LIKE '%aaaaaaaaaaa'`).Scan(&own); err != nil {
		t.Fatal(err)
	}
	q := w.fake.Press(head, review.MessageID, fmt.Sprintf("v:%d", own))
	if a, err := w.fake.WaitAnswer(w.ctx, q); err != nil || !a.ShowAlert || !strings.Contains(a.Text, "không thể tự duyệt clip do mình gửi") {
		t.Fatalf("forged self-approval answered %+v, %v", a, err)
	}

	// Guessing codes: five wrong ones, then even a right one is refused for an hour.
	g := telegramfake.User{ID: 839, FirstName: "Đoán"}
	for range 5 {
		w.fake.SendText(g, "/start NOTACODE")
		w.next(g, "Mã đăng ký chưa đúng")
	}
	w.fake.SendText(g, "/start NOTACODE")
	w.next(g, "nhập sai mã nhiều lần")
}
