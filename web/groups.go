package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"chidao"
	"chidao/texts"
)

// groupsPage lists the groups of units and offers to add one.
func (w *Web) groupsPage(rw http.ResponseWriter, r *http.Request) {
	w.groupList(rw, r, http.StatusOK, "", nil)
}

func (w *Web) groupList(rw http.ResponseWriter, r *http.Request, status int, problem string, v url.Values) {
	groups, err := w.store.Groups(r.Context())
	if err != nil {
		w.unavailable(rw, err)
		return
	}
	w.render(rw, status, "groups.html", map[string]any{"Title": texts.DashTitleGroups, "Session": session(r), "Groups": groups,
		"Problem": problem, "V": v, "Notice": texts.DashDone[r.URL.Query().Get("done")]})
}

// addGroup creates a group from the form, then opens it to pick its units.
func (w *Web) addGroup(rw http.ResponseWriter, r *http.Request) {
	g := chidao.Group{Code: chidao.NormalizeGroupCode(r.PostFormValue("code")), Name: strings.TrimSpace(r.PostFormValue("name"))}
	err := w.store.AddGroup(r.Context(), actorOf(session(r)), g)
	switch {
	case errors.Is(err, chidao.ErrConflict):
		w.groupList(rw, r, http.StatusConflict, texts.DashGroupTaken, r.PostForm)
	case errors.Is(err, chidao.ErrInvalid):
		w.groupList(rw, r, http.StatusUnprocessableEntity, texts.DashBadGroup, r.PostForm)
	case err != nil:
		w.unavailable(rw, err)
	default:
		http.Redirect(rw, r, "/groups/"+url.PathEscape(g.Code)+"?done=group-created", http.StatusSeeOther)
	}
}

// groupPage shows one group: its name and a box per unit.
func (w *Web) groupPage(rw http.ResponseWriter, r *http.Request) {
	w.groupForm(rw, r, http.StatusOK, "")
}

func (w *Web) groupForm(rw http.ResponseWriter, r *http.Request, status int, problem string) {
	g, err := w.store.Group(r.Context(), r.PathValue("code"))
	if errors.Is(err, chidao.ErrNotFound) {
		w.fail(rw, http.StatusNotFound, texts.DashNoGroup)
		return
	}
	if err != nil {
		w.unavailable(rw, err)
		return
	}
	units, err := w.store.Units(r.Context())
	if err != nil {
		w.unavailable(rw, err)
		return
	}
	in := map[string]bool{}
	for _, c := range g.Units {
		in[c] = true
	}
	notice := texts.DashDone[r.URL.Query().Get("done")]
	if n, ok := strings.CutPrefix(r.URL.Query().Get("done"), "group-saved-"); ok {
		if k, err := strconv.Atoi(n); err == nil && k > 0 {
			notice = texts.DashGroupSaved(k)
		} else if err == nil {
			notice = texts.DashDone["group-saved"]
		}
	}
	w.render(rw, status, "group.html", map[string]any{"Title": texts.DashTitleGroup(g.Name), "Session": session(r), "G": g, "Units": units,
		"In": in, "Problem": problem, "Notice": notice})
}

// saveGroup renames the group and makes the ticked units its members;
// units joining receive the open directives addressed to the group.
func (w *Web) saveGroup(rw http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	m, err := w.store.UpdateGroup(r.Context(), actorOf(session(r)), code, r.PostFormValue("name"), r.PostForm["units"])
	switch {
	case errors.Is(err, chidao.ErrNotFound):
		w.fail(rw, http.StatusNotFound, texts.DashNoGroup)
	case errors.Is(err, chidao.ErrInvalid):
		w.groupForm(rw, r, http.StatusUnprocessableEntity, texts.DashBadGroup)
	case err != nil:
		w.unavailable(rw, err)
	default:
		http.Redirect(rw, r, "/groups/"+url.PathEscape(chidao.NormalizeGroupCode(code))+"?done=group-saved-"+strconv.Itoa(m.Assigned),
			http.StatusSeeOther)
	}
}

// deleteGroup removes a group no directive was addressed to.
func (w *Web) deleteGroup(rw http.ResponseWriter, r *http.Request) {
	err := w.store.DeleteGroup(r.Context(), actorOf(session(r)), r.PathValue("code"))
	switch {
	case errors.Is(err, chidao.ErrNotFound):
		w.fail(rw, http.StatusNotFound, texts.DashNoGroup)
	case errors.Is(err, chidao.ErrConflict):
		w.groupForm(rw, r, http.StatusConflict, texts.DashGroupInUse)
	case err != nil:
		w.unavailable(rw, err)
	default:
		http.Redirect(rw, r, "/groups?done=group-deleted", http.StatusSeeOther)
	}
}
