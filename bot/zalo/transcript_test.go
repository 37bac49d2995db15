package zalo_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/app"
	"chidao/bot/zalo"
	"chidao/bot/zalofake"
	"chidao/handlers"
	"chidao/internal/dbtest"
	"chidao/internal/transcript"
	"chidao/reminders"
	"chidao/storage"
)

func vn(s string) time.Time {
	t, err := time.ParseInLocation("02/01/2006 15:04", s, chidao.Zone)
	if err != nil {
		panic(err)
	}
	return t
}

// scene is a Zalo world whose store clock stands still between steps.
type scene struct {
	t     *testing.T
	ctx   context.Context
	store *storage.Store
	fake  *zalofake.Server
	z     *app.Zalo
	clock *clock
	tr    transcript.Transcript
	cast  []zalofake.User
	shown map[string]int
}

// newScene starts a Zalo world at start with units (default: the Office
// and Báo Kiên Giang).
func newScene(t *testing.T, start time.Time, units ...chidao.Unit) *scene {
	t.Helper()
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	store, err := storage.Open(ctx, dbtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: start}
	store.Now = c.now
	fake := zalofake.New(zalofake.Options{Now: c.now})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	z := app.NewZalo(zalo.Options{AppID: "3141592653589793238", AppSecret: "app-secret", RefreshToken: "refresh-0",
		WebhookSecret: "webhook-secret", APIURL: fake.URL(), OAuthURL: fake.URL(), Rate: 100}, app.Options{}, store, &handlers.Handler{Log: log}, log)
	mux := http.NewServeMux()
	mux.Handle("POST "+zalo.WebhookPath, z)
	hook := httptest.NewServer(mux)
	fake.SetWebhook(hook.URL + zalo.WebhookPath)
	inst, err := store.Register(ctx)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); _ = z.Run(ctx, inst) }()
	t.Cleanup(func() {
		cancel()
		<-done
		inst.Close()
		hook.Close()
		fake.Close()
		store.Close()
	})
	if len(units) == 0 {
		units = []chidao.Unit{{Code: "BTGTU", Name: "Ban Tuyên giáo và Dân vận Tỉnh ủy"}, {Code: "BAOKG", Name: "Báo Kiên Giang", ParentCode: "BTGTU"}}
	}
	for _, u := range units {
		if err := store.AddUnit(ctx, chidao.System, u); err != nil {
			t.Fatal(err)
		}
	}
	return &scene{t: t, ctx: ctx, store: store, fake: fake, z: z, clock: c, shown: map[string]int{}}
}

func (s *scene) at(when string) { s.clock.mu.Lock(); s.clock.t = vn(when); s.clock.mu.Unlock() }

// settle waits until chidao has handled every event and sent every
// message, then writes what each person received since the last step.
func (s *scene) settle() {
	s.t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var open int
		err := s.store.Pool().QueryRow(s.ctx, `SELECT (SELECT count(*) FROM inbox WHERE state = 'pending') +
			(SELECT count(*) FROM deliveries WHERE state IN ('pending', 'sending')) +
			(SELECT count(*) FROM conversations WHERE state ? 'awaits_file')`).Scan(&open)
		if err != nil {
			s.t.Fatal(err)
		}
		if open == 0 {
			break
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("chidao did not settle: %d open", open)
		}
	}
	for _, u := range s.cast {
		sent := s.fake.SentTo(u.ID)
		for _, m := range sent[s.shown[u.ID]:] {
			heading := "Trợ lý gửi " + u.Name
			if m.File != nil {
				heading += " tệp «" + m.File.Name + "»"
			}
			s.tr.Message(heading, m.Text, nil)
		}
		s.shown[u.ID] = len(sent)
	}
}

var shortCode = regexp.MustCompile(`(?i)^dk [2-9a-z]{8}$`)

// says has u send text (the webhook stores it before answering) and
// writes what followed.
func (s *scene) says(u zalofake.User, text string) {
	s.t.Helper()
	shown := shortCode.ReplaceAllString(text, "DK ‹mã đăng ký›")
	s.tr.Step(s.clock.now(), u.Name+" gửi: "+shown)
	if status, err := s.fake.SendText(u, text); err != nil || status != http.StatusOK {
		s.t.Fatalf("webhook answered %d, %v", status, err)
	}
	s.settle()
}

func (s *scene) sweeps() {
	s.t.Helper()
	s.tr.Step(s.clock.now(), "trợ lý rà soát nhắc việc")
	sw := &reminders.Sweeper{Store: s.store, Calendar: reminders.DefaultCalendar(), Policy: reminders.DefaultPolicy(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if _, err := sw.Sweep(s.ctx, s.clock.now()); err != nil {
		s.t.Fatal(err)
	}
	s.z.Wake()
	s.settle()
}

// TestTranscript walks every flow on Zalo, as its people see it, and
// compares it with testdata/transcript.txt: the same story as Telegram's,
// typed instead of pressed.
func TestTranscript(t *testing.T) {
	s := newScene(t, vn("02/04/2026 08:00"))
	s.tr.Title("Zalo: một văn bản từ khi ban hành đến khi hoàn thành (transcript_test.go; viết lại bằng go test -run TestTranscript -update)")
	officer := zalofake.User{ID: "9007199254740993101", Name: "Nguyễn Văn An"}
	head := zalofake.User{ID: "9007199254740993102", Name: "Trần Thị Bình"}
	admin := zalofake.User{ID: "9007199254740993103", Name: "Phạm Văn Dũng"}
	s.cast = []zalofake.User{officer, head, admin}
	for _, p := range []struct {
		u    zalofake.User
		unit string
		role chidao.Role
	}{{officer, "BAOKG", chidao.RoleOfficer}, {head, "BAOKG", chidao.RoleHead}, {admin, "BTGTU", chidao.RoleAdmin}} {
		inv, err := s.store.CreateInvite(s.ctx, chidao.System, storage.NewInvite{UnitCode: p.unit, Role: p.role, FullName: p.u.Name, TTL: 72 * time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		s.tr.Step(s.clock.now(), p.u.Name+" quan tâm tài khoản Zalo")
		if status, err := s.fake.Follow(p.u); err != nil || status != http.StatusOK {
			t.Fatalf("follow: %d, %v", status, err)
		}
		s.settle()
		s.says(p.u, "DK "+strings.ToLower(inv.ShortCode))
	}

	s.at("02/04/2026 08:05")
	s.tr.Step(s.clock.now(), "Phạm Văn Dũng ban hành văn bản số 1483-CV/BTGTU tới Báo Kiên Giang")
	issued, _ := chidao.ParseDate("01/04/2026")
	if _, err := s.store.CreateDirective(s.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "1483-CV/BTGTU",
		Title: "V/v tăng cường sản xuất, đăng tải video clip ngắn trên các nền tảng số", IssuedOn: issued,
		Body: "Người đứng đầu đơn vị trực tiếp chỉ đạo, duyệt nội dung từng clip trước khi đăng tải.", Due: vn("10/04/2026 17:00"),
		UnitCodes: []string{"BAOKG"}, Tasks: []storage.NewTask{
			{Text: "Sản xuất, đăng tải video clip ngắn trên trang của đơn vị", Requirement: chidao.Requirement{MinClips: 2}},
			{Text: "Báo cáo kết quả thực hiện, khó khăn, vướng mắc", Requirement: chidao.Requirement{Report: true}}}}); err != nil {
		t.Fatal(err)
	}
	s.z.Wake()
	s.settle()

	s.at("02/04/2026 08:12")
	s.says(officer, "Dạ em nhận rồi ạ")
	s.at("02/04/2026 09:30")
	s.says(officer, "Clip tuyên truyền đã đăng: https://youtu.be/dQw4w9WgXcQ")
	s.at("02/04/2026 10:00")
	s.says(head, "TU CHOI 1 Clip chưa có phụ đề tiếng Việt, đề nghị bổ sung.")
	s.at("02/04/2026 10:30")
	s.says(officer, "Gửi clip")
	s.says(officer, "https://vt.tiktok.com/ZSabc123/")
	s.at("02/04/2026 11:00")
	s.says(head, "Duyệt")
	s.at("02/04/2026 14:00")
	s.says(officer, "Đơn vị gặp vướng mắc về kinh phí thuê thiết bị quay phim.")
	s.at("02/04/2026 14:30")
	s.says(admin, "TRA LOI 3 Ban sẽ hỗ trợ thiết bị; đề nghị đơn vị liên hệ Phòng Tuyên truyền trong tuần.")
	s.says(officer, "Cảm ơn Ban")
	s.says(officer, "Em gửi Ban danh sách cán bộ phụ trách trang của đơn vị")
	s.says(officer, "KHONG")
	s.says(officer, "Đơn vị còn thiếu gì không ạ?")

	s.at("07/04/2026 08:00")
	s.sweeps()
	// Zalo lets the account write only to people who wrote in the last 7
	// days: each writes again before the reminders of the next week.
	s.at("08/04/2026 09:00")
	s.says(officer, "Hạn khi nào vậy ạ?")
	s.says(head, "VIEC")
	s.says(admin, "Tình hình")
	for _, at := range []string{"09/04/2026 08:00", "10/04/2026 08:00", "13/04/2026 08:00", "13/04/2026 16:30", "14/04/2026 08:00"} {
		s.at(at)
		s.sweeps()
	}
	s.at("14/04/2026 09:00")
	s.says(officer, "Kết quả thực hiện: đơn vị đã sản xuất và đăng tải 3 video clip ngắn trên trang Facebook và kênh TikTok của Báo.")
	s.at("14/04/2026 09:10")
	s.says(officer, "https://www.facebook.com/watch/?v=123456789")
	s.at("14/04/2026 09:20")
	s.says(head, "DUYET 5")
	s.at("14/04/2026 10:00")
	s.says(admin, "TINH HINH 1483-CV/BTGTU")
	s.says(admin, "TONG HOP 1483-CV/BTGTU")
	s.tr.Compare(t, "testdata/transcript.txt")
}
