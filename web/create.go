package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"chidao"
	"chidao/handlers"
	"chidao/storage"
	"chidao/texts"
)

// maxForm is the largest directive form (attachments included).
const maxForm = 60 << 20

func (w *Web) newDirective(rw http.ResponseWriter, r *http.Request) {
	w.form(rw, r, http.StatusOK, "", nil)
}

func (w *Web) form(rw http.ResponseWriter, r *http.Request, status int, problem string, values map[string]string) {
	units, err := w.store.Units(r.Context())
	if err != nil {
		w.unavailable(rw, err)
		return
	}
	groups, err := w.store.Groups(r.Context())
	if err != nil {
		w.unavailable(rw, err)
		return
	}
	w.render(rw, status, "new.html", map[string]any{"Title": texts.DashTitleNew, "Session": session(r), "Units": units,
		"Groups": groups, "Problem": problem, "V": values})
}

// createDirective stores and sends a directive from the form: the third
// way beside the chat and the CLI, with the same checks.
func (w *Web) createDirective(rw http.ResponseWriter, r *http.Request) {
	v := map[string]string{} // the form was parsed by csrfMultipart
	for _, k := range []string{"number", "title", "body", "due", "tasks"} {
		v[k] = strings.TrimSpace(r.FormValue(k))
	}
	d, problem := w.readDirective(r, v)
	if problem != "" {
		w.form(rw, r, http.StatusUnprocessableEntity, problem, v)
		return
	}
	id, err := w.store.CreateDirective(r.Context(), actorOf(session(r)), d)
	switch {
	case errors.Is(err, chidao.ErrConflict):
		w.form(rw, r, http.StatusConflict, texts.DashNumberTaken, v)
	case errors.Is(err, chidao.ErrInvalid):
		w.form(rw, r, http.StatusUnprocessableEntity, texts.DashInvalidDirective, v)
	case err != nil:
		w.unavailable(rw, err)
	default:
		http.Redirect(rw, r, fmt.Sprintf("/directives/%d?done=created", id), http.StatusSeeOther)
	}
}

func (w *Web) readDirective(r *http.Request, v map[string]string) (storage.NewDirective, string) {
	d := storage.NewDirective{Number: v["number"], Title: v["title"], Body: v["body"], AuthorID: session(r).Person.ID}
	if d.Number == "" || d.Title == "" {
		return d, texts.DashNeedNumber
	}
	due, err := chidao.ParseDeadline(v["due"])
	if err != nil {
		return d, texts.DashBadDue
	}
	d.Due = due
	d.UnitCodes, d.GroupCodes = r.Form["units"], r.Form["groups"]
	d.AllUnits = r.FormValue("all") == "on"
	if d.AllUnits {
		d.UnitCodes, d.GroupCodes = nil, nil
	}
	if !d.AllUnits && len(d.UnitCodes) == 0 && len(d.GroupCodes) == 0 {
		return d, texts.DashNeedUnits
	}
	if v["tasks"] != "" {
		d.Tasks = handlers.ParseTasks(v["tasks"], d.Title)
	}
	for _, fh := range r.MultipartForm.File["attachments"] {
		f, err := fh.Open()
		if err != nil {
			return d, texts.DashUnreadableFile(fh.Filename)
		}
		content, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return d, texts.DashUnreadableFile(fh.Filename)
		}
		d.Attachments = append(d.Attachments, storage.NewFile{Name: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Content: content})
	}
	return d, ""
}
