package telegram_test

import (
	"net/http"
	"testing"
	"time"

	"chidao"
)

// TestDatabaseOutage: while PostgreSQL cannot be reached the webhook
// answers 503 (so Telegram keeps the update and retries); when it is back,
// chidao recovers by itself and the update has its one effect.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{webhook: true, proxied: true})
	officer := w.person(601, "Huỳnh Văn Hải", "DPT", chidao.RoleOfficer)
	w.directive("40-CV/BTGTU", nil, nil, "DPT")
	w.next(officer, "VĂN BẢN SỐ 40-CV/BTGTU")

	w.proxy.Cut()
	update := []byte(`{"update_id": 880001, "message": {"message_id": 9, "date": 1764100000,
		"from": {"id": 601, "is_bot": false, "first_name": "Hải"}, "chat": {"id": 601, "type": "private"}, "text": "/viec"}}`)
	if got := post(t, w.hook.URL+"/webhook/telegram", secret, update); got != http.StatusServiceUnavailable {
		t.Fatalf("webhook during the outage: %d; want 503", got)
	}
	w.fake.SendText(officer, "/khokhan Mất điện, chưa quay được")
	// The fake pushes it, gets 503, keeps it and pushes it again.
	for w.answered.Get(http.StatusServiceUnavailable) < 3 {
		if w.ctx.Err() != nil {
			t.Fatal("the fake's pushes were not refused with 503 during the outage")
		}
		time.Sleep(20 * time.Millisecond)
	}
	w.proxy.Restore()

	w.next(officer, "Đã chuyển khó khăn, vướng mắc")
	var difficulties int
	if err := w.store.Pool().QueryRow(w.ctx, `SELECT count(*) FROM submissions WHERE kind = 'difficulty'`).Scan(&difficulties); err != nil {
		t.Fatal(err)
	}
	if difficulties != 1 {
		t.Fatalf("%d difficulties stored; want 1", difficulties)
	}
	if got := post(t, w.hook.URL+"/webhook/telegram", secret, update); got != http.StatusOK {
		t.Fatalf("webhook after the outage: %d; want 200", got)
	}
	w.next(officer, "đang thực hiện 1 văn bản")
}
