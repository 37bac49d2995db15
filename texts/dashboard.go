package texts

// The dashboard: notices, problems and the audit trail's actions (the
// pages' own headings are in web/templates).

import "fmt"

// The dashboard's texts.
const (
	DashSignIn           = "Vui lòng đăng nhập bằng đường link do trợ lý gửi: nhắn «Đăng nhập» cho trợ lý trên Telegram hoặc Zalo."
	DashBadLink          = "Đường link đăng nhập không đúng, đã dùng hoặc đã hết hạn (hiệu lực 10 phút). Vui lòng nhắn /dangnhap để lấy link mới."
	DashCSRF             = "Yêu cầu không hợp lệ (biểu mẫu đã cũ). Vui lòng tải lại trang rồi thử lại."
	DashUnavailable      = "Hệ thống tạm thời không truy cập được cơ sở dữ liệu. Vui lòng thử lại sau ít phút."
	DashNotFound         = "Không tìm thấy văn bản này."
	DashSignedOut        = "Đồng chí đã đăng xuất."
	DashTooLarge         = "Tệp đính kèm quá lớn: mỗi tệp tối đa 50 MB, tổng dung lượng biểu mẫu tối đa 60 MB."
	DashInvalidDirective = "Thông tin chưa hợp lệ. Vui lòng kiểm tra số hiệu (tối đa 64 ký tự), trích yếu, hạn hoàn thành (phải sau thời điểm hiện tại), đơn vị nhận và tệp đính kèm (không rỗng, tối đa 50 MB)."
	DashBadForm          = "Biểu mẫu không đọc được. Vui lòng thử lại."
	DashClosed           = "Văn bản này đã kết thúc theo dõi."
	DashTooSoon          = "Văn bản này vừa được nhắc trong vòng một giờ qua."
)

// DashDone says what the last action did.
var DashDone = map[string]string{
	"closed": "Đã kết thúc theo dõi văn bản.", "answered": "Đã gửi ý kiến trả lời tới đơn vị.", "pause": "Đã tạm dừng nhắc việc.", "resume": "Đã tiếp tục nhắc việc.",
	"created": "Đã ban hành văn bản; trợ lý đang gửi tới các đơn vị.",
}

// DashActions are the audit trail's actions as the Office reads them.
var DashActions = map[string]string{
	"directive.create": "Ban hành văn bản", "directive.close": "Kết thúc theo dõi văn bản", "submission.answer": "Trả lời khó khăn, vướng mắc", "directive.remind": "Nhắc ngay các đơn vị",
	"directive.reminders": "Tạm dừng hoặc tiếp tục nhắc việc", "assignment.acknowledge": "Xác nhận đã nhận văn bản",
	"assignment.snooze": "Hoãn nhắc việc", "submission.create": "Gửi clip, báo cáo hoặc khó khăn", "submission.review": "Duyệt hoặc từ chối clip",
	"delivery.lost": "Tin nhắn không rõ đã gửi hay chưa (tiến trình dừng đột ngột)",
}

func DashReminded(units int) string {
	return fmt.Sprintf("Trợ lý đang gửi lời nhắc tới %d đơn vị chưa hoàn thành.", units)
}

// The directive form's problems.
const (
	DashNumberTaken = "Số văn bản này đã có."
	DashNeedNumber  = "Vui lòng nhập số hiệu và trích yếu."
	DashBadDue      = "Hạn hoàn thành chưa đúng."
	DashNeedUnits   = "Vui lòng chọn đơn vị nhận."
)

func DashUnreadableFile(name string) string { return "Không đọc được tệp " + name + "." }

// Page titles and chart labels.
const (
	DashTitleIndex      = "Văn bản chỉ đạo"
	DashTitleSessions   = "Phiên đăng nhập"
	DashTitleNew        = "Ban hành văn bản"
	DashChartCompletion = "Số đơn vị hoàn thành theo thời gian"
	DashChartPlatforms  = "Số clip theo nền tảng"
)

// DashTitleDirective is a directive page's title.
func DashTitleDirective(number string) string { return "Văn bản số " + number }

// DashTitleAudit is the audit trail's title.
func DashTitleAudit(number string) string { return "Nhật ký văn bản số " + number }

// DashTitle is the title of a page that has no other.
const DashTitle = "Theo dõi văn bản chỉ đạo"

// Problems with an answer to a difficulty.
const (
	DashNoDifficulty = "Không tìm thấy khó khăn, vướng mắc này."
	DashEmptyAnswer  = "Vui lòng nhập ý kiến trả lời."
)

// DashForbidden refuses officers.
func DashForbidden(o Org) string {
	return fmt.Sprintf("Trang này chỉ dành cho cán bộ của %s và lãnh đạo đơn vị.", o.OrDefault().Short)
}

// DashAdminOnly refuses heads an Office action.
func DashAdminOnly(o Org) string {
	return fmt.Sprintf("Thao tác này chỉ dành cho cán bộ của %s.", o.OrDefault().Short)
}
