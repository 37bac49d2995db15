package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"chidao"
	"chidao/internal/dbtest"
	"chidao/internal/fixture"
	"chidao/server"
	"chidao/web"
)

// TestScorecardInTheBrowser: the Office opens the quarter's ranking and a
// unit's evidence in a real Chromium; screenshots go to var/artifacts.
func TestScorecardInTheBrowser(t *testing.T) {
	exe := chromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	fw := fixture.New(t, dbtest.URL(t))
	fw.BuildQuarter()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(server.New(fw.S, log, web.New(fw.S, log, "", exportXLSX).Routes()...))
	defer srv.Close()
	token, err := fw.S.CreateLoginLink(ctx, chidao.System, fw.Person(fixture.Office, chidao.RoleAdmin).ID, 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.Headless, chromedp.WindowSize(1200, 900))...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	shot := func(name string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			var png []byte
			if err := chromedp.FullScreenshot(&png, 100).Do(ctx); err != nil {
				return err
			}
			dir := filepath.Join("..", "var", "artifacts")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, name), png, 0o644)
		})
	}
	var ranking, detail string
	err = chromedp.Run(browser,
		chromedp.Navigate(srv.URL+"/login?t="+token), chromedp.Click(`form.login button`, chromedp.ByQuery),
		chromedp.WaitVisible(`form[action="/logout"]`, chromedp.ByQuery), // signed in
		chromedp.Navigate(srv.URL+"/scorecard?ky="+url.QueryEscape("quý 1/2026")),
		chromedp.WaitVisible(`table.ranking`, chromedp.ByQuery),
		chromedp.Text(`table.ranking`, &ranking, chromedp.ByQuery),
		shot("scorecard.png"),
		chromedp.Click(`//a[contains(., "Hội Nhà báo tỉnh")]`, chromedp.BySearch),
		chromedp.WaitVisible(`//h2[contains(., "Điểm từng văn bản")]`, chromedp.BySearch),
		chromedp.Text(`main`, &detail, chromedp.ByQuery),
		shot("scorecard-unit.png"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if i, j := strings.Index(ranking, "Báo Kiên Giang"), strings.Index(ranking, "Trung tâm Văn hóa"); i < 0 || j < i {
		t.Errorf("ranking as shown:\n%s", ranking)
	}
	if !strings.Contains(detail, "hạng 3/4") || !strings.Contains(detail, "1 clip được duyệt, 1 bị từ chối (50%)") {
		t.Errorf("unit page as shown:\n%s", detail)
	}
}
