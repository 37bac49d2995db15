package chidao

// This file is the contract of a send's slot between the outbox and an
// adapter: the outbox gives each send the time it may leave, and the
// adapter's HTTP transport checks it at the moment the request leaves.

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
var ErrTooLate = errors.New("too late for its slot")

type slotKey struct{}

// Slot is a claimed message's place in the rate limit, carried in the
// context of its send so that the request is checked when it leaves.
type Slot struct {
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
// Adapters call it from their HTTP transport (see LeavingTransport); the outbox
// calls it before the Sender, so a send that makes no request is checked
// too.
func Leave(ctx context.Context) error {
	s, ok := ctx.Value(slotKey{}).(*Slot)
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
	if s, ok := ctx.Value(slotKey{}).(*Slot); ok {
		s.left.Store(true)
	}
}

// WithSlot returns ctx carrying the slot at (by the clock now): a request
// more than maxLate after it may not leave.
func WithSlot(ctx context.Context, at time.Time, maxLate time.Duration, now func() time.Time) (context.Context, *Slot) {
	s := &Slot{at: at, maxLate: maxLate, now: now}
	return context.WithValue(ctx, slotKey{}, s), s
}

// Late is how late the send's first request found its slot.
func (s *Slot) Late() time.Duration { return time.Duration(s.late.Load()) }

// LeavingTransport checks each request with Leave before it goes out
// through next (http.DefaultTransport when nil). Adapters wrap their
// HTTP clients' transports with it.
func LeavingTransport(next http.RoundTripper) http.RoundTripper {
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
