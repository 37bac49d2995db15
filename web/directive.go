package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"chidao"
	"chidao/intent"
	"chidao/storage"
	"chidao/texts"
)

// pageSize is how many units one page of the directive's list shows.
const pageSize = 30

// attentionShown is how many units needing attention the summary lists
// before linking to all of them.
const attentionShown = 10

// filters are the directive page's query: every view is a link an Office
// can send a colleague (?status=qua-han&group=cap-xa&q=long+xuyen).
type filters struct {
	Status    chidao.Status // zero: every status
	Group     string
	Q         string
	Attention bool   // only the units needing attention
	Sort      string // "" (urgency) or "ten" (name)
	Matrix    bool   // the full matrix, a column per task
	Page      int
}

func readFilters(q url.Values) filters {
	f := filters{Group: chidao.NormalizeGroupCode(q.Get("group")), Q: strings.TrimSpace(q.Get("q")),
		Attention: q.Get("attention") == "1", Matrix: q.Get("view") == "matrix"}
	f.Status, _ = chidao.StatusBySlug(q.Get("status"))
	if q.Get("sort") == "ten" {
		f.Sort = "ten"
	}
	f.Page, _ = strconv.Atoi(q.Get("page"))
	f.Page = max(f.Page, 1)
	if len(f.Q) > 100 {
		f.Q = f.Q[:100]
	}
	return f
}

// values writes the filters back into a query, without defaults.
func (f filters) values() url.Values {
	v := url.Values{}
	if f.Status != "" {
		v.Set("status", f.Status.Slug())
	}
	set := map[string]string{"group": f.Group, "q": f.Q, "sort": f.Sort}
	for k, s := range set {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.Attention {
		v.Set("attention", "1")
	}
	if f.Matrix {
		v.Set("view", "matrix")
	}
	if f.Page > 1 {
		v.Set("page", strconv.Itoa(f.Page))
	}
	return v
}

func (f filters) link() string {
	if v := f.values(); len(v) > 0 {
		return "?" + v.Encode()
	}
	return "?"
}

// WithStatus is the link to this view filtered by a status (zero: any),
// from its first page.
func (f filters) WithStatus(s chidao.Status) string {
	f.Status, f.Attention, f.Page = s, false, 1
	return f.link()
}

// WithAttention is the link to the units needing attention in this scope.
func (f filters) WithAttention() string {
	f.Status, f.Attention, f.Page = "", true, 1
	return f.link()
}

// WithView switches between the list and the full matrix.
func (f filters) WithView(matrix bool) string {
	f.Matrix = matrix
	return f.link()
}

// AtPage is the link to another page of the list.
func (f filters) AtPage(n int) string {
	f.Page = n
	return f.link()
}

// Filtered reports whether anything narrows the list.
func (f filters) Filtered() bool { return f.Status != "" || f.Group != "" || f.Q != "" || f.Attention }

// unitRow is one unit as the page shows it: a row of the table, a card on
// a phone.
type unitRow struct {
	storage.UnitReport
	Owed      string    // what is still missing, in words
	NextDue   time.Time // the nearest deadline of its unfinished tasks
	Remaining string    // "còn 3 ngày", "quá hạn 2 ngày"
	Why       []string  // why it needs attention
	Href      string    // where its row is: on this page, or found by its code
}

// directiveView is everything the directive page shows.
type directiveView struct {
	F         filters
	Scope     int // units in the group and search scope
	Total     int // units of the directive
	Count     map[chidao.Status]int
	Attention []unitRow // the first of those needing attention
	NeedCount int       // how many need attention in scope
	Rows      []unitRow // this page of the list
	Matched   int       // units the filters match
	Pages     []int
	Groups    []chidao.Group // groups with units in the directive
}

// buildView applies the filters to a directive's report.
func buildView(rep storage.DirectiveReport, groups []chidao.Group, f filters) directiveView {
	v := directiveView{F: f, Total: len(rep.Units), Count: map[chidao.Status]int{}, Groups: groupsOf(rep, groups)}
	var scope []storage.UnitReport
	for _, u := range rep.Units {
		if (f.Group == "" || slices.Contains(u.Groups, f.Group)) && matches(u, f.Q) {
			scope = append(scope, u)
			v.Count[u.Status]++
		}
	}
	v.Scope = len(scope)
	rep.SortByUrgency(scope)
	var list []storage.UnitReport
	for _, u := range scope {
		need := rep.AttentionOf(u).Any()
		if need {
			v.NeedCount++
			if len(v.Attention) < attentionShown {
				v.Attention = append(v.Attention, row(rep, u))
			}
		}
		if (f.Status == "" || u.Status == f.Status) && (!f.Attention || need) {
			list = append(list, u)
		}
	}
	if f.Sort == "ten" {
		slices.SortStableFunc(list, func(a, b storage.UnitReport) int {
			return strings.Compare(storage.SortName(a.Name), storage.SortName(b.Name))
		})
	}
	v.page(rep, list)
	return v
}

// groupsOf keeps the groups with units among the directive's.
func groupsOf(rep storage.DirectiveReport, groups []chidao.Group) []chidao.Group {
	in := map[string]bool{}
	for _, u := range rep.Units {
		in[u.Code] = true
	}
	var out []chidao.Group
	for _, g := range groups {
		if slices.ContainsFunc(g.Units, func(c string) bool { return in[c] }) {
			out = append(out, g)
		}
	}
	return out
}

// page cuts the listed units to the page asked for (the last when past
// it), and points each unit of the attention list to its row: on this
// page, or found by its code.
func (v *directiveView) page(rep storage.DirectiveReport, list []storage.UnitReport) {
	v.Matched = len(list)
	pages := max((len(list)+pageSize-1)/pageSize, 1)
	v.F.Page = min(v.F.Page, pages)
	for i := range pages {
		v.Pages = append(v.Pages, i+1)
	}
	shown := map[string]bool{}
	for _, u := range list[min((v.F.Page-1)*pageSize, len(list)):min(v.F.Page*pageSize, len(list))] {
		v.Rows = append(v.Rows, row(rep, u))
		shown[u.Code] = true
	}
	for i, a := range v.Attention {
		v.Attention[i].Href = "#u-" + a.Code
		if !shown[a.Code] {
			v.Attention[i].Href = filters{Q: a.Code, Matrix: v.F.Matrix}.link() + "#u-" + a.Code
		}
	}
}

// matches reports whether a unit's name or code contains the search,
// whatever the case and accents ("long xuyen" finds Long Xuyên).
func matches(u storage.UnitReport, q string) bool {
	if q == "" {
		return true
	}
	q = intent.Fold(q)
	return strings.Contains(intent.Fold(u.Name), q) || strings.Contains(intent.Fold(u.Code), q)
}

func row(rep storage.DirectiveReport, u storage.UnitReport) unitRow {
	r := unitRow{UnitReport: u, Owed: texts.Missing(rep.Owed(u)), NextDue: rep.NextDue(u)}
	if !r.NextDue.IsZero() {
		r.Remaining = texts.Remaining(r.NextDue, rep.At)
	}
	r.Why = texts.Why(rep.AttentionOf(u), r.NextDue, rep.At)
	return r
}

// Silent and pending are what a card adds to its deadline line.
func (r unitRow) Notes() []string {
	if len(r.Why) > 0 && r.Status == chidao.StatusOverdue {
		return r.Why[1:] // the deadline line says how late
	}
	return r.Why
}

func (w *Web) directive(rw http.ResponseWriter, r *http.Request) {
	rep, ok := w.directiveOr404(rw, r)
	if !ok {
		return
	}
	groups, err := w.store.Groups(r.Context())
	if err != nil {
		w.unavailable(rw, err)
		return
	}
	completion, platforms := w.charts(r, rep)
	notice := texts.DashDone[r.URL.Query().Get("done")]
	if notice == "" {
		notice = texts.DashAmendDone[r.URL.Query().Get("done")]
	}
	if n, ok := strings.CutPrefix(r.URL.Query().Get("done"), "reminded-"); ok {
		if k, err := strconv.Atoi(n); err == nil && k >= 0 {
			notice = texts.DashReminded(k)
		}
	}
	history, err := w.store.History(r.Context(), rep.Directive.ID)
	if err != nil {
		w.unavailable(rw, err)
		return
	}
	w.render(rw, http.StatusOK, "directive.html", map[string]any{"Title": texts.DashTitleDirective(rep.Directive.Number), "History": history,
		"Session": session(r), "R": rep, "Statuses": chidao.Statuses, "V": buildView(rep, groups, readFilters(r.URL.Query())),
		"Admin": session(r).Person.Role == chidao.RoleAdmin, "Completion": completion, "Platforms": platforms, "Notice": notice,
		"ReachPlatforms": reachByPlatformSVG(rep), "ReachUnits": reachByUnitSVG(rep)})
}
