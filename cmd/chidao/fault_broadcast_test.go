package main

import (
	"context"
	"strings"
	"testing"
	"time"

	domain "chidao"
	"chidao/bot/telegramfake"
	"chidao/internal/dbtest"
	"chidao/storage"
)

// TestFaultBroadcastThroughAnOutage: two chidao serve processes send a
// directive to 1,000 officers at 400 messages a second; PostgreSQL stops a
// quarter of the way through and starts again. Both processes stay up,
// every officer gets the letter, and no more get it twice than were in
// flight when the database went away.
func TestFaultBroadcastThroughAnOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("stops and starts PostgreSQL under chidao serve")
	}
	const officers = 1000
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	pg, dbURL := dbtest.Restartable(t)
	store := dbtest.Open(t, dbURL)
	fake := telegramfake.New(telegramfake.Options{Token: faultToken, BotUsername: "chidao_fault_bot", Rate: -1, ChatInterval: -1})
	defer fake.Close()
	users := bulkOfficers(t, ctx, store, fake, 10, officers)
	env := []string{"DATABASE_URL=" + dbURL, "TELEGRAM_BOT_TOKEN=" + faultToken, "TELEGRAM_BOT_USERNAME=chidao_fault_bot",
		"TELEGRAM_API_URL=" + fake.URL(), "TELEGRAM_RATE=400", "TELEGRAM_CHAT_INTERVAL=-1s", "REMINDER_SCHEDULE=@every 1h"}
	procs := []*proc{startServe(t, freePort(t), env...), startServe(t, freePort(t), env...)}
	if _, err := store.CreateDirective(ctx, domain.System, storage.NewDirective{Number: "80-CV/BTGTU", Title: "V/v thử",
		Due: store.Now().Add(72 * time.Hour), AllUnits: true}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "a quarter of the letters", func() bool { return fake.Stats().Sent >= officers/4 })
	inFlight := countRows(t, ctx, store, `SELECT count(*) FROM deliveries WHERE state = 'sending'`)
	pg.Stop(t)
	sentDown := fake.Stats().Sent
	time.Sleep(scale().outage) // the outage itself
	sentDown = fake.Stats().Sent - sentDown
	pg.Start(t)
	up := time.Now()
	waitFor(t, ctx, "every letter", func() bool {
		return countRows(t, ctx, store, `SELECT count(*) FROM deliveries WHERE kind = 'directive.part' AND state IN ('pending', 'sending')`) == 0
	})
	missing, twice := 0, 0
	for _, u := range users {
		n := 0
		for _, s := range fake.SentTo(u.ID) {
			if strings.Contains(s.Text, "VĂN BẢN SỐ 80-CV/BTGTU") {
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
	counts, _ := store.DeliveryCounts(ctx)
	if missing > 0 || twice > 2*128 {
		t.Errorf("%d officers never got the letter, %d twice (in flight at the stop: %d); deliveries %v", missing, twice, inFlight, counts)
	}
	for _, p := range procs {
		if !p.alive() {
			t.Fatal("a chidao serve process died during the outage")
		}
		p.checkLog(t, 1)
	}
	t.Logf("broadcast: %d officers at 400/s from 2 processes; PostgreSQL stopped after %d sent (%d in flight), down %s, %d sent while down; "+
		"all out %s after it accepted connections again; %d twice, %d marked unknown",
		officers, officers/4, inFlight, scale().outage, sentDown, time.Since(up).Round(time.Millisecond), twice, counts["unknown"])
}
