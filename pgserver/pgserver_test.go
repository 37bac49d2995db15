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
	want := fmt.Sprintf("postgres://chidao:%s@127.0.0.1:%d/chidao?sslmode=disable", s.password, s.Port())
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

// assertStopped checks that the cluster's postmaster is gone. Connecting
// to its port is no proof: under a full suite another test's server may
// start on the freed port at once.
func assertStopped(t *testing.T, s *Server, why string) {
	t.Helper()
	if s.runningOnDir() {
		t.Fatal(why)
	}
	if c, err := pgx.Connect(testCtx(t), s.URL()); err == nil {
		var dir string
		if c.QueryRow(testCtx(t), "SHOW data_directory").Scan(&dir) == nil && dir == s.Dir() {
			t.Fatal(why + " (it answers on its port)")
		}
		c.Close(testCtx(t))
	}
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
	assertStopped(t, s1, "the server still runs after the owner's Stop")
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
	assertStopped(t, user, "the server still runs after its last user stopped")
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
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	useRelocationRoot(t)
	blocked := filepath.Join(filepath.Dir(testDir(t)), "private")
	if err := os.Mkdir(blocked, 0o700); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(blocked, "var", "pg")
	s := startServer(t, dir)
	if !strings.HasPrefix(s.Dir(), relocationRoot) {
		t.Fatalf("cluster in %s, want it under %s", s.Dir(), relocationRoot)
	}
	if link, err := os.Readlink(dir); err != nil || link != s.Dir() {
		t.Fatalf("configured dir links to %q (%v), want %s", link, err, s.Dir())
	}
	assertNoCapabilities(t, s.pid)
	execSQL(t, s.URL(), "CREATE TABLE t (v text)", "INSERT INTO t VALUES ('reached')")
	stopServer(t, s)

	s2 := startServer(t, dir) // through the symlink, as its owner, still without capabilities
	if got := queryString(t, s2.URL(), "SELECT v FROM t"); got != "reached" {
		t.Fatalf("v = %q", got)
	}
	assertNoCapabilities(t, s2.pid)
}

func TestRootMovesUnreachableExistingCluster(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	useRelocationRoot(t)
	dir := testDir(t)
	s := startServer(t, dir)
	execSQL(t, s.URL(), "CREATE TABLE t (v text)", "INSERT INTO t VALUES ('kept')")
	stopServer(t, s)
	if err := os.Chmod(filepath.Dir(dir), 0o700); err != nil { // as a checkout in /root
		t.Fatal(err)
	}
	s2 := startServer(t, dir)
	if !strings.HasPrefix(s2.Dir(), relocationRoot) {
		t.Fatalf("cluster in %s, want it moved under %s", s2.Dir(), relocationRoot)
	}
	if got := queryString(t, s2.URL(), "SELECT v FROM t"); got != "kept" {
		t.Fatalf("v = %q", got)
	}
	assertNoCapabilities(t, s2.pid)
}

// useRelocationRoot points relocationRoot at a reachable temp directory
// for the test (tests using it must not run in parallel).
func useRelocationRoot(t *testing.T) {
	old := relocationRoot
	relocationRoot = filepath.Join(filepath.Dir(testDir(t)), "relocated")
	t.Cleanup(func() { relocationRoot = old })
}

// assertNoCapabilities fails when process pid holds any capability.
func assertNoCapabilities(t *testing.T, pid int) {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		name, value, _ := strings.Cut(line, ":")
		if (name == "CapAmb" || name == "CapEff" || name == "CapPrm") && strings.Trim(strings.TrimSpace(value), "0") != "" {
			t.Errorf("postmaster %s = %s, want none", name, strings.TrimSpace(value))
		}
	}
}

func TestPasswordRequired(t *testing.T) {
	t.Parallel()
	s := startServer(t, testDir(t))
	info, err := os.Stat(filepath.Join(s.Dir(), passwordFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("password file: %v %v", info, err)
	}
	for name, url := range map[string]string{
		"no password":    strings.Replace(s.URL(), ":"+s.password+"@", "@", 1),
		"wrong password": strings.Replace(s.URL(), s.password, "guess", 1),
		"other role":     strings.Replace(s.URL(), User+":"+s.password, "postgres", 1),
	} {
		conn, err := pgx.Connect(testCtx(t), url)
		if err == nil {
			conn.Close(context.Background())
			t.Errorf("%s: connected", name)
		}
	}
	if os.Geteuid() == 0 { // another local user cannot read the password
		cmd := exec.Command("cat", filepath.Join(s.Dir(), passwordFile))
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534, Groups: []uint32{}}}
		if out, err := cmd.CombinedOutput(); err == nil {
			t.Errorf("user nobody read the password file: %s", out)
		}
	}
	assertNoCapabilities(t, s.pid)
}

func TestTrustClusterMigrated(t *testing.T) {
	t.Parallel()
	dir := testDir(t)
	s := startServer(t, dir)
	execSQL(t, s.URL(), "CREATE TABLE t (v text)", "INSERT INTO t VALUES ('old data')")
	stopServer(t, s)
	// Make it look like a cluster of the previous version: trust, no password file.
	hba := "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n"
	if err := os.WriteFile(filepath.Join(dir, "pg_hba.conf"), []byte(hba), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, passwordFile)); err != nil {
		t.Fatal(err)
	}
	s2 := startServer(t, dir)
	if got := queryString(t, s2.URL(), "SELECT v FROM t"); got != "old data" {
		t.Fatalf("v = %q", got)
	}
	if s2.password == "" || s2.password == s.password {
		t.Fatal("no new password after migration")
	}
	conn, err := pgx.Connect(testCtx(t), strings.Replace(s2.URL(), ":"+s2.password+"@", "@", 1))
	if err == nil {
		conn.Close(context.Background())
		t.Fatal("connected without password after migration")
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
