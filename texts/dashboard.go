package texts

// The dashboard: notices, problems and the audit trail's actions (the
// pages' own headings are in web/templates).

import "fmt"

// The dashboard's texts.
const (
	DashSignIn           = "Vui lòng đăng nhập bằng đường link do trợ lý gửi: nhắn /dangnhap cho trợ lý trên Telegram."
	DashForbidden        = "Trang này chỉ dành cho cán bộ Văn phòng và lãnh đạo đơn vị."
	DashBadLink          = "Đường link đăng nhập không đúng, đã dùng hoặc đã hết hạn (hiệu lực 10 phút). Vui lòng nhắn /dangnhap để lấy link mới."
	DashCSRF             = "Yêu cầu không hợp lệ (biểu mẫu đã cũ). Vui lòng tải lại trang rồi thử lại."
	DashUnavailable      = "Hệ thống tạm thời không truy cập được cơ sở dữ liệu. Vui lòng thử lại sau ít phút."
	DashNotFound         = "Không tìm thấy văn bản này."
	DashSignedOut        = "Đồng chí đã đăng xuất."
	DashAdminOnly        = "Thao tác này chỉ dành cho cán bộ Văn phòng."
	DashTooLarge         = "Tệp đính kèm quá lớn: mỗi tệp tối đa 50 MB, tổng dung lượng biểu mẫu tối đa 60 MB."
	DashInvalidDirective = "Thông tin chưa hợp lệ. Vui lòng kiểm tra số hiệu (tối đa 64 ký tự), trích yếu, hạn hoàn thành (phải sau thời điểm hiện tại), đơn vị nhận và tệp đính kèm (không rỗng, tối đa 50 MB)."
	DashBadForm          = "Biểu mẫu không đọc được. Vui lòng thử lại."
	DashClosed           = "Văn bản này đã kết thúc."
	DashTooSoon          = "Văn bản này vừa được nhắc trong vòng một giờ qua."
)

// DashDone says what the last action did.
var DashDone = map[string]string{
	"closed": "Đã kết thúc văn bản.", "pause": "Đã tạm dừng nhắc việc.", "resume": "Đã tiếp tục nhắc việc.",
	"created": "Đã ban hành văn bản; trợ lý đang gửi tới các đơn vị.",
}

// DashActions are the audit trail's actions as the Office reads them.
var DashActions = map[string]string{
	"directive.create": "Ban hành văn bản", "directive.close": "Kết thúc văn bản", "directive.remind": "Nhắc ngay các đơn vị",
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
