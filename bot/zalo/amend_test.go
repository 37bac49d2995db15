package zalo_test

import (
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/storage"
)

// TestZaloCorrectsAndSupplements: on Zalo the Office admin types DINH
// CHINH and BO SUNG and answers each step by typing; GUI sends. The
// officer gets the correction as a notice quoting the change, then just
// the supplement's task.
func TestZaloCorrectsAndSupplements(t *testing.T) {
	w := newWorld(t)
	officer := w.register("9007199254740993171", "Nguyễn Văn An", "DPT", chidao.RoleOfficer)
	admin := w.register("9007199254740993172", "Phạm Văn Dũng", "BTGTU", chidao.RoleAdmin)
	d, err := w.store.CreateDirective(w.ctx, chidao.Actor{Label: "cli:test"}, storage.NewDirective{Number: "1672-CV/BTGTU",
		Title: "V/v tuyên truyền Đại hội", Due: w.store.Now().Add(72 * time.Hour), UnitCodes: []string{"DPT"},
		Tasks: []storage.NewTask{{Text: "Quán triệt văn bản"}}})
	if err != nil {
		t.Fatal(err)
	}
	w.next(officer, "VĂN BẢN SỐ 1672-CV/BTGTU")

	w.do(w.fake.SendText(admin, "dinh chinh"))
	w.next(admin, "DINH CHINH kèm số văn bản")
	w.do(w.fake.SendText(admin, "Đính chính 1672-CV/BTGTU"))
	w.next(admin, "Gõ TRICH YEU, NOI DUNG hoặc NHIEM VU")
	w.do(w.fake.SendText(admin, "TRICH YEU"))
	w.next(admin, "Hiện trích yếu là: «V/v tuyên truyền Đại hội»\nĐề nghị đồng chí nhập trích yếu đã sửa.")
	w.do(w.fake.SendText(admin, "V/v tuyên truyền Đại hội Đảng bộ tỉnh"))
	w.next(admin, "lý do đính chính")
	w.do(w.fake.SendText(admin, "trích yếu cho đầy đủ"))
	c := w.next(admin, "gõ GUI để gửi tới các đơn vị, HUY để hủy.")
	if strings.Contains(c.Text, "«📤") {
		t.Fatalf("the Zalo confirmation names a button:\n%s", c.Text)
	}
	w.do(w.fake.SendText(admin, "sao?"))
	w.next(admin, "gõ GUI")
	w.do(w.fake.SendText(admin, "GUI"))
	w.next(admin, "Đã đính chính văn bản số 1672-CV/BTGTU")
	n := w.next(officer, "ĐÍNH CHÍNH VĂN BẢN SỐ 1672-CV/BTGTU")
	if !strings.Contains(n.Text, "«V/v tuyên truyền Đại hội» nay sửa thành «V/v tuyên truyền Đại hội Đảng bộ tỉnh»") {
		t.Fatalf("the correction on Zalo:\n%s", n.Text)
	}

	w.do(w.fake.SendText(admin, "BO SUNG 1672-CV/BTGTU"))
	w.next(admin, "nhập nội dung nhiệm vụ bổ sung")
	w.do(w.fake.SendText(admin, "Báo cáo kết quả tuyên truyền"))
	w.next(admin, "BAO CAO")
	w.do(w.fake.SendText(admin, "bao cao"))
	w.next(admin, "nội dung, lý do bổ sung")
	w.do(w.fake.SendText(admin, "cần số liệu tổng hợp"))
	w.next(admin, "Cần gửi: báo cáo")
	w.do(w.fake.SendText(admin, "gui"))
	w.next(admin, "Đã bổ sung văn bản số 1672-CV/BTGTU")
	s := w.next(officer, "BỔ SUNG VĂN BẢN SỐ 1672-CV/BTGTU")
	if !strings.Contains(s.Text, "2. Báo cáo kết quả tuyên truyền") || strings.Contains(s.Text, "Quán triệt") {
		t.Fatalf("the supplement on Zalo:\n%s", s.Text)
	}
	w.idle()
	if got := len(w.fake.SentTo(officer.ID)); got != w.seen[officer.ID] {
		t.Fatalf("the officer got %d messages, want %d", got, w.seen[officer.ID])
	}
	if tasks, _ := w.store.Tasks(w.ctx, d); len(tasks) != 2 || !tasks[1].Report {
		t.Fatalf("tasks after the supplement: %+v", tasks)
	}
}
