// Package config reads chidao's configuration from environment variables
// once, into a typed and validated Config that is passed explicitly.
package config

import (
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
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
}

var botUsername = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{4,31}$`)

// Load reads the configuration with getenv (os.Getenv in production). Each
// error names the variable at fault and never repeats a secret's value.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL:         strings.TrimSpace(getenv("DATABASE_URL")),
		DataDir:             or(getenv("CHIDAO_DATA_DIR"), "var"),
		HTTPAddr:            or(getenv("HTTP_ADDR"), ":8080"),
		LogFormat:           or(strings.ToLower(getenv("LOG_FORMAT")), "text"),
		TelegramBotUsername: strings.TrimPrefix(strings.TrimSpace(getenv("TELEGRAM_BOT_USERNAME")), "@"),
	}
	if c.DatabaseURL != "" {
		if _, err := pgx.ParseConfig(c.DatabaseURL); err != nil {
			return c, fmt.Errorf("DATABASE_URL is not a valid PostgreSQL connection string (value not shown)")
		}
	}
	if err := c.LogLevel.UnmarshalText([]byte(or(getenv("LOG_LEVEL"), "info"))); err != nil {
		return c, fmt.Errorf("LOG_LEVEL %q must be debug, info, warn or error", getenv("LOG_LEVEL"))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return c, fmt.Errorf("LOG_FORMAT %q must be text or json", c.LogFormat)
	}
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		return c, fmt.Errorf("HTTP_ADDR %q must be host:port, e.g. :8080", c.HTTPAddr)
	}
	if c.TelegramBotUsername != "" && !botUsername.MatchString(c.TelegramBotUsername) {
		return c, fmt.Errorf("TELEGRAM_BOT_USERNAME %q is not a Telegram bot username", c.TelegramBotUsername)
	}
	return c, nil
}

func or(v, def string) string {
	if v = strings.TrimSpace(v); v != "" {
		return v
	}
	return def
}

// PostgresDir is where the private PostgreSQL server keeps its data.
func (c Config) PostgresDir() string { return filepath.Join(c.DataDir, "pg") }

// String describes the configuration with secrets redacted, for logs.
func (c Config) String() string {
	db := "private server in " + c.PostgresDir()
	if c.DatabaseURL != "" {
		db = "DATABASE_URL (redacted)"
	}
	return fmt.Sprintf("database=%s http_addr=%s log_level=%s telegram_bot_username=%q", db, c.HTTPAddr, c.LogLevel, c.TelegramBotUsername)
}

// LogValue keeps secrets out of structured logs.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }
