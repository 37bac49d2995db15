package telegram_test

import (
	"strings"
	"testing"

	"chidao"
	"chidao/bot/telegramfake"
	"chidao/storage"
)

// TestSupplementSendsJustTheAddition: the Office supplements a sent
// directive. Every recipient gets only what is added (not the letter
// again); a unit that had completed everything stays complete when the
// new task only asks it to take note, and is back in progress when the
// new task asks for a clip. An attachment supplement sends the notice and
// the new file alone.
func TestSupplementSendsJustTheAddition(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	done := w.person(1651, "Nguyễn Văn An", "BAOKG", chidao.RoleOfficer)
	other := w.person(1652, "Trần Thị Bích", "DPT", chidao.RoleOfficer)
	d := w.directive("1651-CV/BTGTU", []storage.NewTask{{Text: "Quán triệt nội dung văn bản"}}, nil, "BAOKG", "DPT")
	w.next(done, "VĂN BẢN SỐ 1651-CV/BTGTU")
	w.next(other, "VĂN BẢN SỐ 1651-CV/BTGTU")
	w.fake.SendText(done, "Đã nhận")
	w.next(done, "Đã ghi nhận")
	if u := w.unitReport(d, "BAOKG"); u.DoneAt.IsZero() {
		t.Fatalf("the unit that acknowledged an acknowledgement-only letter is not complete: %s", u.Status)
	}

	justTheAddition := func(m string, added string) {
		t.Helper()
		for _, old := range []string{"Quán triệt nội dung văn bản", "Đề nghị các đơn vị triển khai."} {
			if strings.Contains(m, old) {
				t.Fatalf("the supplement repeats the letter (%q):\n%s", old, m)
			}
		}
		if !strings.Contains(m, added) {
			t.Fatalf("the supplement lacks %q:\n%s", added, m)
		}
	}

	// An acknowledgement-only task: the complete unit stays complete.
	if _, err := w.store.SupplementDirective(w.ctx, office, d, storage.Supplement{
		Tasks: []storage.NewTask{{Text: "Phổ biến đến toàn thể cán bộ"}}, Note: "thêm nhiệm vụ phổ biến"}); err != nil {
		t.Fatal(err)
	}
	w.tg.Wake()
	for _, p := range []telegramfake.User{done, other} {
		m := w.next(p, "BỔ SUNG VĂN BẢN SỐ 1651-CV/BTGTU")
		justTheAddition(m.Text, "2. Phổ biến đến toàn thể cán bộ")
		if m.Method != "sendMessage" {
			t.Fatalf("the supplement is not a new message: %v", m)
		}
	}
	if u := w.unitReport(d, "BAOKG"); u.DoneAt.IsZero() || (u.Status != chidao.StatusDoneOnTime && u.Status != chidao.StatusDoneLate) {
		t.Fatalf("an acknowledgement-only supplement put a complete unit back to %q", u.Status)
	}

	// A task asking for a clip: the complete unit is back in progress.
	if _, err := w.store.SupplementDirective(w.ctx, office, d, storage.Supplement{
		Tasks: []storage.NewTask{{Text: "Đăng clip tuyên truyền", Requirement: chidao.Requirement{MinClips: 1}}}, Note: "thêm nhiệm vụ đăng clip"}); err != nil {
		t.Fatal(err)
	}
	w.tg.Wake()
	for _, p := range []telegramfake.User{done, other} {
		m := w.next(p, "BỔ SUNG VĂN BẢN SỐ 1651-CV/BTGTU")
		justTheAddition(m.Text, "3. Đăng clip tuyên truyền")
		if strings.Contains(m.Text, "Phổ biến đến toàn thể cán bộ") {
			t.Fatalf("the second supplement repeats the first:\n%s", m.Text)
		}
	}
	if u := w.unitReport(d, "BAOKG"); !u.DoneAt.IsZero() || u.Status != chidao.StatusInProgress {
		t.Fatalf("a supplement asking for a clip left the unit %q (done at %v)", u.Status, u.DoneAt)
	}

	// An attachment: the notice naming it, then the file; nothing else.
	// DPT's own deadline was moved: its notice says its date.
	later := chidao.EndOfDay(w.now().AddDate(0, 0, 12))
	if _, err := w.store.MoveDue(w.ctx, office, d, later, "DPT", "đơn vị đang tổ chức sự kiện"); err != nil {
		t.Fatal(err)
	}
	w.tg.Wake()
	w.next(other, "điều chỉnh")
	pdf := []byte("%PDF-1.4 kế hoạch bổ sung")
	if _, err := w.store.SupplementDirective(w.ctx, office, d, storage.Supplement{
		Attachments: []storage.NewFile{{Name: "ke-hoach-bo-sung.pdf", ContentType: "application/pdf", Content: pdf}},
		Note:        "gửi kèm kế hoạch chi tiết"}); err != nil {
		t.Fatal(err)
	}
	w.tg.Wake()
	for _, p := range []telegramfake.User{done, other} {
		m := w.next(p, "BỔ SUNG VĂN BẢN SỐ 1651-CV/BTGTU")
		justTheAddition(m.Text, "ke-hoach-bo-sung.pdf")
		if p == other && !strings.Contains(m.Text, chidao.FormatDate(later)) {
			t.Fatalf("the supplement to DPT does not state its own deadline %s:\n%s", chidao.FormatDate(later), m.Text)
		}
		if p == done && strings.Contains(m.Text, chidao.FormatDate(later)) {
			t.Fatalf("the supplement to BAOKG states DPT's deadline:\n%s", m.Text)
		}
		for _, task := range []string{"Phổ biến", "Đăng clip"} {
			if strings.Contains(m.Text, task) {
				t.Fatalf("the attachment supplement repeats the tasks:\n%s", m.Text)
			}
		}
		f := w.nextAny(p)
		if f.Method != "sendDocument" || f.Document == nil || f.Document.Name != "ke-hoach-bo-sung.pdf" || string(f.Document.Content) != string(pdf) {
			t.Fatalf("the supplement's file: %v", f)
		}
		w.quiet(p)
	}
	if u := w.unitReport(d, "BAOKG"); u.Status != chidao.StatusInProgress {
		t.Fatalf("an attachment changed the unit's status to %q", u.Status)
	}
}
