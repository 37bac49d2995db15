package telegramfake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"syscall"
	"time"
)

// queuedUpdate is an update not yet confirmed (polling) or delivered
// (webhook).
type queuedUpdate struct {
	id       int64
	chatID   int64
	body     json.RawMessage
	inFlight bool // being pushed to the webhook
	attempts int  // failed pushes
	retryAt  time.Time
}

// webhook is the current setWebhook configuration and delivery state.
type webhook struct {
	url, secret string
	maxConns    int
	gen         int // bumped on every change, so late push results are told apart
	lastErr     string
	lastErrDate int64
}

// enqueueLocked gives u the next update_id and queues it for getUpdates or
// the webhook. The update is serialised now: later edits do not change it.
func (s *Server) enqueueLocked(chatID int64, u apiUpdate) int64 {
	s.nextUpdateID++
	u.UpdateID = s.nextUpdateID
	body, err := json.Marshal(u)
	if err != nil {
		panic(fmt.Sprintf("telegramfake: marshal update: %v", err))
	}
	s.queue = append(s.queue, &queuedUpdate{id: u.UpdateID, chatID: chatID, body: body})
	s.notifyLocked()
	return u.UpdateID
}

// PendingUpdates is the number of updates not yet confirmed by getUpdates
// or delivered to the webhook, in-flight pushes included.
func (s *Server) PendingUpdates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// WaitDelivered blocks until no update is pending or in flight: confirmed
// by a later getUpdates offset, or answered 2xx by the webhook.
func (s *Server) WaitDelivered(ctx context.Context) error {
	err := s.waitFor(ctx, func() bool { return len(s.queue) == 0 })
	if err != nil {
		return fmt.Errorf("telegramfake: %d updates still pending: %w", s.PendingUpdates(), err)
	}
	return nil
}

// getUpdates implements getUpdates with long polling. A newer getUpdates
// terminates a waiting one with 409, as Telegram does.
func (s *Server) getUpdates(ctx context.Context, p *params) (any, *apiError) {
	offset, limit, timeout := p.int("offset"), int(p.int("limit")), p.int("timeout")
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timer := time.NewTimer(time.Duration(max(timeout, 0)) * time.Second)
	defer timer.Stop()

	s.mu.Lock()
	if s.hook.url != "" {
		s.mu.Unlock()
		return nil, errConflictWebhook
	}
	s.pollGen++
	gen := s.pollGen
	if offset > 0 {
		s.confirmLocked(offset)
	}
	s.notifyLocked() // an older waiting poll must now answer 409
	s.mu.Unlock()

	expired := timeout <= 0
	for {
		s.mu.Lock()
		switch {
		case s.closed:
			s.mu.Unlock()
			return []json.RawMessage{}, nil
		case s.hook.url != "":
			s.mu.Unlock()
			return nil, errConflictWebhook
		case s.pollGen != gen:
			s.mu.Unlock()
			return nil, errConflictPoll
		}
		batch, ch := s.batchLocked(offset, limit), s.changed
		s.mu.Unlock()
		if len(batch) > 0 || expired {
			return batch, nil
		}
		select {
		case <-ch:
		case <-timer.C:
			expired = true
		case <-ctx.Done():
			return []json.RawMessage{}, nil // nobody reads it
		}
	}
}

// confirmLocked forgets the updates below offset.
func (s *Server) confirmLocked(offset int64) {
	kept := s.queue[:0]
	for _, q := range s.queue {
		if q.id >= offset || q.inFlight {
			kept = append(kept, q)
		}
	}
	clear(s.queue[len(kept):])
	s.queue = kept
}

// batchLocked is the next getUpdates answer: up to limit updates from offset
// on (never nil, so it encodes as []).
func (s *Server) batchLocked(offset int64, limit int) []json.RawMessage {
	out := []json.RawMessage{}
	for _, q := range s.queue {
		if len(out) == limit {
			break
		}
		if q.id >= offset && !q.inFlight {
			out = append(out, q.body)
		}
	}
	return out
}

// setWebhook implements setWebhook; an empty url deletes the webhook.
func (s *Server) setWebhook(ctx context.Context, p *params) (any, *apiError) {
	raw := p.str("url")
	if raw == "" {
		return s.deleteWebhook(ctx, p)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errBadWebhookURL
	}
	maxConns := int(p.int("max_connections"))
	if maxConns <= 0 || maxConns > 100 {
		maxConns = 40
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.bool("drop_pending_updates") {
		s.dropPendingLocked()
	}
	s.hook = webhook{url: raw, secret: p.str("secret_token"), maxConns: maxConns, gen: s.hook.gen + 1}
	s.notifyLocked()
	return true, nil
}

// deleteWebhook implements deleteWebhook: back to getUpdates.
func (s *Server) deleteWebhook(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.bool("drop_pending_updates") {
		s.dropPendingLocked()
	}
	s.hook = webhook{gen: s.hook.gen + 1}
	s.notifyLocked()
	return true, nil
}

// dropPendingLocked forgets every update not being pushed right now.
func (s *Server) dropPendingLocked() {
	kept := s.queue[:0]
	for _, q := range s.queue {
		if q.inFlight {
			kept = append(kept, q)
		}
	}
	clear(s.queue[len(kept):])
	s.queue = kept
}

// getWebhookInfo implements getWebhookInfo.
func (s *Server) getWebhookInfo(context.Context, *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := apiWebhookInfo{URL: s.hook.url, PendingUpdateCount: len(s.queue)}
	if s.hook.url != "" {
		info.LastErrorDate, info.LastErrorMessage = s.hook.lastErrDate, s.hook.lastErr
		info.MaxConnections = s.hook.maxConns
	}
	return info, nil
}

// dispatchLoop pushes queued updates to the webhook while one is set, until
// Close.
func (s *Server) dispatchLoop() {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return
		}
		next := s.startPushesLocked()
		ch := s.changed
		s.mu.Unlock()

		var retry <-chan time.Time
		var timer *time.Timer
		if !next.IsZero() {
			timer = time.NewTimer(time.Until(next))
			retry = timer.C
		}
		select {
		case <-ch:
		case <-retry:
		case <-s.baseCtx.Done():
		}
		if timer != nil {
			timer.Stop()
		}
	}
}

// startPushesLocked starts pushing the updates that may go now: the first
// pending update of each chat (so a chat's updates arrive in order), at most
// WebhookConcurrency (and max_connections) at a time. It returns when the
// earliest backed-off update may be retried (zero if none).
func (s *Server) startPushesLocked() (next time.Time) {
	if s.hook.url == "" {
		return time.Time{}
	}
	limit := min(s.opts.WebhookConcurrency, s.hook.maxConns)
	inFlight := 0
	for _, q := range s.queue {
		if q.inFlight {
			inFlight++
		}
	}
	busy := map[int64]bool{}
	now := time.Now()
	for _, q := range s.queue {
		if busy[q.chatID] {
			continue
		}
		busy[q.chatID] = true
		switch {
		case q.inFlight:
		case q.retryAt.After(now):
			if next.IsZero() || q.retryAt.Before(next) {
				next = q.retryAt
			}
		case inFlight < limit:
			q.inFlight = true
			inFlight++
			s.wg.Add(1)
			go s.push(s.hook, q.id, q.body)
		}
	}
	return next
}

// push POSTs one update to the webhook and records the outcome: delivered
// updates leave the queue, failed ones are retried with a doubling backoff.
func (s *Server) push(h webhook, id int64, body []byte) {
	defer s.wg.Done()
	errMsg := s.post(h, body)
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.notifyLocked()
	for i, q := range s.queue {
		if q.id != id {
			continue
		}
		q.inFlight = false
		if errMsg == "" {
			s.queue = append(s.queue[:i], s.queue[i+1:]...)
			return
		}
		if h.gen != s.hook.gen {
			q.attempts, q.retryAt = 0, time.Time{}
			return
		}
		q.attempts++
		q.retryAt = time.Now().Add(backoff(q.attempts))
		s.hook.lastErr, s.hook.lastErrDate = errMsg, s.now().Unix()
		return
	}
}

// backoff is the wait before the next try after the given failed attempts:
// 100ms doubling up to 2s.
func backoff(attempts int) time.Duration {
	d := firstWebhookRetry
	for i := 1; i < attempts && d < maxWebhookBackoff; i++ {
		d *= 2
	}
	return min(d, maxWebhookBackoff)
}

// post sends one update and returns "" on a 2xx answer, else the error
// message getWebhookInfo reports.
func (s *Server) post(h webhook, body []byte) string {
	req, err := http.NewRequestWithContext(s.baseCtx, http.MethodPost, h.url, bytes.NewReader(body))
	if err != nil {
		return err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	if h.secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", h.secret)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		s.logf("webhook push failed: %v", err)
		return connectionError(err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		s.logf("webhook answered %s", resp.Status)
		return "Wrong response from the webhook: " + resp.Status
	}
	return ""
}

// connectionError words a push failure as Telegram does.
func connectionError(err error) string {
	var netErr interface{ Timeout() bool }
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "Connection refused"
	case errors.As(err, &netErr) && netErr.Timeout():
		return "Read timeout expired"
	}
	return err.Error()
}
