package report

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"chidao"
	"chidao/storage"
)

// utc builds a UTC time; Vietnam is seven hours ahead.
func utc(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

func sample() storage.DirectiveReport {
	due := time.Date(2025, 5, 20, 23, 59, 59, 999999000, chidao.Zone)
	extended := time.Date(2025, 5, 31, 23, 59, 59, 999999000, chidao.Zone)
	return storage.DirectiveReport{
		Directive: chidao.Directive{
			ID:       7,
			Number:   "1483-CV/BTGTU",
			Title:    "Về việc tuyên truyền kỷ niệm 50 năm Ngày Giải phóng miền Nam",
			IssuedOn: time.Date(2025, 5, 2, 0, 0, 0, 0, chidao.Zone),
			DueAt:    due,
		},
		At: utc(2025, 5, 23, 2, 0), // 23/05/2025 09:00 in Vietnam
		Units: []storage.UnitReport{
			{
				Code: "HU01", Name: "Huyện ủy Đức Trọng", Status: chidao.StatusOverdue,
				AcknowledgedAt: utc(2025, 5, 2, 18, 30), // 03/05/2025 01:30 in Vietnam
				AcknowledgedBy: "Nguyễn Thị Hương",
				ClipsApproved:  1, ClipsRequired: 3,
				Clips: []storage.Item{
					{ID: 1, Kind: "clip", URL: "https://www.youtube.com/watch?v=abc123", Platform: "youtube",
						SubmittedBy: "Trần Văn Đức", SubmittedAt: utc(2025, 5, 5, 3, 0),
						Review: chidao.ReviewApproved, Reviewer: "Nguyễn Thị Hương"},
					{ID: 2, Kind: "clip", URL: "https://www.tiktok.com/@dt/video/42", Platform: "tiktok",
						SubmittedBy: "Trần Văn Đức", SubmittedAt: utc(2025, 5, 6, 3, 0),
						Review: chidao.ReviewRejected, Reviewer: "Nguyễn Thị Hương", Reason: "Không đúng chủ đề"},
					{ID: 3, Kind: "clip", URL: "https://facebook.com/watch/?v=9", Platform: "facebook",
						SubmittedBy: "Lê Thị Mai", SubmittedAt: utc(2025, 5, 7, 3, 0), Review: chidao.ReviewPending},
				},
				Difficulties: []storage.Item{
					{ID: 4, Kind: "difficulty", Text: "Thiếu thiết bị quay phim.\nĐề nghị hỗ trợ.",
						SubmittedBy: "Nguyễn Thị Hương", SubmittedAt: utc(2025, 5, 8, 1, 0)},
				},
			},
			{
				Code: "TP02", Name: "Thành ủy Bảo Lộc, Lâm Đồng", Status: chidao.StatusDoneLate,
				AcknowledgedAt: utc(2025, 5, 3, 1, 0), AcknowledgedBy: "Phạm Quốc Bảo",
				DoneAt:        utc(2025, 5, 21, 4, 0), // 21/05 11:00, a day late
				ClipsApproved: 2, ClipsRequired: 2,
				Reports: []storage.Item{
					{ID: 6, Kind: "report", Text: "Báo cáo kết quả:\n- Đã tổ chức 3 buổi tuyên truyền.\n- 1.200 lượt xem.",
						FileName: "bao-cao-tp02.pdf", SubmittedBy: "Phạm Quốc Bảo", SubmittedAt: utc(2025, 5, 21, 4, 0)},
				},
				Difficulties: []storage.Item{
					{ID: 5, Kind: "difficulty", Text: "Mạng yếu ở xã vùng sâu.",
						SubmittedBy: "Phạm Quốc Bảo", SubmittedAt: utc(2025, 5, 10, 1, 0)},
				},
			},
			{Code: "XA03", Name: "Đảng ủy xã Đạ Tẻh", Due: extended, Extensions: []storage.Extension{{ID: 1, RequestedDue: extended, GrantedDue: &extended, Reason: "Thiết bị hỏng", State: "approved"}}, Status: chidao.StatusNotAcknowledged, ClipsRequired: 2},
		},
	}
}

func open(t *testing.T, r storage.DirectiveReport) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := XLSX(&buf, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func checkCells(t *testing.T, f *excelize.File, sheet string, want map[string]string) {
	t.Helper()
	for cell, w := range want {
		got, err := f.GetCellValue(sheet, cell)
		if err != nil {
			t.Fatalf("%s!%s: %v", sheet, cell, err)
		}
		if got != w {
			t.Errorf("%s!%s = %q, want %q", sheet, cell, got, w)
		}
	}
}

func checkRow(t *testing.T, f *excelize.File, sheet string, row int, want []string) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if row > len(rows) {
		t.Fatalf("%s: %d rows, want row %d", sheet, len(rows), row)
	}
	got := rows[row-1]
	for len(got) < len(want) {
		got = append(got, "")
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s row %d:\n got %q\nwant %q", sheet, row, got, want)
	}
}

func TestXLSXSheets(t *testing.T) {
	f := open(t, sample())
	if got, want := f.GetSheetList(), []string{"Tổng hợp", "Clip", "Báo cáo và khó khăn"}; !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d, want 0", f.GetActiveSheetIndex())
	}
	if i, _ := f.GetSheetIndex("Sheet1"); i != -1 {
		t.Error("Sheet1 still present")
	}
	for _, s := range []struct {
		sheet  string
		header int
	}{{"Tổng hợp", 6}, {"Clip", 1}, {"Báo cáo và khó khăn", 1}} {
		p, err := f.GetPanes(s.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != s.header || p.XSplit != 0 || p.TopLeftCell != "A"+string(rune('0'+s.header+1)) {
			t.Errorf("%s panes %+v", s.sheet, p)
		}
		l, err := f.GetPageLayout(s.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if l.Size == nil || *l.Size != 9 || l.Orientation == nil || *l.Orientation != "landscape" {
			t.Errorf("%s page layout %+v", s.sheet, l)
		}
		if l.FitToWidth == nil || *l.FitToWidth != 1 {
			t.Errorf("%s fit to width %v", s.sheet, l.FitToWidth)
		}
	}
	names := f.GetDefinedName()
	found := map[string]string{}
	for _, n := range names {
		if n.Name == "_xlnm.Print_Titles" {
			found[n.Scope] = n.RefersTo
		}
	}
	if found["Tổng hợp"] != "'Tổng hợp'!$6:$6" || found["Clip"] != "'Clip'!$1:$1" || found["Báo cáo và khó khăn"] != "'Báo cáo và khó khăn'!$1:$1" {
		t.Errorf("print titles %v", found)
	}
	if w, _ := f.GetColWidth("Tổng hợp", "B"); w != 34 {
		t.Errorf("Đơn vị width %v", w)
	}
	if w, _ := f.GetColWidth("Báo cáo và khó khăn", "F"); w != 80 {
		t.Errorf("Nội dung width %v", w)
	}
	if w, _ := f.GetColWidth("Clip", "E"); w != 50 {
		t.Errorf("Đường link width %v", w)
	}
}

func TestXLSXSummary(t *testing.T) {
	f := open(t, sample())
	const s = "Tổng hợp"
	checkCells(t, f, s, map[string]string{
		"A1": "BÁO CÁO TỔNG HỢP KẾT QUẢ THỰC HIỆN",
		"A2": "Văn bản số 1483-CV/BTGTU ngày 02/05/2025: Về việc tuyên truyền kỷ niệm 50 năm Ngày Giải phóng miền Nam",
		"A3": "Hạn hoàn thành: 20/05/2025; số liệu tính đến 23/05/2025 09:00",
		"A4": "Chưa nhận: 1; Đang thực hiện, trong hạn: 0; Quá hạn: 1; Hoàn thành đúng hạn: 0; Hoàn thành quá hạn: 1",
		"A5": "",
	})
	checkRow(t, f, s, 6, []string{"STT", "Đơn vị", "Tình trạng", "Xác nhận lúc", "Người xác nhận",
		"Clip được duyệt / yêu cầu", "Báo cáo lúc", "Số ngày quá hạn", "Số khó khăn, vướng mắc", "Chưa trả lời",
		"Hạn ban đầu", "Hạn hiện tại", "Gia hạn"})
	checkRow(t, f, s, 7, []string{"1", "Huyện ủy Đức Trọng", "Quá hạn", "03/05/2025 01:30", "Nguyễn Thị Hương",
		"1/3", "", "3", "1", "1", "20/05/2025", "20/05/2025"})
	checkRow(t, f, s, 8, []string{"2", "Thành ủy Bảo Lộc, Lâm Đồng", "Hoàn thành quá hạn", "03/05/2025 08:00", "Phạm Quốc Bảo",
		"2/2", "21/05/2025 11:00", "1", "1", "1", "20/05/2025", "20/05/2025"})
	checkRow(t, f, s, 9, []string{"3", "Đảng ủy xã Đạ Tẻh", "Chưa nhận", "", "", "0/2", "", "0", "0", "0", "20/05/2025", "31/05/2025",
		"Đề nghị gia hạn đến 31/05/2025, lý do: Thiết bị hỏng – được đồng ý đến 31/05/2025"})
	if rows, _ := f.GetRows(s); len(rows) != 9 {
		t.Errorf("%d rows, want 9", len(rows))
	}
	// Dates are text, numbers are numbers.
	if typ, _ := f.GetCellType(s, "D7"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("D7 type %v, want text", typ)
	}
	if typ, _ := f.GetCellType(s, "H7"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("H7 type %v, want number", typ)
	}
	style, _ := f.GetCellStyle(s, "B6")
	st, err := f.GetStyle(style)
	if err != nil {
		t.Fatal(err)
	}
	if st.Font == nil || !st.Font.Bold || len(st.Fill.Color) == 0 || len(st.Border) != 4 {
		t.Errorf("header style %+v", st)
	}
}

func TestXLSXClips(t *testing.T) {
	f := open(t, sample())
	const s = "Clip"
	checkRow(t, f, s, 1, []string{"STT", "Đơn vị", "Cán bộ", "Nền tảng", "Đường link", "Gửi lúc", "Người duyệt", "Kết quả", "Lý do"})
	checkRow(t, f, s, 2, []string{"1", "Huyện ủy Đức Trọng", "Trần Văn Đức", "YouTube", "https://www.youtube.com/watch?v=abc123",
		"05/05/2025 10:00", "Nguyễn Thị Hương", "Đã duyệt", ""})
	checkRow(t, f, s, 3, []string{"2", "Huyện ủy Đức Trọng", "Trần Văn Đức", "TikTok", "https://www.tiktok.com/@dt/video/42",
		"06/05/2025 10:00", "Nguyễn Thị Hương", "Từ chối", "Không đúng chủ đề"})
	checkRow(t, f, s, 4, []string{"3", "Huyện ủy Đức Trọng", "Lê Thị Mai", "Facebook", "https://facebook.com/watch/?v=9",
		"07/05/2025 10:00", "", "Chờ duyệt", ""})
	if rows, _ := f.GetRows(s); len(rows) != 4 {
		t.Errorf("%d rows, want 4", len(rows))
	}
	for cell, url := range map[string]string{"E2": "https://www.youtube.com/watch?v=abc123", "E4": "https://facebook.com/watch/?v=9"} {
		ok, link, err := f.GetCellHyperLink(s, cell)
		if err != nil || !ok || link != url {
			t.Errorf("hyperlink %s = %v %q %v, want %q", cell, ok, link, err, url)
		}
	}
	style, _ := f.GetCellStyle(s, "E2")
	st, _ := f.GetStyle(style)
	if st.Font == nil || st.Font.Underline != "single" || st.Font.Color == "" {
		t.Errorf("link style %+v", st.Font)
	}
}

func TestXLSXReports(t *testing.T) {
	f := open(t, sample())
	const s = "Báo cáo và khó khăn"
	checkRow(t, f, s, 1, []string{"STT", "Đơn vị", "Loại", "Người gửi", "Gửi lúc", "Nội dung", "Tệp đính kèm", "Ý kiến trả lời", "Trả lời lúc"})
	checkRow(t, f, s, 2, []string{"1", "Huyện ủy Đức Trọng", "Khó khăn, vướng mắc", "Nguyễn Thị Hương", "08/05/2025 08:00",
		"Thiếu thiết bị quay phim.\nĐề nghị hỗ trợ.", ""})
	// The unit's entries in time order: the difficulty came before the report.
	checkRow(t, f, s, 3, []string{"2", "Thành ủy Bảo Lộc, Lâm Đồng", "Khó khăn, vướng mắc", "Phạm Quốc Bảo", "10/05/2025 08:00",
		"Mạng yếu ở xã vùng sâu.", ""})
	checkRow(t, f, s, 4, []string{"3", "Thành ủy Bảo Lộc, Lâm Đồng", "Báo cáo", "Phạm Quốc Bảo", "21/05/2025 11:00",
		"Báo cáo kết quả:\n- Đã tổ chức 3 buổi tuyên truyền.\n- 1.200 lượt xem.", "bao-cao-tp02.pdf"})
	style, _ := f.GetCellStyle(s, "F4")
	st, _ := f.GetStyle(style)
	if st.Alignment == nil || !st.Alignment.WrapText {
		t.Errorf("Nội dung not wrapped: %+v", st.Alignment)
	}
}

func TestXLSXEmpty(t *testing.T) {
	r := sample()
	r.Units = nil
	f := open(t, r)
	checkCells(t, f, "Tổng hợp", map[string]string{
		"A4": "Chưa nhận: 0; Đang thực hiện, trong hạn: 0; Quá hạn: 0; Hoàn thành đúng hạn: 0; Hoàn thành quá hạn: 0",
		"A6": "STT",
	})
	checkCells(t, f, "Clip", map[string]string{"A1": "STT", "A2": ""})
}

func TestXLSXNonWebURL(t *testing.T) {
	r := sample()
	r.Units[0].Clips[0].URL = "javascript:alert(1)"
	f := open(t, r)
	checkCells(t, f, "Clip", map[string]string{"E2": "javascript:alert(1)"})
	if ok, _, _ := f.GetCellHyperLink("Clip", "E2"); ok {
		t.Error("non-web address made a link")
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\uFEFF") {
		t.Fatal("no BOM")
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4: %q", len(lines), out)
	}
	if lines[0] != "\uFEFFSTT,Đơn vị,Tình trạng,Xác nhận lúc,Người xác nhận,Clip được duyệt / yêu cầu,Báo cáo lúc,Số ngày quá hạn,\"Số khó khăn, vướng mắc\",Chưa trả lời,Hạn ban đầu,Hạn hiện tại,Gia hạn" {
		t.Errorf("header %q", lines[0])
	}
	if want := `2,"Thành ủy Bảo Lộc, Lâm Đồng",Hoàn thành quá hạn,03/05/2025 08:00,Phạm Quốc Bảo,2/2,21/05/2025 11:00,1,1,1,20/05/2025,20/05/2025,`; lines[2] != want {
		t.Errorf("row 2:\n got %q\nwant %q", lines[2], want)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[1][1] != "Huyện ủy Đức Trọng" || recs[1][3] != "03/05/2025 01:30" || recs[1][5] != "1/3" || recs[1][7] != "3" {
		t.Errorf("row 1 %q", recs[1])
	}
}

func TestCSVFormula(t *testing.T) {
	r := sample()
	r.Units[0].AcknowledgedBy = "=HYPERLINK(\"x\")"
	var buf bytes.Buffer
	if err := CSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[1][4] != "'=HYPERLINK(\"x\")" {
		t.Errorf("formula not defused: %q", recs[1][4])
	}
}

func TestFileName(t *testing.T) {
	for _, c := range []struct{ number, ext, want string }{
		{"1483-CV/BTGTU", "xlsx", "tong-hop-1483-CV-BTGTU.xlsx"},
		{"1483-CV/BTGTU", "csv", "tong-hop-1483-CV-BTGTU.csv"},
		{"12 KH/BTG Đảng ủy", ".csv", "tong-hop-12-KH-BTG-Dang-uy.csv"},
		{"Số 05/HD-BTG", "xlsx", "tong-hop-So-05-HD-BTG.xlsx"},
		{"../../etc", "xlsx", "tong-hop-etc.xlsx"},
		{"", "xlsx", "tong-hop-7.xlsx"},
		{"///", "xlsx", "tong-hop-7.xlsx"},
	} {
		r := sample()
		r.Directive.Number = c.number
		if got := FileName(r, c.ext); got != c.want {
			t.Errorf("FileName(%q, %q) = %q, want %q", c.number, c.ext, got, c.want)
		}
	}
}
