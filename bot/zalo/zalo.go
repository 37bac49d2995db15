// Package zalo connects chidao to the Office's Zalo Official Account: a
// small net/http client of the OA API v3 (client*.go), the access/refresh
// token pair kept in PostgreSQL, the signed webhook, and a sender for the
// outbox. Conversations are the same as on Telegram (package handlers);
// buttons become typed keywords.
//
// Like bot/telegram, the package is an adapter: the runtime (inbox,
// outbox, fetch) calls its Decode, Send and Download, and package app wires
// them; it imports neither the runtime nor the conversations.
package zalo

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"chidao"
	"chidao/internal/supervise"
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
	// Plain writes a message for a chat without buttons: the text and
	// what the reader can type instead of each button (default: the text).
	Plain func(chidao.Message) string
	// Stored, when set, is told that events were stored (quarantined:
	// some were set aside, and their senders are owed an answer).
	Stored func(quarantined bool)
	// TokenLost, when set, tells the Office that the tokens need a human
	// (called at most once an hour while it lasts).
	TokenLost func(ctx context.Context) error
}

// Zalo is a connection to the Official Account: its webhook, tokens and
// the calls the runtime makes.
type Zalo struct {
	opts   Options
	store  *storage.Store
	log    *slog.Logger
	client *Client
	tokens *tokens
	http   *http.Client
	// hookDown follows the webhook's failures to store events.
	hookDown *supervise.Outage

	alertMu   sync.Mutex
	lastAlert time.Time
}

// New prepares the connection; nothing is sent until Run.
func New(o Options, store *storage.Store, log *slog.Logger) *Zalo {
	if o.Plain == nil {
		o.Plain = func(m chidao.Message) string { return m.Text }
	}
	z := &Zalo{opts: o, store: store, log: log, http: &http.Client{Timeout: 2 * time.Minute},
		hookDown: &supervise.Outage{Log: log, Name: "zalo.webhook", What: "Storing Zalo webhook events"}}
	z.tokens = &tokens{z: z}
	z.client = NewClient(Config{APIURL: o.APIURL, OAuthURL: o.OAuthURL, AppID: o.AppID, AppSecret: o.AppSecret, Rate: o.Rate}, z.tokens)
	return z
}

// Intake keeps the tokens until ctx ends: it stores ZALO_REFRESH_TOKEN
// once the database answers, and, when ctx ends, waits (30 s at most) for
// a token pair Zalo gave that the database has not taken yet. Events
// arrive through ServeHTTP.
func (z *Zalo) Intake(ctx context.Context) {
	if z.opts.RefreshToken != "" {
		z.seed(ctx)
	}
	<-ctx.Done()
	z.tokens.flush(30 * time.Second)
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

// Limits are the OA's sending limits, for the outbox: ZALO_RATE requests a
// second.
func (z *Zalo) Limits() storage.Limits { return storage.Limits{Rate: max(z.opts.Rate, 0)} }

func (z *Zalo) plain(m chidao.Message) string { return z.opts.Plain(m) }

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
	if z.opts.TokenLost == nil {
		return
	}
	if err := z.opts.TokenLost(ctx); err != nil {
		z.log.Error("Cannot alert the Office about the Zalo token", "error", err)
	}
}
