// Package config reads chidao's configuration from environment variables
// once, into a typed and validated Config that is passed explicitly.
package config

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/robfig/cron/v3"
	"golang.org/x/text/unicode/norm"
)

// Config is everything chidao reads from its environment.
type Config struct {
	// DatabaseURL (DATABASE_URL) is the PostgreSQL connection string. Empty
	// means a private server under DataDir/pg, started on demand. Secret.
	DatabaseURL string
	// DataDir (CHIDAO_DATA_DIR, default ./var) holds the private server.
	DataDir string
	// HTTPAddr (HTTP_ADDR, default :8080) is where serve listens.
	HTTPAddr string
	// LogLevel (LOG_LEVEL: debug, info, warn, error; default info).
	LogLevel slog.Level
	// LogFormat (LOG_FORMAT: text or json; default text).
	LogFormat string
	// TelegramBotUsername (TELEGRAM_BOT_USERNAME) builds invite deep links.
	TelegramBotUsername string
	// TelegramBotToken (TELEGRAM_BOT_TOKEN) turns Telegram on. Secret.
	TelegramBotToken string
	// TelegramAPIURL (TELEGRAM_API_URL, default https://api.telegram.org)
	// is the Bot API server; tests point it at the in-repo fake.
	TelegramAPIURL string
	// TelegramMode (TELEGRAM_MODE: polling or webhook; default polling).
	TelegramMode string
	// TelegramWebhookSecret (TELEGRAM_WEBHOOK_SECRET) authenticates
	// Telegram's webhook calls; required in webhook mode. Secret.
	TelegramWebhookSecret string
	// PublicURL (PUBLIC_URL) is chidao's address as the outside sees it.
	PublicURL string
	// TelegramRate (TELEGRAM_RATE, default 30) is the most messages per
	// second for the whole bot; TelegramChatInterval
	// (TELEGRAM_CHAT_INTERVAL, default 1s) the least time between two
	// messages to one chat.
	TelegramRate         int
	TelegramChatInterval time.Duration
	// ReminderSchedule (REMINDER_SCHEDULE, default every minute) is the
	// cron schedule of the reminder sweep, in Vietnam time.
	ReminderSchedule string
	// HolidaysFile (CHIDAO_HOLIDAYS_FILE) replaces the shipped holiday
	// list (lunar holidays and swapped working days) when set.
	HolidaysFile string
	// Zalo Official Account (ZALO_APP_ID turns it on): ZALO_APP_ID,
	// ZALO_APP_SECRET (secret), ZALO_OA_ID, ZALO_REFRESH_TOKEN (secret,
	// seeds an empty token table), ZALO_WEBHOOK_SECRET (secret),
	// ZALO_API_URL, ZALO_OAUTH_URL, ZALO_RATE (requests/s, default 10).
	ZaloAppID, ZaloAppSecret, ZaloOAID, ZaloRefreshToken, ZaloWebhookSecret string
	ZaloAPIURL, ZaloOAuthURL                                                string
	ZaloRate                                                                int
	// ZaloTemplateID (ZALO_TEMPLATE_ID) is an approved template message
	// for people outside Zalo\'s 7-day window who have no Telegram.
	ZaloTemplateID string
	// Sandbox (CHIDAO_SANDBOX=1), without a Telegram token, runs the
	// in-repo fake Telegram with seeded people and the /sandbox chat page.
	Sandbox bool
	// ReminderPolicy (REMINDER_POLICY) changes the default reminder policy,
	// as JSON, e.g. {"at": "07:30", "overdue_days": 3}; checked when used.
	ReminderPolicy string
	// OrgName (CHIDAO_ORG_NAME, default "Ban Tuyên giáo và Dân vận Tỉnh
	// ủy") is the Office's name as users read it; OrgShortName
	// (CHIDAO_ORG_SHORT_NAME, default "Ban") how a sentence refers to it
	// afterwards ("liên hệ Ban").
	OrgName, OrgShortName string
	// YouTubeAPIKey (YOUTUBE_API_KEY) turns on fetching YouTube clips'
	// statistics from the YouTube Data API v3 instead of asking their
	// officer. Secret. YouTubeAPIURL (YOUTUBE_API_URL) is its server.
	YouTubeAPIKey, YouTubeAPIURL string
	// ScoreWeights (SCORE_WEIGHTS) changes the scorecard's weights, as
	// JSON, e.g. {"quantity": 40, "timeliness": 40, "quality": 20};
	// checked when used.
	ScoreWeights string
	// ReportTemplate (REPORT_TEMPLATE) is a .docx replacing the embedded
	// template of the Word summary report (the Office's own letterhead).
	ReportTemplate string
	// Retention (CHIDAO_RETENTION, default 180 days, at least 7) is how
	// long handled inbound events, the text of sent messages and expired
	// codes are kept; the audit log, directives, submissions and files are
	// kept for ever.
	Retention time.Duration
	// MetricsToken (METRICS_TOKEN) is the bearer token /metrics asks
	// for; empty means only loopback clients may scrape. Secret.
	MetricsToken string
	// SecretKey (CHIDAO_SECRET_KEY) keys the HMAC that codes are stored
	// under; empty means a key generated on first start in
	// DataDir/secret.key (mode 0600). Secret.
	SecretKey string
	// TestClock (CHIDAO_TEST_CLOCK, tests only) is the instant chidao's
	// clock starts at, in RFC 3339; it then runs at real speed. Zero: the
	// system clock.
	TestClock time.Time
}

// Default names of the Office (they agree with texts.DefaultOrgName and
// texts.DefaultOrgShort; a test checks it).
const (
	DefaultOrgName      = "Ban Tuyên giáo và Dân vận Tỉnh ủy"
	DefaultOrgShortName = "Ban"
)

// DefaultRetention is CHIDAO_RETENTION's default.
const DefaultRetention = 180 * 24 * time.Hour

// MinRetention is the shortest retention accepted: longer than the
// window in which platforms deliver an event again (storage.DedupeWindow).
const MinRetention = 7 * 24 * time.Hour

var botUsername = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{4,31}$`)

// Load reads the configuration with getenv (os.Getenv in production). Each
// error names the variable at fault and never repeats a secret's value.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL:           strings.TrimSpace(getenv("DATABASE_URL")),
		DataDir:               or(getenv("CHIDAO_DATA_DIR"), "var"),
		HTTPAddr:              or(getenv("HTTP_ADDR"), ":8080"),
		LogFormat:             or(strings.ToLower(getenv("LOG_FORMAT")), "text"),
		TelegramBotUsername:   strings.TrimPrefix(strings.TrimSpace(getenv("TELEGRAM_BOT_USERNAME")), "@"),
		TelegramBotToken:      strings.TrimSpace(getenv("TELEGRAM_BOT_TOKEN")),
		TelegramAPIURL:        or(getenv("TELEGRAM_API_URL"), "https://api.telegram.org"),
		TelegramMode:          or(strings.ToLower(getenv("TELEGRAM_MODE")), "polling"),
		TelegramWebhookSecret: strings.TrimSpace(getenv("TELEGRAM_WEBHOOK_SECRET")),
		PublicURL:             strings.TrimRight(strings.TrimSpace(getenv("PUBLIC_URL")), "/"),
		ReminderSchedule:      or(getenv("REMINDER_SCHEDULE"), "* * * * *"),
		HolidaysFile:          strings.TrimSpace(getenv("CHIDAO_HOLIDAYS_FILE")),
		ReminderPolicy:        strings.TrimSpace(getenv("REMINDER_POLICY")),
		Sandbox:               strings.TrimSpace(getenv("CHIDAO_SANDBOX")) == "1",
		MetricsToken:          strings.TrimSpace(getenv("METRICS_TOKEN")),
		SecretKey:             strings.TrimSpace(getenv("CHIDAO_SECRET_KEY")),
		ZaloAppID:             strings.TrimSpace(getenv("ZALO_APP_ID")),
		ZaloAppSecret:         strings.TrimSpace(getenv("ZALO_APP_SECRET")),
		ZaloOAID:              strings.TrimSpace(getenv("ZALO_OA_ID")),
		ZaloRefreshToken:      strings.TrimSpace(getenv("ZALO_REFRESH_TOKEN")),
		ZaloWebhookSecret:     strings.TrimSpace(getenv("ZALO_WEBHOOK_SECRET")),
		ZaloAPIURL:            or(getenv("ZALO_API_URL"), "https://openapi.zalo.me"),
		ZaloOAuthURL:          or(getenv("ZALO_OAUTH_URL"), "https://oauth.zaloapp.com"),
		ZaloTemplateID:        strings.TrimSpace(getenv("ZALO_TEMPLATE_ID")),
		YouTubeAPIKey:         strings.TrimSpace(getenv("YOUTUBE_API_KEY")),
		YouTubeAPIURL:         or(getenv("YOUTUBE_API_URL"), "https://www.googleapis.com"),
		ScoreWeights:          strings.TrimSpace(getenv("SCORE_WEIGHTS")),
		ReportTemplate:        strings.TrimSpace(getenv("REPORT_TEMPLATE")),
		OrgName:               norm.NFC.String(or(getenv("CHIDAO_ORG_NAME"), DefaultOrgName)),
		OrgShortName:          norm.NFC.String(or(getenv("CHIDAO_ORG_SHORT_NAME"), DefaultOrgShortName)),
	}
	for name, v := range map[string]string{"CHIDAO_ORG_NAME": c.OrgName, "CHIDAO_ORG_SHORT_NAME": c.OrgShortName} {
		if !utf8.ValidString(v) || utf8.RuneCountInString(v) > 120 || strings.ContainsAny(v, "\n\r") {
			return c, fmt.Errorf("%s must be one line of at most 120 characters of UTF-8", name)
		}
	}
	if err := c.loadZalo(getenv); err != nil {
		return c, err
	}
	if err := c.loadRetention(getenv); err != nil {
		return c, err
	}
	if err := c.loadTelegram(getenv); err != nil {
		return c, err
	}
	if err := c.loadGeneral(getenv); err != nil {
		return c, err
	}
	return c, nil
}

// loadGeneral checks the settings every deployment has: addresses,
// schedule, database and logging.
func (c *Config) loadGeneral(getenv func(string) string) error {
	if u, err := url.Parse(c.YouTubeAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("YOUTUBE_API_URL %q must be an http(s) address", c.YouTubeAPIURL)
	}
	if _, err := cron.ParseStandard(c.ReminderSchedule); err != nil {
		return fmt.Errorf("REMINDER_SCHEDULE %q is not a cron schedule (e.g. \"* * * * *\"): %v", c.ReminderSchedule, err)
	}
	if c.DatabaseURL != "" {
		if _, err := pgx.ParseConfig(c.DatabaseURL); err != nil {
			return fmt.Errorf("DATABASE_URL is not a valid PostgreSQL connection string (value not shown)")
		}
	}
	if err := c.LogLevel.UnmarshalText([]byte(or(getenv("LOG_LEVEL"), "info"))); err != nil {
		return fmt.Errorf("LOG_LEVEL %q must be debug, info, warn or error", getenv("LOG_LEVEL"))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("LOG_FORMAT %q must be text or json", c.LogFormat)
	}
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		return fmt.Errorf("HTTP_ADDR %q must be host:port, e.g. :8080", c.HTTPAddr)
	}
	if c.TelegramBotUsername != "" && !botUsername.MatchString(c.TelegramBotUsername) {
		return fmt.Errorf("TELEGRAM_BOT_USERNAME %q is not a Telegram bot username", c.TelegramBotUsername)
	}
	return nil
}

var (
	botToken      = regexp.MustCompile(`^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$`)
	webhookSecret = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
)

func (c *Config) loadTelegram(getenv func(string) string) error {
	var err error
	if c.TelegramRate, err = intVar(getenv, "TELEGRAM_RATE", 30); err != nil {
		return err
	}
	if c.TelegramChatInterval, err = time.ParseDuration(or(getenv("TELEGRAM_CHAT_INTERVAL"), "1s")); err != nil {
		return fmt.Errorf("TELEGRAM_CHAT_INTERVAL %q must be a duration such as 1s", getenv("TELEGRAM_CHAT_INTERVAL"))
	}
	if u, err := url.Parse(c.TelegramAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("TELEGRAM_API_URL %q must be an http(s) address", c.TelegramAPIURL)
	}
	if c.PublicURL != "" {
		if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("PUBLIC_URL %q must be an http(s) address", c.PublicURL)
		}
	}
	if c.TelegramBotToken == "" {
		return nil
	}
	switch {
	case !botToken.MatchString(c.TelegramBotToken):
		return fmt.Errorf("TELEGRAM_BOT_TOKEN is not a bot token of the form 123456:ABC... (value not shown)")
	case c.TelegramBotUsername == "":
		return fmt.Errorf("TELEGRAM_BOT_USERNAME is required with TELEGRAM_BOT_TOKEN (the bot's @username, for invite links)")
	case c.TelegramMode != "polling" && c.TelegramMode != "webhook":
		return fmt.Errorf("TELEGRAM_MODE %q must be polling or webhook", c.TelegramMode)
	case c.TelegramMode == "webhook" && c.PublicURL == "":
		return fmt.Errorf("PUBLIC_URL is required when TELEGRAM_MODE=webhook (Telegram must reach chidao there)")
	case c.TelegramMode == "webhook" && !webhookSecret.MatchString(c.TelegramWebhookSecret):
		return fmt.Errorf("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ - in webhook mode (value not shown)")
	}
	return nil
}

func (c *Config) loadZalo(getenv func(string) string) error {
	var err error
	if c.ZaloRate, err = intVar(getenv, "ZALO_RATE", 10); err != nil {
		return err
	}
	for name, v := range map[string]string{"ZALO_API_URL": c.ZaloAPIURL, "ZALO_OAUTH_URL": c.ZaloOAuthURL} {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%s %q must be an http(s) address", name, v)
		}
	}
	if c.ZaloAppID == "" {
		return nil
	}
	switch {
	case !regexp.MustCompile(`^[0-9]{1,30}$`).MatchString(c.ZaloAppID):
		return fmt.Errorf("ZALO_APP_ID %q must be the app's numeric id", c.ZaloAppID)
	case c.ZaloAppSecret == "":
		return fmt.Errorf("ZALO_APP_SECRET is required with ZALO_APP_ID")
	case c.ZaloWebhookSecret == "":
		return fmt.Errorf("ZALO_WEBHOOK_SECRET is required with ZALO_APP_ID (it signs the webhook events)")
	}
	return nil
}

func (c *Config) loadRetention(getenv func(string) string) error {
	v := strings.TrimSpace(getenv("CHIDAO_RETENTION"))
	c.Retention = DefaultRetention
	if v != "" {
		d, err := parseDays(v)
		if err != nil || d < MinRetention {
			return fmt.Errorf("CHIDAO_RETENTION %q must be a duration of at least 7 days, e.g. 180d or 4320h", v)
		}
		c.Retention = d
	}
	if v := strings.TrimSpace(getenv("CHIDAO_TEST_CLOCK")); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return fmt.Errorf("CHIDAO_TEST_CLOCK %q must be an RFC 3339 instant (tests only; leave it empty)", v)
		}
		c.TestClock = t
	}
	return nil
}

// parseDays reads "180d" as days, anything else as a Go duration.
func parseDays(v string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 || days > 100*366 {
			return 0, fmt.Errorf("bad number of days")
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	return time.ParseDuration(v)
}

// Clock is chidao's clock: the system's, or the test clock.
func (c Config) Clock() func() time.Time {
	if c.TestClock.IsZero() {
		return time.Now
	}
	start, base := time.Now(), c.TestClock
	return func() time.Time { return base.Add(time.Since(start)) }
}

func intVar(getenv func(string) string, name string, def int) (int, error) {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s %q must be a whole number", name, v)
	}
	return n, nil
}

func or(v, def string) string {
	if v = strings.TrimSpace(v); v != "" {
		return v
	}
	return def
}

// PostgresDir is where the private PostgreSQL server keeps its data.
func (c Config) PostgresDir() string { return filepath.Join(c.DataDir, "pg") }

// SecretKeyPath is where the generated HMAC key is kept when
// CHIDAO_SECRET_KEY is not set.
func (c Config) SecretKeyPath() string { return filepath.Join(c.DataDir, "secret.key") }

// String describes the configuration with secrets redacted, for logs.
func (c Config) String() string {
	db := "private server in " + c.PostgresDir()
	if c.DatabaseURL != "" {
		db = "DATABASE_URL (redacted)"
	}
	tg := "off"
	if c.TelegramBotToken != "" {
		tg = fmt.Sprintf("%s via %s (token redacted)", c.TelegramMode, c.TelegramAPIURL)
	}
	zalo := "off"
	if c.ZaloAppID != "" {
		zalo = fmt.Sprintf("app %s via %s (secrets redacted)", c.ZaloAppID, c.ZaloAPIURL)
	}
	yt := "off"
	if c.YouTubeAPIKey != "" {
		yt = "via " + c.YouTubeAPIURL + " (key redacted)"
	}
	return fmt.Sprintf("database=%s http_addr=%s log_level=%s telegram=%s telegram_bot_username=%q telegram_rate=%d zalo=%s public_url=%q org=%q youtube=%s",
		db, c.HTTPAddr, c.LogLevel, tg, c.TelegramBotUsername, c.TelegramRate, zalo, c.PublicURL, c.OrgName, yt)
}

// LogValue keeps secrets out of structured logs.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }
