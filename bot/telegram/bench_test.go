package telegram_test

// End-to-end benchmarks of the Telegram side: a real PostgreSQL, the fake
// Bot API server and chidao's Telegram side as started by `chidao serve`.
// Each benchmark runs its scenario once, whatever b.N, and reports its own
// metrics; run them with -benchtime=1x (see docs/performance.md):
//
//	TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//	  go test ./bot/telegram -run XXX -bench . -benchtime 1x -timeout 30m

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
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
	"chidao/storage"
)

// BenchmarkBroadcastUnlimited sends a one-message directive to 10,000
// officers with every limit lifted, on the fake and in chidao: what the
// pipeline (rendering, claiming, sending, recording) can do by itself.
// Goal: at least 1,500 msg/s.
func BenchmarkBroadcastUnlimited(b *testing.B) {
	const officers, units = 10000, 500
	w := newBenchWorld(b, benchOptions{units: units, rate: -1, chat: -1,
		fake: telegramfake.Options{Rate: -1, ChatInterval: -1}})
	w.registerBulk(officers, units)
	w.start()
	broadcast(b, w, officers, 10*time.Minute)
}

// broadcast creates a directive to every unit and measures until the fake
// has recorded one message per officer.
func broadcast(b *testing.B, w *benchWorld, officers int, timeout time.Duration) {
	base := w.fake.Stats()
	b.ResetTimer()
	t0 := time.Now()
	d, err := w.store.CreateDirective(w.ctx, chidao.Actor{Label: "bench"}, storage.NewDirective{
		Number: "1483-CV/BTGTU", Title: "V/v tuyên truyền kỷ niệm 95 năm Ngày thành lập Đảng",
		Body: "Đề nghị các đơn vị triển khai.", Due: w.now().Add(72 * time.Hour), AllUnits: true})
	if err != nil {
		b.Fatal(err)
	}
	created := time.Since(t0)
	w.tg.Wake()
	w.waitSent(base.Sent, officers, timeout)
	b.StopTimer()

	recs := w.fake.Sent()[base.Sent:]
	first, last := recs[0].At, recs[0].At
	chats := map[int64]bool{}
	for _, r := range recs {
		if r.At.Before(first) {
			first = r.At
		}
		if r.At.After(last) {
			last = r.At
		}
		if r.Method != "sendMessage" || !strings.Contains(r.Text, "1483-CV/BTGTU") {
			b.Errorf("unexpected record %v", r)
		}
		chats[r.ChatID] = true
	}
	if len(recs) != officers || len(chats) != officers {
		b.Errorf("%d records to %d chats; want one to each of %d officers", len(recs), len(chats), officers)
	}
	// Outcomes are recorded in batches a little after the sends.
	var sent int
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		err = w.store.Pool().QueryRow(w.ctx, `SELECT count(*) FROM deliveries
			WHERE directive_id = $1 AND kind = 'directive.part' AND state = 'sent'`, d).Scan(&sent)
		if err != nil || sent == officers || time.Now().After(deadline) {
			break
		}
	}
	if sent != officers {
		b.Errorf("deliveries recorded sent = %d, %v; want %d", sent, err, officers)
	}
	st := w.fake.Stats()
	total := last.Sub(t0)
	b.ReportMetric(float64(total.Nanoseconds()), "ns/op") // the scenario, once, whatever b.N
	b.ReportMetric(float64(officers)/total.Seconds(), "msg/s")
	b.ReportMetric(float64(officers-1)/last.Sub(first).Seconds(), "steady-msg/s")
	b.ReportMetric(float64(first.Sub(t0).Milliseconds()), "ms-to-first")
	b.ReportMetric(float64(created.Milliseconds()), "ms-create")
	b.ReportMetric(float64(st.TooManyBot+st.TooManyChat-base.TooManyBot-base.TooManyChat), "429s")
	b.ReportMetric(float64(st.Errors-base.Errors), "errors")
	b.ReportMetric(peakRSS(), "peak-MiB")
	w.logs.report(b)
}

// BenchmarkWebhookIntake posts 5,000 updates of 1,000 registered officers
// ("/viec" and plain texts) straight to the webhook handler over HTTP from
// 16 concurrent posters, as Telegram would, and measures each request and
// the time until every update is processed. Goals: at least 1,000
// updates/s processed, p99 webhook latency at most 50 ms.
func BenchmarkWebhookIntake(b *testing.B) {
	const officers, units, updates, posters = 1000, 100, 5000, 16
	w := newBenchWorld(b, benchOptions{units: units, webhook: true,
		fake: telegramfake.Options{Rate: 30, ChatInterval: time.Second}})
	// An open directive, created before anyone registered (so none is
	// queued): "/viec" then has real work to list.
	_, err := w.store.CreateDirective(w.ctx, chidao.Actor{Label: "bench"}, storage.NewDirective{
		Number: "1483-CV/BTGTU", Title: "V/v tuyên truyền kỷ niệm 95 năm Ngày thành lập Đảng",
		Due: w.now().Add(72 * time.Hour), AllUnits: true,
		Tasks: []storage.NewTask{{Text: "Đăng tải clip", Requirement: chidao.Requirement{MinClips: 2}}, {Text: "Báo cáo", Requirement: chidao.Requirement{Report: true}}}})
	if err != nil {
		b.Fatal(err)
	}
	w.registerBulk(officers, units)
	w.start()

	bodies := make([][]byte, updates)
	now := time.Now().Unix()
	for i := range bodies {
		u := w.users[i%officers]
		text := "/viec"
		if i%2 == 1 {
			text = "Đồng chí cho hỏi lịch họp giao ban tuần này"
		}
		bodies[i] = updateJSON(int64(500000+i), i/officers+1, u, now, text)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: posters, Proxy: nil}}
	url := w.hook.URL + telegram.WebhookPath
	jobs := make(chan int, updates)
	for i := range updates {
		jobs <- i
	}
	close(jobs)
	lat := make([][]time.Duration, posters)
	var wg sync.WaitGroup
	var failed sync.Map

	b.ResetTimer()
	t0 := time.Now()
	for p := range posters {
		wg.Go(func() {
			for i := range jobs {
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(bodies[i]))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
				start := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				lat[p] = append(lat[p], time.Since(start))
				if err != nil || resp.StatusCode != http.StatusOK {
					failed.Store(i, fmt.Sprint(err, resp))
				}
			}
		})
	}
	wg.Wait()
	posted := time.Since(t0)
	w.waitProcessed(updates, 5*time.Minute)
	b.StopTimer()

	failed.Range(func(k, v any) bool { b.Errorf("update %v: %v", k, v); return false })
	var lastDone time.Time
	counts := map[string]int{}
	rows, _ := w.store.Pool().Query(w.ctx, `SELECT state, count(*), max(processed_at) FROM inbox GROUP BY state`)
	for rows.Next() {
		var state string
		var n int
		var at *time.Time
		if err := rows.Scan(&state, &n, &at); err != nil {
			b.Fatal(err)
		}
		counts[state] = n
		if at != nil && at.After(lastDone) {
			lastDone = *at
		}
	}
	if rows.Err() != nil || counts["done"] != updates {
		b.Errorf("inbox states = %v, %v; want %d done", counts, rows.Err(), updates)
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	pct := func(p float64) float64 { return float64(all[int(p*float64(len(all)-1))].Microseconds()) / 1000 }
	processed := lastDone.Sub(t0)
	b.ReportMetric(float64(processed.Nanoseconds()), "ns/op") // the scenario, once, whatever b.N
	b.ReportMetric(float64(updates)/processed.Seconds(), "updates/s")
	b.ReportMetric(float64(updates)/posted.Seconds(), "posted/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(all[len(all)-1].Microseconds())/1000, "max-ms")
	w.logs.report(b)
}

// updateJSON is a private text message update as Telegram sends it.
func updateJSON(updateID int64, messageID int, u telegramfake.User, date int64, text string) []byte {
	type user struct {
		ID        int64  `json:"id"`
		IsBot     bool   `json:"is_bot"`
		FirstName string `json:"first_name"`
	}
	type entity struct {
		Type   string `json:"type"`
		Offset int    `json:"offset"`
		Length int    `json:"length"`
	}
	m := map[string]any{"message_id": messageID, "from": user{u.ID, false, u.FirstName},
		"chat": map[string]any{"id": u.ID, "first_name": u.FirstName, "type": "private"}, "date": date, "text": text}
	if strings.HasPrefix(text, "/") {
		m["entities"] = []entity{{"bot_command", 0, len(strings.Fields(text)[0])}}
	}
	body, err := json.Marshal(map[string]any{"update_id": updateID, "message": m})
	if err != nil {
		panic(err)
	}
	return body
}

// benchWorld is the harness's world for benchmarks: built step by step
// (people are registered before chidao starts) and failing through
// testing.TB.
type benchWorld struct {
	tb    testing.TB
	ctx   context.Context
	opts  benchOptions
	store *storage.Store
	fake  *telegramfake.Server
	tg    *app.Telegram
	hook  *httptest.Server
	logs  *logCounter
	users []telegramfake.User
	dbURL string
	procs []*app.Telegram // every process started, w.tg first
}

type benchOptions struct {
	units   int
	webhook bool
	rate    int           // chidao's, 0: its default
	chat    time.Duration // chidao's, 0: its default
	fake    telegramfake.Options
}

// newBenchWorld makes the database with the Office and its units, and the
// fake server; chidao is started by start.
func newBenchWorld(tb testing.TB, o benchOptions) *benchWorld {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	dbURL := dbtest.URL(tb)
	store := dbtest.Open(tb, dbURL)
	o.fake.Token, o.fake.BotUsername = token, username
	fake := telegramfake.New(o.fake)
	tb.Cleanup(fake.Close)
	w := &benchWorld{tb: tb, ctx: ctx, opts: o, store: store, fake: fake, logs: &logCounter{}, dbURL: dbURL}
	rows := []storage.UnitRow{{Line: 1, Unit: chidao.Unit{Code: "BTGTU", Name: "Ban Tuyên giáo Tỉnh uỷ"}}}
	for i := range o.units {
		rows = append(rows, storage.UnitRow{Line: i + 2, Unit: chidao.Unit{Code: fmt.Sprintf("U%04d", i), Name: fmt.Sprintf("Trung tâm Văn hoá %d", i), ParentCode: "BTGTU"}})
	}
	if _, _, err := store.ImportUnits(ctx, chidao.System, rows); err != nil {
		tb.Fatal(err)
	}
	return w
}

func benchUser(i int) telegramfake.User {
	return telegramfake.User{ID: int64(7000000 + i), FirstName: fmt.Sprintf("Cán bộ %d", i)}
}

// registerWithInvites registers n officers as /start with a code does
// (CreateInvite then RedeemInvite), spread over the units.
func (w *benchWorld) registerWithInvites(n, units int) {
	for i := range n {
		u := benchUser(i)
		inv, err := w.store.CreateInvite(w.ctx, chidao.System, storage.NewInvite{UnitCode: fmt.Sprintf("U%04d", i%units),
			Role: chidao.RoleOfficer, FullName: u.FirstName, TTL: time.Hour})
		if err != nil {
			w.tb.Fatal(err)
		}
		id := fmt.Sprint(u.ID)
		_, err = w.store.RedeemInvite(w.ctx, storage.Redemption{Code: inv.Code, Channel: chidao.Telegram,
			ExternalUserID: id, ChatID: id, DisplayName: u.FirstName})
		if err != nil {
			w.tb.Fatal(err)
		}
		w.users = append(w.users, u)
	}
}

// registerBulk inserts n officers with their Telegram accounts in one
// statement: the rows RedeemInvite makes, without invites and audit.
func (w *benchWorld) registerBulk(n, units int) {
	names, unitCodes, ids := make([]string, n), make([]string, n), make([]string, n)
	for i := range n {
		u := benchUser(i)
		names[i], unitCodes[i], ids[i] = u.FirstName, fmt.Sprintf("U%04d", i%units), fmt.Sprint(u.ID)
		w.users = append(w.users, u)
	}
	const q = `WITH x AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS x(name, unit, ext)),
		p AS (INSERT INTO people (full_name, unit_id, role, preferred_channel)
			SELECT x.name, u.id, 'officer', 'telegram' FROM x JOIN units u ON u.code = x.unit RETURNING id, full_name)
		INSERT INTO chat_identities (person_id, channel, external_user_id, chat_id, display_name, last_seen_at)
		SELECT p.id, 'telegram', x.ext, x.ext, x.name, $4 FROM p JOIN x ON x.name = p.full_name`
	tag, err := w.store.Pool().Exec(w.ctx, q, names, unitCodes, ids, w.now())
	if err != nil || tag.RowsAffected() != int64(n) {
		w.tb.Fatalf("registering %d officers: %v, %v", n, tag, err)
	}
}

// start lets the bot write to every user (on Telegram a user must write
// first: each sends a message, whose updates are then confirmed without
// reaching chidao), then starts chidao's Telegram side and waits until it
// is connected.
func (w *benchWorld) start() {
	w.tb.Helper()
	for _, u := range w.users {
		w.fake.SendText(u, "/start")
	}
	w.fakeCall("getUpdates", map[string]any{"offset": int64(1) << 50, "timeout": 0})
	if n := w.fake.PendingUpdates(); n != 0 {
		w.tb.Fatalf("%d updates left in the fake", n)
	}
	requests := w.fake.Stats().Requests
	var log *slog.Logger = slog.New(w.logs)
	if os.Getenv("CHIDAO_TEST_LOG") != "" {
		w.logs.next = slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})
	}
	opts := telegram.Options{Token: token, Username: username, APIURL: w.fake.URL(), Rate: w.opts.rate, ChatInterval: w.opts.chat}
	if w.opts.webhook {
		mux := http.NewServeMux()
		mux.HandleFunc("POST "+telegram.WebhookPath, func(rw http.ResponseWriter, r *http.Request) { w.tg.ServeHTTP(rw, r) })
		w.hook = httptest.NewServer(mux)
		w.tb.Cleanup(w.hook.Close)
		opts.Mode, opts.PublicURL, opts.WebhookSecret = "webhook", w.hook.URL, secret
	}
	w.tg = w.startProcess(w.store, opts, log)
	// Connected: the webhook is set, or the webhook deleted and the first
	// getUpdates sent.
	deadline := time.Now().Add(30 * time.Second)
	for {
		if w.opts.webhook {
			if u, _ := w.fakeCall("getWebhookInfo", nil)["url"].(string); u != "" {
				break
			}
		} else if w.fake.Stats().Requests >= requests+2 {
			break
		}
		if time.Now().After(deadline) {
			w.tb.Fatal("chidao did not connect to the fake")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// startProcess starts one chidao process (its Telegram side) on store.
func (w *benchWorld) startProcess(store *storage.Store, opts telegram.Options, log *slog.Logger) *app.Telegram {
	tg, err := app.NewTelegram(opts, app.Options{}, store, &handlers.Handler{BotUsername: username, Log: log}, log)
	if err != nil {
		w.tb.Fatal(err)
	}
	inst, err := store.Register(w.ctx)
	if err != nil {
		w.tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(w.ctx)
	done := make(chan struct{})
	go func() { defer close(done); _ = tg.Run(ctx, inst) }()
	w.tb.Cleanup(func() { cancel(); <-done; inst.Close() }) // runs before the fake and the hook close
	w.procs = append(w.procs, tg)
	return tg
}

// moreProcesses starts n more processes, each with its own pool, sharing
// the database and so the rate limit.
func (w *benchWorld) moreProcesses(n int) {
	for range n {
		store := dbtest.Open(w.tb, w.dbURL)
		store.Now = w.store.Now
		opts := telegram.Options{Token: token, Username: username, APIURL: w.fake.URL(), Rate: w.opts.rate, ChatInterval: w.opts.chat}
		w.startProcess(store, opts, slog.New(w.logs))
	}
}

// fakeCall calls a Bot API method on the fake and returns its result
// object (nil for other results).
func (w *benchWorld) fakeCall(method string, params map[string]any) map[string]any {
	w.tb.Helper()
	body, _ := json.Marshal(params)
	resp, err := http.Post(w.fake.URL()+"/bot"+token+"/"+method, "application/json", bytes.NewReader(body))
	if err != nil {
		w.tb.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		OK     bool
		Result json.RawMessage
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || !out.OK {
		w.tb.Fatalf("%s: %v %+v", method, err, out)
	}
	var obj map[string]any
	_ = json.Unmarshal(out.Result, &obj)
	return obj
}

// waitSent waits until the fake has recorded n more messages than base.
func (w *benchWorld) waitSent(base, n int, timeout time.Duration) {
	w.tb.Helper()
	deadline := time.Now().Add(timeout)
	for w.fake.Stats().Sent < base+n {
		if time.Now().After(deadline) {
			counts, _ := w.store.DeliveryCounts(w.ctx)
			w.tb.Fatalf("%d of %d messages after %s; deliveries %v; fake %+v", w.fake.Stats().Sent-base, n, timeout, counts, w.fake.Stats())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitProcessed waits until n inbox rows are no longer pending.
func (w *benchWorld) waitProcessed(n int, timeout time.Duration) {
	w.tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var done int
		if err := w.store.Pool().QueryRow(w.ctx, `SELECT count(*) FROM inbox WHERE state <> 'pending'`).Scan(&done); err != nil {
			w.tb.Fatal(err)
		}
		if done >= n {
			return
		}
		if time.Now().After(deadline) {
			w.tb.Fatalf("%d of %d updates processed after %s", done, n, timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// logCounter counts chidao's warnings and errors, keeping the first few,
// and passes everything on to next when set (CHIDAO_TEST_LOG).
type logCounter struct {
	mu    sync.Mutex
	n     int
	first []string
	next  slog.Handler
}

func (l *logCounter) Enabled(_ context.Context, lv slog.Level) bool {
	return lv >= slog.LevelWarn || l.next != nil
}

func (l *logCounter) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= slog.LevelWarn {
		l.mu.Lock()
		l.n++
		if len(l.first) < 5 {
			var sb strings.Builder
			sb.WriteString(r.Message)
			r.Attrs(func(a slog.Attr) bool { sb.WriteString(" " + a.String()); return true })
			l.first = append(l.first, sb.String())
		}
		l.mu.Unlock()
	}
	if l.next != nil {
		return l.next.Handle(ctx, r)
	}
	return nil
}

func (l *logCounter) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logCounter) WithGroup(string) slog.Handler      { return l }

// report adds the count of warnings to the metrics and logs the first ones.
func (l *logCounter) report(b *testing.B) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b.ReportMetric(float64(l.n), "warnings")
	for _, s := range l.first {
		b.Log("chidao logged: " + s)
	}
}

// peakRSS is the process's peak resident memory (VmHWM) in MiB: chidao's
// Telegram side, the fake server and the benchmark together, so an upper
// bound for chidao alone.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// now is the bench world's clock.
func (w *benchWorld) now() time.Time { return w.store.Now() }
