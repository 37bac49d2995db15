package report

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gomutex/godocx/common/units"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"

	"chidao"
	"chidao/storage"
	"chidao/texts"
)

// charts are the PNG files the library reads pictures from; removed once
// the document is written.
type charts struct{ dir string }

func (c *charts) remove() {
	if c != nil && c.dir != "" {
		os.RemoveAll(c.dir)
	}
}

func (c *charts) add(rd *docx.RootDoc, name string, png []byte, height float64) error {
	if c.dir == "" {
		dir, err := os.MkdirTemp("", "chidao-docx-")
		if err != nil {
			return err
		}
		c.dir = dir
	}
	path := filepath.Join(c.dir, name+".png")
	if err := os.WriteFile(path, png, 0o600); err != nil {
		return err
	}
	pic, err := rd.AddPicture(path, units.Inch(6.3), units.Inch(height))
	if err != nil {
		return err
	}
	pic.Para.Style("ChidaoCaption")
	return nil
}

func heading(rd *docx.RootDoc, level int, text string) {
	style := "ChidaoHeading1"
	if level > 1 {
		style = "ChidaoHeading2"
	}
	rd.AddParagraph(text).Style(style)
}

func para(rd *docx.RootDoc, text string) *docx.Paragraph {
	p := rd.AddParagraph(text)
	p.Style("ChidaoBody")
	return p
}

// writeBody appends the report's body: how the directive was carried
// out, the results unit by unit, the clips and their reach, the
// difficulties, and the proposals left to the Office.
func writeBody(rd *docx.RootDoc, in DocxInput) (*charts, error) {
	r := in.Report
	ch := &charts{}
	heading(rd, 1, texts.DocxHeadDeploy)
	para(rd, texts.DocxDeploy(r, in.Org.FullName))
	for _, t := range r.Tasks {
		para(rd, texts.DocxTask(t))
	}
	acked := 0
	for _, u := range r.Units {
		if !u.AcknowledgedAt.IsZero() {
			acked++
		}
	}
	para(rd, texts.DocxAcknowledged(r, acked))
	heading(rd, 1, texts.DocxHeadResults)
	heading(rd, 2, texts.DocxHeadOverall)
	para(rd, texts.DocxOverall(r.Count(), len(r.Units)))
	if late := lateUnits(r); len(late) > 0 {
		para(rd, texts.DocxLate(late))
	}
	if len(in.Completed) > 0 {
		if err := ch.add(rd, "completion", CompletionPNG(r.Directive.CreatedAt, r.At, in.Completed, len(r.Units)), 2.2); err != nil {
			return ch, err
		}
		rd.AddParagraph(texts.DocxCaptionDone).Style("ChidaoCaption")
	}
	heading(rd, 2, texts.DocxHeadUnits)
	unitsTable(rd, r)
	if moved := movedDeadlines(r); len(moved) > 0 {
		para(rd, texts.DocxDeadlines(moved))
	}
	heading(rd, 2, texts.DocxHeadClips)
	if err := clipsSection(rd, r, ch); err != nil {
		return ch, err
	}
	heading(rd, 1, texts.DocxHeadDifficulty)
	difficulties(rd, r)
	heading(rd, 1, texts.DocxHeadProposals)
	p := rd.AddParagraph("")
	p.Style("ChidaoBody")
	p.AddText(texts.DocxProposalsPrompt).Italic(true)
	return ch, nil
}

// movedDeadlines describes the units whose deadline is not the original
// one or who asked for more time.
func movedDeadlines(r storage.DirectiveReport) []string {
	var out []string
	for _, u := range r.Units {
		due := unitDue(r, u)
		if due.Equal(originalDue(r, u)) && len(u.Extensions) == 0 {
			continue
		}
		out = append(out, texts.DocxUnitDeadline(u.Name, formatDeadline(originalDue(r, u)), formatDeadline(due), extensionsCell(u)))
	}
	return out
}

func lateUnits(r storage.DirectiveReport) []string {
	var out []string
	for _, u := range r.Units {
		if d := daysLate(r, u); d > 0 {
			out = append(out, texts.DocxLateUnit(u.Name, u.Status, d))
		}
	}
	return out
}

// table writes a bordered table; columns listed in numeric are centred.
func table(rd *docx.RootDoc, head []string, widths []uint64, rows [][]string, numeric ...int) {
	t := rd.AddTable()
	single := &ctypes.Border{Val: stypes.BorderStyleSingle, Size: ptr(4), Color: ptr("000000")}
	t.GetCT().TableProp.Borders = &ctypes.TableBorders{Top: single, Left: single, Bottom: single, Right: single, InsideH: single, InsideV: single}
	var total uint64
	for _, w := range widths {
		total += w
	}
	t.Width(int(total), stypes.TableWidthDxa)
	t.Grid(widths...)
	for i, cells := range append([][]string{head}, rows...) {
		row := t.AddRow()
		for j, text := range cells {
			p := row.AddCell().Width(int(widths[j]), stypes.TableWidthDxa).AddParagraph(text)
			switch {
			case i == 0:
				p.Style("ChidaoTableHead")
			case slices.Contains(numeric, j):
				p.Style("ChidaoTable")
				p.Justification(stypes.JustificationCenter)
			default:
				p.Style("ChidaoTable")
			}
		}
	}
}

func ptr[T any](v T) *T { return &v }

func unitsTable(rd *docx.RootDoc, r storage.DirectiveReport) {
	var rows [][]string
	for i, u := range r.Units {
		views, measured := int64(0), 0
		for _, c := range u.Clips {
			if c.Review == chidao.ReviewApproved && c.Reach != nil && c.Reach.Views != nil {
				views += *c.Reach.Views
				measured++
			}
		}
		v := texts.DocxUnknown
		if measured > 0 {
			v = texts.Count(views)
		}
		rep := texts.DocxReportMissing
		if len(u.Reports) > 0 {
			rep = texts.DocxReportSent
		}
		rows = append(rows, []string{texts.Count(int64(i + 1)), u.Name, texts.StatusLabel(u.Status),
			texts.Count(int64(u.ClipsApproved)) + "/" + texts.Count(int64(u.ClipsRequired)), v, rep, formatTime(u.DoneAt)})
	}
	table(rd, texts.DocxUnitColumns, []uint64{600, 2650, 1650, 1000, 1100, 900, 1454}, rows, 0, 3, 4, 5, 6)
}

// platformReach adds up the approved clips' newest figures by platform.
type platformReach struct {
	platform                       string
	clips, measured                int
	views, likes, shares, comments int64
	known                          [4]bool // some clip has the figure
}

func byPlatform(r storage.DirectiveReport) []platformReach {
	m := map[string]*platformReach{}
	for _, u := range r.Units {
		for _, c := range u.Clips {
			if c.Review != chidao.ReviewApproved {
				continue
			}
			p := m[c.Platform]
			if p == nil {
				p = &platformReach{platform: c.Platform}
				m[c.Platform] = p
			}
			p.clips++
			if rc := c.Reach; rc != nil {
				p.measured++
				for k, f := range []struct {
					v   *int64
					sum *int64
				}{{rc.Views, &p.views}, {rc.Likes, &p.likes}, {rc.Shares, &p.shares}, {rc.Comments, &p.comments}} {
					if f.v != nil {
						*f.sum += *f.v
						p.known[k] = true
					}
				}
			}
		}
	}
	var out []platformReach
	for _, p := range m {
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b platformReach) int {
		if a.views != b.views {
			return int(b.views - a.views)
		}
		return strings.Compare(a.platform, b.platform)
	})
	return out
}

func val(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func clipsSection(rd *docx.RootDoc, r storage.DirectiveReport, ch *charts) error {
	sent, approved, rejected, pending, measured := 0, 0, 0, 0, 0
	var views int64
	type top struct {
		unit, url, platform string
		views               int64
	}
	var tops []top
	for _, u := range r.Units {
		for _, c := range u.Clips {
			sent++
			switch c.Review {
			case chidao.ReviewApproved:
				approved++
				if c.Reach != nil && c.Reach.Views != nil {
					measured++
					views += *c.Reach.Views
					tops = append(tops, top{u.Name, c.URL, c.Platform, *c.Reach.Views})
				}
			case chidao.ReviewRejected:
				rejected++
			default:
				pending++
			}
		}
	}
	para(rd, texts.DocxClips(sent, approved, rejected, pending, views, measured))
	plats := byPlatform(r)
	if len(plats) == 0 {
		return nil
	}
	var rows [][]string
	var labels []string
	var values []int64
	for _, p := range plats {
		row := []string{texts.PlatformLabel(p.platform), texts.Count(int64(p.clips)), texts.Count(int64(p.measured))}
		for k, v := range []int64{p.views, p.likes, p.shares, p.comments} {
			if p.known[k] {
				row = append(row, texts.Count(v))
			} else {
				row = append(row, texts.DocxUnknown)
			}
		}
		rows = append(rows, row)
		labels, values = append(labels, texts.PlatformLabel(p.platform)), append(values, p.views)
	}
	table(rd, texts.DocxPlatformColumns, []uint64{1654, 1300, 1200, 1400, 1300, 1200, 1300}, rows, 1, 2, 3, 4, 5, 6)
	if measured > 0 {
		if err := ch.add(rd, "reach", BarsPNG(labels, values), 0.35+0.26*float64(len(labels))); err != nil {
			return err
		}
		rd.AddParagraph(texts.DocxCaptionReach).Style("ChidaoCaption")
		slices.SortStableFunc(tops, func(a, b top) int { return int(b.views - a.views) })
		para(rd, texts.DocxTopClips)
		for i, t := range tops[:min(5, len(tops))] {
			para(rd, texts.DocxTopClip(i+1, t.unit, t.url, t.platform, t.views))
		}
	}
	return nil
}

// difficulties groups what the units raised by topic, each with the
// units that raised it.
func difficulties(rd *docx.RootDoc, r storage.DirectiveReport) {
	type item struct{ unit, text string }
	groups := map[string][]item{}
	var order []string
	for _, u := range r.Units {
		for _, d := range u.Difficulties {
			t := topicOf(d.Text)
			if _, ok := groups[t]; !ok {
				order = append(order, t)
			}
			groups[t] = append(groups[t], item{u.Name, d.Text})
		}
	}
	if len(order) == 0 {
		para(rd, texts.DocxNoDifficulty)
		return
	}
	slices.SortStableFunc(order, func(a, b string) int { return len(groups[b]) - len(groups[a]) })
	for _, t := range order {
		var units []string
		for _, it := range groups[t] {
			if !slices.Contains(units, it.unit) {
				units = append(units, it.unit)
			}
		}
		para(rd, texts.DocxDifficultyGroup(t, units))
		for _, it := range groups[t] {
			para(rd, texts.DocxDifficultyItem(it.unit, it.text))
		}
	}
}

func topicOf(text string) string {
	f := " " + strings.Join(strings.Fields(foldVN(text)), " ") + " "
	for _, t := range texts.DifficultyTopics {
		for _, w := range strings.Split(t.Words, "|") {
			if strings.Contains(f, " "+w+" ") || strings.Contains(f, " "+w) {
				return t.Topic
			}
		}
	}
	return texts.DifficultyOther
}

// foldVN lower-cases s without Vietnamese accents.
func foldVN(s string) string {
	s = strings.NewReplacer("đ", "d", "Đ", "D").Replace(s)
	if t, _, err := transformString(s); err == nil {
		s = t
	}
	return strings.ToLower(s)
}
