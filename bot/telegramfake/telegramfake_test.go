package telegramfake

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

const testToken = "123456:TEST-token"

var (
	alice = User{ID: 1001, FirstName: "Alice", Username: "alice"}
	bob   = User{ID: 1002, FirstName: "Bob"}
)

// newFake starts a fake closed at the end of the test.
func newFake(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	opts.Logf = t.Logf
	s := New(opts)
	t.Cleanup(s.Close)
	return s
}

// newBot is the real library client pointed at the fake (never started).
func newBot(t *testing.T, s *Server) *bot.Bot {
	t.Helper()
	b, err := bot.New(testToken, bot.WithServerURL(s.URL()), bot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testCtx is a context bounded by a few seconds.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// fakeClock is a clock that moves only when told.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// freezeClock makes the fake use a clock that moves only by advance.
func freezeClock(s *Server) *fakeClock {
	c := &fakeClock{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
	s.mu.Lock()
	s.clock = c.now
	s.mu.Unlock()
	return c
}

// keyboard is a one-row inline keyboard of callback buttons.
func keyboard(pairs ...string) *models.InlineKeyboardMarkup {
	var row []models.InlineKeyboardButton
	for i := 0; i+1 < len(pairs); i += 2 {
		row = append(row, models.InlineKeyboardButton{Text: pairs[i], CallbackData: pairs[i+1]})
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{row}}
}

// wantErr fails unless err wraps target and mentions desc.
func wantErr(t *testing.T, err, target error, desc string) {
	t.Helper()
	if !errors.Is(err, target) || !strings.Contains(err.Error(), desc) {
		t.Fatalf("error = %v, want %v with %q", err, target, desc)
	}
}

func TestGetMeAndToken(t *testing.T) {
	s := newFake(t, Options{BotUsername: "my_test_bot"})
	b, err := bot.New(testToken, bot.WithServerURL(s.URL())) // calls getMe
	if err != nil {
		t.Fatal(err)
	}
	me, err := b.GetMe(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if !me.IsBot || me.ID != 123456 || me.Username != "my_test_bot" {
		t.Fatalf("getMe = %+v", me)
	}
	_, err = bot.New("999:wrong", bot.WithServerURL(s.URL()))
	wantErr(t, err, bot.ErrorUnauthorized, "Unauthorized")
}

func TestSendMessageWithInlineKeyboard(t *testing.T) {
	s := newFake(t, Options{})
	b := newBot(t, s)
	s.SendText(alice, "/start")
	kb := keyboard("Ack", "ack:1")
	kb.InlineKeyboard[0] = append(kb.InlineKeyboard[0], models.InlineKeyboardButton{Text: "Site", URL: "https://example.com"})
	msg, err := b.SendMessage(testCtx(t), &bot.SendMessageParams{ChatID: alice.ID, Text: "Hello", ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	if msg.ID == 0 || msg.From == nil || !msg.From.IsBot || msg.Chat.ID != alice.ID || msg.Chat.Type != "private" || msg.Date == 0 || msg.Text != "Hello" {
		t.Fatalf("message = %+v", msg)
	}
	if msg.ReplyMarkup == nil || msg.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "ack:1" {
		t.Fatalf("reply_markup = %+v", msg.ReplyMarkup)
	}
	want := [][]Button{{{Text: "Ack", Data: "ack:1"}, {Text: "Site", URL: "https://example.com"}}}
	sent := s.SentTo(alice.ID)
	if len(sent) != 1 || sent[0].Method != "sendMessage" || sent[0].MessageID != msg.ID || !buttonsEqual(sent[0].Buttons, want) {
		t.Fatalf("sent = %v", sent)
	}
	if m, ok := s.Message(alice.ID, msg.ID); !ok || !m.FromBot || !buttonsEqual(m.Buttons, want) {
		t.Fatalf("Message() = %+v, %v", m, ok)
	}
	if st := s.Stats(); st.Sent != 1 || st.Errors != 0 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestTextLimits(t *testing.T) {
	s := newFake(t, Options{ChatInterval: -1})
	b := newBot(t, s)
	ctx := testCtx(t)
	s.SendText(alice, "/start")
	send := func(text string, mode models.ParseMode) error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: text, ParseMode: mode})
		return err
	}
	for _, ok := range []string{strings.Repeat("a", 4096), strings.Repeat("😀", 2048)} {
		if err := send(ok, ""); err != nil {
			t.Fatalf("%d bytes: %v", len(ok), err)
		}
	}
	for _, long := range []string{strings.Repeat("a", 4097), strings.Repeat("😀", 2049)} {
		wantErr(t, send(long, ""), bot.ErrorBadRequest, "Bad Request: message is too long")
	}
	wantErr(t, send("", ""), bot.ErrorBadRequest, "Bad Request: message text is empty")
	// Markup does not count, but it must parse.
	if err := send("<b>"+strings.Repeat("a", 4096)+"</b>", models.ParseModeHTML); err != nil {
		t.Fatal(err)
	}
	wantErr(t, send("a < b", models.ParseModeHTML), bot.ErrorBadRequest, "can't parse entities")
	wantErr(t, send("Hello.", models.ParseModeMarkdown), bot.ErrorBadRequest, "Character '.' is reserved")
	if err := send(`*Hello*\.`, models.ParseModeMarkdown); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Sent()); n != 4 {
		t.Fatalf("recorded %d sends, want 4", n)
	}
}

func TestCallbackDataLimit(t *testing.T) {
	s := newFake(t, Options{ChatInterval: -1})
	b := newBot(t, s)
	s.SendText(alice, "/start")
	send := func(data string) error {
		_, err := b.SendMessage(testCtx(t), &bot.SendMessageParams{ChatID: alice.ID, Text: "x", ReplyMarkup: keyboard("B", data)})
		return err
	}
	if err := send(strings.Repeat("d", 64)); err != nil {
		t.Fatal(err)
	}
	wantErr(t, send(strings.Repeat("d", 65)), bot.ErrorBadRequest, "Bad Request: BUTTON_DATA_INVALID")
	wantErr(t, send(""), bot.ErrorBadRequest, "Bad Request: BUTTON_DATA_INVALID")
}

func TestBotRateLimit(t *testing.T) {
	s := newFake(t, Options{Rate: 30})
	clock := freezeClock(s)
	b := newBot(t, s)
	ctx := testCtx(t)
	var users []User
	for i := range 31 {
		u := User{ID: int64(2000 + i)}
		users = append(users, u)
		s.SendText(u, "/start")
	}
	var limited []*bot.TooManyRequestsError
	for _, u := range users {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID, Text: "hi"})
		var tooMany *bot.TooManyRequestsError
		switch {
		case errors.As(err, &tooMany):
			limited = append(limited, tooMany)
		case err != nil:
			t.Fatal(err)
		}
	}
	if len(limited) != 1 || limited[0].RetryAfter < 1 || !strings.Contains(limited[0].Message, "Too Many Requests: retry after 1") {
		t.Fatalf("429s = %+v", limited)
	}
	if st := s.Stats(); st.TooManyBot != 1 || st.TooManyChat != 0 || st.Sent != 30 {
		t.Fatalf("stats = %+v", st)
	}
	// The 429 paused the whole bot for its retry_after, and the 30 sends
	// are in the rolling second until it has passed.
	clock.advance(time.Second / 30)
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: users[30].ID, Text: "hi"}); !errors.As(err, new(*bot.TooManyRequestsError)) {
		t.Fatalf("within the second: %v", err)
	}
	clock.advance(2 * time.Second) // the flood doubled the wait to 2 s
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: users[30].ID, Text: "hi"}); err != nil {
		t.Fatalf("after the wait: %v", err)
	}
}

func TestLenientChatBurstLimit(t *testing.T) {
	s := newFake(t, Options{Rate: -1, ChatBurst: 3, ChatInterval: time.Second, Lenient: true})
	clock := freezeClock(s)
	b := newBot(t, s)
	ctx := testCtx(t)
	s.SendText(alice, "/start")
	s.SendText(bob, "/start")
	send := func(u User) error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID, Text: "hi"})
		return err
	}
	for range 3 {
		if err := send(alice); err != nil {
			t.Fatal(err)
		}
	}
	err := send(alice)
	var tooMany *bot.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter != 1 {
		t.Fatalf("4th send: %v", err)
	}
	if err := send(bob); err != nil {
		t.Fatalf("other chat: %v", err)
	}
	if st := s.Stats(); st.TooManyChat != 1 || st.TooManyBot != 0 || len(s.SentTo(alice.ID)) != 3 {
		t.Fatalf("stats = %+v", st)
	}
	clock.advance(time.Second)
	if err := send(alice); err != nil {
		t.Fatalf("after a second: %v", err)
	}
}

func TestForbiddenAndUnknownChats(t *testing.T) {
	s := newFake(t, Options{ChatInterval: -1})
	b := newBot(t, s)
	ctx := testCtx(t)
	send := func(chatID int64) error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chatID, Text: "hi"})
		return err
	}
	wantErr(t, send(alice.ID), bot.ErrorForbidden, "Forbidden: bot can't initiate conversation with a user")
	wantErr(t, send(-42), bot.ErrorBadRequest, "Bad Request: chat not found")
	s.SendText(alice, "/start")
	s.Block(alice)
	wantErr(t, send(alice.ID), bot.ErrorForbidden, "Forbidden: bot was blocked by the user")
	s.Unblock(alice)
	if err := send(alice.ID); err != nil {
		t.Fatal(err)
	}
	s.Deactivate(alice)
	wantErr(t, send(alice.ID), bot.ErrorForbidden, "Forbidden: user is deactivated")
	if n := s.PendingUpdates(); n != 3 { // /start and two my_chat_member
		t.Fatalf("pending = %d, want 3", n)
	}
}

func TestDocumentUploadAndDownload(t *testing.T) {
	s := newFake(t, Options{ChatInterval: -1})
	b := newBot(t, s)
	ctx := testCtx(t)
	s.SendText(alice, "/start")
	content := []byte("%PDF-1.4 directive 1483")
	msg, err := b.SendDocument(ctx, &bot.SendDocumentParams{
		ChatID:   alice.ID,
		Document: &models.InputFileUpload{Filename: "cv-1483.pdf", Data: bytes.NewReader(content)},
		Caption:  "Công văn 1483",
	})
	if err != nil {
		t.Fatal(err)
	}
	d := msg.Document
	if d == nil || d.FileName != "cv-1483.pdf" || d.MimeType != "application/pdf" || d.FileSize != int64(len(content)) || msg.Caption != "Công văn 1483" {
		t.Fatalf("message = %+v, document = %+v", msg, d)
	}
	if got := download(t, b, d.FileID); !bytes.Equal(got, content) {
		t.Fatalf("downloaded %q", got)
	}
	again, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: alice.ID, Document: &models.InputFileString{Data: d.FileID}})
	if err != nil || again.Document.FileID != d.FileID || again.Document.FileUniqueID != d.FileUniqueID {
		t.Fatalf("resend by file_id: %+v, %v", again, err)
	}
	sent := s.SentTo(alice.ID)
	if len(sent) != 2 || sent[1].Method != "sendDocument" || !bytes.Equal(sent[1].Document.Content, content) || sent[0].Text != "Công văn 1483" {
		t.Fatalf("sent = %v", sent)
	}
	_, err = b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: alice.ID, Document: &models.InputFileString{Data: "nope"}})
	wantErr(t, err, bot.ErrorBadRequest, "wrong file identifier")

	// A user's upload, downloaded by the bot; over 20 MB it cannot be.
	id := s.SendDocument(alice, "report.csv", "", []byte("unit,done\n"), "week 9")
	m, _ := s.Message(alice.ID, id)
	if got := download(t, b, m.Document.FileID); string(got) != "unit,done\n" || m.Document.MIME != "text/csv" {
		t.Fatalf("user file %q, %+v", got, m.Document)
	}
	big := s.SendDocument(alice, "big.zip", "", make([]byte, 20<<20+1), "")
	m, _ = s.Message(alice.ID, big)
	_, err = b.GetFile(ctx, &bot.GetFileParams{FileID: m.Document.FileID})
	wantErr(t, err, bot.ErrorBadRequest, "Bad Request: file is too big")
}

// download fetches a file the way a bot does: getFile, then the file URL.
func download(t *testing.T, b *bot.Bot, fileID string) []byte {
	t.Helper()
	f, err := b.GetFile(testCtx(t), &bot.GetFileParams{FileID: fileID})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(b.FileDownloadLink(f))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK || int64(len(data)) != f.FileSize {
		t.Fatalf("download: %s, %d bytes, %v", resp.Status, len(data), err)
	}
	return data
}

func TestEditAndDelete(t *testing.T) {
	s := newFake(t, Options{ChatInterval: -1})
	b := newBot(t, s)
	ctx := testCtx(t)
	s.SendText(alice, "/start")
	msg, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "Directive", ReplyMarkup: keyboard("Ack", "ack")})
	if err != nil {
		t.Fatal(err)
	}
	editMarkup := func() error {
		_, err := b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: alice.ID, MessageID: msg.ID, ReplyMarkup: keyboard("Done", "done")})
		return err
	}
	if err := editMarkup(); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Message(alice.ID, msg.ID); !buttonsEqual(m.Buttons, [][]Button{{{Text: "Done", Data: "done"}}}) || m.EditedAt.IsZero() {
		t.Fatalf("after markup edit: %+v", m)
	}
	wantErr(t, editMarkup(), bot.ErrorBadRequest, "Bad Request: message is not modified: specified new message content")

	// Editing the text without reply_markup drops the keyboard, as in Telegram.
	if _, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: msg.ID, Text: "Directive (acknowledged)"}); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Message(alice.ID, msg.ID); m.Buttons != nil || m.Text != "Directive (acknowledged)" {
		t.Fatalf("after text edit: %+v", m)
	}
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: 999, Text: "x"})
	wantErr(t, err, bot.ErrorBadRequest, "Bad Request: message to edit not found")

	if _, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: alice.ID, MessageID: msg.ID}); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Message(alice.ID, msg.ID); ok {
		t.Fatal("message still there after deleteMessage")
	}
	var methods []string
	for _, r := range s.Sent() {
		methods = append(methods, r.Method)
	}
	if got := strings.Join(methods, ","); got != "sendMessage,editMessageReplyMarkup,editMessageText,deleteMessage" {
		t.Fatalf("methods = %s", got)
	}
}

// TestEditCaptionAndAge: a document's caption is edited with
// editMessageCaption (a text edit is refused for it); the same caption
// again is "not modified"; a message older than 48 hours cannot be edited.
func TestEditCaptionAndAge(t *testing.T) {
	s := newFake(t, Options{ChatInterval: -1})
	b := newBot(t, s)
	ctx := testCtx(t)
	s.SendText(alice, "/start")
	doc, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: alice.ID, Caption: "Công văn 1483",
		Document: &models.InputFileUpload{Filename: "cv.pdf", Data: bytes.NewReader([]byte("%PDF"))}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: doc.ID, Text: "x"})
	wantErr(t, err, bot.ErrorBadRequest, "Bad Request: there is no text in the message to edit")
	edit := func(caption string) error {
		_, err := b.EditMessageCaption(ctx, &bot.EditMessageCaptionParams{ChatID: alice.ID, MessageID: doc.ID, Caption: caption})
		return err
	}
	if err := edit("Công văn 1483 (đính chính)"); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Message(alice.ID, doc.ID); m.Caption != "Công văn 1483 (đính chính)" || m.EditedAt.IsZero() {
		t.Fatalf("after caption edit: %+v", m)
	}
	wantErr(t, edit("Công văn 1483 (đính chính)"), bot.ErrorBadRequest, "Bad Request: message is not modified")
	text, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "Directive"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.EditMessageCaption(ctx, &bot.EditMessageCaptionParams{ChatID: alice.ID, MessageID: text.ID, Caption: "x"})
	wantErr(t, err, bot.ErrorBadRequest, "Bad Request: there is no caption in the message to edit")
	s.Backdate(alice.ID, 48*time.Hour+time.Minute)
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: text.ID, Text: "Directive (corrected)"})
	wantErr(t, err, bot.ErrorBadRequest, "Bad Request: message can't be edited")
	wantErr(t, edit("again"), bot.ErrorBadRequest, "Bad Request: message can't be edited")
}

func TestAnswerCallbackQuery(t *testing.T) {
	s := newFake(t, Options{})
	b := newBot(t, s)
	ctx := testCtx(t)
	s.SendText(alice, "/start")
	msg, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "Directive", ReplyMarkup: keyboard("Ack", "ack:7")})
	if err != nil {
		t.Fatal(err)
	}
	qid := s.Press(alice, msg.ID, "ack:7")
	go func() {
		_, _ = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: qid, Text: "Đã xác nhận", ShowAlert: true})
	}()
	a, err := s.WaitAnswer(ctx, qid)
	if err != nil || a.Text != "Đã xác nhận" || !a.ShowAlert {
		t.Fatalf("answer = %+v, %v", a, err)
	}
	_, err = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: qid})
	wantErr(t, err, bot.ErrorBadRequest, "Bad Request: query is too old and response timeout expired or query ID is invalid")
	if n := len(s.Answers()); n != 1 {
		t.Fatalf("answers = %d", n)
	}
}

func TestWaitSentReportsWhatArrived(t *testing.T) {
	s := newFake(t, Options{})
	b := newBot(t, s)
	s.SendText(alice, "/start")
	if _, err := b.SendMessage(testCtx(t), &bot.SendMessageParams{ChatID: alice.ID, Text: "only one"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	got, err := s.WaitSent(ctx, alice.ID, 2)
	if err == nil || len(got) != 1 || !strings.Contains(err.Error(), "1 of 2") || !strings.Contains(err.Error(), "only one") {
		t.Fatalf("WaitSent = %v, %v", got, err)
	}
}
