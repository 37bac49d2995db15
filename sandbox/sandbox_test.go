package sandbox_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/app"
	"chidao/bot/telegram"
	"chidao/bot/telegramfake"
	"chidao/handlers"
	"chidao/internal/dbtest"
	"chidao/sandbox"
	"chidao/server"
	"chidao/storage"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// TestSandboxRoundTrip: the seeded officer acknowledges the directive
// from the chat page and the unit's status changes.
func TestSandboxRoundTrip(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	store := dbtest.Store(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, u := range []chidao.Unit{{Code: "BTGTU", Name: "Ban Tuyên giáo"}, {Code: "BKG", Name: "Báo Kiên Giang", ParentCode: "BTGTU"}} {
		if err := store.AddUnit(ctx, chidao.System, u); err != nil {
			t.Fatal(err)
		}
	}
	d, err := store.CreateDirective(ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "1483-CV/BTGTU", Title: "V/v thử",
		Due: store.Now().Add(72 * time.Hour), UnitCodes: []string{"BKG"}})
	if err != nil {
		t.Fatal(err)
	}
	sb := sandbox.Start(store, log)
	defer sb.Close()
	tg, err := app.NewTelegram(telegram.Options{Token: sandbox.Token, Username: sandbox.Username, APIURL: sb.Fake.URL(),
		Rate: -1, ChatInterval: -1, PollTimeout: time.Second}, app.Options{}, store, &handlers.Handler{BotUsername: sandbox.Username, Log: log}, log)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := store.Register(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close()
	go func() { _ = tg.Run(ctx, inst) }()
	srv := httptest.NewServer(server.New(store, log, sb.Routes()...))
	defer srv.Close()
	if err := sb.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	// The officer of BKG is the third persona: admin 100001, head 100002, officer 100003.
	var page string
	for deadline := time.Now().Add(15 * time.Second); !strings.Contains(page, "VĂN BẢN SỐ 1483-CV/BTGTU"); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the officer's chat never showed the directive:\n%s", page)
		}
		page = get(t, srv.URL+"/sandbox?p=100003")
	}
	m := regexp.MustCompile(`name="m" value="(\d+)"><input type="hidden" name="data" value="(a:\d+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no acknowledge button on the page")
	}
	press := url.Values{"p": {"100003"}, "m": {m[1]}, "data": {m[2]}}
	resp, err := http.PostForm(srv.URL+"/sandbox/press", press) // as another site would: no token
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("press without CSRF token: %d, want 403", resp.StatusCode)
	}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if csrf == nil {
		t.Fatal("no CSRF token on the sandbox page")
	}
	press.Set("csrf", csrf[1])
	if resp, err = http.PostForm(srv.URL+"/sandbox/press", press); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		_, u, err := store.UnitProgress(ctx, d, "BKG")
		if err == nil && !u.AcknowledgedAt.IsZero() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("pressing ✅ Đã nhận on the sandbox page did not acknowledge")
		}
	}
	// The confirmation is sent after the commit: wait for it to reach the page.
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(page, "Đã ghi nhận đơn vị Báo Kiên Giang"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the confirmation is not on the page:\n%s", page)
		}
		page = get(t, srv.URL+"/sandbox?p=100003")
	}
}

func get(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// runSandbox runs a sandbox and chidao's Telegram side on store until the
// returned stop is called.
func runSandbox(t *testing.T, store *storage.Store) (*sandbox.Sandbox, func()) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx, cancel := context.WithCancel(context.Background())
	sb := sandbox.Start(store, log)
	tg, err := app.NewTelegram(telegram.Options{Token: sandbox.Token, Username: sandbox.Username, APIURL: sb.Fake.URL(),
		Rate: -1, ChatInterval: -1, PollTimeout: time.Second}, app.Options{}, store, &handlers.Handler{BotUsername: sandbox.Username, Log: log}, log)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := store.Register(ctx)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); _ = tg.Run(ctx, inst) }()
	return sb, func() { cancel(); <-done; inst.Close(); sb.Close() }
}

// TestSandboxStartedAgainOnItsDatabase: a sandbox started again on the
// same database numbers updates after the last one stored, as Telegram
// does for one bot, so what people send then is not taken for old
// updates delivered again.
func TestSandboxStartedAgainOnItsDatabase(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	store := dbtest.Store(t)
	if err := store.AddUnit(ctx, chidao.System, chidao.Unit{Code: "BTGTU", Name: "Ban Tuyên giáo"}); err != nil {
		t.Fatal(err)
	}
	first, stop := runSandbox(t, store)
	if err := first.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	admin := telegramfake.User{ID: 100001, FirstName: "Nguyễn Văn An"} // the first persona: the Office's admin
	if _, err := first.Fake.WaitSent(ctx, admin.ID, 1); err != nil {   // registered
		t.Fatal(err)
	}
	stop()
	again, stop := runSandbox(t, store)
	defer stop()
	if err := again.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	again.Fake.SendText(admin, "/viec")
	if _, err := again.Fake.WaitSent(ctx, admin.ID, 1); err != nil {
		t.Fatalf("the first message after the restart was not answered: %v", err)
	}
}
