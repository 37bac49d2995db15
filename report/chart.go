package report

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"sync"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"chidao"
	"chidao/texts"
)

// The charts of the Word report are PNG images drawn here (a step line and
// horizontal bars need no charting library). Their labels are numbers,
// dates, unit codes and platform names only: the Go fonts have no
// Vietnamese letters, and the Vietnamese captions are Word paragraphs.

var (
	ink   = color.RGBA{0x33, 0x33, 0x33, 0xff}
	grid  = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
	green = color.RGBA{0x2e, 0x7d, 0x32, 0xff}
	blue  = color.RGBA{0x15, 0x65, 0xc0, 0xff}
)

var face = sync.OnceValue(func() font.Face {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic(err) // the embedded font always parses
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 22, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err)
	}
	return fc
})

type canvas struct{ *image.RGBA }

func newCanvas(w, h int) canvas {
	c := canvas{image.NewRGBA(image.Rect(0, 0, w, h))}
	draw.Draw(c, c.Bounds(), image.White, image.Point{}, draw.Src)
	return c
}

func (c canvas) rect(x0, y0, x1, y1 int, col color.Color) {
	if x1 < x0 {
		x0, x1 = x1, x0
	}
	if y1 < y0 {
		y0, y1 = y1, y0
	}
	draw.Draw(c, image.Rect(x0, y0, x1, y1), image.NewUniform(col), image.Point{}, draw.Src)
}

// text writes s with its left end at x (right end when right), baseline y.
func (c canvas) text(x, y int, s string, right bool) {
	d := &font.Drawer{Dst: c, Src: image.NewUniform(ink), Face: face()}
	if right {
		x -= d.MeasureString(s).Ceil()
	}
	d.Dot = fixed.P(x, y)
	d.DrawString(s)
}

func (c canvas) png() []byte {
	var b bytes.Buffer
	_ = png.Encode(&b, c) // writing to memory cannot fail
	return b.Bytes()
}

// CompletionPNG draws how many of total units had completed, from start
// to end, as a step line.
func CompletionPNG(start, end time.Time, done []time.Time, total int) []byte {
	const w, h, left, right, top, bottom = 1200, 420, 70, 30, 20, 50
	c := newCanvas(w, h)
	if !end.After(start) || total == 0 {
		return c.png()
	}
	x := func(t time.Time) int {
		return left + int(float64(w-left-right)*float64(t.Sub(start))/float64(end.Sub(start)))
	}
	y := func(n int) int { return h - bottom - (h-bottom-top)*n/total }
	for _, n := range []int{0, total / 2, total} {
		c.rect(left, y(n), w-right, y(n)+1, grid)
		c.text(left-10, y(n)+8, texts.Count(int64(n)), true)
	}
	c.rect(left, top, left+2, h-bottom, ink)
	c.rect(left, h-bottom, w-right, h-bottom+2, ink)
	px, n := x(start), 0
	for _, t := range done {
		if t.Before(start) {
			t = start
		}
		c.rect(px, y(n)-2, x(t), y(n)+2, green)
		c.rect(x(t)-2, y(n+1), x(t)+2, y(n)+2, green)
		px, n = x(t), n+1
	}
	c.rect(px, y(n)-2, x(end), y(n)+2, green)
	c.text(left, h-14, chidao.FormatDate(start), false)
	c.text(w-right, h-14, chidao.FormatDate(end), true)
	return c.png()
}

// BarsPNG draws one horizontal bar per label, with its value written.
func BarsPNG(labels []string, values []int64) []byte {
	const w, row, left, right = 1200, 48, 190, 160
	h := row*len(labels) + 20
	c := newCanvas(w, max(h, 60))
	most := int64(1)
	for _, v := range values {
		most = max(most, v)
	}
	for i, l := range labels {
		y := 10 + i*row
		c.text(left-14, y+30, l, true)
		bw := int(float64(w-left-right) * float64(values[i]) / float64(most))
		c.rect(left, y+6, left+max(bw, 2), y+row-8, blue)
		c.text(left+bw+10, y+30, texts.Count(values[i]), false)
	}
	c.rect(left, 6, left+2, h-6, ink)
	return c.png()
}
