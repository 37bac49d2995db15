package texts

// The chat: registration, help, courtesy, what chidao did not understand,
// and the question it asks back. Buttons are Telegram's; on Zalo each one
// becomes a line saying what to type (zalo.go).

import (
	"fmt"
	"strings"

	"chidao"
)

// Buttons.
const (
	AckButton            = "✅ Đã nhận"
	ClipButton           = "🎬 Gửi clip"
	ReportButton         = "📝 Báo cáo"
	DifficultyButton     = "⚠️ Khó khăn, vướng mắc"
	ApproveButton        = "✅ Duyệt"
	RejectButton         = "❌ Từ chối"
	SnoozeButton         = "⏰ Nhắc lại sau"
	AnswerButton         = "💬 Trả lời"
	AsReportButton       = "📝 Là báo cáo kết quả"
	AsDifficultyButton   = "⚠️ Là khó khăn, vướng mắc"
	NoButton             = "Không"
	AllUnitsButton       = "Tất cả đơn vị"
	UnitsDoneButton      = "Xong ➡️"
	SendButton           = "✅ Ban hành và gửi"
	CancelButton         = "Hủy"
	ButtonOutdated       = "Nút này không còn hiệu lực."
	Picked               = "Đã chọn."
	ApologyShort         = "Xin lỗi, trợ lý gặp sự cố."
	DirectiveClosedShort = "Văn bản này đã kết thúc theo dõi."
)

// AckedButton replaces the acknowledgement button once the unit has
// acknowledged.
func AckedButton(at string) string { return "✅ Đã nhận lúc " + at }

// DecidedButton replaces the review buttons once decided.
func DecidedButton(approve bool, at string) string {
	if approve {
		return "✅ Đã duyệt lúc " + at
	}
	return "❌ Đã từ chối lúc " + at
}

// RoleName names a role in a sentence ("cán bộ đầu mối").
func (t Chat) RoleName(r chidao.Role) string {
	switch r {
	case chidao.RoleAdmin:
		return "cán bộ của " + t.Org.Short
	case chidao.RoleHead:
		return "lãnh đạo đơn vị"
	}
	return "cán bộ đầu mối"
}

// RoleOf says who a person is: "cán bộ đầu mối của Báo Kiên Giang",
// "lãnh đạo Báo Kiên Giang", "cán bộ của Ban Tuyên giáo và Dân vận Tỉnh ủy".
func (t Chat) RoleOf(p chidao.Person) string {
	switch p.Role {
	case chidao.RoleAdmin:
		return "cán bộ của " + p.UnitName
	case chidao.RoleHead:
		return "lãnh đạo " + p.UnitName
	}
	return "cán bộ đầu mối của " + p.UnitName
}

// ChannelName is a channel's name.
func ChannelName(ch chidao.Channel) string {
	if ch == chidao.Zalo {
		return "Zalo"
	}
	return "Telegram"
}

// Registration.

// StartNoCode answers a stranger's /start without a code, or a greeting.
func (t Chat) StartNoCode() string {
	return fmt.Sprintf("Xin chào đồng chí! Đây là trợ lý nhận văn bản chỉ đạo và báo cáo kết quả thực hiện của %s.\n\n", t.Org.Name) +
		t.howToRegister()
}

// NotRegistered answers anything else a stranger sends.
func (t Chat) NotRegistered() string {
	return "Đồng chí chưa đăng ký sử dụng trợ lý nên trợ lý chưa ghi nhận được nội dung vừa gửi.\n\n" + t.howToRegister()
}

func (t Chat) howToRegister() string {
	if t.zalo() {
		return fmt.Sprintf("Để đăng ký, đồng chí gửi mã đăng ký do %s cấp, ví dụ: DK AB12CD34 (chữ hoa hay chữ thường đều được). "+
			"Nếu chưa có mã, đồng chí vui lòng liên hệ %s.", t.Org.Short, t.Org.Short)
	}
	return fmt.Sprintf("Để đăng ký, đồng chí bấm vào đường link mời do %s gửi. Nếu chưa có, đồng chí vui lòng liên hệ %s để được cấp.",
		t.Org.Short, t.Org.Short)
}

// NotRegisteredShort answers a stranger's button.
func (t Chat) NotRegisteredShort() string {
	return "Đồng chí chưa đăng ký sử dụng trợ lý. " + t.pick(fmt.Sprintf("Đồng chí vui lòng bấm vào đường link mời do %s gửi.", t.Org.Short),
		fmt.Sprintf("Đồng chí vui lòng gửi mã đăng ký do %s cấp, ví dụ: DK AB12CD34.", t.Org.Short))
}

// Followed greets a stranger who followed the Zalo account.
func (t Chat) Followed() string {
	return fmt.Sprintf("Cảm ơn đồng chí đã quan tâm tài khoản Zalo của %s.\n\n", t.Org.Name) +
		"Qua tài khoản này, đồng chí nhận văn bản chỉ đạo và báo cáo kết quả thực hiện. " + t.howToRegister()
}

// Codes typed wrong.
func (t Chat) CodeUnknown() string {
	return t.pick(fmt.Sprintf("Mã đăng ký chưa đúng. Đồng chí vui lòng bấm lại vào đường link mời, hoặc đề nghị %s cấp đường link mới.", t.Org.Short),
		fmt.Sprintf("Mã đăng ký chưa đúng. Đồng chí vui lòng kiểm tra lại mã %s đã gửi (gồm 8 chữ và số), ví dụ: DK AB12CD34.", t.Org.Short))
}

func (t Chat) CodeExpired() string {
	return fmt.Sprintf("Mã đăng ký đã hết hạn. Đồng chí vui lòng đề nghị %s cấp mã mới.", t.Org.Short)
}

func (t Chat) CodeUsed() string {
	return fmt.Sprintf("Mã đăng ký này đã được sử dụng. Nếu đồng chí chưa đăng ký, vui lòng đề nghị %s cấp mã mới.", t.Org.Short)
}

func (t Chat) TooManyAttempts() string {
	return fmt.Sprintf("Đồng chí đã nhập sai mã nhiều lần. Đồng chí vui lòng thử lại sau một giờ hoặc liên hệ %s.", t.Org.Short)
}

func (t Chat) Inactive() string {
	return fmt.Sprintf("Tài khoản của đồng chí đã ngừng sử dụng. Nếu cần, đồng chí vui lòng liên hệ %s.", t.Org.Short)
}

// Registered welcomes a new user with the help.
func (t Chat) Registered(p chidao.Person) string {
	return fmt.Sprintf("Xin chào đồng chí %s!\n\nĐồng chí đã đăng ký thành công với vai trò %s.\n\n%s",
		p.FullName, t.RoleOf(p), t.Help(p.Role))
}

// Welcome answers /start and a follow from someone registered.
func (t Chat) Welcome(p chidao.Person) string {
	return fmt.Sprintf("Xin chào đồng chí %s (%s).\n\n%s", p.FullName, t.RoleOf(p), t.Help(p.Role))
}

func (t Chat) AlreadyRegistered(p chidao.Person) string {
	return fmt.Sprintf("Tài khoản này đã được đăng ký cho đồng chí %s (%s), không cần dùng mã đăng ký nữa.", p.FullName, p.UnitName)
}

// Group answers in a group chat.
func Group(bot string) string {
	return fmt.Sprintf("Xin chào! Trợ lý chỉ làm việc trong tin nhắn riêng, để thông tin của từng đơn vị được giữ kín. "+
		"Đồng chí vui lòng nhắn riêng cho @%s (bấm vào tên trợ lý rồi chọn «Nhắn tin»).", bot)
}

// Help is the guide, for the channel and the role.
func (t Chat) Help(role chidao.Role) string {
	if t.zalo() {
		return t.zaloHelp(role)
	}
	var b strings.Builder
	b.WriteString("Hướng dẫn sử dụng:\n")
	b.WriteString("• Mỗi văn bản mới đến kèm các nút: bấm «✅ Đã nhận» để xác nhận; «🎬 Gửi clip», «📝 Báo cáo», «⚠️ Khó khăn, vướng mắc» để gửi kết quả.\n")
	b.WriteString("• Đồng chí cũng có thể gõ trực tiếp: «Đã nhận», «Báo cáo: …», «Khó khăn: …», hoặc trả lời ngay tin nhắn văn bản.\n")
	b.WriteString("• Clip: đăng lên trang của đơn vị rồi gửi đường link (có thể gửi nhiều đường link trong một tin).\n")
	b.WriteString("• Báo cáo có thể kèm tệp PDF, Word hoặc Excel (tối đa 20 MB).\n")
	b.WriteString("• Xem việc còn thiếu: /viec; hỏi hạn: «Hạn khi nào?»\n")
	b.WriteString("• Dùng cả Telegram và Zalo: /lienket; chọn kênh nhận tin: /kenh\n")
	if role != chidao.RoleAdmin {
		b.WriteString("• Cần thêm thời gian: bấm «⏳ Xin gia hạn» dưới văn bản, hoặc gõ «Xin gia hạn đến 20/12/2026 vì …»\n")
		b.WriteString("• Gửi nhầm clip, báo cáo: bấm «↩️ Rút lại» dưới tin nhắn trợ lý báo đã nhận (clip đã có kết quả duyệt thì không rút lại được).\n")
	}
	if role == chidao.RoleHead {
		b.WriteString("• Lãnh đạo đơn vị: mỗi clip của đơn vị được gửi tới đồng chí để duyệt; bấm «✅ Duyệt» hoặc «❌ Từ chối» (kèm lý do). Chỉ clip được duyệt mới được tính vào kết quả.\n")
		b.WriteString("• Trang theo dõi của đơn vị: /dangnhap\n")
		b.WriteString("• Điểm, kết quả của đơn vị theo kỳ: /bangdiem (quý này) hoặc /bangdiem quý 1/2026\n")
	}
	if role == chidao.RoleAdmin {
		b.WriteString("• Tình hình thực hiện: /tinhhinh, hoặc /tinhhinh kèm số văn bản; tệp Excel tổng hợp: /tonghop kèm số văn bản\n")
		b.WriteString("• Ban hành văn bản mới: gửi tệp PDF hoặc Word của văn bản đã ký; trợ lý đọc văn bản, đồng chí kiểm tra rồi bấm «📤 Ban hành». Hoặc /chidao để nhập theo từng bước.\n")
		b.WriteString("• Trang theo dõi: /dangnhap\n")
		b.WriteString("• Bảng điểm các đơn vị: /bangdiem (quý này) hoặc /bangdiem quý 1/2026, tháng 3/2026, năm 2026\n")
		b.WriteString("• Nhắc ngay các đơn vị chưa hoàn thành: /nhacnho kèm số văn bản; tạm dừng, tiếp tục nhắc việc: /tamdung, /tieptuc kèm số văn bản\n")
		b.WriteString("• Khó khăn, vướng mắc của đơn vị được chuyển tới đồng chí: bấm «💬 Trả lời» hoặc trả lời ngay tin nhắn đó.\n")
		b.WriteString("• Duyệt clip của các đơn vị chưa có lãnh đạo đăng ký.\n")
		b.WriteString("• Đề nghị gia hạn của các đơn vị: bấm «✅ Đồng ý», «📅 Đồng ý đến ngày khác» hoặc «❌ Không đồng ý»; xem các đề nghị đang chờ: /giahan\n")
		b.WriteString("• Điều chỉnh thời hạn cho tất cả đơn vị: /doihan kèm số văn bản, ngày mới và lý do; thu hồi văn bản: /thuhoivb kèm số văn bản và lý do\n")
		b.WriteString("• Khóa, mở lại tài khoản của cán bộ: /khoa, /mokhoa kèm mã số cán bộ; thu hồi mã đăng ký chưa sử dụng: /thuhoi kèm mã đăng ký\n")
		b.WriteString(AmendHelp)
	}
	b.WriteString("• Hủy thao tác đang dở: /huy")
	return b.String()
}

func (t Chat) zaloHelp(role chidao.Role) string {
	var b strings.Builder
	b.WriteString("Hướng dẫn sử dụng (gõ có dấu hay không dấu đều được):\n")
	b.WriteString("• DA NHAN: xác nhận đã nhận văn bản.\n")
	b.WriteString("• Clip: đăng lên trang của đơn vị rồi gửi đường link.\n")
	b.WriteString("• BAO CAO kèm nội dung: gửi báo cáo kết quả, ví dụ: BAO CAO Đơn vị đã đăng 3 clip. Có thể gửi kèm tệp PDF, Word, Excel.\n")
	b.WriteString("• KHO KHAN kèm nội dung: báo khó khăn, vướng mắc.\n")
	b.WriteString("• VIEC: xem việc còn thiếu; hỏi hạn: «Hạn khi nào?»\n")
	b.WriteString("• NHAC SAU: nhắc lại vào sáng ngày làm việc tiếp theo.\n")
	b.WriteString("• LIEN KET: dùng cả Zalo và Telegram; KENH: nhận tin qua Zalo.\n")
	if role != chidao.RoleAdmin {
		b.WriteString("• XIN GIA HAN đến ngày … vì …: đề nghị gia hạn, ví dụ: XIN GIA HAN đến 20/12/2026 vì thiết bị hỏng\n")
		b.WriteString("• RUT kèm số, ví dụ RUT 12 (số có trong tin nhắn trợ lý báo đã nhận), hoặc GUI NHAM: rút lại clip, báo cáo vừa gửi nhầm (clip đã có kết quả duyệt thì không rút lại được).\n")
	}
	if role == chidao.RoleHead {
		b.WriteString("• DUYET 12 hoặc TU CHOI 12 kèm lý do: duyệt hoặc từ chối clip số 12 (số clip có trong tin nhắn đề nghị duyệt); khi chỉ có một clip chờ duyệt, gõ DUYET là đủ.\n")
		b.WriteString("• DANG NHAP: đường link vào trang theo dõi của đơn vị.\n")
		b.WriteString("• BANG DIEM (kèm kỳ, ví dụ BANG DIEM quý 1/2026): điểm, kết quả của đơn vị.\n")
	}
	if role == chidao.RoleAdmin {
		b.WriteString("• TINH HINH (kèm số văn bản nếu cần): tình hình thực hiện; TONG HOP kèm số văn bản: số liệu tổng hợp.\n")
		b.WriteString("• NHAC NHO, TAM DUNG, TIEP TUC kèm số văn bản: nhắc ngay, tạm dừng, tiếp tục nhắc việc.\n")
		b.WriteString("• BANG DIEM (kèm kỳ, ví dụ BANG DIEM quý 1/2026): bảng điểm các đơn vị.\n")
		b.WriteString("• TRA LOI 4 kèm ý kiến: trả lời khó khăn, vướng mắc số 4 của đơn vị.\n")
		b.WriteString("• Đề nghị gia hạn số 5: DONG Y 5 để đồng ý như đề nghị; DONG Y 5 kèm ngày (ví dụ DONG Y 5 25/12/2026) để đồng ý đến ngày khác; KHONG DONG Y 5 kèm lý do để không đồng ý. GIA HAN: xem các đề nghị đang chờ.\n")
		b.WriteString("• DOI HAN kèm số văn bản, ngày mới và lý do: điều chỉnh thời hạn cho tất cả đơn vị.\n")
		b.WriteString("• THU HOI VAN BAN kèm số văn bản và lý do: thu hồi văn bản.\n")
		b.WriteString(AmendHelpZalo)
		b.WriteString("• Ban hành văn bản mới: gửi tệp PDF hoặc Word của văn bản đã ký; trợ lý đọc văn bản, đồng chí kiểm tra rồi chọn «Ban hành».\n")
		b.WriteString("• DANG NHAP: đường link vào trang theo dõi.\n")
	}
	b.WriteString("• HUY: hủy thao tác đang dở.")
	return b.String()
}

// AdminOnly refuses what only the Office's staff may do.
func (t Chat) AdminOnly() string {
	return fmt.Sprintf("Chức năng này chỉ dành cho cán bộ của %s.", t.Org.Short)
}

const Cancelled = "Đã hủy thao tác."

// UnknownCommand answers a /command chidao does not have.
func (t Chat) UnknownCommand(cmd string, role chidao.Role) string {
	return fmt.Sprintf("Trợ lý không có lệnh /%s.\n\n%s", cmd, t.Help(role))
}

// NotUnderstood answers a short message chidao cannot place.
func (t Chat) NotUnderstood() string {
	return "Trợ lý chưa hiểu ý đồng chí. " + t.pick(
		"Đồng chí có thể gõ «Đã nhận», «Báo cáo: …», «Khó khăn: …», gửi đường link clip, hoặc dùng các nút dưới tin nhắn văn bản. Gửi /huongdan để xem hướng dẫn.",
		"Đồng chí có thể gõ DA NHAN, BAO CAO kèm nội dung, KHO KHAN kèm nội dung, hoặc gửi đường link clip. Gõ HUONG DAN để xem hướng dẫn.")
}

// Courtesy.
const (
	Thanks      = "Cảm ơn đồng chí!"
	Noted       = "Vâng, cảm ơn đồng chí."
	NothingKept = "Trợ lý không ghi nhận nội dung này. Khi cần, đồng chí có thể gửi lại bất cứ lúc nào."
)

// Greeting answers a greeting.
func (t Chat) Greeting(p chidao.Person) string {
	return fmt.Sprintf("Xin chào đồng chí %s! ", p.FullName) + t.pick(
		"Đồng chí gửi /viec để xem việc còn thiếu, /huongdan để xem hướng dẫn.",
		"Đồng chí gõ VIEC để xem việc còn thiếu, HUONG DAN để xem hướng dẫn.")
}

// Media answers a photo, video, voice message or sticker.
func (t Chat) Media(kind string) string {
	switch kind {
	case "video":
		return "Trợ lý không nhận tệp video trực tiếp. Đề nghị đồng chí đăng clip lên trang của đơn vị (YouTube, Facebook, TikTok, Zalo…) " +
			"rồi gửi đường link clip để lãnh đạo đơn vị duyệt."
	case "voice", "audio":
		return "Trợ lý không nhận tin nhắn thoại. Đồng chí vui lòng gõ nội dung cần gửi."
	case "sticker", "gif", "animation":
		return "Cảm ơn đồng chí! " + t.pick("Để xác nhận đã nhận văn bản, đồng chí bấm «✅ Đã nhận» dưới tin nhắn văn bản hoặc gõ «Đã nhận».",
			"Để xác nhận đã nhận văn bản, đồng chí gõ DA NHAN.")
	case "photo":
		return "Trợ lý không nhận ảnh. Nếu là clip, đề nghị đồng chí đăng lên trang của đơn vị rồi gửi đường link; " +
			"nếu là báo cáo, đồng chí gõ nội dung hoặc gửi tệp PDF, Word, Excel."
	}
	return t.NotUnderstood()
}

// AskBack asks what a longer message chidao could not place is.
func (t Chat) AskBack(guess string) string {
	s := "Trợ lý chưa rõ nội dung đồng chí vừa gửi là báo cáo kết quả hay khó khăn, vướng mắc. Đồng chí muốn gửi nội dung này như thế nào?"
	if guess == "report" {
		s = "Nội dung đồng chí vừa gửi có phải là báo cáo kết quả thực hiện không? Đồng chí chọn cách gửi:"
	}
	return s + t.pick("", "\n\n1. Báo cáo kết quả\n2. Khó khăn, vướng mắc\n\nĐồng chí trả lời 1 hoặc 2, hoặc KHONG nếu không cần ghi nhận.")
}

// AskFile offers a document sent without a word as a report's file.
func (t Chat) AskFile(name string) string {
	s := fmt.Sprintf("Đồng chí gửi tệp «%s» làm tệp kèm báo cáo kết quả thực hiện?", name)
	return s + t.pick("", "\n\n1. Báo cáo kết quả\n2. Khó khăn, vướng mắc\n\nĐồng chí trả lời 1 hoặc 2, hoặc KHONG nếu không cần ghi nhận.")
}

// Channels and linked accounts.

func (t Chat) ChannelSet(ch chidao.Channel) string {
	return fmt.Sprintf("Từ nay trợ lý sẽ gửi tin nhắn cho đồng chí qua %s.", ChannelName(ch))
}

func (t Chat) ChannelNotLinked(ch chidao.Channel) string {
	return fmt.Sprintf("Tài khoản %s của đồng chí chưa được liên kết. Đồng chí %s để lấy mã liên kết, rồi dùng mã đó trên %s.",
		ChannelName(ch), t.pick("gửi /lienket", "gõ LIEN KET"), ChannelName(ch))
}

func (t Chat) AccountLinked(ch chidao.Channel) string {
	return fmt.Sprintf("Tài khoản %s vừa được liên kết với đồng chí. Nếu không phải đồng chí thực hiện, đồng chí vui lòng báo ngay cho %s.", ChannelName(ch), t.Org.Short)
}

// LinkCode gives the code that links the other channel.
func (t Chat) LinkCode(short, long, bot string) string {
	s := fmt.Sprintf("Mã liên kết tài khoản (dùng một lần, có hiệu lực trong 1 giờ; không chia sẻ mã này cho người khác): %s\n\n"+
		"• Trên Zalo: gửi tin nhắn «DK %s» tới tài khoản Zalo của %s.", short, short, t.Org.Name)
	if bot != "" {
		s += fmt.Sprintf("\n• Trên Telegram: mở https://t.me/%s?start=%s", bot, long)
	}
	return s + "\n\nTin nhắn sẽ được gửi qua kênh đồng chí đăng ký đầu tiên; muốn đổi, đồng chí gửi «Kênh» trên kênh muốn dùng."
}

func (t Chat) PhoneSaved() string {
	return fmt.Sprintf("Cảm ơn đồng chí đã chia sẻ số điện thoại. %s sẽ dùng số này khi cần liên hệ trực tiếp.", t.Org.Short)
}
