package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao/pgserver"
	"chidao/storage"
)

// Server is a private PostgreSQL that tests own whatever TEST_DATABASE_URL
// says, so that they can stop it (pg_ctl stop -m fast: every session is
// cut, new connections are refused) and start it again on the same port,
// which is what a database restart or crash looks like to chidao. One is
// started per test binary, on first use, and stopped by Main; tests that
// stop it must not run in parallel with each other.
type Server struct {
	mu   sync.Mutex
	opts pgserver.Options
	srv  *pgserver.Server
	dir  string
}

var (
	faultOnce   sync.Once
	faultServer *Server
	faultErr    error
)

// Restartable returns the binary's Server and a fresh migrated database
// on it for the test (dropped when the test ends).
func Restartable(t testing.TB) (*Server, string) {
	t.Helper()
	faultOnce.Do(func() { faultServer, faultErr = startServer() })
	if faultErr != nil {
		t.Fatalf("dbtest: %v", faultErr)
	}
	s := faultServer
	ctx := context.Background()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "chidao_f_" + hex.EncodeToString(b)
	conn, err := pgx.Connect(ctx, s.srv.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE `+pgserver.Database); err != nil {
		t.Fatal(err)
	}
	return s, withDatabase(s.srv.AdminURL(), name)
}

func startServer() (*Server, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir, err := os.MkdirTemp("", "chidao-fault-pg-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil { // the server may run as another user (tests as root)
		return nil, err
	}
	s := &Server{dir: dir, opts: pgserver.Options{Dir: filepath.Join(dir, "pg"), Ephemeral: true,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}}
	if s.srv, err = pgserver.Start(ctx, s.opts); err != nil {
		return nil, err
	}
	s.opts.Port = s.srv.Port()
	if _, err := storage.Migrate(ctx, s.srv.URL()); err != nil { // the template of the tests' databases
		return nil, err
	}
	return s, nil
}

// Stop stops the server; it returns once it no longer runs.
func (s *Server) Stop(t testing.TB) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.srv.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// Start starts the stopped server again on its port and returns when it
// accepts connections.
func (s *Server) Start(t testing.TB) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv, err := pgserver.Start(ctx, s.opts)
	if err != nil {
		t.Fatal(err)
	}
	s.srv = srv
}

// close stops the server for good and removes its files (Main).
func (s *Server) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	_ = s.srv.Stop(context.Background())
	_ = os.RemoveAll(s.dir)
}
