package texts

// The chat catalog: what chidao says in Telegram and Zalo.

import (
	"fmt"
	"strings"
	"time"

	"chidao"
	"chidao/storage"
)

// Buttons.
const (
	AckButton       = "✅ Đã nhận"
	ClipButton      = "🎬 Gửi clip"
	ReportButton    = "📝 Báo cáo"
	ApproveButton   = "✅ Duyệt"
	RejectButton    = "❌ Từ chối"
	AllUnitsButton  = "Tất cả đơn vị"
	UnitsDoneButton = "Xong ➡️"
	SendButton      = "✅ Gửi văn bản"
	CancelButton    = "Huỷ"
)

func AckedButton(t time.Time) string {
	return "✅ Đã nhận lúc " + t.In(chidao.Zone).Format("15:04 02/01/2006")
}

func DecidedButton(approve bool, t time.Time) string {
	if approve {
		return "✅ Đã duyệt lúc " + t.In(chidao.Zone).Format("15:04 02/01")
	}
	return "❌ Đã từ chối lúc " + t.In(chidao.Zone).Format("15:04 02/01")
}

// Short answers shown when a button is pressed (at most 200 characters).
const (
	NotRegisteredShort    = "Đồng chí chưa đăng ký sử dụng. Vui lòng dùng đường link mời do Văn phòng gửi."
	DirectiveClosedShort  = "Văn bản này đã kết thúc."
	NotYourDirectiveShort = "Văn bản này không giao cho đơn vị của đồng chí."
	ButtonOutdated        = "Nút này không còn hiệu lực."
	Picked                = "Đã chọn."
	NotReviewer           = "Chỉ lãnh đạo đơn vị có clip (hoặc Văn phòng) mới được duyệt clip này."
	AskReasonShort        = "Vui lòng nhập lý do từ chối."
	CreateNoUnits         = "Vui lòng chọn ít nhất một đơn vị."
	CreateFailedShort     = "Chưa tạo được văn bản."
	CreatedShort          = "Đã gửi văn bản."
)

func PromptShort(verb string) string {
	if verb == "c" {
		return "Vui lòng gửi đường link clip."
	}
	return "Vui lòng gửi nội dung báo cáo."
}

func DecisionShort(approve bool) string {
	if approve {
		return "Đã duyệt clip."
	}
	return "Đã từ chối clip."
}

// Registration.
const (
	StartNoCode = "Xin chào! Đây là trợ lý điều hành công việc của Ban Tuyên giáo.\n\n" +
		"Để sử dụng, đồng chí cần đường link mời hoặc mã đăng ký do Văn phòng cấp. " +
		"Vui lòng bấm vào đường link mời, hoặc gửi: /start MÃ_ĐĂNG_KÝ"
	NotRegistered = "Đồng chí chưa đăng ký sử dụng trợ lý nên chưa thể gửi nội dung.\n\n" +
		"Vui lòng liên hệ Văn phòng để được cấp đường link mời, sau đó bấm vào link hoặc gửi: /start MÃ_ĐĂNG_KÝ"
	CodeUnknown     = "Mã đăng ký không đúng. Vui lòng kiểm tra lại mã Văn phòng đã gửi (phân biệt chữ hoa, chữ thường)."
	CodeExpired     = "Mã đăng ký đã hết hạn. Vui lòng đề nghị Văn phòng cấp mã mới."
	CodeUsed        = "Mã đăng ký này đã được sử dụng. Nếu đồng chí chưa đăng ký, vui lòng đề nghị Văn phòng cấp mã mới."
	TooManyAttempts = "Đồng chí đã nhập sai mã quá nhiều lần. Vui lòng thử lại sau một giờ hoặc liên hệ Văn phòng."
	Inactive        = "Tài khoản của đồng chí đã ngừng sử dụng. Vui lòng liên hệ Văn phòng nếu cần."
)

var roleNames = map[chidao.Role]string{
	chidao.RoleAdmin:   "cán bộ Văn phòng",
	chidao.RoleHead:    "lãnh đạo đơn vị",
	chidao.RoleOfficer: "cán bộ đơn vị",
}

func Registered(p chidao.Person) string {
	return fmt.Sprintf("Xin chào đồng chí %s!\n\nTài khoản đã được đăng ký thành công: %s, %s (%s).\n\n%s",
		p.FullName, roleNames[p.Role], p.UnitName, p.UnitCode, Help(p.Role))
}

func Welcome(p chidao.Person) string {
	return fmt.Sprintf("Xin chào đồng chí %s (%s, %s).\n\n%s", p.FullName, roleNames[p.Role], p.UnitName, Help(p.Role))
}

func AlreadyRegistered(p chidao.Person) string {
	return fmt.Sprintf("Tài khoản này đã được đăng ký cho đồng chí %s (%s). Không cần dùng mã đăng ký nữa.", p.FullName, p.UnitName)
}

func Group(bot string) string {
	return fmt.Sprintf("Xin chào! Trợ lý chỉ làm việc trong tin nhắn riêng để bảo đảm thông tin của từng đơn vị. "+
		"Vui lòng nhắn riêng cho @%s (bấm vào tên rồi chọn «Nhắn tin»).", bot)
}

// Help.
func Help(role chidao.Role) string {
	var b strings.Builder
	b.WriteString("Hướng dẫn sử dụng:\n")
	b.WriteString("• Khi có văn bản mới, bấm «✅ Đã nhận» để xác nhận.\n")
	b.WriteString("• Gửi clip: bấm «🎬 Gửi clip» rồi gửi đường link, hoặc trả lời tin nhắn văn bản bằng đường link.\n")
	b.WriteString("• Báo cáo: /baocao nội dung, hoặc bấm «📝 Báo cáo»; có thể gửi kèm tệp PDF, DOC, DOCX, XLS, XLSX (tối đa 20 MB).\n")
	b.WriteString("• Khó khăn, vướng mắc: /khokhan nội dung\n")
	b.WriteString("• Xem việc đang làm: /viec\n")
	b.WriteString("• Dùng cả Telegram và Zalo: /lienket để lấy mã liên kết; /kenh để chọn kênh nhận tin.\n")
	if role == chidao.RoleHead {
		b.WriteString("• Là lãnh đạo đơn vị, đồng chí nhận từng clip của đơn vị để bấm «✅ Duyệt» hoặc «❌ Từ chối» (kèm lý do). Chỉ clip đã duyệt mới được tính.\n")
	}
	if role == chidao.RoleAdmin {
		b.WriteString("• Tình hình thực hiện: /tinhhinh hoặc /tinhhinh SỐ_VĂN_BẢN; tệp tổng hợp Excel: /tonghop SỐ_VĂN_BẢN\n")
		b.WriteString("• Ban hành văn bản mới: /chidao, hoặc gửi tệp PDF văn bản kèm chú thích «số hiệu | trích yếu».\n")
		b.WriteString("• Trang theo dõi trên máy tính, điện thoại: /dangnhap\n")
		b.WriteString("• Nhắc ngay các đơn vị chưa hoàn thành: /nhacnho SỐ_VĂN_BẢN; tạm dừng, tiếp tục nhắc việc: /tamdung, /tieptuc SỐ_VĂN_BẢN\n")
		b.WriteString("• Duyệt clip của các đơn vị chưa có lãnh đạo đăng ký.\n")
	}
	b.WriteString("• Huỷ thao tác đang dở: /huy")
	return b.String()
}

const (
	AdminOnly = "Chức năng này chỉ dành cho cán bộ Văn phòng."
	Cancelled = "Đã huỷ thao tác."
)

func UnknownCommand(cmd string, role chidao.Role) string {
	return fmt.Sprintf("Không có lệnh /%s.\n\n%s", cmd, Help(role))
}

func NotUnderstood(role chidao.Role) string {
	return "Trợ lý chưa hiểu nội dung đồng chí gửi. Nếu là clip, vui lòng gửi đường link (bắt đầu bằng https://); " +
		"nếu là báo cáo, vui lòng dùng /baocao nội dung.\n\nGửi /huongdan để xem hướng dẫn."
}

// Directives.
func Directive(d chidao.Directive, tasks []chidao.Task) string {
	var b strings.Builder
	fmt.Fprintf(&b, "📄 VĂN BẢN SỐ %s\nNgày %s\n\n%s\n\n", d.Number, chidao.FormatDate(d.IssuedOn), d.Title)
	fmt.Fprintf(&b, "⏰ Hạn hoàn thành: %s\n\nNhiệm vụ:\n", chidao.FormatDateTime(d.DueAt))
	for _, t := range tasks {
		fmt.Fprintf(&b, "%d. %s", t.Position, t.Text)
		if need := Need(t.Requirement()); need != "" {
			fmt.Fprintf(&b, "\n   → Cần gửi: %s", need)
		}
		if !t.DueAt.Equal(d.DueAt) {
			fmt.Fprintf(&b, " (hạn %s)", chidao.FormatDateTime(t.DueAt))
		}
		b.WriteString("\n")
	}
	if body := strings.TrimSpace(d.Body); body != "" {
		b.WriteString("\n" + body + "\n")
	}
	b.WriteString("\nĐề nghị đồng chí bấm «✅ Đã nhận» để xác nhận; gửi clip bằng nút «🎬 Gửi clip», báo cáo bằng nút «📝 Báo cáo».")
	return b.String()
}

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

const ReplyToDirective = "Để xác nhận, gửi clip hoặc báo cáo cho văn bản này, đồng chí vui lòng dùng các nút bên dưới " +
	"(hoặc gửi đường link clip, /baocao nội dung, /khokhan nội dung)."

func AlreadyApproved(c storage.Clip) string {
	return fmt.Sprintf("Clip này đã được đồng chí %s duyệt.", c.Reviewer)
}

const (
	DirectiveClosed  = "Văn bản này đã kết thúc, trợ lý không nhận thêm nội dung cho văn bản này."
	NotYourDirective = "Văn bản này không giao cho đơn vị của đồng chí."
	NoOpenDirective  = "Hiện đơn vị của đồng chí không có văn bản nào đang thực hiện nên trợ lý chưa ghi nhận nội dung này."
	InvalidInput     = "Nội dung chưa hợp lệ (quá dài hoặc có ký tự không đọc được). Vui lòng kiểm tra và gửi lại."
)

func PickDirective(kind string) string {
	what := map[string]string{"clip": "clip", "report": "báo cáo", "difficulty": "nội dung khó khăn", "ack": "xác nhận"}[kind]
	return fmt.Sprintf("Đơn vị đang thực hiện nhiều văn bản. Đồng chí gửi %s cho văn bản nào?", what)
}

func Acknowledged(d chidao.Directive, u storage.UnitReport, first bool) string {
	if first {
		return fmt.Sprintf("Đã ghi nhận đơn vị %s nhận văn bản số %s lúc %s. Hạn hoàn thành: %s.",
			u.Name, d.Number, chidao.FormatDateTime(u.AcknowledgedAt), chidao.FormatDateTime(d.DueAt))
	}
	return fmt.Sprintf("Đơn vị %s đã xác nhận nhận văn bản số %s lúc %s (đồng chí %s).",
		u.Name, d.Number, chidao.FormatDateTime(u.AcknowledgedAt), u.AcknowledgedBy)
}

// Work sent back.
const (
	NoLinks      = "Không tìm thấy đường link trong tin nhắn. Vui lòng gửi đường link clip (bắt đầu bằng https://)."
	EmptyReport  = "Nội dung báo cáo đang trống. Vui lòng gửi nội dung hoặc tệp báo cáo."
	EmptyReason  = "Vui lòng nhập lý do từ chối để cán bộ biết và sửa lại."
	ReasonPrompt = "Lý do từ chối"
)

func DuplicateClip(url string) string {
	return fmt.Sprintf("Clip %s đã được gửi trước đó, trợ lý không ghi nhận lại.", url)
}

func ClipsReceived(d chidao.Directive, n int) string {
	return fmt.Sprintf("Đã nhận %d clip cho văn bản số %s. Clip đang chờ lãnh đạo đơn vị duyệt; trợ lý sẽ báo kết quả cho đồng chí.", n, d.Number)
}

func ReportReceived(d chidao.Directive, u storage.UnitReport, withFile bool) string {
	s := fmt.Sprintf("Đã nhận báo cáo của đơn vị cho văn bản số %s", d.Number)
	if withFile {
		s += " (kèm tệp)"
	}
	return s + fmt.Sprintf(". Tình trạng hiện nay: %s.", u.Status)
}

func DifficultyReceived(d chidao.Directive) string {
	return fmt.Sprintf("Đã ghi nhận khó khăn, vướng mắc của đơn vị đối với văn bản số %s và chuyển Văn phòng tổng hợp.", d.Number)
}

func DocumentType(name string) string {
	return fmt.Sprintf("Tệp «%s» chưa đúng định dạng. Trợ lý nhận tệp PDF, DOC, DOCX, XLS, XLSX.", name)
}

func DocumentTooBig(name string, size int64) string {
	return fmt.Sprintf("Tệp «%s» (%.1f MB) vượt quá giới hạn 20 MB. Vui lòng nén hoặc chia nhỏ tệp rồi gửi lại.", name, float64(size)/(1<<20))
}

func DocumentEmpty(name string) string {
	return fmt.Sprintf("Tệp «%s» không có nội dung. Vui lòng kiểm tra và gửi lại.", name)
}

func Prompt(await string, d chidao.Directive) (text, hint string) {
	switch await {
	case "clip":
		return fmt.Sprintf("Vui lòng trả lời tin nhắn này bằng đường link clip cho văn bản số %s (có thể gửi nhiều link trong một tin).", d.Number), "https://..."
	case "difficulty":
		return fmt.Sprintf("Vui lòng trả lời tin nhắn này bằng nội dung khó khăn, vướng mắc đối với văn bản số %s.", d.Number), "Khó khăn, vướng mắc"
	}
	return fmt.Sprintf("Vui lòng trả lời tin nhắn này bằng nội dung báo cáo kết quả thực hiện văn bản số %s; có thể gửi kèm tệp PDF, DOC, DOCX, XLS, XLSX.", d.Number), "Nội dung báo cáo"
}

// /viec.
const (
	NoWork     = "Hiện đơn vị của đồng chí không có văn bản nào đang thực hiện."
	WorkFooter = "\nGửi /huongdan để xem cách gửi clip và báo cáo."
)

func WorkHeader(p chidao.Person, n int) string {
	return fmt.Sprintf("Đơn vị %s đang thực hiện %d văn bản:\n", p.UnitName, n)
}

func WorkItem(i int, d chidao.Directive, u storage.UnitReport, now time.Time) string {
	s := fmt.Sprintf("\n%d. Số %s: %s\n   Hạn: %s%s\n   Tình trạng: %s", i, d.Number, Shorten(d.Title, 120),
		chidao.FormatDateTime(d.DueAt), Remaining(d.DueAt, now), u.Status)
	if u.ClipsRequired > 0 {
		s += fmt.Sprintf("\n   Clip đã duyệt: %d/%d", u.ClipsApproved, u.ClipsRequired)
	}
	if len(u.Reports) > 0 {
		s += "\n   Đã gửi báo cáo"
	}
	return s + "\n"
}

// Remaining counts calendar days in Vietnam: a deadline at 09:00
// tomorrow is "còn 1 ngày" even at 20:00 today.
func Remaining(due, now time.Time) string {
	if !due.After(now) {
		return fmt.Sprintf(" (quá hạn %d ngày)", max(chidao.DaysLate(due, now), 1))
	}
	y1, m1, d1 := now.In(chidao.Zone).Date()
	y2, m2, d2 := due.In(chidao.Zone).Date()
	days := int(time.Date(y2, m2, d2, 0, 0, 0, 0, time.UTC).Sub(time.Date(y1, m1, d1, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	if days == 0 {
		return " (hết hạn trong hôm nay)"
	}
	return fmt.Sprintf(" (còn %d ngày)", days)
}

// Review.
func ReviewRequest(c storage.Clip) string {
	return fmt.Sprintf("🎬 Clip mới cần duyệt\nĐơn vị: %s\nCán bộ: %s\nVăn bản số: %s\nNền tảng: %s\nĐường link: %s\n\nĐề nghị đồng chí xem clip và bấm «✅ Duyệt» hoặc «❌ Từ chối».",
		c.UnitName, c.PersonName, c.Number, PlatformLabel(c.Platform), c.URL)
}

func AskReason(c storage.Clip) string {
	return fmt.Sprintf("Vui lòng trả lời tin nhắn này bằng lý do từ chối clip %s của đồng chí %s.", c.URL, c.PersonName)
}

func DecisionDone(c storage.Clip, approve bool, u storage.UnitReport) string {
	verb := "Đã duyệt"
	if !approve {
		verb = "Đã từ chối"
	}
	return fmt.Sprintf("%s clip %s của đồng chí %s. Đơn vị %s có %d/%d clip đã duyệt.", verb, c.URL, c.PersonName, u.Name, u.ClipsApproved, u.ClipsRequired)
}

func DecisionForOfficer(c storage.Clip, d chidao.Directive, approve bool, reason string, reviewer chidao.Person, u storage.UnitReport) string {
	if approve {
		return fmt.Sprintf("✅ Clip %s (văn bản số %s) đã được đồng chí %s duyệt. Đơn vị có %d/%d clip đã duyệt.",
			c.URL, d.Number, reviewer.FullName, u.ClipsApproved, u.ClipsRequired)
	}
	return fmt.Sprintf("❌ Clip %s (văn bản số %s) chưa được duyệt.\nLý do: %s\n\nĐề nghị đồng chí chỉnh sửa và gửi lại đường link mới.",
		c.URL, d.Number, reason)
}

// Office.
const (
	NoOpenDirectives = "Hiện không có văn bản nào đang thực hiện."
	SituationFooter  = "\nXem chi tiết từng đơn vị: /tinhhinh SỐ_VĂN_BẢN"
)

func SituationHeader(n int) string {
	return fmt.Sprintf("Tình hình thực hiện %d văn bản đang mở:\n", n)
}

func SituationLine(r storage.DirectiveReport) string {
	n := r.Count()
	return fmt.Sprintf("\n• Số %s (mã %d), hạn %s: %d đơn vị\n  Chưa nhận: %d · Đang thực hiện: %d · Quá hạn: %d · Hoàn thành: %d\n",
		r.Directive.Number, r.Directive.ID, chidao.FormatDateTime(r.Directive.DueAt), len(r.Units),
		n[chidao.StatusNotAcknowledged], n[chidao.StatusInProgress], n[chidao.StatusOverdue],
		n[chidao.StatusDoneOnTime]+n[chidao.StatusDoneLate])
}

func SituationDetail(r storage.DirectiveReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Tình hình văn bản số %s (hạn %s), lúc %s:\n", r.Directive.Number,
		chidao.FormatDateTime(r.Directive.DueAt), chidao.FormatDateTime(r.At))
	for _, st := range chidao.Statuses {
		fmt.Fprintf(&b, "%s: %d\n", st, r.Count()[st])
	}
	for _, u := range r.Units {
		fmt.Fprintf(&b, "\n• %s: %s", u.Name, u.Status)
		if u.ClipsRequired > 0 {
			fmt.Fprintf(&b, "; clip %d/%d", u.ClipsApproved, u.ClipsRequired)
		}
		if len(u.Reports) > 0 {
			b.WriteString("; đã báo cáo")
		}
		if len(u.Difficulties) > 0 {
			fmt.Fprintf(&b, "; %d khó khăn", len(u.Difficulties))
		}
		if !u.SnoozedUntil.IsZero() {
			fmt.Fprintf(&b, "; ⏰ hoãn nhắc đến %s", chidao.FormatDateTime(u.SnoozedUntil))
		}
	}
	return b.String()
}

func UnknownDirective(arg string) string {
	return fmt.Sprintf("Không tìm thấy văn bản «%s». Gửi /tinhhinh để xem danh sách văn bản đang mở.", arg)
}

// Guided creation.
func CreateStep(step string, withFile bool) string {
	switch step {
	case "tasks":
		return "Bước 2/4. Gửi các nhiệm vụ, mỗi dòng một nhiệm vụ. Ghi «(3 clip)» nếu nhiệm vụ cần clip, «(báo cáo)» nếu cần báo cáo.\n" +
			"Ví dụ:\nĐăng tải clip tuyên truyền trên trang của đơn vị (3 clip)\nBáo cáo kết quả thực hiện (báo cáo)\n\nGửi «-» nếu văn bản chỉ có một nhiệm vụ là trích yếu."
	case "due":
		return "Bước 3/4. Gửi hạn hoàn thành, dạng dd/mm/yyyy hoặc dd/mm/yyyy HH:MM (giờ Việt Nam)."
	}
	s := "Ban hành văn bản mới (gửi /huy để dừng).\n\nBước 1/4. Gửi số hiệu và trích yếu, cách nhau bởi dấu «|».\nVí dụ: 1483-CV/BTGTU | V/v tuyên truyền kỷ niệm Ngày thành lập Đảng"
	if withFile {
		s = "Đã nhận tệp văn bản; tệp sẽ được gửi kèm.\n\n" + s
	}
	return s
}

const (
	CreateBadNumber  = "Chưa đọc được số hiệu và trích yếu. Vui lòng gửi dạng: SỐ HIỆU | TRÍCH YẾU"
	CreateBadDue     = "Hạn hoàn thành chưa đúng hoặc đã qua. Vui lòng gửi dạng dd/mm/yyyy hoặc dd/mm/yyyy HH:MM."
	CreateUseButtons = "Vui lòng dùng các nút bên dưới tin nhắn trước, hoặc /huy để dừng."
	CreateCancelled  = "Đã huỷ việc ban hành văn bản."
)

func CreateUnknownUnit(code string) string {
	return fmt.Sprintf("Không có đơn vị mã «%s». Vui lòng kiểm tra lại mã đơn vị.", code)
}

func CreateUnits(many bool) string {
	s := "Bước 4/4. Chọn các đơn vị nhận văn bản (bấm lần nữa để bỏ chọn), rồi bấm «Xong ➡️»."
	if many {
		s += "\nDanh sách dài: có thể gửi mã các đơn vị, cách nhau bởi dấu phẩy."
	}
	return s
}

// Draft is a directive being written in the chat, as its confirmation
// shows it.
type Draft struct {
	Number, Title string
	Due           time.Time
	Tasks         []DraftTask
	Units         []string
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
	fmt.Fprintf(&b, "Kiểm tra lại trước khi gửi:\n\nSố: %s\nTrích yếu: %s\nHạn: %s\nNhiệm vụ:\n", d.Number, d.Title, chidao.FormatDateTime(d.Due))
	for i, t := range d.Tasks {
		fmt.Fprintf(&b, "%d. %s", i+1, t.Text)
		if need := Need(t.Requirement); need != "" {
			b.WriteString(" (" + need + ")")
		}
		b.WriteString("\n")
	}
	if d.All {
		b.WriteString("Đơn vị nhận: tất cả đơn vị\n")
	} else {
		fmt.Fprintf(&b, "Đơn vị nhận (%d): %s\n", len(d.Units), strings.Join(d.Units, ", "))
	}
	if d.File {
		b.WriteString("Kèm tệp văn bản.\n")
	}
	return b.String()
}

func CreateFailed(err error) string {
	return fmt.Sprintf("Chưa tạo được văn bản: %s\nVui lòng gửi /chidao để làm lại.", createFailReason(err))
}

func createFailReason(err error) string {
	switch {
	case err == nil:
		return ""
	case strings.Contains(err.Error(), chidao.ErrConflict.Error()):
		return "số hiệu văn bản đã tồn tại"
	}
	return "thông tin chưa hợp lệ"
}

func Created(r storage.DirectiveReport) string {
	return fmt.Sprintf("Đã ban hành văn bản số %s (mã %d) tới %d đơn vị. Trợ lý đang gửi tới cán bộ các đơn vị; theo dõi bằng /tinhhinh %s",
		r.Directive.Number, r.Directive.ID, len(r.Units), r.Directive.Number)
}

// Platform-side notices.

// Apology is sent when chidao failed to handle a message.
const Apology = "Xin lỗi đồng chí, trợ lý gặp sự cố khi xử lý tin nhắn vừa rồi. Sự cố đã được ghi lại để Văn phòng kiểm tra; đồng chí vui lòng gửi lại sau ít phút."

const ApologyShort = "Xin lỗi, trợ lý gặp sự cố."

// UnreachableReason says, for the Office, why a channel refused the
// person (why is the platform's error).
func UnreachableReason(ch chidao.Channel, why string) string {
	switch {
	case strings.Contains(why, "deactivated"):
		return "tài khoản đã bị vô hiệu hoá"
	case ch == chidao.Zalo && strings.Contains(why, "unfollow"):
		return "đồng chí đã bỏ quan tâm Official Account"
	case ch == chidao.Zalo:
		return "đồng chí không nhắn tin tới Official Account trong 7 ngày qua (Zalo chỉ cho phép trả lời trong thời gian đó)"
	}
	return "đồng chí đã chặn hoặc xoá trợ lý"
}

// Unreachable tells the Office admins that someone can no longer be reached.
func Unreachable(p chidao.Person, ch chidao.Channel, why string) string {
	fix := "mở lại trợ lý trên Telegram (bấm Start)"
	if ch == chidao.Zalo {
		fix = "nhắn một tin bất kỳ tới Official Account trên Zalo"
	}
	return fmt.Sprintf("⚠️ Không gửi được tin nhắn %s tới đồng chí %s (%s, %s): %s. Đề nghị Văn phòng liên hệ để đồng chí %s.",
		ChannelName(ch), p.FullName, roleNames[p.Role], p.UnitName, why, fix)
}

func ChannelName(ch chidao.Channel) string {
	if ch == chidao.Zalo {
		return "Zalo"
	}
	return "Telegram"
}

// Reminders.
const (
	SnoozeButton  = "⏰ Nhắc lại sau"
	ReportOwed    = "báo cáo kết quả"
	AckOwed       = "Đơn vị chưa xác nhận đã nhận văn bản"
	NeedDirective = "Vui lòng ghi số văn bản sau lệnh, ví dụ: /nhacnho 1483-CV/BTGTU hoặc /tamdung 1483-CV/BTGTU"
)

// Owed joins what a unit still owes into one sentence.
func Owed(parts []string) string {
	return "Đơn vị còn thiếu " + strings.Join(parts, " và ")
}

func ClipsOwed(missing, required int) string {
	return fmt.Sprintf("%d/%d clip đã được duyệt", missing, required)
}

// Reminder is what a unit reads: exactly what it still owes, by when.
func Reminder(kind string, d chidao.Directive, u storage.UnitReport, owed string, due, now time.Time) string {
	head := "⏰ Nhắc việc:"
	switch {
	case kind == "nudge":
		head = "⏰ Nhắc xác nhận:"
	case kind == "manual":
		head = "📣 Văn phòng nhắc việc:"
	case kind == "snooze":
		head = "⏰ Nhắc lại theo đề nghị của đồng chí:"
	case strings.HasPrefix(kind, "escalation"):
		head = fmt.Sprintf("⚠️ Báo cáo lãnh đạo: đơn vị %s quá hạn thực hiện", u.Name)
	case strings.HasPrefix(kind, "overdue"):
		head = "⚠️ Đơn vị đã quá hạn thực hiện"
	case strings.HasSuffix(kind, "catchup"):
		head = "⏰ Nhắc việc (gộp các lần nhắc chưa gửi được):"
	}
	s := fmt.Sprintf("%s văn bản số %s – %s\n\n", head, d.Number, Shorten(d.Title, 120))
	if owed != "" {
		s += owed + "; "
	}
	// e.g. "Đơn vị còn thiếu 2/3 clip đã được duyệt và báo cáo kết quả; hạn 15/04/2024 17:00 (còn 1 ngày)."
	return s + "hạn " + chidao.FormatDateTime(due) + Remaining(due, now) + "."
}

func Snoozed(until time.Time) string {
	return fmt.Sprintf("Trợ lý sẽ nhắc lại lúc %s ngày %s. Hạn hoàn thành không thay đổi.",
		until.In(chidao.Zone).Format("15:04"), chidao.FormatDate(until))
}

func RemindTooSoon(last time.Time) string {
	return fmt.Sprintf("Văn bản này đã được nhắc lúc %s. Mỗi văn bản chỉ nhắc tối đa một lần mỗi giờ.", chidao.FormatDateTime(last))
}

func Reminded(n, total int) string {
	if total == 0 {
		return "Tất cả các đơn vị đã hoàn thành văn bản này, không cần nhắc."
	}
	s := fmt.Sprintf("Trợ lý đang gửi lời nhắc tới %d đơn vị chưa hoàn thành.", n)
	if total > n {
		s += fmt.Sprintf(" %d đơn vị chưa có ai đăng ký nhận tin nên không nhắc được.", total-n)
	}
	return s
}

func RemindersPaused(paused bool) string {
	if paused {
		return "Đã tạm dừng nhắc việc đối với văn bản này. Gửi /tieptuc SỐ_VĂN_BẢN để nhắc lại."
	}
	return "Đã tiếp tục nhắc việc đối với văn bản này (không gửi bù các lần nhắc trong thời gian tạm dừng)."
}

// Digest lists, per directive, the units past their deadline, and
// the people chidao cannot reach.
func Digest(reports []storage.DirectiveReport, lost []storage.UnreachablePerson, at time.Time) string {
	var b strings.Builder
	for _, r := range reports {
		var late []string
		for _, u := range r.Units {
			if u.Status == chidao.StatusOverdue {
				late = append(late, u.Name)
			}
		}
		if len(late) > 0 {
			fmt.Fprintf(&b, "\n• Văn bản số %s (hạn %s): %d đơn vị quá hạn – %s\n", r.Directive.Number,
				chidao.FormatDateTime(r.Directive.DueAt), len(late), strings.Join(late, ", "))
		}
	}
	if len(lost) > 0 {
		fmt.Fprintf(&b, "\nKhông liên lạc được (%d):\n", len(lost))
		for _, p := range lost {
			fmt.Fprintf(&b, "• %s (%s) qua %s\n", p.Name, p.Unit, ChannelName(p.Channel))
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return fmt.Sprintf("📊 Tổng hợp cuối ngày %s\n%s\nXem chi tiết: /tinhhinh SỐ_VĂN_BẢN; nhắc ngay: /nhacnho SỐ_VĂN_BẢN",
		chidao.FormatDate(at), b.String())
}

// Weekly summarises every open directive.
func Weekly(reports []storage.DirectiveReport, at time.Time) string {
	if len(reports) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "📊 Tổng hợp tuần (%s): %d văn bản đang thực hiện\n", chidao.FormatDate(at), len(reports))
	for _, r := range reports {
		b.WriteString(SituationLine(r))
	}
	return b.String()
}

// Zalo (no buttons: typed keywords).
const (
	Followed = "Cảm ơn đồng chí đã quan tâm Official Account của Ban Tuyên giáo.\n\n" +
		"Để nhận và báo cáo văn bản chỉ đạo, đồng chí vui lòng gửi: DK <mã đăng ký> (mã do Văn phòng cấp, ví dụ DK AB12CD34)."
	ReviewUsage  = "Vui lòng ghi số clip, ví dụ: DUYET 12 hoặc TU CHOI 12 <lý do>."
	ReplyNumber  = "Đồng chí vui lòng trả lời bằng số thứ tự."
	ReplyWith    = "Đồng chí có thể trả lời:"
	ReplyDefault = "Đồng chí có thể trả lời VIEC để xem việc đang làm, HUONG DAN để xem hướng dẫn."
)

// TypedReply is what to type instead of pressing a button (verb:id).
func TypedReply(verb string, id int64) string {
	switch verb {
	case "a":
		return "DA NHAN để xác nhận đã nhận văn bản"
	case "c":
		return "đường link clip để gửi clip"
	case "r":
		return "BAO CAO <nội dung> để gửi báo cáo"
	case "z":
		return "NHAC SAU để được nhắc lại vào sáng ngày làm việc tiếp theo"
	case "v":
		return fmt.Sprintf("DUYET %d để duyệt clip", id)
	case "x":
		return fmt.Sprintf("TU CHOI %d <lý do> để từ chối", id)
	}
	return ""
}

func ChannelSet(ch chidao.Channel) string {
	return fmt.Sprintf("Từ nay trợ lý sẽ gửi tin nhắn cho đồng chí qua %s.", ChannelName(ch))
}

func ChannelNotLinked(ch chidao.Channel) string {
	return fmt.Sprintf("Tài khoản %s của đồng chí chưa được liên kết. Vui lòng gửi /lienket (hoặc LIEN KET) để lấy mã liên kết, rồi dùng mã đó trên %s.",
		ChannelName(ch), ChannelName(ch))
}

func AccountLinked(ch chidao.Channel) string {
	return fmt.Sprintf("Tài khoản %s vừa được liên kết với đồng chí. Nếu không phải đồng chí thực hiện, vui lòng báo ngay Văn phòng.", ChannelName(ch))
}

const ClipUnknown = "Không tìm thấy clip số này. Vui lòng kiểm tra lại số clip trong tin nhắn đề nghị duyệt."

// ZaloToken alerts the Office admins that Zalo needs a human.
const ZaloToken = "⚠️ Trợ lý không gửi được tin nhắn Zalo: mã truy cập Official Account đã hết hiệu lực. " +
	"Đề nghị quản trị viên OA cấp lại quyền, rồi cán bộ kỹ thuật chạy lệnh chidao zalo token set và dán refresh token mới."

func LinkCode(short, long, bot string) string {
	s := fmt.Sprintf("Mã liên kết tài khoản (dùng một lần, có hiệu lực trong 1 giờ; không chia sẻ mã này cho người khác): %s\n\n• Trên Zalo: gửi tin nhắn «DK %s» tới Official Account của Ban Tuyên giáo.", short, short)
	if bot != "" {
		s += fmt.Sprintf("\n• Trên Telegram: mở https://t.me/%s?start=%s", bot, long)
	}
	return s + "\n\nTin nhắn sẽ được gửi qua kênh đồng chí đăng ký đầu tiên; gửi /kenh (hoặc KENH) trên kênh muốn dùng để đổi."
}

const PhoneSaved = "Cảm ơn đồng chí đã chia sẻ số điện thoại. Văn phòng sẽ dùng số này khi cần liên hệ trực tiếp."

const ExportTelegramOnly = "Tệp tổng hợp Excel chỉ gửi được qua Telegram hoặc lệnh chidao report."

func ExportCaption(r storage.DirectiveReport) string {
	return fmt.Sprintf("Báo cáo tổng hợp văn bản số %s, số liệu đến %s.", r.Directive.Number, chidao.FormatDateTime(r.At))
}

const (
	DashboardForbidden = "Trang theo dõi chỉ dành cho cán bộ Văn phòng và lãnh đạo đơn vị."
	DashboardUnset     = "Trang theo dõi chưa được cấu hình địa chỉ (PUBLIC_URL). Vui lòng liên hệ cán bộ kỹ thuật của Văn phòng."
)

func LoginLink(url string) string {
	return "Đường link đăng nhập trang theo dõi (dùng một lần, hiệu lực 10 phút; không chuyển cho người khác):\n" + url
}
