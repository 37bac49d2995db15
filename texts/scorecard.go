package texts

// The units' scorecard (issue 17): what each directive earned a unit and
// why, the workbook's sheets and columns, the chat's ranking and card.

import (
	"fmt"
	"strconv"
	"strings"

	"chidao"
	"chidao/scorecard"
)

// Count writes a count the Vietnamese way, "." between thousands:
// 1200000 is "1.200.000".
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return neg + s
}

// Decimal writes a number with a decimal comma and one decimal: "96,0".
func Decimal(v float64) string { return strings.Replace(fmt.Sprintf("%.1f", v), ".", ",", 1) }

// ScoreLabel writes a score out of 100, or "chưa chấm".
func ScoreLabel(s *float64) string {
	if s == nil {
		return "chưa chấm"
	}
	return Decimal(*s)
}

func percent(v float64) string { return fmt.Sprintf("%.0f%%", v*100) }

// Scorecard sheet names and column titles.
const (
	SheetRanking  = "Xếp hạng"
	SheetEvidence = "Chi tiết chấm điểm"
)

var (
	RankingColumns = []string{"Hạng", "Mã", "Đơn vị", "Điểm", "Văn bản nhận", "Đã nhận văn bản", "Hoàn thành đúng hạn",
		"Hoàn thành quá hạn", "Quá hạn chưa hoàn thành", "Chưa đến hạn", "Số ngày quá hạn bình quân", "Clip được duyệt",
		"Clip bị từ chối", "Lượt xem", "Báo cáo", "Số khó khăn, vướng mắc", "Đã trả lời"}
	EvidenceColumns = []string{"Đơn vị", "Văn bản", "Trích yếu", "Tình trạng", "Số lượng", "Thời gian", "Chất lượng", "Điểm", "Căn cứ"}
)

// ExplainEvidence says what a directive earned a unit: the quantity,
// timeliness and quality points, each with its evidence.
func ExplainEvidence(e scorecard.Evidence, w scorecard.Weights) string {
	if !e.Judged {
		return fmt.Sprintf("%s, chưa đến hạn (%s): chưa tính điểm.", StatusLabel(e.Status), Deadline(e.Directive.DueAt))
	}
	parts := []string{
		fmt.Sprintf("Số lượng %s điểm: %s", Decimal(e.QuantityPoints), quantityWhy(e)),
		fmt.Sprintf("thời gian %s điểm: %s", Decimal(e.TimelinessPoints), timelinessWhy(e, w)),
	}
	if e.Quality != nil {
		parts = append(parts, fmt.Sprintf("chất lượng %s điểm: %s", Decimal(e.QualityPoints), qualityWhy(e)))
	} else {
		parts = append(parts, "chất lượng: không có clip để đánh giá, không tính")
	}
	return strings.Join(parts, "; ") + "."
}

func quantityWhy(e scorecard.Evidence) string {
	var got []string
	if e.ClipsRequired > 0 {
		got = append(got, fmt.Sprintf("%d/%d clip được duyệt", min(e.ClipsApproved, e.ClipsRequired), e.ClipsRequired))
	}
	if e.ReportRequired {
		got = append(got, map[bool]string{true: "đã gửi báo cáo", false: "chưa gửi báo cáo"}[e.ReportSent])
	}
	if len(got) == 0 {
		got = append(got, map[bool]string{true: "đã nhận văn bản", false: "chưa nhận văn bản"}[e.Acknowledged])
	}
	return strings.Join(got, ", ") + " (" + percent(e.Quantity) + ")"
}

func timelinessWhy(e scorecard.Evidence, w scorecard.Weights) string {
	switch e.Status {
	case chidao.StatusDoneOnTime:
		return "hoàn thành đúng hạn"
	case chidao.StatusDoneLate:
		return fmt.Sprintf("hoàn thành quá hạn %d ngày, trừ %s mỗi ngày", e.DaysLate, percent(w.LateDayPenalty/100))
	}
	return fmt.Sprintf("quá hạn %d ngày, chưa hoàn thành", e.DaysLate)
}

func qualityWhy(e scorecard.Evidence) string {
	s := fmt.Sprintf("%d clip được duyệt, %d bị từ chối (%s)", e.ClipsApproved, e.ClipsRejected, percent(*e.ApprovalRate))
	if e.ReachFactor != nil {
		s += fmt.Sprintf(", %s lượt xem/clip so với mức giữa của kỳ (%s)", Count(e.Views/int64(max(e.ClipsMeasured, 1))), percent(*e.ReachFactor))
	}
	return s
}

// ScorecardTitle is the scorecard's title line.
func ScorecardTitle(c scorecard.Card) string {
	return fmt.Sprintf("KẾT QUẢ THỰC HIỆN VĂN BẢN CHỈ ĐẠO CỦA CÁC ĐƠN VỊ TỪ %s ĐẾN %s", Date(c.From), Date(c.To))
}

// ScorecardWeights says how the score is made.
func ScorecardWeights(c scorecard.Card) string {
	w := c.Weights
	return fmt.Sprintf("%d văn bản; số liệu tính đến %s. Điểm tối đa 100, trọng số: số lượng %g, thời gian %g, chất lượng %g; mỗi ngày quá hạn trừ %g%% điểm thời gian.",
		len(c.Directives), DateTime(c.At), w.Quantity, w.Timeliness, w.Quality, w.LateDayPenalty)
}

// The scorecard in chat ("bảng điểm").
const (
	ScorecardForbidden = "Bảng điểm chỉ dành cho cán bộ của Ban và lãnh đạo đơn vị."
)

// ScorecardBadPeriod says how to name a period.
func (t Chat) ScorecardBadPeriod() string {
	cmd := t.pick("/bangdiem", "BANG DIEM")
	return fmt.Sprintf("Kỳ đánh giá chưa đúng. Ví dụ: %s quý 1/2026, %s tháng 3/2026, %s năm 2026 hoặc %s 01/01/2026-31/03/2026.", cmd, cmd, cmd, cmd)
}

// ScorecardEmpty: no directive was issued in the period.
func ScorecardEmpty(p scorecard.Period) string {
	return "Không có văn bản chỉ đạo nào ban hành trong kỳ " + p.String() + "."
}

// ScorecardNoUnit: the head's unit had no directive in the period.
func ScorecardNoUnit(p scorecard.Period) string {
	return "Đơn vị của đồng chí không được giao văn bản nào trong kỳ " + p.String() + "."
}

// ScorecardRanking is the period's ranking for the Office.
func ScorecardRanking(c scorecard.Card) string {
	var b strings.Builder
	fmt.Fprintf(&b, "📊 Kết quả thực hiện của các đơn vị từ %s đến %s (%d văn bản):\n", Date(c.From), Date(c.To), len(c.Directives))
	for _, r := range c.Rows {
		fmt.Fprintf(&b, "\n%d. %s: %s điểm (đúng hạn %d, hoàn thành quá hạn %d, quá hạn chưa hoàn thành %d; %s lượt xem)", r.Rank, r.Name, ScoreLabel(r.Score),
			r.DoneOnTime, r.DoneLate, r.Overdue, Count(r.Views))
	}
	b.WriteString("\n\nĐiểm tối đa 100. Chi tiết từng đơn vị và tệp Excel: trang theo dõi (nhắn «Đăng nhập» để lấy đường link).")
	return b.String()
}

// ScorecardUnit is a head's card: the unit's points directive by directive.
func ScorecardUnit(c scorecard.Card, r scorecard.Row) string {
	var b strings.Builder
	fmt.Fprintf(&b, "📊 Kết quả thực hiện của %s từ %s đến %s: %s điểm, hạng %d/%d.\n", r.Name, Date(c.From), Date(c.To),
		ScoreLabel(r.Score), r.Rank, len(c.Rows))
	for _, e := range r.Evidence {
		pts := "chưa chấm"
		if e.Judged {
			pts = Decimal(e.Points) + " điểm"
		}
		fmt.Fprintf(&b, "\n• Văn bản số %s (%s): %s", e.Directive.Number, pts, ExplainEvidence(e, c.Weights))
	}
	return b.String()
}

// The dashboard's scorecard and reach texts.
const (
	DashTitleScorecard   = "Kết quả thực hiện của các đơn vị"
	DashChartRanking     = "Điểm của các đơn vị"
	DashChartReachByPlat = "Lượt xem theo nền tảng"
	DashChartReachByUnit = "Lượt xem theo đơn vị"
	DashBadPeriod        = "Kỳ đánh giá chưa đúng: ngày bắt đầu phải trước ngày kết thúc (ví dụ: quý 1/2026, tháng 3/2026, năm 2026, 01/01/2026-31/03/2026)."
	DashUnitNotInPeriod  = "Đơn vị này không được giao văn bản nào trong kỳ."
	DashBadFigure        = "Số liệu phải là số nguyên không âm (ví dụ 12000 hoặc 12.000)."
	DashReachNotApproved = "Chỉ ghi số liệu lan tỏa cho clip đã được duyệt; clip này đang chờ duyệt hoặc đã bị từ chối."
)

// DashNoDirectiveInPeriod: the period has no directive.
func DashNoDirectiveInPeriod(period string) string {
	return "Không có văn bản chỉ đạo nào ban hành trong kỳ " + period + "."
}

// ReachSources name where a clip's figures came from.
var ReachSources = map[string]string{"officer": "cán bộ đơn vị gửi", "office": "Ban nhập", "youtube": "YouTube"}
