package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"chidao"
	"chidao/storage"
	"chidao/texts"
)

// adminOnly refuses unit heads.
func (w *Web) adminOnly(next http.HandlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		if session(r).Person.Role != chidao.RoleAdmin {
			w.fail(rw, http.StatusForbidden, texts.DashAdminOnly(w.Org))
			return
		}
		next(rw, r)
	}
}

// act runs an Office action on a directive and comes back to its page.
func (w *Web) act(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		w.fail(rw, http.StatusNotFound, texts.DashNotFound)
		return
	}
	actor := actorOf(session(r))
	ctx := r.Context()
	notice := ""
	switch r.PathValue("action") {
	case "close":
		err = w.store.CloseDirective(ctx, actor, id)
		notice = "closed"
	case "pause", "resume":
		err = w.store.SetRemindersPaused(ctx, actor, id, r.PathValue("action") == "pause")
		notice = r.PathValue("action")
	case "remind":
		var n int
		n, _, _, err = w.store.RemindNow(ctx, actor, id)
		notice = fmt.Sprintf("reminded-%d", n)
	case "due", "recall":
		if notice, err = w.lifecycleAction(r, id, r.PathValue("action")); errors.Is(err, chidao.ErrInvalid) {
			w.fail(rw, http.StatusUnprocessableEntity, texts.DashBadChange)
			return
		}
	default:
		w.fail(rw, http.StatusNotFound, texts.DashNotFound)
		return
	}
	switch {
	case errors.Is(err, chidao.ErrNotFound):
		w.fail(rw, http.StatusNotFound, texts.DashNotFound)
	case errors.Is(err, chidao.ErrClosed):
		w.fail(rw, http.StatusConflict, texts.DashClosed)
	case errors.Is(err, storage.ErrTooSoon):
		w.fail(rw, http.StatusConflict, texts.DashTooSoon)
	case err != nil:
		w.unavailable(rw, err)
	default:
		http.Redirect(rw, r, fmt.Sprintf("/directives/%d?done=%s", id, notice), http.StatusSeeOther)
	}
}

// audit shows the changes about a directive.
func (w *Web) audit(rw http.ResponseWriter, r *http.Request) {
	rep, ok := w.directiveOr404(rw, r)
	if !ok {
		return
	}
	entries, err := w.store.AuditTrail(r.Context(), rep.Directive.ID, 500)
	if err != nil {
		w.unavailable(rw, err)
		return
	}
	w.render(rw, http.StatusOK, "audit.html", map[string]any{"Title": texts.DashTitleAudit(rep.Directive.Number),
		"Session": session(r), "R": rep, "Entries": entries})
}

// charts draws, as inline SVG, completion over time and clips per platform.
func (w *Web) charts(r *http.Request, rep storage.DirectiveReport) (template.HTML, template.HTML) {
	if session(r).Person.Role != chidao.RoleAdmin {
		return "", platformSVG(rep) // a head's page has one unit: the curve would say nothing
	}
	done, err := w.store.CompletionOverTime(r.Context(), rep.Directive.ID)
	if err != nil {
		done = nil
	}
	return completionSVG(rep, done), platformSVG(rep)
}

// completionSVG is a step line of units completed from creation to now.
func completionSVG(rep storage.DirectiveReport, done []time.Time) template.HTML {
	const wd, ht = 600.0, 160.0
	start, end := rep.Directive.CreatedAt, rep.At
	if !end.After(start) || len(rep.Units) == 0 {
		return ""
	}
	x := func(t time.Time) float64 { return 40 + (wd-50)*float64(t.Sub(start))/float64(end.Sub(start)) }
	y := func(n int) float64 { return ht - 20 - (ht-30)*float64(n)/float64(len(rep.Units)) }
	pts := []string{fmt.Sprintf("%.1f,%.1f", x(start), y(0))}
	for i, t := range done {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f %.1f,%.1f", x(t), y(i), x(t), y(i+1)))
	}
	pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(end), y(len(done))))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`, wd, ht, texts.DashChartCompletion)
	fmt.Fprintf(&b, `<line x1="40" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#999"/><line x1="40" y1="10" x2="40" y2="%.0f" stroke="#999"/>`, ht-20, wd-10, ht-20, ht-20)
	fmt.Fprintf(&b, `<polyline fill="none" stroke="#2e7d32" stroke-width="2" points="%s"/>`, strings.Join(pts, " "))
	fmt.Fprintf(&b, `<text x="2" y="16" font-size="11">%d</text><text x="2" y="%.0f" font-size="11">0</text>`, len(rep.Units), ht-20)
	fmt.Fprintf(&b, `<text x="40" y="%.0f" font-size="11">%s</text><text x="%.0f" y="%.0f" font-size="11" text-anchor="end">%s</text></svg>`,
		ht-4, chidao.FormatDate(start), wd-10, ht-4, chidao.FormatDate(end))
	return template.HTML(b.String())
}

// platformSVG is a bar per platform of the clips sent.
func platformSVG(rep storage.DirectiveReport) template.HTML {
	count := map[string]int{}
	for _, u := range rep.Units {
		for _, c := range u.Clips {
			count[c.Platform]++
		}
	}
	if len(count) == 0 {
		return ""
	}
	var names []string
	most := 0
	for p, n := range count {
		names = append(names, p)
		most = max(most, n)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 600 %d" role="img" aria-label="%s">`, 24*len(names)+4, texts.DashChartPlatforms)
	for i, p := range names {
		wbar := 440 * count[p] / most
		fmt.Fprintf(&b, `<text x="0" y="%d" font-size="12">%s</text><rect x="90" y="%d" width="%d" height="16" fill="#1565c0"/><text x="%d" y="%d" font-size="12">%d</text>`,
			24*i+16, template.HTMLEscapeString(texts.PlatformLabel(p)), 24*i+4, wbar, 96+wbar, 24*i+16, count[p])
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// answer records the Office's answer to a difficulty from the directive
// page and sends it to the officer.
func (w *Web) answer(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	text := strings.TrimSpace(r.PostFormValue("answer"))
	if err != nil || id <= 0 || w.Answer == nil {
		w.fail(rw, http.StatusNotFound, texts.DashNoDifficulty)
		return
	}
	if text == "" {
		w.fail(rw, http.StatusBadRequest, texts.DashEmptyAnswer)
		return
	}
	ss := session(r)
	var d storage.Difficulty
	err = w.store.InTx(r.Context(), func(tx *storage.Store) error {
		var err error
		d, err = w.Answer(r.Context(), tx, actorOf(ss), ss.Person, id, text)
		return err
	})
	switch {
	case errors.Is(err, chidao.ErrNotFound):
		w.fail(rw, http.StatusNotFound, texts.DashNoDifficulty)
	case errors.Is(err, chidao.ErrInvalid):
		w.fail(rw, http.StatusBadRequest, texts.DashEmptyAnswer)
	case err != nil:
		w.unavailable(rw, err)
	default:
		http.Redirect(rw, r, fmt.Sprintf("/directives/%d?done=answered", d.DirectiveID), http.StatusSeeOther)
	}
}
