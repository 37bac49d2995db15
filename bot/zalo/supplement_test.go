package zalo_test

import (
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/bot/zalofake"
	"chidao/storage"
)

// TestZaloSupplement: on Zalo too a supplement brings just the addition;
// a unit that had completed everything stays complete for a task that
// only asks it to take note and is back in progress for one asking a
// clip; an attachment comes as the notice and the file.
func TestZaloSupplement(t *testing.T) {
	w := newWorld(t)
	if err := w.store.AddUnit(w.ctx, chidao.System, chidao.Unit{Code: "BAOKG", Name: "Báo Kiên Giang", ParentCode: "BTGTU"}); err != nil {
		t.Fatal(err)
	}
	done := w.register("9007199254740993161", "Nguyễn Văn An", "DPT", chidao.RoleOfficer)
	other := w.register("9007199254740993162", "Trần Thị Bích", "BAOKG", chidao.RoleOfficer)
	office := chidao.Actor{Label: "cli:test"}
	d, err := w.store.CreateDirective(w.ctx, office, storage.NewDirective{Number: "1661-CV/BTGTU",
		Title: "V/v tuyên truyền Đại hội", Body: "Đề nghị các đơn vị triển khai.", Due: w.store.Now().Add(72 * time.Hour),
		UnitCodes: []string{"DPT", "BAOKG"}, Tasks: []storage.NewTask{{Text: "Quán triệt nội dung văn bản"}}})
	if err != nil {
		t.Fatal(err)
	}
	w.next(done, "VĂN BẢN SỐ 1661-CV/BTGTU")
	w.next(other, "VĂN BẢN SỐ 1661-CV/BTGTU")
	w.do(w.fake.SendText(done, "Đã nhận"))
	w.next(done, "Đã ghi nhận")
	status := func() storage.UnitReport {
		t.Helper()
		_, u, err := w.store.UnitProgress(w.ctx, d, "DPT")
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	if u := status(); u.DoneAt.IsZero() {
		t.Fatalf("the unit is not complete after acknowledging: %s", u.Status)
	}
	justTheAddition := func(m zalofake.Sent, added string) {
		t.Helper()
		for _, old := range []string{"Quán triệt nội dung văn bản", "Đề nghị các đơn vị triển khai."} {
			if strings.Contains(m.Text, old) {
				t.Fatalf("the supplement repeats the letter (%q):\n%s", old, m.Text)
			}
		}
		if !strings.Contains(m.Text, added) {
			t.Fatalf("the supplement lacks %q:\n%s", added, m.Text)
		}
	}

	if _, err := w.store.SupplementDirective(w.ctx, office, d, storage.Supplement{
		Tasks: []storage.NewTask{{Text: "Phổ biến đến toàn thể cán bộ"}}, Note: "thêm nhiệm vụ phổ biến"}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []zalofake.User{done, other} {
		justTheAddition(w.next(u, "BỔ SUNG VĂN BẢN SỐ 1661-CV/BTGTU"), "2. Phổ biến đến toàn thể cán bộ")
	}
	if u := status(); u.DoneAt.IsZero() {
		t.Fatalf("an acknowledgement-only supplement put the unit back to %q", u.Status)
	}

	if _, err := w.store.SupplementDirective(w.ctx, office, d, storage.Supplement{
		Tasks: []storage.NewTask{{Text: "Đăng clip tuyên truyền", Requirement: chidao.Requirement{MinClips: 1}}}, Note: "thêm nhiệm vụ đăng clip"}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []zalofake.User{done, other} {
		m := w.next(u, "BỔ SUNG VĂN BẢN SỐ 1661-CV/BTGTU")
		justTheAddition(m, "3. Đăng clip tuyên truyền")
		if strings.Contains(m.Text, "Phổ biến") {
			t.Fatalf("the second supplement repeats the first:\n%s", m.Text)
		}
	}
	if u := status(); !u.DoneAt.IsZero() || u.Status != chidao.StatusInProgress {
		t.Fatalf("a supplement asking for a clip left the unit %q", u.Status)
	}

	pdf := []byte("%PDF-1.4 kế hoạch bổ sung")
	if _, err := w.store.SupplementDirective(w.ctx, office, d, storage.Supplement{
		Attachments: []storage.NewFile{{Name: "ke-hoach-bo-sung.pdf", ContentType: "application/pdf", Content: pdf}},
		Note:        "gửi kèm kế hoạch chi tiết"}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []zalofake.User{done, other} {
		m := w.next(u, "BỔ SUNG VĂN BẢN SỐ 1661-CV/BTGTU")
		justTheAddition(m, "ke-hoach-bo-sung.pdf")
		if strings.Contains(m.Text, "Đăng clip") {
			t.Fatalf("the attachment supplement repeats the tasks:\n%s", m.Text)
		}
		w.idle()
		rest := w.fake.SentTo(u.ID)[w.seen[u.ID]:]
		var files int
		for _, r := range rest {
			if r.File != nil {
				files++
				if r.File.Name != "ke-hoach-bo-sung.pdf" || string(r.File.Content) != string(pdf) {
					t.Fatalf("the supplement's file: %+v", r.File)
				}
			} else if strings.Contains(r.Text, "Quán triệt") || strings.Contains(r.Text, "Đăng clip") {
				t.Fatalf("after the supplement's notice the letter again: %s", r.Text)
			}
		}
		if files != 1 || len(rest) > 2 {
			t.Fatalf("after the notice %d messages with %d files: %+v", len(rest), files, rest)
		}
	}
}
