package texts

// The Office's staff in the chat: the situation, issuing a directive, the
// summary, the dashboard link, and the difficulties units send.

import (
	"fmt"
	"strings"
	"time"

	"chidao"
	"chidao/storage"
)

// The situation (/tinhhinh, TINH HINH).

const NoOpenDirectives = "Hiện không có văn bản nào đang thực hiện."

func SituationHeader(n int) string {
	return fmt.Sprintf("Tình hình thực hiện %d văn bản đang theo dõi:\n", n)
}

// counts lists the statuses that some unit is in.
func counts(r storage.DirectiveReport) string {
	n := r.Count()
	var parts []string
	for _, s := range chidao.Statuses {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d", StatusLabel(s), n[s]))
		}
	}
	return strings.Join(parts, " · ")
}

// OpenDifficulties counts the difficulties not answered yet.
func OpenDifficulties(r storage.DirectiveReport) int {
	n := 0
	for _, u := range r.Units {
		for _, d := range u.Difficulties {
			if d.AnsweredAt.IsZero() {
				n++
			}
		}
	}
	return n
}

func SituationLine(r storage.DirectiveReport) string {
	s := fmt.Sprintf("\n• Văn bản số %s, hạn %s: %d đơn vị\n  %s", r.Directive.Number, Deadline(r.Directive.DueAt), len(r.Units), counts(r))
	if n := len(r.NeedingAttention()); n > 0 {
		s += fmt.Sprintf("\n  Cần chú ý: %d đơn vị", n)
	}
	if n := OpenDifficulties(r); n > 0 {
		s += fmt.Sprintf("\n  %d khó khăn, vướng mắc chưa trả lời", n)
	}
	return s + "\n"
}

// One directive at a province's scale: the counts, then the units
// needing attention a page at a time (Telegram pages with buttons, Zalo
// with a typed phrase).
const (
	PrevPageButton = "◀ Trang trước"
	NextPageButton = "Trang sau ▶"
)

// SituationPage is one page of a directive's situation: shown are that
// page's units needing attention (of total), link the dashboard's view of
// them (empty: none).
func (t Chat) SituationPage(r storage.DirectiveReport, shown []storage.UnitReport, total, page, pages, perPage int, link string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Tình hình văn bản số %s (hạn %s), số liệu đến %s:\n%d đơn vị – %s\n", r.Directive.Number,
		Deadline(r.Directive.DueAt), DateTime(r.At), len(r.Units), counts(r))
	if total == 0 {
		b.WriteString("\nKhông có đơn vị nào cần chú ý.")
		return b.String()
	}
	fmt.Fprintf(&b, "\nCần chú ý: %d đơn vị", total)
	if pages > 1 {
		fmt.Fprintf(&b, " (trang %d/%d)", page, pages)
	}
	b.WriteString(":\n")
	for i, u := range shown {
		fmt.Fprintf(&b, "%d. %s\n", (page-1)*perPage+i+1, AttentionLine(r, u))
	}
	if link != "" {
		fmt.Fprintf(&b, "\nXem trên trang theo dõi: %s\n", link)
	}
	if pages > 1 && t.zalo() {
		next := page%pages + 1
		fmt.Fprintf(&b, "\nXem trang %d: gõ TINH HINH %s %d", next, r.Directive.Number, next)
	}
	return strings.TrimRight(b.String(), "\n")
}

// AttentionLine says why a unit needs the Office's attention and what it
// still owes.
func AttentionLine(r storage.DirectiveReport, u storage.UnitReport) string {
	s := u.Name + ": " + strings.Join(Why(r.AttentionOf(u), r.NextDue(u), r.At), ", ")
	if owed := Missing(r.Owed(u)); owed != "" {
		s += "; còn thiếu " + owed
	}
	return s
}

func (t Chat) SituationFooter() string {
	return "\n" + t.pick("Xem từng đơn vị: /tinhhinh kèm số văn bản.", "Xem từng đơn vị: gõ TINH HINH kèm số văn bản.")
}

// SituationDetail is one directive unit by unit.
func SituationDetail(r storage.DirectiveReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Tình hình văn bản số %s (hạn %s), số liệu đến %s:\n%s\n", r.Directive.Number,
		Deadline(r.Directive.DueAt), DateTime(r.At), counts(r))
	for _, u := range r.Units {
		fmt.Fprintf(&b, "\n• %s: %s", u.Name, u.Status)
		if u.ClipsRequired > 0 {
			fmt.Fprintf(&b, "; clip được duyệt %d/%d", u.ClipsApproved, u.ClipsRequired)
		}
		if len(u.Reports) > 0 {
			b.WriteString("; đã báo cáo")
		}
		if open := OpenDifficulties(storage.DirectiveReport{Units: []storage.UnitReport{u}}); open > 0 {
			fmt.Fprintf(&b, "; %d khó khăn, vướng mắc chưa trả lời", open)
		} else if len(u.Difficulties) > 0 {
			fmt.Fprintf(&b, "; %d khó khăn, vướng mắc đã trả lời", len(u.Difficulties))
		}
		if !u.SnoozedUntil.IsZero() {
			fmt.Fprintf(&b, "; ⏰ hoãn nhắc đến %s", DateTime(u.SnoozedUntil))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func (t Chat) UnknownDirective(arg string) string {
	return fmt.Sprintf("Không tìm thấy văn bản «%s». ", arg) +
		t.pick("Gửi /tinhhinh để xem danh sách văn bản đang theo dõi.", "Gõ TINH HINH để xem danh sách văn bản đang theo dõi.")
}

func (t Chat) NeedDirective() string {
	return "Đồng chí vui lòng ghi số văn bản, ví dụ: " + t.pick("/nhacnho 125-CV/BTGDVTU hoặc /tamdung 125-CV/BTGDVTU.",
		"NHAC NHO 125-CV/BTGDVTU hoặc TAM DUNG 125-CV/BTGDVTU.")
}

// Issuing a directive in the chat (/chidao).

func CreateStep(step string, withFile bool) string {
	switch step {
	case "tasks":
		return "Bước 2/4. Gửi các nhiệm vụ, mỗi dòng một nhiệm vụ. Ghi «(3 clip)» nếu nhiệm vụ cần clip, «(báo cáo)» nếu cần báo cáo.\n" +
			"Ví dụ:\nĐăng tải clip tuyên truyền trên trang của đơn vị (3 clip)\nBáo cáo kết quả thực hiện (báo cáo)\n\nGửi «-» nếu văn bản chỉ có một nhiệm vụ là trích yếu."
	case "due":
		return "Bước 3/4. Gửi hạn hoàn thành (giờ Việt Nam), ví dụ: 30/04/2026 hoặc 30/04/2026 17:00."
	}
	s := "Ban hành văn bản mới (gửi /huy để dừng).\n\nBước 1/4. Gửi số hiệu, ngày ban hành (nếu không phải hôm nay) và trích yếu, cách nhau bởi dấu «|».\n" +
		"Ví dụ: 125-CV/BTGDVTU | 03/04/2026 | V/v tuyên truyền kỷ niệm Ngày thành lập Đảng"
	if withFile {
		s = "Đã nhận tệp văn bản; tệp sẽ được gửi kèm.\n\n" + s
	}
	return s
}

const (
	CreateBadNumber   = "Chưa đọc được số hiệu và trích yếu. Đồng chí vui lòng gửi theo mẫu: số hiệu | trích yếu (ví dụ: 125-CV/BTGDVTU | V/v tuyên truyền)."
	CreateBadDue      = "Hạn hoàn thành chưa đúng hoặc đã qua. Đồng chí vui lòng gửi ngày/tháng/năm, có thể kèm giờ, ví dụ: 30/04/2026 hoặc 30/04/2026 17:00."
	CreateUseButtons  = "Đồng chí vui lòng dùng các nút dưới tin nhắn trước, hoặc gửi /huy để dừng."
	CreateCancelled   = "Đã hủy việc ban hành văn bản."
	CreateNoUnits     = "Đồng chí vui lòng chọn ít nhất một đơn vị."
	CreateFailedShort = "Chưa tạo được văn bản."
	CreatedShort      = "Đã ban hành văn bản."
)

func CreateUnknownUnit(code string) string {
	return fmt.Sprintf("Không có đơn vị mã «%s». Đồng chí vui lòng kiểm tra lại mã đơn vị.", code)
}

func CreateUnits(many bool) string {
	s := "Bước 4/4. Chọn các nhóm (👥) hoặc đơn vị nhận văn bản (bấm lần nữa để bỏ chọn), rồi bấm «Xong ➡️»."
	if many {
		s += "\nDanh sách dài: có thể gửi mã các đơn vị hoặc mã nhóm (ví dụ cap-xa), cách nhau bởi dấu phẩy."
	}
	return s
}

// GroupButton is a group in the unit picker, ticked when chosen.
func GroupButton(name string, chosen bool) string {
	if chosen {
		return "✅ " + name
	}
	return "👥 " + name
}

// Draft is a directive being written in the chat, as its confirmation
// shows it.
type Draft struct {
	Number, Title string
	Issued        time.Time // zero: today
	Due           time.Time
	Tasks         []DraftTask
	Units         []string // the units' names
	Groups        []string // the groups' names
	All           bool
	File          bool
}

// DraftTask is one task of a Draft.
type DraftTask struct {
	Text string
	chidao.Requirement
}

func CreateConfirm(d Draft) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Đồng chí kiểm tra lại trước khi ban hành:\n\nSố hiệu: %s\n", d.Number)
	if !d.Issued.IsZero() {
		fmt.Fprintf(&b, "Ngày ban hành: %s\n", Date(d.Issued))
	}
	fmt.Fprintf(&b, "Trích yếu: %s\nHạn hoàn thành: %s\nNhiệm vụ:\n", d.Title, Deadline(d.Due))
	for i, task := range d.Tasks {
		fmt.Fprintf(&b, "%d. %s", i+1, task.Text)
		if need := Need(task.Requirement); need != "" {
			b.WriteString(" (" + need + ")")
		}
		b.WriteString("\n")
	}
	switch {
	case d.All:
		b.WriteString("Đơn vị nhận: tất cả đơn vị\n")
	case len(d.Groups) > 0:
		fmt.Fprintf(&b, "Nhóm đơn vị nhận: %s\n", strings.Join(d.Groups, "; "))
		if len(d.Units) > 0 {
			fmt.Fprintf(&b, "Đơn vị nhận thêm (%d): %s\n", len(d.Units), strings.Join(d.Units, "; "))
		}
	default:
		fmt.Fprintf(&b, "Đơn vị nhận (%d): %s\n", len(d.Units), strings.Join(d.Units, "; "))
	}
	if d.File {
		b.WriteString("Kèm tệp văn bản.\n")
	}
	return b.String()
}

// CreateFailed says why the directive was not created.
func CreateFailed(conflict bool) string {
	why := "thông tin chưa hợp lệ"
	if conflict {
		why = "số hiệu văn bản đã có"
	}
	return fmt.Sprintf("Chưa tạo được văn bản: %s. Đồng chí vui lòng gửi /chidao để làm lại.", why)
}

func (t Chat) Created(r storage.DirectiveReport) string {
	return fmt.Sprintf("Đã ban hành văn bản số %s tới %d đơn vị. Trợ lý đang gửi tới cán bộ các đơn vị; theo dõi bằng ", r.Directive.Number, len(r.Units)) +
		t.pick("/tinhhinh "+r.Directive.Number, "TINH HINH "+r.Directive.Number) + "."
}

// The summary (/tonghop, TONG HOP).

const ExportTelegramOnly = "Tệp Excel tổng hợp chỉ gửi được qua Telegram hoặc tải trên trang theo dõi (gõ DANG NHAP để lấy đường link)."

func ExportCaption(r storage.DirectiveReport) string {
	return fmt.Sprintf("Báo cáo tổng hợp văn bản số %s, số liệu đến %s.", r.Directive.Number, DateTime(r.At))
}

// SummaryForUnit answers an officer who asks for the summary: it is the
// Office's; here is the unit's own standing.
func (t Chat) SummaryForUnit() string {
	return fmt.Sprintf("Báo cáo tổng hợp của tất cả đơn vị do %s theo dõi. Tình hình của đơn vị đồng chí:", t.Org.Short)
}

// The dashboard.

func (t Chat) DashboardForbidden() string {
	return fmt.Sprintf("Trang theo dõi chỉ dành cho cán bộ của %s và lãnh đạo đơn vị.", t.Org.Short)
}

const DashboardUnset = "Trang theo dõi chưa sẵn sàng. Đồng chí vui lòng báo bộ phận kỹ thuật.\n(Bộ phận kỹ thuật: chưa cấu hình địa chỉ công khai của trang theo dõi.)"

func LoginLink(url string) string {
	return "Đường link đăng nhập trang theo dõi (dùng một lần, có hiệu lực 10 phút; không chuyển cho người khác):\n" + url
}

// Difficulties sent to the Office.

// DifficultyForOffice brings a unit's difficulty to an admin (neutral;
// on Zalo the answer is typed as TRA LOI with the number).
func (t Chat) DifficultyForOffice(d chidao.Directive, id int64, unit, person, text string, at time.Time) string {
	return fmt.Sprintf("⚠️ Khó khăn, vướng mắc số %d\nĐơn vị: %s\nCán bộ gửi: %s\nVăn bản số: %s\nLúc: %s\n\n«%s»\n\n"+
		"Đề nghị đồng chí cho ý kiến trả lời; trợ lý sẽ chuyển tới đơn vị.", id, unit, person, d.Number, DateTime(at), text)
}

// AnswerPrompt asks the admin for the answer.
func (t Chat) AnswerPrompt(id int64, unit string) string {
	return t.pick("Đồng chí vui lòng trả lời tin nhắn này bằng ", "Đồng chí vui lòng gửi ") +
		fmt.Sprintf("ý kiến trả lời khó khăn, vướng mắc số %d của %s.", id, unit)
}

const (
	AnswerHint  = "Ý kiến trả lời"
	AnswerShort = "Đồng chí vui lòng nhập ý kiến trả lời."
	AnswerEmpty = "Ý kiến trả lời đang trống. Đồng chí vui lòng gửi nội dung trả lời."
)

func DifficultyUnknown(id int64) string {
	return fmt.Sprintf("Không tìm thấy khó khăn, vướng mắc số %d.", id)
}

// DifficultyAnswer brings the Office's answer to the officer (neutral).
func (t Chat) DifficultyAnswer(d chidao.Directive, question, answer string, by chidao.Person) string {
	return fmt.Sprintf("💬 Ý kiến trả lời của %s về khó khăn, vướng mắc của đơn vị (văn bản số %s)\n\nĐơn vị đã nêu: «%s»\n\nÝ kiến trả lời: %s\n(Đồng chí %s, %s)",
		t.Org.Short, d.Number, Shorten(question, 300), answer, by.FullName, t.RoleOf(by))
}

// AnswerSent tells the admin the answer is on its way.
func AnswerSent(person, unit string, id int64, again bool) string {
	s := fmt.Sprintf("Đã gửi ý kiến trả lời tới đồng chí %s (%s); khó khăn, vướng mắc số %d được ghi nhận là đã trả lời.", person, unit, id)
	if again {
		s += " Ý kiến này thay cho ý kiến đã trả lời trước đó."
	}
	return s
}
