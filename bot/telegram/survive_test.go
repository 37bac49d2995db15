package telegram_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"chidao"
	"chidao/bot/telegramfake"
)

// TestTextsPostgreSQLRefusesBlockNobody: between ordinary /viec of other
// officers come updates whose text holds a NUL ("\u0000", which
// PostgreSQL's text and jsonb refuse) and a lone surrogate ("\ud800",
// which jsonb refuses); over polling and webhook every one is stored and
// answered, the ordinary ones and the odd ones alike.
func TestTextsPostgreSQLRefusesBlockNobody(t *testing.T) {
	t.Parallel()
	for _, webhook := range []bool{false, true} {
		t.Run(fmt.Sprintf("webhook=%v", webhook), func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, setup{webhook: webhook})
			var officers []telegramfake.User
			for i := range 6 {
				officers = append(officers, w.person(int64(1200+i), fmt.Sprintf("Cán bộ %d", i), "DPT", chidao.RoleOfficer))
			}
			w.directive("120-CV/BTGTU", nil, nil, "DPT")
			for _, o := range officers {
				w.next(o, "VĂN BẢN SỐ 120-CV/BTGTU")
			}
			w.fake.SendText(officers[0], "/viec")
			w.fake.SendText(officers[1], "/viec")
			w.fake.SendTextEscaped(officers[2], `/viec\u0000`)
			w.fake.SendTextEscaped(officers[3], `\ud800 Dạ em xem việc`)
			w.fake.SendText(officers[4], "/viec")
			w.fake.SendText(officers[5], "/viec")
			for _, o := range officers { // the broken character reads as U+FFFD: the rest is understood
				w.next(o, "đang thực hiện 1 văn bản")
			}
			for _, o := range officers {
				w.quiet(o)
			}
			counts, err := w.store.InboxCounts(w.ctx)
			if err != nil || counts["pending"] != 0 || counts["failed"] != 0 || counts["quarantined"] != 0 {
				t.Fatalf("inbox %v, %v; want everything handled", counts, err)
			}
		})
	}
}

// TestFileTelegramNoLongerHasIsToldToItsSender: a report's document whose
// file id Telegram refuses (400) is failed at once, with the reason, and
// the officer is asked to send it again; the report itself stays.
func TestFileTelegramNoLongerHasIsToldToItsSender(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{webhook: true})
	officer := w.person(1301, "Tạ Văn Long", "DPT", chidao.RoleOfficer)
	w.directive("130-CV/BTGTU", nil, nil, "DPT")
	w.next(officer, "VĂN BẢN SỐ 130-CV/BTGTU")
	update := []byte(`{"update_id": 991301, "message": {"message_id": 50, "date": 1764100000,
		"from": {"id": 1301, "is_bot": false, "first_name": "Long"}, "chat": {"id": 1301, "type": "private"},
		"caption": "Báo cáo kết quả thực hiện", "document": {"file_id": "no-such-file", "file_unique_id": "x1",
		"file_name": "bao-cao.pdf", "mime_type": "application/pdf", "file_size": 4096}}}`)
	if got := post(t, w.hook.URL+"/webhook/telegram", secret, update); got != http.StatusOK {
		t.Fatalf("webhook: %d", got)
	}
	w.next(officer, "(kèm tệp «")
	w.next(officer, "không tải được tệp «bao-cao.pdf»")
	var failed string
	if err := w.store.Pool().QueryRow(w.ctx, `SELECT fetch_error FROM files WHERE name = 'bao-cao.pdf'`).Scan(&failed); err != nil ||
		!strings.HasPrefix(failed, "not_found") {
		t.Fatalf("file error %q, %v; want not_found", failed, err)
	}
	w.quiet(officer)
}
