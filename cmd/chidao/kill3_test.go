package main

import (
	"context"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	domain "chidao"
	"chidao/bot/telegramfake"
	"chidao/internal/dbtest"
	"chidao/storage"
)

// TestOneOfThreeKilledMidBroadcast is issue 11's measurement: three chidao
// serve processes on one database, the fake at its strict limits, one
// process killed with SIGKILL a third of the way through a directive to
// 300 officers. Every officer receives the letter; the messages the dead
// process had in flight are sent again (audited as resent), so no more
// officers get it twice than were in flight at the kill; the strict fake
// answers no 429.
func TestOneOfThreeKilledMidBroadcast(t *testing.T) {
	if testing.Short() {
		t.Skip("starts four chidao serve processes")
	}
	const officers, rate = 300, 100 // 100/s keeps the test short; the limiter is the same at 30
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dbURL := dbtest.URL(t)
	store := dbtest.Open(t, dbURL)
	fake := telegramfake.New(telegramfake.Options{Token: crashToken, Rate: rate})
	defer fake.Close()
	users := seedOfficers(t, ctx, store, fake, officers)
	env := []string{"CHIDAO_RUN_MAIN=1", "DATABASE_URL=" + dbURL, "HTTP_ADDR=127.0.0.1:0", "LOG_LEVEL=warn",
		"TELEGRAM_BOT_TOKEN=" + crashToken, "TELEGRAM_BOT_USERNAME=chidao_test_bot", "TELEGRAM_API_URL=" + fake.URL(),
		"TELEGRAM_RATE=100", "REMINDER_SCHEDULE=@every 1h"}
	procs := []*exec.Cmd{serve(t, env), serve(t, env), serve(t, env)}
	defer func() {
		for _, p := range procs {
			_ = p.Process.Signal(syscall.SIGTERM)
			_ = p.Wait()
		}
	}()
	if _, err := store.CreateDirective(ctx, domain.System, storage.NewDirective{Number: "31-CV/BTGTU", Title: "V/v tuyên truyền",
		Due: store.Now().Add(48 * time.Hour), UnitCodes: []string{"DPT"}}); err != nil {
		t.Fatal(err)
	}
	for fake.Stats().Sent < officers/3 && ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
	}
	_ = procs[1].Process.Signal(syscall.SIGKILL)
	_ = procs[1].Wait()
	procs = append(procs[:1], procs[2:]...)
	for ctx.Err() == nil {
		if counts, err := store.DeliveryCounts(ctx); err == nil && counts["pending"]+counts["sending"] == 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	missing, twice := 0, 0
	for _, u := range users {
		n := 0
		for _, s := range fake.SentTo(u.ID) {
			if strings.Contains(s.Text, "31-CV/BTGTU") {
				n++
			}
		}
		switch {
		case n == 0:
			missing++
		case n > 1:
			twice++
		}
	}
	resent, counts, st := resentCount(t, ctx, store), mustCounts(t, ctx, store), fake.Stats()
	// What the dead process had in flight is exactly what was resent
	// (MarkLostDeliveries puts back its 'sending' rows); claims reach
	// 0.6 s ahead, so at 100/s that is at most about 60.
	t.Logf("3 processes, one killed after %d of %d letters: %d of its messages in flight resent, %d officers got it twice, %d missing; %d × 429; deliveries %v",
		officers/3, officers, resent, twice, missing, st.TooManyBot+st.TooManyChat, counts)
	if missing > 0 || counts["unknown"] > 0 {
		t.Errorf("%d officers never got the letter; deliveries %v", missing, counts)
	}
	if twice > resent || resent > rate {
		t.Errorf("%d twice, %d resent (in flight at the kill); want twice <= resent <= %d", twice, resent, rate)
	}
	if st.TooManyBot+st.TooManyChat > 0 {
		t.Errorf("the strict fake answered 429 %d times", st.TooManyBot+st.TooManyChat)
	}
}

func mustCounts(t *testing.T, ctx context.Context, store *storage.Store) map[string]int {
	t.Helper()
	c, err := store.DeliveryCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
