package main

import (
	"fmt"
	"regexp"
	"strings"
)

// The DOCX follows the templates offices use: A4, Times New Roman 14, the
// header and the foot as borderless two-column tables, body paragraphs
// justified with a first-line indent, the recipients indented.

type para struct {
	text                 string
	center, right, just  bool
	bold, italic, under  bool
	size                 int // half-points
	first, left, hanging int // twips
	after                int
	numID, ilvl          int
}

func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func (p para) xml() string {
	var b strings.Builder
	b.WriteString("<w:p><w:pPr>")
	if p.numID > 0 {
		fmt.Fprintf(&b, `<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>`, p.ilvl, p.numID)
	}
	fmt.Fprintf(&b, `<w:spacing w:before="0" w:after="%d" w:line="276" w:lineRule="auto"/>`, p.after)
	if p.first > 0 || p.left > 0 || p.hanging > 0 {
		fmt.Fprintf(&b, `<w:ind w:left="%d" w:firstLine="%d"`, p.left, p.first)
		if p.hanging > 0 {
			fmt.Fprintf(&b, ` w:hanging="%d"`, p.hanging)
		}
		b.WriteString("/>")
	}
	switch {
	case p.center:
		b.WriteString(`<w:jc w:val="center"/>`)
	case p.right:
		b.WriteString(`<w:jc w:val="right"/>`)
	case p.just:
		b.WriteString(`<w:jc w:val="both"/>`)
	}
	b.WriteString("</w:pPr>")
	if p.text != "" {
		b.WriteString("<w:r><w:rPr>")
		if p.bold {
			b.WriteString("<w:b/>")
		}
		if p.italic {
			b.WriteString("<w:i/>")
		}
		if p.under {
			b.WriteString(`<w:u w:val="single"/>`)
		}
		size := p.size
		if size == 0 {
			size = 28
		}
		fmt.Fprintf(&b, `<w:sz w:val="%d"/></w:rPr>`, size)
		for i, part := range strings.Split(p.text, "\t") {
			if i > 0 {
				b.WriteString("<w:tab/>")
			}
			fmt.Fprintf(&b, `<w:t xml:space="preserve">%s</w:t>`, esc(part))
		}
		b.WriteString("</w:r>")
	}
	b.WriteString("</w:p>")
	return b.String()
}

func table(widths []int, cells [][]para) string {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString("</w:tblGrid><w:tr>")
	for i, c := range cells {
		fmt.Fprintf(&b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, widths[i])
		if len(c) == 0 {
			c = []para{{}}
		}
		for _, p := range c {
			b.WriteString(p.xml())
		}
		b.WriteString("</w:tc>")
	}
	b.WriteString("</w:tr></w:tbl>")
	return b.String()
}

var (
	autoNum    = regexp.MustCompile(`^(\d+)\.\s+(.*)$`)
	autoLetter = regexp.MustCompile(`^([a-z])\)\s+(.*)$`)
	autoDash   = regexp.MustCompile(`^-\s+(.*)$`)
)

func (s *source) documentXML() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	b.WriteString(table([]int{4500, 4855}, [][]para{s.headerLeft(), s.headerRight()}))
	b.WriteString(para{after: 120}.xml())
	for _, p := range s.bodyParas() {
		b.WriteString(p.xml())
	}
	b.WriteString(para{after: 120}.xml())
	b.WriteString(table([]int{4300, 5055}, [][]para{s.footLeft(), s.footRight()}))
	b.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr></w:body></w:document>`)
	return b.String()
}

func (s *source) headerLeft() []para {
	var out []para
	for _, l := range s.sections["left"] {
		p := para{text: l, center: true, size: 26}
		switch {
		case strings.HasPrefix(l, "Số"):
			p.size = 28
		case strings.HasPrefix(l, "V/v") || strings.HasPrefix(l, "Về việc"):
			p.italic, p.size = true, 24
		case l == strings.ToUpper(l) && l != "*":
			p.bold = strings.HasPrefix(l, "BAN ") || strings.HasPrefix(l, "SỞ ") || strings.HasPrefix(l, "VĂN PHÒNG")
		}
		out = append(out, p)
	}
	return out
}

func (s *source) headerRight() []para {
	var out []para
	for _, l := range s.sections["right"] {
		p := para{text: l, center: true, bold: true, size: 28}
		if strings.Contains(l, ", ngày") {
			p = para{text: l, right: true, italic: true, size: 28}
		}
		if strings.HasPrefix(l, "Độc lập") {
			p.under = true
		}
		out = append(out, p)
	}
	return out
}

// bodyParas makes each line of the body a paragraph: the recipients block
// (up to the first empty line after "Kính gửi") indented, the rest
// justified with a first-line indent; a title block (a kind of document in
// capitals) centered.
func (s *source) bodyParas() []para {
	var out []para
	inRecipients := false
	auto := s.meta["numbering"] == "auto"
	for _, l := range s.sections["body"] {
		if strings.TrimSpace(l) == "" {
			inRecipients = false
			continue
		}
		switch {
		case strings.HasPrefix(l, "Kính gửi"):
			inRecipients = true
			out = append(out, para{text: l, left: 1700, after: 0})
		case inRecipients:
			out = append(out, para{text: l, left: 2830, after: 0})
		case l == strings.ToUpper(l) && len([]rune(l)) < 80:
			out = append(out, para{text: l, center: true, bold: true, after: 60})
		case auto && autoNum.MatchString(l):
			out = append(out, para{text: autoNum.FindStringSubmatch(l)[2], just: true, first: 567, after: 120, numID: 1})
		case auto && autoLetter.MatchString(l):
			out = append(out, para{text: autoLetter.FindStringSubmatch(l)[2], just: true, first: 567, after: 120, numID: 1, ilvl: 1})
		case auto && autoDash.MatchString(l):
			out = append(out, para{text: autoDash.FindStringSubmatch(l)[1], just: true, first: 567, after: 120, numID: 2})
		default:
			out = append(out, para{text: l, just: true, first: 567, after: 120})
		}
	}
	return out
}

func (s *source) footLeft() []para {
	var out []para
	for i, l := range s.sections["foot-left"] {
		if i == 0 {
			out = append(out, para{text: l, bold: true, italic: true, size: 24})
			continue
		}
		out = append(out, para{text: l, size: 22})
	}
	return out
}

func (s *source) footRight() []para {
	var out []para
	for _, l := range s.sections["foot-right"] {
		out = append(out, para{text: l, center: true, bold: l != "" && !strings.Contains(l, ":"), size: 28})
	}
	return out
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>`

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

const docRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>`

const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>`

const numberingXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`
