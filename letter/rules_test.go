package letter

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"chidao"
)

// One test per rule of the layout; the corpus tests them together.

func TestNumberOf(t *testing.T) {
	for _, c := range []struct {
		line, want string
		ok         bool
	}{
		{"Số 1483-CV/BTGTU", "1483-CV/BTGTU", true},
		{"Số 1483-CV-BTGTU", "1483-CV/BTGTU", true}, // the seed's file-name form
		{"Số: 1876/SVHTTDL-QLVHGĐ", "1876/SVHTTDL-QLVHGĐ", true},
		{"Số: 12/2025/QĐ-UBND", "12/2025/QĐ-UBND", true},
		{"Số 1483 -CV/BTGTU", "1483-CV/BTGTU", true},
		{"Số       -CV/BTGTU", "", true}, // an unsigned draft: a number line, no number
		{"Số: …/BTGDVTU", "", true},
		{"Số 245-CV/BTGDVTU Kiên Giang, ngày 03 tháng 4 năm 2024", "245-CV/BTGDVTU", true},
		{"Số lượng video clip tăng", "", false},
		{"Tăng cường thông tin", "", false},
	} {
		got, ok := numberOf(c.line)
		if got != c.want || ok != c.ok {
			t.Errorf("numberOf(%q) = %q, %v; want %q, %v", c.line, got, ok, c.want, c.ok)
		}
	}
}

func TestPlaceDateOf(t *testing.T) {
	for _, c := range []struct {
		line, place, date string
		ok                bool
	}{
		{"Kiên Giang, ngày 03 tháng 4 năm 2024", "Kiên Giang", "2024-04-03", true},
		{"An Giang, ngày 5 tháng 12 năm 2025", "An Giang", "2025-12-05", true},
		{"Rạch Giá, ngày      tháng 4 năm 2024", "Rạch Giá", "", true}, // blank day
		{"Phú Quốc, ngày 31 tháng 2 năm 2025", "Phú Quốc", "", true},   // no such day
		{"Số 1 Kiên Giang, ngày 03 tháng 4 năm 2024", "Kiên Giang", "2024-04-03", true},
		{"Thực hiện Công văn ngày 11/3/2024", "", "", false},
	} {
		place, date, ok := placeDateOf(c.line)
		got := ""
		if !date.IsZero() {
			got = date.Format("2006-01-02")
		}
		if place != c.place || got != c.date || ok != c.ok {
			t.Errorf("placeDateOf(%q) = %q, %q, %v; want %q, %q, %v", c.line, place, got, ok, c.place, c.date, c.ok)
		}
	}
}

func TestSubjectAndKind(t *testing.T) {
	for line, want := range map[string]string{
		"V/v tăng cường thông tin": "tăng cường thông tin",
		"V/v: tổ chức cuộc thi":    "tổ chức cuộc thi",
		"Về việc tổ chức Cuộc thi": "tổ chức Cuộc thi",
		"v/v tuyên truyền":         "tuyên truyền",
	} {
		if got, ok := subjectOf(line); !ok || got != want {
			t.Errorf("subjectOf(%q) = %q, %v; want %q", line, got, ok, want)
		}
	}
	if _, ok := subjectOf("Vững bước vào kỷ nguyên mới"); ok {
		t.Error("a line starting with V is no subject")
	}
	if k, ok := kindOf("KẾ HOẠCH"); !ok || k != "Kế hoạch" {
		t.Errorf("kindOf(KẾ HOẠCH) = %q, %v", k, ok)
	}
	if _, ok := kindOf("Kế hoạch"); ok {
		t.Error("the kind is written in capitals alone on its line")
	}
	for n, want := range map[string]string{"45-KH/BTGDVTU": "Kế hoạch", "38-TB/BTGDVTU": "Thông báo", "123/SVHTT-VP": "Công văn", "": ""} {
		if got := kindOfNumber(n); got != want {
			t.Errorf("kindOfNumber(%q) = %q, want %q", n, got, want)
		}
	}
}

func TestMotto(t *testing.T) {
	for line, want := range map[string]string{
		"ĐẢNG CỘNG SẢN VIỆT NAM":                             "",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM":                 "",
		"Độc lập - Tự do - Hạnh phúc":                        "",
		"VIỆT NAM":                                           "", // wrapped in a narrow column
		"TỈNH ỦY KIÊN GIANG ĐẢNG CỘNG SẢN VIỆT NAM":          "TỈNH ỦY KIÊN GIANG",
		"Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam": "Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam",
	} {
		if got := stripMotto(line); got != want {
			t.Errorf("stripMotto(%q) = %q, want %q", line, got, want)
		}
	}
}

func TestIssuerOf(t *testing.T) {
	for _, c := range []struct {
		lines []string
		want  string
	}{
		{[]string{"TỈNH ỦY KIÊN GIANG", "BAN TUYÊN GIÁO"}, "TỈNH ỦY KIÊN GIANG / BAN TUYÊN GIÁO"},
		{[]string{"ỦY BAN NHÂN DÂN", "TỈNH AN GIANG"}, "ỦY BAN NHÂN DÂN TỈNH AN GIANG"},
		{[]string{"UBND TỈNH AN GIANG", "SỞ VĂN HÓA, THỂ THAO VÀ DU", "LỊCH"}, "UBND TỈNH AN GIANG / SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"},
	} {
		if got := issuerOf(c.lines); got != c.want {
			t.Errorf("issuerOf(%q) = %q, want %q", c.lines, got, c.want)
		}
	}
}

func TestMarkerOf(t *testing.T) {
	for p, want := range map[string]marker{
		"1. Đẩy mạnh":           {1, "1", "Đẩy mạnh"},
		"2) Hướng dẫn":          {1, "2", "Hướng dẫn"},
		"1.1. Nội dung":         {2, "1.1", "Nội dung"},
		"a) Tổ chức":            {2, "a", "Tổ chức"},
		"- Mở chuyên trang":     {3, "-", "Mở chuyên trang"},
		"– Mở chuyên trang":     {3, "–", "Mở chuyên trang"},
		"+ Treo cờ":             {4, "+", "Treo cờ"},
		"II. NỘI DUNG":          {0, "II", "NỘI DUNG"},
		"15/6/2025 là hạn":      {-1, "", "15/6/2025 là hạn"},
		"Thực hiện Công văn số": {-1, "", "Thực hiện Công văn số"},
	} {
		if got := markerOf(p); got != want {
			t.Errorf("markerOf(%q) = %+v, want %+v", p, got, want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	lines := []string{"Thực hiện Công văn số 7944-CV/BTGTW, ngày 11/3/2024 của Ban Tuyên", "giáo Trung ương; đề nghị:", "",
		"1. Đẩy mạnh chỉ đạo,", "thực hiện nội dung.", "2. Khảo sát nhu cầu, kịp thời có", "", "giải pháp điều chỉnh.",
		"3. Video Face-", "book và nhiệm kỳ 2025-", "2030."}
	want := []string{"Thực hiện Công văn số 7944-CV/BTGTW, ngày 11/3/2024 của Ban Tuyên giáo Trung ương; đề nghị:",
		"1. Đẩy mạnh chỉ đạo, thực hiện nội dung.", "2. Khảo sát nhu cầu, kịp thời có giải pháp điều chỉnh.",
		"3. Video Face-book và nhiệm kỳ 2025-2030."}
	if got := paragraphs(lines); !reflect.DeepEqual(got, want) {
		t.Errorf("paragraphs:\n got %q\nwant %q", got, want)
	}
}

func TestSplitRecipients(t *testing.T) {
	for _, c := range []struct {
		lines []string
		want  []string
	}{
		{[]string{"- Sở Thông tin và Truyền thông,", "- Trung tâm Văn hóa - Truyền thanh các huyện,", "thành phố."},
			[]string{"Sở Thông tin và Truyền thông", "Trung tâm Văn hóa - Truyền thanh các huyện, thành phố"}},
		{[]string{"Báo Kiên Giang; Đài Phát thanh và Truyền hình Kiên Giang; Hội Nhà báo tỉnh."},
			[]string{"Báo Kiên Giang", "Đài Phát thanh và Truyền hình Kiên Giang", "Hội Nhà báo tỉnh"}},
		{[]string{"Báo Kiên Giang, Trung tâm Văn hóa - Truyền thanh các huyện, thành phố, Hội Nhà báo tỉnh."},
			[]string{"Báo Kiên Giang", "Trung tâm Văn hóa - Truyền thanh các huyện, thành phố", "Hội Nhà báo tỉnh"}},
		{[]string{"Đảng ủy các xã, phường, đặc khu"}, []string{"Đảng ủy các xã, phường, đặc khu"}},
		{[]string{"- Các ban đảng, Văn phòng Tỉnh ủy,", "- Báo và Phát thanh, Truyền hình An Giang."},
			[]string{"Các ban đảng, Văn phòng Tỉnh ủy", "Báo và Phát thanh, Truyền hình An Giang"}},
	} {
		if got := splitRecipients(c.lines); !reflect.DeepEqual(got, c.want) {
			t.Errorf("splitRecipients(%q)\n got %q\nwant %q", c.lines, got, c.want)
		}
	}
}

func TestImplementsOf(t *testing.T) {
	for text, want := range map[string]string{
		"Thực hiện Công văn số 7944-CV/BTGTW, ngày 11/3/2024 của Ban Tuyên giáo Trung ương về việc tăng cường thông tin; Ban": "Công văn số 7944-CV/BTGTW, ngày 11/3/2024 của Ban Tuyên giáo Trung ương",
		"Căn cứ Kế hoạch số 58-KH/TU ngày 20/8/2025 của Ban Thường vụ Tỉnh ủy về tuyên truyền Đại hội":                        "Kế hoạch số 58-KH/TU ngày 20/8/2025 của Ban Thường vụ Tỉnh ủy",
		"Thực hiện Hướng dẫn số 125-HD/BTGDVTW ngày 28/7/2025 của Ban Tuyên giáo và Dân vận Trung ương về tuyên truyền":       "Hướng dẫn số 125-HD/BTGDVTW ngày 28/7/2025 của Ban Tuyên giáo và Dân vận Trung ương",
		"Thực hiện Chỉ thị số 21/CT-TTg ngày 18/8/2025 của Thủ tướng Chính phủ về đẩy mạnh":                                   "Chỉ thị số 21/CT-TTg ngày 18/8/2025 của Thủ tướng Chính phủ",
		"Thực hiện chỉ đạo của Thường trực Tỉnh ủy, Ban Tuyên giáo đề nghị":                                                   "",
		"Căn cứ Hướng dẫn của Ban Tuyên giáo Trung ương về tuyên truyền":                                                      "",
	} {
		if got := implementsOf(text); got != want {
			t.Errorf("implementsOf(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestClipsOf(t *testing.T) {
	for _, c := range []struct {
		text    string
		n       int
		assumed bool
	}{
		{"mỗi đơn vị thực hiện ít nhất 02 video clip ngắn", 2, false},
		{"thực hiện 03 clip giới thiệu", 3, false},
		{"thực hiện ít nhất hai video clip về mô hình", 2, false},
		{"01 video clip và 02 phóng sự ngắn", 3, false},
		{"tối thiểu 01 sản phẩm video giới thiệu cuộc thi", 1, false},
		{"02 (hai) video clip", 2, false},
		{"tập trung xây dựng các video clip ngắn chọn lọc", 1, true},
		{"Xây dựng, đăng tải các tin, bài, video clip tích cực", 1, true},
		{"kiểm duyệt các video clip ngắn trước khi đăng, phát", 0, false},
		{"nhất là việc sử dụng các video clip ngắn trên các nền tảng", 0, false},
		{"đăng tải 02 tin, bài trên trang thông tin điện tử", 0, false},
	} {
		n, assumed := clipsOf(c.text)
		if n != c.n || assumed != c.assumed {
			t.Errorf("clipsOf(%q) = %d, %v; want %d, %v", c.text, n, assumed, c.n, c.assumed)
		}
	}
}

func TestReportOf(t *testing.T) {
	for text, want := range map[string]bool{
		"báo cáo kết quả thực hiện và khó khăn, vướng mắc về Ban": true,
		"gửi báo cáo về Sở Văn hóa":                               true,
		"Định kỳ hằng tháng báo cáo kết quả về Ban":               true,
		"báo cáo bằng văn bản chậm nhất ngày 15/10/2025":          true,
		"phát huy vai trò của đội ngũ báo cáo viên":               false,
		"có báo cáo viên các cấp":                                 false,
		"theo Báo cáo số 12-BC/TU của Ban Thường vụ":              false,
		"kịp thời phát hiện, báo cáo các thông tin xấu":           false,
	} {
		if got := reportOf(text); got != want {
			t.Errorf("reportOf(%q) = %v, want %v", text, got, want)
		}
	}
	if got := reportClause("Ban đề nghị các cơ quan triển khai tích cực, thực chất; báo cáo kết quả về Ban Tuyên giáo Tỉnh ủy (qua Phòng Tuyên truyền)."); got != "Báo cáo kết quả về Ban Tuyên giáo Tỉnh ủy (qua Phòng Tuyên truyền)." {
		t.Errorf("reportClause = %q", got)
	}
}

func TestDeadlinesOf(t *testing.T) {
	issued := time.Date(2025, 11, 12, 0, 0, 0, 0, chidao.Zone)
	at := func(y, m, d, h, mi int) time.Time { return time.Date(y, time.Month(m), d, h, mi, 0, 0, chidao.Zone) }
	eod := func(y, m, d int) time.Time { return chidao.EndOfDay(at(y, m, d, 0, 0)) }
	for _, c := range []struct {
		text string
		want []time.Time
	}{
		{"báo cáo trước ngày 10/9/2026", []time.Time{eod(2026, 9, 10)}},
		{"chậm nhất ngày 15/6/2026", []time.Time{eod(2026, 6, 15)}},
		{"trước 17 giờ ngày 20/12/2025", []time.Time{at(2025, 12, 20, 17, 0)}},
		{"trước 16h00 ngày 25/12", []time.Time{at(2025, 12, 25, 16, 0)}},
		{"trước 17 giờ 30 phút, thứ Sáu, ngày 19/12/2025", []time.Time{at(2025, 12, 19, 17, 30)}},
		{"hoàn thành trong tháng 5/2026", []time.Time{eod(2026, 5, 31)}},
		{"báo cáo trong quý IV/2025", []time.Time{eod(2025, 12, 31)}},
		{"trước ngày 10-10-2025 và trước ngày 15 tháng 11 năm 2025", []time.Time{eod(2025, 11, 15)}[:0:0]},
		{"hạn chót trước 17 giờ ngày 27/02/2026", []time.Time{at(2026, 2, 27, 17, 0)}},
		{"trước ngày 30/11", []time.Time{eod(2025, 11, 30)}},
		{"trước ngày 05/01", []time.Time{eod(2026, 1, 5)}}, // the next year: 5 January is before the issue
		{"từ ngày 01/12/2025 đến ngày 31/12/2025", nil},    // a period
		{"Ngày thành lập (22/12/1944 - 22/12/2025)", nil},
		{"trước khi đăng, phát", nil},
		{"trong 5 ngày làm việc", nil},
		{"trước ngày 30/4/1975", nil}, // history, before the issue
	} {
		got := deadlinesOf(c.text, issued)
		if c.text == "trước ngày 10-10-2025 và trước ngày 15 tháng 11 năm 2025" {
			c.want = []time.Time{eod(2025, 11, 15)} // 10/10 is before the issue
		}
		if len(got) != len(c.want) {
			t.Errorf("deadlinesOf(%q) = %v, want %v", c.text, got, c.want)
			continue
		}
		for i := range got {
			if !got[i].Equal(c.want[i]) {
				t.Errorf("deadlinesOf(%q) = %v, want %v", c.text, got, c.want)
			}
		}
	}
	if got := deadlinesOf("trước ngày 30/11", time.Time{}); len(got) != 0 {
		t.Errorf("a date without a year and no issue date gives no deadline, got %v", got)
	}
}

func TestSignatureRules(t *testing.T) {
	for line, want := range map[string]bool{
		"K/T TRƯỞNG BAN": true, "T/L TRƯỞNG BAN": true, "T/M BAN THƯỜNG VỤ": true, "TM. ỦY BAN NHÂN DÂN": true,
		"KT. GIÁM ĐỐC": true, "TRƯỞNG BAN": true, "PHÓ TRƯỞNG BAN": true, "BAN TUYÊN GIÁO": false, "Lâm Văn Sễn": false,
	} {
		if got := isSignTitle(line); got != want {
			t.Errorf("isSignTitle(%q) = %v, want %v", line, got, want)
		}
	}
	for line, want := range map[string]bool{
		"Lâm Văn Sễn": true, "Nguyễn Thị Thanh Hương": true, "Như trên": false, "Lưu VT, TT.": false, "Sễn": false,
		"Các đồng chí Tỉnh ủy viên": false,
	} {
		if got := isPersonName(line); got != want {
			t.Errorf("isPersonName(%q) = %v, want %v", line, got, want)
		}
	}
	if name, ok := eSigner("Người ký: Trần Minh Khoa"); !ok || name != "Trần Minh Khoa" {
		t.Errorf("eSigner = %q, %v", name, ok)
	}
	for entry, want := range map[string]bool{"Như trên": true, "Lưu VT, TT": true, "Thường trực Tỉnh ủy (b/c)": true,
		"Báo Kiên Giang": false, "Ban An toàn giao thông tỉnh (p/h)": false} {
		if got := copyOnly(entry); got != want {
			t.Errorf("copyOnly(%q) = %v, want %v", entry, got, want)
		}
	}
}

func TestNormalizeLine(t *testing.T) {
	for in, want := range map[string]string{
		"Ki\u0065\u0302n Giang":        "Kiên Giang", // NFD
		"Số\u00a01483-CV/BTGTU":        "Số 1483-CV/BTGTU",
		"ÐẢNG CỘNG SẢN":                "ĐẢNG CỘNG SẢN", // Icelandic Eth of old converters
		"**K/T TRƯỞNG BAN":             "K/T TRƯỞNG BAN",
		"tuyên\u00adtruyền  \t  mạng ": "tuyêntruyền mạng",
		"• Treo cờ":                    "- Treo cờ",
		"\ufeffTỈNH ỦY":                "TỈNH ỦY",
	} {
		if got := normalizeLine(in); got != want {
			t.Errorf("normalizeLine(%q) = %q, want %q", in, got, want)
		}
	}
	if toneKey("Đảng uỷ xã Bình Hoà") != toneKey("Đảng ủy xã Bình Hòa") || toneKey("Quý") != "quý" {
		t.Error("toneKey does not place old-style tone marks the house's way")
	}
	if fold("Trung tâm Văn hóa - Truyền thanh") != "trung tam van hoa truyen thanh" {
		t.Errorf("fold = %q", fold("Trung tâm Văn hóa - Truyền thanh"))
	}
}

func TestTextColumns(t *testing.T) {
	text := "   TỈNH ỦY KIÊN GIANG                 ĐẢNG CỘNG SẢN VIỆT NAM\n" +
		"     BAN TUYÊN GIÁO\n" +
		"           *              Kiên Giang, ngày 03 tháng 4 năm 2024\n" +
		"   Số 1483-CV/BTGTU\n\n" +
		"Kính gửi: - Báo Kiên Giang."
	got := strings.Join(textLines(text), "|")
	want := "|TỈNH ỦY KIÊN GIANG|BAN TUYÊN GIÁO|*|Số 1483-CV/BTGTU||ĐẢNG CỘNG SẢN VIỆT NAM|Kiên Giang, ngày 03 tháng 4 năm 2024||Kính gửi: - Báo Kiên Giang."
	if got != want {
		t.Errorf("textLines:\n got %q\nwant %q", got, want)
	}
}

func TestPageNumbers(t *testing.T) {
	for s, want := range map[string]bool{"2": true, "- 3 -": true, "Trang 2/5": true, "12": true, "1.": false, "2025": false, "*": false} {
		if got := isPageNumber(s); got != want {
			t.Errorf("isPageNumber(%q) = %v, want %v", s, got, want)
		}
	}
	// pdftotext prints a form feed and the number of the next page.
	got := normalizeLines(textLines("kịp thời có\f\n2\n\ngiải pháp điều chỉnh."))
	if p := paragraphs(got); len(p) != 1 || p[0] != "kịp thời có giải pháp điều chỉnh." {
		t.Errorf("a page break in a paragraph: %q", p)
	}
	rows := []row{{y: 820, segs: []seg{{text: "2"}}}, {y: 700, segs: []seg{{text: "Nội dung"}}}, {y: 400, segs: []seg{{text: "3"}}}}
	if kept := dropPageNumbers(rows, 842); len(kept) != 2 || kept[0].text() != "Nội dung" {
		t.Errorf("dropPageNumbers kept %+v", kept)
	}
}
