package letter

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// DOCX is read with the standard library: word/document.xml streamed with
// encoding/xml. Each paragraph is a line, with an empty line after it outside
// tables; table cells (the header and the signature are tables in the
// templates) are read cell by cell. Word's automatic numbering is not in the
// text, so the labels ("1.", "a)", "-") are rebuilt from word/numbering.xml.

const maxXML = 64 << 20 // a zip bomb stops here

func docxLines(zr *zip.Reader) ([]string, error) {
	doc := zipFile(zr, "word/document.xml")
	if doc == nil {
		return nil, refuse(Damaged, "DOCX", "word/document.xml is missing")
	}
	num := readNumbering(zipFile(zr, "word/numbering.xml"))
	rc, err := doc.Open()
	if err != nil {
		return nil, refuse(Damaged, "DOCX", "%v", err)
	}
	defer rc.Close()
	w := &docxWalker{num: num, counters: map[string][]int{}}
	if err := w.walk(xml.NewDecoder(io.LimitReader(rc, maxXML))); err != nil {
		return nil, refuse(Damaged, "DOCX", "%v", err)
	}
	return w.lines, nil
}

func zipFile(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// docxPara is a paragraph being read.
type docxPara struct {
	text        strings.Builder
	numID, ilvl string
}

type docxWalker struct {
	num      numbering
	counters map[string][]int
	stack    []*docxPara
	cells    int // depth of table cells
	lines    []string
}

func (w *docxWalker) walk(d *xml.Decoder) error {
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := w.start(d, t); err != nil {
				return err
			}
		case xml.EndElement:
			w.end(t.Name.Local)
		}
	}
}

func (w *docxWalker) start(d *xml.Decoder, t xml.StartElement) error {
	top := w.top()
	switch t.Name.Local {
	case "Fallback", "del", "instrText", "delText":
		return d.Skip() // the same content again, or deleted text
	case "p":
		w.stack = append(w.stack, &docxPara{})
	case "tc":
		w.cells++
	case "t":
		var s string
		if err := d.DecodeElement(&s, &t); err != nil {
			return err
		}
		if top != nil {
			top.text.WriteString(s)
		}
	case "tab":
		if top != nil && w.inRun(t) {
			top.text.WriteByte('\t')
		}
	case "br", "cr":
		if top != nil {
			top.text.WriteByte('\n')
		}
	case "numId", "ilvl":
		if top != nil {
			if t.Name.Local == "numId" {
				top.numID = attr(t, "val")
			} else {
				top.ilvl = attr(t, "val")
			}
		}
	}
	return nil
}

// inRun tells a tab character from a tab stop definition (w:tabs/w:tab).
func (w *docxWalker) inRun(t xml.StartElement) bool { return attr(t, "pos") == "" }

func (w *docxWalker) top() *docxPara {
	if len(w.stack) == 0 {
		return nil
	}
	return w.stack[len(w.stack)-1]
}

func (w *docxWalker) end(name string) {
	switch name {
	case "tc":
		w.cells--
		w.lines = append(w.lines, "")
	case "p":
		p := w.top()
		if p == nil {
			return
		}
		w.stack = w.stack[:len(w.stack)-1]
		text := p.text.String()
		if label := w.label(p); label != "" && strings.TrimSpace(text) != "" {
			text = label + " " + text
		}
		w.lines = append(w.lines, strings.Split(text, "\n")...)
		if w.cells == 0 {
			w.lines = append(w.lines, "")
		}
	}
}

// label is the automatic number of a paragraph, counting as Word does.
func (w *docxWalker) label(p *docxPara) string {
	if p.numID == "" || p.numID == "0" {
		return ""
	}
	abs, ok := w.num.nums[p.numID]
	if !ok {
		return ""
	}
	lvl, _ := strconv.Atoi(p.ilvl)
	levels := w.num.abstract[abs]
	if lvl < 0 || lvl >= len(levels) || lvl > 8 {
		return ""
	}
	c := w.counters[p.numID]
	for len(c) < len(levels) {
		c = append(c, 0)
	}
	if c[lvl] == 0 {
		c[lvl] = levels[lvl].start
	} else {
		c[lvl]++
	}
	for i := lvl + 1; i < len(c); i++ {
		c[i] = 0
	}
	w.counters[p.numID] = c
	if levels[lvl].format == "bullet" {
		return "-"
	}
	out := levels[lvl].text
	for i := 0; i <= lvl; i++ {
		out = strings.ReplaceAll(out, fmt.Sprintf("%%%d", i+1), formatNumber(max(c[i], levels[i].start), levels[i].format))
	}
	return out
}

// numbering is what word/numbering.xml says about list labels.
type numbering struct {
	nums     map[string]string // numId → abstractNumId
	abstract map[string][]numLevel
}

type numLevel struct {
	start        int
	format, text string
}

func readNumbering(f *zip.File) numbering {
	n := numbering{nums: map[string]string{}, abstract: map[string][]numLevel{}}
	if f == nil {
		return n
	}
	rc, err := f.Open()
	if err != nil {
		return n
	}
	defer rc.Close()
	var doc struct {
		Abstract []struct {
			ID     string `xml:"abstractNumId,attr"`
			Levels []struct {
				Ilvl  int     `xml:"ilvl,attr"`
				Start valAttr `xml:"start"`
				Fmt   valAttr `xml:"numFmt"`
				Text  valAttr `xml:"lvlText"`
			} `xml:"lvl"`
		} `xml:"abstractNum"`
		Nums []struct {
			ID  string  `xml:"numId,attr"`
			Abs valAttr `xml:"abstractNumId"`
		} `xml:"num"`
	}
	if xml.NewDecoder(io.LimitReader(rc, maxXML)).Decode(&doc) != nil {
		return n
	}
	for _, a := range doc.Abstract {
		levels := make([]numLevel, 9)
		for _, l := range a.Levels {
			if l.Ilvl >= 0 && l.Ilvl < 9 {
				start, err := strconv.Atoi(l.Start.Val)
				if err != nil {
					start = 1
				}
				levels[l.Ilvl] = numLevel{start: start, format: l.Fmt.Val, text: l.Text.Val}
			}
		}
		n.abstract[a.ID] = levels
	}
	for _, x := range doc.Nums {
		n.nums[x.ID] = x.Abs.Val
	}
	return n
}

type valAttr struct {
	Val string `xml:"val,attr"`
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func formatNumber(n int, format string) string {
	switch format {
	case "lowerLetter", "upperLetter":
		s := string(rune('a' + (n-1)%26))
		if n < 1 {
			s = "a"
		}
		if format == "upperLetter" {
			s = strings.ToUpper(s)
		}
		return s
	case "lowerRoman", "upperRoman":
		s := roman(n)
		if format == "lowerRoman" {
			s = strings.ToLower(s)
		}
		return s
	case "none":
		return ""
	}
	return strconv.Itoa(n)
}

func roman(n int) string {
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}

// openZip opens data as a ZIP archive (DOCX, XLSX, ODT are ZIPs).
func openZip(data []byte) (*zip.Reader, error) {
	return zip.NewReader(bytes.NewReader(data), int64(len(data)))
}
