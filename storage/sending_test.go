package storage_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"chidao"
	"chidao/storage"
)

// queue puts one text message for each of n chats, plus extra for chat 1.
func (b bundle) queue(t *testing.T, n, extra int) {
	t.Helper()
	for i := range n + extra {
		chat := i + 1
		if i >= n {
			chat = 1
		}
		_, err := b.store.Enqueue(b.ctx, storage.Outgoing{DedupeKey: fmt.Sprintf("t:%d", i), Channel: chidao.Telegram,
			ChatID: fmt.Sprint(chat), Kind: "reply", Message: chidao.Message{Text: fmt.Sprintf("tin %d", i)}})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestClaimsKeepTheRateAndChatOrder(t *testing.T) {
	b := setup(t)
	b.queue(t, 20, 1)
	lim := storage.Limits{Rate: 10, ChatInterval: time.Second, Margin: -1, Lookahead: time.Second + storage.DefaultMaxLate}
	got, _, err := b.store.ClaimDeliveries(b.ctx, chidao.Telegram, 1, 100, lim)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 10 {
		t.Fatalf("claimed %d; want 10 (10 per second, one second ahead)", len(got))
	}
	for i, c := range got {
		if want := b.clock.t.Add(storage.DefaultMaxLate + time.Duration(i)*100*time.Millisecond); !c.SendAt.Equal(want) {
			t.Errorf("message %d may go at %s; want %s", i, c.SendAt, want)
		}
	}
	if more, wait, _ := b.store.ClaimDeliveries(b.ctx, chidao.Telegram, 1, 100, lim); len(more) != 0 || wait <= 0 {
		t.Fatalf("second claim at once took %d, wait %s; want none and a wait", len(more), wait)
	}
	// Chat 1's second message waits for its first to be sent, then for the chat interval.
	var outs []storage.Outcome
	for _, c := range got {
		outs = append(outs, storage.Outcome{ID: c.ID, State: "sent", MessageID: "1"})
	}
	if err := b.store.FinishDeliveries(b.ctx, chidao.Telegram, outs); err != nil {
		t.Fatal(err)
	}
	b.clock.advance(2 * time.Second)
	rest, _, err := b.store.ClaimDeliveries(b.ctx, chidao.Telegram, 1, 100, lim)
	if err != nil || len(rest) != 10 {
		t.Fatalf("claimed %d, %v; want the other 10 chats", len(rest), err)
	}
	for _, c := range rest {
		if c.ChatID == "1" {
			t.Fatalf("chat 1 got its second message in the same claim as other chats' first: %+v", c)
		}
	}
}

func TestPauseStopsEveryClaimer(t *testing.T) {
	b := setup(t)
	b.queue(t, 3, 0)
	if err := b.store.PauseChannel(b.ctx, chidao.Telegram, b.clock.t.Add(5*time.Second), time.Time{}); err != nil {
		t.Fatal(err)
	}
	got, wait, err := b.store.ClaimDeliveries(b.ctx, chidao.Telegram, 7, 10, storage.Limits{})
	if err != nil || len(got) != 0 || wait != 5*time.Second {
		t.Fatalf("claim while paused: %d messages, wait %s, %v; want none for 5s", len(got), wait, err)
	}
	b.clock.advance(5 * time.Second)
	if got, _, _ := b.store.ClaimDeliveries(b.ctx, chidao.Telegram, 7, 10, storage.Limits{}); len(got) != 3 {
		t.Fatalf("after the pause claimed %d; want 3", len(got))
	}
}

// TestMessagesOfADeadProcessAreSentAgain: what a process had in flight
// when it died is claimed again (at least once) and audited as resent,
// except a credential, which becomes unknown; a live process's is left.
func TestMessagesOfADeadProcessAreSentAgain(t *testing.T) {
	b := setup(t)
	b.queue(t, 4, 0)
	if _, err := b.store.Enqueue(b.ctx, storage.Outgoing{DedupeKey: "code", Channel: chidao.Telegram, ChatID: "9",
		Kind: storage.KindCredential, Message: chidao.Message{Text: "mã"}}); err != nil {
		t.Fatal(err)
	}
	dead, err := b.store.Register(b.ctx)
	if err != nil {
		t.Fatal(err)
	}
	alive, err := b.store.Register(b.ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer alive.Close()
	lost, _, _ := b.store.ClaimDeliveries(b.ctx, chidao.Telegram, dead.ID, 2, storage.Limits{})
	if len(lost) != 2 {
		t.Fatalf("dead claimed %d", len(lost))
	}
	if got, _, _ := b.store.ClaimDeliveries(b.ctx, chidao.Telegram, alive.ID, 3, storage.Limits{}); len(got) != 3 {
		t.Fatalf("alive claimed %d", len(got))
	}
	dead.Close()
	n, err := b.store.MarkLostDeliveries(b.ctx)
	if err != nil || n.Resent != 2 || n.Unknown != 0 {
		t.Fatalf("lost = %+v, %v; want the dead process's 2 resent", n, err)
	}
	again, _, _ := b.store.ClaimDeliveries(b.ctx, chidao.Telegram, alive.ID, 10, storage.Limits{})
	if len(again) != 2 || again[0].ID != lost[0].ID || again[1].ID != lost[1].ID {
		t.Fatalf("claimed again %+v; want the dead process's %+v", again, lost)
	}
	var audited []int64
	err = b.store.Pool().QueryRow(b.ctx, `SELECT array(SELECT jsonb_array_elements_text(after->'resent')::bigint)
		FROM audit_log WHERE action = 'delivery.resent'`).Scan(&audited)
	if err != nil || len(audited) != 2 || audited[0] != lost[0].ID {
		t.Fatalf("audited as resent %v, %v", audited, err)
	}
}

// A credential in flight at a crash is not sent again.
func TestLostCredentialBecomesUnknown(t *testing.T) {
	b := setup(t)
	if _, err := b.store.Enqueue(b.ctx, storage.Outgoing{DedupeKey: "code", Channel: chidao.Telegram, ChatID: "9",
		Kind: storage.KindCredential, Message: chidao.Message{Text: "mã"}}); err != nil {
		t.Fatal(err)
	}
	dead, err := b.store.Register(b.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, _, _ := b.store.ClaimDeliveries(b.ctx, chidao.Telegram, dead.ID, 2, storage.Limits{}); len(got) != 1 {
		t.Fatalf("dead claimed %d", len(got))
	}
	dead.Close()
	n, err := b.store.MarkLostDeliveries(b.ctx)
	counts, _ := b.store.DeliveryCounts(b.ctx)
	if err != nil || n.Unknown != 1 || n.Resent != 0 || counts["unknown"] != 1 {
		t.Fatalf("lost = %+v, %v, states %v; want the credential unknown", n, err, counts)
	}
}

// The limiter keeps a margin under the platform's cap: any 31 slots in a
// row span more than a second by the margin, and after a 429 the slots
// are twice as far apart.
func TestSlotsKeepAMarginAndSlowDownAfterA429(t *testing.T) {
	b := setup(t)
	b.queue(t, 100, 0)
	lim := storage.Limits{Rate: 30}
	var slots []time.Time
	for len(slots) < 60 {
		got, wait, err := b.store.ClaimDeliveries(b.ctx, chidao.Telegram, 1, 100, lim)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range got {
			slots = append(slots, c.SendAt)
		}
		b.clock.advance(max(wait, 250*time.Millisecond))
	}
	for i := 30; i < len(slots); i++ {
		if span := slots[i].Sub(slots[i-30]); span < 1040*time.Millisecond {
			t.Fatalf("slots %d..%d span %s; want at least 1.04 s (a 4 %% margin)", i-30, i, span)
		}
	}
	last := slots[len(slots)-1]
	pause := last.Add(time.Second)
	if err := b.store.PauseChannel(b.ctx, chidao.Telegram, pause, pause.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	b.clock.t = pause
	got, _, err := b.store.ClaimDeliveries(b.ctx, chidao.Telegram, 1, 100, lim)
	if err != nil || len(got) < 2 {
		t.Fatalf("after the pause claimed %d, %v", len(got), err)
	}
	if step := got[1].SendAt.Sub(got[0].SendAt); step != lim.WithDefaults().Step(true) || step < 2*time.Second/30 {
		t.Fatalf("slots %s apart after a 429; want %s", step, lim.WithDefaults().Step(true))
	}
	if got[0].SendAt.Before(pause) {
		t.Fatalf("first slot %s before the end of the pause %s", got[0].SendAt, pause)
	}
}

// TestConcurrentClaimersShareNothing: several processes claiming at once
// take every message exactly once.
func TestConcurrentClaimersShareNothing(t *testing.T) {
	b := setup(t)
	b.queue(t, 300, 0)
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				got, _, err := b.store.ClaimDeliveries(b.ctx, chidao.Telegram, int32(w+1), 25, storage.Limits{})
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, c := range got {
					seen[c.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != 300 {
		t.Fatalf("claimed %d distinct messages; want 300", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("message %d claimed %d times", id, n)
		}
	}
}

// TestOneChatTwoRecipientKeys: a chat can have messages queued to it as a
// chat (before its owner registered) and as a person; a claim takes one.
func TestOneChatTwoRecipientKeys(t *testing.T) {
	b := setup(t)
	p := b.register(t, "BKG", chidao.RoleOfficer, "Nguyễn Văn An", "42")
	for i, o := range []storage.Outgoing{
		{Channel: chidao.Telegram, ChatID: "42", Kind: "reply", Message: chidao.Message{Text: "một"}},
		{PersonID: p.ID, Kind: "notice", Message: chidao.Message{Text: "hai"}},
	} {
		o.DedupeKey = fmt.Sprintf("k%d", i)
		if _, err := b.store.Enqueue(b.ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	got, _, err := b.store.ClaimDeliveries(b.ctx, chidao.Telegram, 1, 10, storage.Limits{ChatInterval: time.Second})
	if err != nil || len(got) != 1 || got[0].Message.Text != "một" {
		t.Fatalf("claimed %+v, %v; want only the older message", got, err)
	}
}

// TestInviteCodesCarry128Bits: long codes are 22 URL-safe characters of
// crypto randomness (128 bits), short codes 8 of a 31-symbol alphabet, and
// a thousand of each never repeat.
func TestInviteCodesCarry128Bits(t *testing.T) {
	b := setup(t)
	long, short := map[string]bool{}, map[string]bool{}
	for range 1000 {
		inv, err := b.store.CreateInvite(b.ctx, cli, storage.NewInvite{UnitCode: "BKG", Role: chidao.RoleOfficer, TTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		if len(inv.Code) != 22 || strings.Trim(inv.Code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			t.Fatalf("long code %q is not 22 base64url characters", inv.Code)
		}
		if len(inv.ShortCode) != 8 || strings.ContainsAny(inv.ShortCode, "0O1Il") {
			t.Fatalf("short code %q", inv.ShortCode)
		}
		if long[inv.Code] || short[inv.ShortCode] {
			t.Fatalf("a code repeated after %d invites", len(long))
		}
		long[inv.Code], short[inv.ShortCode] = true, true
	}
}
