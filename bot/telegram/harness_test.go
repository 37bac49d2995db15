package telegram_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"chidao"
	"chidao/app"
	"chidao/bot/telegram"
	"chidao/bot/telegramfake"
	"chidao/handlers"
	"chidao/internal/dbtest"
	"chidao/internal/testclock"
	"chidao/storage"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const (
	token    = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz"
	username = "chidao_test_bot"
	secret   = "s3cret_webhook-token"
)

// world is a running chidao Telegram side against the fake server, with
// the Office, one unit and its people.
type world struct {
	t       *testing.T
	ctx     context.Context
	store   *storage.Store
	fake    *telegramfake.Server
	tg      *app.Telegram
	hook    *httptest.Server
	stopFns []func()
	proxy   *dbtest.Proxy
	dbURL   string
	opts    telegram.Options
	seen    map[int64]int // messages to each chat already checked by the test
	clock   *runClock     // every process's clock (unless setup.now)
	// answered counts the webhook's answers by status.
	answered statusCounts
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) { r.status = code; r.ResponseWriter.WriteHeader(code) }

type statusCounts struct {
	mu sync.Mutex
	n  map[int]int
}

func (c *statusCounts) Add(status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[int]int{}
	}
	c.n[status]++
}

func (c *statusCounts) Get(status int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[status]
}

// runClock is the world's clock unless the test brings its own: from
// the instant it is set to, it runs at real speed. Tests move it (forward
// only: rate limits are kept in it).
type runClock struct {
	mu    sync.Mutex
	at    time.Time
	since time.Time
}

func (c *runClock) set(t time.Time) {
	c.mu.Lock()
	c.at, c.since = t, time.Now()
	c.mu.Unlock()
}

func (c *runClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at.Add(time.Since(c.since))
}

type setup struct {
	proxied bool // the database is reached through a proxy the test can cut
	webhook bool
	rate    int
	chat    time.Duration
	now     func() time.Time // the store's clock (default: the test clock, running)
	bare    bool             // no units: the test adds its own
}

func newWorld(t *testing.T, s setup) *world {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	dbURL := dbtest.URL(t)
	var p *dbtest.Proxy
	if s.proxied {
		dbURL, p = dbtest.Through(t, dbURL)
	}
	store, err := storage.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	clk := &runClock{}
	clk.set(testclock.Now())
	store.Now = clk.now
	if s.now != nil { // a test's own clock (the transcripts stand still between steps)
		store.Now = s.now
	}
	if s.chat == 0 {
		s.chat = 50 * time.Millisecond
	}
	fake := telegramfake.New(telegramfake.Options{Token: token, BotUsername: username, Rate: s.rate, ChatInterval: s.chat, ChatBurst: 1})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("CHIDAO_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	w := &world{t: t, ctx: ctx, store: store, fake: fake, seen: map[int64]int{}, dbURL: dbURL, proxy: p, clock: clk}
	opts := telegram.Options{Token: token, Username: username, APIURL: fake.URL(), Rate: s.rate, ChatInterval: s.chat,
		PollTimeout: time.Second}
	if s.webhook {
		mux := http.NewServeMux()
		mux.HandleFunc("POST "+telegram.WebhookPath, func(rw http.ResponseWriter, r *http.Request) {
			rec := &statusRecorder{ResponseWriter: rw, status: http.StatusOK}
			w.tg.ServeHTTP(rec, r)
			w.answered.Add(rec.status)
		})
		w.hook = httptest.NewServer(mux)
		opts.Mode, opts.PublicURL, opts.WebhookSecret = "webhook", w.hook.URL, secret
	}
	w.opts = opts
	var stops []func()
	t.Cleanup(func() {
		cancel()
		for _, stop := range stops {
			stop()
		}
		if w.hook != nil {
			w.hook.Close()
		}
		fake.Close()
		store.Close()
	})
	w.tg, stops = w.process(store, log), append(stops, w.stop)
	if !s.bare {
		w.units("BTGTU", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "", "BAOKG", "Báo Kiên Giang", "BTGTU", "DPT", "Đài Phát thanh - Truyền hình", "BTGTU")
	}
	return w
}

// process starts one more chidao process (its own pool, instance and
// Telegram side) on the world's database.
func (w *world) process(store *storage.Store, log *slog.Logger) *app.Telegram {
	w.t.Helper()
	tg, err := app.NewTelegram(w.opts, app.Options{Attempts: 2}, store, &handlers.Handler{BotUsername: username, Log: log}, log)
	if err != nil {
		w.t.Fatal(err)
	}
	inst, err := store.Register(w.ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); _ = tg.Run(w.ctx, inst) }()
	w.stopFns = append(w.stopFns, func() { <-done; inst.Close() })
	return tg
}

func (w *world) stop() {
	for _, f := range w.stopFns {
		f()
	}
}

// secondProcess starts another chidao process on the same database.
func (w *world) secondProcess() {
	w.t.Helper()
	store, err := storage.Open(w.ctx, w.dbURL)
	if err != nil {
		w.t.Fatal(err)
	}
	store.Now = w.store.Now // the same clock, injected or not
	w.process(store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	w.stopFns = append(w.stopFns, store.Close)
}

func (w *world) units(triples ...string) {
	for i := 0; i < len(triples); i += 3 {
		u := chidao.Unit{Code: triples[i], Name: triples[i+1], ParentCode: triples[i+2]}
		if err := w.store.AddUnit(w.ctx, chidao.System, u); err != nil {
			w.t.Fatal(err)
		}
	}
}

// person registers a Telegram user through an invite, as a user would,
// and waits for the greeting.
func (w *world) person(id int64, name, unit string, role chidao.Role) telegramfake.User {
	w.t.Helper()
	inv, err := w.store.CreateInvite(w.ctx, chidao.System, storage.NewInvite{UnitCode: unit, Role: role, FullName: name, TTL: time.Hour})
	if err != nil {
		w.t.Fatal(err)
	}
	u := telegramfake.User{ID: id, FirstName: name}
	w.fake.SendText(u, "/start "+inv.Code)
	w.next(u, "Xin chào đồng chí "+name)
	return u
}

// expect waits until the user's chat has n messages and the last one
// contains want; it returns that message.
func (w *world) expect(u telegramfake.User, n int, want string) telegramfake.Sent {
	w.t.Helper()
	sent, err := w.fake.WaitSent(w.ctx, u.ID, n)
	if err != nil {
		w.t.Fatalf("waiting for message %d to %s: %v", n, u.FirstName, err)
	}
	last := sent[n-1]
	if !strings.Contains(last.Text, want) {
		w.t.Fatalf("message %d to %s = %q; want it to contain %q", n, u.FirstName, last.Text, want)
	}
	return last
}

// next waits for the next message to the user the test has not checked
// yet, and checks it contains want.
func (w *world) next(u telegramfake.User, want string) telegramfake.Sent {
	w.t.Helper()
	w.seen[u.ID]++
	return w.expect(u, w.seen[u.ID], want)
}

// nextAny waits for the next message to the user, whatever it says.
func (w *world) nextAny(u telegramfake.User) telegramfake.Sent {
	w.t.Helper()
	w.seen[u.ID]++
	sent, err := w.fake.WaitSent(w.ctx, u.ID, w.seen[u.ID])
	if err != nil {
		w.t.Fatalf("waiting for message %d to %s: %v", w.seen[u.ID], u.FirstName, err)
	}
	return sent[w.seen[u.ID]-1]
}

// until waits for the next message to the user that contains want,
// passing over others (at most 5), and returns it.
func (w *world) until(u telegramfake.User, want string) telegramfake.Sent {
	w.t.Helper()
	for range 5 {
		w.seen[u.ID]++
		sent, err := w.fake.WaitSent(w.ctx, u.ID, w.seen[u.ID])
		if err != nil {
			w.t.Fatalf("waiting for %q to %s: %v", want, u.FirstName, err)
		}
		if m := sent[w.seen[u.ID]-1]; strings.Contains(m.Text, want) {
			return m
		}
	}
	w.t.Fatalf("no message to %s contains %q", u.FirstName, want)
	return telegramfake.Sent{}
}

// quiet checks that nothing more than the test checked reaches the user
// once chidao has nothing left to do.
func (w *world) quiet(u telegramfake.User) {
	w.t.Helper()
	w.idle()
	if got := w.fake.SentTo(u.ID); len(got) != w.seen[u.ID] {
		w.t.Fatalf("%s got %d messages, want %d: %v", u.FirstName, len(got), w.seen[u.ID], got[w.seen[u.ID]:])
	}
}

// idle waits until chidao has nothing left to do: every update the fake
// holds is delivered and stored, every event handled, every message that
// is due sent and its outcome recorded.
func (w *world) idle() {
	w.t.Helper()
	if err := w.fake.WaitDelivered(w.ctx); err != nil {
		w.t.Fatal(err)
	}
	// Pending messages to people reachable on no channel wait for them to
	// write: they are not work to wait for.
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
		time.Sleep(10 * time.Millisecond) // polling the condition, not waiting for it to happen
	}
}

// now is the world's clock.
func (w *world) now() time.Time { return w.store.Now() }

func (w *world) directive(number string, tasks []storage.NewTask, files []storage.NewFile, units ...string) int64 {
	w.t.Helper()
	id, err := w.store.CreateDirective(w.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{
		Number: number, Title: "V/v tuyên truyền kỷ niệm 95 năm Ngày thành lập Đảng", Body: "Đề nghị các đơn vị triển khai.",
		Due: w.now().Add(72 * time.Hour), UnitCodes: units, Tasks: tasks, Attachments: files})
	if err != nil {
		w.t.Fatal(err)
	}
	w.tg.Wake()
	return id
}

func (w *world) unitReport(directive int64, unit string) storage.UnitReport {
	w.t.Helper()
	_, u, err := w.store.UnitProgress(w.ctx, directive, unit)
	if err != nil {
		w.t.Fatal(err)
	}
	return u
}

func buttonData(s telegramfake.Sent) []string {
	var out []string
	for _, row := range s.Buttons {
		for _, b := range row {
			out = append(out, b.Text+"="+b.Data)
		}
	}
	return out
}

// seenMessage returns the newest message to the user that contains want.
func (w *world) seenMessage(u telegramfake.User, want string) telegramfake.Sent {
	w.t.Helper()
	sent := w.fake.SentTo(u.ID)
	for i := len(sent) - 1; i >= 0; i-- {
		if sent[i].Method == "sendMessage" && strings.Contains(sent[i].Text, want) {
			return sent[i]
		}
	}
	w.t.Fatalf("no message to %s contains %q", u.FirstName, want)
	return telegramfake.Sent{}
}
