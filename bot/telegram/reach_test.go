package telegram_test

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

// movingClock is an injected clock that the test sets to any instant and
// that then runs on (the senders' pacing needs time to pass).
type movingClock struct {
	mu         sync.Mutex
	base, real time.Time
}

func newMovingClock(t time.Time) *movingClock { return &movingClock{base: t, real: time.Now()} }

func (c *movingClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base.Add(time.Since(c.real))
}

func (c *movingClock) set(t time.Time) {
	c.mu.Lock()
	c.base, c.real = t, time.Now()
	c.mu.Unlock()
}

func vnAt(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, chidao.Zone)
}

func (w *world) reachSweep(clk *movingClock, at time.Time) reminders.Result {
	w.t.Helper()
	clk.set(at)
	sw := &reminders.Sweeper{Store: w.store, Calendar: reminders.DefaultCalendar(), Policy: reminders.DefaultPolicy(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	res, err := sw.Sweep(w.ctx, at)
	if err != nil {
		w.t.Fatal(err)
	}
	w.tg.Wake()
	return res
}

// TestReachAskedOnTheSeventhWorkingDay: a clip approved on Thursday
// 23/04/2026 is asked about at 08:00 on the seventh working day, Thursday
// 07/05 (Giỗ Tổ's day in lieu, 30/4, 1/5 and two weekends skipped), once
// whatever the number of sweeps; the officer answers in his own words by
// replying, a second clip's figures come unasked-for after one reminder,
// and the unclear part of an answer is asked back.
func TestReachAskedOnTheSeventhWorkingDay(t *testing.T) {
	t.Parallel()
	clk := newMovingClock(vnAt(2026, 4, 23, 9, 0))
	w := newWorld(t, setup{now: clk.now})
	officer := w.person(1701, "Lê Văn Tâm", "DPT", chidao.RoleOfficer)
	head := w.person(1702, "Phạm Thị Hoa", "DPT", chidao.RoleHead)
	d, err := w.store.CreateDirective(w.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "17-CV/BTGTU",
		Title: "V/v tuyên truyền", Due: vnAt(2026, 5, 15, 17, 0), UnitCodes: []string{"DPT"},
		Tasks: []storage.NewTask{{Text: "Clip", Requirement: chidao.Requirement{MinClips: 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	w.tg.Wake()
	w.next(officer, "VĂN BẢN SỐ 17-CV/BTGTU")
	w.next(head, "VĂN BẢN SỐ 17-CV/BTGTU")
	for _, link := range []string{"https://youtu.be/dQw4w9WgXcQ", "https://www.facebook.com/baokg/videos/123456789"} {
		w.fake.SendText(officer, link)
		w.next(officer, "Đã nhận 1 clip")
		review := w.next(head, "Clip cần duyệt")
		press(w, head, review, "Duyệt")
		w.next(head, "Clip cần duyệt") // the buttons now say when
		w.next(head, "Đã duyệt clip")
		w.next(officer, "đã được đồng chí Phạm Thị Hoa duyệt")
	}
	for _, at := range []time.Time{vnAt(2026, 4, 30, 8, 0), vnAt(2026, 5, 6, 17, 0), vnAt(2026, 5, 7, 7, 59)} {
		if res := w.reachSweep(clk, at); res.Reach != 0 {
			t.Fatalf("sweep at %s asked %d questions; the seventh working day is 07/05", chidao.FormatDateTime(at), res.Reach)
		}
	}
	if res := w.reachSweep(clk, vnAt(2026, 5, 7, 8, 0)); res.Reach != 2 {
		t.Fatalf("sweep at 07/05 08:00 asked %d questions; want 2 (one per clip)", res.Reach)
	}
	w.secondProcess()
	if res := w.reachSweep(clk, vnAt(2026, 5, 7, 8, 1)); res.Reach != 0 {
		t.Fatalf("a second sweep asked again: %+v", res)
	}
	ask := w.next(officer, "kết quả lan tỏa của clip https://www.youtube.com/watch?v=dQw4w9WgXcQ")
	if !ask.ForceReply || !strings.Contains(ask.Text, "được duyệt ngày 23/04/2026") {
		t.Errorf("question = %+v", ask)
	}
	w.next(officer, "kết quả lan tỏa của clip https://www.facebook.com/baokg/videos/123456789")

	// The first answer, as a reply to its question.
	w.fake.Reply(officer, ask.MessageID, "Dạ, clip đạt 12.000 lượt xem, 500 thích, 30 chia sẻ ạ")
	got := w.next(officer, "Đã ghi nhận kết quả lan tỏa của clip https://www.youtube.com/watch?v=dQw4w9WgXcQ")
	if !strings.Contains(got.Text, "12.000 lượt xem, 500 lượt thích, 30 lượt chia sẻ") {
		t.Errorf("confirmation: %s", got.Text)
	}

	// The second is not answered: one reminder two working days later (Monday 11/05), never a second.
	if res := w.reachSweep(clk, vnAt(2026, 5, 11, 8, 0)); res.Reach != 1 {
		t.Fatalf("reminder sweep asked %d; want 1", res.Reach)
	}
	w.next(officer, "Trợ lý nhắc lại: đề nghị đồng chí cho biết kết quả lan tỏa của clip https://www.facebook.com/baokg/videos/123456789")
	if res := w.reachSweep(clk, vnAt(2026, 5, 15, 8, 0)); res.Reach != 0 {
		t.Fatalf("a second reminder went out: %+v", res)
	}
	// A bare number is asked back; the next message completes it.
	w.fake.SendText(officer, "12000")
	back := w.next(officer, "chưa rõ là lượt xem, thích, chia sẻ hay bình luận")
	if !strings.Contains(back.Text, "«12000»") {
		t.Errorf("ask-back does not quote the officer: %s", back.Text)
	}
	w.fake.SendText(officer, "khoảng 1,2 triệu lượt xem, 3k5 like")
	w.next(officer, "1.200.000 lượt xem, 3.500 lượt thích")

	rep, err := w.store.DirectiveStatus(w.ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	views := map[string]int64{}
	for _, c := range rep.Units[0].Clips {
		if c.Reach == nil || c.Reach.Views == nil || c.Reach.Source != storage.SourceOfficer {
			t.Fatalf("clip %s reach = %+v", c.URL, c.Reach)
		}
		views[c.Platform] = *c.Reach.Views
	}
	if views["youtube"] != 12000 || views["facebook"] != 1200000 {
		t.Errorf("views by platform = %v", views)
	}
}

// TestScorecardInChat: /bangdiem gives an admin the quarter's ranking and a
// head their unit's points, directive by directive, with the evidence.
func TestScorecardInChat(t *testing.T) {
	t.Parallel()
	clk := newMovingClock(vnAt(2026, 1, 5, 9, 0))
	w := newWorld(t, setup{now: clk.now})
	admin := w.person(1711, "Phạm Văn Dũng", "BTGTU", chidao.RoleAdmin)
	head := w.person(1712, "Trần Thị Bình", "DPT", chidao.RoleHead)
	officer := w.person(1713, "Lê Văn Cường", "DPT", chidao.RoleOfficer)
	_, err := w.store.CreateDirective(w.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "5-CV/BTGTU", Title: "V/v tuyên truyền",
		Due: vnAt(2026, 1, 20, 17, 0), UnitCodes: []string{"DPT", "BAOKG"}})
	if err != nil {
		t.Fatal(err)
	}
	w.tg.Wake()
	w.next(head, "VĂN BẢN SỐ 5-CV/BTGTU")
	w.next(officer, "VĂN BẢN SỐ 5-CV/BTGTU")
	w.fake.SendText(officer, "/danhan")
	w.next(officer, "Đã ghi nhận")
	clk.set(vnAt(2026, 4, 2, 9, 0))
	w.fake.SendText(admin, "/bangdiem quý 1/2026")
	rank := w.next(admin, "Kết quả thực hiện của các đơn vị từ 01/01/2026 đến 31/03/2026 (1 văn bản)")
	if i, j := strings.Index(rank.Text, "1. Đài Phát thanh - Truyền hình: 100,0 điểm"), strings.Index(rank.Text, "2. Báo Kiên Giang: 0,0 điểm"); i < 0 || j < i {
		t.Errorf("ranking:\n%s", rank.Text)
	}
	w.fake.SendText(head, "/bangdiem quý 1/2026")
	own := w.next(head, "Kết quả thực hiện của Đài Phát thanh - Truyền hình")
	if !strings.Contains(own.Text, "hạng 1/2") || !strings.Contains(own.Text, "Văn bản số 5-CV/BTGTU (100,0 điểm)") ||
		!strings.Contains(own.Text, "đã nhận văn bản") || strings.Contains(own.Text, "Báo Kiên Giang") {
		t.Errorf("head's card:\n%s", own.Text)
	}
	w.fake.SendText(officer, "/bangdiem")
	w.next(officer, "Bảng điểm chỉ dành cho")
	w.fake.SendText(admin, "/bangdiem quý 5")
	w.next(admin, "Kỳ đánh giá chưa đúng")
}
