package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"chidao"
	"chidao/storage"
	"chidao/texts"
)

// The dashboard's side of a directive's life (issue 16): moving a
// deadline and recalling from the directive page, and the queue of
// extension requests the Office decides.

// lifecycleAction runs "due" or "recall" from the directive page's forms.
func (w *Web) lifecycleAction(r *http.Request, id int64, action string) (string, error) {
	actor := actorOf(session(r))
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	switch action {
	case "due":
		due, err := chidao.ParseDeadline(r.PostFormValue("due"))
		if err != nil {
			return "", err
		}
		_, err = w.store.MoveDue(r.Context(), actor, id, due, r.PostFormValue("unit"), reason)
		return "due", err
	case "recall":
		_, err := w.store.RecallDirective(r.Context(), actor, id, reason)
		return "recalled", err
	}
	return "", chidao.ErrNotFound
}

// extensions lists the requests for more time, those waiting first.
func (w *Web) extensions(rw http.ResponseWriter, r *http.Request) {
	es, err := w.store.Extensions(r.Context(), 0, false)
	if err != nil {
		w.unavailable(rw, err)
		return
	}
	w.render(rw, http.StatusOK, "extensions.html", map[string]any{"Title": texts.DashTitleExtensions, "Session": session(r),
		"Extensions": es, "Notice": texts.DashDone[r.URL.Query().Get("done")]})
}

// decideExtension approves (until the date asked or the one given) or
// rejects a request, from the queue.
func (w *Web) decideExtension(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		w.fail(rw, http.StatusNotFound, texts.DashNotFound)
		return
	}
	dec := storage.Decision{Approve: r.PostFormValue("decision") == "approve", Reason: strings.TrimSpace(r.PostFormValue("reason"))}
	if v := strings.TrimSpace(r.PostFormValue("due")); v != "" && dec.Approve {
		if dec.Due, err = chidao.ParseDeadline(v); err != nil {
			w.fail(rw, http.StatusBadRequest, texts.DashBadDue)
			return
		}
	}
	_, err = w.store.DecideExtension(r.Context(), actorOf(session(r)), id, dec)
	switch {
	case errors.Is(err, chidao.ErrNotFound):
		w.fail(rw, http.StatusNotFound, texts.DashNotFound)
	case errors.Is(err, chidao.ErrInvalid):
		w.fail(rw, http.StatusUnprocessableEntity, texts.DashBadDecision)
	case err != nil:
		w.unavailable(rw, err)
	default:
		http.Redirect(rw, r, fmt.Sprintf("/extensions?done=%s", "decided"), http.StatusSeeOther)
	}
}
