// Package telegramfake is an in-process fake of the Telegram Bot API server
// for chidao's tests, benchmarks and demos.
//
// It speaks the real wire format (POST /bot<token>/<method> with multipart,
// JSON or urlencoded bodies; the {"ok":...} envelope; GET /file/bot<token>/<path>
// for downloads), enforces the real limits with the real error bodies (text
// length, callback data size, per-bot and per-chat flood control, blocked
// users, one getUpdates consumer at a time) and lets a test act as Telegram
// users: send texts, documents and replies, press inline buttons, block the
// bot, add it to groups. Everything the bot does successfully is recorded for
// assertions.
//
// Only the methods chidao uses are served; any other method gets Telegram's
// 404 "Not Found".
package telegramfake

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configures a Server. Only Token is required; zero values take the
// documented defaults.
type Options struct {
	// Token is the bot token; requests with another token get 401. The
	// digits before ':' become the bot's user id.
	Token string
	// BotUsername is the bot's username without '@'. Default "chidao_test_bot".
	BotUsername string
	// Rate is the per-bot limit in messages per second (sendMessage,
	// sendDocument, editMessage*): at most Rate in any rolling second
	// (strict, the default; see limits.go), or with Lenient a token bucket
	// refilled at Rate per second with capacity Rate. Default 30; negative
	// means unlimited.
	Rate int
	// ChatInterval is the per-private-chat limit: at most one message in
	// any rolling ChatInterval (strict), or with Lenient one per
	// ChatInterval up to ChatBurst in a row. Default 1s; negative means
	// unlimited.
	ChatInterval time.Duration
	// ChatBurst is the capacity of each chat's bucket, with Lenient only
	// (in the strict model a private chat has no burst). Default 3.
	ChatBurst int
	// GroupRate is the most messages per group chat in any rolling minute
	// (strict model). Default 20; negative means unlimited.
	GroupRate int
	// Lenient replaces the strict rolling windows by token buckets (bursts
	// allowed, a 429 does not pause the bot). Only for tests that need it.
	Lenient bool
	// MaxTextLen is the longest message text in UTF-16 code units, counted
	// after parse_mode markup is removed. Default 4096.
	MaxTextLen int
	// WebhookConcurrency is how many webhook pushes may be in flight at once
	// (Telegram's max_connections). Default 8.
	WebhookConcurrency int
	// Addr is the listen address. Default "127.0.0.1:0".
	Addr string
	// Logf, when set, receives a line for each request and webhook push.
	Logf func(format string, args ...any)
	// FirstUpdateID is the update_id of the first update less one; default
	// 100000. Telegram numbers on from the last update (and starts again at
	// random after a week without any): a fake started again on a bot's
	// database should go on from there.
	FirstUpdateID int64
}

// Telegram's fixed limits.
const (
	maxCaptionLen      = 1024
	maxCallbackData    = 64
	maxAnswerTextLen   = 200
	maxDownloadSize    = 20 << 20
	maxUploadSize      = 50 << 20
	maxWebhookBackoff  = 2 * time.Second
	firstWebhookRetry  = 100 * time.Millisecond
	webhookPushTimeout = 60 * time.Second
)

// Server is a running fake Bot API server. All methods are safe for
// concurrent use.
type Server struct {
	opts    Options
	botUser apiUser
	ln      net.Listener
	httpSrv *http.Server
	client  *http.Client // webhook pushes
	baseCtx context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup // dispatcher and webhook pushes

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every state change
	closed  bool
	clock   func() time.Time

	nextUpdateID int64
	queue        []*queuedUpdate
	pollGen      int64
	hook         webhook

	users     map[int64]*userState
	chats     map[int64]*chatState
	files     map[string]*storedFile
	filePaths map[string]*storedFile
	queries   map[string]*queryState
	nextFile  int
	nextQuery int64
	botBucket *bucket // lenient model
	botWindow *window // strict model
	flood     flood   // strict model: the bot's penalty after a 429

	sent      []Sent
	sentCount map[int64]int // records per chat, for WaitSent
	answers   []Answer
	stats     Stats
}

// New starts a fake server listening on Options.Addr (127.0.0.1:0 by
// default). It panics when Token is empty or the address cannot be bound,
// like httptest.NewServer.
func New(opts Options) *Server {
	if opts.Token == "" {
		panic("telegramfake: Options.Token is required")
	}
	opts = withDefaults(opts)
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		panic(fmt.Sprintf("telegramfake: listen on %s: %v", opts.Addr, err))
	}
	ctx, cancel := context.WithCancel(context.Background())
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = opts.WebhookConcurrency
	transport.Proxy = nil // pushes go straight to the bot, like Telegram's
	s := &Server{
		opts:         opts,
		botUser:      botUser(opts),
		ln:           ln,
		client:       &http.Client{Transport: transport, Timeout: webhookPushTimeout},
		baseCtx:      ctx,
		cancel:       cancel,
		changed:      make(chan struct{}),
		clock:        time.Now,
		nextUpdateID: cmp.Or(opts.FirstUpdateID, 100000),
		users:        map[int64]*userState{},
		chats:        map[int64]*chatState{},
		files:        map[string]*storedFile{},
		filePaths:    map[string]*storedFile{},
		queries:      map[string]*queryState{},
		sentCount:    map[int64]int{},
	}
	s.httpSrv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.httpSrv.Serve(ln) }()
	s.wg.Add(1)
	go s.dispatchLoop()
	return s
}

// withDefaults fills the zero fields of opts.
func withDefaults(opts Options) Options {
	if opts.BotUsername == "" {
		opts.BotUsername = "chidao_test_bot"
	}
	if opts.Rate == 0 {
		opts.Rate = 30
	}
	if opts.ChatInterval == 0 {
		opts.ChatInterval = time.Second
	}
	if opts.GroupRate == 0 {
		opts.GroupRate = 20
	}
	if opts.ChatBurst <= 0 {
		opts.ChatBurst = 3
	}
	if opts.MaxTextLen <= 0 {
		opts.MaxTextLen = 4096
	}
	if opts.WebhookConcurrency <= 0 {
		opts.WebhookConcurrency = 8
	}
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	return opts
}

// botUser is the bot's own User object, its id taken from the token.
func botUser(opts Options) apiUser {
	id, err := strconv.ParseInt(strings.SplitN(opts.Token, ":", 2)[0], 10, 64)
	if err != nil || id <= 0 {
		id = 1000001
	}
	return apiUser{ID: id, IsBot: true, FirstName: opts.BotUsername, Username: opts.BotUsername}
}

// URL is the base URL to give the bot library (bot.WithServerURL), without a
// trailing slash.
func (s *Server) URL() string {
	return "http://" + s.ln.Addr().String()
}

// Close stops the server: pending long polls and waits return, webhook
// pushes are cancelled and the listener is closed.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.notifyLocked()
	s.mu.Unlock()
	s.cancel()
	// Shutdown waits for running handlers (woken long polls return at once),
	// so none logs after Close returns.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.httpSrv.Shutdown(ctx); err != nil {
		_ = s.httpSrv.Close()
	}
	s.wg.Wait()
	s.client.CloseIdleConnections()
}

// now is the fake's clock for dates and rate limits; call with s.mu held.
func (s *Server) now() time.Time { return s.clock() }

// notifyLocked wakes everything waiting for a state change.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor blocks until cond (called with s.mu held) is true, ctx is done or
// the server is closed.
func (s *Server) waitFor(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ok, closed, ch := cond(), s.closed, s.changed
		s.mu.Unlock()
		switch {
		case ok:
			return nil
		case closed:
			return fmt.Errorf("telegramfake: server closed")
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// logf writes to Options.Logf when set.
func (s *Server) logf(format string, args ...any) {
	if s.opts.Logf != nil {
		s.opts.Logf("telegramfake: "+format, args...)
	}
}

// ServeHTTP serves the Bot API and file downloads. It lets the fake be
// mounted inside another server; New already serves it on URL().
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.stats.Requests++
	s.mu.Unlock()
	switch {
	case strings.HasPrefix(r.URL.Path, "/file/bot"):
		s.serveFile(w, r)
	case strings.HasPrefix(r.URL.Path, "/bot"):
		s.serveAPI(w, r)
	default:
		s.writeError(w, errNotFound)
	}
}

// methodFunc answers one Bot API method: a result to wrap in the envelope or
// an API error.
type methodFunc func(s *Server, ctx context.Context, p *params) (any, *apiError)

// methods maps lower-cased method names (Telegram ignores case) to handlers.
var methods = map[string]methodFunc{
	"getme":                  (*Server).getMe,
	"getupdates":             (*Server).getUpdates,
	"setwebhook":             (*Server).setWebhook,
	"deletewebhook":          (*Server).deleteWebhook,
	"getwebhookinfo":         (*Server).getWebhookInfo,
	"sendmessage":            (*Server).sendMessage,
	"senddocument":           (*Server).sendDocument,
	"editmessagetext":        (*Server).editMessageText,
	"editmessagereplymarkup": (*Server).editMessageReplyMarkup,
	"editmessagecaption":     (*Server).editMessageCaption,
	"deletemessage":          (*Server).deleteMessage,
	"answercallbackquery":    (*Server).answerCallbackQuery,
	"getfile":                (*Server).getFile,
	"sendchataction":         (*Server).sendChatAction,
	"setmycommands":          (*Server).acceptTrue,
	"deletemycommands":       (*Server).acceptTrue,
}

// serveAPI handles /bot<token>/<method>.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	token, method, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	if token != s.opts.Token {
		s.writeError(w, errUnauthorized)
		return
	}
	method = strings.TrimPrefix(method, "test/")
	fn, ok := methods[strings.ToLower(method)]
	if !ok {
		s.writeError(w, errNotFound)
		return
	}
	p, aerr := parseParams(w, r)
	if aerr == nil {
		var result any
		result, aerr = fn(s, r.Context(), p)
		if aerr == nil {
			s.logf("%s ok", method)
			writeJSON(w, http.StatusOK, envelope{OK: true, Result: result})
			return
		}
	}
	s.logf("%s -> %d %s", method, aerr.code, aerr.desc)
	s.writeError(w, aerr)
}

// getMe returns the bot's User.
func (s *Server) getMe(context.Context, *params) (any, *apiError) {
	u := s.botUser
	u.CanJoinGroups = true
	return u, nil
}

// acceptTrue answers true to harmless methods the fake does not model.
func (s *Server) acceptTrue(context.Context, *params) (any, *apiError) {
	return true, nil
}

// envelope is the Bot API response body.
type envelope struct {
	OK          bool           `json:"ok"`
	Result      any            `json:"result,omitempty"`
	ErrorCode   int            `json:"error_code,omitempty"`
	Description string         `json:"description,omitempty"`
	Parameters  *errParameters `json:"parameters,omitempty"`
}

// errParameters carries retry_after for 429 answers.
type errParameters struct {
	RetryAfter int `json:"retry_after,omitempty"`
}

// writeError answers an API error and counts it in the stats.
func (s *Server) writeError(w http.ResponseWriter, e *apiError) {
	s.mu.Lock()
	switch e.limit {
	case limitBot:
		s.stats.TooManyBot++
	case limitChat:
		s.stats.TooManyChat++
	default:
		s.stats.Errors++
	}
	s.mu.Unlock()
	body := envelope{ErrorCode: e.code, Description: e.desc}
	if e.retryAfter > 0 {
		body.Parameters = &errParameters{RetryAfter: e.retryAfter}
	}
	writeJSON(w, e.code, body)
}

// writeJSON writes v as the JSON response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		data = []byte(`{"ok":false,"error_code":500,"description":"Internal Server Error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	_, _ = w.Write(data)
}
