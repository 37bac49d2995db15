package web

import (
	"errors"
	"net/http"
	"strconv"

	"chidao"
	"chidao/texts"
)

// peoplePage lists everyone and the invites, with the buttons that take
// access away (Office admins only).
func (w *Web) peoplePage(rw http.ResponseWriter, r *http.Request) {
	people, err := w.store.PeopleList(r.Context())
	if err != nil {
		w.unavailable(rw, err)
		return
	}
	invites, err := w.store.Invites(r.Context())
	if err != nil {
		w.unavailable(rw, err)
		return
	}
	roles := map[string]string{}
	for _, role := range []chidao.Role{chidao.RoleAdmin, chidao.RoleHead, chidao.RoleOfficer} {
		roles[string(role)] = texts.Chat{}.RoleName(role)
	}
	w.render(rw, http.StatusOK, "people.html", map[string]any{"Title": texts.DashTitlePeople, "Session": session(r),
		"People": people, "Invites": invites, "Roles": roles, "States": texts.DashInviteStates, "Notice": texts.DashDone[r.URL.Query().Get("done")]})
}

// setActive disables or enables a person (never oneself).
func (w *Web) setActive(rw http.ResponseWriter, r *http.Request) {
	ss := session(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	action := r.PathValue("action")
	if err != nil || (action != "disable" && action != "enable") {
		w.fail(rw, http.StatusNotFound, texts.DashNotFound)
		return
	}
	if id == ss.Person.ID {
		w.fail(rw, http.StatusConflict, texts.CannotDisableSelf)
		return
	}
	_, err = w.store.SetPersonActive(r.Context(), actorOf(ss), id, action == "enable")
	switch {
	case errors.Is(err, chidao.ErrNotFound):
		w.fail(rw, http.StatusNotFound, texts.PersonUnknown(id))
	case err != nil:
		w.unavailable(rw, err)
	default:
		http.Redirect(rw, r, "/people?done=person-"+action+"d", http.StatusSeeOther)
	}
}

// revokeInvite revokes an unused invite.
func (w *Web) revokeInvite(rw http.ResponseWriter, r *http.Request) {
	_, err := w.store.RevokeInvite(r.Context(), actorOf(session(r)), r.PathValue("id"))
	switch {
	case errors.Is(err, chidao.ErrNotFound):
		w.fail(rw, http.StatusNotFound, texts.InviteNotRevocable)
	case errors.Is(err, chidao.ErrInvalid):
		w.fail(rw, http.StatusConflict, texts.InviteNotRevocable)
	case err != nil:
		w.unavailable(rw, err)
	default:
		http.Redirect(rw, r, "/people?done=invite-revoked", http.StatusSeeOther)
	}
}
