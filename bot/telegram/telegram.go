// Package telegram connects chidao to the Telegram Bot API. It uses
// github.com/go-telegram/bot only to call methods and for its types: the
// intake (getUpdates loop and webhook handler) is our own, because the
// library acknowledges updates before they are stored (see
// docs/telegram.md). Every update is stored in the inbox before Telegram is
// told it arrived; every message goes out through the outbox.
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
	"chidao/fetch"
	"chidao/handlers"
	"chidao/internal/supervise"
	"chidao/outbox"
	"chidao/storage"
)

// Options configure the Telegram connection.
type Options struct {
	Token         string
	Username      string
	APIURL        string // default https://api.telegram.org
	Mode          string // "polling" (default) or "webhook"
	WebhookSecret string
	PublicURL     string          // webhook mode: where Telegram reaches us
	Rate          int             // messages per second for the bot (default 30; negative: unlimited)
	ChatInterval  time.Duration   // least time between two messages to one chat (default 1 s; negative: none)
	PollTimeout   time.Duration   // long-poll wait (default 25 s)
	Workers       int             // inbox workers (default 8)
	Attempts      int             // tries of an event before it fails for good (default 5)
	Metrics       outbox.Observer // optional
	// FileBackoff is the wait after a failed file download (default
	// fetch's: 5 s, doubling, at most 30 minutes).
	FileBackoff func(attempts int) time.Duration
}

// Telegram is a running connection: intake, inbox processing, sending and
// file fetching.
type Telegram struct {
	opts    Options
	token   string
	b       *bot.Bot
	store   *storage.Store
	log     *slog.Logger
	handler *handlers.Handler
	http    *http.Client
	inbox   *handlers.Processor
	outbox  *outbox.Worker
	files   *fetch.Worker
	// hookDown follows the webhook's failures to store updates.
	hookDown *supervise.Outage
	fileIDs  sync.Map // stored file id -> Telegram's file_id
	uploads  sync.Map // stored file ids being uploaded by this process
}

// New prepares a connection; nothing is sent until Run.
func New(o Options, store *storage.Store, h *handlers.Handler, log *slog.Logger) (*Telegram, error) {
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
	if o.Workers == 0 {
		o.Workers = 8
	}
	if o.PollTimeout == 0 {
		o.PollTimeout = 25 * time.Second
	}
	// Requests of the outbox are checked against their slot as they leave.
	hc := &http.Client{Transport: outbox.Transport(&http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: 90 * time.Second})}
	b, err := bot.New(o.Token, bot.WithServerURL(o.APIURL), bot.WithSkipGetMe(), bot.WithHTTPClient(o.PollTimeout, hc))
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", err)
	}
	t := &Telegram{opts: o, token: o.Token, b: b, store: store, log: log, handler: h, http: hc,
		hookDown: &supervise.Outage{Log: log, Name: "telegram.webhook", What: "Storing Telegram webhook updates"}}
	t.files = &fetch.Worker{Store: store, Channel: chidao.Telegram, Source: t, Log: log, Wake: make(chan struct{}, 1), Backoff: o.FileBackoff}
	t.files.Fetched = t.fetched
	t.inbox = &handlers.Processor{Store: store, Handler: h, Channel: chidao.Telegram, Decode: Decoder(o.Username),
		Workers: o.Workers, MaxAttempts: o.Attempts, Log: log, Wake: make(chan struct{}, 1),
		Answer: func(ctx context.Context, ev handlers.Event, r handlers.Result) {
			t.Answer(ctx, ev.CallbackID, r.Answer, r.Alert)
		},
		Handled: func(documents bool) {
			wake(t.outbox.Wake)
			if documents {
				wake(t.files.Wake)
			}
		}}
	t.outbox = &outbox.Worker{Store: store, Channel: chidao.Telegram, Sender: t, Render: h.Renderer, Log: log,
		Limits:        storage.Limits{Rate: max(o.Rate, 0), ChatInterval: max(o.ChatInterval, 0)},
		OnUnreachable: t.unreachable, Wake: make(chan struct{}, 1), Metrics: o.Metrics}
	return t, nil
}

// Run connects and works until ctx ends. In webhook mode it registers the
// webhook; in polling mode it removes any webhook and polls (only one
// process per bot polls at a time). Telegram being unreachable at start
// delays that step, nothing else: every loop is supervised, none ends the
// process.
func (t *Telegram) Run(ctx context.Context, instance *storage.Instance) error {
	t.outbox.Instance = instance
	var wg sync.WaitGroup
	supervise.Go(ctx, &wg, t.log, "telegram.inbox", t.inbox.Run)
	supervise.Go(ctx, &wg, t.log, "telegram.outbox", t.outbox.Run)
	supervise.Go(ctx, &wg, t.log, "telegram.files", t.files.Run)
	supervise.Go(ctx, &wg, t.log, "telegram.setup", func(ctx context.Context) {
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
	})
	wg.Wait()
	return nil
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

// Wake tells the workers that new work is stored (tests and the webhook).
func (t *Telegram) Wake() {
	wake(t.inbox.Wake)
	t.wakeOutbox()
}

func (t *Telegram) wakeOutbox() { wake(t.outbox.Wake); wake(t.files.Wake) }

func wake(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// unreachable tells the Office admins once that someone cannot be reached.
func (t *Telegram) unreachable(ctx context.Context, u storage.Unreachable, why string) {
	if err := t.handler.NotifyUnreachable(ctx, t.store, u, chidao.Telegram, why); err != nil {
		t.log.Error("Cannot tell the Office about an unreachable person", "person_id", u.PersonID, "error", err)
	}
}

// lockKey is the advisory lock key of this bot's poller.
func (t *Telegram) lockKey() int32 {
	h := fnv.New32a()
	id, _, _ := strings.Cut(t.token, ":")
	h.Write([]byte(id))
	return int32(h.Sum32() & 0x7fffffff)
}

// Departures says how late after their slots this process's messages left.
func (t *Telegram) Departures() outbox.Departures { return t.outbox.Departures() }
