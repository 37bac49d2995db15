package texts

// The Word summary report (issue 17): the body drafted from the data, in
// the register of a Party report.

import (
	"fmt"
	"strings"

	"chidao"
	"chidao/storage"
)

// Fixed parts of the Word report.
const (
	DocxRecipient       = "Ban Tuyên giáo và Dân vận Trung ương (để báo cáo)"
	DocxSignerTitle     = "TRƯỞNG BAN"
	DocxHeadDeploy      = "I. TÌNH HÌNH TRIỂN KHAI THỰC HIỆN"
	DocxHeadResults     = "II. KẾT QUẢ THỰC HIỆN"
	DocxHeadOverall     = "1. Tình hình chung"
	DocxHeadUnits       = "2. Kết quả của từng cơ quan, đơn vị"
	DocxHeadClips       = "3. Việc sản xuất, đăng phát video clip ngắn và kết quả lan tỏa"
	DocxHeadDifficulty  = "III. KHÓ KHĂN, VƯỚNG MẮC"
	DocxHeadProposals   = "IV. ĐỀ XUẤT, KIẾN NGHỊ"
	DocxProposalsPrompt = "[Bổ sung nội dung đề xuất, kiến nghị trước khi trình lãnh đạo Ban ký.]"
	DocxNoDifficulty    = "Các cơ quan, đơn vị chưa phản ánh khó khăn, vướng mắc."
	DocxCaptionDone     = "Biểu đồ 1. Số cơ quan, đơn vị hoàn thành theo thời gian"
	DocxCaptionReach    = "Biểu đồ 2. Lượt xem của các clip được duyệt, theo nền tảng"
	DocxTopClips        = "Các clip có lượt xem cao nhất:"
	DocxReportSent      = "Đã gửi"
	DocxReportMissing   = "Chưa"
	DocxUnknown         = "–"
)

// Column titles of the Word report's tables.
var (
	DocxUnitColumns     = []string{"TT", "Cơ quan, đơn vị", "Tình trạng", "Clip được duyệt", "Lượt xem", "Báo cáo", "Hoàn thành lúc"}
	DocxPlatformColumns = []string{"Nền tảng", "Clip được duyệt", "Có số liệu", "Lượt xem", "Lượt thích", "Chia sẻ", "Bình luận"}
)

// DocxDeploy opens section I.
func DocxDeploy(r storage.DirectiveReport, orgFullName string) string {
	d := r.Directive
	return fmt.Sprintf("Ngày %s, %s ban hành Văn bản số %s về việc %s; văn bản được gửi tới %d cơ quan, đơn vị qua Telegram và Zalo "+
		"ngay trong ngày ban hành, với thời hạn hoàn thành là %s. Các nhiệm vụ cụ thể như sau:",
		Date(d.IssuedOn), orgFullName, d.Number, lowerFirst(d.Title), len(r.Units), Deadline(d.DueAt))
}

// DocxTask is one task with what it asks and its deadline.
func DocxTask(t chidao.Task) string {
	s := fmt.Sprintf("- Nhiệm vụ %d: %s", t.Position, strings.TrimRight(t.Text, "."))
	var need []string
	if t.MinClips > 0 {
		need = append(need, fmt.Sprintf("ít nhất %d video clip được người đứng đầu đơn vị duyệt trước khi đăng", t.MinClips))
	}
	if t.Report {
		need = append(need, "báo cáo kết quả")
	}
	if len(need) > 0 {
		s += " (yêu cầu " + strings.Join(need, " và ") + ")"
	}
	return s + "; hạn " + Deadline(t.DueAt) + "."
}

// DocxAcknowledged says how many units acknowledged.
func DocxAcknowledged(r storage.DirectiveReport, acked int) string {
	return fmt.Sprintf("Đến %s, có %d/%d cơ quan, đơn vị đã nhận văn bản. Ban thường xuyên theo dõi, đôn đốc các đơn vị thực hiện theo thời hạn và "+
		"tổng hợp kết quả các đơn vị gửi về (clip, báo cáo, khó khăn, vướng mắc).", DateTime(r.At), acked, len(r.Units))
}

// DocxOverall counts the units by status.
func DocxOverall(n map[chidao.Status]int, total int) string {
	return fmt.Sprintf("Trong %d cơ quan, đơn vị được giao nhiệm vụ: %d đơn vị hoàn thành đúng hạn, %d đơn vị hoàn thành quá hạn, "+
		"%d đơn vị quá hạn nhưng chưa hoàn thành, %d đơn vị đang thực hiện trong hạn và %d đơn vị chưa nhận văn bản.",
		total, n[chidao.StatusDoneOnTime], n[chidao.StatusDoneLate], n[chidao.StatusOverdue], n[chidao.StatusInProgress], n[chidao.StatusNotAcknowledged])
}

// DocxLateUnit is one unit late, with how late.
func DocxLateUnit(name string, s chidao.Status, days int) string {
	return fmt.Sprintf("%s (%s %d ngày)", name, s, days)
}

// DocxLate lists the units late.
func DocxLate(units []string) string {
	return "Các đơn vị chưa hoàn thành hoặc hoàn thành quá hạn: " + strings.Join(units, "; ") + "."
}

// DocxClips sums up the clips and their views.
func DocxClips(sent, approved, rejected, pending int, views int64, measured int) string {
	s := fmt.Sprintf("Các cơ quan, đơn vị đã gửi %d video clip; %d clip được người đứng đầu đơn vị duyệt, %d clip bị từ chối, %d clip đang chờ duyệt.",
		sent, approved, rejected, pending)
	if measured > 0 {
		s += fmt.Sprintf(" Các clip được duyệt đạt tổng cộng %s lượt xem (%d/%d clip có số liệu).", Count(views), measured, approved)
	} else if approved > 0 {
		s += " Chưa có số liệu lượt xem của các clip được duyệt."
	}
	return s
}

// DocxTopClip is one of the most viewed clips.
func DocxTopClip(i int, unit, url, platform string, views int64) string {
	return fmt.Sprintf("%d. %s (%s, %s): %s lượt xem.", i, url, unit, PlatformLabel(platform), Count(views))
}

// DocxDifficultyGroup heads a topic with the units that raised it.
func DocxDifficultyGroup(topic string, units []string) string {
	return fmt.Sprintf("- Về %s (%s):", topic, strings.Join(units, ", "))
}

// DocxDifficultyItem is one difficulty as its unit wrote it.
func DocxDifficultyItem(unit, text string) string {
	return fmt.Sprintf("+ %s: %s", unit, strings.TrimSpace(text))
}

// DifficultyTopics group difficulties by what they are about: the first
// topic one of whose words (accents ignored) the text holds.
var DifficultyTopics = []struct{ Topic, Words string }{
	{"thiết bị, phương tiện", "thiet bi|may quay|may anh|flycam|phuong tien|micro"},
	{"nhân lực, chuyên môn", "nhan luc|nhan su|can bo|bien tap|phong vien|dao tao|ky nang|chuyen mon"},
	{"kinh phí", "kinh phi|ngan sach|chi phi|nhuan but"},
	{"hạ tầng kỹ thuật, nền tảng", "mang|duong truyen|internet|phan mem|tai khoan|nen tang|ky thuat|ban quyen"},
	{"thời gian thực hiện", "thoi gian|gap|tien do"},
}

// DifficultyOther is the topic of the rest.
const DifficultyOther = "các nội dung khác"

func lowerFirst(s string) string {
	s = strings.TrimSpace(s)
	for _, prefix := range []string{"V/v ", "v/v ", "Về việc ", "về việc "} {
		s = strings.TrimPrefix(s, prefix)
	}
	r := []rune(s)
	if len(r) > 1 && strings.ToLower(string(r[1])) == string(r[1]) {
		r[0] = []rune(strings.ToLower(string(r[0])))[0]
	}
	return string(r)
}
