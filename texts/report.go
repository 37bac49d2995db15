package texts

// The exported summary report (Excel and CSV): sheet names, column titles
// and the title block.

import (
	"fmt"
	"strings"

	"chidao"
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
		"Clip được duyệt / yêu cầu", "Báo cáo lúc", "Số ngày quá hạn", "Số khó khăn, vướng mắc", "Chưa trả lời"}
	ClipColumns   = []string{"STT", "Đơn vị", "Cán bộ", "Nền tảng", "Đường link", "Gửi lúc", "Người duyệt", "Kết quả", "Lý do"}
	ReportColumns = []string{"STT", "Đơn vị", "Loại", "Người gửi", "Gửi lúc", "Nội dung", "Tệp đính kèm", "Ý kiến trả lời", "Trả lời lúc"}
)

// Kinds of the reports sheet.
const (
	KindReport     = "Báo cáo"
	KindDifficulty = "Khó khăn, vướng mắc"
)

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
