package outbox

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"time"
)

// ErrTooLate is the error of a request that could not leave within
// Limits.MaxLate of its slot: it is not sent, and the message is claimed
// again. Sent as it is, it could bunch with the slots after it and draw a
// 429 from a platform that counts strictly.
var ErrTooLate = errors.New("outbox: too late for its slot")

type slotKey struct{}

// slot is a claimed message's place in the rate limit, carried in the
// context of its send so that the request is checked when it leaves.
type slot struct {
	at      time.Time
	maxLate time.Duration
	now     func() time.Time
	late    atomic.Int64 // how late the first request found it
	left    atomic.Bool  // its first request has left
}

// Leave checks, at the moment a send's first request leaves, that it is
// within its slot: ErrTooLate when it is later than the limiter allows.
// The send's later requests (a Zalo file after its text) always may leave,
// as does a context without a slot (no rate limit, not an outbox send).
// Senders call it from their HTTP transport (see Transport); the outbox
// calls it before the Sender, so a send that makes no request is checked
// too.
func Leave(ctx context.Context) error {
	s, ok := ctx.Value(slotKey{}).(*slot)
	if !ok || s.left.Load() {
		return nil
	}
	late := s.now().Sub(s.at)
	s.late.Store(int64(late))
	if late > s.maxLate {
		return ErrTooLate
	}
	return nil
}

// left marks the slot's first request as gone.
func left(ctx context.Context) {
	if s, ok := ctx.Value(slotKey{}).(*slot); ok {
		s.left.Store(true)
	}
}

// Transport checks each request with Leave before it goes out through next
// (http.DefaultTransport when nil).
func Transport(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return leaving{next}
}

type leaving struct{ next http.RoundTripper }

func (l leaving) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := Leave(r.Context()); err != nil {
		if r.Body != nil {
			_ = r.Body.Close()
		}
		return nil, err
	}
	left(r.Context())
	return l.next.RoundTrip(r)
}
