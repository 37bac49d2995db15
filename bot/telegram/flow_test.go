package telegram_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"chidao"
	"chidao/bot/telegramfake"
	"chidao/storage"
)

// TestDirectiveLoop walks the whole loop of the directive's point 3 in
// polling mode: registration, delivery with buttons and attachment,
// acknowledgement, a clip sent as a reply, rejection with a reason, a clip
// through the button, approval, a report, and the status the Office sees.
func TestDirectiveLoop(t *testing.T) {
	t.Parallel()
	loop(t, newWorld(t, setup{}))
}

// TestDirectiveLoopWebhook is the same loop with updates pushed to the
// webhook.
func TestDirectiveLoopWebhook(t *testing.T) {
	t.Parallel()
	loop(t, newWorld(t, setup{webhook: true}))
}

func loop(t *testing.T, w *world) {
	officer := w.person(101, "Nguyễn Văn An", "BAOKG", chidao.RoleOfficer)
	head := w.person(102, "Trần Thị Bình", "BAOKG", chidao.RoleHead)
	pdf := []byte("%PDF-1.4 công văn 1483")
	d := w.directive("1483-CV/BTGTU", []storage.NewTask{
		{Text: "Đăng tải clip tuyên truyền", Requirement: chidao.Requirement{MinClips: 2}},
		{Text: "Báo cáo kết quả", Requirement: chidao.Requirement{Report: true}},
	}, []storage.NewFile{{Name: "1483-CV-BTGTU.pdf", ContentType: "application/pdf", Content: pdf}}, "BAOKG")

	// Delivery: the letter with its tasks and buttons, then the PDF.
	letter := w.next(officer, "VĂN BẢN SỐ 1483-CV/BTGTU")
	for _, want := range []string{"Hạn hoàn thành:", "1. Đăng tải clip tuyên truyền", "ít nhất 2 clip", "2. Báo cáo kết quả"} {
		if !strings.Contains(letter.Text, want) {
			t.Errorf("directive text lacks %q:\n%s", want, letter.Text)
		}
	}
	wantButtons := []string{"✅ Đã nhận=a:" + id(d), "🎬 Gửi clip=c:" + id(d), "📝 Báo cáo=r:" + id(d), "⚠️ Khó khăn, vướng mắc=d:" + id(d), "⏳ Xin gia hạn=e:" + id(d)}
	if got := buttonData(letter); !slices.Equal(got, wantButtons) {
		t.Errorf("buttons = %v; want %v", got, wantButtons)
	}
	doc := w.next(officer, "1483-CV-BTGTU.pdf")
	if doc.Document == nil || string(doc.Document.Content) != string(pdf) {
		t.Fatalf("attachment not sent as the stored PDF: %+v", doc)
	}
	w.next(head, "VĂN BẢN SỐ 1483-CV/BTGTU")
	w.next(head, "1483-CV-BTGTU.pdf")

	// Acknowledge with the button: toast, new buttons, confirmation.
	q := w.fake.Press(officer, letter.MessageID, "a:"+id(d))
	ans, err := w.fake.WaitAnswer(w.ctx, q)
	if err != nil || !strings.Contains(ans.Text, "Đã ghi nhận") {
		t.Fatalf("answer to the button = %+v, %v", ans, err)
	}
	if edit := w.next(officer, "VĂN BẢN SỐ 1483-CV/BTGTU"); edit.Method != "editMessageReplyMarkup" ||
		!strings.HasPrefix(edit.Buttons[0][0].Text, "✅ Đã nhận lúc") {
		t.Errorf("buttons after acknowledging = %v", edit)
	}
	w.next(officer, "Đã ghi nhận đơn vị Báo Kiên Giang nhận văn bản số 1483-CV/BTGTU")
	if u := w.unitReport(d, "BAOKG"); u.AcknowledgedAt.IsZero() || u.AcknowledgedBy != "Nguyễn Văn An" {
		t.Errorf("acknowledgement not recorded: %+v", u)
	}

	// A clip as a reply to the letter, with an emoji before the link.
	w.fake.Reply(officer, letter.MessageID, "🎬 Clip đã đăng: https://youtu.be/dQw4w9WgXcQ?si=track nhé")
	w.next(officer, "Đã nhận 1 clip của đơn vị theo văn bản số 1483-CV/BTGTU")
	review := w.next(head, "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
	if !strings.Contains(review.Text, "Nguyễn Văn An") || len(buttonData(review)) != 2 {
		t.Fatalf("review request = %v", review)
	}
	// The same clip again is refused kindly.
	w.fake.SendText(officer, "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
	w.next(officer, "đã được gửi trước đó")

	// The head rejects: asked for the reason, which reaches the officer.
	w.fake.Press(head, review.MessageID, buttonData(review)[1][strings.Index(buttonData(review)[1], "=")+1:])
	prompt := w.next(head, "lý do từ chối")
	if !prompt.ForceReply {
		t.Errorf("reason prompt is not a forced reply: %+v", prompt)
	}
	w.fake.Reply(head, prompt.MessageID, "Clip chưa có phụ đề tiếng Việt")
	if edit := w.next(head, "Clip cần duyệt"); edit.Method != "editMessageReplyMarkup" || !strings.Contains(edit.Buttons[0][0].Text, "Đã từ chối lúc") {
		t.Errorf("review buttons after the rejection = %v", edit)
	}
	w.next(head, "Đã từ chối clip")
	w.next(officer, "Lý do: Clip chưa có phụ đề tiếng Việt")

	// A second clip through the button, approved.
	w.fake.Press(officer, letter.MessageID, "c:"+id(d))
	ask := w.next(officer, "đường link clip")
	w.fake.Reply(officer, ask.MessageID, "https://vt.tiktok.com/ZSabc123/")
	w.next(officer, "Đã nhận 1 clip")
	review2 := w.next(head, "TikTok")
	w.fake.Press(head, review2.MessageID, buttonData(review2)[0][strings.Index(buttonData(review2)[0], "=")+1:])
	if edit := w.next(head, "TikTok"); edit.Method != "editMessageReplyMarkup" || !strings.Contains(edit.Buttons[0][0].Text, "Đã duyệt lúc") {
		t.Errorf("review buttons after approval = %v", edit)
	}
	w.next(head, "Đã duyệt clip")
	w.next(officer, "đã được đồng chí Trần Thị Bình duyệt")
	if u := w.unitReport(d, "BAOKG"); u.ClipsApproved != 1 || u.ClipsRequired != 2 {
		t.Errorf("clips approved/required = %d/%d; want 1/2", u.ClipsApproved, u.ClipsRequired)
	}

	// A report and a difficulty.
	w.fake.SendText(officer, "/baocao Đã đăng 2 clip trên trang của Báo")
	w.next(officer, "Đã nhận báo cáo")
	w.fake.SendText(officer, "/khokhan Thiếu thiết bị quay")
	w.next(officer, "Đã chuyển khó khăn, vướng mắc")
	u := w.unitReport(d, "BAOKG")
	if len(u.Reports) != 1 || u.Reports[0].Text != "Đã đăng 2 clip trên trang của Báo" || len(u.Difficulties) != 1 {
		t.Errorf("reports/difficulties = %+v / %+v", u.Reports, u.Difficulties)
	}
	if u.Status != chidao.StatusInProgress {
		t.Errorf("status = %s; want %s (one approved clip is missing)", u.Status, chidao.StatusInProgress)
	}
	w.fake.SendText(officer, "/viec")
	w.next(officer, "Còn thiếu 1 clip được duyệt (đã duyệt 1/2)")
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

func TestStrangersAndCodes(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	u := telegramfake.User{ID: 201, FirstName: "Khách"}
	w.fake.SendText(u, "Xin chào")
	w.next(u, "Để đăng ký")
	w.fake.SendText(u, "/start")
	w.next(u, "đường link mời")
	w.fake.SendText(u, "/start WRONGCODE")
	w.next(u, "Mã đăng ký chưa đúng")
	p := w.person(202, "Lê Văn Cường", "DPT", chidao.RoleOfficer)
	w.fake.SendText(p, "/lenhla")
	w.next(p, "không có lệnh /lenhla")
	w.fake.SendText(p, "/tinhhinh")
	w.next(p, "chỉ dành cho cán bộ của Ban")
	w.fake.SendText(p, "https://youtu.be/dQw4w9WgXcQ")
	w.next(p, "không có văn bản nào đang thực hiện")
	w.fake.AddBotToGroup(-1001, "Nhóm cán bộ", p)
	sent, err := w.fake.WaitSent(w.ctx, -1001, 1)
	if err != nil || !strings.Contains(sent[0].Text, "tin nhắn riêng") || !strings.Contains(sent[0].Text, "@"+username) {
		t.Fatalf("group greeting = %v, %v", sent, err)
	}
	// Only the stranger's inbox rows are kept: no person was created.
	people, err := w.store.People(w.ctx, "")
	if err != nil || len(people) != 1 {
		t.Fatalf("people = %v, %v; want only the registered one", people, err)
	}
}

func TestBlockedOfficerIsReportedOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	admin := w.person(301, "Phạm Văn Dũng", "BTGTU", chidao.RoleAdmin)
	officer := w.person(302, "Võ Thị Em", "DPT", chidao.RoleOfficer)
	w.fake.Block(officer)
	w.directive("10-CV/BTGTU", nil, nil, "DPT")
	w.directive("11-CV/BTGTU", nil, nil, "DPT")
	w.next(admin, "Võ Thị Em")
	w.quiet(admin)
	// One message was tried and refused; the rest wait for the officer
	// without being tried (held, or failed as unroutable until they write).
	var tried, untried, sent int
	err := w.store.Pool().QueryRow(w.ctx, `SELECT count(*) FILTER (WHERE d.attempts > 0 AND d.state <> 'sent'), count(*) FILTER (WHERE d.attempts = 0),
			count(*) FILTER (WHERE d.state = 'sent')
		FROM deliveries d JOIN chat_identities c ON c.person_id = d.person_id WHERE c.chat_id = '302' AND d.state <> 'expanded'`).
		Scan(&tried, &untried, &sent)
	if err != nil || tried != 1 || untried < 1 || sent != 1 {
		t.Fatalf("to the blocked officer: %d tried, %d not tried, %d sent (the greeting), %v; want 1, at least 1, 1", tried, untried, sent, err)
	}
	// Writing again makes them reachable: the answer goes first (an
	// interactive message does not wait for queued letters), then the
	// queued directives arrive, in order.
	w.fake.Unblock(officer)
	w.fake.SendText(officer, "/viec")
	w.next(officer, "đang thực hiện 2 văn bản")
	w.next(officer, "VĂN BẢN SỐ 10-CV/BTGTU")
	w.next(officer, "VĂN BẢN SỐ 11-CV/BTGTU")
}

// TestTwoProcessesDeliverOnce: two chidao processes on one database share
// the work; every officer gets the directive once and every command one
// answer.
func TestTwoProcessesDeliverOnce(t *testing.T) {
	t.Parallel()
	for _, webhook := range []bool{false, true} {
		t.Run(fmt.Sprintf("webhook=%v", webhook), func(t *testing.T) {
			t.Parallel()
			twoProcesses(t, webhook)
		})
	}
}

func twoProcesses(t *testing.T, webhook bool) {
	w := newWorld(t, setup{webhook: webhook})
	w.secondProcess()
	var officers []telegramfake.User
	for i := range 12 {
		officers = append(officers, w.person(int64(500+i), fmt.Sprintf("Cán bộ %d", i), "DPT", chidao.RoleOfficer))
	}
	w.directive("20-CV/BTGTU", nil, nil, "DPT")
	for _, o := range officers {
		w.next(o, "VĂN BẢN SỐ 20-CV/BTGTU")
		w.fake.SendText(o, "/danhan")
	}
	for _, o := range officers {
		w.next(o, "số 20-CV/BTGTU")
	}
	for _, o := range officers {
		w.quiet(o)
	}
	// In polling mode only one process polls: Telegram never saw two
	// getUpdates at once (it would answer 409 to one of them).
	if errs := w.fake.Stats().Errors; errs != 0 {
		t.Fatalf("the fake answered %d errors; want none", errs)
	}
}
