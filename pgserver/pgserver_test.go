package pgserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// testTimeout bounds every Start, Stop and query in the tests.
const testTimeout = 60 * time.Second

// testDir returns a not yet existing data directory inside a fresh temp
// directory. os.MkdirTemp makes 0700 directories, which the unprivileged
// user cannot enter when the tests run as root, hence the chmod.
func testDir(t *testing.T) string {
	t.Helper()
	base, err := os.MkdirTemp("", "pgserver-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(base, "pg")
}

// testCtx returns a context bounded by testTimeout.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// startServer starts (or attaches to) the cluster in dir and stops it at cleanup.
func startServer(t *testing.T, dir string) *Server {
	t.Helper()
	s, err := Start(testCtx(t), Options{Dir: dir, Ephemeral: true, Logger: slog.New(slog.NewTextHandler(t.Output(), nil))})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Stop(context.Background()); err != nil {
			t.Errorf("Stop at cleanup: %v", err)
		}
	})
	return s
}

// stopServer stops s and fails the test on error.
func stopServer(t *testing.T, s *Server) {
	t.Helper()
	if err := s.Stop(testCtx(t)); err != nil {
		t.Fatalf("Stop: %v", err)
	}
}

// connect opens a pgx connection closed at cleanup.
func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	ctx := testCtx(t)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect %s: %v", url, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// execSQL runs statements on a short-lived connection to url.
func execSQL(t *testing.T, url string, stmts ...string) {
	t.Helper()
	ctx := testCtx(t)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect %s: %v", url, err)
	}
	defer conn.Close(ctx)
	for _, q := range stmts {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// queryString runs a one-value query on a short-lived connection to url.
func queryString(t *testing.T, url, q string) string {
	t.Helper()
	ctx := testCtx(t)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect %s: %v", url, err)
	}
	defer conn.Close(ctx)
	var v string
	if err := conn.QueryRow(ctx, q).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}

// snapshot lists the names and contents of the regular files in dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		files[e.Name()] = string(data)
	}
	return files
}

// assertUntouched fails when dir differs from an earlier snapshot.
func assertUntouched(t *testing.T, dir string, before map[string]string) {
	t.Helper()
	after := snapshot(t, dir)
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("directory %s changed:\nbefore %v\nafter  %v", dir, before, after)
	}
}

// waitGone waits until pid is no longer a live process.
func waitGone(t *testing.T, pid int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); processAlive(pid); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("process %d still alive", pid)
		}
	}
}

func TestFreshStart(t *testing.T) {
	t.Parallel()
	dir := testDir(t)
	s := startServer(t, dir)
	if !s.Owned() || s.Port() == 0 || s.Port() == 5432 {
		t.Fatalf("owned=%v port=%d", s.Owned(), s.Port())
	}
	want := fmt.Sprintf("postgres://chidao@127.0.0.1:%d/chidao?sslmode=disable", s.Port())
	if s.URL() != want {
		t.Fatalf("URL() = %q, want %q", s.URL(), want)
	}
	if got := queryString(t, s.URL(), "SELECT current_user || '/' || current_database() || '/' || pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()"); got != "chidao/chidao/UTF8" {
		t.Fatalf("URL() session = %q", got)
	}
	if got := queryString(t, s.AdminURL(), "SELECT current_database()"); got != "postgres" {
		t.Fatalf("AdminURL() database = %q", got)
	}
	if got := queryString(t, s.URL(), "SHOW unix_socket_directories"); got != "" {
		t.Fatalf("unix_socket_directories = %q", got)
	}
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("data dir mode: %v %v", fi.Mode(), err)
	}
	if os.Geteuid() == 0 && fi.Sys().(*syscall.Stat_t).Uid == 0 {
		t.Fatal("data dir owned by root")
	}
	stopServer(t, s)
	stopServer(t, s) // twice is fine
	if _, err := os.Stat(pidFilePath(dir)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("postmaster.pid after Stop: %v", err)
	}
}

func TestDataSurvivesRestartAndDatabaseIsRecreated(t *testing.T) {
	t.Parallel()
	dir := testDir(t)
	s := startServer(t, dir)
	execSQL(t, s.URL(), "CREATE TABLE kv (k text PRIMARY KEY, v text)", "INSERT INTO kv VALUES ('a', 'persisted')")
	// Simulate a crash between initdb and CREATE DATABASE with a second database gone missing.
	execSQL(t, s.AdminURL(), "CREATE DATABASE other")
	stopServer(t, s)

	s2 := startServer(t, dir)
	if got := queryString(t, s2.URL(), "SELECT v FROM kv WHERE k = 'a'"); got != "persisted" {
		t.Fatalf("after restart v = %q", got)
	}
	execSQL(t, s2.AdminURL(), "ALTER DATABASE chidao RENAME TO chidao_old")
	stopServer(t, s2)

	s3 := startServer(t, dir)
	if got := queryString(t, s3.URL(), "SELECT count(*)::text FROM pg_tables WHERE tablename = 'kv'"); got != "0" {
		t.Fatalf("recreated database should be empty, kv tables = %s", got)
	}
	if got := queryString(t, s3.AdminURL(), "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database WHERE datname LIKE 'chidao%'"); got != "chidao,chidao_old" {
		t.Fatalf("databases = %q", got)
	}
}

func TestStalePidFileAfterCrash(t *testing.T) {
	t.Parallel()
	dir := testDir(t)
	s := startServer(t, dir)
	execSQL(t, s.URL(), "CREATE TABLE t (v int)", "INSERT INTO t VALUES (42)", "CHECKPOINT")
	pf, err := readPidFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pf.pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitGone(t, pf.pid)
	if _, err := os.Stat(pidFilePath(dir)); err != nil {
		t.Fatalf("kill -9 should leave postmaster.pid: %v", err)
	}

	s2 := startServer(t, dir)
	if !s2.Owned() || s2.pid == pf.pid {
		t.Fatalf("second Start: owned=%v pid=%d (old %d)", s2.Owned(), s2.pid, pf.pid)
	}
	if got := queryString(t, s2.URL(), "SELECT v::text FROM t"); got != "42" {
		t.Fatalf("after crash v = %q", got)
	}
	stopServer(t, s) // its postmaster is gone: must not touch the new one
	if got := queryString(t, s2.URL(), "SELECT 'alive'"); got != "alive" {
		t.Fatal("new server affected by the dead one's Stop")
	}
}

func TestPidFileNamingUnrelatedLiveProcess(t *testing.T) {
	t.Parallel()
	dir := testDir(t)
	s := startServer(t, dir)
	execSQL(t, s.URL(), "CREATE TABLE t (v text)", "INSERT INTO t VALUES ('kept')")
	stopServer(t, s)
	// A PID reused after a crash: our own PID is live but not a postgres.
	fake := fmt.Sprintf("%d\n%s\n%d\n%d\n\n127.0.0.1\n  1234567     12345\nready   \n",
		os.Getpid(), dir, time.Now().Unix(), 54321)
	if err := os.WriteFile(pidFilePath(dir), []byte(fake), 0o600); err != nil {
		t.Fatal(err)
	}
	s2 := startServer(t, dir)
	if !s2.Owned() || s2.Port() == 54321 {
		t.Fatalf("attached to a fake pid file: owned=%v port=%d", s2.Owned(), s2.Port())
	}
	if got := queryString(t, s2.URL(), "SELECT v FROM t"); got != "kept" {
		t.Fatalf("v = %q", got)
	}
}

func TestVersionMismatchLeavesDataAlone(t *testing.T) {
	t.Parallel()
	_, major, err := Binaries()
	if err != nil {
		t.Fatal(err)
	}
	dir := testDir(t)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"PG_VERSION": "11\n", "marker": "precious"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	before := snapshot(t, dir)
	_, err = Start(testCtx(t), Options{Dir: dir, Ephemeral: true})
	if err == nil {
		t.Fatal("Start succeeded on a PostgreSQL 11 directory")
	}
	for _, want := range []string{"PostgreSQL 11", "PostgreSQL is " + strconv.Itoa(major), "dump", "CHIDAO_DATA_DIR"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	assertUntouched(t, dir, before)
}

func TestNonDataDirectoryRefused(t *testing.T) {
	t.Parallel()
	dir := testDir(t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	_, err := Start(testCtx(t), Options{Dir: dir, Ephemeral: true})
	if err == nil || !strings.Contains(err.Error(), "not a PostgreSQL data directory") {
		t.Fatalf("want refusal, got %v", err)
	}
	assertUntouched(t, dir, before)
}

func TestAttachToRunningServer(t *testing.T) {
	t.Parallel()
	dir := testDir(t)
	s1 := startServer(t, dir)
	s2 := startServer(t, dir)
	if s2.Owned() || s2.Port() != s1.Port() || s2.URL() != s1.URL() {
		t.Fatalf("second Start: owned=%v port=%d, first port %d", s2.Owned(), s2.Port(), s1.Port())
	}
	stopServer(t, s2)
	if got := queryString(t, s1.URL(), "SELECT 'still up'"); got != "still up" {
		t.Fatal("attached Stop stopped the server")
	}
	stopServer(t, s1)
	if _, err := pgx.Connect(testCtx(t), s1.URL()); err == nil {
		t.Fatal("server still accepts connections after the owner's Stop")
	}
}

// The process that started the server may exit first (two chidao
// commands, or serve and a CLI command): the server stays up for the other
// user, and the last one out stops it.
func TestLastUserStopsTheServer(t *testing.T) {
	t.Parallel()
	dir := testDir(t)
	owner := startServer(t, dir)
	user := startServer(t, dir)
	stopServer(t, owner)
	if got := queryString(t, user.URL(), "SELECT 'still up'"); got != "still up" {
		t.Fatal("the owner's Stop stopped a server another user still had")
	}
	stopServer(t, user)
	if _, err := pgx.Connect(testCtx(t), user.URL()); err == nil {
		t.Fatal("server still accepts connections after its last user stopped")
	}
}

func TestConcurrentStartsShareOneServer(t *testing.T) {
	t.Parallel()
	dir := testDir(t)
	servers := make([]*Server, 2)
	var wg sync.WaitGroup
	for i := range servers {
		wg.Go(func() {
			s, err := Start(testCtx(t), Options{Dir: dir, Ephemeral: true, Logger: slog.New(slog.NewTextHandler(t.Output(), nil))})
			if err != nil {
				t.Errorf("Start %d: %v", i, err)
				return
			}
			servers[i] = s
		})
	}
	wg.Wait()
	if t.Failed() {
		for _, s := range servers {
			if s != nil {
				s.Stop(context.Background())
			}
		}
		t.FailNow()
	}
	t.Cleanup(func() {
		for _, s := range servers {
			if err := s.Stop(context.Background()); err != nil {
				t.Errorf("Stop: %v", err)
			}
		}
	})
	owned := slices.IndexFunc(servers, func(s *Server) bool { return s.Owned() })
	if owned < 0 || servers[0].Owned() == servers[1].Owned() || servers[0].Port() != servers[1].Port() {
		t.Fatalf("owned %v/%v ports %d/%d", servers[0].Owned(), servers[1].Owned(), servers[0].Port(), servers[1].Port())
	}
	queryString(t, servers[1-owned].URL(), "SELECT 'ok'")
}

func TestRootWithUntraversableAncestor(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	blocked := filepath.Join(filepath.Dir(testDir(t)), "private")
	if err := os.Mkdir(blocked, 0o700); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(blocked, "var", "pg")
	s := startServer(t, dir)
	if !s.user.ambientCap {
		t.Fatal("expected CAP_DAC_READ_SEARCH to be used")
	}
	if got, _ := blockingAncestor(dir, s.user.uid, s.user.gid); got != blocked {
		t.Fatalf("blockingAncestor = %q, want %q", got, blocked)
	}
	execSQL(t, s.URL(), "CREATE TABLE t (v text)", "INSERT INTO t VALUES ('reached')")
	stopServer(t, s)

	s2 := startServer(t, dir) // existing cluster: runs as its owner, again with the capability
	if got := queryString(t, s2.URL(), "SELECT v FROM t"); got != "reached" {
		t.Fatalf("v = %q", got)
	}
}

// capHelperEnv hands the data directory to TestCapabilityHelper when
// TestRootWithoutCapability re-runs the test binary without the capability.
const capHelperEnv = "PGSERVER_TEST_NO_CAP_DIR"

func TestRootWithoutCapability(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Skip("setpriv (util-linux) not installed")
	}
	blocked := filepath.Join(filepath.Dir(testDir(t)), "private")
	if err := os.Mkdir(blocked, 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(setpriv, "--bounding-set", "-dac_read_search", "--",
		os.Args[0], "-test.run=^TestCapabilityHelper$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), capHelperEnv+"="+filepath.Join(blocked, "pg"))
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestCapabilityHelper") {
		t.Fatalf("helper failed: %v\n%s", err, out)
	}
}

// TestCapabilityHelper runs only inside TestRootWithoutCapability.
func TestCapabilityHelper(t *testing.T) {
	dir := os.Getenv(capHelperEnv)
	if dir == "" {
		t.Skip("helper for TestRootWithoutCapability")
	}
	s, err := Start(testCtx(t), Options{Dir: dir, Ephemeral: true})
	if err == nil {
		s.Stop(context.Background())
		t.Fatal("Start succeeded without CAP_DAC_READ_SEARCH")
	}
	blocked := filepath.Dir(dir)
	for _, want := range []string{blocked + " is not searchable", "CAP_DAC_READ_SEARCH", "CHIDAO_DATA_DIR"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("data directory created anyway: %v", err)
	}
}

func TestStartFailureQuotesLog(t *testing.T) {
	t.Parallel()
	dir := testDir(t)
	stopServer(t, startServer(t, dir))
	conf, err := os.OpenFile(filepath.Join(dir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conf.WriteString("no_such_setting = 1\n"); err != nil {
		t.Fatal(err)
	}
	conf.Close()
	_, err = Start(testCtx(t), Options{Dir: dir, Ephemeral: true})
	if err == nil || !strings.Contains(err.Error(), `unrecognized configuration parameter "no_such_setting"`) {
		t.Fatalf("want the log tail in the error, got %v", err)
	}
}

func TestCancelledStartRecovers(t *testing.T) {
	t.Parallel()
	dir := testDir(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if s, err := Start(ctx, Options{Dir: dir, Ephemeral: true}); err == nil {
		s.Stop(context.Background()) // the machine was fast; nothing to recover from
	} else if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want a deadline error, got %v", err)
	}
	s := startServer(t, dir)
	queryString(t, s.URL(), "SELECT 'recovered'")
}

func TestBinaries(t *testing.T) {
	bindir, major, err := Binaries()
	if err != nil {
		t.Fatal(err)
	}
	if major < 10 || !isExecutable(filepath.Join(bindir, "pg_ctl")) {
		t.Fatalf("Binaries() = %q, %d", bindir, major)
	}
	t.Setenv(BinDirEnv, t.TempDir())
	if _, _, err := Binaries(); err == nil || !strings.Contains(err.Error(), "install PostgreSQL (Debian: apt-get install postgresql)") {
		t.Fatalf("bogus %s: %v", BinDirEnv, err)
	}
}
