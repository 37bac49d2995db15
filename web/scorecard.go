package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"chidao"
	"chidao/report"
	"chidao/scorecard"
	"chidao/storage"
	"chidao/texts"
)

// scorecardRoutes are the routes of issue 17: the units' scorecard, the
// Word report and the Office's reach figures.
func (w *Web) scorecardRoutes() []routeOf {
	return []routeOf{
		{"GET /scorecard", w.auth(w.scorecard)},
		{"GET /scorecard/export.xlsx", w.auth(w.adminOnly(w.scorecardXLSX))},
		{"GET /scorecard/units/{code}", w.auth(w.scorecardUnit)},
		{"GET /directives/{id}/report.docx", w.auth(w.adminOnly(w.reportDOCX))},
		{"POST /clips/{id}/reach", w.auth(w.csrf(w.adminOnly(w.clipReach)))},
	}
}

type routeOf struct {
	pattern string
	handler http.Handler
}

// period reads the period asked for: ?from=&to= dates, else ?ky= as typed
// ("quý 1/2026"), else the current quarter.
func (w *Web) period(r *http.Request) (scorecard.Period, error) {
	q := r.URL.Query()
	if q.Get("from") != "" || q.Get("to") != "" {
		from, err1 := chidao.ParseDate(q.Get("from"))
		to, err2 := chidao.ParseDate(q.Get("to"))
		if err := errors.Join(err1, err2); err != nil {
			return scorecard.Period{}, err
		}
		p := scorecard.Period{From: from, To: to}
		return p, p.Check()
	}
	return scorecard.ParsePeriod(q.Get("ky"), w.store.Now())
}

// card computes the period's scorecard; a bad period or one without
// directives is answered on the page.
func (w *Web) card(rw http.ResponseWriter, r *http.Request) (scorecard.Card, scorecard.Period, bool) {
	p, err := w.period(r)
	if err != nil {
		w.render(rw, http.StatusBadRequest, "scorecard.html", w.scorecardData(r, p, nil, texts.DashBadPeriod))
		return scorecard.Card{}, p, false
	}
	facts, err := w.store.ScorecardFacts(r.Context(), p.From, p.To)
	if errors.Is(err, chidao.ErrNotFound) {
		w.render(rw, http.StatusOK, "scorecard.html", w.scorecardData(r, p, nil, texts.DashNoDirectiveInPeriod(p.String())))
		return scorecard.Card{}, p, false
	}
	if err != nil {
		w.unavailable(rw, err)
		return scorecard.Card{}, p, false
	}
	return scorecard.Compute(facts, p.From, p.To, w.Weights), p, true
}

func (w *Web) scorecardData(r *http.Request, p scorecard.Period, c *scorecard.Card, problem string) map[string]any {
	d := map[string]any{"Title": texts.DashTitleScorecard, "Session": session(r), "Period": p, "Problem": problem,
		"Query": periodQuery(p), "Admin": session(r).Person.Role == chidao.RoleAdmin}
	if c != nil {
		d["Card"], d["Weights"], d["Chart"] = c, texts.ScorecardWeights(*c), rankingSVG(c.Rows)
	}
	return d
}

// periodQuery is the period as a query string for the pages' links; a
// template.URL, or html/template would escape its "=" and "&" as data.
func periodQuery(p scorecard.Period) template.URL {
	if p.From.IsZero() {
		return ""
	}
	return template.URL(url.Values{"from": {p.From.Format("2006-01-02")}, "to": {p.To.Format("2006-01-02")}}.Encode())
}

// scorecard is the ranking; a unit head goes to their own unit's card.
func (w *Web) scorecard(rw http.ResponseWriter, r *http.Request) {
	if ss := session(r); ss.Person.Role == chidao.RoleHead {
		target := "/scorecard/units/" + url.PathEscape(ss.Person.UnitCode)
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(rw, r, target, http.StatusSeeOther)
		return
	}
	c, p, ok := w.card(rw, r)
	if !ok {
		return
	}
	w.render(rw, http.StatusOK, "scorecard.html", w.scorecardData(r, p, &c, ""))
}

func (w *Web) scorecardUnit(rw http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if ss := session(r); ss.Person.Role == chidao.RoleHead && !strings.EqualFold(ss.Person.UnitCode, code) {
		w.fail(rw, http.StatusForbidden, texts.DashForbidden(w.Org.OrDefault()))
		return
	}
	c, p, ok := w.card(rw, r)
	if !ok {
		return
	}
	for _, row := range c.Rows {
		if strings.EqualFold(row.Code, code) {
			var why []string
			for _, e := range row.Evidence {
				why = append(why, texts.ExplainEvidence(e, c.Weights))
			}
			d := w.scorecardData(r, p, &c, "")
			d["Title"], d["Row"], d["Why"], d["Total"] = row.Name, row, why, len(c.Rows)
			w.render(rw, http.StatusOK, "scorecard_unit.html", d)
			return
		}
	}
	w.fail(rw, http.StatusNotFound, texts.DashUnitNotInPeriod)
}

func (w *Web) scorecardXLSX(rw http.ResponseWriter, r *http.Request) {
	c, _, ok := w.card(rw, r)
	if !ok {
		return
	}
	var b bytes.Buffer
	if err := report.ScorecardXLSX(&b, c); err != nil {
		w.unavailable(rw, err)
		return
	}
	rw.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	rw.Header().Set("Content-Disposition", `attachment; filename="`+report.ScorecardFileName(c)+`"`)
	_, _ = rw.Write(b.Bytes())
}

// reportDOCX is the Word summary report of a directive.
func (w *Web) reportDOCX(rw http.ResponseWriter, r *http.Request) {
	rep, ok := w.directiveOr404(rw, r)
	if !ok {
		return
	}
	in := report.DocxInput{Report: rep, Template: w.DocxTemplate}
	office, err := w.store.OfficeUnit(r.Context())
	if err == nil {
		in.Org = report.OrgOf(w.Org.OrDefault().Name, office)
		in.Completed, err = w.store.CompletionOverTime(r.Context(), rep.Directive.ID)
	}
	var b bytes.Buffer
	if err == nil {
		err = report.DOCX(&b, in)
	}
	if err != nil {
		w.unavailable(rw, err)
		return
	}
	rw.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	rw.Header().Set("Content-Disposition", `attachment; filename="`+strings.Replace(report.FileName(rep, "docx"), "tong-hop-", "bao-cao-", 1)+`"`)
	_, _ = rw.Write(b.Bytes())
}

// clipReach records the figures the Office enters or corrects.
func (w *Web) clipReach(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		w.fail(rw, http.StatusNotFound, texts.DashNotFound)
		return
	}
	nr := storage.NewReach{ClipID: id, Source: storage.SourceOffice, Actor: actorOf(session(r))}
	for _, f := range []struct {
		name string
		dst  **int64
	}{{"views", &nr.Views}, {"likes", &nr.Likes}, {"shares", &nr.Shares}, {"comments", &nr.Comments}} {
		v := strings.TrimSpace(strings.NewReplacer(".", "", ",", "", " ", "").Replace(r.PostFormValue(f.name)))
		if v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			w.fail(rw, http.StatusBadRequest, texts.DashBadFigure)
			return
		}
		*f.dst = &n
	}
	clip, err := w.store.ClipByID(r.Context(), id)
	if err == nil {
		_, err = w.store.RecordReach(r.Context(), nr)
	}
	switch {
	case errors.Is(err, chidao.ErrNotFound):
		w.fail(rw, http.StatusNotFound, texts.DashNotFound)
	case errors.Is(err, storage.ErrNotApproved):
		w.fail(rw, http.StatusConflict, texts.DashReachNotApproved)
	case errors.Is(err, chidao.ErrInvalid):
		w.fail(rw, http.StatusBadRequest, texts.DashBadFigure)
	case err != nil:
		w.unavailable(rw, err)
	default:
		http.Redirect(rw, r, fmt.Sprintf("/directives/%d?done=reach", clip.DirectiveID), http.StatusSeeOther)
	}
}

// rankingSVG is a bar per unit of its score, best first.
func rankingSVG(rows []scorecard.Row) template.HTML {
	var labels []string
	var values []float64
	for _, r := range rows {
		if r.Score != nil {
			labels, values = append(labels, r.Code), append(values, *r.Score)
		}
	}
	return barsSVG(labels, values, 100, func(v float64) string { return texts.ScoreLabel(&v) }, texts.DashChartRanking)
}

// barsSVG draws one horizontal bar per label; most is the full width.
func barsSVG(labels []string, values []float64, most float64, format func(float64) string, aria string) template.HTML {
	if len(labels) == 0 {
		return ""
	}
	for _, v := range values {
		most = max(most, v)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 600 %d" role="img" aria-label="%s">`, 22*len(labels)+4, template.HTMLEscapeString(aria))
	for i, l := range labels {
		wbar := 0
		if most > 0 {
			wbar = int(400 * values[i] / most)
		}
		fmt.Fprintf(&b, `<text x="0" y="%d" font-size="12">%s</text><rect x="110" y="%d" width="%d" height="15" fill="#1565c0"/><text x="%d" y="%d" font-size="12">%s</text>`,
			22*i+15, template.HTMLEscapeString(l), 22*i+3, wbar, 116+wbar, 22*i+15, template.HTMLEscapeString(format(values[i])))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// reachByPlatformSVG is a bar per platform of the approved clips' views.
func reachByPlatformSVG(rep storage.DirectiveReport) template.HTML {
	sum := map[string]float64{}
	var order []string
	for _, u := range rep.Units {
		for _, c := range u.Clips {
			if c.Review == chidao.ReviewApproved && c.Reach != nil && c.Reach.Views != nil {
				if _, ok := sum[c.Platform]; !ok {
					order = append(order, c.Platform)
				}
				sum[c.Platform] += float64(*c.Reach.Views)
			}
		}
	}
	var labels []string
	var values []float64
	for _, p := range order {
		labels, values = append(labels, texts.PlatformLabel(p)), append(values, sum[p])
	}
	return barsSVG(labels, values, 0, func(v float64) string { return texts.Count(int64(v)) }, texts.DashChartReachByPlat)
}

// reachByUnitSVG is a bar per unit of its approved clips' views.
func reachByUnitSVG(rep storage.DirectiveReport) template.HTML {
	var labels []string
	var values []float64
	for _, u := range rep.Units {
		v := 0.0
		for _, c := range u.Clips {
			if c.Review == chidao.ReviewApproved && c.Reach != nil && c.Reach.Views != nil {
				v += float64(*c.Reach.Views)
			}
		}
		if v > 0 {
			labels, values = append(labels, u.Code), append(values, v)
		}
	}
	return barsSVG(labels, values, 0, func(v float64) string { return texts.Count(int64(v)) }, texts.DashChartReachByUnit)
}
