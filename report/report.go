// Package report writes the summary report of a directive that the Office
// sends to the level above: an Excel workbook (three sheets: the unit
// summary, the clips, the reports and difficulties) or a CSV of the unit
// summary. Every text is Vietnamese; every date and time is written as text
// (dd/mm/yyyy, dd/mm/yyyy HH:MM) in Vietnam time, so it reads the same in
// any spreadsheet program and locale.
package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"chidao"
	"chidao/storage"
	"chidao/texts"
)

// Sheet names, in workbook order.
const (
	SheetSummary = texts.SheetSummary
	SheetClips   = texts.SheetClips
	SheetReports = texts.SheetReports
)

// summaryHeaderRow is the row of the column headers on the summary sheet,
// below the four-line title block and a blank row.
const summaryHeaderRow = 6

type column struct {
	title string
	width float64
}

var summaryColumns = columns(texts.SummaryColumns, 6, 34, 26, 18, 24, 14, 18, 11, 12, 10, 16, 16, 50)

var clipColumns = columns(texts.ClipColumns, 6, 34, 24, 12, 50, 18, 24, 12, 40)

var reportColumns = columns(texts.ReportColumns, 6, 34, 20, 24, 18, 80, 30, 60, 18)

// columns pairs the catalog's column titles with their widths.
func columns(titles []string, widths ...float64) []column {
	out := make([]column, len(titles))
	for i, t := range titles {
		out[i] = column{t, widths[i]}
	}
	return out
}

// XLSX writes the summary report of a directive as an Excel workbook.
func XLSX(w io.Writer, r storage.DirectiveReport) error {
	f := excelize.NewFile()
	defer f.Close()
	b, err := newBook(f)
	if err != nil {
		return err
	}
	if err := b.summary(r); err != nil {
		return fmt.Errorf("report: sheet %s: %w", SheetSummary, err)
	}
	if err := b.clips(r); err != nil {
		return fmt.Errorf("report: sheet %s: %w", SheetClips, err)
	}
	if err := b.reports(r); err != nil {
		return fmt.Errorf("report: sheet %s: %w", SheetReports, err)
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: write workbook: %w", err)
	}
	return nil
}

// book is a workbook being written, with its styles.
type book struct {
	f *excelize.File
	// style IDs
	title, titleRows, header, cell, number, wrap, link int
}

func newBook(f *excelize.File) (*book, error) {
	b := &book{f: f}
	border := []excelize.Border{
		{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1},
	}
	top := &excelize.Alignment{Vertical: "top"}
	styles := []struct {
		id *int
		s  excelize.Style
	}{
		{&b.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&b.titleRows, excelize.Style{Font: &excelize.Font{Size: 11}}},
		{&b.header, excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Border:    border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		}},
		{&b.cell, excelize.Style{Border: border, Alignment: top}},
		{&b.number, excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}},
		{&b.wrap, excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&b.link, excelize.Style{Border: border, Alignment: top, Font: &excelize.Font{Color: "0563C1", Underline: "single"}}},
	}
	for _, s := range styles {
		id, err := f.NewStyle(&s.s)
		if err != nil {
			return nil, fmt.Errorf("report: style: %w", err)
		}
		*s.id = id
	}
	// The new file's only sheet becomes the summary; the others follow.
	if err := f.SetSheetName(f.GetSheetName(0), SheetSummary); err != nil {
		return nil, fmt.Errorf("report: rename sheet: %w", err)
	}
	for _, name := range []string{SheetClips, SheetReports} {
		if _, err := f.NewSheet(name); err != nil {
			return nil, fmt.Errorf("report: new sheet %s: %w", name, err)
		}
	}
	return b, nil
}

// table writes the header row of a sheet at row headerRow with the columns'
// widths, then the rows below it with the given per-column styles, and sets
// the frozen panes, the page layout and the print titles.
func (b *book) table(sheet string, headerRow int, cols []column, rows [][]any, styles []int) error {
	f := b.f
	for i, c := range cols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, name, name, c.width); err != nil {
			return err
		}
		cell, _ := excelize.CoordinatesToCellName(i+1, headerRow)
		if err := f.SetCellStr(sheet, cell, c.title); err != nil {
			return err
		}
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	if err := f.SetCellStyle(sheet, "A"+strconv.Itoa(headerRow), last+strconv.Itoa(headerRow), b.header); err != nil {
		return err
	}
	for i, row := range rows {
		n := headerRow + 1 + i
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, n)
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, cell, cell, styles[j]); err != nil {
				return err
			}
		}
	}
	first := "A" + strconv.Itoa(headerRow+1)
	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: headerRow, TopLeftCell: first, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: first, ActiveCell: first, Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	size, landscape, one, zero := 9, "landscape", 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero,
	}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, headerRow, headerRow),
		Scope:    sheet,
	})
}

func (b *book) summary(r storage.DirectiveReport) error {
	f := b.f
	for i, line := range titleLines(r) {
		cell := "A" + strconv.Itoa(i+1)
		if err := f.SetCellStr(SheetSummary, cell, line); err != nil {
			return err
		}
		style := b.titleRows
		if i == 0 {
			style = b.title
		}
		if err := f.SetCellStyle(SheetSummary, cell, cell, style); err != nil {
			return err
		}
	}
	rows := make([][]any, len(r.Units))
	for i, u := range r.Units {
		rows[i] = unitRow(r, i, u)
	}
	c, n := b.cell, b.number
	return b.table(SheetSummary, summaryHeaderRow, summaryColumns, rows, []int{n, c, c, c, c, n, c, n, n, n, c, c, b.wrap})
}

// titleLines returns the four lines of the summary's title block.
func titleLines(r storage.DirectiveReport) []string {
	d := r.Directive
	counts := r.Count()
	parts := make([]string, len(chidao.Statuses))
	for i, s := range chidao.Statuses {
		parts[i] = texts.ReportCount(s, counts[s])
	}
	return texts.ReportTitle(d, formatDeadline(d.DueAt), formatTime(r.At), parts)
}

// unitRow is one unit's row of the summary, shared by the workbook and the
// CSV: numbers are ints, everything else text.
func unitRow(r storage.DirectiveReport, i int, u storage.UnitReport) []any {
	var firstReport time.Time
	for _, it := range u.Reports {
		if firstReport.IsZero() || it.SubmittedAt.Before(firstReport) {
			firstReport = it.SubmittedAt
		}
	}
	return []any{
		i + 1,
		u.Name,
		texts.StatusLabel(u.Status),
		formatTime(u.AcknowledgedAt),
		u.AcknowledgedBy,
		clipsCell(u),
		formatTime(firstReport),
		daysLate(r, u),
		len(u.Difficulties),
		openDifficulties(u),
		formatDeadline(originalDue(r, u)),
		formatDeadline(unitDue(r, u)),
		extensionsCell(u),
	}
}

// reviewCell is a clip's review, or that its sender took it back.
func reviewCell(c storage.Item) string {
	if !c.WithdrawnAt.IsZero() {
		return texts.Withdrawn
	}
	return texts.ReviewLabel(c.Review)
}

// originalDue is the deadline the directive was sent with.
func originalDue(r storage.DirectiveReport, u storage.UnitReport) time.Time {
	switch {
	case !u.OriginalDue.IsZero():
		return u.OriginalDue
	case !r.Directive.OriginalDueAt.IsZero():
		return r.Directive.OriginalDueAt
	}
	return r.Directive.DueAt
}

// unitDue is the unit's current deadline (its own, or the directive's).
func unitDue(r storage.DirectiveReport, u storage.UnitReport) time.Time {
	if u.Due.IsZero() {
		return r.Directive.DueAt
	}
	return u.Due
}

// extensionsCell lists the unit's requests for more time, one a line.
func extensionsCell(u storage.UnitReport) string {
	var lines []string
	for _, e := range u.Extensions {
		lines = append(lines, texts.ExtensionCell(e, formatDeadline))
	}
	return strings.Join(lines, "\n")
}

// clipsCell is "approved/required", or says no clips are asked.
func clipsCell(u storage.UnitReport) string {
	if u.ClipsRequired == 0 {
		return texts.NoClips
	}
	return fmt.Sprintf("%d/%d", u.ClipsApproved, u.ClipsRequired)
}

func openDifficulties(u storage.UnitReport) int {
	n := 0
	for _, d := range u.Difficulties {
		if d.AnsweredAt.IsZero() {
			n++
		}
	}
	return n
}

// daysLate is how many days the unit is or was late: up to the report's
// instant when overdue, up to completion when done late, else 0.
func daysLate(r storage.DirectiveReport, u storage.UnitReport) int {
	switch u.Status {
	case chidao.StatusOverdue:
		return chidao.DaysLate(unitDue(r, u), r.At)
	case chidao.StatusDoneLate:
		return chidao.DaysLate(unitDue(r, u), u.DoneAt)
	}
	return 0
}

func (b *book) clips(r storage.DirectiveReport) error {
	var rows [][]any
	var links []string
	for _, u := range r.Units {
		for _, c := range u.Clips {
			rows = append(rows, []any{
				len(rows) + 1, u.Name, c.SubmittedBy, texts.PlatformLabel(c.Platform), c.URL,
				formatTime(c.SubmittedAt), c.Reviewer, reviewCell(c), c.Reason,
			})
			links = append(links, c.URL)
		}
	}
	c, n, w := b.cell, b.number, b.wrap
	if err := b.table(SheetClips, 1, clipColumns, rows, []int{n, c, c, c, c, c, c, c, w}); err != nil {
		return err
	}
	for i, url := range links {
		if !webURL(url) {
			continue
		}
		cell := "E" + strconv.Itoa(i+2)
		display := url
		if err := b.f.SetCellHyperLink(SheetClips, cell, url, "External", excelize.HyperlinkOpts{Display: &display}); err != nil {
			return err
		}
		if err := b.f.SetCellStyle(SheetClips, cell, cell, b.link); err != nil {
			return err
		}
	}
	return nil
}

// webURL reports whether s is an http(s) address, the only kind made a live
// link (anything else stays plain text).
func webURL(s string) bool {
	l := strings.ToLower(s)
	return (strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")) && !strings.ContainsAny(s, " \t\r\n")
}

func (b *book) reports(r storage.DirectiveReport) error {
	var rows [][]any
	for _, u := range r.Units {
		type entry struct {
			kind string
			it   storage.Item
		}
		var es []entry
		for _, it := range u.Reports {
			es = append(es, entry{texts.KindReport, it})
		}
		for _, it := range u.Difficulties {
			es = append(es, entry{texts.KindDifficulty, it})
		}
		slices.SortStableFunc(es, func(a, b entry) int { return a.it.SubmittedAt.Compare(b.it.SubmittedAt) })
		for _, e := range es {
			rows = append(rows, []any{
				len(rows) + 1, u.Name, e.kind, e.it.SubmittedBy, formatTime(e.it.SubmittedAt), e.it.Text, e.it.FileName,
				e.it.Answer, formatTime(e.it.AnsweredAt),
			})
		}
	}
	c, n, w := b.cell, b.number, b.wrap
	return b.table(SheetReports, 1, reportColumns, rows, []int{n, c, c, c, c, w, c, w, c})
}

// formatTime is dd/mm/yyyy HH:MM in Vietnam, or empty for the zero time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return chidao.FormatDateTime(t)
}

// formatDeadline writes a deadline at the end of a day as the date alone,
// any other as date and time.
func formatDeadline(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	v := t.In(chidao.Zone)
	if v.Hour() == 23 && v.Minute() == 59 {
		return chidao.FormatDate(t)
	}
	return chidao.FormatDateTime(t)
}

var unaccent = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// FileName is a safe file name for the report, e.g.
// "tong-hop-1483-CV-BTGTU.xlsx" (ext "xlsx" or "csv"): the directive's
// number without diacritics, every run of characters other than ASCII
// letters, digits, dots, dashes and underscores turned into one dash. A
// directive without a usable number is named by its ID.
func FileName(r storage.DirectiveReport, ext string) string {
	s := strings.NewReplacer("đ", "d", "Đ", "D").Replace(r.Directive.Number)
	if t, _, err := transform.String(unaccent, s); err == nil {
		s = t
	}
	var sb strings.Builder
	dash := false
	for _, c := range s {
		switch {
		case c < utf8.RuneSelf && (unicode.IsLetter(c) || unicode.IsDigit(c) || c == '.' || c == '_'):
			sb.WriteRune(c)
			dash = false
		case !dash:
			sb.WriteByte('-')
			dash = true
		}
	}
	name := strings.Trim(sb.String(), "-._")
	if len(name) > 100 {
		name = strings.Trim(name[:100], "-._")
	}
	if name == "" {
		name = strconv.FormatInt(r.Directive.ID, 10)
	}
	name = "tong-hop-" + name
	if ext = strings.ToLower(strings.TrimPrefix(ext, ".")); ext != "" {
		name += "." + ext
	}
	return name
}

func transformString(s string) (string, int, error) { return transform.String(unaccent, s) }
