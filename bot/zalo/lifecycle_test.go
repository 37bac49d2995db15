package zalo_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/storage"
)

// TestZaloLifecycle: on Zalo, which cannot edit, a correction arrives as
// a notice quoting what changed; an extension is typed in one sentence and
// the Office admin, on Zalo too, approves it by typing; a link sent by
// mistake is taken back with "gửi nhầm"; a moved deadline is told.
func TestZaloLifecycle(t *testing.T) {
	w := newWorld(t)
	officer := w.register("9007199254740993101", "Nguyễn Văn An", "DPT", chidao.RoleOfficer)
	admin := w.register("9007199254740993102", "Phạm Văn Dũng", "BTGTU", chidao.RoleAdmin)
	office := chidao.Actor{Label: "cli:test"}
	d, err := w.store.CreateDirective(w.ctx, office, storage.NewDirective{Number: "1602-CV/BTGTU",
		Title: "V/v tuyên truyền Đại hội", Due: w.store.Now().Add(72 * time.Hour), UnitCodes: []string{"DPT"},
		Tasks: []storage.NewTask{{Text: "Đăng clip", Requirement: chidao.Requirement{MinClips: 1}}}})
	if err != nil {
		t.Fatal(err)
	}
	w.next(officer, "VĂN BẢN SỐ 1602-CV/BTGTU")

	title := "V/v tuyên truyền Đại hội Đảng bộ tỉnh"
	if _, err := w.store.EditDirective(w.ctx, office, d, storage.Edit{Title: &title, Note: "bổ sung trích yếu cho đầy đủ"}); err != nil {
		t.Fatal(err)
	}
	n := w.next(officer, "ĐÍNH CHÍNH VĂN BẢN SỐ 1602-CV/BTGTU")
	if !strings.Contains(n.Text, "Trích yếu: «V/v tuyên truyền Đại hội» nay sửa thành «"+title+"»") {
		t.Fatalf("the correction on Zalo:\n%s", n.Text)
	}

	asked := w.store.Now().AddDate(0, 0, 10)
	w.do(w.fake.SendText(officer, "Xin gia hạn đến "+chidao.FormatDate(asked)+" vì thiết bị hỏng"))
	w.next(officer, "Đã gửi đề nghị gia hạn văn bản số 1602-CV/BTGTU đến ngày "+chidao.FormatDate(asked)+" (lý do: thiết bị hỏng)")
	req := w.next(admin, "ĐỀ NGHỊ GIA HẠN")
	if !strings.Contains(req.Text, "KHONG DONG Y") {
		t.Fatalf("the request on Zalo lacks the typed replies:\n%s", req.Text)
	}
	exts, err := w.store.Extensions(w.ctx, d, true)
	if err != nil || len(exts) != 1 {
		t.Fatalf("pending extensions: %v, %v", exts, err)
	}
	w.do(w.fake.SendText(admin, "Đồng ý "+itoa(exts[0].ID)))
	w.next(admin, "Đã đồng ý gia hạn cho Đài Phát thanh - Truyền hình đến ngày "+chidao.FormatDate(asked))
	w.next(officer, "Đề nghị gia hạn văn bản số 1602-CV/BTGTU của Đài Phát thanh - Truyền hình đã được đồng ý")
	w.do(w.fake.SendText(admin, "Đồng ý "+itoa(exts[0].ID)))
	w.next(admin, "đã được xem xét trước đó")
	// "ko đồng ý" is read as a decision too (answered: already decided).
	w.do(w.fake.SendText(admin, "ko đồng ý "+itoa(exts[0].ID)+" thời hạn chung không đổi"))
	w.next(admin, "đã được xem xét trước đó")

	w.do(w.fake.SendLink(officer, "https://youtu.be/wrong", ""))
	w.next(officer, "RUT ")
	w.do(w.fake.SendText(officer, "gửi nhầm"))
	w.next(officer, "Đã rút lại clip")
	// Politeness before the typed form does not hide it.
	w.do(w.fake.SendText(officer, "Dạ em đã gửi nhầm"))
	w.next(officer, "Đồng chí không có clip, báo cáo nào có thể rút lại.")
	_, u, err := w.store.UnitProgress(w.ctx, d, "DPT")
	if err != nil || len(u.Clips) != 1 || u.Clips[0].WithdrawnAt.IsZero() || !u.Due.Equal(chidao.EndOfDay(asked)) {
		t.Fatalf("unit: due %v, clips %+v, %v", u.Due, u.Clips, err)
	}

	// The deadline moves for every unit: the extension beyond it stays.
	moved := w.store.Now().AddDate(0, 0, 5)
	if _, err := w.store.MoveDue(w.ctx, office, d, chidao.EndOfDay(moved), "", "kế hoạch của tỉnh thay đổi"); err != nil {
		t.Fatal(err)
	}
	w.next(officer, "thời hạn hoàn thành của các đơn vị được điều chỉnh")
	if _, u, _ := w.store.UnitProgress(w.ctx, d, "DPT"); !u.Due.Equal(chidao.EndOfDay(asked)) {
		t.Fatalf("the extended unit's deadline after the move: %v", u.Due)
	}

	// "Dạ em xin gia hạn …" is a request, not a difficulty.
	again := asked.AddDate(0, 0, 5)
	w.do(w.fake.SendText(officer, "Dạ em xin gia hạn đến "+chidao.FormatDate(again)+" vì cần quay bổ sung"))
	w.next(officer, "Đã gửi đề nghị gia hạn văn bản số 1602-CV/BTGTU đến ngày "+chidao.FormatDate(again)+" (lý do: cần quay bổ sung)")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
