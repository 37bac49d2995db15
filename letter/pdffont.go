package letter

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/charmap"
)

// font decodes the codes of one PDF font into text and advance widths. The
// ToUnicode map wins over the font's encoding, as text extraction requires
// (PDF 32000-1, 9.10.2); the library's own Encoder does the opposite for
// fonts that name an encoding, so the reader keeps its own.
type font struct {
	twoByte  bool              // a Type0 font: codes are two bytes (Identity-H)
	toUni    map[uint32]string // from ToUnicode
	simple   *[256]rune        // the base encoding of a simple font
	first    int               // simple fonts: FirstChar
	widths   []float64         // simple fonts: Widths from FirstChar
	cidW     map[uint32]float64
	defWidth float64
}

// glyphCode is one decoded code of a string shown on the page.
type glyphCode struct {
	text  string
	width float64 // in thousandths of the font size
	space bool    // the single-byte code 32 (word spacing applies)
}

func newFont(v pdf.Value) *font {
	f := &font{defWidth: 500}
	if v.Key("Subtype").Name() == "Type0" {
		f.twoByte = true
		f.defWidth = 1000
		f.readCIDWidths(v.Key("DescendantFonts").Index(0))
	} else {
		f.simple = simpleEncoding(v.Key("Encoding"))
		f.first = int(v.Key("FirstChar").Int64())
		ws := v.Key("Widths")
		for i := 0; i < ws.Len(); i++ {
			f.widths = append(f.widths, ws.Index(i).Float64())
		}
		if mw := v.Key("FontDescriptor").Key("MissingWidth").Float64(); mw > 0 {
			f.defWidth = mw
		}
	}
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		f.toUni = readToUnicode(tu)
	}
	return f
}

func (f *font) readCIDWidths(d pdf.Value) {
	if dw := d.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
		f.defWidth = dw.Float64()
	}
	f.cidW = map[uint32]float64{}
	w := d.Key("W")
	for i := 0; i < w.Len(); {
		c := uint32(w.Index(i).Int64())
		next := w.Index(i + 1)
		if next.Kind() == pdf.Array {
			for j := 0; j < next.Len(); j++ {
				f.cidW[c+uint32(j)] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		last, width := uint32(next.Int64()), w.Index(i+2).Float64()
		for k := uint32(0); last >= c && k <= min(last-c, 65535); k++ {
			f.cidW[c+k] = width
		}
		i += 3
	}
}

// decode splits a shown string into codes.
func (f *font) decode(s string) []glyphCode {
	var out []glyphCode
	step := 1
	if f.twoByte {
		step = 2
	}
	for i := 0; i+step <= len(s); i += step {
		code := uint32(s[i])
		if step == 2 {
			code = code<<8 | uint32(s[i+1])
		}
		out = append(out, glyphCode{text: f.text(code), width: f.width(code), space: step == 1 && code == 32})
	}
	return out
}

func (f *font) text(code uint32) string {
	if t, ok := f.toUni[code]; ok {
		return t
	}
	if f.simple != nil && code < 256 {
		if r := f.simple[code]; r != 0 {
			return string(r)
		}
	}
	return "\uFFFD"
}

func (f *font) width(code uint32) float64 {
	if f.twoByte {
		if w, ok := f.cidW[code]; ok {
			return w
		}
		return f.defWidth
	}
	if i := int(code) - f.first; i >= 0 && i < len(f.widths) {
		return f.widths[i]
	}
	return f.defWidth
}

// simpleEncoding is the byte-to-rune table of a simple font: WinAnsi unless
// the font says MacRoman, with a Differences array applied on top.
func simpleEncoding(enc pdf.Value) *[256]rune {
	var t [256]rune
	base := charmap.Windows1252
	name := enc.Name()
	if enc.Kind() == pdf.Dict {
		name = enc.Key("BaseEncoding").Name()
	}
	if name == "MacRomanEncoding" {
		base = charmap.Macintosh
	}
	for i := range t {
		t[i] = base.DecodeByte(byte(i))
	}
	diff := enc.Key("Differences")
	code := 0
	for i := 0; i < diff.Len(); i++ {
		v := diff.Index(i)
		if v.Kind() == pdf.Integer {
			code = int(v.Int64())
			continue
		}
		if r := glyphRune(v.Name()); r != 0 && code >= 0 && code < 256 {
			t[code] = r
		}
		code++
	}
	return &t
}

var glyphNames = map[string]rune{
	"space": ' ', "comma": ',', "period": '.', "hyphen": '-', "colon": ':', "semicolon": ';',
	"slash": '/', "parenleft": '(', "parenright": ')', "quotedblleft": '“', "quotedblright": '”',
	"quoteright": '’', "quoteleft": '‘', "endash": '–', "emdash": '—', "asterisk": '*',
	"zero": '0', "one": '1', "two": '2', "three": '3', "four": '4', "five": '5', "six": '6',
	"seven": '7', "eight": '8', "nine": '9', "dcroat": 'đ', "Dcroat": 'Đ',
}

// glyphRune knows the glyph names a Differences array uses for Vietnamese
// letters: uniXXXX, uXXXX, single letters and common punctuation.
func glyphRune(n string) rune {
	if r, ok := glyphNames[n]; ok {
		return r
	}
	if len(n) == 1 {
		return rune(n[0])
	}
	if h, ok := strings.CutPrefix(n, "uni"); ok && len(h) >= 4 {
		if v, err := strconv.ParseUint(h[:4], 16, 32); err == nil {
			return rune(v)
		}
	}
	if h, ok := strings.CutPrefix(n, "u"); ok && len(h) >= 4 && len(h) <= 6 {
		if v, err := strconv.ParseUint(h, 16, 32); err == nil {
			return rune(v)
		}
	}
	return 0
}

// readToUnicode parses the bfchar and bfrange sections of a ToUnicode CMap.
func readToUnicode(v pdf.Value) map[uint32]string {
	rd := v.Reader()
	defer rd.Close()
	data, err := io.ReadAll(io.LimitReader(rd, 4<<20))
	if err != nil && len(data) == 0 {
		return nil
	}
	m := map[uint32]string{}
	toks := cmapTokens(data)
	for i := 0; i < len(toks); i++ {
		switch toks[i] {
		case "beginbfchar":
			for i++; i+1 < len(toks) && toks[i] != "endbfchar"; i += 2 {
				m[hexCode(toks[i])] = utf16Hex(toks[i+1])
			}
		case "beginbfrange":
			i = readBFRange(toks, i+1, m)
		}
	}
	return m
}

func readBFRange(toks []string, i int, m map[uint32]string) int {
	for i+2 < len(toks) && toks[i] != "endbfrange" {
		lo, hi := hexCode(toks[i]), hexCode(toks[i+1])
		if hi < lo || hi-lo > 65535 {
			hi = lo
		}
		if toks[i+2] == "[" {
			j := i + 3
			for c := lo; j < len(toks) && toks[j] != "]" && c-lo < 65536; j, c = j+1, c+1 {
				m[c] = utf16Hex(toks[j])
			}
			i = j + 1
			continue
		}
		dst := []rune(utf16Hex(toks[i+2]))
		for k := uint32(0); k <= hi-lo && len(dst) > 0; k++ {
			d := append([]rune(nil), dst...)
			d[len(d)-1] += rune(k)
			m[lo+k] = string(d)
		}
		i += 3
	}
	return i
}

// cmapTokens splits a CMap into hex strings (kept with their brackets
// removed, prefixed by '<'), brackets and keywords.
func cmapTokens(data []byte) []string {
	var toks []string
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == '<' && i+1 < len(data) && data[i+1] != '<':
			j := bytes.IndexByte(data[i:], '>')
			if j < 0 {
				return toks
			}
			toks = append(toks, "<"+string(bytes.Join(bytes.Fields(data[i+1:i+j]), nil)))
			i += j + 1
		case c == '[' || c == ']':
			toks = append(toks, string(c))
			i++
		case c == '%':
			for i < len(data) && data[i] != '\n' && data[i] != '\r' {
				i++
			}
		case c <= ' ' || c == '>' || c == '<':
			i++
		default:
			j := i
			for j < len(data) && data[j] > ' ' && !bytes.ContainsRune([]byte("<>[]%/"), rune(data[j])) || j == i {
				j++
			}
			toks = append(toks, string(data[i:j]))
			i = j
		}
	}
	return toks
}

func hexCode(tok string) uint32 {
	v, _ := strconv.ParseUint(strings.TrimPrefix(tok, "<"), 16, 32)
	return uint32(v)
}

func utf16Hex(tok string) string {
	h := strings.TrimPrefix(tok, "<")
	var u []uint16
	for i := 0; i+4 <= len(h); i += 4 {
		v, err := strconv.ParseUint(h[i:i+4], 16, 16)
		if err != nil {
			return ""
		}
		u = append(u, uint16(v))
	}
	if len(h) == 2 { // a one-byte destination, seen in some producers
		v, _ := strconv.ParseUint(h, 16, 8)
		u = append(u, uint16(v))
	}
	return string(utf16.Decode(u))
}
