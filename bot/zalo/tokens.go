package zalo

import (
	"context"
	"errors"
	"sync"
	"time"

	"chidao/internal/supervise"
	"chidao/storage"
)

const (
	// tokenMargin: an access token is refreshed this long before it expires.
	tokenMargin = 10 * time.Minute
	// refreshLease is how long other processes leave the refresh to the
	// one that began it (a refresh takes a second; the old access token
	// stays valid for the margin).
	refreshLease = 5 * time.Minute
	// refreshWait is how long a process waits for another's refresh.
	refreshWait = 15 * time.Second
)

// errPairNotStored: the only working pair is in memory, not yet stored,
// and Zalo rejected its access token; nothing can be done until it is.
var errPairNotStored = errors.New("zalo: the new token pair is not stored yet")

// tokens gives the client access tokens. The pair lives in PostgreSQL,
// shared by every process, and one process refreshes at a time (a lease in
// the row). Refresh tokens are single-use: once Zalo answered a refresh the
// new pair is the only one that works, so when the database cannot take it
// it is held in memory and written with retries until it does; meanwhile
// this process uses it and refreshes nothing.
type tokens struct {
	z *Zalo

	mu          sync.Mutex
	cached      string    // the access token last read or made
	cachedUntil time.Time // when it stops being good enough (expiry - margin)
	pending     *storage.ZaloPair
	pendingAt   time.Time     // when Zalo gave the pending pair
	written     chan struct{} // closed when the pending pair is stored
}

func (t *tokens) AccessToken(ctx context.Context) (string, error) { return t.alerting(ctx, "") }

func (t *tokens) Invalidate(ctx context.Context, bad string) error {
	_, err := t.alerting(ctx, bad)
	return err
}

func (t *tokens) alerting(ctx context.Context, rejected string) (string, error) {
	tok, err := t.get(ctx, rejected)
	if err != nil && (IsRefresh(err) || errors.Is(err, storage.ErrNoZaloToken)) {
		t.z.alert(ctx, err)
	}
	return tok, err
}

func (t *tokens) get(ctx context.Context, rejected string) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.z.store.Now()
	if p := t.pending; p != nil {
		if p.AccessToken != rejected && t.pendingAt.Add(p.ExpiresIn).After(now) {
			return p.AccessToken, nil
		}
		return "", errPairNotStored
	}
	if t.cached != "" && t.cached != rejected && t.cachedUntil.After(now) {
		return t.cached, nil
	}
	deadline := time.Now().Add(refreshWait)
	for {
		l, err := t.z.store.BeginZaloRefresh(ctx, tokenMargin, rejected, refreshLease)
		switch {
		case errors.Is(err, storage.ErrZaloRefreshing) && time.Now().Before(deadline):
			if !supervise.Sleep(ctx, 200*time.Millisecond) {
				return "", err
			}
			continue
		case err != nil:
			return "", err
		case l.Access != "":
			return l.Access, nil // valid, though perhaps within the margin: not cached
		}
		return t.refresh(ctx, l.Refresh)
	}
}

// refresh exchanges the refresh token (this process holds the lease) and
// stores the new pair, or keeps it in memory when the database cannot.
func (t *tokens) refresh(ctx context.Context, refreshToken string) (string, error) {
	// Not cancelled with the caller: once Zalo answered, the pair must be stored.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	p, err := t.z.client.Refresh(ctx, refreshToken)
	if err != nil {
		var refused error
		if IsRefresh(err) {
			refused = err
		}
		if eerr := t.z.store.EndZaloRefresh(ctx, refused); eerr != nil {
			t.z.log.Warn("Cannot record the end of a Zalo token refresh; others wait for its lease to run out", "error", eerr)
		}
		return "", err
	}
	pair := storage.ZaloPair{AccessToken: p.AccessToken, RefreshToken: p.RefreshToken, ExpiresIn: p.ExpiresIn}
	at := t.z.store.Now()
	if err := t.z.store.StoreZaloPair(ctx, pair, at); err != nil {
		t.z.log.Error("Cannot store the new Zalo token pair; it is kept in memory and written as soon as the database takes it", "error", err)
		t.pending, t.pendingAt, t.written = &pair, at, make(chan struct{})
		go supervise.Protect(t.z.log, "zalo.tokens", t.writePending)
		return pair.AccessToken, nil
	}
	t.cached, t.cachedUntil = pair.AccessToken, at.Add(pair.ExpiresIn-tokenMargin)
	return pair.AccessToken, nil
}

// writePending writes the pending pair until the database takes it.
func (t *tokens) writePending() {
	outage := &supervise.Outage{Log: t.z.log, Name: "zalo.tokens", What: "Storing the new Zalo token pair"}
	t.mu.Lock()
	pair, at, written := *t.pending, t.pendingAt, t.written
	t.mu.Unlock()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := t.z.store.StoreZaloPair(ctx, pair, at)
		cancel()
		if err == nil {
			break
		}
		time.Sleep(outage.Fail(err))
	}
	outage.OK()
	t.mu.Lock()
	t.pending, t.cached, t.cachedUntil = nil, pair.AccessToken, at.Add(pair.ExpiresIn-tokenMargin)
	t.mu.Unlock()
	close(written)
}

// flush waits, up to timeout, for a pending pair to be stored; chidao
// serve stops only after it (or after the timeout, saying so).
func (t *tokens) flush(timeout time.Duration) {
	t.mu.Lock()
	written := t.written
	pending := t.pending != nil
	t.mu.Unlock()
	if !pending {
		return
	}
	select {
	case <-written:
	case <-time.After(timeout):
		t.z.log.Error("Stopping with a Zalo token pair the database never took: an OA admin must set a new refresh token (chidao zalo token set)")
	}
}
