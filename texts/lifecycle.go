package texts

// A directive's life after it is sent (issue 16): corrections, moved
// deadlines, extensions, recall, supplements, withdrawals.

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"chidao"
	"chidao/storage"
)

// Buttons of the lifecycle.
const (
	ExtendButton       = "⏳ Xin gia hạn"
	WithdrawButton     = "↩️ Rút lại"
	ExtApproveButton   = "✅ Đồng ý"
	ExtOtherDayButton  = "📅 Đồng ý đến ngày khác"
	ExtRejectButton    = "❌ Không đồng ý"
	ExtensionPending   = "Đơn vị đã có đề nghị gia hạn văn bản này đang chờ xem xét; đồng chí vui lòng chờ ý kiến trả lời."
	ExtensionDecided   = "Đề nghị gia hạn này đã được xem xét trước đó."
	AlreadyWithdrawn   = "Nội dung này đã được rút lại trước đó."
	WithdrawNotYours   = "Đồng chí chỉ rút lại được clip, báo cáo do mình gửi."
	WithdrawReviewed   = "Clip này đã có kết quả duyệt nên đồng chí không thể tự rút lại; nếu cần, đồng chí vui lòng báo người đã duyệt clip."
	NothingToWithdraw  = "Đồng chí không có clip, báo cáo nào có thể rút lại."
	WithdrawUsage      = "Đồng chí vui lòng ghi số của clip, báo cáo cần rút lại (số có trong tin nhắn trợ lý báo đã nhận), ví dụ: RUT 12."
	ExtensionBadDate   = "Trợ lý chưa đọc được ngày gia hạn, hoặc ngày đó không sau thời hạn hiện tại. Đồng chí vui lòng gửi lại ngày theo dạng ngày/tháng/năm, ví dụ: 20/12/2026."
	AskExtensionReason = "Đồng chí vui lòng cho biết lý do xin gia hạn."
	AskOtherDay        = "Đồng chí vui lòng gửi thời hạn mới cho đơn vị, ví dụ: 20/12/2026."
	AskRejectReason    = "Đồng chí vui lòng cho biết lý do không đồng ý gia hạn."
	CorrectedMark      = "✏️ ĐÃ ĐÍNH CHÍNH"
)

// AskExtensionDate asks until when the unit needs the directive extended.
func AskExtensionDate(d chidao.Directive, due time.Time) string {
	return fmt.Sprintf("Hạn hoàn thành văn bản số %s của đơn vị hiện là %s. Đồng chí đề nghị gia hạn đến ngày nào? Ví dụ: 20/12/2026.",
		d.Number, Deadline(due))
}

// Corrected is the letter as it now reads, for the copies edited in place.
func (t Chat) Corrected(d chidao.Directive, tasks []chidao.Task, at time.Time) string {
	return fmt.Sprintf("%s lúc %s\n\n%s", CorrectedMark, DateTime(at), t.Directive(d, tasks))
}

// RecalledCopy is what a copy of a recalled letter is edited to read.
func RecalledCopy(d chidao.Directive) string {
	return fmt.Sprintf("⛔ VĂN BẢN SỐ %s ĐÃ ĐƯỢC THU HỒI\n\n%s\n\nLý do thu hồi: %s\nĐồng chí không cần thực hiện văn bản này.",
		d.Number, d.Title, d.RecallReason)
}

// CorrectionShort is the notice sent after the copies were edited in place.
func CorrectionShort(d chidao.Directive, c storage.Change) string {
	return fmt.Sprintf("✏️ Văn bản số %s đã được đính chính: %s. Nội dung văn bản ở tin nhắn trên đã được cập nhật; đề nghị đồng chí thực hiện theo nội dung đã đính chính.", d.Number, sentence(c.Note))
}

// CorrectionNotice is the correction quoting what changed, where the copy
// cannot be edited (Zalo, an old message, an edit refused).
func CorrectionNotice(d chidao.Directive, c storage.Change) string {
	var b strings.Builder
	fmt.Fprintf(&b, "✏️ ĐÍNH CHÍNH VĂN BẢN SỐ %s\n%s\n\nNội dung đính chính: %s\n", d.Number, d.Title, sentence(c.Note))
	keys := make([]string, 0, len(c.After))
	for k := range c.After {
		keys = append(keys, k)
	}
	sortChanges(keys)
	for _, k := range keys {
		switch {
		case k == "title":
			fmt.Fprintf(&b, "• Trích yếu: «%v» nay sửa thành «%v»\n", c.Before[k], c.After[k])
		case k == "body":
			fmt.Fprintf(&b, "• Nội dung văn bản nay là:\n%v\n", c.After[k])
		case strings.HasPrefix(k, "task "):
			fmt.Fprintf(&b, "• Nhiệm vụ %s: «%v» nay sửa thành «%v»\n", strings.TrimPrefix(k, "task "), c.Before[k], c.After[k])
		case strings.HasPrefix(k, "clips "):
			fmt.Fprintf(&b, "• Nhiệm vụ %s: số clip được lãnh đạo đơn vị duyệt cần gửi nay là %v (trước đây %v)\n", strings.TrimPrefix(k, "clips "), c.After[k], c.Before[k])
		case strings.HasPrefix(k, "report "):
			need := "nay yêu cầu gửi báo cáo kết quả"
			if c.After[k] == false {
				need = "nay không yêu cầu gửi báo cáo kết quả"
			}
			fmt.Fprintf(&b, "• Nhiệm vụ %s: %s\n", strings.TrimPrefix(k, "report "), need)
		case k == "attachments":
			fmt.Fprintf(&b, "• Tệp đính kèm bổ sung: %s\n", joinAny(c.After[k]))
		}
	}
	b.WriteString("Các nội dung khác của văn bản giữ nguyên. Đề nghị đồng chí thực hiện theo nội dung đã đính chính.")
	return b.String()
}

// sentence is a note typed by an admin, without the full stop a text
// adds after it.
func sentence(note string) string {
	return strings.TrimRight(strings.TrimSpace(note), ".")
}

// sortChanges orders the fields of a correction: title, body, each task
// (text, clips, report), attachments.
func sortChanges(keys []string) {
	rank := func(k string) string {
		switch {
		case k == "title":
			return "0"
		case k == "body":
			return "1"
		case strings.HasPrefix(k, "task "), strings.HasPrefix(k, "clips "), strings.HasPrefix(k, "report "):
			kind, n, _ := strings.Cut(k, " ")
			return fmt.Sprintf("2%06s%s", n, map[string]string{"task": "0", "clips": "1", "report": "2"}[kind])
		}
		return "3" + k
	}
	sort.Slice(keys, func(i, j int) bool { return rank(keys[i]) < rank(keys[j]) })
}

func joinAny(v any) string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		out = append(out, fmt.Sprint(x))
	}
	return strings.Join(out, ", ")
}

// DueMoved tells the recipients the deadline moved (for every unit, or
// for theirs).
func DueMoved(d chidao.Directive, before, after time.Time, reason string, oneUnit bool) string {
	who := "của các đơn vị"
	if oneUnit {
		who = "của đơn vị đồng chí"
	}
	return fmt.Sprintf("📅 ĐIỀU CHỈNH THỜI HẠN\nVăn bản số %s (%s): thời hạn hoàn thành %s được điều chỉnh từ %s thành %s.\nLý do: %s\nĐề nghị đồng chí hoàn thành nhiệm vụ theo thời hạn mới.",
		d.Number, Shorten(d.Title, 80), who, Deadline(before), Deadline(after), reason)
}

// ExtensionForOffice asks the Office admins to decide a request.
func (t Chat) ExtensionForOffice(e storage.Extension) string {
	s := fmt.Sprintf("⏳ ĐỀ NGHỊ GIA HẠN (số %d)\nĐơn vị: %s\nVăn bản số %s\nThời hạn hiện tại: %s\nĐề nghị gia hạn đến: %s\nLý do: %s\nNgười đề nghị: %s",
		e.ID, e.UnitName, e.Number, Deadline(e.PreviousDue), Deadline(e.RequestedDue), e.Reason, e.RequestedBy)
	return s
}

// ExtensionAsked confirms a request to the person who made it.
func ExtensionAsked(e storage.Extension) string {
	return fmt.Sprintf("Đã gửi đề nghị gia hạn văn bản số %s đến %s (lý do: %s). Trợ lý sẽ báo lại đồng chí ngay khi có ý kiến trả lời.",
		e.Number, Deadline(e.RequestedDue), e.Reason)
}

// ExtensionAnswer tells the unit what the Office decided.
func ExtensionAnswer(e storage.Extension) string {
	if e.State == "approved" && e.GrantedDue != nil {
		asked := ""
		if !e.GrantedDue.Equal(e.RequestedDue) {
			asked = fmt.Sprintf("; đơn vị đề nghị đến %s", Deadline(e.RequestedDue))
		}
		return fmt.Sprintf("✅ Đề nghị gia hạn văn bản số %s của %s đã được đồng ý: thời hạn hoàn thành mới là %s (trước đây là %s%s).\nĐề nghị đồng chí hoàn thành nhiệm vụ theo thời hạn mới.",
			e.Number, e.UnitName, Deadline(*e.GrantedDue), Deadline(e.PreviousDue), asked)
	}
	return fmt.Sprintf("❌ Đề nghị gia hạn văn bản số %s của %s không được đồng ý.\nLý do: %s\nThời hạn hoàn thành vẫn là %s.",
		e.Number, e.UnitName, e.DecisionReason, Deadline(e.PreviousDue))
}

// ExtensionDone confirms a decision to the admin who made it.
func ExtensionDone(e storage.Extension) string {
	if e.State == "approved" {
		return fmt.Sprintf("Đã đồng ý gia hạn cho %s đến %s; trợ lý đang thông báo tới đơn vị.", e.UnitName, Deadline(*e.GrantedDue))
	}
	return fmt.Sprintf("Đã ghi nhận ý kiến không đồng ý gia hạn cho %s; trợ lý đang thông báo tới đơn vị.", e.UnitName)
}

// Recalled tells the recipients the directive is withdrawn.
func Recalled(d chidao.Directive) string {
	return fmt.Sprintf("⛔ THU HỒI VĂN BẢN\nVăn bản số %s (%s) đã được thu hồi.\nLý do: %s\nĐồng chí không cần thực hiện văn bản này nữa; trợ lý cũng dừng nhắc việc.",
		d.Number, Shorten(d.Title, 80), d.RecallReason)
}

// Supplemented tells the recipients what a supplement adds.
func Supplemented(d chidao.Directive, c storage.Change, tasks []chidao.Task) string {
	var b strings.Builder
	fmt.Fprintf(&b, "➕ BỔ SUNG VĂN BẢN SỐ %s\n%s\n\nNội dung bổ sung: %s\n", d.Number, d.Title, sentence(c.Note))
	added, _ := c.After["tasks"].([]any)
	if len(added) > 0 {
		b.WriteString("Nhiệm vụ bổ sung:\n")
	}
	for _, a := range added {
		m, _ := a.(map[string]any)
		pos := int(toFloat(m["position"]))
		for _, t := range tasks {
			if t.Position != pos {
				continue
			}
			fmt.Fprintf(&b, "%d. %s", t.Position, t.Text)
			if need := Need(t.Requirement()); need != "" {
				fmt.Fprintf(&b, "\n   → Cần gửi: %s", need)
			}
			b.WriteString("\n")
		}
	}
	if files := joinAny(c.After["attachments"]); files != "" {
		fmt.Fprintf(&b, "Tệp đính kèm bổ sung: %s\n", files)
	}
	fmt.Fprintf(&b, "Thời hạn hoàn thành: %s.", Deadline(d.DueAt))
	return b.String()
}

func toFloat(v any) float64 {
	f, _ := v.(float64)
	return f
}

// WithdrawnDone confirms a withdrawal.
func WithdrawnDone(w storage.Withdrawn) string {
	what, which := "báo cáo", "báo cáo"
	if w.Kind == "clip" {
		what, which = "clip "+w.URL, "clip"
	}
	return fmt.Sprintf("↩️ Đã rút lại %s (văn bản số %s); %s này không được tính vào kết quả. Đồng chí có thể gửi lại %s đúng.", what, w.Number, which, which)
}

// WithdrawHint is added under a confirmation on Zalo: how to take it back.
func WithdrawHint(id int64) string {
	return fmt.Sprintf("Nếu gửi nhầm, đồng chí gõ RUT %d để rút lại.", id)
}

// ChangeSummary is one line of a directive's history on the dashboard.
func ChangeSummary(c storage.Change) string {
	switch c.Kind {
	case "edit":
		keys := make([]string, 0, len(c.After))
		for k := range c.After {
			keys = append(keys, k)
		}
		sortChanges(keys)
		var parts []string
		for _, k := range keys {
			kind, n, _ := strings.Cut(k, " ")
			var part string
			switch kind {
			case "title":
				part = "trích yếu"
			case "body":
				part = "nội dung"
			case "task":
				part = "nhiệm vụ " + n
			case "clips", "report":
				part = "yêu cầu của nhiệm vụ " + n
			case "attachments":
				part = "tệp đính kèm"
			}
			if part != "" && !slices.Contains(parts, part) {
				parts = append(parts, part)
			}
		}
		return "Sửa " + strings.Join(parts, ", ")
	case "due":
		s := fmt.Sprintf("Từ %s thành %s", Deadline(timeValue(c.Before["due"])), Deadline(timeValue(c.After["due"])))
		if c.UnitName != "" {
			s += " cho " + c.UnitName
		}
		return s
	case "extension":
		switch c.After["state"] {
		case "pending":
			return fmt.Sprintf("%s đề nghị gia hạn đến %s", c.UnitName, Deadline(timeValue(c.After["requested_due"])))
		case "approved":
			return fmt.Sprintf("Đồng ý gia hạn cho %s đến %s", c.UnitName, Deadline(timeValue(c.After["due"])))
		}
		return "Không đồng ý gia hạn cho " + c.UnitName
	case "supplement":
		tasks, _ := c.After["tasks"].([]any)
		files, _ := c.After["attachments"].([]any)
		var parts []string
		if len(tasks) > 0 {
			parts = append(parts, fmt.Sprintf("%d nhiệm vụ", len(tasks)))
		}
		if len(files) > 0 {
			parts = append(parts, fmt.Sprintf("%d tệp đính kèm", len(files)))
		}
		return "Bổ sung " + strings.Join(parts, ", ")
	case "recall":
		return "Thu hồi văn bản"
	}
	return c.Kind
}

func timeValue(v any) time.Time {
	s, _ := v.(string)
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// Office commands in chat.
const (
	DueUsage     = "Đồng chí vui lòng gõ DOI HAN (hoặc /doihan) kèm số văn bản, ngày mới và lý do, ví dụ: DOI HAN 125-CV/BTGDVTU 20/12/2026 theo kế hoạch mới của tỉnh."
	RecallUsage  = "Đồng chí vui lòng gõ THU HOI VAN BAN (hoặc /thuhoivb) kèm số văn bản và lý do thu hồi, ví dụ: THU HOI VAN BAN 125-CV/BTGDVTU gửi nhầm đơn vị."
	NoPending    = "Hiện không có đề nghị gia hạn nào đang chờ xem xét."
	CannotChange = "Trợ lý chưa thực hiện được: văn bản đã kết thúc theo dõi hoặc đã được thu hồi; khi điều chỉnh thời hạn, ngày mới phải sau thời điểm hiện tại."
)

// DueChanged confirms /doihan.
func DueChanged(number string, due time.Time) string {
	return fmt.Sprintf("Đã điều chỉnh thời hạn hoàn thành văn bản số %s thành %s; trợ lý đang thông báo tới các đơn vị.", number, Deadline(due))
}

// RecallDone confirms /thuhoivb.
func RecallDone(number string) string {
	return fmt.Sprintf("Đã thu hồi văn bản số %s; trợ lý đang thông báo tới các đơn vị.", number)
}
