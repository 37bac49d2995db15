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
// the directive at most once, and all but the few messages in flight at
// the kill (marked unknown) are delivered.
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
	for chat, k := range perChat {
		if k > 1 {
			t.Fatalf("chat %d got the directive %d times", chat, k)
		}
	}
	t.Logf("after the kill: %v; %d chats received the directive", counts, len(perChat))
	if counts["sent"]+counts["unknown"] != n || counts["unknown"] > 128 {
		t.Fatalf("deliveries %v; want %d sent or unknown, at most 128 unknown (the claim batch)", counts, n)
	}
	if len(perChat) < counts["sent"] {
		t.Fatalf("%d chats received it but %d are marked sent", len(perChat), counts["sent"])
	}
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
