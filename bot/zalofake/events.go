package zalofake

import (
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash/fnv"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
)

// SignatureHeader carries the event signature "mac=<hex>".
const SignatureHeader = "X-ZEvent-Signature"

type idRef struct {
	ID string `json:"id"`
}

type attachment struct {
	Type    string            `json:"type"`
	Payload map[string]string `json:"payload"`
}

type eventMessage struct {
	MsgID       string       `json:"msg_id"`
	Text        *string      `json:"text,omitempty"`
	Attachments []attachment `json:"attachments,omitempty"`
}

type eventInfo struct {
	Name     string `json:"name"`
	Phone    string `json:"phone"`
	Address  string `json:"address"`
	City     string `json:"city"`
	District string `json:"district"`
}

// event is a webhook body; field order follows Zalo's samples.
type event struct {
	AppID       string        `json:"app_id"`
	OAID        string        `json:"oa_id,omitempty"`
	UserIDByApp string        `json:"user_id_by_app"`
	EventName   string        `json:"event_name"`
	Timestamp   string        `json:"timestamp"`
	Source      string        `json:"source,omitempty"`
	Sender      *idRef        `json:"sender,omitempty"`
	Recipient   *idRef        `json:"recipient,omitempty"`
	Follower    *idRef        `json:"follower,omitempty"`
	Message     *eventMessage `json:"message,omitempty"`
	Info        *eventInfo    `json:"info,omitempty"`
}

// Sign returns the signature header value Zalo would send for body:
// "mac=" + hex(SHA-256(app_id + body + timestamp + secret)), with app_id and
// timestamp read from body's JSON fields.
func Sign(body []byte, secret string) string {
	var fields map[string]json.RawMessage
	json.Unmarshal(body, &fields)
	field := func(k string) string {
		raw := fields[k]
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return string(raw)
	}
	sum := sha256.Sum256([]byte(field("app_id") + string(body) + field("timestamp") + secret))
	return "mac=" + hex.EncodeToString(sum[:])
}

func byApp(id string) string {
	h := fnv.New64a()
	h.Write([]byte("by-app:" + id))
	return strconv.FormatUint(h.Sum64()|1<<62, 10)
}

// act records u's interaction, builds the event and pushes it.
func (s *Server) act(u User, name string, change func(*userState), fill func(*event)) (int, error) {
	raw, err := s.build(u, name, change, fill)
	if err != nil {
		return 0, err
	}
	return s.Push(raw)
}

// build records u's interaction and returns the event's body.
func (s *Server) build(u User, name string, change func(*userState), fill func(*event)) ([]byte, error) {
	s.mu.Lock()
	st := s.users[u.ID]
	if st == nil {
		st = &userState{user: u, byApp: byApp(u.ID)}
		s.users[u.ID] = st
	}
	if u.Name != "" {
		st.user.Name = u.Name
	}
	now := s.opts.Now()
	st.last = now
	if change != nil {
		change(st)
	}
	// Timestamps strictly increase so that two events in one frozen-clock
	// millisecond are not mistaken for duplicates.
	ts := max(now.UnixMilli(), s.lastTS+1)
	s.lastTS = ts
	ev := event{
		AppID:       s.opts.AppID,
		UserIDByApp: st.byApp,
		EventName:   name,
		Timestamp:   strconv.FormatInt(ts, 10),
	}
	fill(&ev)
	s.mu.Unlock()
	return json.Marshal(ev)
}

func (s *Server) message(u User, name string, m *eventMessage) (int, error) {
	m.MsgID = randHex(16)
	return s.act(u, name, nil, func(ev *event) {
		ev.Sender = &idRef{u.ID}
		ev.Recipient = &idRef{s.opts.OAID}
		ev.Message = m
	})
}

// Follow makes u follow the OA (clearing an earlier unfollow) and pushes "follow".
func (s *Server) Follow(u User) (int, error) {
	return s.follow(u, "follow", true)
}

// Unfollow makes u unfollow the OA and pushes "unfollow"; until u follows
// again, messages to u get -213.
func (s *Server) Unfollow(u User) (int, error) {
	return s.follow(u, "unfollow", false)
}

func (s *Server) follow(u User, name string, on bool) (int, error) {
	return s.act(u, name, func(st *userState) {
		st.follower, st.unfollowed = on, !on
	}, func(ev *event) {
		ev.OAID = s.opts.OAID
		ev.Source = "oa_profile"
		ev.Follower = &idRef{u.ID}
	})
}

// SendText pushes "user_send_text".
func (s *Server) SendText(u User, text string) (int, error) {
	return s.message(u, "user_send_text", &eventMessage{Text: &text})
}

// SendLink pushes "user_send_link" with text (may be empty) and one link.
func (s *Server) SendLink(u User, url, text string) (int, error) {
	return s.message(u, "user_send_link", &eventMessage{Text: &text, Attachments: []attachment{{
		Type:    "link",
		Payload: map[string]string{"url": url, "thumbnail": "", "description": ""},
	}}})
}

// SendImage pushes "user_send_image" with one image at url.
func (s *Server) SendImage(u User, url string) (int, error) {
	return s.message(u, "user_send_image", &eventMessage{Attachments: []attachment{{
		Type:    "image",
		Payload: map[string]string{"url": url, "thumbnail": url},
	}}})
}

// SendFile stores content for download at {URL}/files/<id> and pushes
// "user_send_file".
func (s *Server) SendFile(u User, name string, content []byte) (int, error) {
	s.mu.Lock()
	id := s.nextIDLocked()
	s.userFiles[id] = File{Name: name, Content: append([]byte(nil), content...)}
	s.mu.Unlock()
	sum := md5.Sum(content)
	return s.message(u, "user_send_file", &eventMessage{Attachments: []attachment{{
		Type: "file",
		Payload: map[string]string{
			"url":      s.URL() + "/files/" + id,
			"name":     name,
			"size":     strconv.Itoa(len(content)),
			"type":     strings.TrimPrefix(strings.ToLower(path.Ext(name)), "."),
			"checksum": hex.EncodeToString(sum[:]),
		},
	}}})
}

// SendFileGone pushes "user_send_file" for a file whose link no longer
// works (Zalo's file links expire): downloading it answers 404.
func (s *Server) SendFileGone(u User, name string, size int) (int, error) {
	s.mu.Lock()
	id := s.nextIDLocked()
	s.mu.Unlock()
	return s.message(u, "user_send_file", &eventMessage{Attachments: []attachment{{
		Type: "file",
		Payload: map[string]string{"url": s.URL() + "/files/" + id, "name": name, "size": strconv.Itoa(size),
			"type": strings.TrimPrefix(strings.ToLower(path.Ext(name)), ".")},
	}}})
}

// HoldFiles makes file downloads wait (a slow CDN) until release is called.
func (s *Server) HoldFiles() (release func()) {
	ch := make(chan struct{})
	s.mu.Lock()
	s.hold = ch
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			s.hold = nil
			s.mu.Unlock()
			close(ch)
		})
	}
}

// escapedPlaceholder stands for the text of SendTextEscaped until the
// event is serialised.
const escapedPlaceholder = "zalofake-escaped-text-placeholder"

// SendTextEscaped pushes "user_send_text" with a text given in its JSON
// form, between the quotes: what a broken client sends may hold what a Go
// string cannot (a lone surrogate, "\ud800") or what PostgreSQL's text
// refuses (a NUL, "\u0000"). The signature covers the body as sent.
func (s *Server) SendTextEscaped(u User, escaped string) (int, error) {
	text := escapedPlaceholder
	m := &eventMessage{MsgID: randHex(16), Text: &text}
	raw, err := s.build(u, "user_send_text", nil, func(ev *event) {
		ev.Sender, ev.Recipient, ev.Message = &idRef{u.ID}, &idRef{s.opts.OAID}, m
	})
	if err != nil {
		return 0, err
	}
	return s.Push(bytes.Replace(raw, []byte(`"`+escapedPlaceholder+`"`), []byte(`"`+escaped+`"`), 1))
}

// SubmitInfo pushes "user_submit_info" (answering a request_user_info form).
func (s *Server) SubmitInfo(u User, name, phone string) (int, error) {
	return s.act(u, "user_submit_info", nil, func(ev *event) {
		ev.Sender = &idRef{u.ID}
		ev.Recipient = &idRef{s.opts.OAID}
		ev.Info = &eventInfo{Name: name, Phone: phone}
	})
}

// Push posts raw to the webhook, correctly signed, and returns the
// webhook's HTTP status. It records no interaction.
func (s *Server) Push(raw []byte) (int, error) {
	return s.PushWithSignature(raw, Sign(raw, s.opts.WebhookSecret))
}

// PushWithSignature posts raw with sig as the X-ZEvent-Signature header
// value verbatim (include the "mac=" prefix; "" sends no header).
func (s *Server) PushWithSignature(raw []byte, sig string) (int, error) {
	s.mu.Lock()
	url := s.webhook
	s.mu.Unlock()
	if url == "" {
		return 0, errors.New("zalofake: no webhook URL set")
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(raw))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if sig != "" {
		req.Header.Set(SignatureHeader, sig)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}
