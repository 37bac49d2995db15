package zalo

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fakeTokens hands out tokens from a list and records invalidations.
type fakeTokens struct {
	mu          sync.Mutex
	tokens      []string
	next        int
	invalidated []string
}

func (f *fakeTokens) AccessToken(context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := f.tokens[f.next]
	if f.next < len(f.tokens)-1 {
		f.next++
	}
	return t, nil
}

func (f *fakeTokens) Invalidate(_ context.Context, token string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.invalidated = append(f.invalidated, token)
	return nil
}

// newTestClient starts a fake Zalo serving h at every base URL.
func newTestClient(t *testing.T, h http.HandlerFunc, tokens ...string) (*Client, *fakeTokens) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	if len(tokens) == 0 {
		tokens = []string{"tok-1"}
	}
	ft := &fakeTokens{tokens: tokens}
	c := NewClient(Config{APIURL: srv.URL, OAuthURL: srv.URL, BusinessURL: srv.URL + "/", AppID: "app-1", AppSecret: "s3cret", Rate: 1000, HTTP: srv.Client()}, ft)
	c.backoff = []time.Duration{5 * time.Millisecond, 10 * time.Millisecond, 20 * time.Millisecond}
	return c, ft
}

// reply writes a raw JSON answer with HTTP 200, as Zalo does even on errors.
func reply(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, body)
}

// decodeBody decodes a JSON request body, keeping numbers as json.Number.
func decodeBody(t *testing.T, r *http.Request) map[string]any {
	t.Helper()
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Errorf("decode request: %v", err)
	}
	return m
}

func TestSplitNFC(t *testing.T) {
	decomposed := "Vie\u0323\u0302t Nam"
	parts := Split(decomposed, MaxTextRunes)
	if len(parts) != 1 || parts[0] != "Việt Nam" || !norm.NFC.IsNormalString(parts[0]) {
		t.Fatalf("Split(decomposed) = %q, want composed %q", parts, "Việt Nam")
	}
	if got := Split("", 10); len(got) != 0 {
		t.Fatalf("Split(\"\") = %q", got)
	}
}

func TestSplitLongVietnamese(t *testing.T) {
	words := []string{"Việt", "Nam", "đất", "nước", "con", "người", "hồ sơ", "thủ tục", "công chứng", "Ủy ban"}
	var b strings.Builder
	for i := 0; utf8.RuneCountInString(b.String()) < 4500; i++ {
		switch {
		case i == 0:
		case i%37 == 0:
			b.WriteString("\n")
		default:
			b.WriteString(" ")
		}
		b.WriteString(words[i%len(words)])
	}
	want := string([]rune(b.String())[:4500]) // 4,500 composed runes
	parts := Split(norm.NFD.String(want), MaxTextRunes)
	if len(parts) != 3 {
		t.Fatalf("got %d parts, want 3", len(parts))
	}
	// Each cut drops exactly one whitespace rune: rejoin with the rune that
	// sits at the cut in the NFC input.
	wantRunes := []rune(want)
	var got []rune
	for i, p := range parts {
		pr := []rune(p)
		if len(pr) > MaxTextRunes {
			t.Fatalf("part %d has %d runes", i, len(pr))
		}
		got = append(got, pr...)
		if i < len(parts)-1 {
			sep := wantRunes[len(got)]
			if sep != ' ' && sep != '\n' {
				t.Fatalf("part %d not cut at whitespace: next rune %q", i, sep)
			}
			got = append(got, sep)
		}
	}
	if string(got) != want {
		t.Fatal("rejoined parts differ from NFC input")
	}
}

func TestSplitHardCut(t *testing.T) {
	parts := Split(strings.Repeat("ạ", 25), 10)
	if len(parts) != 3 || parts[0] != strings.Repeat("ạ", 10) || parts[2] != strings.Repeat("ạ", 5) {
		t.Fatalf("hard cut = %q", parts)
	}
}

func TestSendTextHeaderAndBigIDs(t *testing.T) {
	const bigUser = "9007199254740993123"
	var calls int
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		if r.Method != http.MethodPost || r.URL.Path != "/v3.0/oa/message/cs" {
			t.Errorf("got %s %s", r.Method, r.URL.Path)
		}
		if got := r.Header.Get("access_token"); got != "tok-1" {
			t.Errorf("access_token header = %q", got)
		}
		if r.Header.Get("Authorization") != "" {
			t.Error("Authorization header sent")
		}
		m := decodeBody(t, r)
		uid, ok := m["recipient"].(map[string]any)["user_id"].(string)
		if !ok || uid != bigUser {
			t.Errorf("recipient.user_id = %#v, want string", m["recipient"])
		}
		if calls == 1 {
			reply(w, `{"error":0,"message":"Success","data":{"message_id":"18446744073709551615abc","user_id":"`+bigUser+`"}}`)
			return
		}
		reply(w, `{"error":0,"message":"Success","data":{"message_id":9007199254740993999,"user_id":9007199254740993123}}`)
	})
	ids, err := c.SendText(context.Background(), bigUser, strings.Repeat("a", 2500))
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 || ids[0] != "18446744073709551615abc" || ids[1] != "9007199254740993999" {
		t.Fatalf("ids = %q", ids)
	}
}

func TestTokenRetry(t *testing.T) {
	var seen []string
	c, ft := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get("access_token"))
		if len(seen) == 1 {
			reply(w, `{"error":-220,"message":"Access token has expired"}`)
			return
		}
		reply(w, `{"error":0,"message":"Success","data":{"message_id":"m1","user_id":"u1"}}`)
	}, "old", "new")
	ids, err := c.SendText(context.Background(), "u1", "xin chào")
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 || ids[0] != "m1" {
		t.Fatalf("ids = %q", ids)
	}
	if len(ft.invalidated) != 1 || ft.invalidated[0] != "old" {
		t.Fatalf("invalidated = %q", ft.invalidated)
	}
	if len(seen) != 2 || seen[1] != "new" {
		t.Fatalf("tokens sent = %q", seen)
	}
}

func TestTokenRetryOnlyOnce(t *testing.T) {
	var n int
	c, ft := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		n++
		reply(w, `{"error":-216,"message":"Access token is invalid `+r.Header.Get("access_token")+`"}`)
	}, "old", "new")
	_, err := c.SendText(context.Background(), "u1", "hi")
	if !IsToken(err) || n != 2 || len(ft.invalidated) != 1 {
		t.Fatalf("err=%v requests=%d invalidated=%q", err, n, ft.invalidated)
	}
	if strings.Contains(err.Error(), "new") || strings.Contains(err.Error(), "old") {
		t.Fatalf("error leaks token: %v", err)
	}
}

func TestWindowError(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		reply(w, `{"error":-230,"message":"User has not interacted with the OA in the last 7 days"}`)
	})
	_, err := c.SendText(context.Background(), "u1", "hi")
	var ze *Error
	if !errors.As(err, &ze) {
		t.Fatalf("err = %v, want *Error", err)
	}
	if ze.Code != -230 || ze.Class() != ClassWindow || !IsWindow(err) || IsToken(err) || IsRate(err) {
		t.Fatalf("got %+v class %v", ze, ze.Class())
	}
	if ze.Method != "message/cs" {
		t.Fatalf("method = %q", ze.Method)
	}
}

func TestErrorClasses(t *testing.T) {
	cases := map[int]Class{-216: ClassToken, -232: ClassWindow, -32: ClassRate, -224: ClassAccount, -14014: ClassRefresh, -201: ClassOther}
	for code, want := range cases {
		if got := (&Error{Code: code}).Class(); got != want {
			t.Errorf("code %d: class %v, want %v", code, got, want)
		}
	}
	if IsAccount(errors.New("x")) || !IsAccount(&Error{Code: -211}) || !IsRefresh(&Error{Code: -14014}) {
		t.Error("helpers misclassify")
	}
}

func TestRateBackoff(t *testing.T) {
	var n int
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		n++
		if n <= 2 {
			reply(w, `{"error":-32,"message":"Exceeded rate limit"}`)
			return
		}
		reply(w, `{"error":0,"message":"Success","data":{"message_id":"m3"}}`)
	})
	ids, err := c.SendText(context.Background(), "u1", "hi")
	if err != nil || len(ids) != 1 || ids[0] != "m3" || n != 3 {
		t.Fatalf("ids=%q err=%v requests=%d", ids, err, n)
	}
}

func TestRateBackoffGivesUp(t *testing.T) {
	var n int
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		n++
		reply(w, `{"error":-32,"message":"Exceeded rate limit"}`)
	})
	_, err := c.SendText(context.Background(), "u1", "hi")
	if !IsRate(err) || n != 4 {
		t.Fatalf("err=%v requests=%d, want rate error after 4 requests", err, n)
	}
}

func TestDefaultBackoffSchedule(t *testing.T) {
	c := NewClient(Config{}, nil)
	want := []time.Duration{200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond}
	if len(c.backoff) != 3 || c.backoff[0] != want[0] || c.backoff[1] != want[1] || c.backoff[2] != want[2] {
		t.Fatalf("backoff = %v", c.backoff)
	}
	if c.cfg.Rate != DefaultRate || c.cfg.APIURL != DefaultAPIURL || c.cfg.OAuthURL != DefaultOAuthURL || c.cfg.BusinessURL != DefaultBusinessURL {
		t.Fatalf("defaults = %+v", c.cfg)
	}
}

func TestRefreshExpiresIn(t *testing.T) {
	for _, exp := range []string{`"90000"`, `90000`} {
		c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/v4/oa/access_token" || r.Header.Get("secret_key") != "s3cret" {
				t.Errorf("path %s secret_key %q", r.URL.Path, r.Header.Get("secret_key"))
			}
			if err := r.ParseForm(); err != nil {
				t.Error(err)
			}
			if r.PostForm.Get("refresh_token") != "rt-1" || r.PostForm.Get("app_id") != "app-1" || r.PostForm.Get("grant_type") != "refresh_token" {
				t.Errorf("form = %v", r.PostForm)
			}
			reply(w, `{"access_token":"at-2","refresh_token":"rt-2","expires_in":`+exp+`}`)
		})
		p, err := c.Refresh(context.Background(), "rt-1")
		if err != nil {
			t.Fatal(err)
		}
		if p != (Pair{AccessToken: "at-2", RefreshToken: "rt-2", ExpiresIn: 90000 * time.Second}) {
			t.Fatalf("expires_in %s: pair = %+v", exp, p)
		}
	}
}

func TestRefreshInvalid(t *testing.T) {
	var n int
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		n++
		reply(w, `{"error":-14014,"message":"Invalid refresh token rt-1 for secret s3cret"}`)
	})
	_, err := c.Refresh(context.Background(), "rt-1")
	if !IsRefresh(err) || n != 1 {
		t.Fatalf("err=%v requests=%d", err, n)
	}
	if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "rt-1") {
		t.Fatalf("error leaks credentials: %v", err)
	}
}

func TestSendFile(t *testing.T) {
	content := []byte("%PDF-1.4 test")
	var steps []string
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		steps = append(steps, r.URL.Path)
		switch r.URL.Path {
		case "/v2.0/oa/upload/file":
			f, hdr, err := r.FormFile("file")
			if err != nil {
				t.Errorf("multipart: %v", err)
				return
			}
			got, _ := io.ReadAll(f)
			if string(got) != string(content) || hdr.Filename != "hop-dong.pdf" || hdr.Header.Get("Content-Type") != "application/pdf" {
				t.Errorf("upload %q %q %q", got, hdr.Filename, hdr.Header.Get("Content-Type"))
			}
			reply(w, `{"error":0,"message":"Success","data":{"token":"file-tok"}}`)
		case "/v3.0/oa/message/cs":
			m := decodeBody(t, r)
			att := m["message"].(map[string]any)["attachment"].(map[string]any)
			tok := att["payload"].(map[string]any)["token"]
			if att["type"] != "file" || tok != "file-tok" {
				t.Errorf("attachment = %v", att)
			}
			reply(w, `{"error":0,"message":"Success","data":{"message_id":"mf","user_id":"u1"}}`)
		}
	})
	id, err := c.SendFile(context.Background(), "u1", "hop-dong.pdf", content)
	if err != nil || id != "mf" || len(steps) != 2 {
		t.Fatalf("id=%q err=%v steps=%v", id, err, steps)
	}
	if _, err := c.SendFile(context.Background(), "u1", "x.exe", content); err == nil {
		t.Fatal("exe accepted")
	}
	if _, err := c.SendFile(context.Background(), "u1", "big.pdf", make([]byte, MaxFileSize+1)); err == nil {
		t.Fatal("oversized file accepted")
	}
}

func TestUserDetail(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != "/v3.0/oa/user/detail" {
			t.Errorf("got %s %s", r.Method, r.URL.Path)
		}
		var q struct {
			UserID string `json:"user_id"`
		}
		if err := json.Unmarshal([]byte(r.URL.Query().Get("data")), &q); err != nil || q.UserID != "9007199254740993123" {
			t.Errorf("data = %q", r.URL.Query().Get("data"))
		}
		reply(w, `{"error":0,"message":"Success","data":{"user_id":"9007199254740993123","display_name":"Nguyễn Văn A","user_is_follower":true}}`)
	})
	d, err := c.UserDetail(context.Background(), "9007199254740993123")
	if err != nil {
		t.Fatal(err)
	}
	if d != (UserDetail{UserID: "9007199254740993123", DisplayName: "Nguyễn Văn A", Follower: true}) {
		t.Fatalf("detail = %+v", d)
	}
}

func TestRequestUserInfo(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		m := decodeBody(t, r)
		p := m["message"].(map[string]any)["attachment"].(map[string]any)["payload"].(map[string]any)
		el := p["elements"].([]any)[0].(map[string]any)
		if p["template_type"] != "request_user_info" || el["title"] != "T" || el["subtitle"] != "S" || el["image_url"] != "https://x/i.png" {
			t.Errorf("payload = %v", p)
		}
		reply(w, `{"error":0,"message":"Success","data":{"message_id":"mi"}}`)
	})
	id, err := c.RequestUserInfo(context.Background(), "u1", "T", "S", "https://x/i.png")
	if err != nil || id != "mi" {
		t.Fatalf("id=%q err=%v", id, err)
	}
}

func TestSendTemplate(t *testing.T) {
	var bodies []map[string]any
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/message/template" || r.Header.Get("access_token") != "tok-1" {
			t.Errorf("path %s token %q", r.URL.Path, r.Header.Get("access_token"))
		}
		bodies = append(bodies, decodeBody(t, r))
		reply(w, `{"error":0,"message":"Success","data":{"msg_id":"z1"}}`)
	})
	data := map[string]string{"name": "A", "date": "01/02/2026"}
	id, err := c.SendTemplate(context.Background(), TemplateRecipient{Phone: "+84901234567"}, "355330", data, "tr-1")
	if err != nil || id != "z1" {
		t.Fatalf("id=%q err=%v", id, err)
	}
	if _, err := c.SendTemplate(context.Background(), TemplateRecipient{UserID: "u9"}, "355330", data, "tr-2"); err != nil {
		t.Fatal(err)
	}
	b := bodies[0]
	if b["phone"] != "84901234567" || b["template_id"] != "355330" || b["tracking_id"] != "tr-1" || b["user_id"] != nil {
		t.Errorf("phone body = %v", b)
	}
	if td := b["template_data"].(map[string]any); td["name"] != "A" {
		t.Errorf("template_data = %v", td)
	}
	if bodies[1]["user_id"] != "u9" || bodies[1]["phone"] != nil {
		t.Errorf("user body = %v", bodies[1])
	}
	if _, err := c.SendTemplate(context.Background(), TemplateRecipient{UserID: "u", Phone: "84"}, "1", nil, ""); err == nil {
		t.Fatal("both recipients accepted")
	}
}

func TestLimiterSpacesRequests(t *testing.T) {
	l := newLimiter(50)
	start := time.Now()
	for range 60 {
		if err := l.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	// 50 from the full bucket, 10 more at 50/s take ~200 ms.
	if el := time.Since(start); el < 150*time.Millisecond || el > 2*time.Second {
		t.Fatalf("60 waits at 50/s took %v", el)
	}
}
