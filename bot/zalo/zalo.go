// Package zalo connects chidao to the Office's Zalo Official Account: a
// small net/http client of the OA API v3 (client*.go), the access/refresh
// token pair kept in PostgreSQL, the signed webhook, and a sender for the
// outbox. Conversations are the same as on Telegram (package handlers);
// buttons become typed keywords.
package zalo

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"chidao"
	"chidao/fetch"
	"chidao/handlers"
	"chidao/internal/supervise"
	"chidao/outbox"
	"chidao/storage"
)

// Options configure the Zalo connection.
type Options struct {
	AppID, AppSecret, OAID string
	RefreshToken           string // seeds an empty token table
	WebhookSecret          string // the secret of the webhook signature
	APIURL, OAuthURL       string // default Zalo's; tests use the fake
	Rate                   int    // requests per second to the OA API (default 10)
	// TemplateID, when set, is an approved template message (ZBS) sent to
	// people outside the 7-day window who have no Telegram; its one
	// parameter "noi_dung" gets the beginning of the message.
	TemplateID string
	Workers    int             // inbox workers (default 4)
	Metrics    outbox.Observer // optional
	// FileBackoff is the wait after a failed file download (default
	// fetch's: 5 s, doubling, at most 30 minutes).
	FileBackoff func(attempts int) time.Duration
}

// Zalo is a running connection.
type Zalo struct {
	opts    Options
	store   *storage.Store
	log     *slog.Logger
	handler *handlers.Handler
	client  *Client
	tokens  *tokens
	http    *http.Client
	inbox   *handlers.Processor
	outbox  *outbox.Worker
	files   *fetch.Worker
	// hookDown follows the webhook's failures to store events.
	hookDown *supervise.Outage

	alertMu   sync.Mutex
	lastAlert time.Time
}

// New prepares the connection; nothing is sent until Run.
func New(o Options, store *storage.Store, h *handlers.Handler, log *slog.Logger) *Zalo {
	if o.Workers == 0 {
		o.Workers = 4
	}
	z := &Zalo{opts: o, store: store, log: log, handler: h, http: &http.Client{Timeout: 2 * time.Minute},
		hookDown: &supervise.Outage{Log: log, Name: "zalo.webhook", What: "Storing Zalo webhook events"}}
	z.tokens = &tokens{z: z}
	z.client = NewClient(Config{APIURL: o.APIURL, OAuthURL: o.OAuthURL, AppID: o.AppID, AppSecret: o.AppSecret, Rate: o.Rate}, z.tokens)
	z.files = &fetch.Worker{Store: store, Channel: chidao.Zalo, Source: z, Log: log, Wake: make(chan struct{}, 1), Backoff: o.FileBackoff}
	z.files.Fetched = z.fetched
	z.inbox = &handlers.Processor{Store: store, Handler: h, Channel: chidao.Zalo, Decode: Decode, Workers: o.Workers,
		Log: log, Wake: make(chan struct{}, 1),
		Handled: func(documents bool) {
			wake(z.outbox.Wake)
			if documents {
				wake(z.files.Wake)
			}
		}}
	z.outbox = &outbox.Worker{Store: store, Channel: chidao.Zalo, Sender: z, Render: h.Renderer, Log: log,
		Limits: storage.Limits{Rate: max(o.Rate, 0)}, Wake: make(chan struct{}, 1), OnUnreachable: z.unreachable, Metrics: o.Metrics}
	return z
}

// Run works until ctx ends; every loop is supervised, none ends the
// process. A token pair Zalo gave that the database has not taken yet is
// waited for (30 s at most) before Run returns.
func (z *Zalo) Run(ctx context.Context, instance *storage.Instance) error {
	z.outbox.Instance = instance
	var wg sync.WaitGroup
	if z.opts.RefreshToken != "" {
		supervise.Go(ctx, &wg, z.log, "zalo.seed", z.seed)
	}
	supervise.Go(ctx, &wg, z.log, "zalo.inbox", z.inbox.Run)
	supervise.Go(ctx, &wg, z.log, "zalo.outbox", z.outbox.Run)
	supervise.Go(ctx, &wg, z.log, "zalo.files", z.files.Run)
	wg.Wait()
	z.tokens.flush(30 * time.Second)
	return nil
}

// seed stores ZALO_REFRESH_TOKEN when no token is stored, once the
// database answers.
func (z *Zalo) seed(ctx context.Context) {
	db := &supervise.Outage{Log: z.log, Name: "zalo.seed", What: "Storing ZALO_REFRESH_TOKEN"}
	for ctx.Err() == nil {
		seeded, err := z.store.SeedZaloRefreshToken(ctx, z.opts.RefreshToken)
		if err == nil {
			db.OK()
			if seeded {
				z.log.Info("Zalo refresh token stored from ZALO_REFRESH_TOKEN")
			}
			return
		}
		supervise.Sleep(ctx, db.Fail(err))
	}
}

// AccessToken returns a valid access token, refreshing the pair when it
// must (chidao doctor and tests use it).
func (z *Zalo) AccessToken(ctx context.Context) (string, error) { return z.tokens.AccessToken(ctx) }

// Wake tells the workers new work is stored.
func (z *Zalo) Wake() { wake(z.inbox.Wake); wake(z.outbox.Wake); wake(z.files.Wake) }

func wake(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

func (z *Zalo) unreachable(ctx context.Context, u storage.Unreachable, why string) {
	if err := z.handler.NotifyUnreachable(ctx, z.store, u, chidao.Zalo, why); err != nil {
		z.log.Error("Cannot tell the Office about an unreachable person", "person_id", u.PersonID, "error", err)
	}
}

// alert tells the Office admins (once an hour while it lasts) that the
// Zalo tokens need a human: a fresh refresh token from the OA's consent.
func (z *Zalo) alert(ctx context.Context, err error) {
	z.log.Error("Zalo cannot get an access token: an OA admin must set a new refresh token (chidao zalo token set)", "error", err)
	z.alertMu.Lock()
	defer z.alertMu.Unlock()
	if time.Since(z.lastAlert) < time.Hour {
		return
	}
	z.lastAlert = time.Now()
	if err := z.handler.NotifyZaloToken(ctx, z.store); err != nil {
		z.log.Error("Cannot alert the Office about the Zalo token", "error", err)
	}
}
