package cli

import (
	"bytes"
	"chidao/app"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"chidao/bot/telegram"
	"chidao/bot/zalo"
	"chidao/handlers"
	"chidao/internal/supervise"
	"chidao/metrics"
	"chidao/reach"
	"chidao/reminders"
	"chidao/report"
	"chidao/sandbox"
	"chidao/scorecard"
	"chidao/server"
	"chidao/storage"
	"chidao/texts"
	"chidao/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags("serve", "serve")
	if _, err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if err := e.sandboxConfig(); err != nil {
		return err
	}
	e.log.Info("Starting chidao", slog.Any("config", e.cfg))
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	dash, err := e.dashboard(s) // checks SCORE_WEIGHTS and REPORT_TEMPLATE before anything starts
	if err != nil {
		return err
	}
	inst, err := s.Register(ctx)
	if err != nil {
		return err
	}
	defer inst.Close()
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	m := metrics.New(s, e.log)
	m.Token = e.cfg.MetricsToken
	routes := []server.Route{{Pattern: "GET /metrics", Handler: m.Handler()}}
	var wg sync.WaitGroup
	sw, err := e.sweeper(s)
	if err != nil {
		return err
	}
	sb, err := e.sandbox(ctx, s, &routes)
	if err != nil {
		return err
	}
	if sb != nil {
		defer sb.Close()
	}
	wakeOutbox, err := e.channels(ctx, &wg, s, inst, sw, m, &routes)
	if err != nil {
		return err
	}
	e.background(ctx, &wg, s, sw, wakeOutbox, stop)
	routes = append(routes, dash.Routes()...)
	if sb != nil {
		go supervise.Protect(e.log, "sandbox.seed", func() {
			time.Sleep(time.Second) // the Telegram side is polling by then
			if err := sb.Seed(ctx); err != nil {
				e.log.Error("Cannot seed the sandbox", "error", err)
			}
		})
	}
	err = e.listen(ctx, s, routes)
	stop()
	wg.Wait()
	return err
}

// background starts the loops that are not a channel: the reminders'
// sweep (whose end stops serve), retention and the YouTube reach fetcher.
func (e *env) background(ctx context.Context, wg *sync.WaitGroup, s *storage.Store, sw *reminders.Sweeper, wakeOutbox func(), stop func()) {
	supervise.Go(ctx, wg, e.log, "reminders", func(ctx context.Context) {
		if err := sw.Run(ctx, e.cfg.ReminderSchedule, wakeOutbox); err != nil {
			e.log.Error("Reminders stopped", "error", err)
			stop()
		}
	})
	supervise.Go(ctx, wg, e.log, "retention", func(ctx context.Context) { e.prune(ctx, s) })
	e.youtube(ctx, s, wg)
}

// channels starts the configured chat channels, each wired once by app,
// and adds their webhooks to routes. It returns what wakes the Telegram
// outbox (the reminders' sweep calls it).
func (e *env) channels(ctx context.Context, wg *sync.WaitGroup, s *storage.Store, inst *storage.Instance, sw *reminders.Sweeper,
	m *metrics.Metrics, routes *[]server.Route) (func(), error) {
	wakeOutbox := func() {}
	if e.cfg.TelegramBotToken == "" {
		e.log.Info("Telegram is not configured (TELEGRAM_BOT_TOKEN is empty): running without chat channels")
	} else {
		tg, err := e.telegram(s, sw, m)
		if err != nil {
			return nil, err
		}
		if e.cfg.TelegramMode == "webhook" {
			*routes = append(*routes, server.Route{Pattern: "POST " + telegram.WebhookPath, Handler: tg})
		}
		wakeOutbox = tg.Wake
		supervise.Go(ctx, wg, e.log, "telegram", func(ctx context.Context) { _ = tg.Run(ctx, inst) })
	}
	if e.cfg.ZaloAppID == "" {
		e.log.Info("Zalo is not configured (ZALO_APP_ID is empty): running without Zalo")
	} else {
		z := e.zalo(s, sw, m)
		*routes = append(*routes, server.Route{Pattern: "POST " + zalo.WebhookPath, Handler: z})
		supervise.Go(ctx, wg, e.log, "zalo", func(ctx context.Context) { _ = z.Run(ctx, inst) })
	}
	return wakeOutbox, nil
}

// pruneEvery is how often retention is applied (and once at start).
const pruneEvery = 6 * time.Hour

// prune applies CHIDAO_RETENTION until ctx ends.
func (e *env) prune(ctx context.Context, s *storage.Store) {
	down := &supervise.Outage{Log: e.log, Name: "retention", What: "Pruning old events and messages", Min: time.Minute, Max: 30 * time.Minute}
	for ctx.Err() == nil {
		p, err := s.Prune(ctx, e.cfg.Retention)
		wait := pruneEvery
		switch {
		case err != nil && ctx.Err() == nil:
			wait = down.Fail(err)
		case err == nil:
			down.OK()
			if p != (storage.Pruned{}) {
				e.log.Info("Pruned what the retention period no longer keeps", "retention", e.cfg.Retention, "pruned", fmt.Sprintf("%+v", p))
			}
		}
		supervise.Sleep(ctx, wait)
	}
}

// sandbox starts the fake Telegram of CHIDAO_SANDBOX=1 and points the
// configuration at it. Anyone reaching the sandbox acts as anyone, so it
// fails closed: it refuses a real chat platform, a database with people it
// did not create, and a listen address off loopback.
func (e *env) sandbox(ctx context.Context, s *storage.Store, routes *[]server.Route) (*sandbox.Sandbox, error) {
	if !e.cfg.Sandbox {
		return nil, nil
	}
	foreign, err := s.PeopleNotFromSandbox(ctx)
	if err != nil {
		return nil, err
	}
	if foreign > 0 {
		return nil, fmt.Errorf("CHIDAO_SANDBOX=1 refuses this database: it holds %d people the sandbox did not create; use an empty database", foreign)
	}
	sb := sandbox.Start(s, e.log)
	e.cfg.TelegramBotToken, e.cfg.TelegramBotUsername = sandbox.Token, sandbox.Username
	e.cfg.TelegramAPIURL, e.cfg.TelegramMode = sb.Fake.URL(), "polling"
	e.cfg.TelegramRate, e.cfg.TelegramChatInterval = -1, -1
	*routes = append(*routes, sb.Routes()...)
	e.log.Info("Sandbox: a fake Telegram runs inside chidao; open /sandbox to talk to the bot")
	return sb, nil
}

// sandboxConfig refuses, before anything starts or logs, a sandbox with a
// real chat platform or on a network address.
func (e *env) sandboxConfig() error {
	if !e.cfg.Sandbox {
		return nil
	}
	switch host, _, _ := net.SplitHostPort(e.cfg.HTTPAddr); {
	case e.cfg.TelegramBotToken != "":
		return errors.New("CHIDAO_SANDBOX=1 refuses to start with a real TELEGRAM_BOT_TOKEN; unset one of them")
	case e.cfg.ZaloAppID != "":
		return errors.New("CHIDAO_SANDBOX=1 refuses to start with Zalo configured (ZALO_APP_ID); unset one of them")
	case !loopback(host):
		return fmt.Errorf("CHIDAO_SANDBOX=1 refuses to listen on %q: use a loopback address such as HTTP_ADDR=127.0.0.1:8080", e.cfg.HTTPAddr)
	}
	return nil
}

// loopback reports whether host (from HTTP_ADDR) is a loopback address;
// an empty host listens on every interface.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (e *env) telegram(s *storage.Store, sw *reminders.Sweeper, m *metrics.Metrics) (*app.Telegram, error) {
	return app.NewTelegram(telegram.Options{
		Token: e.cfg.TelegramBotToken, Username: e.cfg.TelegramBotUsername, APIURL: e.cfg.TelegramAPIURL,
		Mode: e.cfg.TelegramMode, WebhookSecret: e.cfg.TelegramWebhookSecret, PublicURL: e.cfg.PublicURL,
		Rate: e.cfg.TelegramRate, ChatInterval: e.cfg.TelegramChatInterval,
	}, app.Options{Metrics: m}, s, e.handler(sw), e.log)
}

func (e *env) zalo(s *storage.Store, sw *reminders.Sweeper, m *metrics.Metrics) *app.Zalo {
	return app.NewZalo(zalo.Options{AppID: e.cfg.ZaloAppID, AppSecret: e.cfg.ZaloAppSecret, OAID: e.cfg.ZaloOAID,
		RefreshToken: e.cfg.ZaloRefreshToken, WebhookSecret: e.cfg.ZaloWebhookSecret,
		APIURL: e.cfg.ZaloAPIURL, OAuthURL: e.cfg.ZaloOAuthURL, Rate: e.cfg.ZaloRate, TemplateID: e.cfg.ZaloTemplateID},
		app.Options{Metrics: m}, s, e.handler(sw), e.log)
}

// handler is the conversations, for one channel's runtime.
func (e *env) handler(sw *reminders.Sweeper) *handlers.Handler {
	return &handlers.Handler{BotUsername: e.cfg.TelegramBotUsername, Log: e.log, Calendar: sw.Calendar, DashboardURL: e.dashboardURL(),
		Org: e.org(), Weights: e.weights()}
}

// org is the Office's name as configured.
func (e *env) org() texts.Org { return texts.Org{Name: e.cfg.OrgName, Short: e.cfg.OrgShortName} }

// dashboardURL is where people reach the dashboard: PUBLIC_URL, or this
// machine.
func (e *env) dashboardURL() string {
	if e.cfg.PublicURL != "" {
		return e.cfg.PublicURL
	}
	return "http://localhost" + e.cfg.HTTPAddr[strings.LastIndex(e.cfg.HTTPAddr, ":"):]
}

// dashboard is the Office's web view, with the scorecard's weights and the
// Word report's template from the configuration.
func (e *env) dashboard(s *storage.Store) (*web.Web, error) {
	w := web.New(s, e.log, e.cfg.PublicURL, func(w http.ResponseWriter, r storage.DirectiveReport) error {
		var b bytes.Buffer
		if err := report.XLSX(&b, r); err != nil {
			http.Error(w, "cannot write the report", http.StatusInternalServerError)
			return err
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+report.FileName(r, "xlsx")+`"`)
		_, err := w.Write(b.Bytes())
		return err
	})
	w.Org = e.org()
	w.Answer = (&handlers.Handler{Org: e.org(), Log: e.log}).AnswerDifficulty
	var err error
	if w.Weights, err = scorecard.ParseWeights(e.cfg.ScoreWeights); err != nil {
		return nil, err
	}
	if e.cfg.ReportTemplate != "" {
		if w.DocxTemplate, err = report.LoadTemplate(e.cfg.ReportTemplate); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// listen serves HTTP until ctx ends.
func (e *env) listen(ctx context.Context, s *storage.Store, routes []server.Route) error {
	ln, err := net.Listen("tcp", e.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("HTTP_ADDR %s: %w", e.cfg.HTTPAddr, err)
	}
	srv := server.HTTP(server.New(s, e.log, routes...))
	e.log.Info("Listening", slog.String("addr", ln.Addr().String()))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	e.log.Info("Shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// youtube fetches YouTube clips' statistics when YOUTUBE_API_KEY is set.
func (e *env) youtube(ctx context.Context, s *storage.Store, wg *sync.WaitGroup) {
	if e.cfg.YouTubeAPIKey == "" {
		return
	}
	f := &reach.Fetcher{Store: s, YouTube: &reach.YouTube{BaseURL: e.cfg.YouTubeAPIURL, Key: e.cfg.YouTubeAPIKey}, Log: e.log}
	supervise.Go(ctx, wg, e.log, "youtube", func(ctx context.Context) { f.Run(ctx, time.Minute) })
}

// weights are SCORE_WEIGHTS, or the defaults when it is bad (serve has
// already refused a bad value through the dashboard).
func (e *env) weights() scorecard.Weights {
	w, err := scorecard.ParseWeights(e.cfg.ScoreWeights)
	if err != nil {
		return scorecard.DefaultWeights()
	}
	return w
}
