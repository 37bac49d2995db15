package texts

// The phrases the recogniser (package intent) knows, written as people
// write them. They are compared after folding: lower case, without
// accents ("Đã nhận" and "da nhan" are the same), punctuation ignored, and
// the filler words below dropped. docs/recogniser.md says how to add one.

// Match says where a phrase must stand in a message.
type Match int

// Where a phrase may stand.
const (
	// Keyword: the message starts with the phrase; what follows is its
	// argument (a report's text, a clip number, a code...). Also matched
	// with its words glued together ("BAOCAO", "DANHAN").
	Keyword Match = iota
	// Whole: the phrase is the whole message (fillers aside).
	Whole
	// Cue: the phrase appears anywhere in a longer message and hints at
	// what it is. A strong cue (Weight 2) decides alone; a weak one (1)
	// makes chidao ask back.
	Cue
)

// Phrase is a set of words with one meaning.
type Phrase struct {
	Intent string
	How    Match
	Weight int // cues only
	Words  []string
}

// Phrases is everything the recogniser knows, in the order it tries them.
var Phrases = []Phrase{
	{Intent: "register", How: Keyword, Words: []string{"dk", "đăng ký", "dang ki", "đăng kí", "/start", "start", "mã đăng ký"}},
	{Intent: "report", How: Keyword, Words: []string{"báo cáo", "bc", "gửi báo cáo", "nộp báo cáo", "báo cáo kết quả"}},
	{Intent: "difficulty", How: Keyword, Words: []string{"khó khăn", "khó khăn vướng mắc", "vướng mắc", "kk", "gửi khó khăn", "kiến nghị"}},
	{Intent: "approve", How: Keyword, Words: []string{"duyệt", "duyệt clip", "phê duyệt"}},
	{Intent: "reject", How: Keyword, Words: []string{"từ chối", "từ chối clip", "không duyệt", "tc"}},
	{Intent: "answer", How: Keyword, Words: []string{"trả lời", "phản hồi"}},
	{Intent: "summary", How: Keyword, Words: []string{"tổng hợp", "báo cáo tổng hợp", "xuất báo cáo", "xuất excel", "tải báo cáo tổng hợp"}},
	{Intent: "situation", How: Keyword, Words: []string{"tình hình", "tình hình thực hiện"}},
	{Intent: "scorecard", How: Keyword, Words: []string{"bảng điểm", "xếp hạng", "chấm điểm", "kết quả đơn vị"}},
	{Intent: "remind", How: Keyword, Words: []string{"nhắc nhở", "nhắc ngay", "nhắc việc"}},
	{Intent: "pause", How: Keyword, Words: []string{"tạm dừng", "tạm dừng nhắc"}},
	{Intent: "resume", How: Keyword, Words: []string{"tiếp tục", "tiếp tục nhắc"}},
	{Intent: "channel", How: Keyword, Words: []string{"kênh", "đổi kênh", "chọn kênh"}},
	{Intent: "ack", How: Keyword, Words: []string{"đã nhận", "nhận", "đã tiếp nhận", "tiếp nhận", "đã nhận được", "nhận được",
		"xác nhận", "đã xác nhận", "đã nhận văn bản", "đã nhận công văn", "nhận văn bản", "đã nhận thông tin", "đã rõ", "rõ", "đã nắm được", "đã tiếp thu"}},

	{Intent: "ok", How: Whole, Words: []string{"ok", "oke", "okie", "okay", "vâng", "dạ vâng", "được", "được ạ", "ừ", "uh", "yes", "đồng ý"}},
	{Intent: "thanks", How: Whole, Words: []string{"cảm ơn", "cám ơn", "cảm ơn ban", "cám ơn ban", "cảm ơn nhiều", "xin cảm ơn",
		"thanks", "thank you", "thank", "tks", "thks", "cảm ơn đồng chí", "trân trọng cảm ơn", "cảm ơn trợ lý", "cảm ơn ban nhiều"}},
	{Intent: "greeting", How: Whole, Words: []string{"xin chào", "chào", "chào ban", "hello", "hi", "alo", "chào buổi sáng",
		"chào buổi chiều", "chào buổi tối", "chào đồng chí", "xin chào ban", "chào trợ lý", "kính chào"}},
	{Intent: "help", How: Whole, Words: []string{"hướng dẫn", "giúp", "giúp đỡ", "help", "trợ giúp", "làm sao", "làm thế nào",
		"cách gửi", "cách làm", "cách sử dụng", "hướng dẫn sử dụng", "sử dụng thế nào", "gửi thế nào", "gửi như thế nào",
		"làm sao để gửi", "không biết gửi", "menu", "?", "xem hướng dẫn", "hướng dẫn gửi"}},
	{Intent: "work", How: Whole, Words: []string{"việc", "việc của tôi", "xem việc", "công việc", "danh sách việc",
		"việc đang làm", "văn bản", "xem văn bản", "nhiệm vụ", "xem nhiệm vụ", "việc còn thiếu", "xem việc còn thiếu"}},
	{Intent: "clip", How: Whole, Words: []string{"gửi clip", "nộp clip", "gửi link", "gửi đường link", "gửi video", "clip"}},
	{Intent: "snooze", How: Whole, Words: []string{"nhắc lại sau", "nhắc sau", "để sau", "nhắc tôi sau", "mai nhắc",
		"nhắc lại", "nhắc lại vào ngày mai", "hoãn nhắc", "nhắc lại vào ngày làm việc tiếp theo"}},
	{Intent: "login", How: Whole, Words: []string{"đăng nhập", "trang theo dõi", "dashboard", "login", "vào trang theo dõi", "đăng nhập trang theo dõi"}},
	{Intent: "link", How: Whole, Words: []string{"liên kết", "liên kết tài khoản", "mã liên kết"}},
	{Intent: "cancel", How: Whole, Words: []string{"hủy", "huỷ", "hủy bỏ", "thôi", "dừng", "bỏ qua", "hủy thao tác"}},
	{Intent: "no", How: Whole, Words: []string{"không", "ko", "k", "không phải", "không cần", "0"}},
	{Intent: "create", How: Whole, Words: []string{"ban hành văn bản", "văn bản mới", "gửi văn bản mới", "chidao"}},

	{Intent: "ask_deadline", How: Cue, Weight: 2, Words: []string{"hạn khi nào", "hạn bao giờ", "hạn ngày nào", "hạn là khi nào",
		"hạn là ngày nào", "khi nào hết hạn", "bao giờ hết hạn", "hạn chót", "thời hạn", "hạn nộp", "hạn cuối",
		"hạn hoàn thành", "hạn đến", "hạn là", "deadline", "mấy giờ hết hạn", "còn mấy ngày", "còn bao nhiêu ngày",
		"khi nào phải nộp", "bao giờ phải nộp", "khi nào phải gửi", "bao giờ phải gửi", "hạn gửi", "hết hạn chưa"}},
	{Intent: "ask_owed", How: Cue, Weight: 2, Words: []string{"còn thiếu gì", "thiếu gì", "còn thiếu những gì", "còn thiếu không",
		"còn phải làm gì", "còn phải gửi gì", "cần gửi gì", "cần làm gì", "phải làm gì", "phải gửi gì", "đủ chưa",
		"đã đủ chưa", "còn nợ gì", "còn việc gì", "đã hoàn thành chưa", "hoàn thành chưa", "xong chưa", "đã xong chưa",
		"còn thiếu clip không", "còn thiếu báo cáo không", "còn gì nữa không", "tình trạng", "tiến độ của đơn vị"}},
	{Intent: "report", How: Cue, Weight: 2, Words: []string{"kết quả thực hiện", "báo cáo kết quả", "kính báo cáo", "xin báo cáo",
		"đơn vị báo cáo", "em xin báo cáo", "kết quả triển khai", "báo cáo tình hình", "báo cáo việc", "đã triển khai thực hiện",
		"kết quả đạt được", "tổng số clip", "kết quả như sau"}},
	{Intent: "report", How: Cue, Weight: 1, Words: []string{"đã đăng", "đã đăng tải", "đã thực hiện", "đã hoàn thành", "đã triển khai",
		"đã xong", "đã làm", "đã sản xuất", "đã phát sóng", "đã đưa tin", "hoàn thành", "lượt xem", "video clip", "clip"}},
	{Intent: "difficulty", How: Cue, Weight: 2, Words: []string{"vướng mắc", "khó khăn", "gặp khó", "trở ngại", "kiến nghị", "đề xuất",
		"xin gia hạn", "gia hạn", "chưa có kinh phí", "không có kinh phí", "thiếu kinh phí", "thiếu thiết bị", "thiếu nhân lực",
		"thiếu người", "chưa có thiết bị", "không có thiết bị", "hỏng thiết bị", "thiết bị hỏng", "chưa kịp", "không kịp",
		"không thực hiện được", "chưa thực hiện được", "chưa có người", "chưa bố trí được", "bất cập"}},
}

// Fillers are words of politeness dropped before matching, as typed with
// their accents; the unaccented ones below are dropped too.
var Fillers = []string{"dạ", "ạ", "à", "ạh", "nhé", "nhe", "nha", "nhá", "vâng", "em", "anh", "chị", "ok", "oke", "rồi",
	"ạ.", "luôn", "với", "ah", "a", "roi", "vang", "nhen", "ơi", "ban ơi", "thưa", "kính gửi", "đồng chí"}

// Negations before a difficulty cue turn it into good news ("không có
// khó khăn, vướng mắc" belongs in a report).
var Negations = []string{"không", "chưa", "không có", "chưa có", "không gặp", "chưa gặp", "ko", "k", "hết"}

// NegatedCues are the difficulty cues that a negation before them undoes
// (the others, such as "chưa có kinh phí", carry their own negation).
var NegatedCues = []string{"vướng mắc", "khó khăn", "gặp khó", "trở ngại", "kiến nghị", "đề xuất", "bất cập"}

// Courtesy words may follow an acknowledgement without changing it
// ("Đã nhận văn bản số 1483-CV/BTGTU, cảm ơn Ban").
var Courtesy = []string{"văn bản", "công văn", "thông tin", "kế hoạch", "chỉ đạo", "cảm ơn", "cám ơn", "ban", "nhiều", "được",
	"số", "của", "đầy đủ", "và", "sẽ", "triển khai", "thực hiện", "ngay", "sớm", "đơn vị", "tài liệu", "tệp", "file",
	"trân trọng", "thanks", "tks", "đã", "rõ", "hướng dẫn", "nhiệm vụ", "tin nhắn", "kèm theo", "trợ lý"}

// Emoji are read as the words they stand for.
var Emoji = map[string]string{"👍": "ok", "👌": "ok", "✅": "ok", "🆗": "ok", "🙏": "cảm ơn", "🤝": "cảm ơn", "💐": "cảm ơn", "🌹": "cảm ơn"}
