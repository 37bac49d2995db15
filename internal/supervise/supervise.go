// Package supervise keeps chidao's long-running loops alive. Loop runs a
// loop at the root of a goroutine: a panic is recovered, logged with its
// stack and counted (chidao_panics_total in /metrics), and the loop starts
// again after a pause. Outage is what a loop keeps about the failures of
// the database (or a platform) it depends on: it says how long to wait
// before the next try (growing backoff) and logs once when an outage
// begins and once when it ends, never once per try.
package supervise

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime/debug"
	"sort"
	"sync"
	"time"
)

var (
	mu      sync.Mutex
	panics  = map[string]int64{}
	outages = map[string]int64{}
)

// Panics returns how many panics were recovered in each loop since the
// process started.
func Panics() map[string]int64 { return snapshot(panics) }

// Outages returns how many outages each loop went through since the
// process started.
func Outages() map[string]int64 { return snapshot(outages) }

func snapshot(m map[string]int64) map[string]int64 {
	mu.Lock()
	defer mu.Unlock()
	out := make(map[string]int64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func count(m map[string]int64, name string) {
	mu.Lock()
	m[name]++
	mu.Unlock()
}

// Names returns the keys of a count map in order, for stable output.
func Names(m map[string]int64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Loop runs loop until it returns normally or ctx ends. A panic in it is
// recovered, logged with its stack and counted under name, and loop runs
// again after a pause (100 ms, doubling while it keeps panicking, at most
// 30 s).
func Loop(ctx context.Context, log *slog.Logger, name string, loop func(context.Context)) {
	pause := 100 * time.Millisecond
	for ctx.Err() == nil {
		began := time.Now()
		if !Protect(log, name, func() { loop(ctx) }) {
			return
		}
		if time.Since(began) > time.Minute {
			pause = 100 * time.Millisecond // it ran well for a while: a new problem
		}
		if !Sleep(ctx, pause) {
			return
		}
		pause = min(2*pause, 30*time.Second)
	}
}

// Go runs Loop in a new goroutine; wg, when not nil, is done when it ends.
func Go(ctx context.Context, wg *sync.WaitGroup, log *slog.Logger, name string, loop func(context.Context)) {
	if wg != nil {
		wg.Add(1)
	}
	go func() {
		if wg != nil {
			defer wg.Done()
		}
		Loop(ctx, log, name, loop)
	}()
}

// Protect runs f and reports whether it panicked; a panic is logged with
// its stack and counted under name.
func Protect(log *slog.Logger, name string, f func()) (panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			panicked = true
			count(panics, name)
			log.Error("Recovered from a panic; the loop starts again", "loop", name, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
	}()
	f()
	return false
}

// Sleep waits d or until ctx ends, and reports whether ctx is still live.
func Sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// Outage follows the failures of one loop (or of several workers doing the
// same thing, which share it). The zero value is ready: Min 100 ms and Max
// 2 s, so that a loop notices within about two seconds that the database
// is back, at the cost of one failed connection attempt per loop and
// interval while it is not.
type Outage struct {
	Log  *slog.Logger
	Name string // the loop, e.g. "telegram.inbox"; in the logs and metrics
	What string // what fails, for the log, e.g. "Inbox processing"
	Min  time.Duration
	Max  time.Duration

	mu       sync.Mutex
	failures int
	since    time.Time
}

// Fail records a failure and returns how long to wait before the next
// try. The first failure of an outage is logged with its error.
func (o *Outage) Fail(err error) time.Duration {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.failures == 0 {
		o.since = time.Now()
		count(outages, o.Name)
		o.Log.Error(o.What+" failed; retrying with backoff", "loop", o.Name, "error", err)
	}
	o.failures++
	lo, hi := o.Min, o.Max
	if lo <= 0 {
		lo = 100 * time.Millisecond
	}
	if hi <= 0 {
		hi = 2 * time.Second
	}
	d := min(lo<<min(o.failures-1, 20), hi)
	return d - time.Duration(rand.Int64N(int64(d)/5+1)) // a little jitter: loops do not retry in step
}

// OK records a success; the first after an outage logs how long it lasted.
func (o *Outage) OK() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.failures == 0 {
		return
	}
	o.Log.Info(o.What+" works again", "loop", o.Name, "failures", o.failures, "outage", time.Since(o.since).Round(time.Millisecond))
	o.failures = 0
}

// Down reports whether an outage is going on.
func (o *Outage) Down() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.failures > 0
}
