package web

import "fmt"

// The dashboard's catalog: every text the pages show besides their
// templates, in Vietnamese.

// The dashboard's texts.
const (
	msgSignIn           = "Vui lòng đăng nhập bằng đường link do trợ lý gửi: nhắn /dangnhap cho trợ lý trên Telegram."
	msgForbidden        = "Trang này chỉ dành cho cán bộ Văn phòng và lãnh đạo đơn vị."
	msgBadLink          = "Đường link đăng nhập không đúng, đã dùng hoặc đã hết hạn (hiệu lực 10 phút). Vui lòng nhắn /dangnhap để lấy link mới."
	msgCSRF             = "Yêu cầu không hợp lệ (biểu mẫu đã cũ). Vui lòng tải lại trang rồi thử lại."
	msgUnavailable      = "Hệ thống tạm thời không truy cập được cơ sở dữ liệu. Vui lòng thử lại sau ít phút."
	msgNotFound         = "Không tìm thấy văn bản này."
	msgSignedOut        = "Đồng chí đã đăng xuất."
	msgAdminOnly        = "Thao tác này chỉ dành cho cán bộ Văn phòng."
	msgTooLarge         = "Tệp đính kèm quá lớn: mỗi tệp tối đa 50 MB, tổng dung lượng biểu mẫu tối đa 60 MB."
	msgInvalidDirective = "Thông tin chưa hợp lệ. Vui lòng kiểm tra số hiệu (tối đa 64 ký tự), trích yếu, hạn hoàn thành (phải sau thời điểm hiện tại), đơn vị nhận và tệp đính kèm (không rỗng, tối đa 50 MB)."
	msgBadForm          = "Biểu mẫu không đọc được. Vui lòng thử lại."
	msgClosed           = "Văn bản này đã kết thúc."
	msgTooSoon          = "Văn bản này vừa được nhắc trong vòng một giờ qua."
)

// doneNotice says what the last action did.
var doneNotice = map[string]string{
	"closed": "Đã kết thúc văn bản.", "pause": "Đã tạm dừng nhắc việc.", "resume": "Đã tiếp tục nhắc việc.",
	"created": "Đã ban hành văn bản; trợ lý đang gửi tới các đơn vị.",
}

// actionNames are the audit trail's actions as the Office reads them.
var actionNames = map[string]string{
	"directive.create": "Ban hành văn bản", "directive.close": "Kết thúc văn bản", "directive.remind": "Nhắc ngay các đơn vị",
	"directive.reminders": "Tạm dừng hoặc tiếp tục nhắc việc", "assignment.acknowledge": "Xác nhận đã nhận văn bản",
	"assignment.snooze": "Hoãn nhắc việc", "submission.create": "Gửi clip, báo cáo hoặc khó khăn", "submission.review": "Duyệt hoặc từ chối clip",
	"delivery.lost": "Tin nhắn không rõ đã gửi hay chưa (tiến trình dừng đột ngột)",
}

func msgReminded(units int) string {
	return fmt.Sprintf("Trợ lý đang gửi lời nhắc tới %d đơn vị chưa hoàn thành.", units)
}

// The directive form's problems.
const (
	msgNumberTaken = "Số văn bản này đã có."
	msgNeedNumber  = "Vui lòng nhập số hiệu và trích yếu."
	msgBadDue      = "Hạn hoàn thành chưa đúng."
	msgNeedUnits   = "Vui lòng chọn đơn vị nhận."
)

func msgUnreadableFile(name string) string { return "Không đọc được tệp " + name + "." }
