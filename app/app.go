// Package app wires a chat platform's adapter (bot/telegram, bot/zalo)
// into chidao's one runtime: the inbox processor (package inbox), the
// outbox worker (package outbox) and the file fetcher (package fetch),
// with the conversations (package handlers) behind them. It is the one
// place a channel is put together: adding a channel means writing an
// adapter and a constructor here.
package app

import (
	"cmp"
	"context"
	"log/slog"
	"sync"
	"time"

	"chidao"
	"chidao/bot/telegram"
	"chidao/bot/zalo"
	"chidao/fetch"
	"chidao/handlers"
	"chidao/inbox"
	"chidao/internal/supervise"
	"chidao/outbox"
	"chidao/storage"
)

// Options tune the runtime of a channel.
type Options struct {
	Workers  int             // inbox workers (default: the channel's)
	Attempts int             // tries of an event before it fails for good (default 5)
	Metrics  outbox.Observer // optional
	// FileBackoff is the wait after a failed file download (default
	// fetch's: 5 s, doubling, at most 30 minutes).
	FileBackoff func(attempts int) time.Duration
}

// Adapter is what the runtime needs of a platform beyond the workers'
// own interfaces: sending (outbox.Sender), downloading (fetch.Source),
// and its own intake, which runs until ctx ends.
type Adapter interface {
	outbox.Sender
	fetch.Source
	Intake(ctx context.Context)
	Limits() storage.Limits
}

// Channel is one platform's runtime: its adapter's intake and the three
// workers, wired to the conversations.
type Channel struct {
	Name    chidao.Channel
	Inbox   *inbox.Processor
	Outbox  *outbox.Worker
	Files   *fetch.Worker
	adapter Adapter
	log     *slog.Logger
}

// newChannel wires the workers of one channel. The adapter's intake is
// told about stored events through Stored.
func newChannel(name chidao.Channel, a Adapter, decode inbox.Decoder, o Options, workers int,
	store *storage.Store, h *handlers.Handler, log *slog.Logger) *Channel {
	c := &Channel{Name: name, adapter: a, log: log}
	c.Files = &fetch.Worker{Store: store, Channel: name, Source: a, Log: log, Wake: make(chan struct{}, 1), Backoff: o.FileBackoff,
		Fetched: func(ctx context.Context, id int64) {
			if err := h.FileFetched(ctx, store, id); err != nil && ctx.Err() == nil {
				log.Error("Cannot act on a fetched file; the sender's next message retries", "file_id", id, "error", err)
			}
			wake(c.Outbox.Wake)
		}}
	c.Inbox = &inbox.Processor{Store: store, Handler: h, Channel: name, Decode: decode,
		Workers: cmp.Or(o.Workers, workers), MaxAttempts: o.Attempts, Log: log, Wake: make(chan struct{}, 1),
		Handled: func(documents bool) {
			wake(c.Outbox.Wake)
			if documents {
				wake(c.Files.Wake)
			}
		}}
	c.Outbox = &outbox.Worker{Store: store, Channel: name, Sender: a, Render: h.Renderer, Log: log,
		Limits: a.Limits(), Wake: make(chan struct{}, 1), Metrics: o.Metrics,
		OnUnreachable: func(ctx context.Context, u storage.Unreachable, why string) {
			if err := h.NotifyUnreachable(ctx, store, u, name, why); err != nil {
				log.Error("Cannot tell the Office about an unreachable person", "person_id", u.PersonID, "error", err)
			}
		}}
	return c
}

// Stored is the adapters' hook: events were stored; quarantined says some
// were set aside, whose senders are owed an answer.
func (c *Channel) Stored(quarantined bool) {
	if quarantined {
		c.Inbox.Quarantined()
	}
	wake(c.Inbox.Wake)
}

// Run works until ctx ends: the adapter's intake and the three workers,
// each supervised, none able to end the process.
func (c *Channel) Run(ctx context.Context, instance *storage.Instance) error {
	c.Outbox.Instance = instance
	var wg sync.WaitGroup
	name := string(c.Name)
	supervise.Go(ctx, &wg, c.log, name+".inbox", c.Inbox.Run)
	supervise.Go(ctx, &wg, c.log, name+".outbox", c.Outbox.Run)
	supervise.Go(ctx, &wg, c.log, name+".files", c.Files.Run)
	supervise.Go(ctx, &wg, c.log, name+".intake", c.adapter.Intake)
	wg.Wait()
	return nil
}

// Wake tells the workers that new work is stored (tests, the sandbox and
// the reminders).
func (c *Channel) Wake() { wake(c.Inbox.Wake); wake(c.Outbox.Wake); wake(c.Files.Wake) }

func wake(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// Telegram is the Telegram channel: the adapter (its webhook handler,
// among others) and its runtime.
type Telegram struct {
	*telegram.Telegram
	*Channel
}

// NewTelegram wires the Telegram channel; nothing is sent until Run.
func NewTelegram(o telegram.Options, r Options, store *storage.Store, h *handlers.Handler, log *slog.Logger) (*Telegram, error) {
	var c *Channel
	o.Stored = func(q bool) { c.Stored(q) }
	t, err := telegram.New(o, store, log)
	if err != nil {
		return nil, err
	}
	c = newChannel(chidao.Telegram, t, t.Decode, r, 8, store, h, log)
	c.Inbox.Answer = func(ctx context.Context, ev chidao.Event, a chidao.ButtonAnswer) {
		t.Answer(ctx, ev.CallbackID, a.Answer, a.Alert)
	}
	return &Telegram{Telegram: t, Channel: c}, nil
}

// Zalo is the Zalo channel: the adapter and its runtime.
type Zalo struct {
	*zalo.Zalo
	*Channel
}

// NewZalo wires the Zalo channel; nothing is sent until Run.
func NewZalo(o zalo.Options, r Options, store *storage.Store, h *handlers.Handler, log *slog.Logger) *Zalo {
	var c *Channel
	o.Stored = func(q bool) { c.Stored(q) }
	o.Plain = handlers.PlainText
	o.TokenLost = func(ctx context.Context) error { return h.NotifyZaloToken(ctx, store) }
	z := zalo.New(o, store, log)
	c = newChannel(chidao.Zalo, z, zalo.Decode, r, 4, store, h, log)
	return &Zalo{Zalo: z, Channel: c}
}
