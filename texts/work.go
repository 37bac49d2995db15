package texts

// The work of a unit: the directive as it arrives, acknowledging, sending
// clips, reports and difficulties, and where the unit stands.

import (
	"fmt"
	"strings"
	"time"

	"chidao"
	"chidao/storage"
)

// Directive is the letter as officers read it (neutral: rendered before
// the channel is known).
func (t Chat) Directive(d chidao.Directive, tasks []chidao.Task) string {
	var b strings.Builder
	fmt.Fprintf(&b, "📄 VĂN BẢN SỐ %s\nNgày ban hành: %s\n\n%s\n\n", d.Number, Date(d.IssuedOn), d.Title)
	fmt.Fprintf(&b, "⏰ Hạn hoàn thành: %s\n\nNhiệm vụ:\n", Deadline(d.DueAt))
	for _, task := range tasks {
		fmt.Fprintf(&b, "%d. %s", task.Position, task.Text)
		if need := Need(task.Requirement()); need != "" {
			fmt.Fprintf(&b, "\n   → Cần gửi: %s", need)
		}
		if !task.DueAt.Equal(d.DueAt) {
			fmt.Fprintf(&b, " (hạn %s)", Deadline(task.DueAt))
		}
		b.WriteString("\n")
	}
	if body := strings.TrimSpace(d.Body); body != "" {
		b.WriteString("\n" + body + "\n")
	}
	fmt.Fprintf(&b, "\nĐề nghị đồng chí xác nhận đã nhận văn bản và gửi kết quả thực hiện, khó khăn, vướng mắc (nếu có) về %s.", t.Org.Short)
	return b.String()
}

// Need says what a task asks back.
func Need(r chidao.Requirement) string {
	var parts []string
	if r.MinClips > 0 {
		parts = append(parts, fmt.Sprintf("ít nhất %d clip được lãnh đạo đơn vị duyệt", r.MinClips))
	}
	if r.Report {
		parts = append(parts, "báo cáo kết quả")
	}
	return strings.Join(parts, " và ")
}

func AttachmentCaption(d chidao.Directive, name string) string {
	return fmt.Sprintf("Tệp đính kèm văn bản số %s: %s", d.Number, name)
}

// Owed is what a unit still has to send for a directive.
type Owed struct {
	ClipsNeeded   int  // clips approved the most demanding incomplete task needs
	ClipsApproved int  // clips approved so far
	Report        bool // a report is still missing
	Ack           bool // the unit has not acknowledged (and owes nothing else)
}

// Progress says plainly what is missing: "Còn thiếu 2 clip được duyệt
// (đã duyệt 1/3) và báo cáo kết quả." Empty when nothing is.
func Progress(o Owed) string {
	var parts []string
	if o.ClipsNeeded > o.ClipsApproved {
		parts = append(parts, fmt.Sprintf("%d clip được duyệt (đã duyệt %d/%d)", o.ClipsNeeded-o.ClipsApproved, o.ClipsApproved, o.ClipsNeeded))
	}
	if o.Report {
		parts = append(parts, "báo cáo kết quả")
	}
	switch {
	case len(parts) > 0:
		return "Còn thiếu " + strings.Join(parts, " và ") + "."
	case o.Ack:
		return "Đơn vị chưa xác nhận đã nhận văn bản."
	}
	return ""
}

// Completed says the unit is done with a directive.
func Completed(d chidao.Directive, u storage.UnitReport) string {
	if u.Status == chidao.StatusDoneLate {
		return fmt.Sprintf("Đơn vị đã hoàn thành nhiệm vụ theo văn bản số %s (quá hạn %d ngày). Cảm ơn đồng chí.", d.Number, chidao.DaysLate(d.DueAt, u.DoneAt))
	}
	return fmt.Sprintf("Đơn vị đã hoàn thành đúng hạn nhiệm vụ theo văn bản số %s. Cảm ơn đồng chí.", d.Number)
}

// Standing is the unit's progress, or its completion.
func Standing(d chidao.Directive, u storage.UnitReport, o Owed) string {
	if u.Status.Done() {
		return Completed(d, u)
	}
	return Progress(o)
}

// Acknowledged confirms an acknowledgement, with what is still owed.
func (t Chat) Acknowledged(d chidao.Directive, u storage.UnitReport, first bool, o Owed) string {
	if !first {
		return fmt.Sprintf("Văn bản số %s đã được đơn vị nhận lúc %s (đồng chí %s xác nhận).",
			d.Number, DateTime(u.AcknowledgedAt), u.AcknowledgedBy)
	}
	s := fmt.Sprintf("Đã ghi nhận đơn vị %s nhận văn bản số %s lúc %s. Hạn hoàn thành: %s.",
		u.Name, d.Number, DateTime(u.AcknowledgedAt), Deadline(d.DueAt))
	if p := Standing(d, u, o); p != "" {
		s += "\n" + p
	}
	return s
}

// AckShort is the toast for the acknowledgement button.
func AckShort(d chidao.Directive, u storage.UnitReport) string {
	return fmt.Sprintf("Đã ghi nhận đơn vị nhận văn bản số %s lúc %s.", d.Number, DateTime(u.AcknowledgedAt))
}

// Refusals of work.
func (t Chat) DirectiveClosed() string {
	return fmt.Sprintf("Văn bản này đã được %s kết thúc theo dõi nên trợ lý không nhận thêm nội dung.", t.Org.Short)
}

const (
	NotYourDirective = "Văn bản này không giao cho đơn vị của đồng chí."
	NoOpenDirective  = "Hiện đơn vị của đồng chí không có văn bản nào đang thực hiện nên trợ lý chưa ghi nhận nội dung này."
	InvalidInput     = "Nội dung chưa hợp lệ (quá dài hoặc có ký tự không đọc được). Đồng chí vui lòng kiểm tra và gửi lại."
	NothingToAck     = "Đơn vị đã xác nhận đã nhận tất cả văn bản đang thực hiện. Cảm ơn đồng chí."
)

// PickDirective asks which directive work is for.
func (t Chat) PickDirective(kind string) string {
	what := map[string]string{"clip": "clip", "report": "báo cáo", "difficulty": "khó khăn, vướng mắc", "ack": "xác nhận",
		"snooze": "đề nghị nhắc lại sau", "summary": "số liệu tổng hợp"}[kind]
	s := fmt.Sprintf("Đơn vị đang thực hiện nhiều văn bản. Đồng chí gửi %s theo văn bản nào?", what)
	if kind == "summary" {
		s = "Đồng chí cần số liệu tổng hợp của văn bản nào?"
	}
	return s
}

// Work sent back.

func DuplicateClip(url string) string {
	return fmt.Sprintf("Clip %s đã được gửi trước đó, trợ lý không ghi nhận lại.", url)
}

// ClipsReceived confirms clips; byOffice says the Office reviews them
// (the unit has no head registered).
func (t Chat) ClipsReceived(d chidao.Directive, n int, byOffice bool) string {
	who := "lãnh đạo đơn vị"
	if byOffice {
		who = t.Org.Short
	}
	return fmt.Sprintf("Đã nhận %d clip của đơn vị theo văn bản số %s. Clip đã được chuyển tới %s duyệt; có kết quả, trợ lý sẽ báo lại đồng chí.", n, d.Number, who)
}

func ReportReceived(d chidao.Directive, fileName string, standing string) string {
	s := fmt.Sprintf("Đã nhận báo cáo của đơn vị đối với văn bản số %s", d.Number)
	if fileName != "" {
		s += fmt.Sprintf(" (kèm tệp «%s»)", fileName)
	}
	s += "."
	if standing != "" {
		s += "\n" + standing
	}
	return s
}

func (t Chat) DifficultyReceived(d chidao.Directive) string {
	return fmt.Sprintf("Đã chuyển khó khăn, vướng mắc của đơn vị đối với văn bản số %s tới %s. Khi có ý kiến trả lời, trợ lý sẽ báo lại đồng chí.",
		d.Number, t.Org.Short)
}

func DocumentType(name string) string {
	return fmt.Sprintf("Tệp «%s» chưa đúng định dạng. Trợ lý nhận tệp PDF, Word (DOC, DOCX) và Excel (XLS, XLSX).", name)
}

func DocumentTooBig(name string, size int64) string {
	return fmt.Sprintf("Tệp «%s» (%s MB) vượt quá giới hạn 20 MB. Đồng chí vui lòng nén hoặc chia nhỏ tệp rồi gửi lại.", name, Decimal(float64(size)/(1<<20)))
}

func DocumentEmpty(name string) string {
	return fmt.Sprintf("Tệp «%s» không có nội dung. Đồng chí vui lòng kiểm tra và gửi lại.", name)
}

// Problems with an answer to a prompt.
const (
	NoLinks     = "Tin nhắn chưa có đường link clip. Đồng chí vui lòng gửi đường link (bắt đầu bằng https://) của clip đã đăng trên trang của đơn vị."
	EmptyReport = "Nội dung báo cáo đang trống. Đồng chí vui lòng gửi nội dung hoặc tệp báo cáo."
	EmptyReason = "Đồng chí vui lòng ghi lý do từ chối để cán bộ biết và chỉnh sửa."
	ReasonHint  = "Lý do từ chối"
)

// Prompt asks for a clip, a report or a difficulty; hint is the input
// field's placeholder (Telegram).
func (t Chat) Prompt(await string, d chidao.Directive) (text, hint string) {
	lead := t.pick("Đồng chí vui lòng trả lời tin nhắn này bằng ", "Đồng chí vui lòng gửi ")
	switch await {
	case "clip":
		return lead + fmt.Sprintf("đường link clip thực hiện văn bản số %s (có thể gửi nhiều đường link trong một tin).", d.Number), "https://..."
	case "difficulty":
		return lead + fmt.Sprintf("nội dung khó khăn, vướng mắc đối với văn bản số %s.", d.Number), "Khó khăn, vướng mắc"
	}
	return lead + fmt.Sprintf("nội dung báo cáo kết quả thực hiện văn bản số %s; có thể gửi kèm tệp PDF, Word, Excel.", d.Number), "Nội dung báo cáo"
}

// PromptShort is the toast of a button that asks for something.
func PromptShort(await string) string {
	switch await {
	case "clip":
		return "Đồng chí vui lòng gửi đường link clip."
	case "difficulty":
		return "Đồng chí vui lòng gửi nội dung khó khăn, vướng mắc."
	}
	return "Đồng chí vui lòng gửi nội dung báo cáo."
}

// Where the unit stands (/viec, VIEC, "Đơn vị còn thiếu gì?").

const NoWork = "Hiện đơn vị của đồng chí không có văn bản nào đang thực hiện."

func WorkHeader(p chidao.Person, n int) string {
	return fmt.Sprintf("Đơn vị %s đang thực hiện %d văn bản:\n", p.UnitName, n)
}

// WorkItem is one directive of the unit, with what is still missing.
func WorkItem(i int, d chidao.Directive, u storage.UnitReport, o Owed, now time.Time) string {
	s := fmt.Sprintf("\n%d. Văn bản số %s: %s\n   Hạn: %s (%s)\n   Tình trạng: %s", i, d.Number, Shorten(d.Title, 120),
		Deadline(d.DueAt), Remaining(d.DueAt, now), u.Status)
	if p := Progress(o); p != "" && !u.Status.Done() {
		s += "\n   " + p
	}
	return s + "\n"
}

func (t Chat) WorkFooter() string {
	return "\n" + t.pick("Gửi /huongdan để xem cách gửi clip và báo cáo.", "Gõ HUONG DAN để xem cách gửi clip và báo cáo.")
}

// DeadlineOf answers "Hạn khi nào?" for one directive.
func DeadlineOf(d chidao.Directive, u storage.UnitReport, o Owed, now time.Time) string {
	s := fmt.Sprintf("Văn bản số %s (%s): hạn hoàn thành %s (%s).", d.Number, Shorten(d.Title, 80), Deadline(d.DueAt), Remaining(d.DueAt, now))
	if p := Standing(d, u, o); p != "" {
		s += "\n" + p
	}
	return s
}
