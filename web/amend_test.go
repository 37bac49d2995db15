package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/storage"
	"chidao/texts"
)

// TestOfficeCorrectsAndSupplements: on the directive page an Office admin
// corrects the title and a task's text with a note, then adds a task
// asking for clips and an attachment. Bad input (no note, nothing changed,
// a task that is not there, a bad number of clips, an empty file) is
// refused with its reason and writes nothing; a head, a form from another
// site and a form without the token are refused.
func TestOfficeCorrectsAndSupplements(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin := s.person("BTGTU", chidao.RoleAdmin, "Phạm Văn Dũng", "1")
	head := s.person("DPT", chidao.RoleHead, "Trần Thị Bình", "2")
	ac, hc := s.login(admin), s.login(head)
	csrf, hcsrf := s.csrfOf(ac), s.csrfOf(hc)
	body := "Đề nghị các đơn vị triển khai.\nBáo cáo trước ngày 20."
	id, err := s.store.CreateDirective(s.ctx, chidao.System, storage.NewDirective{Number: "161-CV/BTGTU", Title: "V/v tuyên truyền 95 năm",
		Body: body, Due: s.store.Now().Add(72 * time.Hour), UnitCodes: []string{"DPT", "BKG"},
		Tasks: []storage.NewTask{{Text: "Quán triệt văn bản"}, {Text: "Đăng clip", Requirement: chidao.Requirement{MinClips: 1}}}})
	if err != nil {
		t.Fatal(err)
	}
	page := "/directives/" + strconv.FormatInt(id, 10)
	revision := func() int {
		t.Helper()
		d, err := s.store.Directive(s.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Revision
	}
	refused := func(resp *http.Response, status int, msg string) {
		t.Helper()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != status || !strings.Contains(string(b), msg) {
			t.Fatalf("got %d, want %d with %q:\n%s", resp.StatusCode, status, msg, b)
		}
		if r := revision(); r != 0 {
			t.Fatalf("a refused form changed the directive (revision %d)", r)
		}
	}

	// The page offers both forms, filled with the directive as it is.
	b, _ := io.ReadAll(s.do("GET", page, ac, nil).Body)
	for _, want := range []string{`action="` + page + `/correct"`, `action="` + page + `/supplement"`, `value="V/v tuyên truyền 95 năm"`, "Nhiệm vụ 2: Đăng clip"} {
		if !strings.Contains(string(b), want) {
			t.Fatalf("the directive page lacks %q", want)
		}
	}
	if b, _ := io.ReadAll(s.do("GET", page, hc, nil).Body); strings.Contains(string(b), "/correct") {
		t.Fatal("a head's page offers the correction form")
	}

	// The browser sends the body back with CRLF: that alone changes nothing.
	crlf := strings.ReplaceAll(body, "\n", "\r\n")
	form := func(extra url.Values) url.Values {
		v := url.Values{"csrf": {csrf}, "title": {"V/v tuyên truyền 95 năm"}, "body": {crlf}, "task": {"1"}}
		for k, x := range extra {
			v[k] = x
		}
		return v
	}
	refused(s.do("POST", page+"/correct", ac, form(url.Values{"title": {"V/v tuyên truyền 96 năm"}})), 422, texts.DashAmendNeedsNote)
	refused(s.do("POST", page+"/correct", ac, form(url.Values{"note": {"sửa lỗi"}})), 422, texts.DashCorrectNothing)
	refused(s.do("POST", page+"/correct", ac, form(url.Values{"note": {"sửa lỗi"}, "task": {"7"}, "task_text": {"Nhiệm vụ không có"}})), 422, texts.DashCorrectBad)
	refused(s.do("POST", page+"/correct", ac, form(url.Values{"note": {"sửa lỗi"}, "title": {"  "}})), 422, texts.DashCorrectBad)
	refused(s.do("POST", page+"/correct", hc, url.Values{"csrf": {hcsrf}, "title": {"x"}, "note": {"y"}}), 403, "")
	refused(s.do("POST", page+"/correct", ac, url.Values{"title": {"x"}, "note": {"y"}}), 403, "")
	cross, _ := http.NewRequest("POST", s.srv.URL+page+"/correct", strings.NewReader(form(url.Values{"title": {"x"}, "note": {"y"}}).Encode()))
	cross.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	cross.Header.Set("Sec-Fetch-Site", "cross-site")
	cross.AddCookie(ac)
	resp, err := http.DefaultTransport.RoundTrip(cross)
	if err != nil {
		t.Fatal(err)
	}
	refused(resp, 403, texts.DashCrossSite)

	resp = s.do("POST", page+"/correct", ac, form(url.Values{"title": {"V/v tuyên truyền 96 năm"}, "task": {"1"},
		"task_text": {"Quán triệt văn bản đến toàn thể cán bộ"}, "note": {"sửa số năm và nêu rõ nhiệm vụ 1"}}))
	if resp.StatusCode != 303 || resp.Header.Get("Location") != page+"?done=corrected" {
		t.Fatalf("correcting: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	d, _ := s.store.Directive(s.ctx, id)
	tasks, _ := s.store.Tasks(s.ctx, id)
	if d.Title != "V/v tuyên truyền 96 năm" || d.Body != body || tasks[0].Text != "Quán triệt văn bản đến toàn thể cán bộ" || d.Revision != 1 {
		t.Fatalf("after the correction: %q %q %q rev %d", d.Title, d.Body, tasks[0].Text, d.Revision)
	}
	b, _ = io.ReadAll(s.do("GET", page+"?done=corrected", ac, nil).Body)
	for _, want := range []string{texts.DashCorrectedNotice, "Đính chính", "sửa số năm và nêu rõ nhiệm vụ 1"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the page after the correction lacks %q", want)
		}
	}

	// Supplements: bad input first, nothing written.
	sup := func(c *http.Cookie, fields map[string][]string, files ...upload) (int, string) {
		t.Helper()
		return s.post(c, page+"/supplement", fields, files...)
	}
	pdf := []byte("%PDF-1.4 kế hoạch")
	for _, bad := range []struct {
		fields map[string][]string
		files  []upload
		want   string
	}{
		{map[string][]string{"csrf": {csrf}, "task_text": {"Đăng thêm clip"}, "clips": {"2"}}, nil, texts.DashAmendNeedsNote},
		{map[string][]string{"csrf": {csrf}, "note": {"bổ sung"}}, nil, texts.DashSupplementNothing},
		{map[string][]string{"csrf": {csrf}, "task_text": {"Đăng thêm clip"}, "clips": {"hai"}, "note": {"bổ sung"}}, nil, texts.DashSupplementBadClips},
		{map[string][]string{"csrf": {csrf}, "task_text": {"Đăng thêm clip"}, "note": {"bổ sung"}}, []upload{{"attachment", "trong.pdf", nil}}, texts.DashSupplementTooLarge},
	} {
		if code, page := sup(ac, bad.fields, bad.files...); code != 422 || !strings.Contains(page, bad.want) {
			t.Fatalf("supplement %v: %d, want 422 %q:\n%s", bad.fields, code, bad.want, page)
		}
	}
	if code, _ := sup(hc, map[string][]string{"csrf": {hcsrf}, "task_text": {"x"}, "note": {"y"}}); code != 403 {
		t.Fatalf("a head's supplement: %d", code)
	}
	if code, _ := sup(ac, map[string][]string{"task_text": {"x"}, "note": {"y"}}); code != 403 {
		t.Fatalf("a supplement without the token: %d", code)
	}
	if ts, _ := s.store.Tasks(s.ctx, id); len(ts) != 2 {
		t.Fatalf("refused supplements wrote tasks: %d", len(ts))
	}

	code, _ := sup(ac, map[string][]string{"csrf": {csrf}, "task_text": {"Đăng clip về Đại hội"}, "clips": {"2"}, "report": {"1"},
		"note": {"bổ sung nhiệm vụ theo kế hoạch của tỉnh"}}, upload{"attachment", "ke-hoach.pdf", pdf})
	if code != 303 {
		t.Fatalf("supplementing: %d", code)
	}
	tasks, _ = s.store.Tasks(s.ctx, id)
	files, _ := s.store.Attachments(s.ctx, id)
	if len(tasks) != 3 || tasks[2].Text != "Đăng clip về Đại hội" || tasks[2].MinClips != 2 || !tasks[2].Report || len(files) != 1 || files[0].Name != "ke-hoach.pdf" {
		t.Fatalf("after the supplement: tasks %+v, files %+v", tasks, files)
	}
	b, _ = io.ReadAll(s.do("GET", page+"?done=supplemented", ac, nil).Body)
	for _, want := range []string{texts.DashSupplementedNotice, "Bổ sung", "bổ sung nhiệm vụ theo kế hoạch của tỉnh"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the page after the supplement lacks %q", want)
		}
	}
}
