package zalo

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"chidao"
	"chidao/internal/httpbody"
	"chidao/storage"
)

// WebhookPath is where Zalo posts events.
const WebhookPath = "/webhook/zalo"

// MaxEventSize is the largest event body accepted.
const MaxEventSize = 1 << 20

// ServeHTTP is the webhook: it checks the signature in constant time,
// stores the event in the inbox and answers 200 (within Zalo's 2 seconds:
// nothing else happens before the answer). 401 for a bad signature or
// another app's event, 408 for a body slower than httpbody.Timeout, 413
// for an oversized body, 400 for a body that is
// not an event, 503 when the database cannot store it.
func (z *Zalo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := httpbody.Read(w, r, MaxEventSize, 0)
	if err != nil {
		return
	}
	ev, err := parseEvent(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if !z.signed(r.Header.Get("X-ZEvent-Signature"), ev, body) {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if why := stale(ev, z.store.Now()); why != "" {
		z.setAsideStale(w, r, ev, body, why)
		return
	}
	in := storage.Inbound{ExternalID: ev.externalID(), ChatKey: "zalo:" + ev.user(), Seq: ev.millis(), Payload: compact(body),
		ChatID: ev.user()}
	res, err := z.store.StoreInbound(r.Context(), chidao.Zalo, []storage.Inbound{in})
	if err != nil {
		z.hookDown.Fail(err)
		http.Error(w, "cannot store the event now", http.StatusServiceUnavailable)
		return
	}
	z.hookDown.OK()
	w.WriteHeader(http.StatusOK)
	if z.opts.Stored != nil {
		z.opts.Stored(res.Quarantined > 0)
	}
}

// Freshness bounds of an event's timestamp. Zalo retries a webhook for
// minutes, so an event hours old is a replay of a captured one; a little
// skew into the future is tolerated.
const (
	maxEventAge  = 3 * time.Hour
	maxEventSkew = 10 * time.Minute
)

// stale says why a signed event is not fresh, or "".
func stale(ev event, now time.Time) string {
	ms := ev.millis()
	if ms <= 0 {
		return "event without a timestamp"
	}
	at := time.UnixMilli(ms)
	switch {
	case now.Sub(at) > maxEventAge:
		return fmt.Sprintf("event dated %s is older than %s", at.UTC().Format(time.RFC3339), maxEventAge)
	case at.Sub(now) > maxEventSkew:
		return fmt.Sprintf("event dated %s is more than %s in the future", at.UTC().Format(time.RFC3339), maxEventSkew)
	}
	return ""
}

// setAsideStale stores a signed but stale event in the quarantine and
// answers 200: it is stored before it is acknowledged (house rule), Zalo
// stops sending it, and a replayed event does nothing. 503 when it cannot
// be stored.
func (z *Zalo) setAsideStale(w http.ResponseWriter, r *http.Request, ev event, body []byte, why string) {
	if err := z.store.Quarantine(r.Context(), chidao.Zalo, compact(body), errors.New(why)); err != nil {
		z.hookDown.Fail(err)
		http.Error(w, "cannot store the event now", http.StatusServiceUnavailable)
		return
	}
	z.log.Warn("Zalo event set aside: not fresh (a replay, or a clock off)", "reason", why, "event", ev.EventName)
	w.WriteHeader(http.StatusOK)
}

// signed checks X-ZEvent-Signature: "mac=" + hex(sha256(app_id + raw
// body + timestamp + secret)), and that the event is for our app.
func (z *Zalo) signed(header string, ev event, body []byte) bool {
	if z.opts.WebhookSecret == "" || ev.AppID != z.opts.AppID {
		return false
	}
	sum := sha256.Sum256([]byte(ev.AppID + string(body) + ev.timestamp() + z.opts.WebhookSecret))
	want := "mac=" + hex.EncodeToString(sum[:])
	got := strings.TrimSpace(header)
	return subtle.ConstantTimeCompare([]byte(strings.ToLower(got)), []byte(want)) == 1
}

func compact(body []byte) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, body); err != nil {
		return body
	}
	return b.Bytes()
}

// event is the part of a Zalo event chidao reads. Ids stay strings.
type event struct {
	AppID     string          `json:"app_id"`
	EventName string          `json:"event_name"`
	Timestamp json.RawMessage `json:"timestamp"`
	Sender    struct {
		ID string `json:"id"`
	} `json:"sender"`
	Follower struct {
		ID string `json:"id"`
	} `json:"follower"`
	Info struct {
		Name  string `json:"name"`
		Phone string `json:"phone"`
	} `json:"info"`
	Message struct {
		MsgID       string            `json:"msg_id"`
		Text        string            `json:"text"`
		Attachments []eventAttachment `json:"attachments"`
	} `json:"message"`
}

type eventAttachment struct {
	Type    string `json:"type"`
	Payload struct {
		URL         string          `json:"url"`
		Name        string          `json:"name"`
		Size        json.RawMessage `json:"size"`
		Description string          `json:"description"`
	} `json:"payload"`
}

// parseEvent reads the part of an event chidao needs to store it. Its
// strings may hold anything (a NUL, a lone surrogate, bytes that are not
// UTF-8): the event is stored byte for byte all the same.
func parseEvent(body []byte) (event, error) {
	var ev event
	if err := json.Unmarshal(body, &ev); err != nil {
		return ev, fmt.Errorf("zalo: malformed event: %w", err)
	}
	if ev.AppID == "" || ev.EventName == "" || ev.user() == "" {
		return ev, fmt.Errorf("zalo: malformed event: app_id, event_name and the user are required")
	}
	return ev, nil
}

func (ev event) user() string {
	if ev.Sender.ID != "" {
		return ev.Sender.ID
	}
	return ev.Follower.ID
}

// timestamp is the timestamp as it appears in the body, quotes removed.
func (ev event) timestamp() string { return strings.Trim(string(ev.Timestamp), `"`) }

func (ev event) millis() int64 {
	var n int64
	fmt.Sscan(ev.timestamp(), &n)
	return n
}

// externalID deduplicates: the message id, or for events without one
// (follow, unfollow) the event, user and time.
func (ev event) externalID() string {
	if ev.Message.MsgID != "" {
		return ev.Message.MsgID
	}
	return ev.EventName + ":" + ev.user() + ":" + ev.timestamp()
}
