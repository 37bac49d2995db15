package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"chidao"
)

// TestGroupsFromTheDashboard: an admin defines a group, fills it, sends a
// directive to it from the form, and a unit added to the group later gets
// the directive; heads may not touch groups; every change is audited.
func TestGroupsFromTheDashboard(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin := s.person("BTGTU", chidao.RoleAdmin, "Phạm Văn Dũng", "1")
	head := s.person("DPT", chidao.RoleHead, "Trần Thị Bình", "2")
	ac, hc := s.login(admin), s.login(head)
	acsrf, hcsrf := s.csrfOf(ac), s.csrfOf(hc)
	for path, want := range map[string]int{"/groups": 403, "/groups/bao-chi": 403} {
		if got := s.do("GET", path, hc, nil).StatusCode; got != want {
			t.Errorf("head GET %s: %d, want %d", path, got, want)
		}
	}
	if got := s.do("POST", "/groups", hc, url.Values{"csrf": {hcsrf}, "code": {"x"}, "name": {"x"}}).StatusCode; got != 403 {
		t.Errorf("head creating a group: %d", got)
	}
	if got := s.do("POST", "/groups", ac, url.Values{"code": {"bao-chi"}, "name": {"Cơ quan báo chí"}}).StatusCode; got != 403 {
		t.Errorf("a group without the form's token: %d", got)
	}
	resp := s.do("POST", "/groups", ac, url.Values{"csrf": {acsrf}, "code": {"Bao-Chi"}, "name": {"Cơ quan báo chí"}})
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/groups/bao-chi?done=group-created" {
		t.Fatalf("creating a group: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if got := s.do("POST", "/groups", ac, url.Values{"csrf": {acsrf}, "code": {"bao-chi"}, "name": {"Trùng"}}).StatusCode; got != 409 {
		t.Errorf("the same code again: %d", got)
	}
	if got := s.do("POST", "/groups", ac, url.Values{"csrf": {acsrf}, "code": {"có dấu"}, "name": {"X"}}).StatusCode; got != 422 {
		t.Errorf("a bad code: %d", got)
	}
	resp = s.do("POST", "/groups/bao-chi", ac, url.Values{"csrf": {acsrf}, "name": {"Báo, đài"}, "units": {"DPT"}})
	if resp.StatusCode != 303 {
		t.Fatalf("saving the group: %d", resp.StatusCode)
	}
	if got := s.do("POST", "/groups/bao-chi", ac, url.Values{"csrf": {acsrf}, "name": {"Báo, đài"}, "units": {"NOPE"}}).StatusCode; got != 422 {
		t.Errorf("an unknown unit: %d", got)
	}
	// A directive to the group from the form.
	if got := s.postForm(ac, "/directives", map[string]string{"csrf": acsrf, "number": "60-CV/BTGTU", "title": "V/v nhóm",
		"due": "2099-12-31T17:00", "groups": "bao-chi"}); got != 303 {
		t.Fatalf("a directive to the group from the form: %d", got)
	}
	ds, _ := s.store.Directives(s.ctx, true)
	// BKG joins from the group's page: it receives the open directive.
	resp = s.do("POST", "/groups/bao-chi", ac, url.Values{"csrf": {acsrf}, "name": {"Báo, đài"}, "units": {"DPT", "BKG"}})
	if resp.StatusCode != 303 || !strings.HasSuffix(resp.Header.Get("Location"), "?done=group-saved-1") {
		t.Fatalf("adding BKG: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	page, _ := io.ReadAll(s.do("GET", resp.Header.Get("Location"), ac, nil).Body)
	if !strings.Contains(string(page), "1 lượt giao") || !strings.Contains(string(page), `value="BKG" checked`) {
		t.Errorf("the group's page after adding BKG:\n%s", page)
	}
	rep, err := s.store.DirectiveStatus(s.ctx, ds[0].ID)
	if err != nil || len(rep.Units) != 2 {
		t.Fatalf("the directive's units after BKG joined: %+v, %v", rep.Units, err)
	}
	// A group a directive went to cannot be deleted; another can.
	if got := s.do("POST", "/groups/bao-chi/delete", ac, url.Values{"csrf": {acsrf}}).StatusCode; got != 409 {
		t.Errorf("deleting an addressed group: %d", got)
	}
	s.do("POST", "/groups", ac, url.Values{"csrf": {acsrf}, "code": {"tam"}, "name": {"Tạm"}})
	if got := s.do("POST", "/groups/tam/delete", ac, url.Values{"csrf": {acsrf}}).StatusCode; got != 303 {
		t.Errorf("deleting a fresh group: %d", got)
	}
	if got := s.do("GET", "/groups/tam", ac, nil).StatusCode; got != 404 {
		t.Errorf("a deleted group's page: %d", got)
	}
	want := []string{"group.create", "group.update", "group.join", "group.join", "group.create", "group.delete"}
	if got := s.actions(admin, "group"); !slices.Equal(got, want) {
		t.Errorf("audit of the admin's group changes: %v, want %v", got, want)
	}
}

// postForm posts a multipart form as the browser's directive form does
// and returns the status.
func (s *site) postForm(c *http.Cookie, path string, fields map[string]string) int {
	s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", s.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(c)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// actions lists the audit trail's actions of a person on an entity kind.
func (s *site) actions(p chidao.Person, entity string) []string {
	s.t.Helper()
	rows, err := s.store.Pool().Query(s.ctx, `SELECT action FROM audit_log WHERE entity = $1 AND person_id = $2 ORDER BY id`, entity, p.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			s.t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}
