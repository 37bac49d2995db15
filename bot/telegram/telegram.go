// Package telegram connects chidao to the Telegram Bot API. It uses
// github.com/go-telegram/bot only to call methods and for its types: the
// intake (getUpdates loop and webhook handler) is our own, because the
// library acknowledges updates before they are stored (see
// docs/telegram.md). Every update is stored in the inbox before Telegram is
// told it arrived; every message goes out through the outbox.
//
// The package is an adapter: it decodes updates (Decoder), answers
// buttons (Answer), sends one claimed message (Send) and downloads a file
// (Download). chidao's runtime (packages inbox, outbox, fetch) calls these;
// package app wires them together. This package imports neither the
// runtime nor the conversations.
package telegram

import (
	"context"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot"

	"chidao"
	"chidao/internal/supervise"
	"chidao/storage"
)

// Options configure the Telegram connection.
type Options struct {
	Token         string
	Username      string
	APIURL        string // default https://api.telegram.org
	Mode          string // "polling" (default) or "webhook"
	WebhookSecret string
	PublicURL     string        // webhook mode: where Telegram reaches us
	Rate          int           // messages per second for the bot (default 30; negative: unlimited)
	ChatInterval  time.Duration // least time between two messages to one chat (default 1 s; negative: none)
	PollTimeout   time.Duration // long-poll wait (default 25 s)
	// Stored, when set, is told that updates were stored (quarantined:
	// some were set aside, and their senders are owed an answer).
	Stored func(quarantined bool)
}

// Telegram is a connection to one bot: its intake (getUpdates or the
// webhook) and the calls the runtime makes.
type Telegram struct {
	opts  Options
	token string
	b     *bot.Bot
	store *storage.Store
	log   *slog.Logger
	http  *http.Client
	// hookDown follows the webhook's failures to store updates.
	hookDown *supervise.Outage
	fileIDs  sync.Map // stored file id -> Telegram's file_id
	uploads  sync.Map // stored file ids being uploaded by this process
}

// New prepares a connection; nothing is sent until Run.
func New(o Options, store *storage.Store, log *slog.Logger) (*Telegram, error) {
	if o.APIURL == "" {
		o.APIURL = "https://api.telegram.org"
	}
	o.APIURL = strings.TrimRight(o.APIURL, "/")
	if o.Rate == 0 {
		o.Rate = 30
	}
	if o.ChatInterval == 0 {
		o.ChatInterval = time.Second
	}
	if o.PollTimeout == 0 {
		o.PollTimeout = 25 * time.Second
	}
	// Requests of the outbox are checked against their slot as they leave.
	hc := &http.Client{Transport: chidao.LeavingTransport(&http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: 90 * time.Second})}
	b, err := bot.New(o.Token, bot.WithServerURL(o.APIURL), bot.WithSkipGetMe(), bot.WithHTTPClient(o.PollTimeout, hc))
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", err)
	}
	t := &Telegram{opts: o, token: o.Token, b: b, store: store, log: log, http: hc,
		hookDown: &supervise.Outage{Log: log, Name: "telegram.webhook", What: "Storing Telegram webhook updates"}}
	return t, nil
}

// Intake connects and takes updates until ctx ends. In webhook mode it
// registers the webhook (updates then arrive through ServeHTTP); in
// polling mode it removes any webhook and polls (only one process per bot
// polls at a time). Telegram being unreachable delays this, nothing else.
func (t *Telegram) Intake(ctx context.Context) {
	api := &supervise.Outage{Log: t.log, Name: "telegram.setup", What: "Setting up Telegram (" + t.opts.Mode + ")", Min: time.Second, Max: time.Minute}
	for err := t.setup(ctx); err != nil; err = t.setup(ctx) {
		if !supervise.Sleep(ctx, api.Fail(err)) {
			return
		}
	}
	api.OK()
	if t.opts.Mode != "webhook" {
		t.poll(ctx)
	}
}

func (t *Telegram) setup(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if t.opts.Mode == "webhook" {
		_, err := t.b.SetWebhook(ctx, &bot.SetWebhookParams{URL: strings.TrimRight(t.opts.PublicURL, "/") + WebhookPath,
			SecretToken: t.opts.WebhookSecret, MaxConnections: 40,
			AllowedUpdates: []string{"message", "callback_query", "my_chat_member"}})
		if err != nil {
			return fmt.Errorf("telegram: set webhook: %w", t.redact(err))
		}
		t.log.Info("Telegram webhook registered", "url", strings.TrimRight(t.opts.PublicURL, "/")+WebhookPath)
		return nil
	}
	if _, err := t.b.DeleteWebhook(ctx, &bot.DeleteWebhookParams{}); err != nil {
		return fmt.Errorf("telegram: delete webhook: %w", t.redact(err))
	}
	return nil
}

// lockKey is the advisory lock key of this bot's poller.
func (t *Telegram) lockKey() int32 {
	h := fnv.New32a()
	id, _, _ := strings.Cut(t.token, ":")
	h.Write([]byte(id))
	return int32(h.Sum32() & 0x7fffffff)
}

// Decode turns a stored update into an Event (the runtime's inbox.Decoder).
func (t *Telegram) Decode(raw []byte) (chidao.Event, error) { return Decoder(t.opts.Username)(raw) }

// Limits are the bot's sending limits, for the outbox: TELEGRAM_RATE
// messages a second, and the least time between two messages to a chat.
func (t *Telegram) Limits() storage.Limits {
	return storage.Limits{Rate: max(t.opts.Rate, 0), ChatInterval: max(t.opts.ChatInterval, 0)}
}
