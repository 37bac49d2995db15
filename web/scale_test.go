package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/cli"
	"chidao/internal/dbtest"
	"chidao/server"
	"chidao/storage"
	"chidao/web"
)

// province is the An Giang example on a test database with a settable
// clock: the Ban, its press and associations, the 102 communes in groups.
type province struct {
	*site
	now time.Time
}

func (p *province) clock() time.Time { return p.now }

func newProvince(t *testing.T) *province {
	t.Helper()
	url := dbtest.URL(t)
	for _, args := range [][]string{{"group", "import", "../examples/angiang/groups.csv"}, {"unit", "import", "../examples/angiang/units.csv"}} {
		var out, errOut bytes.Buffer
		if err := cli.Run(context.Background(), args, func(k string) string {
			return map[string]string{"DATABASE_URL": url, "CHIDAO_SECRET_KEY": dbtest.SecretKey}[k]
		}, &out, &errOut); err != nil {
			t.Fatalf("chidao %s: %v", strings.Join(args, " "), err)
		}
	}
	s, err := storage.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	// Tuesday 23/09/2025 08:00 in Vietnam, whatever the hour the suite runs.
	p := &province{now: time.Date(2025, 9, 23, 8, 0, 0, 0, chidao.Zone)}
	s.Now = p.clock
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(server.New(s, log, web.New(s, log, "https://chidao.example.vn", exportXLSX).Routes()...))
	t.Cleanup(srv.Close)
	p.site = &site{t: t, ctx: context.Background(), store: s, srv: srv}
	return p
}

// communeWork makes the 102 communes' directive with a known outcome: 90
// report in time, 3 after the deadline, 4 acknowledge without reporting
// and 5 do nothing. It returns the directive and the codes of the 9 units
// overdue after the deadline.
func (p *province) communeWork(t *testing.T) (int64, []string) {
	t.Helper()
	due := p.now.Add(72 * time.Hour)
	id, err := p.store.CreateDirective(p.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "86-CV/BTGDVTU",
		Title: "Tuyên truyền về chính quyền địa phương hai cấp", Due: due, GroupCodes: []string{"cap-xa"},
		Tasks: []storage.NewTask{{Text: "Báo cáo kết quả", Requirement: chidao.Requirement{Report: true}}}})
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := p.store.DirectiveStatus(p.ctx, id)
	if len(rep.Units) != 102 {
		t.Fatalf("the directive to cap-xa reached %d units, want 102", len(rep.Units))
	}
	codes := unitCodesSorted(rep)
	officer := map[string]chidao.Person{}
	for i, code := range codes[:97] {
		officer[code] = p.person(code, chidao.RoleOfficer, fmt.Sprintf("Cán bộ %d", i), fmt.Sprint(1000+i))
	}
	p.now = p.now.Add(2 * time.Hour)
	for _, code := range codes[:90] {
		p.report(t, officer[code], id)
	}
	for _, code := range codes[93:97] {
		if _, err := p.store.Acknowledge(p.ctx, officer[code].ID, id); err != nil {
			t.Fatal(err)
		}
	}
	p.now = due.Add(26 * time.Hour)
	for _, code := range codes[90:93] {
		p.report(t, officer[code], id)
	}
	return id, codes[93:]
}

func (p *province) report(t *testing.T, who chidao.Person, id int64) {
	t.Helper()
	if _, err := p.store.Submit(p.ctx, storage.Submission{PersonID: who.ID, DirectiveID: id, Kind: "report", Text: "Đã thực hiện"}); err != nil {
		t.Fatal(err)
	}
}

func unitCodesSorted(r storage.DirectiveReport) []string {
	var out []string
	for _, u := range r.Units {
		out = append(out, u.Code)
	}
	sort.Strings(out)
	return out
}

var rowID = regexp.MustCompile(`<tr id="u-([A-Z0-9-]+)">`)

// listed returns the units listed on a page of the directive, in order.
func listed(page string) []string {
	var out []string
	for _, m := range rowID.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestFilterOverdueAtProvinceScale: with the An Giang example, the page
// filtered by ?status=qua-han lists exactly the overdue communes (the
// clock is injected: the deadline passed a day ago), the counts add up,
// and the other filters are links that combine.
func TestFilterOverdueAtProvinceScale(t *testing.T) {
	t.Parallel()
	p := newProvince(t)
	admin := p.person("BTGDVTU", chidao.RoleAdmin, "Phạm Văn Dũng", "1")
	id, overdue := p.communeWork(t)
	c := p.login(admin)
	get := func(query string) string {
		t.Helper()
		resp := p.do("GET", fmt.Sprintf("/directives/%d%s", id, query), c, nil)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", query, resp.StatusCode)
		}
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	page := get("?status=qua-han")
	got := listed(page)
	slices.Sort(got)
	if !slices.Equal(got, overdue) {
		t.Fatalf("?status=qua-han lists %v, want exactly the overdue %v", got, overdue)
	}
	for slug, n := range map[string]int{"qua-han": 9, "hoan-thanh-dung-han": 90, "hoan-thanh-qua-han": 3, "chua-nhan": 0} {
		if want := fmt.Sprintf(`href="?status=%s">`, slug); !strings.Contains(page, want) {
			t.Errorf("no summary link %s", want)
		}
		if got := len(listed(get("?status=" + slug))); got != min(n, 30) {
			t.Errorf("?status=%s lists %d units, want %d", slug, got, min(n, 30))
		}
	}
	// The summary comes first, with the units needing attention: the 9
	// overdue ones, the 5 silent among them said so.
	full := get("")
	if strings.Index(full, `class="summary"`) > strings.Index(full, `<table`) || !strings.Contains(full, "Cần chú ý: 9 đơn vị") {
		t.Errorf("the summary and the attention list do not come before the table")
	}
	if n := strings.Count(full, "chưa xác nhận sau 1 ngày"); n != 5*2 {
		t.Errorf("%d mentions of silent units, want 5 in the attention list and 5 in the list", n)
	}
	// Sorted by urgency, the first page starts with the overdue units;
	// 102 units make 4 pages of 30.
	if first := listed(full); len(first) != 30 || !slices.Contains(overdue, first[0]) || !slices.Contains(overdue, first[8]) {
		t.Errorf("first page: %v", first)
	}
	if last := listed(get("?page=4")); len(last) != 12 {
		t.Errorf("the last page lists %d units, want 12", len(last))
	}
	// Combined filters: overdue wards; a search without accents.
	var wards []string
	for _, code := range overdue {
		if strings.HasPrefix(code, "P-") {
			wards = append(wards, code)
		}
	}
	got = listed(get("?status=qua-han&group=phuong"))
	slices.Sort(got)
	if !slices.Equal(got, wards) {
		t.Errorf("overdue wards: %v, want %v", got, wards)
	}
	if got := listed(get("?q=long+xuyen")); !slices.Equal(got, []string{"P-LONG-XUYEN"}) {
		t.Errorf("search 'long xuyen': %v", got)
	}
	if got := listed(get("?q=Vĩnh+Hòa&sort=ten")); !slices.Equal(got, []string{"X-VINH-HOA", "X-VINH-HOA-HUNG"}) {
		t.Errorf("search 'Vĩnh Hòa' by name: %v", got)
	}
	if page := get("?q=khong+co+xa+nay"); !strings.Contains(page, "Không có đơn vị nào phù hợp") {
		t.Errorf("an empty search says nothing")
	}
	if page := get("?status=khong-biet"); len(listed(page)) != 30 {
		t.Errorf("an unknown status slug should show every unit")
	}
	if page := get("?view=matrix&status=qua-han"); !strings.Contains(page, "Nhiệm vụ 1</th>") || len(listed(page)) != 9 {
		t.Errorf("the full matrix does not keep the filter")
	}
}
