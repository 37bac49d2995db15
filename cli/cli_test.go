package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/cli"
	"chidao/internal/dbtest"
	"chidao/internal/testclock"
	"chidao/storage"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// office is a chidao command line bound to one test database.
type office struct {
	t   *testing.T
	url string
	env map[string]string
}

func newOffice(t *testing.T) *office {
	t.Parallel()
	url := dbtest.URL(t)
	return &office{t: t, url: url, env: map[string]string{"DATABASE_URL": url}}
}

// run runs chidao with args and returns stdout, or the error.
func (o *office) run(args ...string) (string, error) {
	var out, errOut bytes.Buffer
	err := cli.Run(context.Background(), args, o.getenv, &out, &errOut)
	return out.String(), err
}

// getenv is the command's environment: o.env, and the test clock's
// current instant (each command's clock starts where the test's is).
func (o *office) getenv(k string) string {
	if k == testclock.Variable {
		return testclock.Now().Format(time.RFC3339Nano)
	}
	if v, ok := o.env[k]; ok || k != "CHIDAO_SECRET_KEY" {
		return v
	}
	return dbtest.SecretKey
}

func (o *office) must(args ...string) string {
	o.t.Helper()
	out, err := o.run(args...)
	if err != nil {
		o.t.Fatalf("chidao %s: %v", strings.Join(args, " "), err)
	}
	return out
}

func (o *office) count(q string) int {
	o.t.Helper()
	s, err := storage.Open(context.Background(), o.url)
	if err != nil {
		o.t.Fatal(err)
	}
	defer s.Close()
	var n int
	if err := s.Pool().QueryRow(context.Background(), q).Scan(&n); err != nil {
		o.t.Fatal(err)
	}
	return n
}

const example = "../examples/kiengiang/"

func TestKienGiangExampleEndToEnd(t *testing.T) {
	o := newOffice(t)
	if out := o.must("unit", "import", example+"units.csv"); !strings.Contains(out, "21 units imported: 21 new") {
		t.Errorf("import: %s", out)
	}
	var units []chidao.Unit
	mustJSON(t, o.must("unit", "list", "--json"), &units)
	if len(units) != 21 || units[0].Code != "BTGTU" || units[1].ParentCode != "BTGTU" {
		t.Fatalf("units: %+v", units)
	}
	due := testclock.Now().In(chidao.Zone).AddDate(0, 0, 14).Format("2006-01-02")
	out := o.must("directive", "create", "--file", example+"1483-CV-BTGTU.json", "--due", due, "--attach", example+"1483-CV-BTGTU.txt")
	id := strings.SplitN(out, "\n", 2)[0]
	if !regexp.MustCompile(`^\d+$`).MatchString(id) {
		t.Fatalf("first line of directive create = %q, want the id", out)
	}

	var st status
	mustJSON(t, o.must("status", id, "--json"), &st)
	if st.Directive.Number != "1483-CV/BTGTU" || !strings.HasPrefix(st.Directive.Due, due+"T23:59:59+07:00") {
		t.Errorf("directive: %+v", st.Directive)
	}
	if len(st.Units) != 20 {
		t.Fatalf("units in status: %d, want the 20 recipients", len(st.Units))
	}
	for _, u := range st.Units {
		if u.Status != "chưa nhận" || u.AcknowledgedAt != nil || u.Clips == nil || u.Reports == nil || u.Difficulties == nil {
			t.Errorf("unit %s before anything happened: %+v", u.Code, u)
		}
	}

	// An officer and the head of Báo Kiên Giang register and work.
	s := dbtest.Open(t, o.url)
	officer := redeem(t, o, s, "--unit", "BKG", "--role", "officer", "--name", "Nguyễn Văn An")
	head := redeem(t, o, s, "--unit", "BKG", "--role", "head", "--name", "Lê Thị Hoa")
	var did int64
	fmt.Sscan(id, &did)
	ctx := context.Background()
	for i, url := range []string{"https://youtu.be/a1", "https://www.tiktok.com/@bkg/video/2", "https://fb.watch/c3", "https://youtu.be/d4"} {
		cid, err := s.Submit(ctx, storage.Submission{PersonID: officer.ID, DirectiveID: did, Kind: "clip", URL: url, Platform: "other"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ReviewClip(ctx, head.ID, cid, i < 3, "Chưa đạt"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Submit(ctx, storage.Submission{PersonID: officer.ID, DirectiveID: did, Kind: "report", Text: "Đã đăng 3 clip, 12.000 lượt xem"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Submit(ctx, storage.Submission{PersonID: officer.ID, DirectiveID: did, Kind: "difficulty", Text: "Thiếu máy quay"}); err != nil {
		t.Fatal(err)
	}
	mustJSON(t, o.must("status", "--json", id), &st)
	bkg := st.Units[0]
	for _, u := range st.Units {
		if u.Code == "BKG" {
			bkg = u
		}
	}
	if bkg.Status != "hoàn thành đúng hạn" || bkg.AcknowledgedAt == nil || !strings.HasSuffix(*bkg.AcknowledgedAt, "+07:00") {
		t.Errorf("BKG: %+v", bkg)
	}
	reviews := map[string]int{}
	for _, c := range bkg.Clips {
		reviews[c.Review]++
		if c.SubmittedBy != "Nguyễn Văn An" || c.URL == "" || c.Platform == "" {
			t.Errorf("clip: %+v", c)
		}
	}
	if reviews["approved"] != 3 || reviews["rejected"] != 1 || len(bkg.Clips) != 4 {
		t.Errorf("clip reviews: %v", reviews)
	}
	if len(bkg.Reports) != 1 || bkg.Reports[0].Text != "Đã đăng 3 clip, 12.000 lượt xem" || bkg.Reports[0].SubmittedBy != "Nguyễn Văn An" || bkg.Reports[0].SubmittedAt == "" {
		t.Errorf("reports: %+v", bkg.Reports)
	}
	if len(bkg.Difficulties) != 1 || bkg.Difficulties[0].Text != "Thiếu máy quay" {
		t.Errorf("difficulties: %+v", bkg.Difficulties)
	}

	table := o.must("status", id)
	if !strings.Contains(table, "BKG") || !strings.Contains(table, "hoàn thành đúng hạn") || !strings.Contains(table, "3/3 (+1)") {
		t.Errorf("status table:\n%s", table)
	}
	if show := o.must("directive", "show", id); !strings.Contains(show, "1483-CV-BTGTU.txt") || !strings.Contains(show, "3 approved clip(s)") {
		t.Errorf("directive show:\n%s", show)
	}
	o.must("directive", "close", id)
	if list := o.must("directive", "list"); !strings.Contains(list, "closed") {
		t.Errorf("directive list after close:\n%s", list)
	}
	if all := o.must("status"); !strings.Contains(all, "No active directives") {
		t.Errorf("status of nothing open:\n%s", all)
	}
}

// redeem makes an invite with the CLI and registers a Telegram account with it.
func redeem(t *testing.T, o *office, s *storage.Store, args ...string) chidao.Person {
	t.Helper()
	code := strings.SplitN(o.must(append([]string{"invite"}, args...)...), "\n", 2)[0]
	p, err := s.RedeemInvite(context.Background(), storage.Redemption{Code: code, Channel: chidao.Telegram, ExternalUserID: code[:6], ChatID: code[:6]})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type status struct {
	Directive struct {
		ID     int64  `json:"id"`
		Number string `json:"number"`
		Title  string `json:"title"`
		Due    string `json:"due"`
	} `json:"directive"`
	Units []struct {
		Code           string  `json:"code"`
		Name           string  `json:"name"`
		Status         string  `json:"status"`
		AcknowledgedAt *string `json:"acknowledged_at"`
		Clips          []struct {
			URL, Platform, Review string
			SubmittedBy           string `json:"submitted_by"`
		} `json:"clips"`
		Reports      []textItem `json:"reports"`
		Difficulties []textItem `json:"difficulties"`
	} `json:"units"`
}

type textItem struct {
	Text        string `json:"text"`
	SubmittedBy string `json:"submitted_by"`
	SubmittedAt string `json:"submitted_at"`
}

func mustJSON(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
}

// TestInviteWritesQRCode: --qr writes a PNG of the Telegram link, square,
// with the QR code's dark modules on a light quiet zone; without a bot
// username it is refused before any invite is made.
func TestInviteWritesQRCode(t *testing.T) {
	o := newOffice(t)
	o.must("unit", "add", "--code", "BKG", "--name", "Báo Kiên Giang")
	file := filepath.Join(t.TempDir(), "moi.png")
	if _, err := o.run("invite", "--unit", "BKG", "--role", "officer", "--qr", file); err == nil {
		t.Fatal("--qr without TELEGRAM_BOT_USERNAME was accepted")
	}
	o.env["TELEGRAM_BOT_USERNAME"] = "chidao_kg_bot"
	out := o.must("invite", "--unit", "BKG", "--role", "officer", "--name", "Nguyễn Văn An", "--qr", file)
	if !strings.Contains(out, "quét mã QR kèm theo") || !strings.Contains(out, "Kính gửi đồng chí Nguyễn Văn An (Báo Kiên Giang)") {
		t.Errorf("invitation does not mention the QR code or the person:\n%s", out)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	b := img.Bounds()
	if b.Dx() != b.Dy() || b.Dx() < 256 {
		t.Fatalf("QR image %v: want a square of at least 256 px", b)
	}
	dark := func(x, y int) bool { r, _, _, _ := img.At(x, y).RGBA(); return r < 0x8000 }
	if dark(b.Min.X+2, b.Min.Y+2) {
		t.Error("no light quiet zone around the code")
	}
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y += 4 {
		for x := b.Min.X; x < b.Max.X; x += 4 {
			if dark(x, y) {
				n++
			}
		}
	}
	if total := (b.Dx() / 4) * (b.Dy() / 4); n < total/5 || n > total*3/5 {
		t.Errorf("%d of %d samples dark: not a QR code's density", n, total)
	}
}

func TestInvitePrintsCodeLinkAndShortCode(t *testing.T) {
	o := newOffice(t)
	o.must("unit", "add", "--code", "BKG", "--name", "Báo Kiên Giang")
	o.env["TELEGRAM_BOT_USERNAME"] = "chidao_kg_bot"
	lines := strings.Split(strings.TrimSpace(o.must("invite", "--unit", "BKG", "--role", "officer", "--ttl", "24h")), "\n")
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{22,64}$`).MatchString(lines[0]) {
		t.Errorf("code line %q: want at least 128 bits, URL-safe", lines[0])
	}
	if lines[1] != "https://t.me/chidao_kg_bot?start="+lines[0] {
		t.Errorf("deep link line %q", lines[1])
	}
	if !regexp.MustCompile(`^[2-9A-HJKMNP-Z]{8}$`).MatchString(lines[2]) {
		t.Errorf("short code line %q", lines[2])
	}
	invitation := strings.Join(lines[3:], "\n")
	for _, want := range []string{"Kính gửi đồng chí cán bộ đầu mối của Báo Kiên Giang", "Ban Tuyên giáo và Dân vận Tỉnh ủy mời đồng chí",
		"bấm vào đường link " + lines[1], "gửi tin nhắn: DK " + lines[2], "có hiệu lực đến "} {
		if !strings.Contains(invitation, want) {
			t.Errorf("invitation lacks %q:\n%s", want, invitation)
		}
	}
	if regexp.MustCompile(`(?i)\b(send|valid|until|official account)\b`).MatchString(invitation) {
		t.Errorf("invitation has English:\n%s", invitation)
	}
	seen := map[string]bool{}
	for range 20 {
		code := strings.SplitN(o.must("invite", "--unit", "BKG", "--role", "head"), "\n", 2)[0]
		if seen[code] {
			t.Fatal("an invite code repeated")
		}
		seen[code] = true
	}
}

func TestBadInputExitsWithOneClearLineAndWritesNothing(t *testing.T) {
	o := newOffice(t)
	o.must("unit", "import", example+"units.csv")
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	future := testclock.Now().AddDate(0, 1, 0).Format("2006-01-02")
	create := func(extra ...string) []string {
		return append([]string{"directive", "create", "--number", "9/X", "--title", "Tiêu đề", "--body", "Nội dung", "--due", future, "--units", "BKG"}, extra...)
	}
	cases := []struct {
		name string
		args []string
		want string // in the error
	}{
		{"unknown command", []string{"frobnicate"}, "unknown command"},
		{"unknown flag", []string{"unit", "list", "--yaml"}, "yaml"},
		{"unknown unit", create("--units", "bkg,NOPE"), "NOPE"},
		{"broken quote in CSV", []string{"unit", "import", file("quote.csv", "code,name,parent_code\n\"Z1,x\n")}, "line 2"},
		{"invalid UTF-8 in a directive file", []string{"directive", "create", "--due", future, "--file", file("d.json", "{\"number\":\"1\",\"title\":\"T\xffT\",\"units\":[\"BKG\"]}")}, "UTF-8"},
		{"duplicate unit code", []string{"unit", "add", "--code", "BKG", "--name", "Báo"}, "already exists"},
		{"unknown parent", []string{"unit", "add", "--code", "NEW", "--name", "Mới", "--parent", "NOPE"}, "NOPE"},
		{"cycle in the unit tree", []string{"unit", "import", file("cycle.csv", "code,name,parent_code\nBTGTU,Ban,BKG\n")}, "line 2"},
		{"bad CSV line", []string{"unit", "import", file("bad.csv", "code,name,parent_code\nA1,Đơn vị A,\nB 2,Đơn vị B,\n")}, "line 3"},
		{"CSV without header", []string{"unit", "import", file("nohdr.csv", "A1,Đơn vị A,\n")}, "header"},
		{"malformed deadline", create("--due", "15/13/2024"), "deadline"},
		{"past deadline", create("--due", "2024-04-15"), "in the past"},
		{"empty title", create("--title", " "), "title is empty"},
		{"invalid UTF-8", create("--title", "Ti\xffu"), "UTF-8"},
		{"units and all", create("--all"), "not both"},
		{"both bodies", create("--body-file", file("b.txt", "x")), "not both"},
		{"bad directive id", []string{"status", "abc"}, "not a directive id"},
		{"unknown directive", []string{"directive", "close", "999"}, "not found"},
		{"bad role", []string{"invite", "--unit", "BKG", "--role", "boss"}, "role"},
		{"invite to unknown unit", []string{"invite", "--unit", "NOPE", "--role", "officer"}, "not found"},
		{"missing attachment", create("--attach", filepath.Join(dir, "missing.pdf")), "missing.pdf"},
		{"empty attachment", create("--attach", file("empty.pdf", "")), "empty"},
	}
	for _, c := range cases {
		_, err := o.run(c.args...)
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
			t.Errorf("%s: error %q, want one line mentioning %q", c.name, msg, c.want)
		}
	}
	if n := o.count(`SELECT count(*) FROM directives`); n != 0 {
		t.Errorf("directives written by rejected commands: %d", n)
	}
	if n := o.count(`SELECT count(*) FROM units`); n != 21 {
		t.Errorf("units after rejected commands: %d, want 21", n)
	}
	if n := o.count(`SELECT count(*) FROM invites`); n != 0 {
		t.Errorf("invites written by rejected commands: %d", n)
	}
}

func TestUnitImportReadsExcelCSV(t *testing.T) {
	o := newOffice(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "excel.csv")
	// Excel's "CSV UTF-8" has a byte-order mark and CRLF line ends.
	os.WriteFile(p, []byte("\xef\xbb\xbfcode,name,parent_code\r\nBTG,Ban Tuyên giáo,\r\nHNB,\"Hội Nhà báo tỉnh, Kiên Giang\",BTG\r\n"), 0o644)
	o.must("unit", "import", p)
	// Re-importing with a new name updates it; semicolons work too.
	os.WriteFile(p, []byte("code;name;parent_code\nHNB;Hội Nhà báo tỉnh Kiên Giang;BTG\n"), 0o644)
	if out := o.must("unit", "import", p); !strings.Contains(out, "0 new, 1 updated") {
		t.Errorf("re-import: %s", out)
	}
	var units []chidao.Unit
	mustJSON(t, o.must("unit", "list", "--json"), &units)
	if len(units) != 2 || units[0].Code != "BTG" || units[1].Name != "Hội Nhà báo tỉnh Kiên Giang" {
		t.Errorf("units: %+v", units)
	}
}

func TestClipsAndReportFlagsFollowTheirTask(t *testing.T) {
	o := newOffice(t)
	o.must("unit", "add", "--code", "BKG", "--name", "Báo Kiên Giang")
	future := testclock.Now().AddDate(0, 1, 0).Format("2006-01-02") + "T17:00"
	o.must("unit", "add", "--code", "hnb", "--name", "Hội Nhà báo tỉnh")
	id := strings.TrimSpace(o.must("directive", "create", "--number", "1/A", "--title", "Clip", "--body", "x", "--due", future, "--units", "bkg,HNB",
		"--task", "Làm clip", "--clips", "3", "--task", "Báo cáo", "--report", "--task", "Chỉ đạo biên tập"))
	var st struct {
		Units []struct {
			Code string `json:"code"`
		} `json:"units"`
		Directive struct {
			Tasks []struct {
				Text     string `json:"text"`
				MinClips int    `json:"min_clips"`
				Report   bool   `json:"report"`
			} `json:"tasks"`
		} `json:"directive"`
	}
	mustJSON(t, o.must("status", id, "--json"), &st)
	if fmt.Sprint(st.Units) != "[{BKG} {HNB}]" {
		t.Errorf("units typed in lower case: %v", st.Units)
	}
	got := fmt.Sprint(st.Directive.Tasks)
	if got != "[{Làm clip 3 false} {Báo cáo 0 true} {Chỉ đạo biên tập 0 false}]" {
		t.Errorf("tasks = %s", got)
	}
}

func TestHelpAndMigrate(t *testing.T) {
	o := newOffice(t)
	if out := o.must("help"); !strings.Contains(out, "directive") {
		t.Errorf("help: %s", out)
	}
	if out := o.must("directive", "create", "-h"); !strings.Contains(out, "--clips") && !strings.Contains(out, "-clips") {
		t.Errorf("directive create -h: %s", out)
	}
	if out := o.must("migrate"); !strings.Contains(out, "version") {
		t.Errorf("migrate: %s", out)
	}
}

func TestServeAnswersHealthChecksAndStopsCleanly(t *testing.T) {
	o := newOffice(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	o.env["HTTP_ADDR"] = addr
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- cli.Run(ctx, []string{"serve"}, o.getenv, &bytes.Buffer{}, &bytes.Buffer{})
	}()
	var resp *http.Response
	for start := time.Now(); time.Since(start) < 10*time.Second; time.Sleep(20 * time.Millisecond) {
		if resp, err = http.Get("http://" + addr + "/readyz"); err == nil {
			break
		}
	}
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("readyz: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v on shutdown", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Error("still serving after shutdown")
	}
}

func TestErrorsAreUsageOrDomain(t *testing.T) {
	o := newOffice(t)
	if _, err := o.run("nope"); !errors.Is(err, cli.ErrUsage) {
		t.Errorf("unknown command: %v", err)
	}
}
