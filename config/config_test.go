package config

import (
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTPAddr != ":8080" || c.PostgresDir() != "var/pg" || c.DatabaseURL != "" {
		t.Errorf("defaults: %+v", c)
	}
}

// TestRetention: days or hours, 180 days by default, a week at least.
func TestRetention(t *testing.T) {
	for v, want := range map[string]time.Duration{"": 180 * 24 * time.Hour, "90d": 90 * 24 * time.Hour, "4320h": 180 * 24 * time.Hour, "7d": 7 * 24 * time.Hour} {
		c, err := Load(env(map[string]string{"CHIDAO_RETENTION": v}))
		if err != nil || c.Retention != want {
			t.Errorf("CHIDAO_RETENTION=%q: %v, %v; want %v", v, c.Retention, err, want)
		}
	}
}

func TestErrorsNameTheVariableAndHideSecrets(t *testing.T) {
	cases := map[string]map[string]string{
		"DATABASE_URL":                      {"DATABASE_URL": "postgres://u:s3cret@host:notaport/db"},
		"LOG_LEVEL":                         {"LOG_LEVEL": "loud"},
		"HTTP_ADDR":                         {"HTTP_ADDR": "8080"},
		"LOG_FORMAT":                        {"LOG_FORMAT": "xml"},
		"TELEGRAM_BOT_USERNAME":             {"TELEGRAM_BOT_USERNAME": "a b"},
		"TELEGRAM_BOT_TOKEN":                {"TELEGRAM_BOT_TOKEN": "s3cret", "TELEGRAM_BOT_USERNAME": "chidao_bot"},
		"TELEGRAM_BOT_USERNAME is required": {"TELEGRAM_BOT_TOKEN": tgToken},
		"TELEGRAM_MODE":                     {"TELEGRAM_BOT_TOKEN": tgToken, "TELEGRAM_BOT_USERNAME": "chidao_bot", "TELEGRAM_MODE": "push"},
		"PUBLIC_URL is required": {"TELEGRAM_BOT_TOKEN": tgToken, "TELEGRAM_BOT_USERNAME": "chidao_bot", "TELEGRAM_MODE": "webhook",
			"TELEGRAM_WEBHOOK_SECRET": "abc"},
		"TELEGRAM_WEBHOOK_SECRET": {"TELEGRAM_BOT_TOKEN": tgToken, "TELEGRAM_BOT_USERNAME": "chidao_bot", "TELEGRAM_MODE": "webhook",
			"PUBLIC_URL": "https://chidao.example.vn", "TELEGRAM_WEBHOOK_SECRET": "s3cret with spaces"},
		"TELEGRAM_RATE":                 {"TELEGRAM_RATE": "fast"},
		"TELEGRAM_CHAT_INTERVAL":        {"TELEGRAM_CHAT_INTERVAL": "1 second"},
		"TELEGRAM_API_URL":              {"TELEGRAM_API_URL": "ftp://x"},
		"PUBLIC_URL":                    {"PUBLIC_URL": "chidao.vn"},
		"CHIDAO_RETENTION":              {"CHIDAO_RETENTION": "3d"},
		"a duration of at least 7 days": {"CHIDAO_RETENTION": "ninety days"},
		"CHIDAO_TEST_CLOCK":             {"CHIDAO_TEST_CLOCK": "tomorrow"},
	}
	for name, vars := range cases {
		_, err := Load(env(vars))
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: the error shows the secret: %v", name, err)
		}
	}
}

const tgToken = "123456:AAEs3cretTokenValue_abcdefghij"

func TestTelegramWebhookConfiguration(t *testing.T) {
	c, err := Load(env(map[string]string{"TELEGRAM_BOT_TOKEN": tgToken, "TELEGRAM_BOT_USERNAME": "@chidao_bot",
		"TELEGRAM_MODE": "Webhook", "PUBLIC_URL": "https://chidao.example.vn/", "TELEGRAM_WEBHOOK_SECRET": "abc_DEF-1",
		"TELEGRAM_RATE": "25", "TELEGRAM_CHAT_INTERVAL": "1500ms"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.TelegramMode != "webhook" || c.PublicURL != "https://chidao.example.vn" || c.TelegramBotUsername != "chidao_bot" ||
		c.TelegramRate != 25 || c.TelegramChatInterval.Milliseconds() != 1500 {
		t.Errorf("config: %+v", c)
	}
	if s := c.String(); strings.Contains(s, "s3cret") || strings.Contains(s, "abc_DEF-1") {
		t.Errorf("String shows a secret: %s", s)
	}
}

func TestStringRedactsTheDatabaseURL(t *testing.T) {
	c, err := Load(env(map[string]string{"DATABASE_URL": "postgres://u:s3cret@localhost:5432/db"}))
	if err != nil {
		t.Fatal(err)
	}
	if s := c.String(); strings.Contains(s, "s3cret") || !strings.Contains(s, "redacted") {
		t.Errorf("String() = %s", s)
	}
}
