package texts

// Zalo has no buttons: each button becomes a line saying what to type.

import "fmt"

// TypedReply is what a Zalo user types instead of pressing the button
// with this verb and id; empty for buttons that have no typed form or
// become numbered choices.
func TypedReply(verb string, id int64) string {
	switch verb {
	case "a":
		return "DA NHAN để xác nhận đã nhận văn bản"
	case "c":
		return "đường link của clip đã đăng trên trang của đơn vị để gửi clip"
	case "r":
		return "BAO CAO kèm nội dung để gửi báo cáo kết quả"
	case "d":
		return "KHO KHAN kèm nội dung để báo khó khăn, vướng mắc"
	case "z":
		return "NHAC SAU để được nhắc lại vào 08:00 ngày làm việc tiếp theo"
	case "v":
		return fmt.Sprintf("DUYET %d để duyệt clip", id)
	case "x":
		return fmt.Sprintf("TU CHOI %d kèm lý do để từ chối clip", id)
	case "ans":
		return fmt.Sprintf("TRA LOI %d kèm ý kiến để trả lời đơn vị", id)
	case "e":
		return "XIN GIA HAN đến ngày … vì … để đề nghị gia hạn, ví dụ: XIN GIA HAN đến 20/12/2026 vì thiết bị hỏng"
	case "w":
		return fmt.Sprintf("RUT %d để rút lại, nếu gửi nhầm", id)
	case "ea":
		return fmt.Sprintf("DONG Y %d để đồng ý gia hạn như đơn vị đề nghị", id)
	case "eo":
		return fmt.Sprintf("DONG Y %d kèm ngày để đồng ý gia hạn đến ngày khác, ví dụ: DONG Y %d 25/12/2026", id, id)
	case "er":
		return fmt.Sprintf("KHONG DONG Y %d kèm lý do để không đồng ý gia hạn", id)
	}
	return ""
}

// Numbered reports whether buttons with this verb become numbered
// choices on Zalo (the reader types the number).
func Numbered(verb string) bool {
	switch verb {
	case "p", "lb", "lh", "ls", "lt", "lu", "lx": // a directive to pick; a letter's draft
		return true
	}
	return false
}

const (
	ReplyNumber = "Đồng chí vui lòng trả lời bằng số thứ tự."
	ReplyWith   = "Đồng chí trả lời:"
	ReviewUsage = "Đồng chí vui lòng ghi số clip, ví dụ: DUYET 12 hoặc TU CHOI 12 kèm lý do."
	AnswerUsage = "Đồng chí vui lòng ghi số khó khăn, vướng mắc, ví dụ: TRA LOI 4 kèm ý kiến trả lời."
)
