package cli_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chidao"
)

const corpus = "../letter/testdata/corpus/"

// draftJSON is the contract of `chidao directive draft FILE --json`.
type draftJSON struct {
	Number     *string `json:"number"`
	IssuedOn   *string `json:"issued_on"`
	Title      string  `json:"title"`
	Body       string  `json:"body"`
	Recipients []struct {
		Text  string   `json:"text"`
		Units []string `json:"units"`
	} `json:"recipients"`
	Unmatched []string `json:"unmatched"`
	Tasks     []struct {
		Text   string `json:"text"`
		Clips  int    `json:"clips"`
		Report bool   `json:"report"`
	} `json:"tasks"`
	Due         *string `json:"due"`
	Implements  string  `json:"implements"`
	Signer      string  `json:"signer"`
	SignerTitle string  `json:"signer_title"`
}

func TestDirectiveDraftOfTheSeedLetter(t *testing.T) {
	o := newOffice(t)
	o.must("unit", "import", example+"units.csv")
	var d draftJSON
	mustJSON(t, o.must("directive", "draft", corpus+"01-1483-CV-BTGTU.pdf", "--json"), &d)
	units := map[string]bool{}
	for _, r := range d.Recipients {
		for _, u := range r.Units {
			units[u] = true
		}
	}
	if d.Number == nil || *d.Number != "1483-CV/BTGTU" || d.IssuedOn == nil || *d.IssuedOn != "2024-04-03" || d.Due != nil {
		t.Errorf("number %v, issued %v, due %v", d.Number, d.IssuedOn, d.Due)
	}
	if d.Title != "Tăng cường thông tin trên các nền tảng số, mạng xã hội" || !strings.HasPrefix(d.Body, "Thực hiện Công văn số 7944-CV/BTGTW") {
		t.Errorf("title %q, body %.60q", d.Title, d.Body)
	}
	if len(d.Recipients) != 6 || len(units) != 20 || units["BTGTU"] || d.Unmatched == nil || len(d.Unmatched) != 0 {
		t.Errorf("recipients %+v (%d units), unmatched %v", d.Recipients, len(units), d.Unmatched)
	}
	if len(d.Tasks) != 4 || d.Tasks[0].Clips != 1 || !d.Tasks[3].Report || d.Tasks[1].Clips != 0 || d.Tasks[1].Report {
		t.Errorf("tasks %+v", d.Tasks)
	}
	if d.Implements != "Công văn số 7944-CV/BTGTW, ngày 11/3/2024 của Ban Tuyên giáo Trung ương" || d.Signer != "Lâm Văn Sễn" || d.SignerTitle != "K/T TRƯỞNG BAN, PHÓ TRƯỞNG BAN" {
		t.Errorf("implements %q, signer %q (%q)", d.Implements, d.Signer, d.SignerTitle)
	}
	text := o.must("directive", "draft", corpus+"01-1483-CV-BTGTU.txt")
	for _, want := range []string{"Number:      1483-CV/BTGTU", "Issued:      03/04/2024", "Recipients (20 units):",
		"Trung tâm Văn hóa - Truyền thanh các huyện, thành phố -> 15 units", "1 assumed", "Missing: deadline (--due)"} {
		if !strings.Contains(text, want) {
			t.Errorf("draft text lacks %q:\n%s", want, text)
		}
	}
	if n := o.count("SELECT count(*) FROM directives"); n != 0 {
		t.Errorf("a draft created %d directives", n)
	}
}

// A file the reader cannot take: exit 1 with one line naming why.
func TestDirectiveDraftRefusals(t *testing.T) {
	o := newOffice(t)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := write("big.pdf", nil)
	if err := os.Truncate(big, 21<<20); err != nil {
		t.Fatal(err)
	}
	for path, says := range map[string]string{
		write("anh.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)):                  "a PNG image is not a letter",
		write("bang.xls", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 504)...)): "an Excel 97-2003 spreadsheet (.xls)",
		"../letter/testdata/bad/password.pdf":                                                       "password-protected",
		big:                                                                                         "larger than 20 MB",
		dir:                                                                                         "is a directory",
	} {
		_, err := o.run("directive", "draft", path)
		if err == nil || !errors.Is(err, chidao.ErrInvalid) || !strings.Contains(err.Error(), says) || strings.Contains(err.Error(), "\n") {
			t.Errorf("draft %s: %v, want one line saying %q", filepath.Base(path), err, says)
		}
	}
	if _, err := o.run("directive", "draft", filepath.Join(dir, "missing.pdf")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("a missing file: %v", err)
	}
}

func TestDirectiveCreateFromLetter(t *testing.T) {
	o := newOffice(t)
	o.must("unit", "import", example+"units.csv")
	seedPDF := corpus + "01-1483-CV-BTGTU.pdf"

	// The seed gives no deadline: refused, naming it, nothing created.
	if _, err := o.run("directive", "create", "--from", seedPDF); err == nil || !strings.Contains(err.Error(), "deadline (--due)") {
		t.Errorf("create without a deadline: %v", err)
	}
	// The same letter with a deadline written in it is issued as it stands.
	text, err := os.ReadFile(corpus + "01-1483-CV-BTGTU.txt")
	if err != nil {
		t.Fatal(err)
	}
	dated := filepath.Join(t.TempDir(), "1483-CV-BTGTU.txt")
	os.WriteFile(dated, []byte(strings.Replace(string(text), "(qua Phòng Tuyên truyền).", "(qua Phòng Tuyên truyền) trước ngày 15/12/2099.", 1)), 0o644)
	id := strings.TrimSpace(o.must("directive", "create", "--from", dated))
	var st status
	mustJSON(t, o.must("status", id, "--json"), &st)
	if st.Directive.Number != "1483-CV/BTGTU" || st.Directive.Due != "2099-12-15T23:59:59+07:00" || len(st.Units) != 20 {
		t.Errorf("directive %+v, %d units", st.Directive, len(st.Units))
	}
	if n := o.count("SELECT count(*) FROM tasks WHERE min_clips = 1 OR report"); n != 2 {
		t.Errorf("%d tasks ask for something, want the clip task and the report task", n)
	}
	if n := o.count("SELECT count(*) FROM files WHERE name = '1483-CV-BTGTU.txt'"); n != 1 {
		t.Errorf("the letter is attached %d times", n)
	}

	// Flags override the letter; the PDF is attached.
	id = strings.TrimSpace(o.must("directive", "create", "--from", seedPDF, "--due", "2099-12-31", "--number", "1483b-CV/BTGTU", "--title", "Bản sao"))
	if show := o.must("directive", "show", id); !strings.Contains(show, "1483b-CV/BTGTU\nBản sao") || !strings.Contains(show, "01-1483-CV-BTGTU.pdf (application/pdf") || !strings.Contains(show, "Units (20)") {
		t.Errorf("directive show:\n%s", show)
	}
}

func TestDirectiveCreateFromLetterWithUnmatchedRecipients(t *testing.T) {
	o := newOffice(t)
	o.must("unit", "import", example+"units.csv")
	plan := corpus + "05-kg-ke-hoach-19-5.pdf" // "Các đồng chí Tỉnh ủy viên" is no unit
	_, err := o.run("directive", "create", "--from", plan, "--due", "2099-06-30")
	if err == nil || !strings.Contains(err.Error(), `units for "Các đồng chí Tỉnh ủy viên"`) || !strings.Contains(err.Error(), "--units BKG,PTTH,TTVH-") {
		t.Errorf("create with an unmatched recipient: %v", err)
	}
	if n := o.count("SELECT count(*) FROM directives"); n != 0 {
		t.Fatalf("%d directives created", n)
	}
	id := strings.TrimSpace(o.must("directive", "create", "--from", plan, "--due", "2099-06-30", "--units", "BKG,PTTH"))
	var st status
	mustJSON(t, o.must("status", id, "--json"), &st)
	if st.Directive.Number != "152-KH/TU" || len(st.Units) != 2 {
		t.Errorf("directive %+v, units %d", st.Directive, len(st.Units))
	}
	// A draft without a number: refused naming everything missing at once.
	_, err = o.run("directive", "create", "--from", corpus+"07-kg-du-thao-khong-so.docx", "--due", "2099-06-30")
	if err == nil || !strings.Contains(err.Error(), "number (--number)") {
		t.Errorf("create from a draft without a number: %v", err)
	}
	// A letter with no tasks and no deadline: both named, nothing created.
	bare := filepath.Join(t.TempDir(), "thong-bao.txt")
	os.WriteFile(bare, []byte("TỈNH ỦY KIÊN GIANG\nBAN TUYÊN GIÁO\nSố 9-CV/BTGTU\nV/v thông báo\n\nKính gửi: Báo Kiên Giang.\n\nK/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\nLâm Văn Sễn\n"), 0o644)
	_, err = o.run("directive", "create", "--from", bare)
	if err == nil || !strings.Contains(err.Error(), "deadline (--due); tasks (--task)") {
		t.Errorf("create from a letter without tasks: %v", err)
	}
	if n := o.count("SELECT count(*) FROM directives"); n != 1 {
		t.Errorf("%d directives, want the one created above", n)
	}
	if _, err := o.run("directive", "create", "--from", plan, "--file", example+"1483-CV-BTGTU.json"); err == nil || !strings.Contains(err.Error(), "not both") {
		t.Errorf("--from with --file: %v", err)
	}
}
