package telegram_test

import (
	"io"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"chidao"
	"chidao/bot/telegramfake"
	"chidao/internal/transcript"
	"chidao/reminders"
	"chidao/storage"
)

// clock is a settable clock for the store: the transcript's time stands
// still between steps.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *clock) at(s string)     { c.set(vn(s)) }
func (c *clock) inVN() time.Time { return c.now().In(chidao.Zone) }
func noLog() *slog.Logger        { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func vn(s string) time.Time {
	t, err := time.ParseInLocation("02/01/2006 15:04", s, chidao.Zone)
	if err != nil {
		panic(err)
	}
	return t
}

// scene is the world of a transcript: its clock, its people and what each
// has already been shown.
type scene struct {
	*world
	clock *clock
	tr    transcript.Transcript
	shown map[int64]int
	cast  []telegramfake.User
}

// settle waits until chidao has handled everything and sent every reply,
// then writes what each person received since the last step.
func (s *scene) settle(events int) {
	s.t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var stored, open int
		err := s.store.Pool().QueryRow(s.ctx, `SELECT (SELECT count(*) FROM inbox),
			(SELECT count(*) FROM inbox WHERE state = 'pending') + (SELECT count(*) FROM deliveries WHERE state IN ('pending', 'sending')) +
			(SELECT count(*) FROM conversations WHERE state ? 'awaits_file')`).
			Scan(&stored, &open)
		if err != nil {
			s.t.Fatal(err)
		}
		if stored >= events && open == 0 {
			break
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("chidao did not settle: %d events stored (want %d), %d open", stored, events, open)
		}
	}
	for _, u := range s.cast {
		sent := s.fake.SentTo(u.ID)
		for _, m := range sent[s.shown[u.ID]:] {
			s.write(u, m)
		}
		s.shown[u.ID] = len(sent)
	}
}

func (s *scene) write(u telegramfake.User, m telegramfake.Sent) {
	var buttons [][]string
	for _, row := range m.Buttons {
		var labels []string
		for _, b := range row {
			labels = append(labels, b.Text)
		}
		buttons = append(buttons, labels)
	}
	heading := "Trợ lý gửi " + u.FirstName
	text := m.Text
	switch {
	case m.Method == "editMessageReplyMarkup":
		heading += " (các nút của tin nhắn trước được thay bằng)"
		text = ""
	case m.Document != nil:
		heading += " tệp «" + m.Document.Name + "»"
	case m.ForceReply:
		heading += " (mở ô trả lời)"
	}
	s.tr.Message(heading, text, buttons)
}

var inviteCode = regexp.MustCompile(`/start [A-Za-z0-9_-]{10,}`)

// says has u send text (as a reply to the message containing replyTo,
// when given) and writes what followed.
func (s *scene) says(u telegramfake.User, text, replyTo string) {
	s.t.Helper()
	n := s.events()
	shown := inviteCode.ReplaceAllString(text, "/start ‹mã mời›")
	if replyTo != "" {
		s.tr.Step(s.inVN(), u.FirstName+" trả lời tin nhắn «"+firstLine(replyTo)+"»: "+shown)
		s.fake.Reply(u, s.seenMessage(u, replyTo).MessageID, text)
	} else {
		s.tr.Step(s.inVN(), u.FirstName+" gửi: "+shown)
		s.fake.SendText(u, text)
	}
	s.settle(n + 1)
}

// presses has u press the button labelled label under the newest message
// containing in, and writes the toast and what followed.
func (s *scene) presses(u telegramfake.User, in, label string) {
	s.t.Helper()
	n := s.events()
	s.tr.Step(s.inVN(), u.FirstName+" bấm «"+label+"» dưới tin nhắn «"+firstLine(in)+"»")
	m := s.seenMessage(u, in)
	for _, row := range m.Buttons {
		for _, b := range row {
			if strings.Contains(b.Text, label) {
				q := s.fake.Press(u, m.MessageID, b.Data)
				s.settle(n + 1)
				if a, err := s.fake.WaitAnswer(s.ctx, q); err == nil && a.Text != "" {
					s.tr.Note("thông báo nhanh: " + a.Text)
				}
				return
			}
		}
	}
	s.t.Fatalf("no button %q under %q", label, in)
}

// sweeps runs the reminder sweep at the clock's time and writes what it sent.
func (s *scene) sweeps() {
	s.t.Helper()
	s.tr.Step(s.inVN(), "trợ lý rà soát nhắc việc")
	sw := &reminders.Sweeper{Store: s.store, Calendar: reminders.DefaultCalendar(), Policy: reminders.DefaultPolicy(), Log: noLog()}
	if _, err := sw.Sweep(s.ctx, s.now()); err != nil {
		s.t.Fatal(err)
	}
	s.tg.Wake()
	s.settle(s.events())
}

func (s *scene) now() time.Time  { return s.clock.now() }
func (s *scene) inVN() time.Time { return s.clock.inVN() }

func (s *scene) events() int {
	var n int
	if err := s.store.Pool().QueryRow(s.ctx, `SELECT count(*) FROM inbox`).Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// TestTranscript walks every flow on Telegram, as its people see it, and
// compares it with testdata/transcript.txt: registration, the directive,
// acknowledgement, clips and their review, a difficulty and its answer,
// reminders, the escalation to the head, the Office's digest, a report
// that completes the work late, and the summary.
func TestTranscript(t *testing.T) {
	t.Parallel()
	c := &clock{}
	c.at("02/04/2026 08:00")
	s := &scene{world: newWorld(t, setup{rate: -1, chat: -1, now: c.now}), clock: c, shown: map[int64]int{}}
	s.tr.Title("Telegram: một văn bản từ khi ban hành đến khi hoàn thành (transcript_test.go; viết lại bằng go test -run TestTranscript -update)")
	officer := telegramfake.User{ID: 7001, FirstName: "Nguyễn Văn An"}
	head := telegramfake.User{ID: 7002, FirstName: "Trần Thị Bình"}
	admin := telegramfake.User{ID: 7003, FirstName: "Phạm Văn Dũng"}
	s.cast = []telegramfake.User{officer, head, admin}
	for _, p := range []struct {
		u    telegramfake.User
		unit string
		role chidao.Role
	}{{officer, "BAOKG", chidao.RoleOfficer}, {head, "BAOKG", chidao.RoleHead}, {admin, "BTGTU", chidao.RoleAdmin}} {
		inv, err := s.store.CreateInvite(s.ctx, chidao.System, storage.NewInvite{UnitCode: p.unit, Role: p.role, FullName: p.u.FirstName, TTL: 72 * time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		s.says(p.u, "/start "+inv.Code, "")
	}

	c.at("02/04/2026 08:05")
	s.tr.Step(s.inVN(), "Phạm Văn Dũng ban hành văn bản số 1483-CV/BTGTU tới Báo Kiên Giang")
	issued, _ := chidao.ParseDate("01/04/2026")
	if _, err := s.store.CreateDirective(s.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "1483-CV/BTGTU",
		Title: "V/v tăng cường sản xuất, đăng tải video clip ngắn trên các nền tảng số", IssuedOn: issued,
		Body: "Người đứng đầu đơn vị trực tiếp chỉ đạo, duyệt nội dung từng clip trước khi đăng tải.", Due: vn("10/04/2026 17:00"),
		UnitCodes: []string{"BAOKG"}, Tasks: []storage.NewTask{
			{Text: "Sản xuất, đăng tải video clip ngắn trên trang của đơn vị", Requirement: chidao.Requirement{MinClips: 2}},
			{Text: "Báo cáo kết quả thực hiện, khó khăn, vướng mắc", Requirement: chidao.Requirement{Report: true}}}}); err != nil {
		t.Fatal(err)
	}
	s.tg.Wake()
	s.settle(s.events())
	letter := "VĂN BẢN SỐ 1483-CV/BTGTU"

	c.at("02/04/2026 08:12")
	s.presses(officer, letter, "Đã nhận")
	c.at("02/04/2026 09:30")
	s.says(officer, "Clip tuyên truyền đã đăng: https://youtu.be/dQw4w9WgXcQ", letter)
	c.at("02/04/2026 10:00")
	s.presses(head, "clip số 1", "Từ chối")
	s.says(head, "Clip chưa có phụ đề tiếng Việt, đề nghị bổ sung.", "lý do từ chối")
	c.at("02/04/2026 10:30")
	s.presses(officer, letter, "Gửi clip")
	s.says(officer, "https://vt.tiktok.com/ZSabc123/", "đường link clip")
	c.at("02/04/2026 11:00")
	s.says(head, "Duyệt", "")
	c.at("02/04/2026 14:00")
	s.says(officer, "Đơn vị gặp vướng mắc về kinh phí thuê thiết bị quay phim.", "")
	c.at("02/04/2026 14:30")
	s.presses(admin, "Khó khăn, vướng mắc số 3", "Trả lời")
	s.says(admin, "Ban sẽ hỗ trợ thiết bị; đề nghị đơn vị liên hệ Phòng Tuyên truyền trong tuần.", "ý kiến trả lời")
	s.says(officer, "Cảm ơn Ban", "")
	s.says(officer, "Hạn khi nào vậy ạ?", "")

	for _, at := range []string{"07/04/2026 08:00", "09/04/2026 08:00", "10/04/2026 08:00", "13/04/2026 08:00", "13/04/2026 16:30", "14/04/2026 08:00"} {
		c.at(at)
		s.sweeps()
	}
	c.at("14/04/2026 09:00")
	s.says(officer, "Kết quả thực hiện: đơn vị đã sản xuất và đăng tải 3 video clip ngắn trên trang Facebook và kênh TikTok của Báo.", "")
	c.at("14/04/2026 09:10")
	s.says(officer, "https://www.facebook.com/watch/?v=123456789", "")
	c.at("14/04/2026 09:20")
	s.presses(head, "clip số 5", "Duyệt")
	c.at("14/04/2026 10:00")
	s.says(admin, "/tinhhinh 1483-CV/BTGTU", "")
	s.says(admin, "/tonghop 1483-CV/BTGTU", "")
	s.tr.Compare(t, "testdata/transcript.txt")
}
