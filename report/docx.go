package report

import (
	"bytes"
	_ "embed" // the Word template
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/packager"
	"github.com/gomutex/godocx/wml/ctypes"

	"chidao"
	"chidao/storage"
	"chidao/texts"
)

//go:generate go run ./internal/gendocx templates/bao-cao.docx

// DocxTemplate is the embedded template of the Word summary report
// (written by internal/gendocx). REPORT_TEMPLATE replaces it with the
// Office's own: any .docx whose text holds the placeholders {{CAP_TREN}},
// {{CO_QUAN}}, {{KY_HIEU}}, {{DIA_DANH}}, {{NGAY}}, {{THANG}}, {{NAM}},
// {{SO_VAN_BAN}}, {{NGAY_VAN_BAN}}, {{TRICH_YEU}}, {{NOI_NHAN}},
// {{CHUC_VU}}, {{NGUOI_KY}} (each may be left out), and a paragraph
// {{NOI_DUNG}} where the body goes, in the template's styles Chidao*.
//
//go:embed templates/bao-cao.docx
var DocxTemplate []byte

// Org is the Office as its documents name it.
type Org struct {
	Superior string // the committee above it: "TỈNH ỦY KIÊN GIANG"
	Name     string // the Ban: "BAN TUYÊN GIÁO"
	Short    string // its short name in document numbers: "BTGTU"
	Place    string // the place in the date line: "Kiên Giang"
	FullName string // "Ban Tuyên giáo Tỉnh ủy Kiên Giang"
}

// OrgOf names the Office for the header block from its configured name
// (CHIDAO_ORG_NAME, e.g. "Ban Tuyên giáo và Dân vận Tỉnh ủy") and its
// unit (the top of the tree), whose name may say the province: "Ban Tuyên
// giáo và Dân vận Tỉnh ủy An Giang" gives the Ban "BAN TUYÊN GIÁO VÀ DÂN
// VẬN" under "TỈNH ỦY AN GIANG", placed in An Giang, its code the short
// name of document numbers. It is the one place that says who the Office
// is in documents.
func OrgOf(name string, office chidao.Unit) Org {
	full := strings.TrimSpace(name)
	if full == "" || (len(office.Name) > len(full) && strings.HasPrefix(strings.ToLower(office.Name), strings.ToLower(full))) {
		full = office.Name
	}
	o := Org{Short: office.Code, FullName: full, Name: strings.ToUpper(full)}
	folded := strings.ToLower(full)
	for _, committee := range []string{"tỉnh ủy", "tỉnh uỷ", "thành ủy", "thành uỷ"} {
		i := strings.Index(folded, committee)
		if i <= 0 {
			continue
		}
		o.Name = strings.ToUpper(strings.TrimSpace(full[:i]))
		o.Superior = strings.ToUpper(strings.TrimSpace(full[i:]))
		o.Place = strings.TrimSpace(full[i+len(committee):])
		break
	}
	return o
}

// DocxInput is what the Word summary report is written from.
type DocxInput struct {
	Report    storage.DirectiveReport
	Org       Org
	Completed []time.Time // when each completed unit completed, in order
	Template  []byte      // nil: DocxTemplate
}

// LoadTemplate reads REPORT_TEMPLATE's file, checking that it opens.
func LoadTemplate(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("REPORT_TEMPLATE: %w", err)
	}
	if _, err := packager.Unpack(&b); err != nil {
		return nil, fmt.Errorf("REPORT_TEMPLATE %s is not a .docx: %w", path, err)
	}
	return b, nil
}

// DOCX writes the official summary report of a directive ("BÁO CÁO Kết
// quả thực hiện Công văn số …") as a Word document from the template: the
// header, title and signature block from the template, the body drafted
// from the data where {{NOI_DUNG}} stands.
func DOCX(w io.Writer, in DocxInput) error {
	tpl := in.Template
	if tpl == nil {
		tpl = DocxTemplate
	}
	tpl = bytes.Clone(tpl)
	rd, err := packager.Unpack(&tpl)
	if err != nil {
		return fmt.Errorf("report: open the Word template: %w", err)
	}
	body := rd.Document.Body
	before := len(body.Children)
	charts, err := writeBody(rd, in)
	defer charts.remove()
	if err != nil {
		return err
	}
	added := append([]docx.DocumentChild(nil), body.Children[before:]...)
	body.Children = body.Children[:before]
	if !splice(body, added) {
		body.Children = append(body.Children, added...) // a template without {{NOI_DUNG}}: the body goes last
	}
	fill(body, placeholders(in))
	if err := rd.Write(w); err != nil {
		return fmt.Errorf("report: write the Word document: %w", err)
	}
	return nil
}

// splice puts the body where the paragraph {{NOI_DUNG}} stands.
func splice(body *docx.Body, added []docx.DocumentChild) bool {
	for i, c := range body.Children {
		if c.Para != nil && strings.TrimSpace(paraText(c.Para.GetCT())) == "{{NOI_DUNG}}" {
			rest := append(append([]docx.DocumentChild(nil), added...), body.Children[i+1:]...)
			body.Children = append(body.Children[:i], rest...)
			return true
		}
	}
	return false
}

func placeholders(in DocxInput) map[string]string {
	d, at := in.Report.Directive, in.Report.At.In(chidao.Zone)
	day, month := fmt.Sprint(at.Day()), fmt.Sprint(int(at.Month()))
	if at.Day() < 10 {
		day = "0" + day
	}
	if at.Month() <= 2 {
		month = "0" + month
	}
	return map[string]string{
		"CAP_TREN": in.Org.Superior, "CO_QUAN": in.Org.Name, "KY_HIEU": in.Org.Short, "DIA_DANH": in.Org.Place,
		"NGAY": day, "THANG": month, "NAM": fmt.Sprint(at.Year()),
		"SO_VAN_BAN": d.Number, "NGAY_VAN_BAN": chidao.FormatDate(d.IssuedOn), "TRICH_YEU": d.Title,
		"NOI_NHAN": texts.DocxRecipient, "CHUC_VU": texts.DocxSignerTitle, "NGUOI_KY": "",
	}
}

// fill replaces the placeholders in every paragraph, in tables too.
func fill(body *docx.Body, values map[string]string) {
	r := make([]string, 0, 2*len(values))
	for k, v := range values {
		r = append(r, "{{"+k+"}}", v)
	}
	rep := strings.NewReplacer(r...)
	for _, c := range body.Children {
		if c.Para != nil {
			fillPara(c.Para.GetCT(), rep)
		}
		if c.Table != nil {
			fillTable(c.Table.GetCT(), rep)
		}
	}
}

func fillTable(t *ctypes.Table, rep *strings.Replacer) {
	for _, rc := range t.RowContents {
		if rc.Row == nil {
			continue
		}
		for _, cc := range rc.Row.Contents {
			if cc.Cell == nil {
				continue
			}
			for _, b := range cc.Cell.Contents {
				if b.Paragraph != nil {
					fillPara(b.Paragraph, rep)
				}
				if b.Table != nil {
					fillTable(b.Table, rep)
				}
			}
		}
	}
}

// fillPara replaces placeholders that Word may have split across runs:
// the paragraph's whole text goes into its first run with text, whose
// formatting (bold, italics) it keeps.
func fillPara(p *ctypes.Paragraph, rep *strings.Replacer) {
	text := paraText(p)
	if !strings.Contains(text, "{{") {
		return
	}
	first := true
	for _, pc := range p.Children {
		if pc.Run == nil {
			continue
		}
		for k := range pc.Run.Children {
			t := pc.Run.Children[k].Text
			if t == nil || (first && t.Text == "") {
				continue // the text goes into the first run that has some, with its formatting
			}
			if first {
				t.Text, first = rep.Replace(text), false
				preserve := "preserve"
				t.Space = &preserve
			} else {
				t.Text = ""
			}
		}
	}
}

func paraText(p *ctypes.Paragraph) string {
	var b strings.Builder
	for _, pc := range p.Children {
		if pc.Run == nil {
			continue
		}
		for _, rc := range pc.Run.Children {
			if rc.Text != nil {
				b.WriteString(rc.Text.Text)
			}
		}
	}
	return b.String()
}
