package main

import (
	"context"
	"strings"
	"testing"
	"time"

	domain "chidao"
	"chidao/internal/dbtest"
	"chidao/internal/testclock"
	"chidao/storage"
)

// TestFaultReminderSweepThroughAnOutage: two chidao serve processes sweep
// every second; 1,000 units each owe a reminder. PostgreSQL stops while a
// sweep holds the sweep lock (its transaction is cut) and starts again.
// Every unit then gets its reminder exactly once: one ledger entry, one
// message, none twice, after more sweeps of both processes.
func TestFaultReminderSweepThroughAnOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("stops and starts PostgreSQL under chidao serve")
	}
	const units = 1000
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	pg, dbURL := dbtest.Restartable(t)
	store := dbtest.Open(t, dbURL)
	// A working Wednesday morning, whatever the hour the suite runs at.
	wednesday := testclock.At(time.Date(2026, 3, 4, 10, 0, 0, 0, domain.Zone))
	store.Now = func() time.Time { return wednesday().Add(-50 * time.Hour) } // the directive went out on Monday
	bulkOfficers(t, ctx, store, nil, units, units)
	if _, err := store.CreateDirective(ctx, domain.System, storage.NewDirective{Number: "70-CV/BTGTU", Title: "V/v thử",
		Due: wednesday().Add(48 * time.Hour), AllUnits: true}); err != nil {
		t.Fatal(err)
	}
	store.Now = wednesday
	env := []string{"DATABASE_URL=" + dbURL, "REMINDER_SCHEDULE=@every 1s", "LOG_LEVEL=debug",
		"CHIDAO_TEST_CLOCK=" + wednesday().Format(time.RFC3339Nano)}
	procs := []*proc{startServe(t, freePort(t), env...), startServe(t, freePort(t), env...)}
	waitFor(t, ctx, "a sweep to hold the sweep lock", func() bool {
		return countRows(t, ctx, store, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 73012 AND granted`) > 0
	})
	pg.Stop(t)
	time.Sleep(scale().outage) // the outage itself
	pg.Start(t)
	left := countRows(t, ctx, store, `SELECT count(*) FROM reminders`)
	waitFor(t, ctx, "every unit's reminder", func() bool {
		return countRows(t, ctx, store, `SELECT count(*) FROM reminders WHERE state = 'queued'`) >= units
	})
	runs := func() int {
		return strings.Count(procs[0].logText(), "Reminder sweep done") + strings.Count(procs[1].logText(), "Reminder sweep done")
	}
	after := runs()
	waitFor(t, ctx, "more sweeps of both processes", func() bool { return runs() >= after+4 })

	queued := countRows(t, ctx, store, `SELECT count(*) FROM reminders WHERE state = 'queued'`)
	twice := countRows(t, ctx, store, `SELECT count(*) FROM (SELECT assignment_id FROM reminders WHERE state = 'queued'
		GROUP BY 1 HAVING count(*) > 1) x`)
	messages := countRows(t, ctx, store, `SELECT count(*) FROM deliveries WHERE kind = 'reminder'`)
	people := countRows(t, ctx, store, `SELECT count(DISTINCT person_id) FROM deliveries WHERE kind = 'reminder'`)
	if queued != units || twice != 0 || messages != units || people != units {
		t.Errorf("%d reminders queued (%d units twice), %d messages to %d people; want %d of each, none twice",
			queued, twice, messages, people, units)
	}
	for _, p := range procs {
		if !p.alive() {
			t.Fatal("a chidao serve process died during the outage")
		}
		p.checkLog(t, 1)
	}
	t.Logf("reminder sweep: %d units; PostgreSQL stopped during a sweep (it left %d ledger rows), down %s; %d reminders, one each",
		units, left, scale().outage, queued)
}
