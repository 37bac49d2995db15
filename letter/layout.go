package letter

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The layout turns what a page shows into lines in reading order, with an
// empty line between paragraphs. Official letters put two columns side by
// side twice: the header (issuing body and number on the left, the national
// motto and the place and date on the right) and the foot ("Nơi nhận:" on
// the left, the signature on the right). A row with a wide gap is split; a
// run of such rows is a two-column region, read left column first.

// seg is a run of text on one row, x in points (PDF) or columns (text).
type seg struct {
	x0, x1 float64
	text   string
}

// row is one line of a page.
type row struct {
	y, size float64
	segs    []seg
	brk     bool // a paragraph starts here
}

func (r row) x0() float64 { return r.segs[0].x0 }
func (r row) x1() float64 { return r.segs[len(r.segs)-1].x1 }

func (r row) text() string {
	parts := make([]string, len(r.segs))
	for i, s := range r.segs {
		parts[i] = s.text
	}
	return strings.Join(parts, " ")
}

// pdfLines lays out the pages of a PDF.
func pdfLines(pages []pdfPage) []string {
	var out []string
	for _, p := range pages {
		rows := glyphRows(p.glyphs)
		rows = dropPageNumbers(rows, p.height)
		markParagraphs(rows)
		out = append(out, columnLines(rows, p.width/2)...)
		out = append(out, "")
	}
	return out
}

// glyphRows groups glyphs into rows (by baseline) and rows into segments.
func glyphRows(gs []glyph) []row {
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].y > gs[j].y })
	var rows []row
	for i := 0; i < len(gs); {
		j, tol := i+1, math.Max(gs[i].size*0.4, 1)
		for j < len(gs) && gs[i].y-gs[j].y <= tol {
			j++
		}
		line := append([]glyph(nil), gs[i:j]...)
		sort.SliceStable(line, func(a, b int) bool { return line[a].x < line[b].x })
		if r, ok := glyphRow(line); ok {
			rows = append(rows, r)
		}
		i = j
	}
	return rows
}

func glyphRow(line []glyph) (row, bool) {
	r := row{y: line[0].y}
	var b strings.Builder
	var cur seg
	end, last := 0.0, glyph{}
	for i, g := range line {
		r.size = math.Max(r.size, g.size)
		if i > 0 && g.s == last.s && math.Abs(g.x-last.x) < 0.1*g.size {
			continue // drawn twice (simulated bold)
		}
		gap := g.x - end
		switch {
		case i == 0:
			cur.x0 = g.x
		case gap > 2.5*g.size && !isMark(g.s):
			cur.text, cur.x1 = strings.TrimSpace(b.String()), end
			if cur.text != "" {
				r.segs = append(r.segs, cur)
			}
			b.Reset()
			cur = seg{x0: g.x}
		case gap > 0.18*g.size && !isMark(g.s) && g.s != " " && !strings.HasSuffix(b.String(), " "):
			b.WriteByte(' ')
		}
		if g.s == " " && strings.HasSuffix(b.String(), " ") {
			continue
		}
		b.WriteString(g.s)
		end, last = math.Max(end, g.x+g.w), g
	}
	cur.text, cur.x1 = strings.TrimSpace(b.String()), end
	if cur.text != "" {
		r.segs = append(r.segs, cur)
	}
	return r, len(r.segs) > 0
}

func isMark(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.Is(unicode.Mn, r)
}

// dropPageNumbers removes a lone number ("2", "- 2 -", "Trang 2") at the
// top or bottom of a page.
func dropPageNumbers(rows []row, height float64) []row {
	out := rows[:0]
	for _, r := range rows {
		edge := height <= 0 || r.y > height*0.88 || r.y < height*0.12
		if edge && len(r.segs) == 1 && isPageNumber(r.segs[0].text) {
			continue
		}
		out = append(out, r)
	}
	return out
}

func isPageNumber(s string) bool {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "-–—"))
	s = strings.TrimSpace(strings.TrimPrefix(s, "Trang"))
	if i := strings.IndexByte(s, '/'); i > 0 {
		s = s[:i]
	}
	if s == "" || len(s) > 3 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// markParagraphs decides where paragraphs start: after a wider gap than the
// usual line spacing, on an indented first line, or after a short line that
// ends a sentence.
func markParagraphs(rows []row) {
	if len(rows) == 0 {
		return
	}
	var gaps []float64
	left, right := math.Inf(1), 0.0
	for i, r := range rows {
		if i > 0 {
			gaps = append(gaps, rows[i-1].y-r.y)
		}
		if utf8.RuneCountInString(r.text()) > 40 {
			left = math.Min(left, r.x0())
		}
		right = math.Max(right, r.x1())
	}
	spacing := median(gaps)
	for i := 1; i < len(rows); i++ {
		r, prev := &rows[i], rows[i-1]
		indented := r.x0() > left+0.7*r.size
		short := prev.x1() < right-6*r.size && strings.ContainsAny(lastRune(prev.text()), ".:;!?")
		r.brk = prev.y-r.y > spacing*1.35 || indented || short
	}
}

func lastRune(s string) string {
	r, _ := utf8.DecodeLastRuneInString(s)
	return string(r)
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// columnLines writes rows as lines, reading each two-column region left
// column first. mid separates the columns.
func columnLines(rows []row, mid float64) []string {
	var out []string
	for i := 0; i < len(rows); {
		if end := regionEnd(rows, i); end > i {
			out = append(out, regionLines(rows[i:end+1], mid)...)
			i = end + 1
			continue
		}
		if rows[i].brk && len(out) > 0 && out[len(out)-1] != "" {
			out = append(out, "")
		}
		out = append(out, rows[i].text())
		i++
	}
	return out
}

// regionEnd is the last row of the two-column region starting at i, or -1:
// split rows (two segments, the second right of mid) with at most three
// one-sided rows between them.
func regionEnd(rows []row, i int) int {
	if len(rows[i].segs) < 2 {
		return -1
	}
	end := i
	for j := i + 1; j < len(rows) && j <= end+4; j++ {
		if len(rows[j].segs) >= 2 {
			end = j
		}
	}
	return end
}

func regionLines(rows []row, mid float64) []string {
	var left, right []string
	for _, r := range rows {
		var l, rt []string
		for _, s := range r.segs {
			if s.x0 < mid {
				l = append(l, s.text)
			} else {
				rt = append(rt, s.text)
			}
		}
		if len(l) > 0 {
			left = append(left, strings.Join(l, " "))
		}
		if len(rt) > 0 {
			right = append(right, strings.Join(rt, " "))
		}
	}
	out := append([]string{""}, left...)
	out = append(out, "")
	out = append(out, right...)
	return append(out, "")
}

// textLines lays out plain text (typed, pasted, or pdftotext -layout): a
// tab or four spaces and more inside a line, reaching past the middle,
// separate columns; blank lines and form feeds separate paragraphs.
func textLines(text string) []string {
	raw := strings.Split(strings.ReplaceAll(text, "\f", "\n\n"), "\n")
	width := 0.0
	for _, l := range raw {
		if n := float64(columns(l)); n < 200 {
			width = math.Max(width, n)
		}
	}
	var rows []row
	brk := false
	for _, l := range raw {
		r, ok := textRow(l, width*0.4)
		if !ok {
			brk = true
			continue
		}
		r.brk, brk = brk, false
		rows = append(rows, r)
	}
	return columnLines(rows, width*0.45)
}

// textRow splits a line at wide gaps that reach past minRight.
func textRow(l string, minRight float64) (row, bool) {
	var r row
	var b strings.Builder
	col, start, end, spaces := 0, -1, 0, 0
	for _, c := range strings.TrimRight(l, " \t\r") {
		width := 1
		if c == '\t' {
			width = 8 - col%8
		}
		switch {
		case c == ' ' || c == '\t':
			spaces += width
			if c == '\t' {
				spaces += 4
			}
		case start >= 0 && spaces >= 4 && float64(col) >= minRight:
			r.segs = append(r.segs, seg{x0: float64(start), x1: float64(end), text: b.String()})
			b.Reset()
			start = -1
		case start >= 0 && spaces > 0:
			b.WriteByte(' ')
		}
		if c != ' ' && c != '\t' {
			if start < 0 {
				start = col
			}
			spaces = 0
			b.WriteRune(c)
			end = col + 1
		}
		col += width
	}
	if start >= 0 {
		r.segs = append(r.segs, seg{x0: float64(start), x1: float64(end), text: b.String()})
	}
	return r, len(r.segs) > 0
}

func columns(l string) int {
	n := 0
	for _, c := range l {
		if c == '\t' {
			n += 8 - n%8
		} else {
			n++
		}
	}
	return n
}
