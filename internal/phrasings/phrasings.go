// Package phrasings is the set of things officers really write, each sent
// by a fresh officer right after a directive arrived, that both channels'
// end-to-end tests send through their fakes (bot/telegram, bot/zalo): the
// phrasings issue 12 found misunderstood, and the buttons' own labels.
package phrasings

import "chidao/storage"

// Effect is what a phrasing must leave recorded.
type Effect int

// What is recorded.
const (
	Nothing    Effect = iota // a courtesy, an answer, or a question asked back
	Ack                      // the unit acknowledged the directive
	Report                   // a report
	Difficulty               // a difficulty
	Clip                     // a clip, waiting for review
	Approved                 // the waiting clip was approved
	Snoozed                  // the unit's reminders wait
	Registered               // the stranger became an officer
)

// Sender is who writes it.
type Sender int

// Who writes it.
const (
	Officer  Sender = iota
	Head            // the unit's head, one clip of the unit waiting for review
	Stranger        // not registered; Text holds %s for the short code of an invite
)

// Case is one phrasing.
type Case struct {
	Text   string
	Reply  bool // a reply to the letter itself (Telegram; Zalo has no replies)
	From   Sender
	Want   string // the answer holds this
	Effect Effect
}

// Cases are the 32 phrasings. The directive asks for one approved clip
// and a report.
var Cases = []Case{
	{Text: "Đã nhận", Want: "Đã ghi nhận đơn vị", Effect: Ack},
	{Text: "Đã nhận ạ", Reply: true, Want: "Đã ghi nhận đơn vị", Effect: Ack},
	{Text: "Dạ em nhận rồi ạ", Want: "Đã ghi nhận đơn vị", Effect: Ack},
	{Text: "da nhan", Want: "Đã ghi nhận đơn vị", Effect: Ack},
	{Text: "DANHAN", Want: "Đã ghi nhận đơn vị", Effect: Ack},
	{Text: "Nhận", Want: "Đã ghi nhận đơn vị", Effect: Ack},
	{Text: "nhận rồi", Want: "Đã ghi nhận đơn vị", Effect: Ack},
	{Text: "Đã tiếp nhận", Want: "Đã ghi nhận đơn vị", Effect: Ack},
	{Text: "da nhan ạ", Want: "Đã ghi nhận đơn vị", Effect: Ack},
	{Text: "👍", Want: "Đã ghi nhận đơn vị", Effect: Ack},
	{Text: "ok", Want: "Đã ghi nhận đơn vị", Effect: Ack},
	{Text: "Kết quả thực hiện: đã đăng tải 6 video clip trên trang Facebook và kênh YouTube của đơn vị.", Want: "Đã nhận báo cáo", Effect: Report},
	{Text: "Đơn vị gặp vướng mắc về kinh phí sản xuất video clip.", Want: "Đã chuyển khó khăn, vướng mắc", Effect: Difficulty},
	{Text: "Báo cáo: đơn vị đã đăng 3 clip", Want: "Đã nhận báo cáo", Effect: Report},
	{Text: "Khó khăn: thiếu máy quay", Want: "Đã chuyển khó khăn, vướng mắc", Effect: Difficulty},
	{Text: "Cảm ơn Ban", Want: "Cảm ơn đồng chí", Effect: Nothing},
	{Text: "Xin chào", Want: "Xin chào đồng chí", Effect: Nothing},
	{Text: "Hạn khi nào vậy ạ?", Want: "hạn hoàn thành", Effect: Nothing},
	{Text: "Hạn chót ngày nào?", Want: "hạn hoàn thành", Effect: Nothing},
	{Text: "Đơn vị còn thiếu gì không ạ?", Want: "Còn thiếu 1 clip được duyệt (đã duyệt 0/1) và báo cáo kết quả", Effect: Nothing},
	{Text: "Việc", Want: "đang thực hiện 1 văn bản", Effect: Nothing},
	{Text: "Hướng dẫn", Want: "Hướng dẫn sử dụng", Effect: Nothing},
	{Text: "Gửi clip", Want: "đường link clip thực hiện văn bản số", Effect: Nothing},
	{Text: "📝 Báo cáo", Want: "nội dung báo cáo kết quả thực hiện văn bản số", Effect: Nothing},
	{Text: "Nhắc lại sau", Want: "Trợ lý sẽ nhắc lại lúc", Effect: Snoozed},
	{Text: "TONG HOP", Want: "Báo cáo tổng hợp của tất cả đơn vị do Ban theo dõi", Effect: Nothing},
	{Text: "DANG NHAP", Want: "Trang theo dõi chỉ dành cho cán bộ của Ban và lãnh đạo đơn vị", Effect: Nothing},
	{Text: "DK <%s>", From: Stranger, Want: "Xin chào đồng chí", Effect: Registered},
	{Text: "Duyệt", From: Head, Want: "Đã duyệt clip số", Effect: Approved},
	{Text: "Từ chối", From: Head, Want: "lý do từ chối", Effect: Nothing},
	{Text: "Clip tuyên truyền của đơn vị: https://youtu.be/dQw4w9WgXcQ", Want: "Đã nhận 1 clip", Effect: Clip},
	{Text: "Em gửi Ban tài liệu tham khảo thêm về hoạt động của đơn vị", Want: "Đồng chí muốn gửi nội dung này như thế nào?", Effect: Nothing},
}

// Holds reports whether the unit's state shows the effect, and no other
// piece of work was recorded by mistake.
func Holds(e Effect, u storage.UnitReport) bool {
	acked := !u.AcknowledgedAt.IsZero()
	reports, difficulties, clips := len(u.Reports), len(u.Difficulties), len(u.Clips)
	switch e {
	case Ack:
		return acked && reports == 0 && difficulties == 0 && clips == 0
	case Report:
		return reports == 1 && difficulties == 0
	case Difficulty:
		return difficulties == 1 && reports == 0
	case Clip:
		return clips == 1 && u.ClipsApproved == 0
	case Approved:
		return u.ClipsApproved == 1
	case Snoozed:
		return !u.SnoozedUntil.IsZero() && reports == 0 && difficulties == 0
	case Registered:
		return true // checked by the greeting
	}
	return reports == 0 && difficulties == 0 && u.ClipsApproved == 0
}
