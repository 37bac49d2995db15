// Package reach is how far approved clips travelled: the figures officers
// type in chat (Parse), the YouTube Data API client and fetcher, and the
// Office's view of them. Storage keeps every measurement with its source
// and time; the newest is shown.
package reach

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Metric is one of the four figures of a clip.
type Metric int

// The figures chidao keeps.
const (
	Views Metric = iota
	Likes
	Shares
	Comments
)

// Figures are a clip's numbers; nil means not given.
type Figures struct {
	Views, Likes, Shares, Comments *int64
}

// Get returns the figure of m.
func (f *Figures) Get(m Metric) *int64 {
	return [...]*int64{f.Views, f.Likes, f.Shares, f.Comments}[m]
}

func (f *Figures) set(m Metric, v int64) {
	p := [...]**int64{&f.Views, &f.Likes, &f.Shares, &f.Comments}[m]
	*p = &v
}

// Empty reports whether no figure is given.
func (f Figures) Empty() bool {
	return f.Views == nil && f.Likes == nil && f.Shares == nil && f.Comments == nil
}

// Why says what is unclear in a piece of an answer.
type Why string

// The reasons a piece of an answer is unclear.
const (
	NoLabel   Why = "no_label"  // a number without what it counts: "12.000"
	Fraction  Why = "fraction"  // a count with a decimal part: "12,5 lượt xem"
	Conflict  Why = "conflict"  // two different numbers for one figure
	Ambiguous Why = "ambiguous" // a word that may mean several figures: "tương tác"
)

// Unclear is a piece of an answer Parse could not read with confidence,
// quoted as the officer wrote it, so that chidao can ask about it.
type Unclear struct {
	Text string
	Why  Why
}

// labels are the words officers use for each figure, folded (lower case,
// no accents, đ as d), longest first within a figure.
var labels = []struct {
	words  []string
	metric Metric
	amb    bool
}{
	{[]string{"luot xem", "luot view", "luot tiep can", "nguoi xem", "tiep can", "views", "view", "xem", "reach", "lx", "👁", "👀", "▶"}, Views, false},
	{[]string{"luot thich", "luot cam xuc", "luot like", "cam xuc", "reactions", "reaction", "react", "likes", "like", "tha tim", "thich", "tim", "❤", "♥", "👍"}, Likes, false},
	{[]string{"luot chia se", "luot share", "chia se", "shares", "share", "🔁", "↗"}, Shares, false},
	{[]string{"luot binh luan", "binh luan", "comments", "comment", "cmt", "bl", "💬"}, Comments, false},
	{[]string{"luot tuong tac", "tuong tac", "engagement", "interactions"}, 0, true},
}

// ignoredUnits follow numbers that are not figures: "sau 7 ngày", "3 clip".
var ignoredUnits = []string{"ngay", "gio", "tieng", "phut", "giay", "tuan", "thang", "nam", "clip", "video", "bai", "tin", "lan", "%", "h", "trang", "kenh", "don vi"}

var (
	urlRe  = regexp.MustCompile(`https?://\S+`)
	dateRe = regexp.MustCompile(`\b\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b|\b\d{1,2}[:h]\d{2}\b`)
	// A quantity: digits with separators, an optional multiplier and the
	// shorthand digit of "1tr2" (1.2 million) or "3k5" (3,500).
	numRe = regexp.MustCompile(`\d+(?:[.,]\d+)*(?:\s*(trieu|tr|nghin|ngan|k|m|ty|ti)(\d?))?`)
)

var multipliers = map[string]int64{"k": 1e3, "nghin": 1e3, "ngan": 1e3, "tr": 1e6, "trieu": 1e6, "m": 1e6, "ty": 1e9, "ti": 1e9}

// fold lower-cases s and removes Vietnamese accents rune by rune, so that
// positions in the result are positions in []rune(s) (after NFC).
func fold(s string) []rune {
	rs := []rune(s)
	out := make([]rune, len(rs))
	for i, r := range rs {
		switch r {
		case 'đ', 'Đ':
			out[i] = 'd'
			continue
		case '\uFE0F', '\u200D':
			out[i] = ' '
			continue
		}
		base := []rune(norm.NFD.String(string(r)))[0]
		out[i] = unicode.ToLower(base)
	}
	return out
}

// quantity is a number found in the folded text.
type quantity struct {
	start, end int // rune offsets
	value      int64
	fraction   bool
	mult       int64
}

// Parse reads the figures of a clip from an officer's answer, as they
// write them: "12.000 lượt xem, 500 thích, 30 chia sẻ", "12k view",
// "1,2 triệu lượt xem", "1.2tr", "khoảng 3 nghìn lượt xem", "Lượt xem:
// 12.000", "👁 12k ❤️ 500", "chưa có bình luận". Vietnamese writes "." for
// thousands and "," for decimals; with a multiplier (k, nghìn/ngàn,
// tr/triệu, m) one separator followed by one or two digits is a decimal
// point either way. Labels may stand after the numbers or before them, with
// or without accents. What cannot be read with confidence comes back as
// Unclear, and is not in the figures.
func Parse(text string) (Figures, []Unclear) {
	text = norm.NFC.String(text)
	orig := []rune(text)
	f := fold(text)
	blank(f, urlRe)
	blank(f, dateRe)
	qs := quantities(f)
	var figs Figures
	var unclear []Unclear
	after, afterN := bind(f, qs, true)
	before, beforeN := bind(f, qs, false)
	binding := after
	if beforeN > afterN {
		binding = before
	}
	seen := map[Metric]int64{}
	for i, q := range qs {
		piece := strings.TrimSpace(string(orig[q.start:q.end]))
		l := binding[i]
		switch {
		case l.metric < 0 && followedBy(f, q.end, ignoredUnits):
			continue
		case l.metric < 0:
			unclear = append(unclear, Unclear{piece, NoLabel})
			continue
		case l.amb:
			unclear = append(unclear, Unclear{strings.TrimSpace(string(orig[min(q.start, l.start):max(q.end, l.end)])), Ambiguous})
			continue
		case q.fraction:
			unclear = append(unclear, Unclear{strings.TrimSpace(string(orig[min(q.start, l.start):max(q.end, l.end)])), Fraction})
			continue
		}
		m := Metric(l.metric)
		if v, dup := seen[m]; dup && v != q.value {
			unclear = append(unclear, Unclear{strings.TrimSpace(string(orig[min(q.start, l.start):max(q.end, l.end)])), Conflict})
			figs = clear(figs, m)
			continue
		}
		seen[m] = q.value
		figs.set(m, q.value)
	}
	for _, m := range zeros(f) {
		if _, ok := seen[m]; !ok {
			figs.set(m, 0)
		}
	}
	return figs, unclear
}

func clear(f Figures, m Metric) Figures {
	p := [...]**int64{&f.Views, &f.Likes, &f.Shares, &f.Comments}[m]
	*p = nil
	return f
}

// blank replaces the matches of re by spaces, keeping positions.
func blank(f []rune, re *regexp.Regexp) {
	s := string(f)
	for _, loc := range re.FindAllStringIndex(s, -1) {
		from, to := len([]rune(s[:loc[0]])), len([]rune(s[:loc[1]]))
		for i := from; i < to; i++ {
			f[i] = ' '
		}
	}
}

// quantities finds the numbers of the folded text; "1 triệu 200 nghìn" is
// one number.
func quantities(f []rune) []quantity {
	s := string(f)
	var out []quantity
	for _, m := range numRe.FindAllStringSubmatchIndex(s, -1) {
		end := m[1]
		mult := ""
		if m[2] >= 0 {
			mult = s[m[2]:m[3]]
			if end < len(s) && isLetter(rune(s[end])) {
				// "12 min", "3 mục": not a multiplier after all.
				end, mult = m[2], ""
				end = len(strings.TrimRight(s[:end], " "))
			}
		}
		q := quantity{start: len([]rune(s[:m[0]])), end: len([]rune(s[:end]))}
		digits := s[m[0]:end]
		if mult != "" {
			digits = strings.TrimSpace(s[m[0]:m[2]])
		}
		tail := ""
		if mult != "" && m[4] >= 0 {
			tail = s[m[4]:m[5]]
		}
		q.value, q.fraction, q.mult = value(digits, mult, tail)
		if n := len(out); n > 0 && compound(f, out[n-1], q) {
			out[n-1].value += q.value
			out[n-1].end = q.end
			continue
		}
		out = append(out, q)
	}
	return out
}

// compound reports whether q continues prev: "1 triệu 200 nghìn".
func compound(f []rune, prev, q quantity) bool {
	if prev.mult <= 1 || q.mult <= 1 || q.mult >= prev.mult || prev.fraction {
		return false
	}
	gap := strings.TrimSpace(string(f[prev.end:q.start]))
	return gap == "" || gap == "va"
}

func isLetter(r rune) bool { return r < 128 && unicode.IsLetter(r) }

// value reads digits with separators and a multiplier.
func value(digits, mult, tail string) (int64, bool, int64) {
	k := int64(1)
	if mult != "" {
		k = multipliers[mult]
	}
	groups := strings.FieldsFunc(digits, func(r rune) bool { return r == '.' || r == ',' })
	grouping := len(groups) > 1 && len(groups[0]) <= 3
	for _, g := range groups[1:] {
		grouping = grouping && len(g) == 3
	}
	whole, frac := digits, ""
	switch {
	case len(groups) == 1:
	case grouping && !(mult != "" && len(groups) == 2 && len(groups[1]) < 3):
		whole = strings.Join(groups, "")
	case mult != "" && len(groups) == 2 && len(groups[1]) <= 2:
		whole, frac = groups[0], groups[1]
	default:
		return 0, true, k
	}
	if tail != "" && frac == "" {
		frac = tail
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > 1e12 {
		return 0, true, k
	}
	v := w * k
	if frac != "" {
		fv, _ := strconv.ParseInt(frac, 10, 64)
		scale := int64(1)
		for range frac {
			scale *= 10
		}
		if k%scale != 0 || k == 1 {
			return 0, true, k
		}
		v += fv * (k / scale)
	}
	return v, false, k
}

// label is a figure's word found next to a number; metric -1 when none.
type label struct {
	metric     int
	amb        bool
	start, end int
}

// bind finds for each quantity the label right after it (after = true:
// "12k view") or right before it ("lượt xem: 12.000"), and how many found one.
func bind(f []rune, qs []quantity, after bool) ([]label, int) {
	out := make([]label, len(qs))
	n := 0
	for i, q := range qs {
		out[i] = label{metric: -1}
		var l label
		var ok bool
		if after {
			l, ok = labelAt(f, q.end)
		} else {
			l, ok = labelBefore(f, q.start)
		}
		if ok {
			out[i] = l
			n++
		}
	}
	return out, n
}

// labelAt finds a label starting at p after spaces and a colon.
func labelAt(f []rune, p int) (label, bool) {
	for p < len(f) && (f[p] == ' ' || f[p] == ':' || f[p] == '\t') {
		p++
	}
	s := string(f[p:])
	for _, l := range labels {
		for _, w := range l.words {
			if strings.HasPrefix(s, w) && boundary(f, p+len([]rune(w))) {
				return label{metric: int(l.metric), amb: l.amb, start: p, end: p + len([]rune(w))}, true
			}
		}
	}
	return label{}, false
}

// labelBefore finds a label ending just before p, across spaces, a colon
// or an equals sign.
func labelBefore(f []rune, p int) (label, bool) {
	for p > 0 && (f[p-1] == ' ' || f[p-1] == ':' || f[p-1] == '=' || f[p-1] == '\t') {
		p--
	}
	s := string(f[:p])
	for _, l := range labels {
		for _, w := range l.words {
			start := p - len([]rune(w))
			if strings.HasSuffix(s, w) && (start == 0 || !isLetter(f[start-1])) {
				return label{metric: int(l.metric), amb: l.amb, start: start, end: p}, true
			}
		}
	}
	return label{}, false
}

func boundary(f []rune, p int) bool { return p >= len(f) || !isLetter(f[p]) }

func followedBy(f []rune, p int, words []string) bool {
	for p < len(f) && f[p] == ' ' {
		p++
	}
	s := string(f[p:])
	for _, w := range words {
		if strings.HasPrefix(s, w) && (w == "%" || boundary(f, p+len([]rune(w)))) {
			return true
		}
	}
	return false
}

var zeroRe = regexp.MustCompile(`(?:chua co|khong co|chua|khong)\s+(?:ai\s+)?(\S+)`)

// zeros finds the figures said to be none: "chưa có bình luận".
func zeros(f []rune) []Metric {
	var out []Metric
	s := string(f)
	for _, m := range zeroRe.FindAllStringSubmatchIndex(s, -1) {
		p := len([]rune(s[:m[2]]))
		// "chưa xem" is not "no views": only "chưa có lượt xem" is.
		if l, ok := labelAt(f, p); ok && !l.amb && string(f[l.start:l.end]) != "xem" {
			out = append(out, Metric(l.metric))
		}
	}
	return out
}
