// Package inbox works through the events the platforms' adapters stored:
// each chat's events in order, each exactly once across processes, handed
// decoded to the conversations, whose effects and replies commit together
// with the event's "done" mark. It is the same for every channel: an
// adapter gives a Decoder (and, for buttons, an answer function).
package inbox

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"chidao"
	"chidao/internal/supervise"
	"chidao/storage"
	"chidao/texts"
)

// Decoder turns a stored raw event of one platform into an Event; events
// chidao has nothing to say to give chidao.ErrIgnore.
type Decoder func(payload []byte) (chidao.Event, error)

// Handler answers one event inside the transaction that marks it done
// (package handlers). An error is a failure to store: the event is retried.
type Handler interface {
	Handle(ctx context.Context, tx *storage.Store, ev chidao.Event) (chidao.ButtonAnswer, error)
}

// Processor works through one channel's inbox: each event of a chat after
// the one before, each exactly once even with several processes, its
// effects and replies committed together with its "done" mark.
type Processor struct {
	Store   *storage.Store
	Handler Handler
	Channel chidao.Channel
	Decode  Decoder
	// Answer, when set, answers a pressed button after the commit.
	Answer func(ctx context.Context, ev chidao.Event, res chidao.ButtonAnswer)
	// Handled, when set, is called after each commit that handled events;
	// documents says whether one of them carried a file.
	Handled     func(documents bool)
	Workers     int // default 4
	Batch       int // events per transaction, default 16
	MaxAttempts int // before an event is failed for good, default 5
	Log         *slog.Logger
	Wake        chan struct{} // a send wakes the workers at once

	outage      *supervise.Outage
	quarantined atomic.Bool // events were set aside: answer their senders
}

// Run processes events until ctx ends. Each worker is supervised: a panic
// outside an event's handling restarts it; while the database cannot be
// reached the workers wait with backoff, and the outage is logged once.
func (p *Processor) Run(ctx context.Context) {
	if p.Wake == nil {
		p.Wake = make(chan struct{}, 1)
	}
	p.outage = &supervise.Outage{Log: p.Log, Name: string(p.Channel) + ".inbox", What: "Handling " + string(p.Channel) + " events"}
	p.quarantined.Store(true) // answer what a crash left unanswered
	var wg sync.WaitGroup
	for i := range max(p.Workers, 1) {
		supervise.Go(ctx, &wg, p.Log, fmt.Sprintf("%s.inbox.%d", p.Channel, i), p.loop)
	}
	wg.Wait()
}

// Quarantined says that events were set aside: their senders are answered
// by the next step.
func (p *Processor) Quarantined() {
	p.quarantined.Store(true)
	select {
	case p.Wake <- struct{}{}:
	default:
	}
}

func (p *Processor) loop(ctx context.Context) {
	for ctx.Err() == nil {
		n, err := p.Step(ctx)
		if err == nil && p.quarantined.CompareAndSwap(true, false) {
			if err = p.answerQuarantined(ctx); err != nil {
				p.quarantined.Store(true)
			}
		}
		if err != nil {
			if ctx.Err() == nil {
				supervise.Sleep(ctx, p.outage.Fail(err))
			}
			continue
		}
		p.outage.OK()
		if n > 0 {
			continue
		}
		select {
		case <-ctx.Done():
		case <-p.Wake:
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// answerQuarantined tells the senders of events set aside that their
// message could not be read, once each.
func (p *Processor) answerQuarantined(ctx context.Context) error {
	for {
		var n int
		err := p.Store.InTx(ctx, func(tx *storage.Store) error {
			evs, err := tx.ClaimQuarantined(ctx, p.Channel, 64)
			n = len(evs)
			ids := make([]int64, 0, n)
			for _, e := range evs {
				ids = append(ids, e.ID)
				if e.ChatID == "" || err != nil {
					continue
				}
				_, err = tx.Enqueue(ctx, storage.Outgoing{DedupeKey: fmt.Sprintf("quarantine:%s:%d", p.Channel, e.ID), Channel: p.Channel,
					ChatID: e.ChatID, Kind: "apology", Message: chidao.Message{Text: texts.Unreadable}})
			}
			if err != nil || n == 0 {
				return err
			}
			p.Log.Warn("Events set aside because the database refused them; their senders are told", "channel", p.Channel, "count", n)
			return tx.AnsweredQuarantined(ctx, ids)
		})
		if err != nil || n < 64 {
			if n > 0 && err == nil && p.Handled != nil {
				p.Handled(false)
			}
			return err
		}
	}
}

type answered struct {
	ev      chidao.Event
	res     chidao.ButtonAnswer
	handled bool // to be marked done with the batch
}

// errCareful rolls back a batch handled without savepoints in which an
// event failed; the batch is then handled again, one savepoint per event.
var errCareful = errors.New("an event failed: handle the batch again with savepoints")

// Step handles one batch of due events and returns how many it took.
// Events are first handled without savepoints (two round trips fewer per
// event); when one fails, the whole batch is rolled back and handled again
// with a savepoint per event, so a failure touches only its own event.
func (p *Processor) Step(ctx context.Context) (int, error) {
	n, err := p.step(ctx, false)
	if errors.Is(err, errCareful) {
		return p.step(ctx, true)
	}
	return n, err
}

func (p *Processor) step(ctx context.Context, careful bool) (int, error) {
	var answers []answered
	var n int
	var documents bool
	err := p.Store.InTx(ctx, func(tx *storage.Store) error {
		answers, documents = answers[:0], false
		evs, err := tx.ClaimInbound(ctx, p.Channel, cmp.Or(max(p.Batch, 0), 16))
		if err != nil {
			return err
		}
		n = len(evs)
		var done []int64
		for _, e := range evs {
			a, err := p.one(ctx, tx, e, careful)
			if err != nil {
				return err
			}
			if a != nil && a.handled {
				done = append(done, e.ID)
				documents = documents || a.ev.Document != nil
			}
			if a != nil {
				answers = append(answers, *a)
			}
		}
		return tx.InboundDone(ctx, done)
	})
	if err != nil {
		return n, err
	}
	for _, a := range answers {
		if p.Answer != nil && a.ev.CallbackID != "" {
			p.Answer(ctx, a.ev, a.res)
		}
	}
	if n > 0 && p.Handled != nil {
		p.Handled(documents)
	}
	return n, nil
}

// one handles one event in a savepoint; a failure is recorded instead of
// being returned, except a failure to record it.
func (p *Processor) one(ctx context.Context, tx *storage.Store, e storage.Event, careful bool) (*answered, error) {
	ev, err := p.Decode(withoutNUL(e.Payload))
	if errors.Is(err, chidao.ErrIgnore) {
		return nil, tx.FinishInbound(ctx, e.ID, "ignored", "")
	}
	if err != nil {
		p.Log.Error("Undecodable event", "channel", p.Channel, "event_id", e.ID, "error", err)
		return nil, tx.FinishInbound(ctx, e.ID, "failed", "decode: "+err.Error())
	}
	ev.EventID = e.ID
	var res chidao.ButtonAnswer
	if !careful {
		if err, _ := p.direct(ctx, tx, ev, &res); err != nil {
			return nil, errCareful
		}
		return &answered{ev, res, true}, nil
	}
	herr, panicked := p.handle(ctx, tx, ev, &res)
	if herr == nil {
		return &answered{ev, res, true}, nil
	}
	if !panicked && e.Attempts+1 < cmp.Or(max(p.MaxAttempts, 0), 5) {
		p.Log.Warn("Event will be retried", "channel", p.Channel, "event_id", e.ID, "attempt", e.Attempts+1, "error", herr)
		return nil, tx.RetryInbound(ctx, e.ID, tx.Now().Add(backoff(e.Attempts)), herr.Error())
	}
	p.Log.Error("Event failed", "channel", p.Channel, "event_id", e.ID, "panic", panicked, "error", herr)
	if err := tx.FinishInbound(ctx, e.ID, "failed", herr.Error()); err != nil {
		return nil, err
	}
	if ev.ChatID != "" && ev.Private {
		_, err := tx.Enqueue(ctx, storage.Outgoing{DedupeKey: fmt.Sprintf("in:%d:apology", e.ID), Channel: ev.Channel,
			ChatID: ev.ChatID, Kind: "apology", Message: chidao.Message{Text: texts.Apology}})
		if err != nil {
			return nil, err
		}
	}
	return &answered{ev, chidao.ButtonAnswer{Answer: texts.ApologyShort}, false}, nil
}

// handle runs the handler in a savepoint that a failure or a panic rolls
// back.
func (p *Processor) handle(ctx context.Context, tx *storage.Store, ev chidao.Event, res *chidao.ButtonAnswer) (err error, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			err, panicked = fmt.Errorf("panic: %v\n%s", r, debug.Stack()), true
		}
	}()
	return tx.InTx(ctx, func(sp *storage.Store) error {
		r, err := p.Handler.Handle(ctx, sp, ev)
		if err != nil {
			return err
		}
		*res = r
		return nil
	}), false
}

// direct runs the handler in the batch's transaction itself.
func (p *Processor) direct(ctx context.Context, tx *storage.Store, ev chidao.Event, res *chidao.ButtonAnswer) (err error, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			err, panicked = fmt.Errorf("panic: %v", r), true
		}
	}()
	*res, err = p.Handler.Handle(ctx, tx, ev)
	return err, false
}

// backoff is the wait before the n-th retry: 1 s, 2 s, 4 s... up to 1 min.
func backoff(attempts int) time.Duration {
	d := time.Second << min(attempts, 6)
	return min(d, time.Minute)
}
