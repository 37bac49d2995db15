package web_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"chidao"
	"chidao/internal/dbtest"
	"chidao/internal/fixture"
	"chidao/server"
	"chidao/web"
)

// TestScorecardPages: the Office ranks the quarter's units and opens one
// unit's evidence; a head lands on their own unit; the Office corrects a
// clip's views from the directive page and downloads the Word report.
func TestScorecardPages(t *testing.T) {
	t.Parallel()
	fw := fixture.New(t, dbtest.URL(t))
	q := fw.BuildQuarter()
	w := web.New(fw.S, slog.New(slog.NewTextHandler(io.Discard, nil)), "https://chidao.example.vn", exportXLSX)
	srv := httptest.NewServer(server.New(fw.S, slog.New(slog.NewTextHandler(io.Discard, nil)), w.Routes()...))
	t.Cleanup(srv.Close)
	s := &site{t: t, ctx: fw.Ctx, store: fw.S, srv: srv}
	admin := s.login(fw.Person(fixture.Office, chidao.RoleAdmin))
	head := s.login(fw.Person("HNB", chidao.RoleHead))

	page := s.body("GET", "/scorecard?ky="+url.QueryEscape("quý 1/2026"), admin, nil)
	bkg, ptth, hnb := strings.Index(page, "Báo Kiên Giang"), strings.Index(page, "Đài Phát thanh"), strings.Index(page, "Hội Nhà báo")
	if bkg < 0 || !(bkg < ptth && ptth < hnb) || !strings.Contains(page, "<strong>100,0</strong>") || !strings.Contains(page, `aria-label="Điểm của các đơn vị"`) {
		t.Fatalf("ranking page:\n%s", page)
	}
	if !strings.Contains(page, `href="/scorecard/units/PTTH?from=2026-01-01&amp;to=2026-03-31"`) {
		t.Errorf("the ranking's links lose the period")
	}
	detail := s.body("GET", "/scorecard/units/PTTH?from=2026-01-01&to=2026-03-31", admin, nil)
	if !strings.Contains(detail, "hoàn thành quá hạn 2 ngày") || !strings.Contains(detail, "Số 12-CV/BTGDVTU") {
		t.Errorf("unit detail:\n%s", detail)
	}
	resp := s.do("GET", "/scorecard?ky=quy+1/2026", head, nil)
	if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || !strings.HasPrefix(loc, "/scorecard/units/HNB") {
		t.Errorf("a head is sent to %d %s", resp.StatusCode, loc)
	}
	if got := s.do("GET", "/scorecard?from=2026-03-31&to=2026-01-01", admin, nil).StatusCode; got != 400 {
		t.Errorf("reversed period: %d", got)
	}
	if page := s.body("GET", "/scorecard?ky=2024", admin, nil); !strings.Contains(page, "Không có văn bản chỉ đạo nào ban hành trong kỳ") {
		t.Errorf("empty period page:\n%s", page)
	}

	csrf := s.csrfOf(admin)
	clip := q.BKGClips[0]
	resp = s.do("POST", fmt.Sprintf("/clips/%d/reach", clip), admin, url.Values{"csrf": {csrf}, "views": {"31.500"}})
	if resp.StatusCode != 303 {
		t.Fatalf("reach form: %d", resp.StatusCode)
	}
	dir := s.body("GET", fmt.Sprintf("/directives/%d", q.D1), admin, nil)
	if !strings.Contains(dir, "31.500 lượt xem · 1.200 thích") || !strings.Contains(dir, "Ban nhập") || !strings.Contains(dir, `aria-label="Lượt xem theo đơn vị"`) {
		t.Errorf("directive page after the correction lacks the figures")
	}
	if got := s.do("POST", fmt.Sprintf("/clips/%d/reach", clip), admin, url.Values{"csrf": {csrf}, "views": {"nhiều"}}).StatusCode; got != 400 {
		t.Errorf("figures that are not numbers: %d", got)
	}
	docx := s.do("GET", fmt.Sprintf("/directives/%d/report.docx", q.D1), admin, nil)
	if b, _ := io.ReadAll(docx.Body); docx.StatusCode != 200 || !strings.HasPrefix(string(b), "PK") ||
		!strings.Contains(docx.Header.Get("Content-Disposition"), "bao-cao-12-CV-BTGDVTU.docx") {
		t.Errorf("Word report: %d %s", docx.StatusCode, docx.Header)
	}
	if xl := s.do("GET", "/scorecard/export.xlsx?ky=quy+1/2026", admin, nil); xl.StatusCode != 200 || !strings.Contains(xl.Header.Get("Content-Disposition"), "bang-diem-2026-01-01-2026-03-31.xlsx") {
		t.Errorf("scorecard workbook: %d %s", xl.StatusCode, xl.Header)
	}
}

func (s *site) body(method, path string, c *http.Cookie, form url.Values) string {
	s.t.Helper()
	resp := s.do(method, path, c, form)
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		s.t.Fatalf("%s %s: %d\n%s", method, path, resp.StatusCode, b)
	}
	return string(b)
}
