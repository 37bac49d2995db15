package zalo_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"chidao"
	"chidao/bot/zalo"
	"chidao/bot/zalofake"
	"chidao/internal/dbtest"
	"chidao/internal/testclock"
	"chidao/storage"
)

// TestZaloTextsPostgreSQLRefusesBlockNobody: signed events whose text
// holds a NUL or a lone surrogate are stored (200, not 503) and answered,
// and so are the ordinary ones around them.
func TestZaloTextsPostgreSQLRefusesBlockNobody(t *testing.T) {
	w := newWorld(t)
	var officers []zalofake.User
	for i := range 4 {
		officers = append(officers, w.register(fmt.Sprint(5100+i), fmt.Sprintf("Cán bộ %d", i), "DPT", chidao.RoleOfficer))
	}
	if _, err := w.store.CreateDirective(w.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "51-CV/BTGTU",
		Title: "V/v thử", Due: w.store.Now().Add(72 * time.Hour), UnitCodes: []string{"DPT"}}); err != nil {
		t.Fatal(err)
	}
	for _, o := range officers {
		w.next(o, "VĂN BẢN SỐ 51-CV/BTGTU")
	}
	w.do(w.fake.SendText(officers[0], "VIEC"))
	w.do(w.fake.SendTextEscaped(officers[1], `VIEC\u0000`))
	w.do(w.fake.SendTextEscaped(officers[2], `\ud800 VIEC`))
	w.do(w.fake.SendText(officers[3], "VIEC"))
	for _, o := range officers { // the broken character reads as U+FFFD: the rest is understood
		w.next(o, "đang thực hiện 1 văn bản")
	}
}

// TestZaloEventTheDatabaseRefusesIsSetAside: a signed event whose message
// id is too long for the inbox's index is quarantined (200: Zalo must not
// retry it), its sender is told politely, and what they send next works.
func TestZaloEventTheDatabaseRefusesIsSetAside(t *testing.T) {
	w := newWorld(t)
	officer := w.register("5200", "Lưu Văn Tài", "DPT", chidao.RoleOfficer)
	var id strings.Builder // incompressible, or PostgreSQL would compress it into the index
	r := rand.New(rand.NewPCG(3, 4))
	for id.Len() < 9000 {
		fmt.Fprintf(&id, "%016x", r.Uint64())
	}
	body := fmt.Sprintf(`{"app_id":"3141592653589793238","user_id_by_app":"1","event_name":"user_send_text","timestamp":"%d",
		"sender":{"id":"5200"},"recipient":{"id":"2718281828459045235"},"message":{"msg_id":"%s","text":"VIEC"}}`,
		w.clock.now().UnixMilli(), id.String())
	w.do(w.fake.Push([]byte(body)))
	w.next(officer, "trợ lý không lưu được tin nhắn vừa rồi")
	w.do(w.fake.SendText(officer, "VIEC"))
	w.next(officer, "không có văn bản nào đang thực hiện")
	counts, err := w.store.InboxCounts(w.ctx)
	if err != nil || counts["quarantined"] != 1 {
		t.Fatalf("inbox %v, %v; want the event quarantined", counts, err)
	}
}

// TestZaloFilesAreFetchedUntilTheyArrive: a report's file that Zalo's CDN
// refuses twice is fetched on the third try; one Zalo no longer has (404)
// is failed, and its sender is told to send it again.
func TestZaloFilesAreFetchedUntilTheyArrive(t *testing.T) {
	w := newWorld(t)
	officer := w.register("5300", "Đoàn Thị Mai", "DPT", chidao.RoleOfficer)
	if _, err := w.store.CreateDirective(w.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "53-CV/BTGTU",
		Title: "V/v thử", Due: w.store.Now().Add(72 * time.Hour), UnitCodes: []string{"DPT"}}); err != nil {
		t.Fatal(err)
	}
	w.next(officer, "VĂN BẢN SỐ 53-CV/BTGTU")
	w.fake.FailFileDownloads(2)
	w.do(w.fake.SendFile(officer, "bao-cao.pdf", []byte("%PDF-1.4 báo cáo")))
	w.next(officer, "Đồng chí gửi tệp «bao-cao.pdf» làm tệp kèm báo cáo")
	w.do(w.fake.SendText(officer, "1"))
	w.next(officer, "(kèm tệp «")
	w.waitFile("bao-cao.pdf", func(content []byte, failed string) bool { return string(content) == "%PDF-1.4 báo cáo" })

	body := fmt.Sprintf(`{"app_id":"3141592653589793238","user_id_by_app":"1","event_name":"user_send_file","timestamp":"%d",
		"sender":{"id":"5300"},"recipient":{"id":"2718281828459045235"},"message":{"msg_id":"gone-1","attachments":[{"type":"file",
		"payload":{"url":"%s/files/no-such-file","name":"phu-luc.pdf","size":"2048","type":"pdf"}}]}}`, w.clock.now().UnixMilli(), w.fake.URL())
	w.do(w.fake.Push([]byte(body)))
	w.next(officer, "Đồng chí gửi tệp «phu-luc.pdf» làm tệp kèm báo cáo") // the file is kept, and fetched, at once
	w.next(officer, "không tải được tệp «phu-luc.pdf»")
	w.waitFile("phu-luc.pdf", func(content []byte, failed string) bool { return strings.HasPrefix(failed, "not_found") })
}

// waitFile waits until the file named name is as done says.
func (w *world) waitFile(name string, done func(content []byte, failed string) bool) {
	w.t.Helper()
	for {
		var content []byte
		var failed string
		if err := w.store.Pool().QueryRow(w.ctx, `SELECT content, coalesce(fetch_error, '') FROM files WHERE name = $1`, name).
			Scan(&content, &failed); err != nil {
			w.t.Fatal(err)
		}
		if done(content, failed) {
			return
		}
		if w.ctx.Err() != nil {
			w.t.Fatalf("file %s: content %q, error %q", name, content, failed)
		}
		time.Sleep(20 * time.Millisecond) // polling the condition
	}
}

// TestRotatedZaloPairIsNeverLost: the database goes away the moment Zalo
// rotates the token pair (refresh tokens are single-use). The process keeps
// the new pair in memory and uses it; no other refresh happens, in it or in
// another process; once the database is back the pair is stored, and the
// next refresh works with it.
func TestRotatedZaloPairIsNeverLost(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	url := dbtest.URL(t)
	direct := dbtest.Open(t, url)
	proxiedURL, proxy := dbtest.Through(t, url)
	proxied := dbtest.Open(t, proxiedURL)
	var cutOnRefresh atomic.Bool
	fake := zalofake.New(zalofake.Options{Now: testclock.Now, OnRefresh: func() {
		if cutOnRefresh.Load() {
			proxy.Cut()
		}
	}})
	defer fake.Close()
	if _, err := direct.SeedZaloRefreshToken(ctx, "refresh-0"); err != nil {
		t.Fatal(err)
	}
	process := func(s *storage.Store) *zalo.Zalo {
		return zalo.New(zalo.Options{AppID: "3141592653589793238", AppSecret: "app-secret", APIURL: fake.URL(), OAuthURL: fake.URL()},
			s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}
	cutOnRefresh.Store(true)
	a := process(proxied)
	tok, err := a.AccessToken(ctx)
	if err != nil || tok != fake.AccessToken() || fake.Refreshes() != 1 {
		t.Fatalf("token %q, %v after %d refreshes; want Zalo's new one after 1", tok, err, fake.Refreshes())
	}
	if again, err := a.AccessToken(ctx); err != nil || again != tok {
		t.Fatalf("with the database away: %q, %v; want the pair held in memory", again, err)
	}
	proxy.Restore()
	b := process(direct) // another process needs a token now: it must not refresh with the spent token
	if got, err := b.AccessToken(ctx); err != nil || got != tok {
		t.Fatalf("the other process got %q, %v; want the pair the first one holds", got, err)
	}
	var stored string
	if err := direct.Pool().QueryRow(ctx, `SELECT access_token FROM zalo_tokens`).Scan(&stored); err != nil || stored != tok {
		t.Fatalf("stored %q, %v; want the new pair", stored, err)
	}
	if fake.Refreshes() != 1 {
		t.Fatalf("%d refreshes; want 1", fake.Refreshes())
	}
	// The stored refresh token is the live one: the next refresh works.
	cutOnRefresh.Store(false)
	if _, err := direct.Pool().Exec(ctx, `UPDATE zalo_tokens SET expires_at = 'epoch'`); err != nil {
		t.Fatal(err)
	}
	if next, err := process(direct).AccessToken(ctx); err != nil || next == tok || fake.Refreshes() != 2 {
		t.Fatalf("next refresh: %q, %v, %d refreshes", next, err, fake.Refreshes())
	}
}
