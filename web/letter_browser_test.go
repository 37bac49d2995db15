package web_test

import (
	"context"
	"encoding/csv"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"chidao"
	"chidao/internal/dbtest"
	"chidao/server"
	"chidao/storage"
	"chidao/web"
)

// TestLetterInTheBrowser: in a real headless Chromium the admin uploads
// the seed letter on the new-directive page; the form opens filled in
// (number, date, title, tasks with their clips and report, the units the
// letter names ticked) with the recipient no unit answers highlighted (the
// example without Tạp chí Chiêu Anh Các); the admin picks its deadline and
// submits, and the directive is issued with the letter attached. The
// clock is fixed the day after the letter's date.
func TestLetterInTheBrowser(t *testing.T) {
	exe := chromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	store, srv, token := letterSite(t, ctx)
	defer srv.Close()
	letter, err := filepath.Abs("../letter/testdata/corpus/01-1483-CV-BTGTU.pdf")
	if err != nil {
		t.Fatal(err)
	}

	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.Headless, chromedp.WindowSize(1200, 900))...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	var number, issued, title, due, tasks, unmatched, candidate, created string
	var bkg, stttt, office bool
	err = chromedp.Run(browser,
		chromedp.Navigate(srv.URL+"/login?t="+token), chromedp.Click(`form.login button`, chromedp.ByQuery),
		chromedp.WaitVisible(`a[href="/directives/new"]`, chromedp.ByQuery),
		chromedp.Navigate(srv.URL+"/directives/new"),
		chromedp.SetUploadFiles(`#letter`, []string{letter}, chromedp.ByQuery),
		chromedp.Click(`form.letter button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#draft`, chromedp.ByQuery),
		chromedp.Value(`#number`, &number, chromedp.ByQuery),
		chromedp.Value(`#issued`, &issued, chromedp.ByQuery),
		chromedp.Value(`#title`, &title, chromedp.ByQuery),
		chromedp.Value(`#due`, &due, chromedp.ByQuery),
		chromedp.Value(`#tasks`, &tasks, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('input[name=units][value=BKG]').checked`, &bkg),
		chromedp.Evaluate(`document.querySelector('input[name=units][value=STTTT]').checked`, &stttt),
		chromedp.Evaluate(`document.querySelector('input[name=units][value=BTGTU]').checked`, &office),
		chromedp.Text(`#unmatched`, &unmatched, chromedp.ByQuery),
		chromedp.Evaluate(`getComputedStyle(document.querySelector('#unmatched')).borderLeftColor`, &candidate),
		shotAs("letter-form"),
		chromedp.SetValue(`#due`, "2024-04-20T17:00", chromedp.ByQuery),
		chromedp.Click(`form[action="/directives"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`p.notice`, chromedp.ByQuery),
		chromedp.Text(`main`, &created, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if number != "1483-CV/BTGTU" || issued != "2024-04-03" || title != "Tăng cường thông tin trên các nền tảng số, mạng xã hội" || due != "" {
		t.Errorf("filled in: number %q, issued %q, title %q, due %q", number, issued, title, due)
	}
	if lines := strings.Split(tasks, "\n"); len(lines) != 4 || !strings.HasSuffix(lines[0], "(1 clip)") || !strings.HasSuffix(lines[3], "(báo cáo)") {
		t.Errorf("tasks:\n%s", tasks)
	}
	if !bkg || !stttt || office {
		t.Errorf("units ticked: BKG %v, STTTT %v, the Office %v", bkg, stttt, office)
	}
	if !strings.Contains(unmatched, "«Tạp chí Chiêu Anh Các»") || strings.Contains(unmatched, "Báo Kiên Giang") || candidate != "rgb(230, 81, 0)" {
		t.Errorf("unmatched recipients shown as %q (border %s)", unmatched, candidate)
	}
	if !strings.Contains(created, "Đã ban hành văn bản") || !strings.Contains(created, "1483-CV/BTGTU") {
		t.Errorf("after submitting: %s", created)
	}
	var name string
	var units int
	err = store.Pool().QueryRow(ctx, `SELECT f.name, (SELECT count(*) FROM assignments s WHERE s.directive_id = d.id) FROM directives d
		JOIN directive_attachments a ON a.directive_id = d.id JOIN files f ON f.id = a.file_id WHERE d.number = '1483-CV/BTGTU'`).Scan(&name, &units)
	if err != nil || name != "01-1483-CV-BTGTU.pdf" || units != 19 {
		t.Errorf("issued with %q attached to %d units (%v); want the letter, 19 units", name, units, err)
	}
}

// shotAs saves a screenshot to var/artifacts.
func shotAs(name string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var png []byte
		if err := chromedp.FullScreenshot(&png, 100).Do(ctx); err != nil {
			return err
		}
		dir := filepath.Join("..", "var", "artifacts")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	})
}

// letterSite serves the dashboard on the Kiên Giang example without Tạp
// chí Chiêu Anh Các, with an Office admin and their login link, the
// clock fixed the day after the seed letter's date.
func letterSite(t *testing.T, ctx context.Context) (*storage.Store, *httptest.Server, string) {
	t.Helper()
	store := dbtest.Store(t)
	store.Now = func() time.Time { return time.Date(2024, 4, 4, 9, 0, 0, 0, chidao.Zone) }
	f, err := os.Open("../examples/kiengiang/units.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		if r[0] == "CAC" {
			continue // the letter names it: left unmatched
		}
		if err := store.AddUnit(ctx, chidao.System, chidao.Unit{Code: r[0], Name: r[1], ParentCode: r[2]}); err != nil {
			t.Fatal(err)
		}
	}
	inv, err := store.CreateInvite(ctx, chidao.System, storage.NewInvite{UnitCode: "BTGTU", Role: chidao.RoleAdmin, FullName: "Phạm Văn Dũng", TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := store.RedeemInvite(ctx, storage.Redemption{Code: inv.Code, Channel: chidao.Telegram, ExternalUserID: "1", ChatID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	token, err := store.CreateLoginLink(ctx, chidao.System, admin.ID, 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(server.New(store, log, web.New(store, log, "", exportXLSX).Routes()...))
	return store, srv, token
}
