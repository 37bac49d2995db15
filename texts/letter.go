package texts

// Issuing a directive from its signed letter: an Office admin sends the
// PDF or Word file in the chat (or uploads it on the dashboard), chidao
// reads it, shows the draft, asks only for what the letter lacks, and
// issues it once the admin confirms.

import (
	"fmt"
	"path"
	"strings"
	"time"

	"chidao"
	"chidao/letter"
)

// The buttons under a letter's draft, in the order Zalo numbers them.
const (
	LetterIssueButton = "📤 Ban hành"
	LetterDueButton   = "✏️ Sửa hạn"
	LetterNumButton   = "✏️ Sửa số hiệu"
	LetterTitleButton = "✏️ Sửa trích yếu"
	LetterUnitsButton = "✏️ Sửa đơn vị nhận"
)

// LetterDraft is a letter read in the chat, as the admin checks it.
type LetterDraft struct {
	File          string // the file's name
	Number, Title string
	Issued        time.Time // zero: the letter gives no date (today is used)
	Due           time.Time // zero: none yet
	Implements    string
	Signer        string
	SignerTitle   string
	Tasks         []LetterTask
	Recipients    []LetterRecipient // as the letter names them, until the admin picks units
	Units         []string          // the units' names, once the admin picked them
	All           bool              // every unit
	Unmatched     []LetterRecipient // phrases no unit answers (Units: the candidates' names)
	Count         int               // units it goes to
}

// LetterTask is one task of a LetterDraft.
type LetterTask struct {
	Text string
	chidao.Requirement
	ClipsAssumed bool      // the letter asks for clips without a number: 1 assumed
	Due          time.Time // its own deadline, when it differs
}

// LetterRecipient is a phrase of "Kính gửi:" and the names of its units.
type LetterRecipient struct {
	Text  string
	Units []string
}

// LetterReading acknowledges the file while its bytes are fetched.
func LetterReading(name string) string {
	return fmt.Sprintf("Đã nhận tệp «%s». Trợ lý đang đọc văn bản, đồng chí vui lòng chờ trong giây lát.", name)
}

// LetterStillReading answers a message sent before the file has arrived.
func (t Chat) LetterStillReading(name string) string {
	return fmt.Sprintf("Trợ lý vẫn đang tải tệp «%s», đồng chí vui lòng chờ trong giây lát (", name) +
		t.pick("gửi /huy để dừng).", "gõ HUY để dừng).")
}

// LetterFetchFailed says the platform did not give the file.
func LetterFetchFailed(name string, ch chidao.Channel) string {
	return fmt.Sprintf("Trợ lý không tải được tệp «%s» từ %s. Đồng chí vui lòng gửi lại tệp.", name, ChannelName(ch))
}

// letterProblem says what is wrong with a file the reader refused, and
// what to send instead (the object of "gửi" or "tải lên").
func letterProblem(e *letter.Error, name string) (what, instead string) {
	switch e.Problem {
	case letter.NoText:
		return fmt.Sprintf("Văn bản «%s» là bản quét (ảnh chụp), trợ lý chưa đọc được chữ trong đó.", name),
			"bản PDF xuất từ hệ thống văn phòng điện tử (bản ký số) hoặc tệp Word (.docx) của văn bản"
	case letter.Unreadable:
		return fmt.Sprintf("Tệp PDF «%s» dùng phông chữ cũ nên trợ lý chưa đọc được chữ.", name),
			"tệp Word (.docx), hoặc xuất lại tệp PDF từ hệ thống văn phòng điện tử"
	case letter.Encrypted:
		return fmt.Sprintf("Tệp PDF «%s» có mật khẩu hoặc được mã hóa nên trợ lý chưa đọc được.", name),
			"bản không đặt mật khẩu"
	case letter.Damaged:
		return fmt.Sprintf("Tệp «%s» bị lỗi, trợ lý không mở được.", name), "tệp đã lưu hoặc xuất lại"
	case letter.TooLarge:
		return fmt.Sprintf("Tệp «%s» lớn hơn 20 MB, trợ lý không đọc được.", name),
			"bản PDF xuất từ hệ thống văn phòng điện tử (thường chỉ vài trăm KB)"
	case letter.Empty:
		return fmt.Sprintf("Tệp «%s» không có nội dung.", name), "lại tệp văn bản"
	case letter.NotALetter:
		return fmt.Sprintf("Trợ lý không tìm thấy số hiệu, ngày ban hành, trích yếu, nơi nhận hay người ký trong tệp «%s», nên chưa nhận ra đây là văn bản chỉ đạo.", name),
			"tệp PDF hoặc Word của văn bản đã ký"
	}
	if strings.Contains(e.Kind, "image") {
		return fmt.Sprintf("Tệp «%s» là ảnh chụp, trợ lý chưa đọc được chữ trong đó.", name),
			"bản PDF xuất từ hệ thống văn phòng điện tử (bản ký số) hoặc tệp Word (.docx) của văn bản"
	}
	if strings.EqualFold(path.Ext(name), ".doc") {
		return fmt.Sprintf("Tệp «%s» là định dạng Word cũ (.doc), trợ lý chưa đọc được.", name), "bản PDF, hoặc lưu lại dưới dạng .docx"
	}
	return fmt.Sprintf("Tệp «%s» không phải tệp PDF hay Word (.docx) nên trợ lý chưa đọc được nội dung.", name),
		"bản PDF hoặc tệp Word (.docx) của văn bản"
}

// LetterRefused says, in the chat, why the letter could not be read and
// offers the steps of /chidao instead, the file still attached.
func (t Chat) LetterRefused(e *letter.Error, name string) string {
	what, instead := letterProblem(e, name)
	return what + " Đồng chí vui lòng gửi " + instead + ".\n\n" +
		"Hoặc đồng chí nhập văn bản theo các bước dưới đây; tệp «" + name + "» vẫn được gửi kèm văn bản."
}

// DashLetterRefused says, on the dashboard, why the letter could not be read.
func DashLetterRefused(e *letter.Error, name string) string {
	what, instead := letterProblem(e, name)
	return what + " Vui lòng tải lên " + instead + ", hoặc nhập văn bản vào biểu mẫu."
}

// LetterDraftText is the whole draft as read from the letter.
func LetterDraftText(d LetterDraft) string {
	var b strings.Builder
	fmt.Fprintf(&b, "📄 Trợ lý đã đọc văn bản «%s» (chưa gửi đi):\n\n", d.File)
	field := func(label, value, none string) {
		if value == "" {
			value = none
		}
		if value != "" {
			fmt.Fprintf(&b, "%s: %s\n", label, value)
		}
	}
	field("Số hiệu", d.Number, "chưa có")
	field("Ngày ban hành", dateOr(d.Issued), "văn bản không ghi (lấy ngày gửi)")
	field("Trích yếu", d.Title, "chưa đọc được")
	field("Thực hiện", d.Implements, "")
	signer := d.Signer
	if d.SignerTitle != "" && signer != "" {
		signer += " (" + d.SignerTitle + ")"
	}
	field("Người ký", signer, "")
	field("Hạn hoàn thành", deadlineOr(d.Due), "văn bản không ghi")
	b.WriteString("\n")
	letterTasks(&b, d.Tasks)
	b.WriteString("\n")
	letterUnits(&b, d)
	return strings.TrimRight(b.String(), "\n")
}

func dateOr(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Date(t)
}

func deadlineOr(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Deadline(t)
}

func letterTasks(b *strings.Builder, tasks []LetterTask) {
	if len(tasks) == 0 {
		b.WriteString("Nhiệm vụ: trợ lý chưa tìm thấy trong văn bản.\n")
		return
	}
	b.WriteString("Nhiệm vụ:\n")
	for i, task := range tasks {
		fmt.Fprintf(b, "%d. %s\n   → ", i+1, Shorten(task.Text, 200))
		switch need := Need(task.Requirement); {
		case need == "":
			b.WriteString("Không cần gửi kết quả: hoàn thành khi đơn vị xác nhận đã nhận")
		case task.ClipsAssumed:
			fmt.Fprintf(b, "Cần gửi: %s (văn bản không ghi số lượng clip, trợ lý tạm tính %d)", need, task.MinClips)
		default:
			b.WriteString("Cần gửi: " + need)
		}
		if !task.Due.IsZero() {
			fmt.Fprintf(b, "; hạn %s", Deadline(task.Due))
		}
		b.WriteString("\n")
	}
}

// letterUnits lists whom the directive goes to: the letter's phrases with
// their units (a phrase for many units counted), or the units picked.
func letterUnits(b *strings.Builder, d LetterDraft) {
	switch {
	case d.All:
		b.WriteString("Đơn vị nhận: tất cả đơn vị\n")
	case len(d.Recipients) > 0:
		fmt.Fprintf(b, "Đơn vị nhận (%d):\n", d.Count)
		for i, r := range d.Recipients {
			if i == 12 {
				fmt.Fprintf(b, "• … và %d nhóm đơn vị khác\n", len(d.Recipients)-i)
				break
			}
			if len(r.Units) == 1 {
				fmt.Fprintf(b, "• %s\n", r.Units[0])
			} else {
				fmt.Fprintf(b, "• %s: %d đơn vị\n", r.Text, len(r.Units))
			}
		}
	case len(d.Units) > 0:
		fmt.Fprintf(b, "Đơn vị nhận (%d): %s\n", d.Count, namesOf(d.Units, 12))
	default:
		b.WriteString("Đơn vị nhận: chưa xác định được\n")
	}
	if len(d.Unmatched) > 0 {
		var parts []string
		for _, u := range d.Unmatched {
			s := "«" + u.Text + "»"
			if len(u.Units) > 0 {
				s += " (có thể là: " + strings.Join(u.Units, "; ") + ")"
			}
			parts = append(parts, s)
		}
		fmt.Fprintf(b, "⚠️ Chưa xác định được đơn vị cho: %s\n", strings.Join(parts, ", "))
	}
}

// namesOf joins at most n names, counting the rest.
func namesOf(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, "; ")
	}
	return strings.Join(names[:n], "; ") + fmt.Sprintf("; và %d đơn vị khác", len(names)-n)
}

func (t Chat) stop() string { return t.pick(" (Gửi /huy để dừng.)", " (Gõ HUY để dừng.)") }

const dueExamples = "ví dụ: 20/12, 20/12/2026 hoặc 17h ngày 20/12"

// How a question about a letter's draft is put.
const (
	AskMissing = iota // the letter lacks it
	AskEdit           // the admin changes what the draft has
	AskTyped          // the file could not be read: the admin types the directive in
)

// LetterAsk asks for a field of the draft (what: number, title, tasks,
// due). pastDue is the letter's deadline when it has passed.
func (t Chat) LetterAsk(what string, mode int, pastDue time.Time) string {
	tasks := "Đồng chí gửi các nhiệm vụ, mỗi dòng một nhiệm vụ; ghi «(3 clip)» nếu nhiệm vụ cần clip, «(báo cáo)» nếu cần báo cáo. Gửi «-» nếu văn bản chỉ có một nhiệm vụ là trích yếu."
	var s string
	switch what + "/" + fmt.Sprint(mode) {
	case "number/1":
		s = "Đồng chí gửi số hiệu mới của văn bản (có thể kèm trích yếu mới: số hiệu | trích yếu)."
	case "number/2":
		s = "Đồng chí gửi số hiệu và trích yếu của văn bản, cách nhau bởi dấu «|», ví dụ: 125-CV/BTGDVTU | V/v tuyên truyền kỷ niệm Ngày thành lập Đảng."
	case "number/0":
		s = "Văn bản chưa có số hiệu. Đồng chí gửi số hiệu của văn bản, ví dụ: 125-CV/BTGDVTU."
	case "title/1":
		s = "Đồng chí gửi trích yếu mới của văn bản."
	case "title/2":
		s = "Đồng chí gửi trích yếu của văn bản."
	case "title/0":
		s = "Trợ lý chưa đọc được trích yếu của văn bản. Đồng chí gửi trích yếu, ví dụ: V/v tuyên truyền kỷ niệm Ngày thành lập Đảng."
	case "tasks/0":
		s = "Trợ lý chưa tìm thấy nhiệm vụ trong văn bản. " + tasks
	case "tasks/1", "tasks/2":
		s = tasks
	case "due/1":
		s = "Đồng chí gửi hạn hoàn thành mới (giờ Việt Nam), " + dueExamples + "."
	case "due/2":
		s = "Đồng chí gửi hạn hoàn thành (giờ Việt Nam), " + dueExamples + "."
	default:
		if !pastDue.IsZero() {
			s = fmt.Sprintf("Hạn ghi trong văn bản (%s) đã qua. Đồng chí gửi hạn hoàn thành mới (giờ Việt Nam), %s.", Deadline(pastDue), dueExamples)
		} else {
			s = "Văn bản không ghi hạn hoàn thành. Đồng chí gửi hạn hoàn thành (giờ Việt Nam), " + dueExamples + "."
		}
	}
	return s + t.stop()
}

// Answers the draft's questions cannot take.
const (
	LetterBadDue    = "Trợ lý chưa đọc được hạn hoàn thành, hoặc hạn đã qua. Đồng chí gửi lại, " + dueExamples + "."
	LetterBadNumber = "Số hiệu chưa hợp lệ (tối đa 64 ký tự). Đồng chí gửi lại, ví dụ: 125-CV/BTGDVTU."
	LetterNoTitle   = "Đồng chí gửi trích yếu của văn bản."
)

// LetterPickUnits asks for the units on Telegram, with buttons: none
// says no recipient of the letter matched; many that the buttons show
// only the first 40 units.
func LetterPickUnits(none, many bool) string {
	s := "Đồng chí chọn các đơn vị nhận văn bản (bấm lần nữa để bỏ chọn), rồi bấm «Xong ➡️»."
	if none {
		s = "Trợ lý chưa xác định được đơn vị nhận văn bản. " + s
	}
	if many {
		s += "\nDanh sách dài: có thể gửi mã các đơn vị, cách nhau bởi dấu phẩy."
	}
	return s
}

// LetterTypeUnits asks for the units on Zalo, by code; groups and units
// are "CODE – name".
func LetterTypeUnits(none bool, groups, units []string) string {
	s := "Đồng chí gửi mã các đơn vị nhận văn bản, cách nhau bởi dấu phẩy (ví dụ: " + exampleCodes(units) +
		"), hoặc gõ TAT CA để gửi tới tất cả đơn vị."
	if len(groups) > 0 {
		s += " Gửi mã nhóm để gửi tới cả nhóm (đơn vị vào nhóm sau cũng nhận văn bản)."
	}
	s += " Gõ HUY để dừng."
	if len(groups) > 0 {
		s += "\n\nCác nhóm:\n• " + strings.Join(groups, "\n• ")
	}
	s += "\n\nCác đơn vị:\n• " + strings.Join(units, "\n• ")
	if none {
		s = "Trợ lý chưa xác định được đơn vị nhận văn bản. " + s
	}
	return s
}

func exampleCodes(units []string) string {
	var codes []string
	for i, u := range units {
		if i == 2 {
			break
		}
		code, _, _ := strings.Cut(u, " – ")
		codes = append(codes, code)
	}
	return strings.Join(codes, ", ")
}

// LetterUnknownUnits names the codes typed that are no unit.
func LetterUnknownUnits(codes []string) string {
	return fmt.Sprintf("Không có đơn vị mã «%s». Đồng chí kiểm tra lại rồi gửi mã các đơn vị, cách nhau bởi dấu phẩy, hoặc gõ TAT CA.", strings.Join(codes, "», «"))
}

// LetterSummary is the draft in short, after an answer or an edit.
func LetterSummary(d LetterDraft) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Văn bản số %s", d.Number)
	if !d.Issued.IsZero() {
		fmt.Fprintf(&b, " ngày %s", Date(d.Issued))
	}
	fmt.Fprintf(&b, "\nTrích yếu: %s\nHạn hoàn thành: %s\n", d.Title, deadlineOr(d.Due))
	clips, reports := 0, 0
	for _, task := range d.Tasks {
		if task.MinClips > 0 {
			clips++
		}
		if task.Report {
			reports++
		}
	}
	fmt.Fprintf(&b, "Nhiệm vụ: %d (%d cần clip, %d cần báo cáo)\n", len(d.Tasks), clips, reports)
	letterUnits(&b, LetterDraft{All: d.All, Units: d.Units, Count: d.Count, Unmatched: d.Unmatched, Recipients: d.Recipients})
	fmt.Fprintf(&b, "Kèm tệp «%s».", d.File)
	return b.String()
}

// LetterConfirm ends the draft: what pressing "Ban hành" does, and what
// the unmatched recipients mean.
func (t Chat) LetterConfirm(d LetterDraft) string {
	var b strings.Builder
	if len(d.Unmatched) > 0 {
		fmt.Fprintf(&b, "Nếu ban hành ngay, văn bản chỉ gửi tới %d đơn vị đã xác định; ", d.Count)
		b.WriteString(t.pick("bấm «✏️ Sửa đơn vị nhận» để chọn thêm.\n\n", "chọn «Sửa đơn vị nhận» để chọn thêm.\n\n"))
	}
	units := fmt.Sprintf("%d đơn vị", d.Count)
	if d.All {
		units = "tất cả đơn vị"
	}
	b.WriteString(t.pick(fmt.Sprintf("Đồng chí kiểm tra lại, rồi bấm «📤 Ban hành» để gửi văn bản tới %s, hoặc bấm «✏️ Sửa …» để sửa.", units),
		fmt.Sprintf("Đồng chí kiểm tra lại, rồi chọn «Ban hành» để gửi văn bản tới %s, hoặc chọn mục cần sửa.", units)))
	return b.String()
}

// LetterUseChoices answers text typed while the draft waits for a choice.
func (t Chat) LetterUseChoices() string {
	return t.pick("Đồng chí vui lòng dùng các nút dưới bản dự thảo («📤 Ban hành», «✏️ Sửa …», «Hủy»), hoặc gửi /huy để dừng.",
		"Đồng chí vui lòng trả lời bằng số thứ tự của mục cần chọn (1 để ban hành), hoặc gõ HUY để dừng.")
}

// LetterNumberTaken refuses a number already issued; the draft waits.
func (t Chat) LetterNumberTaken(number string) string {
	return fmt.Sprintf("Văn bản số %s đã được ban hành trước đây nên chưa ban hành lại. Nếu đây là văn bản khác, đồng chí ", number) +
		t.pick("bấm «✏️ Sửa số hiệu».", "chọn «Sửa số hiệu».")
}

// LetterInvalid refuses a draft storage would not take (a deadline
// passed meanwhile, a task's deadline already passed...).
func (t Chat) LetterInvalid() string {
	return "Chưa ban hành được: thông tin chưa hợp lệ (hạn hoàn thành của văn bản hoặc của một nhiệm vụ đã qua, hay số hiệu quá dài). Đồng chí " +
		t.pick("bấm «✏️ Sửa hạn» hoặc «✏️ Sửa số hiệu».", "chọn «Sửa hạn» hoặc «Sửa số hiệu».")
}

// TaskLine writes a task as the dashboard's form and /chidao read it back:
// "(2 clip)", "(báo cáo)", "(hạn 15/04/2026)" after its text.
func TaskLine(text string, r chidao.Requirement, due time.Time) string {
	line := strings.Join(strings.Fields(text), " ")
	if r.MinClips > 0 {
		line += fmt.Sprintf(" (%d clip)", r.MinClips)
	}
	if r.Report {
		line += " (báo cáo)"
	}
	if !due.IsZero() {
		v := due.In(chidao.Zone)
		if v.Hour() == 23 && v.Minute() == 59 {
			line += " (hạn " + Date(due) + ")"
		} else {
			line += " (hạn " + v.Format("02/01/2006 15:04") + ")"
		}
	}
	return line
}

// The dashboard's letter: uploaded on the new-directive page, read into
// the form, which the admin checks and submits.

// DashLetterLabels are the upload form's words.
var DashLetterLabels = struct{ Upload, Hint, Read, Issued, Unmatched string }{
	Upload:    "Đọc văn bản đã ký",
	Hint:      "Tải lên tệp PDF hoặc Word (.docx) của văn bản đã ký: biểu mẫu dưới đây được điền sẵn để kiểm tra; văn bản chỉ được gửi khi bấm «Ban hành và gửi».",
	Read:      "Đọc văn bản",
	Issued:    "Ngày ban hành (để trống: hôm nay)",
	Unmatched: "Chưa xác định được đơn vị cho các nơi nhận dưới đây; vui lòng chọn đơn vị nhận trong danh sách:",
}

// DashLetterNone asks for the file when none was chosen.
const DashLetterNone = "Vui lòng chọn tệp văn bản để đọc."

// DashLetterRead heads the form filled from a letter.
func DashLetterRead(name string) string {
	return fmt.Sprintf("Đã đọc văn bản «%s» và điền sẵn biểu mẫu. Vui lòng kiểm tra lại từng mục rồi bấm «Ban hành và gửi»; văn bản chưa được gửi đi.", name)
}

// DashLetterAttached says the letter goes with the directive.
func DashLetterAttached(name string) string {
	return fmt.Sprintf("Tệp «%s» được gửi kèm văn bản.", name)
}

// DashLetterMissing says what the letter lacks (number, title, tasks, due).
func DashLetterMissing(what string) string {
	return map[string]string{
		"number": "Văn bản chưa có số hiệu: vui lòng nhập số hiệu.",
		"title":  "Chưa đọc được trích yếu: vui lòng nhập trích yếu.",
		"tasks":  "Chưa tìm thấy nhiệm vụ trong văn bản: vui lòng nhập các nhiệm vụ (để trống: trích yếu là nhiệm vụ duy nhất).",
		"due":    "Văn bản không ghi hạn hoàn thành: vui lòng nhập hạn hoàn thành.",
	}[what]
}

// DashLetterPastDue says the letter's deadline has passed.
func DashLetterPastDue(due time.Time) string {
	return fmt.Sprintf("Hạn ghi trong văn bản (%s) đã qua: vui lòng nhập hạn hoàn thành mới.", Deadline(due))
}

// DashLetterAssumed flags a task whose clips the letter does not count.
func DashLetterAssumed(task int) string {
	return fmt.Sprintf("Nhiệm vụ %d: văn bản yêu cầu video clip nhưng không ghi số lượng; trợ lý tạm tính 1 clip, vui lòng sửa nếu cần.", task)
}

// DashLetterFrom says whom the letter is from and what it implements.
func DashLetterFrom(signer, title, implements string) string {
	s := ""
	if signer != "" {
		s = "Người ký: " + signer
		if title != "" {
			s += " (" + title + ")"
		}
		s += ". "
	}
	if implements != "" {
		s += "Thực hiện: " + implements + "."
	}
	return strings.TrimSpace(s)
}

// DashLetterUnmatched is one recipient no unit answers, with the units it
// may mean.
func DashLetterUnmatched(phrase string, candidates []string) string {
	if len(candidates) == 0 {
		return "«" + phrase + "»"
	}
	return "«" + phrase + "» (có thể là: " + strings.Join(candidates, "; ") + ")"
}
