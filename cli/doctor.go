package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-telegram/bot"

	"chidao"
	"chidao/reminders"
	"chidao/storage"
)

// runDoctor checks what chidao depends on and prints what to fix. It
// exits non-zero when something needs fixing.
func runDoctor(ctx context.Context, e *env, args []string) error {
	if _, err := parse(e, newFlags("doctor", "doctor"), args, 0); err != nil {
		return err
	}
	d := &doctor{e: e}
	d.ok("configuration", e.cfg.String())
	s, err := e.open(ctx)
	if err != nil {
		d.bad("database", err.Error(), "check DATABASE_URL (or that PostgreSQL is installed for the private server)")
		return d.verdict()
	}
	d.database(ctx, s)
	d.clock(ctx, s)
	d.calendar()
	d.telegram(ctx)
	d.zalo(ctx, s)
	return d.verdict()
}

type doctor struct {
	e        *env
	problems int
}

func (d *doctor) ok(what, detail string) {
	fmt.Fprintf(d.e.stdout, "ok       %-13s %s\n", what, detail)
}

func (d *doctor) bad(what, detail, fix string) {
	d.problems++
	fmt.Fprintf(d.e.stdout, "PROBLEM  %-13s %s\n         fix: %s\n", what, detail, fix)
}

func (d *doctor) verdict() error {
	if d.problems > 0 {
		return fmt.Errorf("%d problem(s) to fix", d.problems)
	}
	fmt.Fprintln(d.e.stdout, "everything checked is fine")
	return nil
}

func (d *doctor) database(ctx context.Context, s *storage.Store) {
	var version int
	if err := s.Pool().QueryRow(ctx, `SELECT version FROM schema_version`).Scan(&version); err != nil {
		d.bad("migrations", err.Error(), "run chidao migrate")
		return
	}
	if want := storage.SchemaVersion(); version != want {
		d.bad("migrations", fmt.Sprintf("schema at version %d, this chidao needs %d", version, want), "run chidao migrate")
		return
	}
	d.ok("database", fmt.Sprintf("schema at version %d", version))
}

func (d *doctor) clock(ctx context.Context, s *storage.Store) {
	var dbNow time.Time
	if err := s.Pool().QueryRow(ctx, `SELECT now()`).Scan(&dbNow); err != nil {
		d.bad("clock", err.Error(), "check the database connection")
		return
	}
	skew := time.Since(dbNow).Round(time.Second)
	if skew > 30*time.Second || skew < -30*time.Second {
		d.bad("clock", fmt.Sprintf("this machine and the database differ by %s", skew), "synchronise both clocks (NTP)")
		return
	}
	if !d.e.cfg.TestClock.IsZero() {
		d.ok("clock", fmt.Sprintf("CHIDAO_TEST_CLOCK is set (tests only): chidao's clock started at %s, not this machine's",
			chidao.FormatDateTime(d.e.cfg.TestClock)))
		return
	}
	d.ok("clock", fmt.Sprintf("%s in Vietnam (server zone %s, database clock within %s)",
		chidao.FormatDateTime(time.Now()), time.Local.String(), skew.Abs()))
}

func (d *doctor) calendar() {
	cal := reminders.DefaultCalendar()
	if d.e.cfg.HolidaysFile != "" {
		var err error
		if cal, err = reminders.LoadCalendarFile(d.e.cfg.HolidaysFile); err != nil {
			d.bad("holidays", err.Error(), "fix the file named by CHIDAO_HOLIDAYS_FILE")
			return
		}
	}
	next := time.Now().In(chidao.Zone).Year() + 1
	if !cal.Covers(next) {
		d.bad("holidays", fmt.Sprintf("no lunar holidays listed for %d", next),
			"add next year's Tết and Giỗ Tổ days to a holiday file (CHIDAO_HOLIDAYS_FILE) once the government announces them")
		return
	}
	d.ok("holidays", fmt.Sprintf("listed through %d", next))
}

func (d *doctor) telegram(ctx context.Context) {
	cfg := d.e.cfg
	if cfg.TelegramBotToken == "" {
		d.ok("telegram", "not configured")
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	b, err := bot.New(cfg.TelegramBotToken, bot.WithServerURL(cfg.TelegramAPIURL), bot.WithSkipGetMe(),
		bot.WithHTTPClient(10*time.Second, &http.Client{Timeout: 15 * time.Second}))
	if err != nil {
		d.bad("telegram", err.Error(), "check TELEGRAM_BOT_TOKEN")
		return
	}
	me, err := b.GetMe(ctx)
	if err != nil {
		d.bad("telegram", strings.ReplaceAll(err.Error(), cfg.TelegramBotToken, "<token>"),
			"check TELEGRAM_BOT_TOKEN with BotFather and that this machine reaches TELEGRAM_API_URL")
		return
	}
	if !strings.EqualFold(me.Username, cfg.TelegramBotUsername) {
		d.bad("telegram", fmt.Sprintf("the token belongs to @%s, not @%s", me.Username, cfg.TelegramBotUsername), "fix TELEGRAM_BOT_USERNAME")
		return
	}
	info, err := b.GetWebhookInfo(ctx)
	switch {
	case err != nil:
		d.bad("telegram", "getWebhookInfo: "+err.Error(), "check the network to Telegram")
	case cfg.TelegramMode == "webhook" && info.LastErrorMessage != "":
		d.bad("telegram", "Telegram's last webhook error: "+info.LastErrorMessage, "check PUBLIC_URL, TLS and the reverse proxy")
	default:
		d.ok("telegram", fmt.Sprintf("@%s, %s mode, %d update(s) waiting at Telegram", me.Username, cfg.TelegramMode, info.PendingUpdateCount))
	}
}

func (d *doctor) zalo(ctx context.Context, s *storage.Store) {
	if d.e.cfg.ZaloAppID == "" {
		d.ok("zalo", "not configured")
		return
	}
	st, err := s.ZaloTokenStatus(ctx)
	switch {
	case err != nil && !errors.Is(err, chidao.ErrNotFound):
		d.bad("zalo", err.Error(), "check the database")
	case !st.Stored && d.e.cfg.ZaloRefreshToken == "":
		d.bad("zalo", "no refresh token stored", "set ZALO_REFRESH_TOKEN or run chidao zalo token set")
	case !st.FailedAt.IsZero():
		d.bad("zalo", "the last token refresh failed: "+st.LastError,
			"an OA admin grants access again and runs chidao zalo token set with the new refresh token")
	case st.Stored:
		d.ok("zalo", fmt.Sprintf("access token valid until %s", chidao.FormatDateTime(st.ExpiresAt)))
	default:
		d.ok("zalo", "refresh token will be seeded from ZALO_REFRESH_TOKEN at the first serve")
	}
}
