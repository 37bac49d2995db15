package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"chidao"
	"chidao/handlers"
	"chidao/letter"
	"chidao/storage"
	"chidao/texts"
)

// formView is what the new-directive page shows: the values typed or
// read from a letter, the units ticked, and what the letter left to the
// admin.
type formView struct {
	Problem       string
	V             map[string]string
	Checked       map[string]bool // units ticked
	CheckedGroups map[string]bool // groups ticked
	Candidates    map[string]bool // units a recipient may mean: highlighted
	Missing       map[string]bool // fields the letter lacks: highlighted
	Letter        *letterView
}

// letterView is what the page says about the letter it was filled from.
type letterView struct {
	Read      string   // the heading
	Notes     []string // missing fields, assumed clips, the signer
	Unmatched []string // recipients no unit answers
}

// draftFromLetter reads an uploaded letter and opens the form filled in
// from it, its unmatched recipients highlighted. The letter is stored (to
// be attached when the form is submitted); nothing else is: the admin
// confirms by submitting the form.
func (w *Web) draftFromLetter(rw http.ResponseWriter, r *http.Request) {
	fhs := r.MultipartForm.File["letter"]
	if len(fhs) == 0 || fhs[0].Size == 0 && fhs[0].Filename == "" {
		w.form(rw, r, http.StatusUnprocessableEntity, formView{Problem: texts.DashLetterNone})
		return
	}
	fh := fhs[0]
	data, err := readUpload(fh)
	var refused *letter.Error
	if err == nil {
		var dir letter.Directory
		if dir, err = handlers.LetterDirectory(r.Context(), w.store); err != nil {
			w.unavailable(rw, err)
			return
		}
		var ld letter.Draft
		if ld, err = letter.Read(data, fh.Filename, dir); err == nil {
			w.letterForm(rw, r, fh, data, ld, dir)
			return
		}
	}
	if !errors.As(err, &refused) {
		refused = &letter.Error{Problem: letter.Damaged}
	}
	w.form(rw, r, http.StatusUnprocessableEntity, formView{Problem: texts.DashLetterRefused(refused, fh.Filename)})
}

func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	if fh.Size > letter.MaxSize {
		return nil, &letter.Error{Problem: letter.TooLarge}
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, letter.MaxSize+1))
}

// letterForm stores the letter and renders the form filled from its draft.
func (w *Web) letterForm(rw http.ResponseWriter, r *http.Request, fh *multipart.FileHeader, data []byte, ld letter.Draft, dir letter.Directory) {
	ct := fh.Header.Get("Content-Type")
	id, err := w.store.StoreFile(r.Context(), storage.NewFile{Name: fh.Filename, ContentType: ct, Content: data})
	if err != nil {
		w.unavailable(rw, err)
		return
	}
	units, err := w.store.Units(r.Context())
	if err != nil {
		w.unavailable(rw, err)
		return
	}
	names := map[string]string{}
	for _, u := range units {
		names[u.Code] = u.Name
	}
	view := formView{V: letterValues(ld, w.store.Now()), Checked: map[string]bool{}, CheckedGroups: map[string]bool{},
		Candidates: map[string]bool{}, Missing: map[string]bool{}, Letter: &letterView{Read: texts.DashLetterRead(fh.Filename)}}
	view.V["letter_file"], view.V["letter_name"] = strconv.FormatInt(id, 10), fh.Filename
	view.V["letter_sig"] = letterSig(session(r).CSRF, id)
	for _, rc := range ld.Recipients {
		if g := handlers.LetterGroup(dir, rc); g != "" {
			view.CheckedGroups[g] = true // the directive follows the group
			continue
		}
		for _, c := range rc.Units {
			view.Checked[c] = true
		}
		if len(rc.Units) > 0 {
			continue
		}
		var cands []string
		for _, c := range rc.Candidates {
			view.Candidates[c] = true
			cands = append(cands, names[c])
		}
		view.Letter.Unmatched = append(view.Letter.Unmatched, texts.DashLetterUnmatched(rc.Text, cands))
	}
	view.Letter.Notes = letterNotes(ld, view, w.store.Now())
	w.form(rw, r, http.StatusOK, view)
}

// letterValues are the form's fields as read from the letter.
func letterValues(ld letter.Draft, now time.Time) map[string]string {
	v := map[string]string{"number": ld.Number, "title": ld.Title, "body": ld.Context}
	if !ld.IssuedOn.IsZero() {
		v["issued"] = ld.IssuedOn.In(chidao.Zone).Format("2006-01-02")
	}
	if ld.Due.After(now) {
		v["due"] = ld.Due.In(chidao.Zone).Format("2006-01-02T15:04")
	}
	var lines []string
	for _, t := range ld.Tasks {
		lines = append(lines, texts.TaskLine(t.Text, chidao.Requirement{MinClips: t.Clips, Report: t.Report}, t.Due))
	}
	v["tasks"] = strings.Join(lines, "\n")
	return v
}

// letterNotes says what the admin must look at: what the letter lacks,
// the clips assumed, who signed it.
func letterNotes(ld letter.Draft, view formView, now time.Time) []string {
	var notes []string
	if !ld.Due.IsZero() && !ld.Due.After(now) {
		notes = append(notes, texts.DashLetterPastDue(ld.Due))
		view.Missing["due"] = true
	}
	for _, m := range ld.Missing {
		if s := texts.DashLetterMissing(m); s != "" {
			notes = append(notes, s)
			view.Missing[m] = true
		}
	}
	for i, t := range ld.Tasks {
		if t.ClipsAssumed {
			notes = append(notes, texts.DashLetterAssumed(i+1))
		}
	}
	if s := texts.DashLetterFrom(ld.Signer, ld.SignerTitle, ld.Implements); s != "" {
		notes = append(notes, s)
	}
	return notes
}

// letterSig binds a stored letter to the session that uploaded it, so
// that a form cannot attach any other file.
func letterSig(csrf string, id int64) string {
	m := hmac.New(sha256.New, []byte(csrf))
	m.Write([]byte("letter-file:" + strconv.FormatInt(id, 10)))
	return hex.EncodeToString(m.Sum(nil))
}

// letterFile is the stored letter a submitted form attaches: 0 when none,
// ok false when its signature is not this session's.
func letterFile(r *http.Request, v map[string]string) (id int64, ok bool) {
	if v["letter_file"] == "" {
		return 0, true
	}
	id, err := strconv.ParseInt(v["letter_file"], 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, hmac.Equal([]byte(v["letter_sig"]), []byte(letterSig(session(r).CSRF, id)))
}
