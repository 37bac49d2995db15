package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/internal/dbtest"
	"chidao/internal/fixture"
	"chidao/server"
	"chidao/web"
)

// benchPage measures the dashboard's server time for one path at a
// province's scale: 120 units × 5 officers and a head, 5 tasks, clips,
// reports and difficulties (docs/performance.md).
func benchPage(b *testing.B, path func(id int64) string, wantType string) {
	s := dbtest.Store(b)
	p := fixture.Build(b, s, 120, 5, 5)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h := server.New(s, log, web.New(s, log, "", exportXLSX).Routes()...)
	token, err := s.CreateLoginLink(context.Background(), chidao.System, p.Admin.ID, 10*time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/login?t="+token, nil))
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(rec.Body.String())
	post := httptest.NewRequest("POST", "/login", strings.NewReader(neturl.Values{"t": {token}, "csrf": {csrf[1]}}.Encode()))
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	post.AddCookie(rec.Result().Cookies()[0])
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, post)
	cookie := rec.Result().Cookies()[0]
	url := path(p.Directive)
	var size int
	for b.Loop() {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", url, nil)
		req.AddCookie(cookie)
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != wantType {
			b.Fatalf("GET %s: %d %s", url, rec.Code, rec.Header().Get("Content-Type"))
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(size), "bytes")
}

func BenchmarkDirectivePage(b *testing.B) {
	benchPage(b, func(id int64) string { return fmt.Sprintf("/directives/%d", id) }, "text/html; charset=utf-8")
}

func BenchmarkDirectivePageOverdueInWards(b *testing.B) {
	benchPage(b, func(id int64) string { return fmt.Sprintf("/directives/%d?status=qua-han&group=phuong&q=so", id) }, "text/html; charset=utf-8")
}

func BenchmarkDirectivePageFullMatrix(b *testing.B) {
	benchPage(b, func(id int64) string { return fmt.Sprintf("/directives/%d?view=matrix", id) }, "text/html; charset=utf-8")
}

func BenchmarkExportXLSX(b *testing.B) {
	benchPage(b, func(id int64) string { return fmt.Sprintf("/directives/%d/export.xlsx", id) },
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
}
