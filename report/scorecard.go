package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"chidao"
	"chidao/scorecard"
	"chidao/texts"
)

var rankingColumns = []column{
	{"Hạng", 7}, {"Mã", 10}, {"Đơn vị", 34}, {"Điểm", 9}, {"Văn bản nhận", 10}, {"Đã xác nhận", 10},
	{"Đúng hạn", 9}, {"Quá hạn (đã xong)", 11}, {"Quá hạn (chưa xong)", 11}, {"Chưa đến hạn", 10}, {"Số ngày trễ bình quân", 11},
	{"Clip được duyệt", 10}, {"Clip bị từ chối", 10}, {"Lượt xem", 12}, {"Báo cáo", 9}, {"Khó khăn", 9}, {"Khó khăn đã trả lời", 11},
}

var evidenceColumns = []column{
	{"Đơn vị", 30}, {"Văn bản", 18}, {"Trích yếu", 40}, {"Tình trạng", 22}, {"Số lượng", 10}, {"Thời gian", 10},
	{"Chất lượng", 10}, {"Điểm", 9}, {"Căn cứ", 90},
}

// ScorecardXLSX writes a period's scorecard: the ranking and, per unit and
// directive, the points and their evidence.
func ScorecardXLSX(w io.Writer, c scorecard.Card) error {
	f := excelize.NewFile()
	defer f.Close()
	b, err := newBook(f)
	if err != nil {
		return err
	}
	// newBook made the directive report's sheets: rename and drop.
	if err := f.SetSheetName(SheetSummary, texts.SheetRanking); err != nil {
		return err
	}
	if err := f.SetSheetName(SheetClips, texts.SheetEvidence); err != nil {
		return err
	}
	if err := f.DeleteSheet(SheetReports); err != nil {
		return err
	}
	if err := b.ranking(c); err != nil {
		return fmt.Errorf("report: sheet %s: %w", texts.SheetRanking, err)
	}
	if err := b.evidence(c); err != nil {
		return fmt.Errorf("report: sheet %s: %w", texts.SheetEvidence, err)
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: write workbook: %w", err)
	}
	return nil
}

func (b *book) ranking(c scorecard.Card) error {
	f := b.f
	for i, line := range []string{texts.ScorecardTitle(c), texts.ScorecardWeights(c)} {
		cell := "A" + strconv.Itoa(i+1)
		if err := f.SetCellStr(texts.SheetRanking, cell, line); err != nil {
			return err
		}
		style := b.titleRows
		if i == 0 {
			style = b.title
		}
		if err := f.SetCellStyle(texts.SheetRanking, cell, cell, style); err != nil {
			return err
		}
	}
	var rows [][]any
	for _, r := range c.Rows {
		var score any = texts.ScoreLabel(r.Score)
		if r.Score != nil {
			score = *r.Score
		}
		rows = append(rows, []any{r.Rank, r.Code, r.Name, score, r.Directives, r.Acknowledged, r.DoneOnTime, r.DoneLate, r.Overdue,
			r.Pending, r.AvgDaysLate, r.ClipsApproved, r.ClipsRejected, r.Views, r.Reports, r.Difficulties, r.DifficultiesAnswered})
	}
	n, cl := b.number, b.cell
	styles := []int{n, cl, cl, n, n, n, n, n, n, n, n, n, n, n, n, n, n}
	return b.table(texts.SheetRanking, 4, rankingColumns, rows, styles)
}

func (b *book) evidence(c scorecard.Card) error {
	var rows [][]any
	for _, r := range c.Rows {
		for _, e := range r.Evidence {
			d := e.Directive
			var q, t, ql, pts any = "", "", "", ""
			if e.Judged {
				q, t, pts = round(e.QuantityPoints), round(e.TimelinessPoints), round(e.Points)
				if e.Quality != nil {
					ql = round(e.QualityPoints)
				}
			}
			rows = append(rows, []any{r.Name, d.Number, d.Title, texts.StatusLabel(e.Status), q, t, ql, pts, texts.ExplainEvidence(e, c.Weights)})
		}
	}
	n, cl, w := b.number, b.cell, b.wrap
	return b.table(texts.SheetEvidence, 1, evidenceColumns, rows, []int{cl, cl, w, cl, n, n, n, n, w})
}

func round(v float64) float64 { return float64(int64(v*10+0.5)) / 10 }

// ScorecardFileName names a period's workbook: bang-diem-2026-01-01-2026-03-31.xlsx.
func ScorecardFileName(c scorecard.Card) string {
	return "bang-diem-" + c.From.In(chidao.Zone).Format("2006-01-02") + "-" + c.To.In(chidao.Zone).Format("2006-01-02") + ".xlsx"
}
