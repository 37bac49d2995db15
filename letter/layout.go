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
		case gap > 1.5*g.size && !isMark(g.s):
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
		if math.Abs(r.x0()-prev.x0()) < 1 && prev.x1() > right-3*r.size {
			indented = false // the next line of an indented paragraph
		}
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
		if end, boundary := regionEnd(rows, i, mid); end >= i {
			out = append(out, regionLines(rows[i:end+1], boundary)...)
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

// splitAt tells a row with a wide gap whose right part starts near or past
// mid, and where the right column begins.
func splitAt(r row, mid float64) (float64, bool) {
	for i := 1; i < len(r.segs); i++ {
		if r.segs[i].x0 >= mid*0.85 {
			return r.segs[i].x0, true
		}
	}
	return 0, false
}

// regionEnd is the last row of the two-column region starting at i, or -1,
// and where its right column starts:
// a split row, then split rows and rows that stay on one side of the
// column boundary (a wrapped subject under the number, the name under the
// title), up to the first row that crosses it.
func regionEnd(rows []row, i int, mid float64) (int, float64) {
	boundary, ok := splitAt(rows[i], mid)
	if !ok {
		return -1, 0
	}
	end := i
	for j := i + 1; j < len(rows); j++ {
		r := rows[j]
		if b, ok := splitAt(r, mid); ok {
			boundary, end = math.Min(boundary, b), j
			continue
		}
		if r.x1() <= boundary+0.5*r.size || r.x0() >= boundary-r.size {
			end = j
			continue
		}
		break
	}
	return end, boundary
}

func regionLines(rows []row, boundary float64) []string {
	var left, right []string
	for _, r := range rows {
		var l, rt []string
		for _, s := range r.segs {
			if s.x0 < boundary-r.size {
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
	markIndents(rows)
	return columnLines(rows, width*0.45)
}

// markIndents starts a paragraph at an indented line after a line that
// ends a sentence, as pdftotext -layout prints a first-line indent.
func markIndents(rows []row) {
	counts := map[float64]int{}
	for _, r := range rows {
		if len(r.segs) == 1 && utf8.RuneCountInString(r.text()) > 40 {
			counts[r.x0()]++
		}
	}
	margin, best := 0.0, 0
	for x, n := range counts {
		if n > best || n == best && x < margin {
			margin, best = x, n
		}
	}
	for i := 1; i < len(rows); i++ {
		prev := rows[i-1].text()
		if rows[i].x0() >= margin+2 && rows[i-1].x0() <= margin+1 && strings.ContainsAny(lastRune(prev), ".:;") {
			rows[i].brk = true
		}
	}
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
		case start >= 0 && spaces >= 3 && float64(col) >= minRight:
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
