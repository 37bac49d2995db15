// Package zalofake is an in-process fake of the Zalo Official Account (OA)
// Open API and OAuth server for chidao's tests.
//
// It speaks Zalo's wire format and enforces its rules:
//
//   - POST /v3.0/oa/message/cs sends a customer-service message (text, file
//     by upload token, or a request_user_info template);
//   - POST /v2.0/oa/upload/file uploads a PDF/DOC/DOCX (≤ 5 MB) for a token;
//   - GET /v3.0/oa/user/detail?data={"user_id":".."} describes a user;
//   - POST /v4/oa/access_token rotates a single-use refresh token;
//   - GET /files/<id> downloads a file a user sent to the OA.
//
// Every failure is HTTP 200 with {"error":<negative>,"message":".."}. The
// API calls take the header "access_token"; the fake issues no access token
// until a client refreshes, so a client must call the token endpoint first.
//
// A test acts as Zalo users (Follow, SendText, SendFile, ...): each action
// records the user's interaction time (the 7-day customer-service window)
// and pushes a signed webhook event synchronously. Everything the OA sends
// successfully is recorded for assertions.
package zalofake

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"
)

// Options configures a Server. Zero values take the documented defaults.
type Options struct {
	AppID     string // default "3141592653589793238"
	AppSecret string // the token endpoint's secret_key; default "app-secret"
	OAID      string // default "2718281828459045235"
	// WebhookURL is where events are pushed; may be set later with SetWebhook.
	WebhookURL string
	// WebhookSecret is the secret in the event signature; default "webhook-secret".
	WebhookSecret string
	// RefreshToken is the initial valid refresh token; default "refresh-0".
	RefreshToken string
	// AccessTTL is the lifetime of an issued access token; default 25h.
	AccessTTL time.Duration
	// Rate is the number of API requests the OA may make in any rolling
	// second, on the wall clock (a request over it answers -32); 0 means
	// unlimited.
	Rate int
	// Lenient replaces the rolling second by a token bucket of capacity
	// Rate refilled at Rate per second. Only for tests that need it.
	Lenient bool
	// Now is the clock for token expiry, the 7-day window and event
	// timestamps; default time.Now.
	Now func() time.Time
	// MaxText is the longest message text in runes; default 2000.
	MaxText int
	// OnRefresh, when set, is called when a refresh rotated the token
	// pair, before the answer is written: a test can make the database
	// fail right then.
	OnRefresh func()
}

// Zalo's fixed limits.
const (
	maxUploadSize = 5 << 20
	window        = 7 * 24 * time.Hour
	pushTimeout   = 10 * time.Second
)

// User is a Zalo user as seen by the OA: ID is the OA-scoped user id.
type User struct {
	ID, Name string
}

// Sent is one message the OA sent successfully.
type Sent struct {
	UserID    string
	MessageID string
	// Text is the message text; for a request_user_info template it is the
	// element's title.
	Text string
	// File is set for a file attachment.
	File *File
	// RequestInfo is true for a request_user_info template.
	RequestInfo bool
	// Subtitle and ImageURL are the template element's fields.
	Subtitle, ImageURL string
	At                 time.Time
}

// File is an uploaded or user-sent file.
type File struct {
	Name    string
	Content []byte
}

// Stats counts the requests the fake served on the API and OAuth paths and
// the error answers by code.
type Stats struct {
	Requests int
	Errors   map[int]int
}

type userState struct {
	user       User
	byApp      string
	follower   bool
	unfollowed bool
	last       time.Time // last interaction
}

type accessToken struct {
	expires time.Time
	expired bool // forced by ExpireAccessTokens
}

// Server is a running fake. All methods are safe for concurrent use.
type Server struct {
	opts    Options
	ln      net.Listener
	httpSrv *http.Server
	client  *http.Client

	mu         sync.Mutex
	webhook    string
	refresh    map[string]bool // refresh token -> still valid
	access     map[string]*accessToken
	newest     string
	refreshes  int
	users      map[string]*userState
	uploads    map[string]File // upload token -> file
	userFiles  map[string]File // /files/<id>
	hold       chan struct{}   // while set, file downloads wait for it to close (HoldFiles)
	failFiles  int             // the next downloads answered 503
	sent       []Sent
	changed    chan struct{} // closed and replaced on each recorded message
	stats      Stats
	seq        uint64
	lastTS     int64
	bucket     float64     // lenient
	bucketLast time.Time   // lenient
	window     []time.Time // strict: the admitted requests of the last second
}

// New starts a fake listening on 127.0.0.1:0.
func New(opts Options) *Server {
	if opts.AppID == "" {
		opts.AppID = "3141592653589793238"
	}
	if opts.AppSecret == "" {
		opts.AppSecret = "app-secret"
	}
	if opts.OAID == "" {
		opts.OAID = "2718281828459045235"
	}
	if opts.WebhookSecret == "" {
		opts.WebhookSecret = "webhook-secret"
	}
	if opts.RefreshToken == "" {
		opts.RefreshToken = "refresh-0"
	}
	if opts.AccessTTL <= 0 {
		opts.AccessTTL = 25 * time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxText <= 0 {
		opts.MaxText = 2000
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic("zalofake: listen: " + err.Error())
	}
	s := &Server{
		opts:       opts,
		ln:         ln,
		client:     &http.Client{Timeout: pushTimeout},
		webhook:    opts.WebhookURL,
		refresh:    map[string]bool{opts.RefreshToken: true},
		access:     map[string]*accessToken{},
		users:      map[string]*userState{},
		uploads:    map[string]File{},
		userFiles:  map[string]File{},
		changed:    make(chan struct{}),
		stats:      Stats{Errors: map[int]int{}},
		bucket:     float64(opts.Rate),
		bucketLast: time.Now(),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/v3.0/oa/message/cs", s.api(s.handleMessage))
	mux.HandleFunc("/v2.0/oa/upload/file", s.api(s.handleUpload))
	mux.HandleFunc("/v3.0/oa/user/detail", s.api(s.handleUserDetail))
	mux.HandleFunc("/v4/oa/access_token", s.handleToken)
	mux.HandleFunc("/files/", s.handleFile)
	s.httpSrv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go s.httpSrv.Serve(ln)
	return s
}

// FailFileDownloads makes the next n downloads of user files answer 503,
// as a CDN does now and then.
func (s *Server) FailFileDownloads(n int) {
	s.mu.Lock()
	s.failFiles = n
	s.mu.Unlock()
}

// URL is the base of both the API and the OAuth paths, without a trailing slash.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() }

// Close stops the server.
func (s *Server) Close() {
	s.httpSrv.Close()
	s.client.CloseIdleConnections()
}

// SetWebhook sets where events are pushed.
func (s *Server) SetWebhook(url string) {
	s.mu.Lock()
	s.webhook = url
	s.mu.Unlock()
}

// Sent returns every message the OA sent successfully, in order.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// SentTo returns the messages sent to userID, in order.
func (s *Server) SentTo(userID string) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sentToLocked(userID)
}

func (s *Server) sentToLocked(userID string) []Sent {
	var out []Sent
	for _, m := range s.sent {
		if m.UserID == userID {
			out = append(out, m)
		}
	}
	return out
}

// WaitSent waits until at least n messages were sent to userID and returns
// all of them, or returns what arrived so far with ctx's error.
func (s *Server) WaitSent(ctx context.Context, userID string, n int) ([]Sent, error) {
	for {
		s.mu.Lock()
		got := s.sentToLocked(userID)
		ch := s.changed
		s.mu.Unlock()
		if len(got) >= n {
			return got, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return got, ctx.Err()
		}
	}
}

// Refreshes counts successful token refreshes.
func (s *Server) Refreshes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshes
}

// AccessToken returns the newest access token if it is still valid, else "".
func (s *Server) AccessToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.access[s.newest]; t != nil && !t.expired && s.opts.Now().Before(t.expires) {
		return s.newest
	}
	return ""
}

// ExpireAccessTokens makes every access token issued so far expired: API
// calls with them get -220.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.access {
		t.expired = true
	}
}

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Stats{Requests: s.stats.Requests, Errors: make(map[int]int, len(s.stats.Errors))}
	for k, v := range s.stats.Errors {
		st.Errors[k] = v
	}
	return st
}
