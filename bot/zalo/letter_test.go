package zalo_test

import (
	"encoding/csv"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/bot/zalofake"
	"chidao/storage"
)

func exampleUnits(t *testing.T) []chidao.Unit {
	t.Helper()
	f, err := os.Open("../../examples/kiengiang/units.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var units []chidao.Unit
	for _, r := range rows[1:] {
		units = append(units, chidao.Unit{Code: r[0], Name: r[1], ParentCode: r[2]})
	}
	return units
}

// sendsFile has u send a file and writes what followed.
func (s *scene) sendsFile(u zalofake.User, name string, content []byte) {
	s.t.Helper()
	s.tr.Step(s.clock.now(), u.Name+" gửi tệp «"+name+"»")
	if status, err := s.fake.SendFile(u, name, content); err != nil || status != http.StatusOK {
		s.t.Fatalf("webhook answered %d, %v", status, err)
	}
	s.settle()
}

// TestLetterTranscript: an Office admin issues the seed letter on Zalo by
// sending its PDF, answering with typed words and numbers (no button, no
// slash command), and compares the conversation with testdata/letter.txt:
// the draft (the culture centres are a group), the deadline it asks for,
// the recipients changed by code (a group and a unit), the deadline
// changed, the directive issued with its PDF, and a scanned PDF explained.
func TestLetterTranscript(t *testing.T) {
	units := exampleUnits(t)
	s := newScene(t, vn("04/04/2024 09:00"), units...)
	var centres []string
	for _, u := range units {
		if strings.HasPrefix(u.Code, "TTVH-") {
			centres = append(centres, u.Code)
		}
	}
	if err := s.store.AddGroup(s.ctx, chidao.System, chidao.Group{Code: "TTVH", Name: "Trung tâm Văn hóa - Truyền thanh các huyện, thành phố", Units: centres}); err != nil {
		t.Fatal(err)
	}
	s.tr.Title("Zalo: ban hành văn bản từ tệp văn bản đã ký (letter_test.go; viết lại bằng go test -run TestLetterTranscript -update)")
	admin := zalofake.User{ID: "9007199254740994001", Name: "Phạm Văn Dũng"}
	officer := zalofake.User{ID: "9007199254740994002", Name: "Nguyễn Văn An"}
	s.cast = []zalofake.User{admin, officer}
	for _, p := range []struct {
		u    zalofake.User
		unit string
		role chidao.Role
	}{{admin, "BTGTU", chidao.RoleAdmin}, {officer, "BKG", chidao.RoleOfficer}} {
		inv, err := s.store.CreateInvite(s.ctx, chidao.System, storage.NewInvite{UnitCode: p.unit, Role: p.role, FullName: p.u.Name, TTL: 72 * time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		if status, err := s.fake.Follow(p.u); err != nil || status != http.StatusOK {
			t.Fatalf("follow: %d, %v", status, err)
		}
		s.settle()
		s.says(p.u, "DK "+strings.ToLower(inv.ShortCode))
	}
	pdf, err := os.ReadFile("../../letter/testdata/corpus/01-1483-CV-BTGTU.pdf")
	if err != nil {
		t.Fatal(err)
	}
	s.at("04/04/2024 09:30")
	s.sendsFile(admin, "1483-CV-BTGTU.pdf", pdf)
	s.says(admin, "20/4")
	s.says(admin, "Sửa đơn vị nhận")
	s.says(admin, "BKG, XYZ")
	s.says(admin, "TTVH, BKG")
	s.says(admin, "2")
	s.says(admin, "17h ngày 20/4")
	s.says(admin, "1")
	s.at("04/04/2024 10:00")
	s.sendsFile(admin, "scan.pdf", mustRead(t, "../../letter/testdata/bad/scan.pdf"))
	s.says(admin, "HUY")
	s.tr.Compare(t, "testdata/letter.txt")

	var id int64
	var assigned int
	if err := s.store.Pool().QueryRow(s.ctx, `SELECT d.id, count(*) FROM assignments a JOIN directives d ON d.id = a.directive_id
		WHERE d.number = '1483-CV/BTGTU' GROUP BY d.id`).Scan(&id, &assigned); err != nil || assigned != 16 {
		t.Errorf("the directive went to %d units (%v); want the group's 15 and Báo Kiên Giang", assigned, err)
	}
	if gs, err := s.store.DirectiveGroups(s.ctx, id); err != nil || len(gs) != 1 || gs[0].Code != chidao.NormalizeGroupCode("TTVH") {
		t.Errorf("the directive's groups: %v, %v; want TTVH", gs, err)
	}
	if got := s.fake.SentTo(officer.ID); len(got) == 0 || got[len(got)-1].File == nil || string(got[len(got)-1].File.Content) != string(pdf) {
		t.Errorf("the officer's last message is not the signed PDF")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestLetterFileWaits: a message sent while the letter is still being
// downloaded is told to wait, and the draft comes once the file arrives;
// a file whose link has expired is said to be lost, to be sent again.
func TestLetterFileWaits(t *testing.T) {
	s := newScene(t, vn("04/04/2024 09:00"), exampleUnits(t)...)
	admin := zalofake.User{ID: "9007199254740994011", Name: "Phạm Văn Dũng"}
	s.cast = []zalofake.User{admin}
	inv, err := s.store.CreateInvite(s.ctx, chidao.System, storage.NewInvite{UnitCode: "BTGTU", Role: chidao.RoleAdmin, FullName: admin.Name, TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	s.says(admin, "DK "+strings.ToLower(inv.ShortCode))
	n := len(s.fake.SentTo(admin.ID))
	next := func(want string) {
		t.Helper()
		n++
		sent, err := s.fake.WaitSent(s.ctx, admin.ID, n)
		if err != nil || !strings.Contains(sent[n-1].Text, want) {
			t.Fatalf("message %d = %q (%v); want %q", n, sent[len(sent)-1].Text, err, want)
		}
	}
	release := s.fake.HoldFiles()
	defer release()
	if _, err := s.fake.SendFile(admin, "1483-CV-BTGTU.pdf", mustRead(t, "../../letter/testdata/corpus/01-1483-CV-BTGTU.pdf")); err != nil {
		t.Fatal(err)
	}
	next("Đã nhận tệp «1483-CV-BTGTU.pdf»")
	if _, err := s.fake.SendText(admin, "Xong chưa ạ?"); err != nil {
		t.Fatal(err)
	}
	next("Trợ lý vẫn đang tải tệp «1483-CV-BTGTU.pdf», đồng chí vui lòng chờ trong giây lát (gõ HUY để dừng).")
	release()
	next("Trợ lý đã đọc văn bản «1483-CV-BTGTU.pdf»")
	if _, err := s.fake.SendFileGone(admin, "het-han.pdf", 1200); err != nil {
		t.Fatal(err)
	}
	next("Đã nhận tệp «het-han.pdf»")
	next("Trợ lý không tải được tệp «het-han.pdf» từ Zalo. Đồng chí vui lòng gửi lại tệp.")
}
