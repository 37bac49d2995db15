package web

import (
	"errors"
	"fmt"
	"io"
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

// sameSite refuses a form posted from another site (browsers mark such
// requests with Sec-Fetch-Site or Origin), on top of the CSRF token.
func (w *Web) sameSite(next http.HandlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		if sameOrigin.Check(r) != nil {
			w.fail(rw, http.StatusForbidden, texts.DashCrossSite)
			return
		}
		next(rw, r)
	}
}

// formText is a text field as typed, with the browser's CRLF line ends
// turned back into the LF the directive was stored with.
func formText(r *http.Request, name string) string {
	return strings.ReplaceAll(r.PostFormValue(name), "\r\n", "\n")
}

// correct runs the correction form of the directive page: the title and
// the body (sent as they are now unless changed) and one task's text,
// with the note the recipients read. Nothing is written unless all of it
// is right.
func (w *Web) correct(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		w.fail(rw, http.StatusNotFound, texts.DashNotFound)
		return
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	if note == "" {
		w.fail(rw, http.StatusUnprocessableEntity, texts.DashAmendNeedsNote)
		return
	}
	e := storage.Edit{Note: note}
	if _, ok := r.PostForm["title"]; ok {
		title := formText(r, "title")
		e.Title = &title
	}
	if _, ok := r.PostForm["body"]; ok {
		body := formText(r, "body")
		e.Body = &body
	}
	if text := strings.TrimSpace(formText(r, "task_text")); text != "" {
		pos, err := strconv.Atoi(r.PostFormValue("task"))
		if err != nil {
			w.fail(rw, http.StatusUnprocessableEntity, texts.DashCorrectBad)
			return
		}
		e.Tasks = map[int]string{pos: text}
	}
	_, err = w.store.EditDirective(r.Context(), actorOf(session(r)), id, e)
	w.amended(rw, r, id, err, "corrected", texts.DashCorrectBad)
}

// supplement runs the supplement form: a task (its text, the clips it
// asks for, whether it asks for a report) and/or an attachment, with a note.
func (w *Web) supplement(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		w.fail(rw, http.StatusNotFound, texts.DashNotFound)
		return
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	if note == "" {
		w.fail(rw, http.StatusUnprocessableEntity, texts.DashAmendNeedsNote)
		return
	}
	sup := storage.Supplement{Note: note}
	if text := strings.TrimSpace(formText(r, "task_text")); text != "" {
		t := storage.NewTask{Text: text}
		if v := strings.TrimSpace(r.PostFormValue("clips")); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 1000 {
				w.fail(rw, http.StatusUnprocessableEntity, texts.DashSupplementBadClips)
				return
			}
			t.MinClips = n
		}
		t.Report = r.PostFormValue("report") != ""
		sup.Tasks = append(sup.Tasks, t)
	}
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["attachment"] {
			f, err := fh.Open()
			if err != nil {
				w.fail(rw, http.StatusBadRequest, texts.DashUnreadableFile(fh.Filename))
				return
			}
			content, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				w.fail(rw, http.StatusBadRequest, texts.DashUnreadableFile(fh.Filename))
				return
			}
			if len(content) == 0 || len(content) > storage.MaxAttachment {
				w.fail(rw, http.StatusUnprocessableEntity, texts.DashSupplementTooLarge)
				return
			}
			sup.Attachments = append(sup.Attachments, storage.NewFile{Name: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Content: content})
		}
	}
	if len(sup.Tasks) == 0 && len(sup.Attachments) == 0 {
		w.fail(rw, http.StatusUnprocessableEntity, texts.DashSupplementNothing)
		return
	}
	_, err = w.store.SupplementDirective(r.Context(), actorOf(session(r)), id, sup)
	w.amended(rw, r, id, err, "supplemented", texts.DashSupplementBad)
}

// amended answers a correction or a supplement: back to the page, or why not.
func (w *Web) amended(rw http.ResponseWriter, r *http.Request, id int64, err error, done, invalid string) {
	switch {
	case errors.Is(err, chidao.ErrNotFound):
		w.fail(rw, http.StatusNotFound, texts.DashNotFound)
	case errors.Is(err, storage.ErrNothingChanged):
		w.fail(rw, http.StatusUnprocessableEntity, texts.DashCorrectNothing)
	case errors.Is(err, chidao.ErrInvalid), errors.Is(err, chidao.ErrClosed):
		w.fail(rw, http.StatusUnprocessableEntity, invalid)
	case err != nil:
		w.unavailable(rw, err)
	default:
		http.Redirect(rw, r, fmt.Sprintf("/directives/%d?done=%s", id, done), http.StatusSeeOther)
	}
}
