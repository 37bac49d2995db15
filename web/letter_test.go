package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"chidao"
)

// upload is a file in a multipart form.
type upload struct {
	field, name string
	content     []byte
}

// post sends a multipart form as a browser would and returns the status
// and the page.
func (s *site) post(c *http.Cookie, path string, fields map[string][]string, files ...upload) (int, string) {
	s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		fw, _ := mw.CreateFormFile(f.field, f.name)
		_, _ = fw.Write(f.content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", s.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if c != nil {
		req.AddCookie(c)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(page)
}

var hidden = regexp.MustCompile(`name="(letter_file|letter_sig|letter_name)" value="([^"]*)"`)

// TestLetterFillsTheForm: the admin uploads the seed letter; the form
// opens filled in (number, date, title, tasks with clips and report,
// context), the unit it names ticked, the recipients no unit answers
// highlighted and the missing deadline marked; nothing is created until
// the form is submitted, which attaches the letter. A forged attachment,
// a head and a form without its token are refused.
func TestLetterFillsTheForm(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.store.Now = func() time.Time { return time.Date(2024, 4, 4, 9, 0, 0, 0, chidao.Zone) }
	admin := s.person("BTGTU", chidao.RoleAdmin, "Phạm Văn Dũng", "1")
	head := s.person("DPT", chidao.RoleHead, "Trần Thị Bình", "2")
	ac, hc := s.login(admin), s.login(head)
	acsrf := s.csrfOf(ac)
	pdf, err := os.ReadFile("../letter/testdata/corpus/01-1483-CV-BTGTU.pdf")
	if err != nil {
		t.Fatal(err)
	}
	seed := upload{"letter", "1483-CV-BTGTU.pdf", pdf}
	csrf := map[string][]string{"csrf": {acsrf}}

	status, page := s.post(ac, "/directives/draft", csrf, seed)
	if status != 200 {
		t.Fatalf("reading the letter: %d\n%s", status, page)
	}
	for _, want := range []string{`value="1483-CV/BTGTU"`, `value="2024-04-03"`, `value="Tăng cường thông tin trên các nền tảng số, mạng xã hội"`,
		`(1 clip)`, `(báo cáo)</textarea>`, `Thực hiện Công văn số 7944-CV/BTGTW`, `value="BKG" checked`, `id="due" name="due" value="" required class="missing"`,
		`<li>«Sở Thông tin và Truyền thông»</li>`, `<li>«Trung tâm Văn hóa - Truyền thanh các huyện, thành phố»</li>`,
		"Văn bản không ghi hạn hoàn thành", "Nhiệm vụ 1: văn bản yêu cầu video clip nhưng không ghi số lượng", "Người ký: Lâm Văn Sễn",
		"Tệp «1483-CV-BTGTU.pdf» được gửi kèm văn bản."} {
		if !strings.Contains(page, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
	if strings.Contains(page, `value="DPT" checked`) {
		t.Error("a unit the letter does not name is ticked")
	}
	var n int
	if err := s.store.Pool().QueryRow(s.ctx, `SELECT count(*) FROM directives`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("reading created %d directives (%v)", n, err)
	}
	form := map[string][]string{"csrf": {acsrf}, "number": {"1483-CV/BTGTU"}, "issued": {"2024-04-03"}, "title": {"Tăng cường thông tin"},
		"due": {"2024-04-20T17:00"}, "tasks": {"Đăng clip (1 clip)\nBáo cáo kết quả (báo cáo)"}, "units": {"BKG"}}
	for _, m := range hidden.FindAllStringSubmatch(page, -1) {
		form[m[1]] = []string{m[2]}
	}
	if len(form["letter_sig"]) != 1 {
		t.Fatalf("no letter fields in the form")
	}
	forged := map[string][]string{}
	for k, v := range form {
		forged[k] = v
	}
	forged["letter_file"] = []string{form["letter_file"][0] + "0"}
	if status, _ := s.post(ac, "/directives", forged); status != 403 {
		t.Errorf("a forged attachment: %d", status)
	}
	if status, page := s.post(ac, "/directives", form); status != 303 {
		t.Fatalf("submitting the form: %d\n%s", status, page)
	}
	var name, issued string
	var content []byte
	err = s.store.Pool().QueryRow(s.ctx, `SELECT f.name, f.content, d.issued_on::text FROM directives d
		JOIN directive_attachments a ON a.directive_id = d.id JOIN files f ON f.id = a.file_id WHERE d.number = '1483-CV/BTGTU'`).Scan(&name, &content, &issued)
	if err != nil || name != "1483-CV-BTGTU.pdf" || !bytes.Equal(content, pdf) || issued != "2024-04-03" {
		t.Errorf("the directive's letter: %q, %d bytes, issued %s, %v", name, len(content), issued, err)
	}

	if status, _ := s.post(hc, "/directives/draft", map[string][]string{"csrf": {s.csrfOf(hc)}}, seed); status != 403 {
		t.Errorf("a head reading a letter: %d", status)
	}
	if status, _ := s.post(ac, "/directives/draft", nil, seed); status != 403 {
		t.Errorf("no CSRF token: %d", status)
	}
}

// TestLetterRefusedOnTheDashboard: a photo, a scan and no file at all get
// the sentence saying why and what to upload instead, and no form values.
func TestLetterRefusedOnTheDashboard(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.store.Now = func() time.Time { return time.Date(2024, 4, 4, 9, 0, 0, 0, chidao.Zone) }
	ac := s.login(s.person("BTGTU", chidao.RoleAdmin, "Phạm Văn Dũng", "1"))
	csrf := map[string][]string{"csrf": {s.csrfOf(ac)}}
	scan, _ := os.ReadFile("../letter/testdata/bad/scan.pdf")
	for _, c := range []struct {
		file upload
		want string
	}{
		{upload{"letter", "anh-chup.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")}, "Tệp «anh-chup.png» là ảnh chụp, trợ lý chưa đọc được chữ"},
		{upload{"letter", "scan.pdf", scan}, "Văn bản «scan.pdf» là bản quét"},
	} {
		if status, page := s.post(ac, "/directives/draft", csrf, c.file); status != 422 || !strings.Contains(page, c.want) {
			t.Errorf("%s: %d, page lacks %q", c.file.name, status, c.want)
		}
	}
	if status, _ := s.post(ac, "/directives/draft", csrf); status != 422 {
		t.Errorf("no file: %d", status)
	}
	var n int
	if err := s.store.Pool().QueryRow(s.ctx, `SELECT count(*) FROM files`).Scan(&n); err != nil || n != 0 {
		t.Errorf("refused letters stored: %d (%v)", n, err)
	}
}
