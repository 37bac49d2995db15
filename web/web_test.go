package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/handlers"
	"chidao/internal/dbtest"
	"chidao/report"
	"chidao/server"
	"chidao/storage"
	"chidao/web"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

type site struct {
	t     *testing.T
	ctx   context.Context
	store *storage.Store
	srv   *httptest.Server
}

func newSite(t *testing.T) *site {
	t.Helper()
	ctx := context.Background()
	s := dbtest.Store(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	w := web.New(s, log, "https://chidao.example.vn", exportXLSX)
	w.Answer = (&handlers.Handler{Log: log}).AnswerDifficulty
	srv := httptest.NewServer(server.New(s, log, w.Routes()...))
	t.Cleanup(srv.Close)
	for _, u := range []chidao.Unit{{Code: "BTGTU", Name: "Ban Tuyên giáo"}, {Code: "DPT", Name: "Đài PT-TH", ParentCode: "BTGTU"},
		{Code: "BKG", Name: "Báo Kiên Giang", ParentCode: "BTGTU"}} {
		if err := s.AddUnit(ctx, chidao.System, u); err != nil {
			t.Fatal(err)
		}
	}
	return &site{t: t, ctx: ctx, store: s, srv: srv}
}

func exportXLSX(rw http.ResponseWriter, r storage.DirectiveReport) error {
	var b bytes.Buffer
	if err := report.XLSX(&b, r); err != nil {
		return err
	}
	rw.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	_, err := rw.Write(b.Bytes())
	return err
}

func (s *site) person(unit string, role chidao.Role, name, chat string) chidao.Person {
	s.t.Helper()
	inv, err := s.store.CreateInvite(s.ctx, chidao.System, storage.NewInvite{UnitCode: unit, Role: role, FullName: name, TTL: time.Hour})
	if err != nil {
		s.t.Fatal(err)
	}
	p, err := s.store.RedeemInvite(s.ctx, storage.Redemption{Code: inv.Code, Channel: chidao.Telegram, ExternalUserID: chat, ChatID: chat})
	if err != nil {
		s.t.Fatal(err)
	}
	return p
}

// login signs in through a link as a browser would and returns the cookie.
func (s *site) login(p chidao.Person) *http.Cookie {
	s.t.Helper()
	token, err := s.store.CreateLoginLink(s.ctx, chidao.System, p.ID, 10*time.Minute)
	if err != nil {
		s.t.Fatal(err)
	}
	page := s.do("GET", "/login?t="+token, nil, nil)
	body, _ := io.ReadAll(page.Body)
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(body)
	if page.StatusCode != http.StatusOK || len(page.Cookies()) != 1 || csrf == nil {
		s.t.Fatalf("login page: %d %v", page.StatusCode, page.Cookies())
	}
	resp := s.do("POST", "/login", page.Cookies()[0], url.Values{"t": {token}, "csrf": {string(csrf[1])}})
	if resp.StatusCode != http.StatusSeeOther {
		s.t.Fatalf("login: %d", resp.StatusCode)
	}
	for _, c := range resp.Cookies() {
		if c.Name == web.CookieName {
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || !c.Secure {
				s.t.Errorf("session cookie flags: %+v", c)
			}
			return c
		}
	}
	s.t.Fatal("no session cookie")
	return nil
}

func (s *site) do(method, path string, cookie *http.Cookie, form url.Values) *http.Response {
	s.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, s.srv.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if cookie != nil {
		req.AddCookie(cookie)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// csrfOf reads the CSRF token from a page the session can see.
func (s *site) csrfOf(c *http.Cookie) string {
	s.t.Helper()
	b, _ := io.ReadAll(s.do("GET", "/sessions", c, nil).Body)
	i := strings.Index(string(b), `name="csrf" value="`)
	if i < 0 {
		s.t.Fatal("no csrf field")
	}
	rest := string(b)[i+len(`name="csrf" value="`):]
	return rest[:strings.Index(rest, `"`)]
}

// TestAuthorisation walks every route with every kind of visitor.
func TestAuthorisation(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin := s.person("BTGTU", chidao.RoleAdmin, "Phạm Văn Dũng", "1")
	head := s.person("DPT", chidao.RoleHead, "Trần Thị Bình", "2")
	demoted := s.person("DPT", chidao.RoleHead, "Ngô Văn Hải", "3")
	expired := s.person("BKG", chidao.RoleHead, "Lý Văn Minh", "4")
	officer := s.person("DPT", chidao.RoleOfficer, "Lê Văn Cường", "5")
	due := s.store.Now().Add(72 * time.Hour)
	dpt, err := s.store.CreateDirective(s.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "1-CV/BTGTU", Title: "V/v một",
		Due: due, UnitCodes: []string{"DPT", "BKG"}})
	if err != nil {
		t.Fatal(err)
	}
	bkg, err := s.store.CreateDirective(s.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "2-CV/BTGTU", Title: "V/v hai",
		Due: due, UnitCodes: []string{"BKG"}})
	if err != nil {
		t.Fatal(err)
	}
	cookies := map[string]*http.Cookie{"admin": s.login(admin), "head": s.login(head), "demoted": s.login(demoted), "expired": s.login(expired)}
	if _, err := s.store.Pool().Exec(s.ctx, `UPDATE people SET role = 'officer' WHERE id = $1`, demoted.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.Pool().Exec(s.ctx, `UPDATE sessions SET expires_at = $2 WHERE person_id = $1`, expired.ID, s.store.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.CreateLoginLink(s.ctx, chidao.System, officer.ID, time.Minute); err == nil {
		t.Error("an officer got a login link")
	}
	d, b := fmt.Sprint(dpt), fmt.Sprint(bkg)
	cases := []struct {
		method, path string
		want         map[string]int // visitor -> status; "anon" has no cookie
	}{
		{"GET", "/", map[string]int{"anon": 401, "expired": 401, "demoted": 403, "head": 200, "admin": 200}},
		{"GET", "/directives/" + d, map[string]int{"anon": 401, "expired": 401, "demoted": 403, "head": 200, "admin": 200}},
		{"GET", "/directives/" + b, map[string]int{"head": 404, "admin": 200}},
		{"GET", "/directives/999", map[string]int{"admin": 404}},
		{"GET", "/directives/" + d + "/export.xlsx", map[string]int{"anon": 401, "demoted": 403, "head": 200, "admin": 200}},
		{"GET", "/directives/" + b + "/export.xlsx", map[string]int{"head": 404}},
		{"GET", "/sessions", map[string]int{"anon": 401, "expired": 401, "demoted": 403, "head": 200, "admin": 200}},
		{"GET", "/directives/" + d + "/audit", map[string]int{"anon": 401, "demoted": 403, "head": 403, "admin": 200}},
		{"GET", "/directives/new", map[string]int{"anon": 401, "head": 403, "admin": 200}},
		{"POST", "/logout", map[string]int{"anon": 401, "head": 403, "admin": 403}}, // no CSRF token
		{"GET", "/login?t=not-a-token", map[string]int{"anon": 200}},                // the page with the button; nothing used up
		{"POST", "/login", map[string]int{"anon": 403}},                             // no login cookie: refused before the token is looked at
		{"GET", "/static/style.css", map[string]int{"anon": 200}},
		{"GET", "/scorecard", map[string]int{"anon": 401, "demoted": 403, "head": 303, "admin": 200}},
		{"GET", "/scorecard/units/DPT", map[string]int{"anon": 401, "demoted": 403, "head": 200, "admin": 200}},
		{"GET", "/scorecard/units/BKG", map[string]int{"head": 403, "admin": 200}},
		{"GET", "/scorecard/export.xlsx", map[string]int{"anon": 401, "head": 403, "admin": 200}},
		{"GET", "/directives/" + d + "/report.docx", map[string]int{"anon": 401, "demoted": 403, "head": 403, "admin": 200}},
		{"POST", "/clips/1/reach", map[string]int{"anon": 401, "head": 403, "admin": 403}}, // no CSRF token
		{"GET", "/people", map[string]int{"anon": 401, "demoted": 403, "head": 403, "admin": 200}},
		{"POST", "/people/1/disable", map[string]int{"anon": 401, "head": 403, "admin": 403}},                                // no CSRF token
		{"POST", "/invites/1/revoke", map[string]int{"anon": 401, "head": 403, "admin": 403}},                                // no CSRF token
		{"POST", "/directives/" + d + "/correct", map[string]int{"anon": 401, "demoted": 403, "head": 403, "admin": 403}},    // no CSRF token
		{"POST", "/directives/" + d + "/supplement", map[string]int{"anon": 401, "demoted": 403, "head": 403, "admin": 400}}, // not multipart
	}
	for _, c := range cases {
		for who, want := range c.want {
			var form url.Values
			if c.method == "POST" {
				form = url.Values{}
			}
			resp := s.do(c.method, c.path, cookies[who], form)
			if got := resp.StatusCode; got != want {
				t.Errorf("%s %s as %s: %d; want %d", c.method, c.path, who, got, want)
			}
			// Pages and exports stay out of caches, frames and Referer headers.
			if !strings.HasPrefix(c.path, "/static/") && (resp.Header.Get("Cache-Control") != "no-store" ||
				resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Referrer-Policy") != "no-referrer" ||
				!strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")) {
				t.Errorf("%s %s as %s: headers %v", c.method, c.path, who, resp.Header)
			}
		}
	}
	// A head may not revoke the admin's session; the admin may revoke the head's.
	sessions, err := s.store.Sessions(s.ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var adminSession, headSession int64
	for _, ss := range sessions {
		switch ss.Person.ID {
		case admin.ID:
			adminSession = ss.ID
		case head.ID:
			headSession = ss.ID
		}
	}
	headCSRF, adminCSRF := s.csrfOf(cookies["head"]), s.csrfOf(cookies["admin"])
	if got := s.do("POST", fmt.Sprintf("/sessions/%d/revoke", adminSession), cookies["head"], url.Values{"csrf": {headCSRF}}).StatusCode; got != 403 {
		t.Errorf("head revoking the admin's session: %d; want 403", got)
	}
	if got := s.do("POST", fmt.Sprintf("/sessions/%d/revoke", headSession), cookies["admin"], url.Values{"csrf": {adminCSRF}}).StatusCode; got != 303 {
		t.Errorf("admin revoking the head's session: %d; want 303", got)
	}
	if got := s.do("GET", "/", cookies["head"], nil).StatusCode; got != 401 {
		t.Errorf("revoked session: %d; want 401", got)
	}
	// The admin takes the head's access away on the dashboard; not their own.
	headCookie := s.login(head)
	if got := s.do("POST", fmt.Sprintf("/people/%d/disable", admin.ID), cookies["admin"], url.Values{"csrf": {adminCSRF}}).StatusCode; got != 409 {
		t.Errorf("admin disabling themselves: %d; want 409", got)
	}
	if got := s.do("POST", fmt.Sprintf("/people/%d/disable", head.ID), cookies["admin"], url.Values{"csrf": {adminCSRF}}).StatusCode; got != 303 {
		t.Errorf("admin disabling the head: %d; want 303", got)
	}
	if got := s.do("GET", "/", headCookie, nil).StatusCode; got != 401 {
		t.Errorf("disabled head's session: %d; want 401", got)
	}
	inv, err := s.store.CreateInvite(s.ctx, chidao.System, storage.NewInvite{UnitCode: "DPT", Role: chidao.RoleHead, TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.do("POST", fmt.Sprintf("/invites/%d/revoke", inv.ID), cookies["admin"], url.Values{"csrf": {adminCSRF}}).StatusCode; got != 303 {
		t.Errorf("admin revoking an invite: %d; want 303", got)
	}
	if _, err := s.store.RedeemInvite(s.ctx, storage.Redemption{Code: inv.ShortCode, Channel: chidao.Zalo, ExternalUserID: "z", ChatID: "z"}); err == nil {
		t.Error("an invite revoked on the dashboard registered someone")
	}
	if got := s.do("POST", "/logout", cookies["admin"], url.Values{"csrf": {adminCSRF}}).StatusCode; got != 200 {
		t.Errorf("logout with the token: %d", got)
	}
	if got := s.do("GET", "/", cookies["admin"], nil).StatusCode; got != 401 {
		t.Errorf("after logout: %d; want 401", got)
	}
}

// TestMatrixShowsStatuses: the directive page colours each unit by status
// and a head sees only their unit.
func TestMatrixShowsStatuses(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin := s.person("BTGTU", chidao.RoleAdmin, "Phạm Văn Dũng", "1")
	head := s.person("DPT", chidao.RoleHead, "Trần Thị Bình", "2")
	id, err := s.store.CreateDirective(s.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "3-CV/BTGTU", Title: "V/v ba",
		Due: s.store.Now().Add(72 * time.Hour), UnitCodes: []string{"DPT", "BKG"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.Acknowledge(s.ctx, head.ID, id); err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(s.do("GET", fmt.Sprint("/directives/", id), s.login(admin), nil).Body)
	for _, want := range []string{`<td class="st-done">hoàn thành đúng hạn</td>`, `<td class="st-new">chưa nhận</td>`, "Báo Kiên Giang", "Đài PT-TH"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("admin's matrix lacks %q", want)
		}
	}
	page, _ = io.ReadAll(s.do("GET", fmt.Sprint("/directives/", id), s.login(head), nil).Body)
	if strings.Contains(string(page), "Báo Kiên Giang") || !strings.Contains(string(page), "Đài PT-TH") {
		t.Errorf("a head sees another unit's row")
	}
}

// TestOfficeActsFromTheBrowser: creating a directive with an attachment
// from the form, and closing it, are for admins with the form's token.
func TestOfficeActsFromTheBrowser(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin := s.person("BTGTU", chidao.RoleAdmin, "Phạm Văn Dũng", "1")
	head := s.person("DPT", chidao.RoleHead, "Trần Thị Bình", "2")
	ac, hc := s.login(admin), s.login(head)
	acsrf, hcsrf := s.csrfOf(ac), s.csrfOf(hc)
	if got := s.do("GET", "/directives/new", hc, nil).StatusCode; got != 403 {
		t.Errorf("head opening the form: %d", got)
	}
	if got := s.do("GET", "/directives/new", ac, nil).StatusCode; got != 200 {
		t.Errorf("admin opening the form: %d", got)
	}
	post := func(c *http.Cookie, csrf string) *http.Response {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		if csrf != "" {
			_ = mw.WriteField("csrf", csrf)
		}
		for k, v := range map[string]string{"number": "50-CV/BTGTU", "title": "V/v thử từ trình duyệt", "due": "2099-12-31T17:00",
			"tasks": "Đăng clip (2 clip)\nBáo cáo (báo cáo)"} {
			_ = mw.WriteField(k, v)
		}
		_ = mw.WriteField("units", "DPT")
		fw, _ := mw.CreateFormFile("attachments", "50-CV.pdf")
		_, _ = fw.Write([]byte("%PDF-1.4 văn bản"))
		mw.Close()
		req, _ := http.NewRequest("POST", s.srv.URL+"/directives", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(c)
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if got := post(ac, "").StatusCode; got != 403 {
		t.Errorf("form without its token: %d", got)
	}
	if got := post(hc, hcsrf).StatusCode; got != 403 {
		t.Errorf("head creating a directive: %d", got)
	}
	resp := post(ac, acsrf)
	if resp.StatusCode != 303 {
		t.Fatalf("admin creating a directive: %d", resp.StatusCode)
	}
	ds, err := s.store.Directives(s.ctx, true)
	if err != nil || len(ds) != 1 || ds[0].Number != "50-CV/BTGTU" {
		t.Fatalf("directives: %+v, %v", ds, err)
	}
	tasks, _ := s.store.Tasks(s.ctx, ds[0].ID)
	atts, _ := s.store.Attachments(s.ctx, ds[0].ID)
	if len(tasks) != 2 || tasks[0].MinClips != 2 || !tasks[1].Report || len(atts) != 1 {
		t.Fatalf("tasks %+v, attachments %+v", tasks, atts)
	}
	if got := post(ac, acsrf).StatusCode; got != 409 {
		t.Errorf("the same number again: %d; want 409", got)
	}
	path := fmt.Sprintf("/directives/%d/close", ds[0].ID)
	if got := s.do("POST", path, hc, url.Values{"csrf": {hcsrf}}).StatusCode; got != 403 {
		t.Errorf("head closing: %d", got)
	}
	if got := s.do("POST", path, ac, url.Values{"csrf": {acsrf}}).StatusCode; got != 303 {
		t.Errorf("admin closing: %d", got)
	}
	if d, _ := s.store.Directive(s.ctx, ds[0].ID); d.State != "closed" {
		t.Errorf("state after closing: %s", d.State)
	}
	page, _ := io.ReadAll(s.do("GET", fmt.Sprintf("/directives/%d/audit", ds[0].ID), ac, nil).Body)
	if !strings.Contains(string(page), "Kết thúc theo dõi văn bản") || !strings.Contains(string(page), "Phạm Văn Dũng") {
		t.Errorf("audit page lacks the close by the admin")
	}
}

// TestOfficeAnswersADifficulty: an admin answers a unit's difficulty from
// the directive page; the officer's answer is queued, the page shows it
// answered, and a head may not answer.
func TestOfficeAnswersADifficulty(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin := s.person("BTGTU", chidao.RoleAdmin, "Phạm Văn Dũng", "1")
	head := s.person("DPT", chidao.RoleHead, "Trần Thị Bình", "2")
	officer := s.person("DPT", chidao.RoleOfficer, "Lê Văn Cường", "3")
	d, err := s.store.CreateDirective(s.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "60-CV/BTGTU", Title: "V/v thử",
		Due: s.store.Now().Add(72 * time.Hour), UnitCodes: []string{"DPT"}})
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.store.Submit(s.ctx, storage.Submission{PersonID: officer.ID, DirectiveID: d, Kind: "difficulty", Text: "Thiếu kinh phí thuê thiết bị"})
	if err != nil {
		t.Fatal(err)
	}
	ac, hc := s.login(admin), s.login(head)
	page, _ := io.ReadAll(s.do("GET", fmt.Sprintf("/directives/%d", d), ac, nil).Body)
	if !strings.Contains(string(page), "Chưa trả lời") || !strings.Contains(string(page), fmt.Sprintf("/difficulties/%d/answer", id)) {
		t.Fatalf("directive page lacks the open difficulty and its form")
	}
	path := fmt.Sprintf("/difficulties/%d/answer", id)
	if got := s.do("POST", path, hc, url.Values{"csrf": {s.csrfOf(hc)}, "answer": {"Tự lo"}}).StatusCode; got != 403 {
		t.Errorf("head answering: %d; want 403", got)
	}
	acsrf := s.csrfOf(ac)
	if got := s.do("POST", path, ac, url.Values{"csrf": {acsrf}, "answer": {"  "}}).StatusCode; got != 400 {
		t.Errorf("empty answer: %d; want 400", got)
	}
	if got := s.do("POST", path, ac, url.Values{"csrf": {acsrf}, "answer": {"Ban sẽ hỗ trợ thiết bị trong tuần."}}).StatusCode; got != 303 {
		t.Fatalf("admin answering: %d; want 303", got)
	}
	var text string
	if err := s.store.Pool().QueryRow(s.ctx, `SELECT payload->'message'->>'text' FROM deliveries WHERE person_id = $1 AND kind = 'notice'`,
		officer.ID).Scan(&text); err != nil || !strings.Contains(text, "Ban sẽ hỗ trợ thiết bị trong tuần.") || !strings.Contains(text, "Thiếu kinh phí") {
		t.Fatalf("answer queued for the officer: %q, %v", text, err)
	}
	page, _ = io.ReadAll(s.do("GET", fmt.Sprintf("/directives/%d", d), ac, nil).Body)
	if strings.Contains(string(page), "Chưa trả lời") || !strings.Contains(string(page), "Ban sẽ hỗ trợ thiết bị trong tuần.") {
		t.Errorf("directive page does not show the difficulty answered")
	}
}
