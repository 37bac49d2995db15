package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	domain "chidao"
	"chidao/bot/telegramfake"
	"chidao/internal/dbtest"
	"chidao/internal/testclock"
	"chidao/storage"
)

const crashToken = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz"

// TestServeKilledMidBroadcast kills chidao serve with SIGKILL in the middle
// of a 2,000-recipient broadcast and starts it again: every officer gets
// the directive (at least once: what was in flight at the kill is sent
// again, audited as resent), and no more officers get it twice than were
// in flight.
func TestServeKilledMidBroadcast(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chidao serve twice")
	}
	const n = 2000
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dbURL := dbtest.URL(t)
	store := dbtest.Open(t, dbURL)
	fake := telegramfake.New(telegramfake.Options{Token: crashToken, Rate: -1, ChatInterval: -1})
	defer fake.Close()
	if err := store.AddUnit(ctx, domain.System, domain.Unit{Code: "DPT", Name: "Đài Phát thanh - Truyền hình"}); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		inv, err := store.CreateInvite(ctx, domain.System, storage.NewInvite{UnitCode: "DPT", Role: domain.RoleOfficer,
			FullName: fmt.Sprintf("Cán bộ %d", i), TTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		id := strconv.Itoa(10000 + i)
		if _, err := store.RedeemInvite(ctx, storage.Redemption{Code: inv.Code, Channel: domain.Telegram, ExternalUserID: id, ChatID: id}); err != nil {
			t.Fatal(err)
		}
		fake.Started(telegramfake.User{ID: int64(10000 + i), FirstName: "CB"})
	}
	if _, err := store.CreateDirective(ctx, domain.System, storage.NewDirective{Number: "30-CV/BTGTU", Title: "V/v tuyên truyền",
		Due: store.Now().Add(48 * time.Hour), UnitCodes: []string{"DPT"}}); err != nil {
		t.Fatal(err)
	}
	env := []string{"CHIDAO_RUN_MAIN=1", "DATABASE_URL=" + dbURL, "HTTP_ADDR=127.0.0.1:0", "LOG_LEVEL=warn",
		"TELEGRAM_BOT_TOKEN=" + crashToken, "TELEGRAM_BOT_USERNAME=chidao_test_bot", "TELEGRAM_API_URL=" + fake.URL(),
		"TELEGRAM_RATE=400", "TELEGRAM_CHAT_INTERVAL=-1s"}
	first := serve(t, env)
	for fake.Stats().Sent < n/4 {
		time.Sleep(10 * time.Millisecond)
	}
	_ = first.Process.Signal(syscall.SIGKILL)
	_ = first.Wait()
	var inFlight int
	if err := store.Pool().QueryRow(ctx, `SELECT count(*) FROM deliveries WHERE state = 'sending'`).Scan(&inFlight); err != nil {
		t.Fatal(err)
	}
	second := serve(t, env)
	defer func() { _ = second.Process.Signal(syscall.SIGTERM); _ = second.Wait() }()
	var counts map[string]int
	var err error
	for ctx.Err() == nil {
		if counts, err = store.DeliveryCounts(ctx); err == nil && counts["pending"]+counts["sending"] == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	perChat := map[int64]int{}
	for _, s := range fake.Sent() {
		if strings.Contains(s.Text, "30-CV/BTGTU") {
			perChat[s.ChatID]++
		}
	}
	twice := 0
	for _, k := range perChat {
		if k > 1 {
			twice++
		}
	}
	resent := resentCount(t, ctx, store)
	t.Logf("after the kill: %v; %d in flight at the kill, %d resent, %d chats received the directive, %d of them twice",
		counts, inFlight, resent, len(perChat), twice)
	if len(perChat) != n || counts["sent"] != n || counts["unknown"] != 0 {
		t.Fatalf("%d of %d officers received the directive; deliveries %v; want every one, none unknown", len(perChat), n, counts)
	}
	if twice > resent || resent > inFlight {
		t.Fatalf("%d officers got it twice, %d resent, %d in flight at the kill; want twice <= resent <= in flight", twice, resent, inFlight)
	}
}

// resentCount is how many messages were sent again after a crash, as the
// audit log says.
func resentCount(t *testing.T, ctx context.Context, store *storage.Store) int {
	t.Helper()
	var n int
	err := store.Pool().QueryRow(ctx, `SELECT coalesce(sum(jsonb_array_length(after->'resent')), 0)
		FROM audit_log WHERE action = 'delivery.resent'`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// serve starts chidao serve, its clock in step with the test's.
func serve(t *testing.T, env []string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve")
	cmd.Env = append(append(os.Environ(), env...), testclock.Env())
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}
