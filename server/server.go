// Package server is chidao's HTTP side: the health checks, and the routes
// the capabilities add (webhooks, dashboard, sandbox, /metrics), all
// registered in one place.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"chidao/internal/supervise"
)

// Timeouts of every chidao listener. Telegram retries a webhook it got no
// answer to after about a minute and Zalo within seconds, so a request
// that takes longer than WriteTimeout is lost anyway; IdleTimeout is above
// the platforms' keep-alive reuse (about 60 s) so their connections are
// not cut under them.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 30 * time.Second // the whole request, body included (uploads on the dashboard)
	WriteTimeout      = 60 * time.Second // exports of large reports are the slowest answers
	IdleTimeout       = 75 * time.Second
)

// HTTP returns the http.Server for handler with chidao's timeouts.
func HTTP(handler http.Handler) *http.Server {
	return &http.Server{Handler: handler, ReadHeaderTimeout: ReadHeaderTimeout, ReadTimeout: ReadTimeout,
		WriteTimeout: WriteTimeout, IdleTimeout: IdleTimeout, MaxHeaderBytes: 64 << 10}
}

// Pinger is what readiness needs from the database.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Server holds what the handlers need.
type Server struct {
	db   Pinger
	log  *slog.Logger
	down *supervise.Outage // logged once per outage, however often probed
}

// Route is a handler a capability adds, such as a platform's webhook.
type Route struct {
	Pattern string // e.g. "POST /webhook/telegram"
	Handler http.Handler
}

// New returns the HTTP handler of chidao serve.
func New(db Pinger, log *slog.Logger, routes ...Route) http.Handler {
	s := &Server{db: db, log: log, down: &supervise.Outage{Log: log, Name: "readyz", What: "Readiness check"}}
	mux := http.NewServeMux()
	for _, r := range routes {
		mux.Handle(r.Pattern, r.Handler)
	}
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	return mux
}

// healthz answers while the process runs.
func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz answers 200 only when the database answers within two seconds.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.db.Ping(ctx); err != nil {
		s.down.Fail(err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return
	}
	s.down.OK()
	_, _ = w.Write([]byte("ok\n"))
}
