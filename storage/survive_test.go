package storage_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/storage"
)

// TestKeepSurvivesAFailedReacquire: the connection holding the instance's
// lock breaks and taking it again fails once (the database is away); the
// next Keep takes the lock again instead of pinging the connection it gave
// back (which used to panic with a nil pointer).
func TestKeepSurvivesAFailedReacquire(t *testing.T) {
	b := setup(t)
	inst, err := b.store.Register(b.ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close()
	gone, cancel := context.WithCancel(b.ctx)
	cancel()
	if err := inst.Keep(gone, b.store); err == nil {
		t.Fatal("Keep with the database out of reach said it holds the lock")
	}
	if err := inst.Keep(gone, b.store); err == nil {
		t.Fatal("Keep again with the database out of reach said it holds the lock")
	}
	deadline := time.Now().Add(10 * time.Second)
	for err = inst.Keep(b.ctx, b.store); err != nil; err = inst.Keep(b.ctx, b.store) {
		if time.Now().After(deadline) { // the old session's lock goes when its backend exits
			t.Fatalf("Keep never took the lock again: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := count(t, b, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 73010 AND objid = $1 AND granted`,
		inst.ID); got != 1 {
		t.Fatalf("%d sessions hold the instance's lock; want 1", got)
	}
}

// TestInboundIsKeptByteForByte: what jsonb refuses (a NUL, a lone
// surrogate) and bytes that are not UTF-8 are stored as sent, in one batch
// with ordinary updates.
func TestInboundIsKeptByteForByte(t *testing.T) {
	b := setup(t)
	bodies := [][]byte{
		[]byte(`{"update_id":1,"message":{"text":"/viec"}}`),
		[]byte(`{"update_id":2,"message":{"text":"a\u0000b"}}`),
		[]byte(`{"update_id":3,"message":{"text":"\ud800"}}`),
		[]byte("{\"update_id\":4,\"message\":{\"text\":\"\xff\xfe\"}}"),
		[]byte(`{"update_id":5,"message":{"text":"/viec"}}`),
	}
	var in []storage.Inbound
	for i, body := range bodies {
		in = append(in, storage.Inbound{ExternalID: fmt.Sprint(i + 1), ChatKey: fmt.Sprintf("telegram:%d", i), Seq: int64(i + 1), Payload: body})
	}
	res, err := b.store.StoreInbound(b.ctx, chidao.Telegram, in)
	if err != nil || res.New != len(bodies) || res.Quarantined != 0 {
		t.Fatalf("stored %+v, %v; want all %d", res, err, len(bodies))
	}
	var evs []storage.Event
	err = b.store.InTx(b.ctx, func(tx *storage.Store) error {
		evs, err = tx.ClaimInbound(b.ctx, chidao.Telegram, 10)
		return err
	})
	if err != nil || len(evs) != len(bodies) {
		t.Fatalf("claimed %d, %v", len(evs), err)
	}
	for i, e := range evs {
		if !bytes.Equal(e.Payload, bodies[i]) {
			t.Errorf("event %d came back as %q; want %q", i+1, e.Payload, bodies[i])
		}
	}
}

// TestDuplicatesWithinTheWindowOnly: the same id again within the window
// is a redelivery; after it, a new update (Telegram numbers again).
func TestDuplicatesWithinTheWindowOnly(t *testing.T) {
	b := setup(t)
	store := func(text string) int {
		t.Helper()
		res, err := b.store.StoreInbound(b.ctx, chidao.Telegram, []storage.Inbound{{ExternalID: "100001", ChatKey: "telegram:7",
			Seq: 100001, Payload: []byte(`{"update_id":100001,"message":{"text":"` + text + `"}}`)}})
		if err != nil {
			t.Fatal(err)
		}
		return res.New
	}
	if store("first") != 1 {
		t.Fatal("the first update was not stored")
	}
	b.clock.advance(storage.DedupeWindow - time.Minute)
	if store("first") != 0 {
		t.Fatal("a redelivery within the window was stored again")
	}
	b.clock.advance(2 * time.Minute)
	if store("second") != 1 {
		t.Fatal("a reused id after the window was dropped")
	}
	if store("second") != 0 {
		t.Fatal("a redelivery of the new update was stored again")
	}
	if n := count(t, b, `SELECT count(*) FROM inbox WHERE external_id = '100001'`); n != 2 {
		t.Fatalf("%d rows for the id; want the old and the new", n)
	}
}

// TestRefusedEventIsSetAsideAlone: an event the database refuses (an id
// longer than its index allows) is quarantined with its bytes; the others
// of its batch are stored; the Office sees it; its sender can be answered.
func TestRefusedEventIsSetAsideAlone(t *testing.T) {
	b := setup(t)
	var huge strings.Builder // incompressible, or PostgreSQL would compress it into the index
	r := rand.New(rand.NewPCG(1, 2))
	for huge.Len() < 9000 {
		fmt.Fprintf(&huge, "%016x", r.Uint64())
	}
	in := []storage.Inbound{
		{ExternalID: "m-1", ChatKey: "zalo:1", Seq: 1, Payload: []byte(`{"n":1}`), ChatID: "1"},
		{ExternalID: huge.String(), ChatKey: "zalo:2", Seq: 2, Payload: []byte(`{"n":2}`), ChatID: "2"},
		{ExternalID: "m-3", ChatKey: "zalo:3\x00", Seq: 3, Payload: []byte(`{"n":3}`), ChatID: "3\x00"},
		{ExternalID: "m-4", ChatKey: "zalo:4", Seq: 4, Payload: []byte(`{"n":4}`), ChatID: "4"},
	}
	res, err := b.store.StoreInbound(b.ctx, chidao.Zalo, in)
	if err != nil || res.New != 2 || res.Quarantined != 2 {
		t.Fatalf("stored %+v, %v; want 2 new and 2 set aside", res, err)
	}
	counts, err := b.store.InboxCounts(b.ctx)
	if err != nil || counts["pending"] != 2 || counts["quarantined"] != 2 {
		t.Fatalf("inbox counts %v, %v", counts, err)
	}
	problems, err := b.store.Problems(b.ctx, 10)
	if err != nil || len(problems) != 2 || problems[0].What != "quarantined event" {
		t.Fatalf("problems %+v, %v; want the two quarantined events", problems, err)
	}
	var q []storage.QuarantinedEvent
	err = b.store.InTx(b.ctx, func(tx *storage.Store) error {
		q, err = tx.ClaimQuarantined(b.ctx, chidao.Zalo, 10)
		return err
	})
	if err != nil || len(q) != 2 || q[0].ChatID != "2" || q[1].ChatID != "" {
		t.Fatalf("quarantined %+v, %v; want chat 2 answerable and the NUL chat not", q, err)
	}
	if n := count(t, b, `SELECT count(*) FROM inbox_quarantine WHERE payload = '{"n":2}'::bytea`); n != 1 {
		t.Fatal("the quarantined event's bytes were not kept")
	}
}

// TestPruneKeepsWhatTheRetentionKeeps: after the retention period handled
// events, message texts and expired codes go; pending work, recent rows,
// the audit log and the messages' rows stay.
func TestPruneKeepsWhatTheRetentionKeeps(t *testing.T) {
	b := setup(t)
	old := func(id string, state string) {
		t.Helper()
		if _, err := b.store.StoreInbound(b.ctx, chidao.Telegram, []storage.Inbound{{ExternalID: id, ChatKey: "telegram:" + id,
			Payload: []byte(`{}`)}}); err != nil {
			t.Fatal(err)
		}
		if _, err := b.store.Pool().Exec(b.ctx, `UPDATE inbox SET state = $2 WHERE external_id = $1`, id, state); err != nil {
			t.Fatal(err)
		}
	}
	old("1", "done")
	old("2", "pending")
	b.queue(t, 2, 0)
	if _, err := b.store.Pool().Exec(b.ctx, `UPDATE deliveries SET state = 'sent' WHERE dedupe_key = 't:0'`); err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.CreateInvite(b.ctx, cli, storage.NewInvite{UnitCode: "BKG", Role: chidao.RoleOfficer, TTL: time.Hour}); err != nil {
		t.Fatal(err)
	}
	b.clock.advance(10 * 24 * time.Hour)
	old("3", "done") // recent
	p, err := b.store.Prune(b.ctx, 7*24*time.Hour)
	if err != nil || p.Events != 1 || p.Messages != 1 || p.Codes != 1 {
		t.Fatalf("pruned %+v, %v; want the old handled event, the old sent text and the expired invite", p, err)
	}
	if n := count(t, b, `SELECT count(*) FROM inbox`); n != 2 {
		t.Fatalf("%d events left; want the pending one and the recent one", n)
	}
	if n := count(t, b, `SELECT count(*) FROM deliveries WHERE payload = '{}'::jsonb`); n != 1 {
		t.Fatalf("%d messages lost their text; want the sent one only (the pending one goes out as queued)", n)
	}
	if n := count(t, b, `SELECT count(*) FROM audit_log WHERE action = 'retention.prune'`); n != 1 {
		t.Fatal("pruning left no audit row")
	}
	if p, err := b.store.Prune(b.ctx, 7*24*time.Hour); err != nil || p != (storage.Pruned{}) {
		t.Fatalf("pruning again: %+v, %v; want nothing", p, err)
	}
}
