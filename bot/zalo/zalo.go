// Package zalo connects chidao to the Office's Zalo Official Account: a
// small net/http client of the OA API v3 (client*.go), the access/refresh
// token pair kept in PostgreSQL, the signed webhook, and a sender for the
// outbox. Conversations are the same as on Telegram (package handlers);
// buttons become typed keywords.
package zalo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"chidao"
	"chidao/handlers"
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
}

// Zalo is a running connection.
type Zalo struct {
	opts    Options
	store   *storage.Store
	log     *slog.Logger
	handler *handlers.Handler
	client  *Client
	http    *http.Client
	inbox   *handlers.Processor
	outbox  *outbox.Worker
	fetch   chan struct{}

	alertMu   sync.Mutex
	lastAlert time.Time
}

// New prepares the connection; nothing is sent until Run.
func New(o Options, store *storage.Store, h *handlers.Handler, log *slog.Logger) *Zalo {
	if o.Workers == 0 {
		o.Workers = 4
	}
	z := &Zalo{opts: o, store: store, log: log, handler: h, fetch: make(chan struct{}, 1),
		http: &http.Client{Timeout: 2 * time.Minute}}
	z.client = NewClient(Config{APIURL: o.APIURL, OAuthURL: o.OAuthURL, AppID: o.AppID, AppSecret: o.AppSecret, Rate: o.Rate}, tokens{z})
	z.inbox = &handlers.Processor{Store: store, Handler: h, Channel: chidao.Zalo, Decode: Decode, Workers: o.Workers,
		Log: log, Wake: make(chan struct{}, 1),
		Handled: func(documents bool) {
			wake(z.outbox.Wake)
			if documents {
				wake(z.fetch)
			}
		}}
	z.outbox = &outbox.Worker{Store: store, Channel: chidao.Zalo, Sender: z, Render: h.Renderer, Log: log,
		Limits: storage.Limits{Rate: max(o.Rate, 0)}, Wake: make(chan struct{}, 1), OnUnreachable: z.unreachable, Metrics: o.Metrics}
	return z
}

// Run works until ctx ends.
func (z *Zalo) Run(ctx context.Context, instance *storage.Instance) error {
	if z.opts.RefreshToken != "" {
		seeded, err := z.store.SeedZaloRefreshToken(ctx, z.opts.RefreshToken)
		if err != nil {
			return fmt.Errorf("zalo: %w", err)
		}
		if seeded {
			z.log.Info("Zalo refresh token stored from ZALO_REFRESH_TOKEN")
		}
	}
	z.outbox.Instance = instance
	var wg sync.WaitGroup
	for _, f := range []func(context.Context){z.inbox.Run, z.outbox.Run, z.fetchFiles} {
		wg.Add(1)
		go func() { defer wg.Done(); f(ctx) }()
	}
	wg.Wait()
	return nil
}

// Wake tells the workers new work is stored.
func (z *Zalo) Wake() { wake(z.inbox.Wake); wake(z.outbox.Wake) }

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

// tokens gives the client access tokens from PostgreSQL, refreshing them
// (one refresh at a time across processes) when they run out.
type tokens struct{ z *Zalo }

const tokenMargin = 10 * time.Minute

func (t tokens) AccessToken(ctx context.Context) (string, error) {
	return t.z.token(ctx, "")
}

func (t tokens) Invalidate(ctx context.Context, bad string) error {
	_, err := t.z.token(ctx, bad)
	return err
}

func (z *Zalo) token(ctx context.Context, rejected string) (string, error) {
	tok, err := z.store.ZaloAccessToken(ctx, tokenMargin, rejected, func(ctx context.Context, refresh string) (storage.ZaloPair, error) {
		p, err := z.client.Refresh(ctx, refresh)
		return storage.ZaloPair{AccessToken: p.AccessToken, RefreshToken: p.RefreshToken, ExpiresIn: p.ExpiresIn}, err
	})
	if err != nil && (IsRefresh(err) || errors.Is(err, storage.ErrNoZaloToken)) {
		z.alert(ctx, err)
	}
	return tok, err
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
