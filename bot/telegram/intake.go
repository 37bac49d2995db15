package telegram

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"chidao"
	"chidao/internal/httpbody"
	"chidao/internal/supervise"
	"chidao/storage"
)

// WebhookPath is where Telegram posts updates in webhook mode.
const WebhookPath = "/webhook/telegram"

// MaxUpdateSize is the largest update body accepted. Updates refer to
// files by id, so real ones are a few kilobytes.
const MaxUpdateSize = 1 << 20

// pollLockClass is the advisory lock class of the single poller per bot.
const pollLockClass = 73011

// ServeHTTP is the webhook: it checks the secret in constant time, stores
// the update and only then answers 200. 401 for a wrong secret, 408 for a
// body trickled slower than httpbody.Timeout, 413 for an
// oversized body, 400 for a body that is not an update, 503 when the
// database cannot store it (Telegram will send it again).
func (t *Telegram) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
	if subtle.ConstantTimeCompare([]byte(got), []byte(t.opts.WebhookSecret)) != 1 || t.opts.WebhookSecret == "" {
		http.Error(w, "wrong secret token", http.StatusUnauthorized)
		return
	}
	body, err := httpbody.Read(w, r, MaxUpdateSize, 0)
	if err != nil {
		return
	}
	in, err := inbound(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	res, err := t.store.StoreInbound(r.Context(), chidao.Telegram, []storage.Inbound{in})
	if err != nil {
		t.hookDown.Fail(err)
		http.Error(w, "cannot store the update now", http.StatusServiceUnavailable)
		return
	}
	t.hookDown.OK()
	w.WriteHeader(http.StatusOK)
	t.stored(res)
}

// stored wakes the inbox workers for what was just stored.
func (t *Telegram) stored(res storage.Stored) {
	if t.opts.Stored != nil {
		t.opts.Stored(res.Quarantined > 0)
	}
}

// inbound reads what the inbox stores an update under. Whatever its
// strings hold (a NUL, a lone surrogate, bytes that are not UTF-8), an
// update that is JSON with an update_id is kept, byte for byte.
func inbound(raw []byte) (storage.Inbound, error) {
	id, key, err := Key(raw)
	if err != nil {
		return storage.Inbound{}, err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return storage.Inbound{}, fmt.Errorf("telegram: malformed update: %w", err)
	}
	chat := strings.TrimPrefix(key, "telegram:")
	if chat == "0" {
		chat = ""
	}
	return storage.Inbound{ExternalID: strconv.FormatInt(id, 10), ChatKey: key, Seq: id, Payload: compact.Bytes(), ChatID: chat}, nil
}

// poll runs the getUpdates loop while this process holds the bot's poll
// lock; other processes wait their turn.
func (t *Telegram) poll(ctx context.Context) {
	db := &supervise.Outage{Log: t.log, Name: "telegram.poll", What: "Taking the Telegram poll lock"}
	for ctx.Err() == nil {
		lock, ok, err := t.store.TryLock(ctx, pollLockClass, t.lockKey())
		switch {
		case err != nil:
			if ctx.Err() == nil {
				supervise.Sleep(ctx, db.Fail(err))
			}
			continue
		case !ok:
			db.OK()
			supervise.Sleep(ctx, 5*time.Second)
			continue
		}
		db.OK()
		t.log.Info("Polling Telegram for updates")
		t.pollLocked(ctx, lock)
		lock.Release()
	}
}

// pollLocked asks for updates, stores each batch, and only then confirms
// it by asking with the next offset. While the database cannot store a
// batch, the batch is kept and stored again until it is.
func (t *Telegram) pollLocked(ctx context.Context, lock *storage.Lock) {
	var offset int64
	api := &supervise.Outage{Log: t.log, Name: "telegram.poll", What: "Polling Telegram", Min: time.Second, Max: 30 * time.Second}
	db := &supervise.Outage{Log: t.log, Name: "telegram.poll", What: "Storing polled Telegram updates"}
	for ctx.Err() == nil {
		if !lock.Held(ctx) {
			t.log.Warn("Lost the poll lock")
			return
		}
		batch, next, err := t.getUpdates(ctx, offset)
		if err != nil {
			if ctx.Err() == nil {
				supervise.Sleep(ctx, max(api.Fail(err), pollBackoff(err)))
			}
			continue
		}
		api.OK()
		for len(batch) > 0 {
			res, err := t.store.StoreInbound(ctx, chidao.Telegram, batch)
			if err == nil {
				db.OK()
				t.stored(res)
				break
			}
			if ctx.Err() != nil || !supervise.Sleep(ctx, db.Fail(err)) {
				return
			}
		}
		offset = max(offset, next)
	}
}

// apiError is a Bot API error answer.
type apiError struct {
	Code       int
	Desc       string
	RetryAfter int
}

func (e *apiError) Error() string { return fmt.Sprintf("telegram: %d %s", e.Code, e.Desc) }

// pollBackoff is the least wait Telegram's answer asks for.
func pollBackoff(err error) time.Duration {
	var ae *apiError
	if errors.As(err, &ae) {
		switch {
		case ae.RetryAfter > 0:
			return time.Duration(ae.RetryAfter) * time.Second
		case ae.Code == http.StatusConflict:
			return 5 * time.Second // another poller, or a webhook is set
		}
	}
	return 0
}

// getUpdates asks Telegram for the updates after offset, holding the
// request open up to the poll timeout, and returns them ready to store
// with the offset that confirms them.
func (t *Telegram) getUpdates(ctx context.Context, offset int64) ([]storage.Inbound, int64, error) {
	req := map[string]any{"offset": offset, "timeout": int(t.opts.PollTimeout / time.Second), "limit": 100,
		"allowed_updates": []string{"message", "callback_query", "my_chat_member"}}
	body, _ := json.Marshal(req)
	ctx, cancel := context.WithTimeout(ctx, t.opts.PollTimeout+15*time.Second)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, t.opts.APIURL+"/bot"+t.token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, 0, t.redact(err)
	}
	hr.Header.Set("Content-Type", "application/json")
	resp, err := t.http.Do(hr)
	if err != nil {
		return nil, 0, t.redact(err)
	}
	defer resp.Body.Close()
	var out struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		ErrorCode   int               `json:"error_code"`
		Description string            `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(&out); err != nil {
		return nil, 0, fmt.Errorf("telegram: getUpdates: %d, unreadable answer: %w", resp.StatusCode, err)
	}
	if !out.OK {
		return nil, 0, &apiError{Code: out.ErrorCode, Desc: out.Description, RetryAfter: out.Parameters.RetryAfter}
	}
	var batch []storage.Inbound
	next := offset
	for _, raw := range out.Result {
		var head struct {
			ID int64 `json:"update_id"`
		}
		_ = json.Unmarshal(raw, &head)
		next = max(next, head.ID+1) // confirmed even when unreadable: asking again would not help
		in, err := inbound(raw)
		if err != nil {
			t.log.Error("Telegram sent an update we cannot read; skipped", "update_id", head.ID, "error", err)
			continue
		}
		batch = append(batch, in)
	}
	return batch, next, nil
}
