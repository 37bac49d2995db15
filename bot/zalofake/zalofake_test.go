package zalofake_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"chidao/bot/zalofake"
)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

const (
	appID     = "3141592653589793238"
	appSecret = "app-secret"
	hookKey   = "hook-secret"
)

// receiver is a webhook endpoint that verifies signatures on its own.
type receiver struct {
	srv    *httptest.Server
	events chan map[string]any
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{events: make(chan map[string]any, 100)}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		var ev map[string]any
		if err := json.Unmarshal(body, &ev); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		app, _ := ev["app_id"].(string)
		ts, _ := ev["timestamp"].(string)
		h := sha256.New()
		io.WriteString(h, app)
		h.Write(body)
		io.WriteString(h, ts)
		io.WriteString(h, hookKey)
		want := "mac=" + hex.EncodeToString(h.Sum(nil))
		if req.Header.Get("X-ZEvent-Signature") != want {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		r.events <- ev
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) next(t *testing.T) map[string]any {
	t.Helper()
	select {
	case ev := <-r.events:
		return ev
	case <-time.After(2 * time.Second):
		t.Fatal("no event")
		return nil
	}
}

func newFake(t *testing.T, opts zalofake.Options) (*zalofake.Server, *clock, *receiver) {
	t.Helper()
	c := &clock{now: time.Date(2025, 11, 25, 9, 0, 0, 0, time.UTC)}
	rec := newReceiver(t)
	opts.AppID, opts.AppSecret, opts.WebhookSecret = appID, appSecret, hookKey
	opts.Now = c.Now
	opts.WebhookURL = rec.srv.URL
	s := zalofake.New(opts)
	t.Cleanup(s.Close)
	return s, c, rec
}

// decode reads a Zalo answer, insisting on HTTP 200.
func decode(t *testing.T, resp *http.Response, err error) map[string]any {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("HTTP %d", resp.StatusCode)
	}
	d := json.NewDecoder(resp.Body)
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func code(m map[string]any) string {
	if v, ok := m["error"]; ok {
		return fmt.Sprint(v)
	}
	return "0"
}

func refresh(t *testing.T, s *zalofake.Server, rt string) map[string]any {
	t.Helper()
	form := url.Values{"refresh_token": {rt}, "app_id": {appID}, "grant_type": {"refresh_token"}}
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/v4/oa/access_token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("secret_key", appSecret)
	resp, err := http.DefaultClient.Do(req)
	return decode(t, resp, err)
}

func token(t *testing.T, s *zalofake.Server, rt string) (access, next string) {
	t.Helper()
	m := refresh(t, s, rt)
	if code(m) != "0" {
		t.Fatalf("refresh: %v", m)
	}
	return m["access_token"].(string), m["refresh_token"].(string)
}

func call(t *testing.T, s *zalofake.Server, method, path, tok string, body any) map[string]any {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.URL()+path, r)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("access_token", tok)
	resp, err := http.DefaultClient.Do(req)
	return decode(t, resp, err)
}

func sendText(t *testing.T, s *zalofake.Server, tok, user, text string) map[string]any {
	t.Helper()
	return call(t, s, http.MethodPost, "/v3.0/oa/message/cs", tok, map[string]any{
		"recipient": map[string]string{"user_id": user},
		"message":   map[string]string{"text": text},
	})
}

var lan = zalofake.User{ID: "8061449217893402117", Name: "Nguyễn Thị Lan"}

func TestRefreshRotates(t *testing.T) {
	s, _, _ := newFake(t, zalofake.Options{})
	m := refresh(t, s, "refresh-0")
	if code(m) != "0" || m["expires_in"] != "90000" {
		t.Fatalf("first refresh: %v", m)
	}
	acc1, rt1 := m["access_token"].(string), m["refresh_token"].(string)
	if rt1 == "refresh-0" || acc1 == "" {
		t.Fatalf("no rotation: %v", m)
	}
	if m := refresh(t, s, "refresh-0"); code(m) != "-14014" {
		t.Fatalf("reused refresh token: %v", m)
	}
	acc2, _ := token(t, s, rt1)
	if s.Refreshes() != 2 || s.AccessToken() != acc2 {
		t.Fatalf("refreshes %d, newest %q", s.Refreshes(), s.AccessToken())
	}
	// The old access token stays valid.
	s.Follow(lan)
	q := url.Values{"data": {`{"user_id":"` + lan.ID + `"}`}}.Encode()
	d := call(t, s, http.MethodGet, "/v3.0/oa/user/detail?"+q, acc1, nil)
	data, _ := d["data"].(map[string]any)
	if code(d) != "0" || data["display_name"] != lan.Name || data["user_is_follower"] != true {
		t.Fatalf("user detail: %v", d)
	}
}

func TestConcurrentRefresh(t *testing.T) {
	s, _, _ := newFake(t, zalofake.Options{RefreshToken: "rt-start"})
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[string]int{}
	for range 8 {
		wg.Go(func() {
			m := refresh(t, s, "rt-start")
			mu.Lock()
			codes[code(m)]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if codes["0"] != 1 || codes["-14014"] != 7 || s.Refreshes() != 1 {
		t.Fatalf("codes %v", codes)
	}
}

func TestAccessTokenErrors(t *testing.T) {
	s, c, _ := newFake(t, zalofake.Options{})
	s.Follow(lan)
	if m := sendText(t, s, "", lan.ID, "hi"); code(m) != "-216" {
		t.Fatalf("no token: %v", m)
	}
	if m := sendText(t, s, "bogus", lan.ID, "hi"); code(m) != "-216" {
		t.Fatalf("bogus token: %v", m)
	}
	acc, rt := token(t, s, "refresh-0")
	if m := sendText(t, s, acc, lan.ID, "hi"); code(m) != "0" {
		t.Fatalf("valid: %v", m)
	}
	s.ExpireAccessTokens()
	if m := sendText(t, s, acc, lan.ID, "hi"); code(m) != "-220" {
		t.Fatalf("forced expiry: %v", m)
	}
	acc, _ = token(t, s, rt)
	c.Add(25*time.Hour + time.Second)
	if m := sendText(t, s, acc, lan.ID, "hi"); code(m) != "-220" {
		t.Fatalf("natural expiry: %v", m)
	}
	if st := s.Stats(); st.Errors[-216] != 2 || st.Errors[-220] != 2 {
		t.Fatalf("stats %+v", st)
	}
}

func TestWindowAndFollow(t *testing.T) {
	s, c, _ := newFake(t, zalofake.Options{})
	acc, rt := token(t, s, "refresh-0")
	if m := sendText(t, s, acc, lan.ID, "hi"); code(m) != "-213" {
		t.Fatalf("unknown user: %v", m)
	}
	if st, err := s.SendText(lan, "Chào anh"); err != nil || st != 200 {
		t.Fatal(st, err)
	}
	m := sendText(t, s, acc, lan.ID, "Công văn 1483")
	data, _ := m["data"].(map[string]any)
	if code(m) != "0" || data["user_id"] != lan.ID {
		t.Fatalf("send: %v", m)
	}
	if _, ok := data["message_id"].(string); !ok {
		t.Fatalf("message_id not a string: %v", m)
	}
	sent, err := s.WaitSent(context.Background(), lan.ID, 1)
	if err != nil || sent[0].Text != "Công văn 1483" || sent[0].MessageID != data["message_id"] {
		t.Fatalf("recorded %+v %v", sent, err)
	}

	c.Add(8 * 24 * time.Hour)
	acc, _ = token(t, s, rt) // the old access token expired too
	if m := sendText(t, s, acc, lan.ID, "hi"); code(m) != "-230" {
		t.Fatalf("after 8 days: %v", m)
	}
	s.Follow(lan)
	if m := sendText(t, s, acc, lan.ID, "hi"); code(m) != "0" {
		t.Fatalf("after follow: %v", m)
	}
	s.Unfollow(lan)
	if m := sendText(t, s, acc, lan.ID, "hi"); code(m) != "-213" {
		t.Fatalf("after unfollow: %v", m)
	}
	if n := len(s.SentTo(lan.ID)); n != 2 {
		t.Fatalf("recorded %d", n)
	}
}

func TestTextLimitAndTemplate(t *testing.T) {
	s, _, _ := newFake(t, zalofake.Options{})
	acc, _ := token(t, s, "refresh-0")
	s.Follow(lan)
	if m := sendText(t, s, acc, lan.ID, strings.Repeat("ư", 2000)); code(m) != "0" {
		t.Fatalf("2000 runes: %v", m)
	}
	if m := sendText(t, s, acc, lan.ID, strings.Repeat("ư", 2001)); code(m) != "-201" {
		t.Fatalf("2001 runes: %v", m)
	}
	if m := sendText(t, s, acc, lan.ID, ""); code(m) != "-201" {
		t.Fatalf("empty: %v", m)
	}
	m := call(t, s, http.MethodPost, "/v3.0/oa/message/cs", acc, map[string]any{
		"recipient": map[string]string{"user_id": lan.ID},
		"message": map[string]any{"attachment": map[string]any{"type": "template", "payload": map[string]any{
			"template_type": "request_user_info",
			"elements":      []map[string]string{{"title": "Đăng ký", "subtitle": "Gửi họ tên và SĐT", "image_url": "https://x/y.png"}},
		}}},
	})
	if code(m) != "0" {
		t.Fatalf("template: %v", m)
	}
	sent := s.SentTo(lan.ID)
	if last := sent[len(sent)-1]; !last.RequestInfo || last.Text != "Đăng ký" {
		t.Fatalf("template recorded %+v", last)
	}
}

func upload(t *testing.T, s *zalofake.Server, tok, name string, content []byte) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/v2.0/oa/upload/file", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("access_token", tok)
	resp, err := http.DefaultClient.Do(req)
	return decode(t, resp, err)
}

func TestUploadAndSendFile(t *testing.T) {
	s, _, _ := newFake(t, zalofake.Options{})
	acc, _ := token(t, s, "refresh-0")
	s.Follow(lan)
	pdf := []byte("%PDF-1.4 báo cáo tuần")
	m := upload(t, s, acc, "bao-cao.pdf", pdf)
	data, _ := m["data"].(map[string]any)
	tok, _ := data["token"].(string)
	if code(m) != "0" || tok == "" {
		t.Fatalf("upload: %v", m)
	}
	if m := upload(t, s, acc, "virus.exe", pdf); code(m) != "-201" {
		t.Fatalf("exe: %v", m)
	}
	if m := upload(t, s, acc, "big.pdf", make([]byte, 5<<20+1)); code(m) != "-210" {
		t.Fatalf("big: %v", m)
	}
	file := func(tok string) map[string]any {
		return call(t, s, http.MethodPost, "/v3.0/oa/message/cs", acc, map[string]any{
			"recipient": map[string]string{"user_id": lan.ID},
			"message":   map[string]any{"attachment": map[string]any{"type": "file", "payload": map[string]string{"token": tok}}},
		})
	}
	if m := file(tok); code(m) != "0" {
		t.Fatalf("send file: %v", m)
	}
	if m := file("nope"); code(m) != "-201" {
		t.Fatalf("bad upload token: %v", m)
	}
	sent := s.SentTo(lan.ID)
	if len(sent) != 1 || sent[0].File == nil || sent[0].File.Name != "bao-cao.pdf" || !bytes.Equal(sent[0].File.Content, pdf) {
		t.Fatalf("recorded %+v", sent)
	}
}

func TestWebhookEvents(t *testing.T) {
	s, _, rec := newFake(t, zalofake.Options{OAID: "579745863508352884"})
	if st, err := s.Follow(lan); err != nil || st != 200 {
		t.Fatal(st, err)
	}
	ev := rec.next(t)
	if ev["event_name"] != "follow" || ev["follower"].(map[string]any)["id"] != lan.ID || ev["oa_id"] != "579745863508352884" {
		t.Fatalf("follow %v", ev)
	}
	if _, has := ev["msg_id"]; has {
		t.Fatalf("follow has msg_id: %v", ev)
	}
	s.SendText(lan, "Xin chào")
	ev = rec.next(t)
	msg := ev["message"].(map[string]any)
	if ev["event_name"] != "user_send_text" || msg["text"] != "Xin chào" || msg["msg_id"] == "" ||
		ev["sender"].(map[string]any)["id"] != lan.ID || ev["recipient"].(map[string]any)["id"] != "579745863508352884" {
		t.Fatalf("text %v", ev)
	}

	content := []byte("%PDF-1.7 nội dung")
	s.SendFile(lan, "bao-cao.pdf", content)
	ev = rec.next(t)
	p := ev["message"].(map[string]any)["attachments"].([]any)[0].(map[string]any)["payload"].(map[string]any)
	if ev["event_name"] != "user_send_file" || p["name"] != "bao-cao.pdf" || p["size"] != fmt.Sprint(len(content)) || p["type"] != "pdf" {
		t.Fatalf("file %v", ev)
	}
	resp, err := http.Get(p["url"].(string))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(got, content) {
		t.Fatalf("download %d %q", resp.StatusCode, got)
	}

	s.SendLink(lan, "https://baochinhphu.vn/a.htm", "")
	if ev := rec.next(t); ev["event_name"] != "user_send_link" {
		t.Fatalf("link %v", ev)
	}
	s.SubmitInfo(lan, "Nguyễn Thị Lan", "84912345678")
	if ev := rec.next(t); ev["event_name"] != "user_submit_info" || ev["info"].(map[string]any)["phone"] != "84912345678" {
		t.Fatalf("info %v", ev)
	}

	// Replays are signed correctly; forged signatures are refused by the receiver.
	raw := []byte(`{"app_id":"` + appID + `","event_name":"user_send_text","timestamp":"1764100000000","sender":{"id":"1"},"message":{"msg_id":"m1","text":"x"}}`)
	if st, err := s.Push(raw); err != nil || st != 200 {
		t.Fatal(st, err)
	}
	rec.next(t)
	if st, err := s.PushWithSignature(raw, "mac=00"); err != nil || st != http.StatusUnauthorized {
		t.Fatal(st, err)
	}
}

func TestRateLimit(t *testing.T) {
	s, _, _ := newFake(t, zalofake.Options{Rate: 3})
	acc, _ := token(t, s, "refresh-0")
	s.Follow(lan)
	var codes []string
	for range 5 {
		codes = append(codes, code(sendText(t, s, acc, lan.ID, "hi")))
	}
	if strings.Join(codes, ",") != "0,0,0,-32,-32" {
		t.Fatalf("codes %v", codes)
	}
	// Strict: nothing until the first request is a second old (the wall
	// clock, as the fake's limit runs on it).
	time.Sleep(400 * time.Millisecond)
	if m := sendText(t, s, acc, lan.ID, "hi"); code(m) != "-32" {
		t.Fatalf("within the rolling second: %v", m)
	}
	time.Sleep(700 * time.Millisecond)
	if m := sendText(t, s, acc, lan.ID, "hi"); code(m) != "0" {
		t.Fatalf("after the second: %v", m)
	}
	if st := s.Stats(); st.Errors[-32] != 3 || st.Requests != 8 {
		t.Fatalf("stats %+v", st)
	}
}
