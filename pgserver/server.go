package pgserver

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// User is the superuser initdb creates; Database is the database Start
// makes sure exists.
const (
	User     = "chidao"
	Database = "chidao"
)

// Options configures Start.
type Options struct {
	Dir       string       // the cluster's data directory, e.g. "./var/pg"; made absolute internally
	Ephemeral bool         // for tests: initdb --no-sync, fsync=off, synchronous_commit=off, full_page_writes=off
	Logger    *slog.Logger // nil means slog.Default()
	// Port, when set, is the port to listen on instead of a free one: a
	// test that stops the server and starts it again keeps its clients'
	// connection strings.
	Port int
}

// Server is a running private PostgreSQL cluster, either started by this
// Server or attached to because another process had started it.
type Server struct {
	dir, logPath, lockPath string
	ephemeral              bool
	log                    *slog.Logger
	fixedPort              int

	bindir string
	user   runAs
	host   string
	port   int
	pid    int  // postmaster PID
	owned  bool // this Server started the postmaster and Stop stops it

	password string // the superuser's password, from the data directory; "" for a trust cluster not yet migrated

	mu      sync.Mutex
	stopped bool
	users   *os.File // a shared flock on <Dir>.users, held while this Server is in use
}

// Start starts the cluster in opts.Dir, creating it with initdb when the
// directory is missing or empty, or attaches to a server that is already
// running on that directory (started by another chidao process). Existing
// data is never removed, overwritten or re-initialised.
func Start(ctx context.Context, opts Options) (*Server, error) {
	s, err := newServer(opts)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(s.dir), 0o755); err != nil {
		return nil, fmt.Errorf("pgserver: create parent of data directory: %w", err)
	}
	unlock, err := acquireLock(ctx, s.lockPath)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := s.placeDir(); err != nil {
		return nil, err
	}
	if err := s.startLocked(ctx); err != nil {
		return nil, err
	}
	if s.users, err = lockShared(s.dir + ".users"); err != nil {
		s.abort()
		return nil, err
	}
	return s, nil
}

// newServer validates opts and derives the file layout: the log and the
// lock file sit beside the data directory as <Dir>.log and <Dir>.lock.
func newServer(opts Options) (*Server, error) {
	if opts.Dir == "" {
		return nil, errors.New("pgserver: Options.Dir is empty")
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("pgserver: data directory: %w", err)
	}
	if dir == filepath.Dir(dir) {
		return nil, fmt.Errorf("pgserver: %s cannot be a data directory", dir)
	}
	// pg_ctl hands the data directory and log path to /bin/sh inside double quotes.
	if strings.ContainsAny(dir, "\"$`\\\n") {
		return nil, fmt.Errorf("pgserver: data directory %q contains a character pg_ctl cannot quote (\" $ ` \\ newline)", dir)
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Server{dir: dir, logPath: dir + ".log", lockPath: dir + ".lock", ephemeral: opts.Ephemeral, log: log, fixedPort: opts.Port}, nil
}

// startLocked does the work of Start while holding the lock file.
func (s *Server) startLocked(ctx context.Context) error {
	state, version, err := inspectDir(s.dir)
	if err != nil {
		return err
	}
	bindir, major, err := binariesFor(version)
	if err != nil {
		return err
	}
	s.bindir = bindir
	if state == dirCluster {
		if err := checkVersion(s.dir, version, major); err != nil {
			return err
		}
		attached, err := s.tryAttach(ctx)
		if err != nil {
			return err
		}
		if attached {
			if s.password, err = s.readPassword(); err != nil {
				return err
			}
			return s.ensureDatabase(ctx)
		}
		// An interrupted initdb that tryAttach waited for removes what it made.
		if state, _, err = inspectDir(s.dir); err != nil {
			return err
		}
	}
	return s.startOwned(ctx, state == dirFresh)
}

// startOwned prepares the files, creates the cluster if fresh, starts it
// and creates the database. A server it started is stopped again on failure.
func (s *Server) startOwned(ctx context.Context, fresh bool) error {
	user, err := resolveRunAs(s.dir, fresh)
	if err != nil {
		return err
	}
	s.user = user
	if err := s.prepareFiles(fresh); err != nil {
		return err
	}
	if fresh {
		if err := s.initdb(ctx); err != nil {
			return err
		}
	}
	if s.password, err = s.readPassword(); err != nil {
		return err
	}
	if err := s.launch(ctx); err != nil {
		s.abort()
		return err
	}
	s.owned = true
	if err := s.secure(ctx); err != nil {
		s.abort()
		return err
	}
	if err := s.ensureDatabase(ctx); err != nil {
		s.abort()
		return err
	}
	s.log.Info("pgserver: PostgreSQL started", "dir", s.dir, "port", s.port, "pid", s.pid, "log", s.logPath)
	return nil
}

// prepareFiles creates the data directory (mode 0700) and log file, hands
// them to the unprivileged user when running as root, and makes sure that
// user can reach them.
func (s *Server) prepareFiles(fresh bool) error {
	if fresh {
		if err := os.MkdirAll(s.dir, 0o700); err != nil {
			return fmt.Errorf("pgserver: create data directory: %w", err)
		}
		if err := os.Chmod(s.dir, 0o700); err != nil {
			return fmt.Errorf("pgserver: chmod data directory: %w", err)
		}
		if err := s.user.chown(s.dir); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(s.logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("pgserver: create log file: %w", err)
	}
	f.Close()
	for _, p := range []string{s.logPath, s.lockPath} {
		if err := s.user.chown(p); err != nil {
			return err
		}
	}
	return nil
}

// tryAttach looks at postmaster.pid: a live postgres serving this
// directory is attached to (after waiting while it starts or stops); a
// stale file left by a crash or naming a reused PID is removed.
func (s *Server) tryAttach(ctx context.Context) (bool, error) {
	deadline := time.Now().Add(maxWait)
	for {
		pf, err := readPidFile(s.dir)
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		if err != nil && !errors.Is(err, errMalformedPidFile) {
			return false, err
		}
		if reason := staleReason(pf, err, s.dir); reason != "" {
			return false, s.removeStalePidFile(pf.pid, reason)
		}
		if pf.port > 0 && (pf.status == "ready" || pf.status == "standby") {
			s.attach(pf)
			return true, nil
		}
		if pf.pid < 0 && time.Now().After(deadline) {
			// A single-user postgres: an initdb that was interrupted is still
			// finishing, or someone runs postgres --single by hand.
			return false, fmt.Errorf("pgserver: a single-user postgres (PID %d) is using %s; wait for it to finish", -pf.pid, s.dir)
		}
		if pf.pid > 0 && time.Now().After(deadline) {
			return false, fmt.Errorf("pgserver: PostgreSQL (PID %d) on %s is running but not ready (status %q) after %s",
				pf.pid, s.dir, pf.status, maxWait)
		}
		if err := sleepCtx(ctx, 100*time.Millisecond); err != nil {
			return false, err
		}
	}
}

// staleReason says why a postmaster.pid is stale, or "" when it belongs to
// a live postgres serving dir.
func staleReason(pf pidFile, readErr error, dir string) string {
	switch {
	case readErr != nil:
		return readErr.Error()
	case !processAlive(abs(pf.pid)):
		return "process not running"
	case !isPostgresFor(abs(pf.pid), dir):
		return "process is not a postgres serving this directory"
	}
	return ""
}

// attach adopts the running server described by pf.
func (s *Server) attach(pf pidFile) {
	s.pid, s.port, s.host = pf.pid, pf.port, attachHost(pf.listen)
	s.log.Info("pgserver: attached to running PostgreSQL", "dir", s.dir, "port", s.port, "pid", s.pid)
}

// attachHost picks the address to dial from postmaster.pid's listen line.
func attachHost(listen string) string {
	first, _, _ := strings.Cut(listen, ",")
	switch first = strings.TrimSpace(first); first {
	case "", "*", "0.0.0.0", "localhost":
		return "127.0.0.1"
	case "::":
		return "::1"
	}
	return first
}

// removeStalePidFile deletes a postmaster.pid whose process is gone or is
// not a postgres serving this directory. PostgreSQL's own shared-memory
// interlock still refuses to start if old server processes remain.
func (s *Server) removeStalePidFile(pid int, reason string) error {
	s.log.Warn("pgserver: removing stale postmaster.pid", "dir", s.dir, "pid", pid, "reason", reason)
	if err := os.Remove(pidFilePath(s.dir)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("pgserver: remove stale postmaster.pid: %w", err)
	}
	return nil
}

// abort stops a server that this Start launched but could not finish
// setting up, even when ctx is already cancelled.
func (s *Server) abort() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if !s.ownsRunningServer() {
		return
	}
	if err := s.pgctlStop(ctx, "fast"); err != nil {
		s.log.Error("pgserver: stop after failed start", "dir", s.dir, "err", err)
	}
}

// ownsRunningServer reports whether postmaster.pid still names the live
// postmaster this Server recorded (or, before it recorded one, any live
// postgres on this directory, as after an interrupted pg_ctl start).
func (s *Server) ownsRunningServer() bool {
	pf, err := readPidFile(s.dir)
	if err != nil || !processAlive(pf.pid) || !isPostgresFor(pf.pid, s.dir) {
		return false
	}
	return s.pid == 0 || pf.pid == s.pid
}

// URL is a libpq/pgx connection string to database "chidao" as user "chidao"
// with its password, e.g. postgres://chidao:PASSWORD@127.0.0.1:PORT/chidao?sslmode=disable.
// It carries a secret: do not log it.
func (s *Server) URL() string { return s.urlFor(Database) }

// AdminURL connects to the "postgres" maintenance database as the same superuser
// (tests create databases through it).
func (s *Server) AdminURL() string { return s.urlFor("postgres") }

// urlFor builds the connection URL for database db.
func (s *Server) urlFor(db string) string {
	who := url.User(User)
	if s.password != "" {
		who = url.UserPassword(User, s.password)
	}
	u := url.URL{
		Scheme:   "postgres",
		User:     who,
		Host:     net.JoinHostPort(s.host, strconv.Itoa(s.port)),
		Path:     "/" + db,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Port is the TCP port the server listens on at 127.0.0.1.
func (s *Server) Port() int { return s.port }

// Dir is the absolute data directory.
func (s *Server) Dir() string { return s.dir }

// LogPath is the server's log file beside the data directory.
func (s *Server) LogPath() string { return s.logPath }

// Owned reports whether this Server started the postmaster (and Stop stops it)
// rather than attaching to one another process had started.
func (s *Server) Owned() bool { return s.owned }

// Stop stops the server (pg_ctl stop -m fast, waiting) only if this Server
// started it; attaching Servers do nothing. If the server it started has
// meanwhile died and been replaced by another on the same directory, that
// one is left running. Safe to call twice.
func (s *Server) Stop(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return nil
	}
	s.stopped = true
	unlock, err := acquireLock(ctx, s.lockPath)
	if err != nil {
		return err
	}
	defer unlock()
	if s.users != nil {
		s.users.Close()
	}
	// Another process (or Server) still using the cluster holds its shared
	// lock: leave the server running for it; the last one out stops it,
	// whoever started it (also after the starter was killed).
	last, release, err := tryExclusive(s.dir + ".users")
	if err != nil || !last {
		return err
	}
	defer release()
	if !s.ownsRunningServer() && !s.runningOnDir() {
		s.log.Info("pgserver: PostgreSQL is no longer running", "dir", s.dir, "pid", s.pid)
		return nil
	}
	if !s.owned {
		if s.user, err = resolveRunAs(s.dir, false); err != nil {
			return err
		}
	}
	if err := s.pgctlStop(ctx, "fast"); err != nil {
		return err
	}
	s.log.Info("pgserver: PostgreSQL stopped", "dir", s.dir, "pid", s.pid)
	return nil
}

// runningOnDir reports whether a live postgres serves the data directory.
func (s *Server) runningOnDir() bool {
	pf, err := readPidFile(s.dir)
	return err == nil && processAlive(pf.pid) && isPostgresFor(pf.pid, s.dir)
}

// abs returns |n|; a single-user backend writes its PID negated.
func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// secure migrates a cluster still on trust authentication (made by an
// older chidao) to SCRAM passwords.
func (s *Server) secure(ctx context.Context) error {
	trust, err := s.needsAuthMigration()
	if err != nil || !trust {
		return err
	}
	return s.migrateAuth(ctx)
}
