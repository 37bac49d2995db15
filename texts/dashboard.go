package texts

// The dashboard: notices, problems and the audit trail's actions (the
// pages' own headings are in web/templates).

import (
	"fmt"
	"strings"
	"time"

	"chidao/storage"
)

// The dashboard's texts.
const (
	DashSignIn           = "Vui lòng đăng nhập bằng đường link do trợ lý gửi: nhắn «Đăng nhập» cho trợ lý trên Telegram hoặc Zalo."
	DashBadLink          = "Đường link đăng nhập không đúng, đã dùng hoặc đã hết hạn (hiệu lực 10 phút). Vui lòng nhắn «Đăng nhập» cho trợ lý trên Telegram hoặc Zalo để nhận đường link mới."
	DashLoginTitle       = "Đăng nhập"
	DashLoginAsk         = "Bấm «Đăng nhập» để vào trang theo dõi. Đường link đăng nhập chỉ dùng được một lần."
	DashLoginButton      = "Đăng nhập"
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

// DashInviteStates are the invites' states as the Office reads them.
var DashInviteStates = map[string]string{"open": "Chưa sử dụng", "used": "Đã sử dụng", "expired": "Đã hết hạn", "revoked": "Đã thu hồi"}

// DashDone says what the last action did.
var DashDone = map[string]string{
	"closed": "Đã kết thúc theo dõi văn bản.", "answered": "Đã gửi ý kiến trả lời tới đơn vị.", "pause": "Đã tạm dừng nhắc việc.", "resume": "Đã tiếp tục nhắc việc.",
	"created":       "Đã ban hành văn bản; trợ lý đang gửi tới các đơn vị.",
	"group-created": "Đã tạo nhóm. Đồng chí chọn các đơn vị của nhóm rồi bấm «Lưu».", "group-saved": "Đã lưu nhóm.",
	"group-deleted":   "Đã xóa nhóm; các đơn vị vẫn giữ nguyên.",
	"person-disabled": "Đã khóa tài khoản: cán bộ đã bị đăng xuất khỏi trang theo dõi và không còn nhận văn bản, lời nhắc từ trợ lý.",
	"person-enabled":  "Đã mở lại tài khoản; cán bộ có thể tiếp tục sử dụng trợ lý.",
	"invite-revoked":  "Đã thu hồi mã đăng ký; mã này không còn sử dụng được.",
	"due":             "Đã điều chỉnh thời hạn hoàn thành; trợ lý đang thông báo thời hạn mới tới đơn vị.",
	"recalled":        "Đã thu hồi văn bản; trợ lý đang thông báo tới các đơn vị.",
	"decided":         "Đã ghi nhận ý kiến về đề nghị gia hạn; trợ lý đang thông báo tới đơn vị.",
}

// The dashboard's texts of a directive's life after sending.
const (
	DashTitleExtensions = "Đề nghị gia hạn"
	DashBadChange       = "Chưa thực hiện được. Vui lòng ghi lý do; khi điều chỉnh thời hạn, ngày mới phải sau thời điểm hiện tại. Văn bản đã kết thúc theo dõi hoặc đã được thu hồi thì không điều chỉnh thời hạn, không thu hồi được nữa."
	DashBadDecision     = "Chưa ghi nhận được ý kiến: đề nghị đã được xem xét trước đó, ngày gia hạn chưa đúng (phải sau thời hạn hiện tại) hoặc chưa ghi lý do không đồng ý."
)

// DashChangeKinds are the kinds of a directive's history as the Office
// reads them.
var DashChangeKinds = map[string]string{
	"edit": "Đính chính", "due": "Điều chỉnh thời hạn", "extension": "Gia hạn", "recall": "Thu hồi văn bản", "supplement": "Bổ sung",
}

// DashActions are the audit trail's actions as the Office reads them.
var DashActions = map[string]string{
	"directive.create": "Ban hành văn bản", "directive.edit": "Đính chính văn bản", "directive.due": "Điều chỉnh thời hạn",
	"directive.extension": "Đề nghị gia hạn, trả lời đề nghị gia hạn", "directive.recall": "Thu hồi văn bản", "directive.supplement": "Bổ sung văn bản",
	"submission.withdraw": "Rút lại clip hoặc báo cáo", "directive.close": "Kết thúc theo dõi văn bản", "submission.answer": "Trả lời khó khăn, vướng mắc", "directive.remind": "Nhắc ngay các đơn vị",
	"directive.reminders": "Tạm dừng hoặc tiếp tục nhắc việc", "assignment.acknowledge": "Xác nhận đã nhận văn bản",
	"assignment.snooze": "Hoãn nhắc việc", "submission.create": "Gửi clip, báo cáo hoặc khó khăn", "submission.review": "Duyệt hoặc từ chối clip",
	"delivery.lost": "Tin nhắn không rõ đã gửi hay chưa (tiến trình dừng đột ngột)",
	"group.create":  "Tạo nhóm đơn vị", "group.update": "Đổi tên nhóm đơn vị", "group.join": "Thêm đơn vị vào nhóm",
	"group.leave": "Bỏ đơn vị khỏi nhóm", "group.delete": "Xóa nhóm đơn vị",
}

func DashReminded(units int) string {
	return fmt.Sprintf("Trợ lý đang gửi lời nhắc tới %d đơn vị chưa hoàn thành.", units)
}

// The directive form's problems.
const (
	DashNumberTaken = "Số văn bản này đã có."
	DashNeedNumber  = "Vui lòng nhập số hiệu và trích yếu."
	DashBadDue      = "Hạn hoàn thành chưa đúng."
	DashBadIssued   = "Ngày ban hành chưa đúng."
	DashNeedUnits   = "Vui lòng chọn đơn vị hoặc nhóm đơn vị nhận."
)

func DashUnreadableFile(name string) string { return "Không đọc được tệp " + name + "." }

// Page titles and chart labels.
const (
	DashTitleIndex      = "Văn bản chỉ đạo"
	DashTitleSessions   = "Phiên đăng nhập"
	DashTitlePeople     = "Cán bộ và mã đăng ký"
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

// The directive page at a province's scale: what a unit still owes, and
// why it needs the Office's attention.

// Missing is what a unit still has to send, in a few words for a phone's
// card: "xác nhận, 1 trong 2 clip được duyệt, báo cáo"; empty when
// nothing is owed.
func Missing(o storage.Owed) string {
	var parts []string
	if o.Ack {
		parts = append(parts, "xác nhận")
	}
	switch {
	case o.Clips > 0 && o.Clips == o.ClipsOf:
		parts = append(parts, fmt.Sprintf("%d clip được duyệt", o.Clips))
	case o.Clips > 0:
		parts = append(parts, fmt.Sprintf("%d trong %d clip được duyệt", o.Clips, o.ClipsOf))
	}
	if o.Report {
		parts = append(parts, "báo cáo")
	}
	return strings.Join(parts, ", ")
}

// Why says why a unit needs the Office's attention: how late (due is its
// nearest unfinished deadline), silent a day after delivery, clips
// waiting for a decision. The dashboard, /tinhhinh and the digest say it
// alike.
func Why(a storage.Attention, due, now time.Time) []string {
	var out []string
	if a.Overdue {
		out = append(out, Remaining(due, now))
	}
	if a.Silent {
		out = append(out, "chưa xác nhận sau 1 ngày")
	}
	if a.Pending > 0 {
		out = append(out, fmt.Sprintf("%d clip chờ duyệt", a.Pending))
	}
	return out
}

// The groups of units.
const (
	DashTitleGroups = "Nhóm đơn vị"
	DashNoGroup     = "Không tìm thấy nhóm đơn vị này."
	DashGroupTaken  = "Mã nhóm này đã có."
	DashBadGroup    = "Thông tin chưa hợp lệ: mã nhóm gồm 1-32 chữ thường không dấu, chữ số, dấu «-», «_» hoặc «.» (ví dụ cap-xa); tên nhóm không được để trống; chỉ chọn các đơn vị có trong danh sách."
	DashGroupInUse  = "Không xóa được: nhóm này đã là nơi nhận của văn bản. Đồng chí có thể đổi tên nhóm hoặc bỏ bớt đơn vị."
)

// DashTitleGroup is a group's page title.
func DashTitleGroup(name string) string { return "Nhóm " + name }

// DashGroupSaved says that units joining the group got its open directives.
func DashGroupSaved(assigned int) string {
	return fmt.Sprintf("Đã lưu nhóm. Các đơn vị mới vào nhóm được giao các văn bản đang thực hiện đã gửi tới nhóm (%d lượt giao); trợ lý đang gửi tới cán bộ các đơn vị đó.", assigned)
}
