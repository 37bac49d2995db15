package cli_test

import (
	"strings"
	"testing"

	"chidao/bot/telegramfake"
)

func TestDoctor(t *testing.T) {
	o := newOffice(t)
	const token = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz"
	fake := telegramfake.New(telegramfake.Options{Token: token, BotUsername: "chidao_kg_bot"})
	defer fake.Close()
	o.env["TELEGRAM_BOT_TOKEN"], o.env["TELEGRAM_API_URL"] = token, fake.URL()
	o.env["TELEGRAM_BOT_USERNAME"] = "chidao_kg_bot"
	out := o.must("doctor")
	for _, want := range []string{"ok       database", "ok       telegram      @chidao_kg_bot, polling mode", "everything checked is fine"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, token) {
		t.Error("doctor printed the token")
	}
	o.env["TELEGRAM_BOT_USERNAME"] = "another_bot"
	out, err := o.run("doctor")
	if err == nil || !strings.Contains(out, "PROBLEM  telegram      the token belongs to @chidao_kg_bot") || !strings.Contains(out, "fix: fix TELEGRAM_BOT_USERNAME") {
		t.Errorf("doctor with the wrong username: %v\n%s", err, out)
	}
}
