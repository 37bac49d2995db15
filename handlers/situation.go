package handlers

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"chidao"
	"chidao/texts"
)

// situationPageSize is how many units needing attention one /tinhhinh
// message lists.
const situationPageSize = 10

// situationTarget reads "/tinhhinh NUMBER [PAGE]": the directive (zero
// when unknown, which is answered) and the page.
func (c *call) situationTarget(arg string) (int64, int, error) {
	page := 1
	if id, err := c.lookupDirective(arg); err != nil || id != 0 {
		return id, page, err
	}
	if i := strings.LastIndexByte(arg, ' '); i > 0 {
		if n, err := strconv.Atoi(arg[i+1:]); err == nil && n > 0 {
			id, err := c.lookupDirective(strings.TrimSpace(arg[:i]))
			if err != nil || id != 0 {
				return id, n, err
			}
		}
	}
	return 0, 0, c.say(c.t.UnknownDirective(arg))
}

// lookupDirective finds a directive by id or number; zero when none.
func (c *call) lookupDirective(arg string) (int64, error) {
	ds, err := c.tx.Directives(c.ctx, false)
	if err != nil {
		return 0, err
	}
	n, _ := strconv.ParseInt(arg, 10, 64)
	for _, d := range ds {
		if d.ID == n || strings.EqualFold(d.Number, arg) {
			return d.ID, nil
		}
	}
	return 0, nil
}

// situationPage answers with a directive's counts and one page of the
// units needing attention; Telegram pages on with buttons, Zalo with a
// typed phrase.
func (c *call) situationPage(id int64, page int) error {
	r, err := c.tx.DirectiveStatus(c.ctx, id)
	if err != nil {
		return err
	}
	need := r.NeedingAttention()
	pages := max((len(need)+situationPageSize-1)/situationPageSize, 1)
	page = min(max(page, 1), pages)
	shown := need[(page-1)*situationPageSize : min(page*situationPageSize, len(need))]
	link := ""
	if c.h.DashboardURL != "" {
		link = texts.DashboardView(c.h.DashboardURL, id)
	}
	text := c.t.SituationPage(r, shown, len(need), page, pages, situationPageSize, link)
	if pages == 1 || c.ev.Channel == chidao.Zalo {
		return c.say(text)
	}
	var row []chidao.Button
	if page > 1 {
		row = append(row, chidao.Button{Text: texts.PrevPageButton, Data: fmt.Sprintf("t:%d:%d", id, page-1)})
	}
	if page < pages {
		row = append(row, chidao.Button{Text: texts.NextPageButton, Data: fmt.Sprintf("t:%d:%d", id, page+1)})
	}
	return c.send(chidao.Message{Text: text, Buttons: [][]chidao.Button{row}}, nil)
}

// situationButton answers the page buttons of /tinhhinh (data t:ID:PAGE).
func (c *call) situationButton() error {
	var id int64
	var page int
	if _, err := fmt.Sscanf(c.ev.Data, "t:%d:%d", &id, &page); err != nil || id <= 0 {
		c.answer(texts.ButtonOutdated)
		return nil
	}
	if _, err := c.tx.Directive(c.ctx, id); err != nil {
		c.answer(texts.ButtonOutdated)
		return nil
	}
	c.answer(texts.Picked)
	return c.situationPage(id, page)
}

// groupButtons are the picker's rows of groups (two per row), ticked when
// chosen.
func (c *call) groupButtons(d *draft) ([][]chidao.Button, error) {
	groups, err := c.tx.Groups(c.ctx)
	if err != nil {
		return nil, err
	}
	var rows [][]chidao.Button
	var row []chidao.Button
	for _, g := range groups {
		row = append(row, chidao.Button{Text: texts.GroupButton(shorten(g.Name, 30), d.All || slices.Contains(d.Groups, g.Code)),
			Data: dataf("g", g.ID)})
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if row != nil {
		rows = append(rows, row)
	}
	return rows, nil
}

// toggleGroup adds a group to the draft's recipients, or takes it out.
func (c *call) toggleGroup(d *draft, groupID int64) error {
	groups, err := c.tx.Groups(c.ctx)
	if err != nil {
		return err
	}
	for _, g := range groups {
		if g.ID == groupID {
			d.All, d.Groups = false, toggle(d.Groups, g.Code)
		}
	}
	return nil
}

// toggle adds code to codes, or takes it out when it is there.
func toggle(codes []string, code string) []string {
	if i := slices.Index(codes, code); i >= 0 {
		return slices.Delete(codes, i, i+1)
	}
	return append(codes, code)
}
