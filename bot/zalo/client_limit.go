package zalo

import (
	"context"
	"sync"
	"time"
)

// limiter is a small token bucket: it refills rate tokens per second up to a
// burst of rate, and callers reserve a token before each request.
type limiter struct {
	mu       sync.Mutex
	interval time.Duration // time to refill one token
	burst    float64
	tokens   float64
	last     time.Time
}

// newLimiter returns a full bucket allowing rate requests per second.
func newLimiter(rate int) *limiter {
	return &limiter{
		interval: time.Second / time.Duration(rate),
		burst:    float64(rate),
		tokens:   float64(rate),
		last:     time.Now(),
	}
}

// wait blocks until a token is available or ctx ends.
func (l *limiter) wait(ctx context.Context) error {
	d := l.reserve()
	if d <= 0 {
		return ctx.Err()
	}
	return sleep(ctx, d)
}

// reserve takes a token (possibly going into debt) and returns how long the
// caller must wait before using it.
func (l *limiter) reserve() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	l.tokens += float64(now.Sub(l.last)) / float64(l.interval)
	if l.tokens > l.burst {
		l.tokens = l.burst
	}
	l.last = now
	l.tokens--
	if l.tokens >= 0 {
		return 0
	}
	return time.Duration(-l.tokens * float64(l.interval))
}

// sleep waits for d or until ctx ends, whichever is first.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
