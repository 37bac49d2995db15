package report_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/gomutex/godocx/packager"

	"chidao/internal/dbtest"
	"chidao/internal/fixture"
	"chidao/report"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// quarterDocx writes the Word report of the quarter's first directive.
func quarterDocx(t *testing.T) []byte {
	t.Helper()
	w := fixture.New(t, dbtest.URL(t))
	q := w.BuildQuarter()
	r, err := w.S.DirectiveStatus(w.Ctx, q.D1)
	if err != nil {
		t.Fatal(err)
	}
	office, err := w.S.OfficeUnit(w.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	done, err := w.S.CompletionOverTime(w.Ctx, q.D1)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := report.DOCX(&b, report.DocxInput{Report: r, Org: report.OrgOf("Ban Tuyên giáo và Dân vận Tỉnh ủy", office), Completed: done}); err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("CHIDAO_DOCX_OUT"); out != "" {
		_ = os.WriteFile(out, b.Bytes(), 0o644) // for looking at it in LibreOffice
	}
	return b.Bytes()
}

func part(t *testing.T, doc []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == name {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			return string(b)
		}
	}
	t.Fatalf("no part %s", name)
	return ""
}

// text is the document's text, paragraph by paragraph.
func text(t *testing.T, documentXML string) []string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(documentXML))
	var out []string
	var cur strings.Builder
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			inText = e.Name.Local == "t"
		case xml.EndElement:
			inText = false
			if e.Name.Local == "p" {
				out = append(out, cur.String())
				cur.Reset()
			}
		case xml.CharData:
			if inText {
				cur.Write(e)
			}
		}
	}
}

// TestDocxReadBack: the Word report of a directive, read back: A4 with the
// margins of Hướng dẫn 36, Times New Roman, the header block, the title,
// the units' table with every unit, the clips' reach by platform with its
// chart, the difficulties grouped with their units, and no placeholder
// left.
func TestDocxReadBack(t *testing.T) {
	t.Parallel()
	doc := quarterDocx(t)
	if _, err := packager.Unpack(&doc); err != nil {
		t.Fatalf("the library cannot read its own document back: %v", err)
	}
	body := part(t, doc, "word/document.xml")
	for _, want := range []string{`w:w="11906"`, `w:h="16838"`, `w:top="1134"`, `w:left="1701"`, `w:right="851"`} {
		if !strings.Contains(body, want) {
			t.Errorf("section properties lack %s (A4, HD 36 margins)", want)
		}
	}
	styles := part(t, doc, "word/styles.xml")
	if n := strings.Count(styles, `w:ascii="Times New Roman"`); n < 5 {
		t.Errorf("Times New Roman in %d styles", n)
	}
	if !regexp.MustCompile(`w:styleId="ChidaoBody".*?<w:sz w:val="28"`).MatchString(strings.ReplaceAll(styles, "\n", "")) {
		t.Errorf("the body style is not 14 pt")
	}
	paras := text(t, body)
	all := strings.Join(paras, "\n")
	for _, want := range []string{
		"TỈNH ỦY AN GIANG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "Số      -BC/BTGTU", "ĐẢNG CỘNG SẢN VIỆT NAM", "An Giang, ngày 15 tháng 4 năm 2026",
		"BÁO CÁO", "Kết quả thực hiện Công văn số 12-CV/BTGDVTU ngày 05/01/2026", "Tuyên truyền kỷ niệm 96 năm Ngày thành lập Đảng",
		"I. TÌNH HÌNH TRIỂN KHAI THỰC HIỆN", "ban hành Văn bản số 12-CV/BTGDVTU về việc", "văn bản được gửi tới 4 cơ quan, đơn vị",
		"1 đơn vị hoàn thành đúng hạn, 1 đơn vị hoàn thành quá hạn, 2 đơn vị quá hạn nhưng chưa hoàn thành",
		"Biểu đồ 1.", "Các clip được duyệt đạt tổng cộng 45.000 lượt xem", "Biểu đồ 2.",
		"- Về thiết bị, phương tiện (Báo Kiên Giang, Hội Nhà báo tỉnh):", "- Về nhân lực, chuyên môn (Đài Phát thanh và Truyền hình Kiên Giang):",
		"IV. ĐỀ XUẤT, KIẾN NGHỊ", "Nơi nhận:", "TRƯỞNG BAN",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(all, "{{") {
		t.Errorf("a placeholder is left: %s", regexp.MustCompile(`\{\{\w+\}\}`).FindString(all))
	}
	// The units' table: its header and one row per unit, in the order of the status table.
	i := indexOf(paras, "Cơ quan, đơn vị")
	if i < 0 {
		t.Fatalf("no units' table:\n%s", all)
	}
	for k, want := range []string{"Tình trạng", "Clip được duyệt", "Lượt xem", "Báo cáo", "Hoàn thành lúc", "1", "Báo Kiên Giang", "Hoàn thành đúng hạn", "2/2", "45.000", "Đã gửi"} {
		if paras[i+1+k] != want {
			t.Errorf("table cell %d = %q; want %q", k, paras[i+1+k], want)
		}
	}
	for _, unit := range []string{"Đài Phát thanh và Truyền hình Kiên Giang", "Hội Nhà báo tỉnh", "Trung tâm Văn hóa - Truyền thanh Phú Quốc"} {
		if indexOf(paras[i:], unit) < 0 {
			t.Errorf("the units' table lacks %s", unit)
		}
	}
	if media := strings.Count(part(t, doc, "[Content_Types].xml"), "png"); media == 0 {
		t.Errorf("no PNG chart in the document")
	}
}

func indexOf(ps []string, s string) int {
	for i, p := range ps {
		if p == s {
			return i
		}
	}
	return -1
}
