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
	w.form(rw, r, http.StatusOK, formView{})
}

// form renders the new-directive page; after a refused submission the
// units ticked stay ticked.
func (w *Web) form(rw http.ResponseWriter, r *http.Request, status int, view formView) {
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
	if view.Checked == nil && r.Form != nil {
		view.Checked, view.CheckedGroups = map[string]bool{}, map[string]bool{}
		for _, c := range r.Form["units"] {
			view.Checked[c] = true
		}
		for _, c := range r.Form["groups"] {
			view.CheckedGroups[c] = true
		}
	}
	attached := ""
	if name := view.V["letter_name"]; name != "" {
		attached = texts.DashLetterAttached(name)
	}
	w.render(rw, status, "new.html", map[string]any{"Title": texts.DashTitleNew, "Session": session(r), "Units": units,
		"Groups": groups, "Problem": view.Problem, "V": view.V, "Checked": view.Checked, "CheckedGroups": view.CheckedGroups, "Candidates": view.Candidates,
		"Missing": view.Missing, "Letter": view.Letter, "Attached": attached, "L": texts.DashLetterLabels})
}

// createDirective stores and sends a directive from the form: the third
// way beside the chat and the CLI, with the same checks.
func (w *Web) createDirective(rw http.ResponseWriter, r *http.Request) {
	v := map[string]string{} // the form was parsed by csrfMultipart
	for _, k := range []string{"number", "title", "body", "due", "tasks", "issued", "letter_file", "letter_sig", "letter_name"} {
		v[k] = strings.TrimSpace(r.FormValue(k))
	}
	d, problem := w.readDirective(r, v)
	if problem == texts.DashCSRF {
		w.fail(rw, http.StatusForbidden, problem)
		return
	}
	if problem != "" {
		w.form(rw, r, http.StatusUnprocessableEntity, formView{Problem: problem, V: v})
		return
	}
	id, err := w.store.CreateDirective(r.Context(), actorOf(session(r)), d)
	switch {
	case errors.Is(err, chidao.ErrConflict):
		w.form(rw, r, http.StatusConflict, formView{Problem: texts.DashNumberTaken, V: v})
	case errors.Is(err, chidao.ErrInvalid):
		w.form(rw, r, http.StatusUnprocessableEntity, formView{Problem: texts.DashInvalidDirective, V: v})
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
	if v["issued"] != "" {
		if d.IssuedOn, err = chidao.ParseDate(v["issued"]); err != nil {
			return d, texts.DashBadIssued
		}
	}
	if id, ok := letterFile(r, v); !ok {
		return d, texts.DashCSRF
	} else if id != 0 {
		d.AttachFiles = []int64{id}
	}
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
