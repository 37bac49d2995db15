package texts

// The exported summary report (Excel and CSV): sheet names, column titles
// and the title block.

import (
	"fmt"
	"strings"
	"time"

	"chidao"
	"chidao/storage"
)

// Sheet names, in workbook order.
const (
	SheetSummary = "Tổng hợp"
	SheetClips   = "Clip"
	SheetReports = "Báo cáo và khó khăn"
)

// Column titles of each sheet, in order.
var (
	SummaryColumns = []string{"STT", "Đơn vị", "Tình trạng", "Xác nhận lúc", "Người xác nhận",
		"Clip được duyệt / yêu cầu", "Báo cáo lúc", "Số ngày quá hạn", "Số khó khăn, vướng mắc", "Chưa trả lời",
		"Hạn ban đầu", "Hạn hiện tại", "Gia hạn"}
	ClipColumns   = []string{"STT", "Đơn vị", "Cán bộ", "Nền tảng", "Đường link", "Gửi lúc", "Người duyệt", "Kết quả", "Lý do"}
	ReportColumns = []string{"STT", "Đơn vị", "Loại", "Người gửi", "Gửi lúc", "Nội dung", "Tệp đính kèm", "Ý kiến trả lời", "Trả lời lúc"}
)

// Kinds of the reports sheet.
const (
	KindReport     = "Báo cáo"
	KindDifficulty = "Khó khăn, vướng mắc"
)

// Withdrawn marks a clip its sender took back.
const Withdrawn = "Đã rút lại"

// ExtensionCell describes one request for more time in the report.
func ExtensionCell(e storage.Extension, deadline func(time.Time) string) string {
	s := fmt.Sprintf("Đề nghị gia hạn đến %s, lý do: %s – ", deadline(e.RequestedDue), e.Reason)
	switch e.State {
	case "approved":
		return s + "được đồng ý đến " + deadline(*e.GrantedDue)
	case "rejected":
		return s + "không được đồng ý, lý do: " + e.DecisionReason
	}
	return s + "đang chờ xem xét"
}

// NoClips fills the clips cell of a unit whose tasks ask for none.
const NoClips = "Không yêu cầu"

// ReportCount is one status's count in the title block.
func ReportCount(s chidao.Status, n int) string { return fmt.Sprintf("%s: %d", StatusLabel(s), n) }

// ReportTitle is the title block of the summary sheet: four lines.
func ReportTitle(d chidao.Directive, due, at string, counts []string) []string {
	return []string{
		"BÁO CÁO TỔNG HỢP KẾT QUẢ THỰC HIỆN",
		fmt.Sprintf("Văn bản số %s ngày %s: %s", d.Number, chidao.FormatDate(d.IssuedOn), d.Title),
		fmt.Sprintf("Hạn hoàn thành: %s; số liệu tính đến %s", due, at),
		strings.Join(counts, "; "),
	}
}

// DocxDeadlines introduces the units whose deadline moved or who asked
// for more time, in the Word report.
func DocxDeadlines(lines []string) string {
	return "Các đơn vị được điều chỉnh thời hạn hoặc có đề nghị gia hạn: " + strings.Join(lines, "; ") + "."
}

// DocxUnitDeadline is one unit's line of DocxDeadlines.
func DocxUnitDeadline(unit, original, current, extensions string) string {
	s := fmt.Sprintf("%s (hạn ban đầu %s, hạn hiện tại %s", unit, original, current)
	if extensions != "" {
		lines := strings.Split(extensions, "\n")
		for i, l := range lines {
			lines[i] = lowerFirst(l)
		}
		s += "; " + strings.Join(lines, "; ")
	}
	return s + ")"
}
