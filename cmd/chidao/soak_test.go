package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	domain "chidao"
	"chidao/bot/telegramfake"
	"chidao/internal/dbtest"
	"chidao/internal/testclock"
	"chidao/storage"
)

const (
	soakToken  = "424242:SOAK-token-abcdefghijklmnopqrstuvwxyz"
	soakSecret = "soak_webhook-secret"
)

// TestSoak runs three chidao serve processes on one database behind a
// round-robin proxy, the fake Telegram pushing webhooks through it: a
// broadcast to every officer and a stream of updates, with one process
// killed and restarted midway. Every update must have exactly one effect
// (one answer), every message go out once (those in flight at the kill
// counted as unknown), and no log line may contain a secret. Short form by
// default; CHIDAO_SOAK_UPDATES=10000 CHIDAO_SOAK_OFFICERS=1000 for the full one.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three chidao serve processes")
	}
	officers, updates := envInt("CHIDAO_SOAK_OFFICERS", 300), envInt("CHIDAO_SOAK_UPDATES", 1500)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	dbURL := dbtest.URL(t)
	store := dbtest.Open(t, dbURL)
	fake := telegramfake.New(telegramfake.Options{Token: soakToken, BotUsername: "chidao_soak_bot", Rate: -1, ChatInterval: -1, WebhookConcurrency: 16})
	defer fake.Close()
	users := seedOfficers(t, ctx, store, fake, officers)

	ports := []int{freePort(t), freePort(t), freePort(t)}
	var next atomic.Int64
	lb := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		p := ports[next.Add(1)%int64(len(ports))]
		r.SetURL(&url.URL{Scheme: "http", Host: "127.0.0.1:" + strconv.Itoa(p)})
	}})
	defer lb.Close()
	var logs [3]*bytes.Buffer
	var mu sync.Mutex
	env := func(port int) []string {
		return []string{"CHIDAO_RUN_MAIN=1", "DATABASE_URL=" + dbURL, "HTTP_ADDR=127.0.0.1:" + strconv.Itoa(port), "LOG_LEVEL=debug",
			"TELEGRAM_BOT_TOKEN=" + soakToken, "TELEGRAM_BOT_USERNAME=chidao_soak_bot", "TELEGRAM_API_URL=" + fake.URL(),
			"TELEGRAM_MODE=webhook", "TELEGRAM_WEBHOOK_SECRET=" + soakSecret, "PUBLIC_URL=" + lb.URL,
			"TELEGRAM_RATE=-1", "TELEGRAM_CHAT_INTERVAL=-1s", "REMINDER_SCHEDULE=@every 1h"}
	}
	procs := make([]*exec.Cmd, 3)
	start := func(i int) {
		cmd := exec.Command(os.Args[0], "serve")
		cmd.Env = append(append(os.Environ(), env(ports[i])...), testclock.Env())
		if logs[i] == nil {
			logs[i] = &bytes.Buffer{}
		}
		cmd.Stderr = &lockedWriter{mu: &mu, w: logs[i]}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs[i] = cmd
	}
	for i := range procs {
		start(i)
	}
	defer func() {
		for _, p := range procs {
			_ = p.Process.Signal(syscall.SIGTERM)
			_ = p.Wait()
		}
	}()
	for _, p := range ports {
		waitHealthy(t, p)
	}

	began := time.Now()
	if _, err := store.CreateDirective(ctx, domain.Actor{Label: "soak"}, storage.NewDirective{Number: "99-CV/BTGTU", Title: "V/v thử tải",
		Due: store.Now().Add(72 * time.Hour), UnitCodes: []string{"DPT"}}); err != nil {
		t.Fatal(err)
	}
	sentUpdates := map[int64]int{}
	for i := range updates {
		u := users[i%len(users)]
		fake.SendText(u, "/viec")
		sentUpdates[u.ID]++
		if i == updates/2 { // kill a process midway, and bring it back
			_ = procs[1].Process.Signal(syscall.SIGKILL)
			_ = procs[1].Wait()
			start(1)
		}
	}
	if err := fake.WaitDelivered(ctx); err != nil {
		t.Fatal(err)
	}
	var pending, inbox int
	for ctx.Err() == nil {
		_ = store.Pool().QueryRow(ctx, `SELECT count(*) FILTER (WHERE state = 'pending'),
			(SELECT count(*) FROM deliveries WHERE state IN ('pending', 'sending')) FROM inbox`).Scan(&inbox, &pending)
		if inbox == 0 && pending == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	took := time.Since(began)
	counts, _ := store.DeliveryCounts(ctx)
	unknown := counts["unknown"]
	var done int
	_ = store.Pool().QueryRow(ctx, `SELECT count(*) FROM inbox WHERE state = 'done'`).Scan(&done)
	if done != updates {
		t.Errorf("%d updates handled; want %d, each once", done, updates)
	}
	// Every update got an answer and every officer the directive; a
	// message in flight at the kill may have arrived twice (it is resent).
	resent := resentCount(t, ctx, store)
	short, extra := 0, 0
	for _, u := range users {
		var letters, answers int
		for _, s := range fake.SentTo(u.ID) {
			switch {
			case strings.Contains(s.Text, "VĂN BẢN SỐ 99-CV/BTGTU"):
				letters++
			case strings.Contains(s.Text, "đang thực hiện"):
				answers++
			}
		}
		short += max(sentUpdates[u.ID]-answers, 0) + max(1-letters, 0)
		extra += max(answers-sentUpdates[u.ID], 0) + max(letters-1, 0)
	}
	if short > 0 || unknown > 0 {
		t.Errorf("%d messages missing, %d marked unknown; want none", short, unknown)
	}
	if extra > resent {
		t.Errorf("%d messages arrived twice but only %d were resent", extra, resent)
	}
	t.Logf("soak: %d officers, %d updates, one process killed midway: %s, %.0f updates/s handled, %d messages sent, %d resent, %d arrived twice",
		officers, updates, took.Round(time.Millisecond), float64(updates)/took.Seconds(), counts["sent"], resent, extra)
	mu.Lock()
	defer mu.Unlock()
	for i, l := range logs {
		for _, secret := range []string{soakToken, strings.Split(soakToken, ":")[1], soakSecret} {
			if strings.Contains(l.String(), secret) {
				t.Errorf("process %d logged a secret", i)
			}
		}
	}
}

func seedOfficers(t *testing.T, ctx context.Context, store *storage.Store, fake *telegramfake.Server, n int) []telegramfake.User {
	t.Helper()
	if err := store.AddUnit(ctx, domain.System, domain.Unit{Code: "DPT", Name: "Đài PT-TH"}); err != nil {
		t.Fatal(err)
	}
	var users []telegramfake.User
	for i := range n {
		inv, err := store.CreateInvite(ctx, domain.System, storage.NewInvite{UnitCode: "DPT", Role: domain.RoleOfficer,
			FullName: fmt.Sprintf("Cán bộ %d", i), TTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		id := int64(500000 + i)
		s := strconv.FormatInt(id, 10)
		if _, err := store.RedeemInvite(ctx, storage.Redemption{Code: inv.Code, Channel: domain.Telegram, ExternalUserID: s, ChatID: s}); err != nil {
			t.Fatal(err)
		}
		u := telegramfake.User{ID: id, FirstName: "CB"}
		fake.Started(u)
		users = append(users, u)
	}
	return users
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitHealthy(t *testing.T, port int) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/readyz", port)); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
	}
	t.Fatalf("serve on port %d never became ready", port)
}
