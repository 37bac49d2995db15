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
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.Headless)...)
	defer cancelAlloc()
	// chromedp logs the events of newer Chromium it cannot decode; they do not matter here.
	browser, cancelBrowser := chromedp.NewContext(alloc, chromedp.WithErrorf(func(string, ...any) {}))
	defer cancelBrowser()
	d := &driver{t: t, p: p, browser: browser, id: id, page: fmt.Sprintf("%s/directives/%d", p.srv.URL, id)}
	d.adminOnAPhone(admin)
	d.search()
	d.filters()
	d.headOnAPhone(head)
	d.desktop(admin)
}

// driver walks the directive page in one browser.
type driver struct {
	t       *testing.T
	p       *province
	browser context.Context
	id      int64
	page    string
	m       phoneMetrics
	loc     string
}

func (d *driver) run(actions ...chromedp.Action) {
	d.t.Helper()
	if err := chromedp.Run(d.browser, actions...); err != nil {
		d.t.Fatal(err)
	}
}

// signIn opens a session for who through a one-time link.
func (d *driver) signIn(who chidao.Person) chromedp.Action {
	token, err := d.p.store.CreateLoginLink(d.p.ctx, chidao.System, who.ID, 10*time.Minute)
	if err != nil {
		d.t.Fatal(err)
	}
	return chromedp.Tasks{chromedp.Navigate(d.p.srv.URL + "/login?t=" + token), chromedp.Click(`form.login button`, chromedp.ByQuery), chromedp.WaitVisible(`ul.directives`, chromedp.ByQuery)}
}

// adminOnAPhone: the summary, the attention list, then cards.
func (d *driver) adminOnAPhone(admin chidao.Person) {
	var height int64
	d.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), d.signIn(admin),
		chromedp.Navigate(d.page), chromedp.WaitVisible(`section.attention`, chromedp.ByQuery),
		measure(&d.m), chromedp.Evaluate(`document.scrollingElement.scrollHeight`, &height), shot("directive-phone", true))
	d.m.check(d.t, "the admin's page")
	if d.m.Cards != 30 || d.m.Attention != 10 || !d.m.SummaryFirst {
		d.t.Errorf("admin on a phone: %+v (want 30 cards, 10 units needing attention, the summary before them)", d.m)
	}
	d.t.Logf("admin's page at 390 px: %d px tall", height)
}

// search: typed without accents, submitted as a link.
func (d *driver) search() {
	d.run(chromedp.SendKeys(`input[name=q]`, "long xuyen", chromedp.ByQuery), chromedp.Submit(`input[name=q]`, chromedp.ByQuery),
		chromedp.WaitVisible(`input[name=q][value="long xuyen"]`, chromedp.ByQuery),
		chromedp.Location(&d.loc), measure(&d.m), shot("directive-phone-search", false))
	d.m.check(d.t, "the search")
	if !strings.Contains(d.loc, "q=long+xuyen") || !slices.Equal(d.m.Rows, []string{"u-P-LONG-XUYEN"}) {
		d.t.Errorf("search: %s lists %v", d.loc, d.m.Rows)
	}
}

// filters: a status from the select, then a group; then a summary link
// keeps the group.
func (d *driver) filters() {
	d.run(chromedp.Navigate(d.page),
		chromedp.SetValue(`select[name=status]`, "qua-han", chromedp.ByQuery),
		chromedp.SetValue(`select[name=group]`, "phuong", chromedp.ByQuery),
		chromedp.Submit(`select[name=status]`, chromedp.ByQuery),
		chromedp.WaitReady(`select[name=group] option[value=phuong][selected]`, chromedp.ByQuery),
		chromedp.Location(&d.loc), measure(&d.m))
	q, _ := url.Parse(d.loc)
	if q.Query().Get("status") != "qua-han" || q.Query().Get("group") != "phuong" {
		d.t.Errorf("the filters are not in the link: %s", d.loc)
	}
	wantLate := d.p.units(d.t, d.id, func(u storage.UnitReport) bool {
		return u.Status == chidao.StatusOverdue && slices.Contains(u.Groups, "phuong")
	})
	if !sameSet(d.m.Rows, wantLate) {
		d.t.Errorf("overdue wards: %v, want %v", d.m.Rows, wantLate)
	}
	d.run(chromedp.Click(`nav.summary a.st-done`, chromedp.ByQuery), chromedp.WaitVisible(`nav.summary a.st-done.on`, chromedp.ByQuery),
		chromedp.Location(&d.loc), measure(&d.m))
	q, _ = url.Parse(d.loc)
	if q.Query().Get("status") != "hoan-thanh-dung-han" || q.Query().Get("group") != "phuong" || len(d.m.Rows) == 0 {
		d.t.Errorf("the summary link: %s lists %v", d.loc, d.m.Rows)
	}
	d.m.check(d.t, "the filtered page")
}

// headOnAPhone: a commune's head sees their own card.
func (d *driver) headOnAPhone(head chidao.Person) {
	d.run(d.signIn(head), chromedp.Navigate(d.page), chromedp.WaitVisible(`table.matrix`, chromedp.ByQuery),
		measure(&d.m), shot("directive-phone-head", true))
	d.m.check(d.t, "the head's page")
	if !slices.Equal(d.m.Rows, []string{"u-P-LONG-XUYEN"}) || !d.m.Card {
		d.t.Errorf("the head's page: %+v", d.m)
	}
}

// desktop: the same page is a table, the full matrix one link away.
func (d *driver) desktop(admin chidao.Person) {
	d.run(chromedp.EmulateViewport(1280, 900), d.signIn(admin),
		chromedp.Navigate(d.page+"?view=matrix"), chromedp.WaitVisible(`table.matrix.full`, chromedp.ByQuery),
		measure(&d.m), shot("directive-desktop", false))
	if d.m.Card || d.m.Cards != 30 {
		d.t.Errorf("desktop: %+v (want a table of 30 rows)", d.m)
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
