package zalo_test

import (
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"chidao"
	"chidao/reminders"
	"chidao/storage"
)

// movingClock is an injected clock the test sets to any instant and that
// runs on from there.
type movingClock struct {
	mu         sync.Mutex
	base, real time.Time
}

func (c *movingClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base.Add(time.Since(c.real))
}

func (c *movingClock) set(t time.Time) { c.mu.Lock(); c.base, c.real = t, time.Now(); c.mu.Unlock() }

// TestReachOnZalo: the reach question reaches a Zalo officer who wrote in
// the last 7 days, and a typed answer without a reply (Zalo has none) with
// millions, "k" and "no comments" is stored.
func TestReachOnZalo(t *testing.T) {
	clk := &movingClock{base: time.Date(2026, 4, 23, 9, 0, 0, 0, chidao.Zone), real: time.Now()}
	w := newWorldClock(t, clk.now)
	officer := w.register("9007199254740993101", "Nguyễn Văn An", "DPT", chidao.RoleOfficer)
	head := w.register("9007199254740993102", "Trần Thị Bình", "DPT", chidao.RoleHead)
	_, err := w.store.CreateDirective(w.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "18-CV/BTGTU",
		Title: "V/v tuyên truyền", Due: clk.now().Add(20 * 24 * time.Hour), UnitCodes: []string{"DPT"},
		Tasks: []storage.NewTask{{Text: "Đăng clip", Requirement: chidao.Requirement{MinClips: 1}}}})
	if err != nil {
		t.Fatal(err)
	}
	w.next(officer, "VĂN BẢN SỐ 18-CV/BTGTU")
	w.next(head, "VĂN BẢN SỐ 18-CV/BTGTU")
	w.do(w.fake.SendLink(officer, "https://vt.tiktok.com/ZSabc123/", ""))
	w.next(officer, "Đã nhận 1 clip")
	review := w.next(head, "tiktok")
	i := strings.Index(review.Text, "DUYET ")
	w.do(w.fake.SendText(head, "Duyệt "+strings.Fields(review.Text[i+len("DUYET "):])[0]))
	w.next(head, "Đã duyệt clip")
	w.next(officer, "duyệt")

	// Zalo's window: the officer wrote on 05/05, so the question of 07/05 reaches him.
	clk.set(time.Date(2026, 5, 5, 10, 0, 0, 0, chidao.Zone))
	w.do(w.fake.SendText(officer, "VIEC"))
	w.next(officer, "Đơn vị")
	at := time.Date(2026, 5, 7, 8, 0, 0, 0, chidao.Zone)
	clk.set(at)
	sw := &reminders.Sweeper{Store: w.store, Calendar: reminders.DefaultCalendar(), Policy: reminders.DefaultPolicy(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if res, err := sw.Sweep(w.ctx, at); err != nil || res.Reach != 1 {
		t.Fatalf("sweep: %+v, %v", res, err)
	}
	w.next(officer, "kết quả lan tỏa của clip")
	w.do(w.fake.SendText(officer, "1,2 triệu lượt xem, 12k like, 300 chia sẻ, chưa có bình luận"))
	got := w.next(officer, "Đã ghi nhận kết quả lan tỏa")
	if !strings.Contains(got.Text, "1.200.000 lượt xem, 12.000 lượt thích, 300 lượt chia sẻ, 0 bình luận") {
		t.Errorf("confirmation: %s", got.Text)
	}
}
