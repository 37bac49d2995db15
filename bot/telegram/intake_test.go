package telegram_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"chidao"
	"chidao/bot/telegramfake"
)

func post(t *testing.T, url, secret string, body []byte) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestWebhookRefusesBadRequests: wrong secret, oversized or malformed
// bodies get their status and store nothing; the same update three times
// has one effect; an update whose text is not UTF-8 is still an update,
// kept as it came.
func TestWebhookRefusesBadRequests(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{webhook: true})
	officer := w.person(401, "Đỗ Văn Giang", "DPT", chidao.RoleOfficer)
	w.directive("12-CV/BTGTU", nil, nil, "DPT")
	w.next(officer, "VĂN BẢN SỐ 12-CV/BTGTU")
	url := w.hook.URL + "/webhook/telegram"
	update := []byte(fmt.Sprintf(`{"update_id": 990001, "message": {"message_id": 77, "date": 1764100000,
		"from": {"id": %d, "is_bot": false, "first_name": "Giang"}, "chat": {"id": %d, "type": "private"},
		"text": "/khokhan Thiếu máy quay"}}`, officer.ID, officer.ID))
	cases := []struct {
		name, secret string
		body         []byte
		want         int
	}{
		{"no secret", "", update, http.StatusUnauthorized},
		{"wrong secret", secret + "x", update, http.StatusUnauthorized},
		{"not JSON", secret, []byte("{update"), http.StatusBadRequest},
		{"not an update", secret, []byte(`{"message": {}}`), http.StatusBadRequest},
		{"invalid UTF-8", secret, []byte("{\"update_id\": 5, \"message\": {\"text\": \"\xff\"}}"), http.StatusOK},
		{"too large", secret, []byte(`{"update_id": 6, "pad": "` + strings.Repeat("a", 2<<20) + `"}`), http.StatusRequestEntityTooLarge},
	}
	for _, c := range cases {
		if got := post(t, url, c.secret, c.body); got != c.want {
			t.Errorf("%s: status %d; want %d", c.name, got, c.want)
		}
	}
	for range 3 {
		if got := post(t, url, secret, update); got != http.StatusOK {
			t.Fatalf("valid update: status %d", got)
		}
	}
	w.next(officer, "Đã chuyển khó khăn, vướng mắc")
	w.quiet(officer)
	var stored, difficulties int
	pool := w.store.Pool()
	if err := pool.QueryRow(w.ctx, `SELECT count(*) FROM inbox WHERE external_id IN ('990001', '6')
		OR (external_id = '5' AND position('\xff'::bytea in payload) > 0)`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(w.ctx, `SELECT count(*) FROM submissions WHERE kind = 'difficulty'`).Scan(&difficulties); err != nil {
		t.Fatal(err)
	}
	if stored != 2 || difficulties != 1 {
		t.Fatalf("stored %d updates and %d difficulties; want 2 (the valid one once, the non-UTF-8 one as sent) and 1", stored, difficulties)
	}
}

// TestFailingEventIsReportedAndOthersGoOn: an event the database keeps
// refusing is tried again, then marked failed with the error; its sender
// gets an apology, the Office sees it in the problems list, and other
// chats are answered meanwhile.
func TestFailingEventIsReportedAndOthersGoOn(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	a := w.person(701, "Mai Văn Khoa", "DPT", chidao.RoleOfficer)
	b := w.person(702, "Lý Thị Lan", "DPT", chidao.RoleOfficer)
	w.directive("50-CV/BTGTU", nil, nil, "DPT")
	w.next(a, "VĂN BẢN SỐ 50-CV/BTGTU")
	w.next(b, "VĂN BẢN SỐ 50-CV/BTGTU")
	_, err := w.store.Pool().Exec(w.ctx, `
		CREATE FUNCTION refuse_difficulties() RETURNS trigger LANGUAGE plpgsql AS
			$$ BEGIN RAISE EXCEPTION 'disk full' USING ERRCODE = '53100'; END $$;
		CREATE TRIGGER refuse BEFORE INSERT ON submissions FOR EACH ROW
			WHEN (NEW.kind = 'difficulty') EXECUTE FUNCTION refuse_difficulties();`)
	if err != nil {
		t.Fatal(err)
	}
	w.fake.SendText(a, "/khokhan Thiếu kinh phí")
	w.fake.SendText(b, "/viec")
	w.next(b, "đang thực hiện 1 văn bản")
	w.next(a, "Xin lỗi đồng chí, trợ lý gặp sự cố")
	problems, err := w.store.Problems(w.ctx, 10)
	if err != nil || len(problems) != 1 || problems[0].What != "event" || !strings.Contains(problems[0].Error, "disk full") {
		t.Fatalf("problems = %+v, %v; want the failed event with its error", problems, err)
	}
	// The failed event does not block the chat: the next message is answered.
	w.fake.SendText(a, "/viec")
	w.next(a, "đang thực hiện 1 văn bản")
}

// TestRobustness: inputs at the edges get a clear answer and change
// nothing else.
func TestRobustness(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{webhook: true})
	officer := w.person(1001, "Trịnh Văn Sơn", "DPT", chidao.RoleOfficer)
	d := w.directive("70-CV/BTGTU", nil, nil, "DPT")
	w.next(officer, "VĂN BẢN SỐ 70-CV/BTGTU")

	// A 10 MiB body is refused before it is read whole.
	if got := post(t, w.hook.URL+"/webhook/telegram", secret, bytes.Repeat([]byte("a"), 10<<20)); got != http.StatusRequestEntityTooLarge {
		t.Errorf("10 MiB body: %d; want 413", got)
	}
	// A message with 5,000 links: at most 50 clips, one answer.
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, "https://youtu.be/v%010d ", i)
	}
	w.fake.SendText(officer, b.String())
	w.next(officer, "Đã nhận 50 clip")
	// An empty document.
	w.fake.SendDocument(officer, "bao-cao.pdf", "application/pdf", nil, "")
	w.next(officer, "không có nội dung")
	// A button of a directive that does not exist.
	q := w.fake.Press(officer, 1, "a:999999")
	if a, err := w.fake.WaitAnswer(w.ctx, q); err != nil || !strings.Contains(a.Text, "không giao cho đơn vị") {
		t.Errorf("button of an unknown directive: %+v, %v", a, err)
	}
	// Forged button data.
	q = w.fake.Press(officer, 1, "zz:1:2")
	if a, err := w.fake.WaitAnswer(w.ctx, q); err != nil || !strings.Contains(a.Text, "không còn hiệu lực") {
		t.Errorf("forged button: %+v, %v", a, err)
	}
	u := w.unitReport(d, "DPT")
	if len(u.Clips) != 50 || len(u.Reports) != 0 {
		t.Errorf("after the edge cases: %d clips, %d reports; want 50 and 0", len(u.Clips), len(u.Reports))
	}
}

// TestCommandsByRole: what each role may do in chat.
func TestCommandsByRole(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	officer := w.person(1101, "Officer", "DPT", chidao.RoleOfficer)
	head := w.person(1102, "Head", "DPT", chidao.RoleHead)
	admin := w.person(1103, "Admin", "BTGTU", chidao.RoleAdmin)
	w.directive("71-CV/BTGTU", nil, nil, "DPT")
	w.next(officer, "VĂN BẢN SỐ")
	w.next(head, "VĂN BẢN SỐ")
	for _, c := range []struct {
		who  telegramfake.User
		cmd  string
		want string
	}{
		{officer, "/tinhhinh", "chỉ dành cho cán bộ của Ban"},
		{officer, "/chidao", "chỉ dành cho cán bộ của Ban"},
		{officer, "/nhacnho 71-CV/BTGTU", "chỉ dành cho cán bộ của Ban"},
		{officer, "/tamdung 71-CV/BTGTU", "chỉ dành cho cán bộ của Ban"},
		{officer, "/tonghop 71-CV/BTGTU", "Báo cáo tổng hợp của tất cả đơn vị do Ban theo dõi"},
		{officer, "/dangnhap", "chỉ dành cho cán bộ của Ban và lãnh đạo đơn vị"},
		{head, "/tinhhinh", "chỉ dành cho cán bộ của Ban"},
		{head, "/dangnhap", "chưa sẵn sàng"},
		{admin, "/tinhhinh", "Tình hình thực hiện 1 văn bản"},
		{admin, "/tonghop 71-CV/BTGTU", "Báo cáo tổng hợp văn bản số 71-CV/BTGTU"},
	} {
		w.fake.SendText(c.who, c.cmd)
		w.next(c.who, c.want)
	}
}
