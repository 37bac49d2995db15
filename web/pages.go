package web

import (
	"errors"
	"net/http"
	"strconv"

	"chidao"
	"chidao/storage"
	"chidao/texts"
)

// visible lists the open directives, and those closed in the last 30
// days, that the session may see: all
// for admins, their unit's for heads.
func (w *Web) visible(r *http.Request) ([]storage.DirectiveReport, error) {
	ss := session(r)
	ds, err := w.store.Directives(r.Context(), false)
	if err != nil {
		return nil, err
	}
	var out []storage.DirectiveReport
	recent := w.store.Now().AddDate(0, 0, -30)
	for _, d := range ds {
		if d.ClosedAt != nil && d.ClosedAt.Before(recent) {
			continue // closed more than a month ago: chidao status and the export still have it
		}
		rep, err := w.report(r, d.ID)
		if errors.Is(err, chidao.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if ss.Person.Role == chidao.RoleHead && len(rep.Units) == 0 {
			continue
		}
		out = append(out, rep)
	}
	return out, nil
}

// report is a directive's state as the session may see it (a head: their
// unit's row only; ErrNotFound when their unit is not a target).
func (w *Web) report(r *http.Request, id int64) (storage.DirectiveReport, error) {
	ss := session(r)
	if ss.Person.Role == chidao.RoleHead {
		rep, _, err := w.store.UnitProgress(r.Context(), id, ss.Person.UnitCode)
		return rep, err
	}
	return w.store.DirectiveStatus(r.Context(), id)
}

func (w *Web) index(rw http.ResponseWriter, r *http.Request) {
	reps, err := w.visible(r)
	if err != nil {
		w.unavailable(rw, err)
		return
	}
	type row struct {
		storage.DirectiveReport
		Done, Overdue, NotAck, Open int
	}
	var rows []row
	for _, rep := range reps {
		n := rep.Count()
		rows = append(rows, row{rep, n[chidao.StatusDoneOnTime] + n[chidao.StatusDoneLate], n[chidao.StatusOverdue], n[chidao.StatusNotAcknowledged],
			texts.OpenDifficulties(rep)})
	}
	w.render(rw, http.StatusOK, "index.html", map[string]any{"Title": texts.DashTitleIndex, "Session": session(r), "Rows": rows})
}

func (w *Web) directiveOr404(rw http.ResponseWriter, r *http.Request) (storage.DirectiveReport, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		w.fail(rw, http.StatusNotFound, texts.DashNotFound)
		return storage.DirectiveReport{}, false
	}
	rep, err := w.report(r, id)
	if errors.Is(err, chidao.ErrNotFound) {
		w.fail(rw, http.StatusNotFound, texts.DashNotFound)
		return rep, false
	}
	if err != nil {
		w.unavailable(rw, err)
		return rep, false
	}
	return rep, true
}

func (w *Web) exportXLSX(rw http.ResponseWriter, r *http.Request) {
	rep, ok := w.directiveOr404(rw, r)
	if !ok {
		return
	}
	if err := w.export(rw, rep); err != nil {
		w.log.Error("Cannot export a report", "error", err)
	}
}

func (w *Web) sessions(rw http.ResponseWriter, r *http.Request) {
	ss := session(r)
	who := ss.Person.ID
	if ss.Person.Role == chidao.RoleAdmin {
		who = 0
	}
	list, err := w.store.Sessions(r.Context(), who)
	if err != nil {
		w.unavailable(rw, err)
		return
	}
	w.render(rw, http.StatusOK, "sessions.html", map[string]any{"Title": texts.DashTitleSessions, "Session": ss, "List": list})
}

func (w *Web) revoke(rw http.ResponseWriter, r *http.Request) {
	ss := session(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		w.fail(rw, http.StatusNotFound, texts.DashNotFound)
		return
	}
	if ss.Person.Role != chidao.RoleAdmin {
		mine, err := w.store.Sessions(r.Context(), ss.Person.ID)
		if err != nil {
			w.unavailable(rw, err)
			return
		}
		found := false
		for _, m := range mine {
			found = found || m.ID == id
		}
		if !found {
			w.fail(rw, http.StatusForbidden, texts.DashForbidden(w.Org))
			return
		}
	}
	if err := w.store.RevokeSession(r.Context(), actorOf(ss), id); err != nil && !errors.Is(err, chidao.ErrNotFound) {
		w.unavailable(rw, err)
		return
	}
	http.Redirect(rw, r, "/sessions", http.StatusSeeOther)
}

func (w *Web) unavailable(rw http.ResponseWriter, err error) {
	w.log.Error("Dashboard query failed", "error", err)
	w.fail(rw, http.StatusServiceUnavailable, texts.DashUnavailable)
}
