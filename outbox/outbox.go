// Package outbox sends the messages queued in the database, for one chat
// channel: it renders queued directives, claims due messages within the
// channel's rate limits (shared by every process through PostgreSQL), sends
// them concurrently, and records what became of each. A message that was in
// flight when its process died is sent again, except for the kinds that may
// be dropped (storage.DropWhenLost): at least once, with duplicates bounded
// by what was in flight (about a second of the rate).
//
// The rate is held when requests leave, not only when they are claimed: a
// request that cannot leave within Limits.MaxLate of its slot is put back
// and claimed again, since it could bunch with the slots after it.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"chidao"
	"chidao/internal/supervise"
	"chidao/storage"
)

var verdictNames = map[chidao.Verdict]string{chidao.Sent: "sent", chidao.Retry: "retry", chidao.RateLimited: "rate_limited",
	chidao.Unreachable: "unreachable", chidao.Failed: "failed", chidao.TooLate: "too_late", chidao.Postponed: "postponed"}

// Sender sends one claimed message on its platform.
type Sender interface {
	Send(ctx context.Context, m storage.Claimed) chidao.SendResult
}

// Observer is told how sends went (Prometheus metrics, in package metrics).
type Observer interface {
	ObserveSend(channel, outcome string, d time.Duration)
	Paused(channel string)
}

// Worker sends one channel's messages.
type Worker struct {
	Store    *storage.Store
	Channel  chidao.Channel
	Sender   Sender
	Render   func() storage.Renderer // a fresh renderer per batch of templates
	Limits   storage.Limits
	Instance *storage.Instance
	// Batch is the most messages claimed and not yet recorded (default 128),
	// which bounds what a crash leaves 'unknown'; Concurrency the most sent
	// at once (default 32).
	Batch, Concurrency int
	MaxAttempts        int // default 5
	// OnUnreachable is told when a person becomes unreachable.
	OnUnreachable func(ctx context.Context, u storage.Unreachable, why string)
	Log           *slog.Logger
	Wake          chan struct{}
	Metrics       Observer // optional

	outage   *supervise.Outage // the database, for claims and recovery
	paused   atomic.Int64      // unix nanoseconds until which this process must not send
	inflight atomic.Int64
	depart   departures
	stopping atomic.Bool
	alive    atomic.Bool // the liveness lock is held: claims are safe
}

// Run sends until ctx ends, then waits for the sends in flight to finish
// (the platform may have them) and records them.
func (w *Worker) Run(ctx context.Context) {
	if w.Wake == nil {
		w.Wake = make(chan struct{}, 1)
	}
	w.Batch, w.Concurrency = cmp(w.Batch, 128), cmp(w.Concurrency, 32)
	w.Limits = w.Limits.WithDefaults()
	w.outage = &supervise.Outage{Log: w.Log, Name: string(w.Channel) + ".outbox", What: "Sending " + string(w.Channel) + " messages (database)"}
	outcomes := make(chan storage.Outcome, 4*w.Batch)
	var sends sync.WaitGroup
	recorded := make(chan struct{})
	go func() {
		defer close(recorded)
		for supervise.Protect(w.Log, string(w.Channel)+".outbox.record", func() { w.record(outcomes) }) {
		}
	}()
	pauses := make(chan struct{})
	go func() {
		defer close(pauses)
		for supervise.Protect(w.Log, string(w.Channel)+".outbox.pauses", func() { w.followPauses(ctx) }) {
		}
	}()
	defer func() { <-pauses }()
	w.recover(ctx)
	lastRecover := time.Now()
	sem := make(chan struct{}, w.Concurrency)
	for ctx.Err() == nil {
		if time.Since(lastRecover) > 10*time.Second {
			w.recover(ctx)
			lastRecover = time.Now()
		}
		wait := w.step(ctx, sem, outcomes, &sends)
		if wait == 0 {
			continue
		}
		select {
		case <-ctx.Done():
		case <-w.Wake:
		case <-time.After(wait):
		}
	}
	w.stopping.Store(true)
	sends.Wait()
	close(outcomes)
	<-recorded
}

func cmp(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

// recover keeps this process's liveness lock and marks the messages of
// dead processes unknown. While the database is down it does nothing else
// (the outage is logged once, by the caller's step).
func (w *Worker) recover(ctx context.Context) {
	err := w.Instance.Keep(ctx, w.Store)
	w.alive.Store(err == nil)
	if err != nil {
		return
	}
	if n, err := w.Store.FailUnroutable(ctx); err != nil && ctx.Err() == nil {
		w.Log.Error("Cannot fail unroutable messages", "error", err)
	} else if n > 0 {
		w.Log.Warn("Messages to people reachable on no channel marked failed", "count", n)
	}
	n, err := w.Store.MarkLostDeliveries(ctx)
	if err != nil && ctx.Err() == nil {
		w.Log.Error("Cannot check for lost deliveries", "error", err)
	}
	if n.Resent > 0 {
		w.Log.Warn("Messages in flight when a process stopped are sent again", "count", n.Resent)
	}
	if n.Unknown > 0 {
		w.Log.Warn("Messages in flight when a process stopped are marked unknown (kinds that may be dropped)", "count", n.Unknown)
	}
}

// followPauses reads every 100 ms until when the platform asked the bot
// to wait, as another process heard it; the sends check it without a
// round trip, so that none leaves late for it.
func (w *Worker) followPauses(ctx context.Context) {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if p, err := w.Store.ChannelPausedUntil(ctx, w.Channel); err == nil && p.UnixNano() > w.paused.Load() {
			w.paused.Store(p.UnixNano())
		}
	}
}

// step renders templates, claims a batch and starts sending it. It returns
// how long to wait before the next step (zero: go on at once).
func (w *Worker) step(ctx context.Context, sem chan struct{}, outcomes chan<- storage.Outcome, sends *sync.WaitGroup) time.Duration {
	if w.Render != nil {
		if n, err := Expand(ctx, w.Store, 200, w.Render()); err != nil {
			return w.fail(ctx, fmt.Errorf("render queued directives: %w", err))
		} else if n > 0 {
			return 0
		}
	}
	if !w.alive.Load() {
		// Other processes would take what this one sends for lost.
		if w.recover(ctx); !w.alive.Load() {
			return w.fail(ctx, errors.New("this process's liveness lock is not held: not sending until it is back"))
		}
	}
	room := w.Batch - int(w.inflight.Load())
	if room < w.Batch/4 {
		return 5 * time.Millisecond
	}
	claimed, wait, err := w.Store.ClaimDeliveries(ctx, w.Channel, w.Instance.ID, room, w.Limits)
	if err != nil {
		return w.fail(ctx, fmt.Errorf("claim messages: %w", err))
	}
	w.outage.OK()
	for _, m := range claimed {
		w.inflight.Add(1)
		sends.Add(1)
		go func() {
			defer sends.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			outcomes <- w.sendSafely(ctx, m)
		}()
	}
	switch {
	case len(claimed) > 0:
		return 0
	case wait > 0:
		return min(wait, time.Second)
	}
	return 250 * time.Millisecond
}

// fail records a database failure and returns the backoff before the
// next step; the outage is logged once.
func (w *Worker) fail(ctx context.Context, err error) time.Duration {
	if ctx.Err() != nil {
		return time.Second
	}
	return w.outage.Fail(err)
}

// sendSafely sends m; a panic in the platform's code is recovered and
// logged, and the message is tried again later like any passing failure.
func (w *Worker) sendSafely(ctx context.Context, m storage.Claimed) (o storage.Outcome) {
	if supervise.Protect(w.Log, string(w.Channel)+".send", func() { o = w.send(ctx, m) }) {
		o = w.outcome(ctx, m, chidao.SendResult{Verdict: chidao.Retry, Err: errors.New("panic while sending")})
	}
	return o
}

// now is the Store's clock: the times claims are scheduled in.
func (w *Worker) now() time.Time { return w.Store.Now() }

// send waits for the message's slot and sends it, unless it is too late
// for it.
func (w *Worker) send(ctx context.Context, m storage.Claimed) storage.Outcome {
	w.sleepUntil(ctx, m.SendAt)
	now := w.now()
	if p := time.Unix(0, w.paused.Load()); now.Before(p) {
		return storage.Outcome{ID: m.ID, State: "pending", RetryAt: p, Refund: true, Error: "bot paused by the platform"}
	}
	if ctx.Err() != nil {
		return storage.Outcome{ID: m.ID, State: "pending", Refund: true, Error: "not sent: shutting down"}
	}
	sctx := context.WithoutCancel(ctx)
	var sl *chidao.Slot
	if w.Limits.Rate > 0 {
		sctx, sl = chidao.WithSlot(sctx, m.SendAt, w.Limits.MaxLate, w.now)
	}
	start := time.Now()
	r := chidao.SendResult{Verdict: chidao.TooLate, Err: chidao.Leave(sctx)} // checked here, and again by the Sender's transport
	if r.Err == nil {
		r = w.Sender.Send(sctx, m)
	}
	if sl != nil {
		w.depart.add(sl.Late(), r.Verdict != chidao.TooLate)
	}
	if w.Metrics != nil {
		w.Metrics.ObserveSend(string(w.Channel), verdictNames[r.Verdict], time.Since(start))
		if r.Verdict == chidao.RateLimited {
			w.Metrics.Paused(string(w.Channel))
		}
	}
	return w.outcome(ctx, m, r)
}

func (w *Worker) sleepUntil(ctx context.Context, t time.Time) {
	if d := t.Sub(w.now()); d > 0 {
		select {
		case <-ctx.Done():
		case <-time.After(d):
		}
	}
}

func (w *Worker) outcome(ctx context.Context, m storage.Claimed, r chidao.SendResult) storage.Outcome {
	o := storage.Outcome{ID: m.ID}
	if r.Err != nil {
		o.Error = r.Err.Error()
	}
	switch r.Verdict {
	case chidao.Sent:
		o.State, o.MessageID = "sent", r.MessageID
	case chidao.RateLimited:
		until := w.now().Add(max(r.RetryAfter, time.Second))
		w.paused.Store(until.UnixNano())
		if err := w.Store.PauseChannel(ctx, w.Channel, until, until.Add(w.Limits.SlowFor)); err != nil {
			w.Log.Error("Cannot record the pause", "error", err)
		}
		w.Log.Warn("Platform asked to slow down", "channel", w.Channel, "retry_after", r.RetryAfter)
		o.State, o.RetryAt, o.Refund = "pending", until, true
	case chidao.Unreachable:
		o.State = storage.Refused // sent again when the person writes
		if m.Kind == storage.KindCredential {
			o.State = storage.Failed // never later: a credential is asked for again, and wiped now
		}
		w.unreachable(ctx, m, o.Error)
		// The other channel, when the person is on one (the preferred
		// routing skips this one now that it is marked unreachable).
		if moved, err := w.Store.RerouteToOther(ctx, m.ID, w.Channel, o.Error); err == nil && moved {
			o.State = "pending" // no longer 'sending' on this channel: recording leaves it alone
		}
	case chidao.Failed:
		o.State = "failed"
	case chidao.TooLate, chidao.Postponed:
		o.State, o.RetryAt, o.Refund = "pending", w.now().Add(r.RetryAfter), true
		if r.Verdict == chidao.TooLate {
			// Claimed again at once, in its chat's slot; a postponed one
			// waits for the chat's interval.
			o.Unsent, o.ChatID = m.SendAt, m.ChatID
		}
	default:
		if m.Attempts >= cmp(w.MaxAttempts, 5) {
			o.State = "failed"
		} else {
			o.State, o.RetryAt = "pending", w.now().Add(time.Duration(1<<min(m.Attempts, 8))*time.Second)
		}
	}
	if o.State == storage.Failed {
		w.Log.Warn("Message not delivered", "channel", w.Channel, "delivery_id", m.ID, "error", o.Error)
	}
	return o
}

func (w *Worker) unreachable(ctx context.Context, m storage.Claimed, why string) {
	u, err := w.Store.MarkUnreachable(ctx, w.Channel, m.ChatID, why)
	if err != nil {
		w.Log.Info("Unreachable chat is not a registered person", "channel", w.Channel, "error", err)
		return
	}
	if u.First && w.OnUnreachable != nil {
		w.OnUnreachable(ctx, u, why)
	}
}

// record writes outcomes in batches until outcomes is closed.
func (w *Worker) record(outcomes <-chan storage.Outcome) {
	var batch []storage.Outcome
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	flush := func() {
		if len(batch) == 0 {
			return
		}
		// Keep trying while the process runs: dropping the outcomes would
		// leave the rows 'sending' under a live process, blocking their
		// recipients. Once the process stops, its rows become 'unknown'.
		start := time.Now()
		for attempt := 0; ; attempt++ {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			err := w.Store.FinishDeliveries(ctx, w.Channel, batch)
			cancel()
			if err == nil {
				break
			}
			if w.stopping.Load() && time.Since(start) > 30*time.Second {
				w.Log.Error("Cannot record sent messages before stopping; they will show as unknown", "count", len(batch), "error", err)
				break
			}
			if attempt%10 == 0 {
				w.Log.Error("Cannot record sent messages; retrying", "count", len(batch), "error", err)
			}
			time.Sleep(min(time.Duration(attempt+1)*200*time.Millisecond, 5*time.Second))
		}
		w.inflight.Add(-int64(len(batch)))
		batch = batch[:0]
		select {
		case w.Wake <- struct{}{}:
		default:
		}
	}
	for {
		select {
		case o, ok := <-outcomes:
			if !ok {
				flush()
				return
			}
			batch = append(batch, o)
			if len(batch) >= max(w.Batch/4, 1) {
				flush()
			}
		case <-tick.C:
			flush()
		}
	}
}
