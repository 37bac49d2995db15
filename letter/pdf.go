package letter

import (
	"bytes"
	"errors"
	"math"
	"strings"

	"github.com/ledongthuc/pdf"
)

// The PDF side of the reader. github.com/ledongthuc/pdf (a maintained fork of
// rsc.io/pdf, pure Go) parses the file: cross-reference tables and streams,
// filters, RC4 and AES-128 decryption with an empty user password, and the
// content-stream tokenizer. Its own text assembly is not used: it adds a
// phantom glyph after every TJ array and gets two-byte fonts' widths wrong,
// so pdfPages interprets the text operators itself and hands positioned
// glyphs to the layout (layout.go), which knows columns and paragraphs.

// glyph is one character drawn on a page, in PDF user space (y grows up).
type glyph struct {
	x, y, w, size float64
	s             string
}

// pdfPage is what one page shows.
type pdfPage struct {
	width, height float64
	glyphs        []glyph
}

// matrix is an affine transform [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func translate(x, y float64) matrix { return matrix{1, 0, 0, 1, x, y} }

// textState is the graphics and text state the interpreter follows.
type textState struct {
	ctm, tm, tlm               matrix
	font                       *font
	size, tc, tw, th, tl, rise float64
}

// openPDF opens data with the library, turning its errors and panics into
// the reader's refusals.
func openPDF(data []byte) (r *pdf.Reader, err error) {
	defer func() {
		if x := recover(); x != nil {
			r, err = nil, refuse(Damaged, "PDF", "%v", x)
		}
	}()
	if i := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-")); i > 0 {
		data = data[i:]
	}
	if bytes.HasPrefix(data, []byte("%PDF-2.")) { // the library only knows 1.x headers
		data = append([]byte("%PDF-1.7"), data[8:]...)
	}
	r, err = pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err == nil {
		return r, nil
	}
	msg := err.Error()
	if errors.Is(err, pdf.ErrInvalidPassword) || strings.Contains(msg, "encrypt") {
		detail := "a password is needed"
		if !errors.Is(err, pdf.ErrInvalidPassword) {
			detail = "a cipher this reader does not open, such as AES-256"
		}
		return nil, refuse(Encrypted, "PDF", "%s", detail)
	}
	return nil, refuse(Damaged, "PDF", "%s", strings.TrimPrefix(msg, "malformed PDF: "))
}

var errTooComplex = errors.New("a page draws more than 2 million operations")

// pdfPages reads every page's glyphs.
func pdfPages(data []byte) (pages []pdfPage, err error) {
	r, err := openPDF(data)
	if err != nil {
		return nil, err
	}
	defer func() {
		if x := recover(); x != nil {
			pages, err = nil, refuse(Damaged, "PDF", "%v", x)
		}
	}()
	n := r.NumPage()
	if n == 0 {
		return nil, refuse(Damaged, "PDF", "it has no pages")
	}
	for i := 1; i <= n; i++ {
		p := r.Page(i)
		box := inherited(p.V, "MediaBox")
		pg := pdfPage{width: box.Index(2).Float64() - box.Index(0).Float64(), height: box.Index(3).Float64() - box.Index(1).Float64()}
		if pg.width <= 0 {
			pg.width, pg.height = 595, 842
		}
		in := &interp{fonts: map[string]*font{}}
		in.run(p.V.Key("Contents"), p.Resources(), textState{ctm: identity, th: 1}, 0)
		pg.glyphs = in.glyphs
		pages = append(pages, pg)
	}
	return pages, nil
}

// interp interprets the text operators of one page (and its forms).
type interp struct {
	fonts  map[string]*font
	glyphs []glyph
	ops    int // operators run; a page past maxOps is cut short
}

// maxOps bounds the work of one page (forms drawing forms can multiply it):
// a real five-page letter runs about 20,000.
const maxOps = 2_000_000

func (in *interp) run(strm, res pdf.Value, g textState, depth int) {
	if depth > 8 {
		return
	}
	var stack []textState
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		if in.ops++; in.ops > maxOps {
			panic(errTooComplex)
		}
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		switch op {
		case "q":
			stack = append(stack, g)
		case "Q":
			if n := len(stack); n > 0 {
				g, stack = stack[n-1], stack[:n-1]
			}
		case "cm":
			if m, ok := matrixArg(args); ok {
				g.ctm = m.mul(g.ctm)
			}
		case "Do":
			if len(args) == 1 {
				in.form(res.Key("XObject").Key(args[0].Name()), res, g, depth)
			}
		default:
			in.textOp(&g, res, op, args)
		}
	})
}

// form runs a form XObject (letterheads and e-signature stamps use them).
func (in *interp) form(x, res pdf.Value, g textState, depth int) {
	if x.Key("Subtype").Name() != "Form" {
		return
	}
	if m, ok := matrixArg(arrayValues(x.Key("Matrix"))); ok {
		g.ctm = m.mul(g.ctm)
	}
	if r := x.Key("Resources"); r.Kind() == pdf.Dict {
		res = r
	}
	saved := in.fonts
	in.fonts = map[string]*font{}
	in.run(x, res, g, depth+1)
	in.fonts = saved
}

func (in *interp) textOp(g *textState, res pdf.Value, op string, args []pdf.Value) {
	num := func(i int) float64 {
		if i < len(args) {
			return args[i].Float64()
		}
		return 0
	}
	switch op {
	case "BT":
		g.tm, g.tlm = identity, identity
	case "Tf":
		if len(args) == 2 {
			g.font, g.size = in.font(res, args[0].Name()), num(1)
		}
	case "Tc":
		g.tc = num(0)
	case "Tw":
		g.tw = num(0)
	case "Tz":
		g.th = num(0) / 100
	case "TL":
		g.tl = num(0)
	case "Ts":
		g.rise = num(0)
	case "Td", "TD":
		if op == "TD" {
			g.tl = -num(1)
		}
		g.tlm = translate(num(0), num(1)).mul(g.tlm)
		g.tm = g.tlm
	case "Tm":
		if m, ok := matrixArg(args); ok {
			g.tm, g.tlm = m, m
		}
	case "T*":
		g.tlm = translate(0, -g.tl).mul(g.tlm)
		g.tm = g.tlm
	case "Tj", "'", "\"":
		in.showOp(g, op, args)
	case "TJ":
		if len(args) == 1 {
			in.showArray(g, args[0])
		}
	}
}

func (in *interp) showOp(g *textState, op string, args []pdf.Value) {
	if op != "Tj" {
		if op == "\"" && len(args) == 3 {
			g.tw, g.tc = args[0].Float64(), args[1].Float64()
			args = args[2:]
		}
		g.tlm = translate(0, -g.tl).mul(g.tlm)
		g.tm = g.tlm
	}
	if len(args) == 1 {
		in.show(g, args[0].RawString())
	}
}

func (in *interp) showArray(g *textState, a pdf.Value) {
	for i := 0; i < a.Len(); i++ {
		v := a.Index(i)
		if v.Kind() == pdf.String {
			in.show(g, v.RawString())
			continue
		}
		tx := -v.Float64() / 1000 * g.size * g.th
		g.tm = translate(tx, 0).mul(g.tm)
	}
}

// show places the glyphs of one string and advances the text matrix.
func (in *interp) show(g *textState, s string) {
	if g.font == nil {
		return
	}
	for _, c := range g.font.decode(s) {
		trm := matrix{g.size * g.th, 0, 0, g.size, 0, g.rise}.mul(g.tm).mul(g.ctm)
		size := math.Hypot(trm[2], trm[3])
		upright := math.Abs(trm[1]) < 0.01*size && math.Abs(trm[2]) < 0.01*size && trm[0] > 0 && trm[3] > 0
		adv := c.width / 1000 * g.size
		if upright && c.text != "" {
			in.glyphs = append(in.glyphs, glyph{x: trm[4], y: trm[5], w: adv * trm[0] / g.size, size: size, s: c.text})
		}
		tx := adv + g.tc
		if c.space {
			tx += g.tw
		}
		g.tm = translate(tx*g.th, 0).mul(g.tm)
	}
}

func (in *interp) font(res pdf.Value, name string) *font {
	if f, ok := in.fonts[name]; ok {
		return f
	}
	f := newFont(res.Key("Font").Key(name))
	in.fonts[name] = f
	return f
}

// inherited finds a page attribute on the page or the page tree above it.
func inherited(v pdf.Value, key string) pdf.Value {
	for i := 0; i < 32 && !v.IsNull(); i, v = i+1, v.Key("Parent") {
		if r := v.Key(key); !r.IsNull() {
			return r
		}
	}
	return pdf.Value{}
}

func arrayValues(v pdf.Value) []pdf.Value {
	out := make([]pdf.Value, v.Len())
	for i := range out {
		out[i] = v.Index(i)
	}
	return out
}

func matrixArg(args []pdf.Value) (matrix, bool) {
	if len(args) != 6 {
		return identity, false
	}
	var m matrix
	for i, a := range args {
		m[i] = a.Float64()
	}
	return m, true
}

// isPDF tells a PDF by its first bytes (some producers put a few bytes of
// garbage before the header, which readers tolerate).
func isPDF(data []byte) bool {
	head := data[:min(len(data), 1024)]
	return bytes.Contains(head, []byte("%PDF-"))
}
