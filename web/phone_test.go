package web_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"chidao"
	"chidao/storage"
)

// showcase gives the example's letter to its 106 recipients with a
// province's usual mix two days in (the report was due after one): 40
// units done, 30 with a clip waiting for the head, 20 acknowledged but
// late with the report, 16 silent. It returns the directive and a head of
// a commune.
func (p *province) showcase(t *testing.T) (int64, chidao.Person) {
	t.Helper()
	start := p.now
	id, err := p.store.CreateDirective(p.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "86-CV/BTGDVTU",
		Title: "Tăng cường thông tin, tuyên truyền về hoạt động của chính quyền địa phương hai cấp trên các nền tảng số, mạng xã hội",
		Due:   start.Add(72 * time.Hour), GroupCodes: []string{"bao-chi", "hoi", "cap-xa"},
		Tasks: []storage.NewTask{
			{Text: "Đăng phát video clip ngắn", Requirement: chidao.Requirement{MinClips: 2}},
			{Text: "Báo cáo kết quả thực hiện", Requirement: chidao.Requirement{Report: true}, Due: start.Add(24 * time.Hour)},
			{Text: "Người đứng đầu kiểm duyệt clip trước khi đăng"},
		}})
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := p.store.DirectiveStatus(p.ctx, id)
	codes := unitCodesSorted(rep)
	var head chidao.Person
	p.now = start.Add(3 * time.Hour)
	for i, code := range codes[:90] {
		officer := p.person(code, chidao.RoleOfficer, fmt.Sprintf("Cán bộ %d", i), fmt.Sprint(2000+i))
		h := p.person(code, chidao.RoleHead, fmt.Sprintf("Lãnh đạo %d", i), fmt.Sprint(3000+i))
		if code == "P-LONG-XUYEN" {
			head = h
		}
		if i >= 70 {
			if _, err := p.store.Acknowledge(p.ctx, officer.ID, id); err != nil {
				t.Fatal(err)
			}
			continue
		}
		p.report(t, officer, id)
		for k := range 2 {
			clip, err := p.store.Submit(p.ctx, storage.Submission{PersonID: officer.ID, DirectiveID: id, Kind: "clip",
				URL: fmt.Sprintf("https://www.youtube.com/watch?v=%s%d", strings.ToLower(code), k), Platform: "youtube"})
			if err != nil {
				t.Fatal(err)
			}
			if i < 40 || k == 0 {
				if err := p.store.ReviewClip(p.ctx, h.ID, clip, true, ""); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	p.now = start.Add(50 * time.Hour)
	return id, head
}

// TestDirectivePageInTheBrowser drives headless Chromium on the An Giang
// example at a phone's width (390 px) and on a desktop: the summary and
// the units needing attention first, cards instead of the matrix, no
// horizontal scrolling, the search box and the filters as links, a head's
// own card. Screenshots go to var/artifacts (and docs/screenshots with
// CHIDAO_DOCS_SCREENSHOTS=1).
func TestDirectivePageInTheBrowser(t *testing.T) {
	exe := chromium(t)
	t.Parallel()
	p := newProvince(t)
	admin := p.person("BTGDVTU", chidao.RoleAdmin, "Phạm Văn Dũng", "1")
	id, head := p.showcase(t)
	link := func(who chidao.Person) string {
		token, err := p.store.CreateLoginLink(p.ctx, chidao.System, who.ID, 10*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return p.srv.URL + "/login?t=" + token
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.Headless)...)
	defer cancelAlloc()
	// chromedp logs the events of newer Chromium it cannot decode; they do not matter here.
	browser, cancelBrowser := chromedp.NewContext(alloc, chromedp.WithErrorf(func(string, ...any) {}))
	defer cancelBrowser()
	page := fmt.Sprintf("%s/directives/%d", p.srv.URL, id)
	phone := chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)

	// The admin on a phone: summary, attention list, then cards.
	var m phoneMetrics
	var height int64
	err := chromedp.Run(browser, phone,
		chromedp.Navigate(link(admin)), chromedp.WaitVisible(`ul.directives`, chromedp.ByQuery),
		chromedp.Navigate(page), chromedp.WaitVisible(`section.attention`, chromedp.ByQuery),
		measure(&m), chromedp.Evaluate(`document.scrollingElement.scrollHeight`, &height),
		shot("directive-phone", true))
	if err != nil {
		t.Fatal(err)
	}
	m.check(t, "the admin's page")
	if m.Cards != 30 || m.Attention != 10 || !m.SummaryFirst {
		t.Errorf("admin on a phone: %+v (want 30 cards, 10 units needing attention, the summary before them)", m)
	}
	t.Logf("admin's page at 390 px: %d px tall", height)

	// The search box: typed without accents, submitted as a link.
	var loc string
	err = chromedp.Run(browser,
		chromedp.SendKeys(`input[name=q]`, "long xuyen", chromedp.ByQuery),
		chromedp.Submit(`input[name=q]`, chromedp.ByQuery),
		chromedp.WaitVisible(`input[name=q][value="long xuyen"]`, chromedp.ByQuery),
		chromedp.Location(&loc), measure(&m), shot("directive-phone-search", false))
	if err != nil {
		t.Fatal(err)
	}
	m.check(t, "the search")
	if !strings.Contains(loc, "q=long+xuyen") || !slices.Equal(m.Rows, []string{"u-P-LONG-XUYEN"}) {
		t.Errorf("search: %s lists %v", loc, m.Rows)
	}

	// The filters: a status from the select, then a group; then a summary link.
	err = chromedp.Run(browser,
		chromedp.Navigate(page),
		chromedp.SetValue(`select[name=status]`, "qua-han", chromedp.ByQuery),
		chromedp.SetValue(`select[name=group]`, "phuong", chromedp.ByQuery),
		chromedp.Submit(`select[name=status]`, chromedp.ByQuery),
		chromedp.WaitReady(`select[name=group] option[value=phuong][selected]`, chromedp.ByQuery),
		chromedp.Location(&loc), measure(&m))
	if err != nil {
		t.Fatal(err)
	}
	q, _ := url.Parse(loc)
	if q.Query().Get("status") != "qua-han" || q.Query().Get("group") != "phuong" {
		t.Errorf("the filters are not in the link: %s", loc)
	}
	wantLate := p.units(t, id, func(u storage.UnitReport) bool {
		return u.Status == chidao.StatusOverdue && slices.Contains(u.Groups, "phuong")
	})
	if !sameSet(m.Rows, wantLate) {
		t.Errorf("overdue wards: %v, want %v", m.Rows, wantLate)
	}
	err = chromedp.Run(browser,
		chromedp.Click(`nav.summary a.st-done`, chromedp.ByQuery),
		chromedp.WaitVisible(`nav.summary a.st-done.on`, chromedp.ByQuery),
		chromedp.Location(&loc), measure(&m))
	if err != nil {
		t.Fatal(err)
	}
	q, _ = url.Parse(loc)
	if q.Query().Get("status") != "hoan-thanh-dung-han" || q.Query().Get("group") != "phuong" || len(m.Rows) == 0 {
		t.Errorf("the summary link: %s lists %v", loc, m.Rows)
	}
	m.check(t, "the filtered page")

	// A commune's head sees their own card.
	err = chromedp.Run(browser,
		chromedp.Navigate(link(head)), chromedp.WaitVisible(`ul.directives`, chromedp.ByQuery),
		chromedp.Navigate(page), chromedp.WaitVisible(`table.matrix`, chromedp.ByQuery),
		measure(&m), shot("directive-phone-head", true))
	if err != nil {
		t.Fatal(err)
	}
	m.check(t, "the head's page")
	if !slices.Equal(m.Rows, []string{"u-P-LONG-XUYEN"}) || !m.Card {
		t.Errorf("the head's page: %+v", m)
	}

	// On a desktop the same page is a table, the full matrix one link away.
	err = chromedp.Run(browser, chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(link(admin)), chromedp.WaitVisible(`ul.directives`, chromedp.ByQuery),
		chromedp.Navigate(page+"?view=matrix"), chromedp.WaitVisible(`table.matrix.full`, chromedp.ByQuery),
		measure(&m), shot("directive-desktop", false))
	if err != nil {
		t.Fatal(err)
	}
	if m.Card || m.Cards != 30 {
		t.Errorf("desktop: %+v (want a table of 30 rows)", m)
	}
}

// units lists the directive's units the Office would see matching keep.
func (p *province) units(t *testing.T, id int64, keep func(storage.UnitReport) bool) []string {
	t.Helper()
	rep, err := p.store.DirectiveStatus(p.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, u := range rep.Units {
		if keep(u) {
			out = append(out, "u-"+u.Code)
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// phoneMetrics is what the browser measured on a page.
type phoneMetrics struct {
	ScrollWidth, InnerWidth int
	Rows                    []string // the listed units' row ids
	Cards                   int
	Card                    bool // the rows are laid out as cards (no table header)
	Attention               int
	SummaryFirst            bool
}

func (m phoneMetrics) check(t *testing.T, what string) {
	t.Helper()
	if m.ScrollWidth > m.InnerWidth {
		t.Errorf("%s scrolls sideways: scrollWidth %d > innerWidth %d", what, m.ScrollWidth, m.InnerWidth)
	}
	if m.Cards > 0 && !m.Card {
		t.Errorf("%s: the units are a table, not cards", what)
	}
}

func measure(m *phoneMetrics) chromedp.Action {
	return chromedp.Evaluate(`(() => {
		const rows = [...document.querySelectorAll('table.matrix tbody tr')];
		const head = document.querySelector('table.matrix thead');
		const summary = document.querySelector('nav.summary'), table = document.querySelector('table.matrix');
		return {
			ScrollWidth: document.scrollingElement.scrollWidth, InnerWidth: window.innerWidth,
			Rows: rows.map(r => r.id), Cards: rows.length,
			Card: !!head && getComputedStyle(head).display === 'none' && rows.every(r => getComputedStyle(r).display !== 'table-row'),
			Attention: document.querySelectorAll('section.attention li').length,
			SummaryFirst: !!summary && !!table && !!(summary.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING),
		};
	})()`, m)
}

// shot saves a screenshot (the whole page or the viewport) to
// var/artifacts, and to docs/screenshots when CHIDAO_DOCS_SCREENSHOTS=1.
func shot(name string, full bool) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var png []byte
		var err error
		if full {
			err = chromedp.FullScreenshot(&png, 100).Do(ctx)
		} else {
			err = chromedp.CaptureScreenshot(&png).Do(ctx)
		}
		if err != nil {
			return err
		}
		dirs := []string{filepath.Join("..", "var", "artifacts")}
		if os.Getenv("CHIDAO_DOCS_SCREENSHOTS") == "1" {
			dirs = append(dirs, filepath.Join("..", "docs", "screenshots"))
		}
		for _, dir := range dirs {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
				return err
			}
		}
		return nil
	})
}
