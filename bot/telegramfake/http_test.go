package telegramfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// apiResp is the Bot API envelope as a client reads it.
type apiResp struct {
	status      int
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
}

// post sends one request; safe to call from any goroutine.
func post(s *Server, method, contentType string, body io.Reader) (apiResp, error) {
	resp, err := http.Post(s.URL()+"/bot"+testToken+"/"+method, contentType, body)
	if err != nil {
		return apiResp{}, err
	}
	defer resp.Body.Close()
	r := apiResp{status: resp.StatusCode}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return r, err
	}
	if !r.OK && r.ErrorCode != resp.StatusCode {
		return r, fmt.Errorf("error_code %d with HTTP status %d", r.ErrorCode, resp.StatusCode)
	}
	return r, nil
}

// callJSON posts a JSON body and fails the test on transport errors.
func callJSON(t *testing.T, s *Server, method string, body any) apiResp {
	t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	r, err := post(s, method, "application/json", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// mustOK fails unless r is a success and decodes its result into dst.
func mustOK(t *testing.T, r apiResp, dst any) {
	t.Helper()
	if !r.OK {
		t.Fatalf("error %d: %s", r.ErrorCode, r.Description)
	}
	if dst != nil {
		if err := json.Unmarshal(r.Result, dst); err != nil {
			t.Fatal(err)
		}
	}
}

// pollUpdates calls getUpdates and decodes the updates with the library's
// own types.
func pollUpdates(t *testing.T, s *Server, body map[string]any) []models.Update {
	t.Helper()
	var ups []models.Update
	mustOK(t, callJSON(t, s, "getUpdates", body), &ups)
	return ups
}

func TestGetUpdatesLongPoll(t *testing.T) {
	s := newFake(t, Options{})
	done := make(chan apiResp, 1)
	start := time.Now()
	go func() {
		r, _ := post(s, "getUpdates", "application/json", strings.NewReader(`{"timeout":5}`))
		done <- r
	}()
	time.Sleep(150 * time.Millisecond)
	s.SendText(alice, "/start@chidao_test_bot Xem youtu.be/x")
	var ups []models.Update
	select {
	case r := <-done:
		mustOK(t, r, &ups)
	case <-time.After(3 * time.Second):
		t.Fatal("long poll did not return after an update")
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("long poll took %v", elapsed)
	}
	if len(ups) != 1 || ups[0].Message == nil || ups[0].Message.From.ID != alice.ID || ups[0].Message.Chat.ID != alice.ID || ups[0].Message.Date == 0 {
		t.Fatalf("updates = %+v", ups)
	}
	want := []models.MessageEntity{{Type: "bot_command", Offset: 0, Length: 22}, {Type: "url", Offset: 27, Length: 10}}
	if got := ups[0].Message.Entities; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("entities = %+v, want %+v", got, want)
	}

	// An update stays until a later call passes a higher offset.
	if again := pollUpdates(t, s, map[string]any{"offset": ups[0].ID}); len(again) != 1 {
		t.Fatalf("re-poll = %d updates", len(again))
	}
	if got := pollUpdates(t, s, map[string]any{"offset": ups[0].ID + 1}); len(got) != 0 || s.PendingUpdates() != 0 {
		t.Fatalf("after confirming: %d updates, %d pending", len(got), s.PendingUpdates())
	}

	// With nothing to send, the poll is held for the timeout.
	start = time.Now()
	if got := pollUpdates(t, s, map[string]any{"timeout": 1}); len(got) != 0 || time.Since(start) < 900*time.Millisecond {
		t.Fatalf("empty poll: %d updates after %v", len(got), time.Since(start))
	}
}

func TestGetUpdatesConflict(t *testing.T) {
	s := newFake(t, Options{})
	first := make(chan apiResp, 1)
	go func() {
		r, _ := post(s, "getUpdates", "application/x-www-form-urlencoded", strings.NewReader("timeout=5"))
		first <- r
	}()
	deadline := time.Now().Add(2 * time.Second)
	for {
		s.mu.Lock()
		polling := s.pollGen == 1
		s.mu.Unlock()
		if polling || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	mustOK(t, callJSON(t, s, "getUpdates", map[string]any{"timeout": 0}), nil)
	select {
	case r := <-first:
		if r.status != http.StatusConflict || r.Description != "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" {
			t.Fatalf("first poller got %d %q", r.status, r.Description)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("first poller was not terminated")
	}
}

func TestRequestEncodings(t *testing.T) {
	s := newFake(t, Options{ChatInterval: -1})
	userMsg := s.SendText(alice, "hello")

	r := callJSON(t, s, "sendMessage", map[string]any{
		"chat_id":          alice.ID,
		"text":             "json",
		"reply_markup":     map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "A", "callback_data": "a", "copy_text": map[string]string{"text": ""}}}}},
		"reply_parameters": map[string]any{"message_id": userMsg},
	})
	mustOK(t, r, nil)

	form := url.Values{"chat_id": {"1001"}, "text": {"form"}, "reply_markup": {`{"force_reply":true}`}, "reply_to_message_id": {fmt.Sprint(userMsg)}}
	r, err := post(s, "sendMessage", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	mustOK(t, r, nil)

	resp, err := http.Get(s.URL() + "/bot" + testToken + "/sendMessage?chat_id=1001&text=query")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	sent := s.SentTo(alice.ID)
	if len(sent) != 3 || resp.StatusCode != http.StatusOK {
		t.Fatalf("sent = %v, query status %s", sent, resp.Status)
	}
	if !buttonsEqual(sent[0].Buttons, [][]Button{{{Text: "A", Data: "a"}}}) || sent[0].ReplyTo != userMsg {
		t.Fatalf("json send = %+v", sent[0])
	}
	if !sent[1].ForceReply || sent[1].ReplyTo != userMsg || sent[1].Text != "form" || sent[2].Text != "query" {
		t.Fatalf("form/query sends = %+v", sent[1:])
	}
}

func TestUnknownTokenAndMethod(t *testing.T) {
	s := newFake(t, Options{})
	for path, want := range map[string]string{
		"/bot999:wrong/getMe":         `{"ok":false,"error_code":401,"description":"Unauthorized"}`,
		"/bot" + testToken + "/fly":   `{"ok":false,"error_code":404,"description":"Not Found"}`,
		"/bot" + testToken + "/GETME": `"ok":true`,
	} {
		resp, err := http.Post(s.URL()+path, "application/json", nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), want) {
			t.Errorf("%s: %s, want %s", path, body, want)
		}
	}
}

func TestCallbackQueryCarriesMessage(t *testing.T) {
	s := newFake(t, Options{})
	s.SendText(alice, "/start")
	var sent models.Message
	mustOK(t, callJSON(t, s, "sendMessage", map[string]any{
		"chat_id": alice.ID, "text": "Directive 1483",
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "Ack", "callback_data": "ack:1483"}}}},
	}), &sent)
	qid := s.Press(alice, sent.ID, "ack:1483")
	ups := pollUpdates(t, s, nil)
	cq := ups[len(ups)-1].CallbackQuery
	if cq == nil || cq.ID != qid || cq.Data != "ack:1483" || cq.ChatInstance == "" || cq.From.ID != alice.ID {
		t.Fatalf("callback query = %+v", cq)
	}
	m := cq.Message.Message
	if cq.Message.Type != models.MaybeInaccessibleMessageTypeMessage || m.Date == 0 || m.ID != sent.ID || m.Chat.ID != alice.ID || m.Text != "Directive 1483" {
		t.Fatalf("message = %+v", cq.Message)
	}
	if m.ReplyMarkup == nil || m.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "ack:1483" {
		t.Fatalf("reply_markup = %+v", m.ReplyMarkup)
	}
	// A deleted message comes as inaccessible (date 0).
	mustOK(t, callJSON(t, s, "deleteMessage", map[string]any{"chat_id": alice.ID, "message_id": sent.ID}), nil)
	s.Press(alice, sent.ID, "ack:1483")
	ups = pollUpdates(t, s, map[string]any{"offset": ups[len(ups)-1].ID + 1})
	if len(ups) != 1 || ups[0].CallbackQuery.Message.Type != models.MaybeInaccessibleMessageTypeInaccessibleMessage {
		t.Fatalf("after delete: %+v", ups)
	}
}

func TestReplyCarriesRepliedMessage(t *testing.T) {
	s := newFake(t, Options{})
	s.SendText(alice, "/report")
	var prompt models.Message
	mustOK(t, callJSON(t, s, "sendMessage", map[string]any{
		"chat_id": alice.ID, "text": "<b>Difficulties?</b>", "parse_mode": "HTML",
		"reply_markup": map[string]any{"force_reply": true},
	}), &prompt)
	s.Reply(alice, prompt.ID, "No budget")
	ups := pollUpdates(t, s, nil)
	msg := ups[len(ups)-1].Message
	r := msg.ReplyToMessage
	if r == nil || r.ID != prompt.ID || r.Text != "Difficulties?" || r.From == nil || !r.From.IsBot || r.Date == 0 || msg.Text != "No budget" {
		t.Fatalf("reply = %+v, replied-to = %+v", msg, r)
	}
	if sent := s.Sent(); !sent[0].ForceReply || sent[0].Text != "<b>Difficulties?</b>" || sent[0].ParseMode != "HTML" {
		t.Fatalf("sent = %+v", sent)
	}
}

func TestGroups(t *testing.T) {
	s := newFake(t, Options{})
	s.AddBotToGroup(-500, "Ban Tuyên giáo", bob)
	s.SendGroupText(-500, "", bob, "/status")
	ups := pollUpdates(t, s, nil)
	if len(ups) != 3 {
		t.Fatalf("%d updates", len(ups))
	}
	mcm := ups[0].MyChatMember
	if mcm == nil || mcm.Chat.ID != -500 || mcm.Chat.Type != "group" || mcm.NewChatMember.Type != models.ChatMemberTypeMember || mcm.NewChatMember.Member.User.ID != 123456 {
		t.Fatalf("my_chat_member = %+v", mcm)
	}
	joined := ups[1].Message
	if joined == nil || len(joined.NewChatMembers) != 1 || !joined.NewChatMembers[0].IsBot || joined.Chat.Title != "Ban Tuyên giáo" {
		t.Fatalf("join message = %+v", joined)
	}
	mustOK(t, callJSON(t, s, "sendMessage", map[string]any{"chat_id": -500, "text": "Status"}), nil)
	r := callJSON(t, s, "sendMessage", map[string]any{"chat_id": bob.ID, "text": "private"})
	if r.ErrorCode != 403 || r.Description != "Forbidden: bot can't initiate conversation with a user" {
		t.Fatalf("private message to a group member: %+v", r)
	}
}

func TestWebhookPushAndRetry(t *testing.T) {
	var (
		mu       sync.Mutex
		attempts int
		texts    = map[int64][]string{}
		secrets  []string
	)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u models.Update
		_ = json.NewDecoder(r.Body).Decode(&u)
		mu.Lock()
		defer mu.Unlock()
		attempts++
		if attempts == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		texts[u.Message.Chat.ID] = append(texts[u.Message.Chat.ID], u.Message.Text)
		secrets = append(secrets, r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
	}))
	defer hook.Close()

	s := newFake(t, Options{})
	s.SendText(alice, "one") // queued before the webhook: pushed once it is set
	mustOK(t, callJSON(t, s, "setWebhook", map[string]any{"url": hook.URL, "secret_token": "s3cret_token"}), nil)
	s.SendText(alice, "two")
	s.SendText(bob, "three")
	if err := s.WaitDelivered(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if attempts != 4 || strings.Join(texts[alice.ID], ",") != "one,two" || len(texts[bob.ID]) != 1 || len(secrets) != 3 || secrets[0] != "s3cret_token" {
		t.Fatalf("attempts %d, texts %v, secrets %v", attempts, texts, secrets)
	}
	mu.Unlock()

	var info models.WebhookInfo
	mustOK(t, callJSON(t, s, "getWebhookInfo", nil), &info)
	if info.URL != hook.URL || info.PendingUpdateCount != 0 || info.LastErrorMessage != "Wrong response from the webhook: 500 Internal Server Error" || info.LastErrorDate == 0 {
		t.Fatalf("webhook info = %+v", info)
	}
	r := callJSON(t, s, "getUpdates", nil)
	if r.status != http.StatusConflict || !strings.Contains(r.Description, "can't use getUpdates method while webhook is active") {
		t.Fatalf("getUpdates with a webhook: %+v", r)
	}
	mustOK(t, callJSON(t, s, "deleteWebhook", map[string]any{"drop_pending_updates": true}), nil)
	mustOK(t, callJSON(t, s, "getUpdates", nil), nil)
}

func TestDetectEntities(t *testing.T) {
	got := detectEntities("😀 /help xem https://example.com/a?b=1. và youtu.be/xyz, a@b.com")
	want := []Entity{
		{Type: "bot_command", Offset: 3, Length: 5},
		{Type: "url", Offset: 13, Length: 25},
		{Type: "url", Offset: 43, Length: 12},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("entities = %+v, want %+v", got, want)
	}
}
