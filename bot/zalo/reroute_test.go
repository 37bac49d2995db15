package zalo_test

import (
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/app"
	"chidao/bot/telegram"
	"chidao/bot/telegramfake"
	"chidao/handlers"
	"chidao/storage"
)

// TestWindowErrorGoesToTelegram: an officer linked on Zalo first and on
// Telegram with a link code; once the Zalo window closed, a directive
// reaches them on Telegram instead.
func TestWindowErrorGoesToTelegram(t *testing.T) {
	w := newWorld(t)
	const token = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz"
	tgFake := telegramfake.New(telegramfake.Options{Token: token, ChatInterval: 50 * time.Millisecond, ChatBurst: 1})
	defer tgFake.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	tg, err := app.NewTelegram(telegram.Options{Token: token, Username: "chidao_test_bot", APIURL: tgFake.URL(),
		PollTimeout: time.Second, ChatInterval: 50 * time.Millisecond}, app.Options{}, w.store, &handlers.Handler{BotUsername: "chidao_test_bot", Log: log}, log)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := w.store.Register(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close()
	go func() { _ = tg.Run(w.ctx, inst) }()

	officer := w.register("888", "Phan Văn Đức", "DPT", chidao.RoleOfficer)
	w.do(w.fake.SendText(officer, "Liên kết"))
	msg := w.next(officer, "Mã liên kết tài khoản")
	code := strings.Fields(msg.Text[strings.Index(msg.Text, "người khác): ")+len("người khác): "):])[0]
	// The code works once, and the outbox keeps no readable copy of it.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var text string
		if err := w.store.Pool().QueryRow(w.ctx, `SELECT payload->'message'->>'text' FROM deliveries WHERE kind = 'credential'`).Scan(&text); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, code) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the link code stays readable in the outbox after it was sent")
		}
	}
	tgUser := telegramfake.User{ID: 888888, FirstName: "Đức"}
	tgFake.SendText(tgUser, "/start "+code)
	sent, err := tgFake.WaitSent(w.ctx, tgUser.ID, 1)
	if err != nil || !strings.Contains(sent[0].Text, "Phan Văn Đức") {
		t.Fatalf("linking on Telegram: %v, %v", sent, err)
	}
	w.next(officer, "Tài khoản Telegram vừa được liên kết với đồng chí") // the first account hears of it
	people, err := w.store.People(w.ctx, "DPT")
	if err != nil || len(people) != 1 {
		t.Fatalf("people = %v, %v; want one person on two channels", people, err)
	}

	w.clock.add(8 * 24 * time.Hour) // the officer has been silent on Zalo for 8 days
	if _, err := w.store.CreateDirective(w.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: "3-CV/BTGTU",
		Title: "V/v thử", Due: w.store.Now().Add(30 * 24 * time.Hour), UnitCodes: []string{"DPT"}}); err != nil {
		t.Fatal(err)
	}
	sent, err = tgFake.WaitSent(w.ctx, tgUser.ID, 2)
	if err != nil || !strings.Contains(sent[1].Text, "VĂN BẢN SỐ 3-CV/BTGTU") {
		t.Fatalf("the directive did not reach Telegram after the Zalo window closed: %v, %v", sent, err)
	}
	if n := len(w.fake.SentTo(officer.ID)); n != w.seen[officer.ID] {
		t.Fatalf("Zalo recorded %d messages; the directive must not have gone there", n)
	}
	w.idle()
	if n := len(tgFake.SentTo(tgUser.ID)); n != 2 {
		t.Fatalf("Telegram got %d messages; want the greeting and the directive once", n)
	}
	var zaloUnreachable bool
	if err := w.store.Pool().QueryRow(w.ctx, `SELECT unreachable_at IS NOT NULL FROM chat_identities WHERE channel = 'zalo' AND external_user_id = $1`,
		officer.ID).Scan(&zaloUnreachable); err != nil || !zaloUnreachable {
		t.Fatalf("Zalo identity unreachable = %v, %v; want marked, so the next messages go straight to Telegram", zaloUnreachable, err)
	}
}
