package telegram_test

import (
	"encoding/csv"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/bot/telegramfake"
	"chidao/storage"
)

// exampleUnits adds the Office and the 20 units of the Kiên Giang example
// (examples/kiengiang/units.csv), the seed letter's recipients, less those
// skipped.
func exampleUnits(t *testing.T, w *world, skip ...string) []chidao.Unit {
	t.Helper()
	f, err := os.Open("../../examples/kiengiang/units.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var units []chidao.Unit
	for _, r := range rows[1:] {
		u := chidao.Unit{Code: r[0], Name: r[1], ParentCode: r[2]}
		if slices.Contains(skip, u.Code) {
			continue
		}
		if err := w.store.AddUnit(w.ctx, chidao.System, u); err != nil {
			t.Fatal(err)
		}
		units = append(units, u)
	}
	return units
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAdminIssuesLetterInChat: an Office admin sends the seed letter's
// signed PDF without a word; chidao reads it, shows the draft (number,
// date, subject, tasks with the assumed clip flagged, the 20 units with
// the culture centres counted) and asks only for the deadline the letter
// does not give; the admin types "17h ngày 20/4" and presses "📤 Ban
// hành"; the officers of the 20 units receive the letter with the PDF.
func TestAdminIssuesLetterInChat(t *testing.T) {
	t.Parallel()
	c := &clock{}
	c.at("04/04/2024 09:00") // the day after the letter's date
	w := newWorld(t, setup{bare: true, now: c.now, rate: -1, chat: -1})
	units := exampleUnits(t, w)
	admin := w.person(901, "Phạm Văn Dũng", "BTGTU", chidao.RoleAdmin)
	officers := map[string]telegramfake.User{}
	for i, u := range units[1:] {
		officers[u.Code] = w.person(int64(910+i), "Cán bộ "+u.Code, u.Code, chidao.RoleOfficer)
	}
	pdf := readFile(t, "../../letter/testdata/corpus/01-1483-CV-BTGTU.pdf")
	w.fake.SendDocument(admin, "1483-CV-BTGTU.pdf", "application/pdf", pdf, "")
	w.next(admin, "Đã nhận tệp «1483-CV-BTGTU.pdf». Trợ lý đang đọc văn bản")
	draft := w.next(admin, "Trợ lý đã đọc văn bản «1483-CV-BTGTU.pdf» (chưa gửi đi)")
	for _, want := range []string{"Số hiệu: 1483-CV/BTGTU", "Ngày ban hành: 03/04/2024",
		"Trích yếu: Tăng cường thông tin trên các nền tảng số, mạng xã hội", "Người ký: Lâm Văn Sễn",
		"Hạn hoàn thành: văn bản không ghi", "1. Đẩy mạnh chỉ đạo",
		"ít nhất 1 clip được lãnh đạo đơn vị duyệt (văn bản không ghi số lượng clip, trợ lý tạm tính 1)",
		"4. Báo cáo kết quả thực hiện", "→ Cần gửi: báo cáo kết quả", "Đơn vị nhận (20):", "• Báo Kiên Giang",
		"• Trung tâm Văn hóa - Truyền thanh các huyện, thành phố: 15 đơn vị",
		"Văn bản không ghi hạn hoàn thành. Đồng chí gửi hạn hoàn thành (giờ Việt Nam), ví dụ: 20/12"} {
		if !strings.Contains(draft.Text, want) {
			t.Errorf("the draft lacks %q:\n%s", want, draft.Text)
		}
	}
	if len(draft.Buttons) != 0 || strings.Contains(draft.Text, "Chưa xác định") {
		t.Errorf("a draft that asks for its deadline offers no buttons and has no unmatched recipient: %v", buttonData(draft))
	}
	w.fake.SendText(admin, "hôm qua")
	w.next(admin, "Trợ lý chưa đọc được hạn hoàn thành")
	w.fake.SendText(admin, "17h ngày 20/4")
	confirm := w.next(admin, "Hạn hoàn thành: 17:00 ngày 20/04/2024")
	for _, want := range []string{"Văn bản số 1483-CV/BTGTU ngày 03/04/2024", "Nhiệm vụ: 4 (1 cần clip, 1 cần báo cáo)",
		"Kèm tệp «1483-CV-BTGTU.pdf».", "bấm «📤 Ban hành» để gửi văn bản tới 20 đơn vị"} {
		if !strings.Contains(confirm.Text, want) {
			t.Errorf("the confirmation lacks %q:\n%s", want, confirm.Text)
		}
	}
	if got := strings.Join(buttonData(confirm), " "); !strings.Contains(got, "📤 Ban hành=lb:") || !strings.Contains(got, "✏️ Sửa đơn vị nhận=lu:") {
		t.Fatalf("confirmation buttons: %s", got)
	}
	w.quiet(officers["BKG"]) // nothing reaches a unit before the admin confirms
	press(w, admin, confirm, "Ban hành")
	w.next(admin, "Đã ban hành văn bản số 1483-CV/BTGTU tới 20 đơn vị")
	for code, o := range officers {
		w.next(o, "VĂN BẢN SỐ 1483-CV/BTGTU")
		if doc := w.until(o, "1483-CV-BTGTU.pdf"); doc.Document == nil || string(doc.Document.Content) != string(pdf) {
			t.Fatalf("the officer of %s did not get the signed PDF: %v", code, doc)
		}
	}
	var tasks, clips, reports int
	var due time.Time
	var issued string
	err := w.store.Pool().QueryRow(w.ctx, `SELECT d.due_at, d.issued_on::text, count(t.*), sum(t.min_clips), count(*) FILTER (WHERE t.report)
		FROM directives d JOIN tasks t ON t.directive_id = d.id WHERE d.number = '1483-CV/BTGTU' GROUP BY d.id`).Scan(&due, &issued, &tasks, &clips, &reports)
	if err != nil {
		t.Fatal(err)
	}
	if !due.Equal(vn("20/04/2024 17:00")) || issued != "2024-04-03" || tasks != 4 || clips != 1 || reports != 1 {
		t.Errorf("directive stored: due %v, issued %s, %d tasks, %d clips, %d reports", due, issued, tasks, clips, reports)
	}
}

// TestLetterEdits: the draft's edits (the deadline typed, units picked
// with buttons, the number), a recipient left unmatched, an officer's PDF
// still offered as a report, and stale buttons refused.
func TestLetterEdits(t *testing.T) {
	t.Parallel()
	c := &clock{}
	c.at("04/04/2024 09:00")
	w := newWorld(t, setup{bare: true, now: c.now, rate: -1, chat: -1})
	exampleUnits(t, w, "CAC") // the letter names it: left unmatched
	admin := w.person(951, "Phạm Văn Dũng", "BTGTU", chidao.RoleAdmin)
	officer := w.person(952, "Nguyễn Văn An", "BKG", chidao.RoleOfficer)
	pdf := readFile(t, "../../letter/testdata/corpus/01-1483-CV-BTGTU.pdf")

	w.fake.SendDocument(officer, "bao-cao.pdf", "application/pdf", pdf, "")
	w.next(officer, "bao-cao.pdf") // the offer to attach it to a report, as before

	w.fake.SendDocument(admin, "1483-CV-BTGTU.pdf", "application/pdf", pdf, "1500-CV/BTGTU | V/v thử đọc văn bản")
	w.next(admin, "Đã nhận tệp")
	first := w.next(admin, "Số hiệu: 1500-CV/BTGTU") // the caption wins
	if !strings.Contains(first.Text, "Trích yếu: V/v thử đọc văn bản") || !strings.Contains(first.Text, "Đơn vị nhận (19):") ||
		!strings.Contains(first.Text, "⚠️ Chưa xác định được đơn vị cho: «Tạp chí Chiêu Anh Các»") {
		t.Errorf("the caption's title, the unmatched recipient: %s", first.Text)
	}
	w.fake.SendText(admin, "30/4")
	if m := w.next(admin, "Hạn hoàn thành: ngày 30/04/2024"); !strings.Contains(m.Text, "Nếu ban hành ngay, văn bản chỉ gửi tới 19 đơn vị đã xác định") {
		t.Errorf("the confirmation does not say what an unmatched recipient means: %s", m.Text)
	}
	w.fake.SendText(admin, "Sửa hạn hoàn thành 17h ngày 29/4")
	confirm := w.next(admin, "Hạn hoàn thành: 17:00 ngày 29/04/2024")
	press(w, admin, confirm, "Sửa đơn vị nhận")
	picker := w.next(admin, "Đồng chí chọn các đơn vị nhận văn bản")
	if got := strings.Join(buttonData(picker), " "); !strings.Contains(got, "✅ Báo Kiên Giang") || strings.Contains(got, "✅ Ban Tuyên giáo") {
		t.Fatalf("the picker ticks the letter's units: %s", got)
	}
	press(w, admin, picker, "Sở Thông tin")
	w.next(admin, "") // the picker redrawn
	press(w, admin, picker, "Xong")
	after := w.next(admin, "Đơn vị nhận (18):\n• Hội Nhà báo tỉnh\n• Báo Kiên Giang")
	if strings.Contains(after.Text, "Chưa xác định") || strings.Contains(after.Text, "Nếu ban hành ngay") {
		t.Errorf("the admin chose the units: the unmatched recipient is settled: %s", after.Text)
	}
	press(w, admin, after, "Sửa số hiệu")
	w.next(admin, "Đồng chí gửi số hiệu mới")
	w.fake.SendText(admin, "1501-CV/BTGTU")
	renamed := w.next(admin, "Văn bản số 1501-CV/BTGTU")
	press(w, admin, renamed, "Ban hành")
	w.next(admin, "Đã ban hành văn bản số 1501-CV/BTGTU tới 18 đơn vị")
	w.next(officer, "VĂN BẢN SỐ 1501-CV/BTGTU")
	w.until(officer, "Tệp đính kèm văn bản số 1501-CV/BTGTU")
	if a, err := w.fake.WaitAnswer(w.ctx, press(w, admin, confirm, "Ban hành")); err != nil || a.Text != "Nút này không còn hiệu lực." {
		t.Errorf("a button of an issued draft: %+v %v", a, err)
	}
	w.fake.SendDocument(admin, "1483-CV-BTGTU.pdf", "application/pdf", pdf, "1501-CV/BTGTU | V/v số đã dùng")
	w.next(admin, "Đã nhận tệp")
	w.next(admin, "Số hiệu: 1501-CV/BTGTU")
	w.fake.SendText(admin, "30/4")
	press(w, admin, w.next(admin, "Văn bản số 1501-CV/BTGTU"), "Ban hành")
	taken := w.next(admin, "Văn bản số 1501-CV/BTGTU đã được ban hành trước đây nên chưa ban hành lại")
	press(w, admin, taken, "Sửa số hiệu")
	w.next(admin, "Đồng chí gửi số hiệu mới")
	w.fake.SendText(admin, "1504-CV/BTGTU")
	press(w, admin, w.next(admin, "Văn bản số 1504-CV/BTGTU"), "Ban hành")
	w.next(admin, "Đã ban hành văn bản số 1504-CV/BTGTU tới 19 đơn vị")

	var n int
	if err := w.store.Pool().QueryRow(w.ctx, `SELECT count(*) FROM directives`).Scan(&n); err != nil || n != 2 {
		t.Errorf("directives: %d, %v", n, err)
	}
}

// sendsFile has u send a document without a caption and writes what followed.
func (s *scene) sendsFile(u telegramfake.User, name string, content []byte) {
	s.t.Helper()
	n := s.events()
	s.tr.Step(s.inVN(), u.FirstName+" gửi tệp «"+name+"»")
	s.fake.SendDocument(u, name, "application/pdf", content, "")
	s.settle(n + 1)
}

// TestLetterTranscript: an Office admin issues the seed letter by sending
// its PDF, as the admin and one officer see it (testdata/letter.txt): the
// draft, the deadline it asks for, the units changed with buttons, the
// directive issued with its PDF, and a scanned PDF explained.
func TestLetterTranscript(t *testing.T) {
	t.Parallel()
	c := &clock{}
	c.at("04/04/2024 09:00")
	s := &scene{world: newWorld(t, setup{rate: -1, chat: -1, now: c.now, bare: true}), clock: c, shown: map[int64]int{}}
	exampleUnits(t, s.world)
	s.tr.Title("Telegram: ban hành văn bản từ tệp văn bản đã ký (letter_test.go; viết lại bằng go test -run TestLetterTranscript -update)")
	admin := telegramfake.User{ID: 7101, FirstName: "Phạm Văn Dũng"}
	officer := telegramfake.User{ID: 7102, FirstName: "Nguyễn Văn An"}
	s.cast = []telegramfake.User{admin, officer}
	for _, p := range []struct {
		u    telegramfake.User
		unit string
		role chidao.Role
	}{{admin, "BTGTU", chidao.RoleAdmin}, {officer, "BKG", chidao.RoleOfficer}} {
		inv, err := s.store.CreateInvite(s.ctx, chidao.System, storage.NewInvite{UnitCode: p.unit, Role: p.role, FullName: p.u.FirstName, TTL: 72 * time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		s.says(p.u, "/start "+inv.Code, "")
	}
	c.at("04/04/2024 09:30")
	s.sendsFile(admin, "1483-CV-BTGTU.pdf", readFile(t, "../../letter/testdata/corpus/01-1483-CV-BTGTU.pdf"))
	s.says(admin, "20/4", "")
	s.presses(admin, "Văn bản số 1483-CV/BTGTU", "Sửa đơn vị nhận")
	s.presses(admin, "Đồng chí chọn các đơn vị", "Sở Thông tin và Truyền thông")
	s.presses(admin, "Đồng chí chọn các đơn vị", "Xong")
	s.presses(admin, "Đơn vị nhận (19)", "Ban hành")
	c.at("04/04/2024 10:00")
	s.sendsFile(admin, "scan.pdf", readFile(t, "../../letter/testdata/bad/scan.pdf"))
	s.says(admin, "/huy", "")
	s.tr.Compare(t, "testdata/letter.txt")
}

// TestLetterUnreadable: a scanned PDF is explained and its directive typed
// in, the scan still attached; a damaged file with its caption goes on to
// the tasks; "Hủy" stops.
func TestLetterUnreadable(t *testing.T) {
	t.Parallel()
	c := &clock{}
	c.at("04/04/2024 09:00")
	w := newWorld(t, setup{bare: true, now: c.now, rate: -1, chat: -1})
	exampleUnits(t, w)
	admin := w.person(961, "Phạm Văn Dũng", "BTGTU", chidao.RoleAdmin)
	officer := w.person(962, "Nguyễn Văn An", "BKG", chidao.RoleOfficer)
	w.fake.SendDocument(admin, "scan.pdf", "application/pdf", readFile(t, "../../letter/testdata/bad/scan.pdf"), "")
	w.next(admin, "Đã nhận tệp «scan.pdf»")
	w.next(admin, "Văn bản «scan.pdf» là bản quét (ảnh chụp), trợ lý chưa đọc được chữ trong đó. Đồng chí vui lòng gửi bản PDF xuất từ hệ thống văn phòng điện tử")
	w.fake.SendText(admin, "1502-CV/BTGTU | V/v văn bản quét")
	w.next(admin, "Đồng chí gửi các nhiệm vụ")
	w.fake.SendText(admin, "Đăng tải clip (2 clip)")
	w.next(admin, "Đồng chí gửi hạn hoàn thành (giờ Việt Nam)")
	w.fake.SendText(admin, "20/4/2024")
	w.next(admin, "Đồng chí chọn các đơn vị nhận văn bản")
	w.fake.SendText(admin, "BKG")
	picker := w.next(admin, "Đồng chí chọn các đơn vị nhận văn bản")
	press(w, admin, picker, "Xong")
	scan := w.next(admin, "Kèm tệp «scan.pdf»")
	press(w, admin, scan, "Ban hành")
	w.next(admin, "Đã ban hành văn bản số 1502-CV/BTGTU tới 1 đơn vị")
	w.next(officer, "VĂN BẢN SỐ 1502-CV/BTGTU")
	if doc := w.until(officer, "scan.pdf"); doc.Document == nil {
		t.Fatalf("the scan is not attached: %v", doc)
	}
	w.fake.SendDocument(admin, "1503-CV-BTGTU.pdf", "application/pdf", []byte("%PDF-1.4 signed letter"), "1503-CV/BTGTU | V/v tệp lỗi")
	w.next(admin, "Đã nhận tệp «1503-CV-BTGTU.pdf»")
	if m := w.next(admin, "Tệp «1503-CV-BTGTU.pdf» bị lỗi, trợ lý không mở được."); !strings.Contains(m.Text, "Đồng chí gửi các nhiệm vụ") {
		t.Errorf("a damaged file with its caption goes on to the tasks: %s", m.Text)
	}
	w.fake.SendText(admin, "Hủy")
	w.next(admin, "Đã hủy")
}
