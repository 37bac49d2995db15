package zalo_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"chidao"
	"chidao/app"
	"chidao/bot/zalo"
	"chidao/bot/zalofake"
	"chidao/handlers"
	"chidao/internal/dbtest"
	"chidao/internal/testclock"
	"chidao/storage"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type world struct {
	t     *testing.T
	ctx   context.Context
	url   string
	store *storage.Store
	fake  *zalofake.Server
	clock *clock
	hook  *httptest.Server
	seen  map[string]int
}

func newWorld(t *testing.T) *world { return newWorldClock(t, nil) }

// newWorldClock is newWorld with the store on an injected clock (the fake
// Zalo keeps its own).
func newWorldClock(t *testing.T, now func() time.Time) *world {
	t.Helper()
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	url := dbtest.URL(t)
	store, err := storage.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	store.Now = testclock.Now
	c := &clock{t: testclock.Now()} // Zalo's clock: tests move it to close the 7-day window
	fakeNow := c.now
	if now != nil {
		store.Now, fakeNow = now, now
	}
	fake := zalofake.New(zalofake.Options{Now: fakeNow})
	w := &world{t: t, ctx: ctx, url: url, store: store, fake: fake, clock: c, seen: map[string]int{}}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("CHIDAO_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	z := app.NewZalo(zalo.Options{AppID: "3141592653589793238", AppSecret: "app-secret", RefreshToken: "refresh-0",
		WebhookSecret: "webhook-secret", APIURL: fake.URL(), OAuthURL: fake.URL(), Rate: 100},
		app.Options{FileBackoff: func(int) time.Duration { return 50 * time.Millisecond }}, store, &handlers.Handler{Log: log}, log)
	mux := http.NewServeMux()
	mux.Handle("POST "+zalo.WebhookPath, z)
	w.hook = httptest.NewServer(mux)
	fake.SetWebhook(w.hook.URL + zalo.WebhookPath)
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
		w.hook.Close()
		fake.Close()
		store.Close()
	})
	for _, u := range []chidao.Unit{{Code: "BTGTU", Name: "Ban Tuyên giáo"}, {Code: "DPT", Name: "Đài Phát thanh - Truyền hình", ParentCode: "BTGTU"}} {
		if err := store.AddUnit(ctx, chidao.System, u); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// idle waits until chidao has nothing left to do: every event handled,
// every message that is due sent and its outcome recorded.
func (w *world) idle() {
	w.t.Helper()
	const q = `SELECT EXISTS (SELECT 1 FROM inbox WHERE state = 'pending')
		OR EXISTS (SELECT 1 FROM deliveries d WHERE d.state = 'sending' OR (d.state = 'pending' AND d.next_attempt_at <= $1
			AND (d.channel IS NOT NULL OR d.person_id IS NULL OR EXISTS (SELECT 1 FROM chat_identities c
				WHERE c.person_id = d.person_id AND c.unreachable_at IS NULL))))`
	for {
		var busy bool
		if err := w.store.Pool().QueryRow(w.ctx, q, w.store.Now()).Scan(&busy); err != nil {
			w.t.Fatal(err)
		}
		if !busy {
			return
		}
		time.Sleep(10 * time.Millisecond) // polling the condition
	}
}

// next waits for the next message to the user and checks it contains want.
func (w *world) next(u zalofake.User, want string) zalofake.Sent {
	w.t.Helper()
	w.seen[u.ID]++
	sent, err := w.fake.WaitSent(w.ctx, u.ID, w.seen[u.ID])
	if err != nil {
		w.t.Fatalf("waiting for message %d to %s: %v", w.seen[u.ID], u.Name, err)
	}
	m := sent[w.seen[u.ID]-1]
	if !strings.Contains(m.Text, want) {
		w.t.Fatalf("message %d to %s = %q; want it to contain %q", w.seen[u.ID], u.Name, m.Text, want)
	}
	return m
}

func (w *world) do(status int, err error) {
	w.t.Helper()
	if err != nil || status != http.StatusOK {
		w.t.Fatalf("webhook answered %d, %v", status, err)
	}
}

// register follows the OA and types the short code from an invite.
func (w *world) register(id, name, unit string, role chidao.Role) zalofake.User {
	w.t.Helper()
	inv, err := w.store.CreateInvite(w.ctx, chidao.System, storage.NewInvite{UnitCode: unit, Role: role, FullName: name, TTL: time.Hour})
	if err != nil {
		w.t.Fatal(err)
	}
	u := zalofake.User{ID: id, Name: name}
	w.do(w.fake.Follow(u))
	w.next(u, "DK AB12CD34")
	w.do(w.fake.SendText(u, "dk "+strings.ToLower(inv.ShortCode)))
	w.next(u, "Xin chào đồng chí "+name)
	return u
}

// TestZaloLoop: the officer's and the head's whole work in Zalo with
// typed keywords, accents and case ignored.
func TestZaloLoop(t *testing.T) {
	w := newWorld(t)
	officer := w.register("9007199254740993001", "Nguyễn Văn An", "DPT", chidao.RoleOfficer)
	head := w.register("9007199254740993002", "Trần Thị Bình", "DPT", chidao.RoleHead)
	d, err := w.store.CreateDirective(w.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "1483-CV/BTGTU",
		Title: "V/v tuyên truyền", Due: w.store.Now().Add(72 * time.Hour), UnitCodes: []string{"DPT"},
		Tasks: []storage.NewTask{{Text: "Đăng clip", Requirement: chidao.Requirement{MinClips: 1, Report: true}}}})
	if err != nil {
		t.Fatal(err)
	}
	letter := w.next(officer, "VĂN BẢN SỐ 1483-CV/BTGTU")
	for _, want := range []string{"Đồng chí trả lời:", "DA NHAN", "BAO CAO kèm nội dung", "KHO KHAN kèm nội dung"} {
		if !strings.Contains(letter.Text, want) {
			t.Errorf("letter on Zalo lacks %q:\n%s", want, letter.Text)
		}
	}
	w.next(head, "VĂN BẢN SỐ 1483-CV/BTGTU")
	w.do(w.fake.SendText(officer, "Đã nhận"))
	w.next(officer, "Đã ghi nhận đơn vị Đài Phát thanh - Truyền hình nhận văn bản số 1483-CV/BTGTU")
	w.do(w.fake.SendLink(officer, "https://youtu.be/dQw4w9WgXcQ?si=x", ""))
	w.next(officer, "Đã nhận 1 clip")
	review := w.next(head, "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
	i := strings.Index(review.Text, "DUYET ")
	if i < 0 {
		t.Fatalf("review request without the typed reply:\n%s", review.Text)
	}
	clip := strings.Fields(review.Text[i+len("DUYET "):])[0]
	w.do(w.fake.SendText(head, "Duyệt "+clip))
	w.next(head, "Đã duyệt clip")
	w.next(officer, "đã được đồng chí Trần Thị Bình duyệt")
	w.do(w.fake.SendText(officer, "BÁO CÁO Đã đăng clip trên trang của Đài"))
	w.next(officer, "Đã nhận báo cáo")
	_, u, err := w.store.UnitProgress(w.ctx, d, "DPT")
	if err != nil || u.Status != chidao.StatusDoneOnTime {
		t.Fatalf("unit status %s, %v; want done on time", u.Status, err)
	}
	w.do(w.fake.SendFile(officer, "bao-cao.pdf", []byte("%PDF-1.4 báo cáo")))
	w.next(officer, "Đồng chí gửi tệp «bao-cao.pdf» làm tệp kèm báo cáo kết quả thực hiện?")
	w.do(w.fake.SendText(officer, "1"))
	w.next(officer, "(kèm tệp «bao-cao.pdf»)")
}

// TestZaloWebhookSecurityAndReplays: a forged signature stores nothing; a
// replayed event has one effect; a signed event hours old (a captured one
// replayed later) or from the future is set aside, acknowledged, never handled.
func TestZaloWebhookSecurityAndReplays(t *testing.T) {
	w := newWorld(t)
	event := func(at time.Time, msg string) []byte {
		return []byte(`{"app_id":"3141592653589793238","user_id_by_app":"1","event_name":"user_send_text","timestamp":"` +
			strconv.FormatInt(at.UnixMilli(), 10) + `",
		"sender":{"id":"555"},"recipient":{"id":"2718281828459045235"},"message":{"msg_id":"` + msg + `","text":"xin chào"}}`)
	}
	now := w.store.Now()
	for _, at := range []time.Time{time.Date(2001, 9, 9, 1, 46, 40, 0, time.UTC), now.Add(-4 * time.Hour), now.Add(time.Hour)} {
		if st, err := w.fake.Push(event(at, "stale-"+at.String())); st != http.StatusOK || err != nil {
			t.Fatalf("stale event dated %s: %d %v; want 200 (set aside)", at, st, err)
		}
	}
	var aside int
	if err := w.store.Pool().QueryRow(w.ctx, `SELECT count(*) FROM inbox_quarantine WHERE channel = 'zalo' AND chat_id IS NULL`).Scan(&aside); err != nil || aside != 3 {
		t.Fatalf("%d stale events set aside, %v; want 3", aside, err)
	}
	body := event(now, "m-1")
	if st, _ := w.fake.PushWithSignature(body, "mac=0000"); st != http.StatusUnauthorized {
		t.Fatalf("forged signature: %d; want 401", st)
	}
	for range 3 {
		w.do(w.fake.Push(body))
	}
	var n int
	if err := w.store.Pool().QueryRow(w.ctx, `SELECT count(*) FROM inbox WHERE channel = 'zalo'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d events stored, %v; want 1", n, err)
	}
}

// TestZaloWindowAndTokens: a user silent for 8 days cannot be written to
// and is marked unreachable; an expired access token is refreshed once
// even when two processes need it at the same time.
func TestZaloWindowAndTokens(t *testing.T) {
	w := newWorld(t)
	officer := w.register("777", "Lê Văn Cường", "DPT", chidao.RoleOfficer)
	w.clock.add(8 * 24 * time.Hour)
	if _, err := w.store.CreateDirective(w.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "2-CV/BTGTU",
		Title: "V/v thử", Due: w.store.Now().Add(30 * 24 * time.Hour), UnitCodes: []string{"DPT"}}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		var unreachable bool
		if err := w.store.Pool().QueryRow(w.ctx, `SELECT unreachable_at IS NOT NULL FROM chat_identities WHERE external_user_id = $1`,
			officer.ID).Scan(&unreachable); err != nil {
			t.Fatal(err)
		}
		if unreachable {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the officer outside the window was not marked unreachable on Zalo")
		}
		time.Sleep(50 * time.Millisecond)
	}

	// Two processes find the access token expired at once: one refresh.
	before := w.fake.Refreshes()
	w.fake.ExpireAccessTokens()
	if _, err := w.store.Pool().Exec(w.ctx, `UPDATE zalo_tokens SET expires_at = 'epoch'`); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([]string, 2)
	for i := range 2 {
		s, err := storage.Open(w.ctx, w.url)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		z := zalo.New(zalo.Options{AppID: "3141592653589793238", AppSecret: "app-secret", OAuthURL: w.fake.URL(), APIURL: w.fake.URL()},
			s, slog.New(slog.NewTextHandler(io.Discard, nil)))
		wg.Go(func() {
			tok, err := z.AccessToken(w.ctx)
			if err != nil {
				t.Error(err)
			}
			got[i] = tok
		})
	}
	wg.Wait()
	if w.fake.Refreshes() != before+1 || got[0] == "" || got[0] != got[1] || got[0] != w.fake.AccessToken() {
		t.Fatalf("refreshes %d→%d, tokens %q %q (valid %q); want one refresh and both the new token",
			before, w.fake.Refreshes(), got[0], got[1], w.fake.AccessToken())
	}
}

// TestZaloChoicesAndUnfollow: with two open directives a clip asks which,
// answered with a number; unfollowing marks the officer unreachable.
func TestZaloChoicesAndUnfollow(t *testing.T) {
	w := newWorld(t)
	officer := w.register("4242", "Đinh Thị Hoa", "DPT", chidao.RoleOfficer)
	for _, n := range []string{"5-CV/BTGTU", "6-CV/BTGTU"} {
		if _, err := w.store.CreateDirective(w.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: n,
			Title: "V/v " + n, Due: w.store.Now().Add(72 * time.Hour), UnitCodes: []string{"DPT"}}); err != nil {
			t.Fatal(err)
		}
	}
	w.next(officer, "VĂN BẢN SỐ")
	w.next(officer, "VĂN BẢN SỐ")
	w.do(w.fake.SendText(officer, "Clip mới: https://www.tiktok.com/@dpt/video/7300000000000000002"))
	pick := w.next(officer, "trả lời bằng số thứ tự")
	if !strings.Contains(pick.Text, "1. ") || !strings.Contains(pick.Text, "2. ") {
		t.Fatalf("choices: %s", pick.Text)
	}
	choice := "2"
	if strings.Index(pick.Text, "6-CV/BTGTU") < strings.Index(pick.Text, "5-CV/BTGTU") {
		choice = "1"
	}
	w.do(w.fake.SendText(officer, choice))
	w.next(officer, "Đã nhận 1 clip của đơn vị theo văn bản số 6-CV/BTGTU")
	w.do(w.fake.SendText(officer, "KÊNH"))
	w.next(officer, "qua Zalo")
	w.do(w.fake.SubmitInfo(officer, "Đinh Thị Hoa", "84912345678"))
	w.next(officer, "Cảm ơn đồng chí đã chia sẻ số điện thoại")
	if people, err := w.store.People(w.ctx, "DPT"); err != nil || people[0].Phone != "84912345678" {
		t.Fatalf("phone not stored: %+v, %v", people, err)
	}
	w.do(w.fake.Unfollow(officer))
	deadline := time.Now().Add(10 * time.Second)
	for {
		var unreachable bool
		if err := w.store.Pool().QueryRow(w.ctx, `SELECT unreachable_at IS NOT NULL FROM chat_identities WHERE external_user_id = '4242'`).
			Scan(&unreachable); err != nil {
			t.Fatal(err)
		}
		if unreachable {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("unfollowing did not mark the officer unreachable on Zalo")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
