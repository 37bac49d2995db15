// Command gendocx writes the embedded template of the Word summary report
// (report/templates/bao-cao.docx) in the layout of Party documents
// (Hướng dẫn 36-HD/VPTW): A4, margins 20/20/30/15 mm, Times New Roman 14,
// the header block (the superior committee and the Ban on the left,
// "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date in italics on the
// right), the title, the body and the "Nơi nhận" and signature block.
// The Office restyles the result in Word (styles Chidao*, its letterhead)
// and points REPORT_TEMPLATE at it. Run: go generate ./report
package main

import (
	"fmt"
	"os"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"
)

const font = "Times New Roman"

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gendocx OUT.docx")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gendocx:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	rd, err := godocx.NewDocument()
	if err != nil {
		return err
	}
	styles(rd)
	page(rd)
	header(rd)
	title(rd)
	rd.AddParagraph("{{NOI_DUNG}}").Style("ChidaoBody")
	signature(rd)
	return rd.SaveTo(out)
}

func u64(v uint64) *uint64 { return &v }
func i(v int) *int         { return &v }
func s(v string) *string   { return &v }

func runProp(size uint64, bold, italic bool) *ctypes.RunProperty {
	rp := &ctypes.RunProperty{Fonts: &ctypes.RunFonts{Ascii: font, HAnsi: font, CS: font, EastAsia: font},
		Size: ctypes.NewFontSize(size * 2), SizeCs: ctypes.NewFontSizeCS(size * 2)}
	if bold {
		rp.Bold = ctypes.OnOffFromBool(true)
	}
	if italic {
		rp.Italic = ctypes.OnOffFromBool(true)
	}
	return rp
}

// paraStyle is a paragraph style of the template, in points and twips.
type paraStyle struct {
	id, name            string
	size                uint64
	bold, italic        bool
	jc                  stypes.Justification
	before, after, line uint64
	firstLine           uint64
	keepNext            bool
}

var paraStyles = []paraStyle{
	{id: "ChidaoBody", name: "Chidao Body", size: 14, jc: stypes.JustificationBoth, after: 120, line: 312, firstLine: 567},
	{id: "ChidaoHeading1", name: "Chidao Heading 1", size: 14, bold: true, jc: stypes.JustificationBoth, before: 120, after: 120, line: 312, firstLine: 567, keepNext: true},
	{id: "ChidaoHeading2", name: "Chidao Heading 2", size: 14, bold: true, italic: true, jc: stypes.JustificationBoth, before: 60, after: 60, line: 312, firstLine: 567, keepNext: true},
	{id: "ChidaoTable", name: "Chidao Table", size: 12, jc: stypes.JustificationLeft, before: 20, after: 20, line: 240},
	{id: "ChidaoTableHead", name: "Chidao Table Head", size: 12, bold: true, jc: stypes.JustificationCenter, before: 20, after: 20, line: 240},
	{id: "ChidaoCaption", name: "Chidao Caption", size: 13, italic: true, jc: stypes.JustificationCenter, before: 60, after: 120, line: 240},
	{id: "ChidaoHeader", name: "Chidao Header", size: 13, jc: stypes.JustificationCenter, line: 240},
	{id: "ChidaoTitle", name: "Chidao Title", size: 15, bold: true, jc: stypes.JustificationCenter, before: 240, line: 240},
	{id: "ChidaoSubtitle", name: "Chidao Subtitle", size: 14, bold: true, jc: stypes.JustificationCenter, after: 0, line: 264},
	{id: "ChidaoRecipients", name: "Chidao Recipients", size: 12, jc: stypes.JustificationLeft, line: 240},
	{id: "ChidaoSignature", name: "Chidao Signature", size: 14, bold: true, jc: stypes.JustificationCenter, line: 240},
}

func styles(rd *docx.RootDoc) {
	st := rd.DocStyles
	if st.DocDefaults == nil {
		st.DocDefaults = &ctypes.DocDefault{}
	}
	st.DocDefaults.RunProp = &ctypes.RunPropDefault{RunProp: runProp(14, false, false)}
	for k := range st.StyleList {
		if id := st.StyleList[k].ID; id != nil && *id == "Normal" {
			st.StyleList[k].RunProp = runProp(14, false, false)
		}
	}
	for _, p := range paraStyles {
		rule := stypes.LineSpacingRuleAuto
		pp := &ctypes.ParagraphProp{Justification: ctypes.NewGenSingleStrVal(p.jc),
			Spacing: &ctypes.Spacing{Before: u64(p.before), After: u64(p.after), Line: i(int(p.line)), LineRule: &rule}}
		if p.firstLine > 0 {
			pp.Indent = &ctypes.Indent{FirstLine: u64(p.firstLine)}
		}
		if p.keepNext {
			pp.KeepNext = ctypes.OnOffFromBool(true)
		}
		t := stypes.StyleTypeParagraph
		custom := stypes.OnOffTrue
		st.StyleList = append(st.StyleList, ctypes.Style{Type: &t, ID: s(p.id), CustomStyle: &custom, Name: ctypes.NewCTString(p.name),
			BasedOn: ctypes.NewCTString("Normal"), QFormat: ctypes.OnOffFromBool(true), ParaProp: pp, RunProp: runProp(p.size, p.bold, p.italic)})
	}
}

// page is A4 with the margins of Hướng dẫn 36: top and bottom 20 mm,
// left 30 mm, right 15 mm.
func page(rd *docx.RootDoc) {
	rd.Document.Body.SectPr = &ctypes.SectionProp{
		PageSize:   &ctypes.PageSize{Width: u64(11906), Height: u64(16838)},
		PageMargin: &ctypes.PageMargin{Top: i(1134), Bottom: i(1134), Left: i(1701), Right: i(851), Header: i(567), Footer: i(567), Gutter: i(0)},
	}
}

func noBorders(t *docx.Table) {
	none := &ctypes.Border{Val: stypes.BorderStyleNone}
	t.GetCT().TableProp.Borders = &ctypes.TableBorders{Top: none, Left: none, Bottom: none, Right: none, InsideH: none, InsideV: none}
}

func cellLine(c *docx.Cell, text string, bold, italic, underline bool) {
	p := c.AddParagraph("")
	p.Style("ChidaoHeader")
	r := p.AddText(text)
	if bold {
		r.Bold(true)
	}
	if italic {
		r.Italic(true)
	}
	if underline {
		r.Underline(stypes.UnderlineSingle)
	}
}

// header is the block above the title: two columns without borders.
func header(rd *docx.RootDoc) {
	t := rd.AddTable()
	noBorders(t)
	t.Width(9354, stypes.TableWidthDxa)
	t.Grid(4706, 4648)
	row := t.AddRow()
	left, right := row.AddCell().Width(4706, stypes.TableWidthDxa), row.AddCell().Width(4648, stypes.TableWidthDxa)
	cellLine(left, "{{CAP_TREN}}", false, false, false)
	cellLine(left, "{{CO_QUAN}}", true, false, false)
	cellLine(left, "*", false, false, false)
	cellLine(left, "Số      -BC/{{KY_HIEU}}", false, false, false)
	cellLine(right, "ĐẢNG CỘNG SẢN VIỆT NAM", true, false, true)
	cellLine(right, "", false, false, false)
	cellLine(right, "{{DIA_DANH}}, ngày {{NGAY}} tháng {{THANG}} năm {{NAM}}", false, true, false)
}

func title(rd *docx.RootDoc) {
	rd.AddParagraph("BÁO CÁO").Style("ChidaoTitle")
	rd.AddParagraph("Kết quả thực hiện Công văn số {{SO_VAN_BAN}} ngày {{NGAY_VAN_BAN}}").Style("ChidaoSubtitle")
	rd.AddParagraph("{{TRICH_YEU}}").Style("ChidaoSubtitle")
	rd.AddParagraph("-----").Style("ChidaoHeader")
}

// signature is "Nơi nhận" on the left and the signer on the right.
func signature(rd *docx.RootDoc) {
	t := rd.AddTable()
	noBorders(t)
	t.Width(9354, stypes.TableWidthDxa)
	t.Grid(4677, 4677)
	row := t.AddRow()
	left, right := row.AddCell().Width(4677, stypes.TableWidthDxa), row.AddCell().Width(4677, stypes.TableWidthDxa)
	p := left.AddParagraph("")
	p.Style("ChidaoRecipients")
	p.AddText("Nơi nhận:").Bold(true).Underline(stypes.UnderlineSingle)
	for _, line := range []string{"- {{NOI_NHAN}},", "- Các cơ quan, đơn vị thực hiện,", "- Lưu VT."} {
		left.AddParagraph(line).Style("ChidaoRecipients")
	}
	for _, line := range []string{"{{CHUC_VU}}", "", "", "", "", "{{NGUOI_KY}}"} {
		right.AddParagraph(line).Style("ChidaoSignature")
	}
}
