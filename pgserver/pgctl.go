package pgserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Tunables for starting and stopping.
const (
	maxWait       = 60 * time.Second // cap for pg_ctl -t and for waiting on a starting/stopping server
	startAttempts = 4                // retries for a lost port race or a dying predecessor
	logTailBytes  = 4096             // how much of the server log an error quotes
	cmdWaitDelay  = 5 * time.Second  // grace after ctx cancellation before a child is killed
)

// command builds an exec.Cmd for a PostgreSQL program in the bin directory,
// running as s.user. The working directory is "/" because the unprivileged
// user may not be allowed into the caller's working directory (initdb and
// pg_ctl then print "could not change directory" into their output).
// LC_ALL=C keeps messages English, which retryable relies on.
func (s *Server) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(s.bindir, name), args...)
	cmd.Dir = "/"
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LC_MESSAGES=C")
	cmd.SysProcAttr = s.user.sysProcAttr()
	cmd.WaitDelay = cmdWaitDelay
	return cmd
}

// run executes cmd and folds its output into the error.
func (s *Server) run(ctx context.Context, cmd *exec.Cmd) error {
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("pgserver: %s interrupted: %w: %s", filepath.Base(cmd.Path), ctx.Err(), strings.TrimSpace(string(out)))
	}
	return fmt.Errorf("pgserver: %s: %w: %s", filepath.Base(cmd.Path), err, strings.TrimSpace(string(out)))
}

// initdb creates the cluster in s.dir, which exists, is empty and belongs
// to s.user, with SCRAM password authentication and a generated password
// that waits beside the directory until readPassword moves it in.
func (s *Server) initdb(ctx context.Context) error {
	if err := s.writeFile0600(s.pendingPasswordPath(), []byte(newPassword()+"\n")); err != nil {
		return err
	}
	args := []string{"-D", s.dir, "-U", User, "--auth=scram-sha-256", "--pwfile=" + s.pendingPasswordPath(),
		"-E", "UTF8", "--locale=" + clusterLocale()}
	if s.ephemeral {
		args = append(args, "--no-sync")
	}
	cmd := s.command(ctx, "initdb", args...)
	// SIGINT lets initdb remove what it created instead of leaving half a cluster.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	s.log.Info("pgserver: creating PostgreSQL cluster", "dir", s.dir, "user", s.user.name)
	return s.run(ctx, cmd)
}

// clusterLocale returns C.UTF-8 when the system has it, else C.
func clusterLocale() string {
	if out, err := exec.Command("locale", "-a").Output(); err == nil {
		for _, l := range strings.Fields(string(out)) {
			if n := strings.ToLower(l); n == "c.utf8" || n == "c.utf-8" {
				return "C.UTF-8"
			}
		}
		return "C"
	}
	for _, p := range []string{"/usr/lib/locale/C.utf8", "/usr/lib/locale/C.UTF-8"} {
		if _, err := os.Stat(p); err == nil {
			return "C.UTF-8"
		}
	}
	return "C"
}

// launch starts the server on a free port, retrying when the port was taken
// between choosing and binding it, or when processes of a crashed
// predecessor still hold its shared memory.
func (s *Server) launch(ctx context.Context) error {
	for attempt := 1; ; attempt++ {
		tail, err := s.pgctlStart(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil || attempt == startAttempts || !retryable(tail) {
			return fmt.Errorf("%w\nlast lines of %s:\n%s", err, s.logPath, tail)
		}
		s.log.Warn("pgserver: start failed, retrying", "dir", s.dir, "attempt", attempt, "err", err)
		if err := sleepCtx(ctx, time.Duration(attempt)*300*time.Millisecond); err != nil {
			return err
		}
	}
}

// pgctlStart runs one `pg_ctl start -w` and returns the log written meanwhile.
func (s *Server) pgctlStart(ctx context.Context) (string, error) {
	port, err := s.fixedPort, error(nil)
	if port == 0 {
		if port, err = freePort(); err != nil {
			return "", err
		}
	}
	offset := fileSize(s.logPath)
	cmd := s.command(ctx, "pg_ctl", "start", "-D", s.dir, "-l", s.logPath, "-w",
		"-t", strconv.Itoa(waitSeconds(ctx)), "-o", s.serverOptions(port))
	if err := s.run(ctx, cmd); err != nil {
		return logTail(s.logPath, offset), err
	}
	pf, err := readPidFile(s.dir)
	if err != nil {
		return logTail(s.logPath, offset), err
	}
	s.pid, s.port, s.host = pf.pid, port, "127.0.0.1"
	return "", nil
}

// serverOptions is the -o string for pg_ctl; pg_ctl passes it through
// /bin/sh, hence the shell quoting of the empty socket directory list.
func (s *Server) serverOptions(port int) string {
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -c unix_socket_directories=''", port)
	if s.ephemeral {
		opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	}
	return opts
}

// retryable recognises start failures that another attempt can fix.
func retryable(logTail string) bool {
	for _, s := range []string{"could not bind", "Address already in use", "pre-existing shared memory block", "could not create any TCP/IP sockets"} {
		if strings.Contains(logTail, s) {
			return true
		}
	}
	return false
}

// pgctlStop runs `pg_ctl stop -m mode -w`.
func (s *Server) pgctlStop(ctx context.Context, mode string) error {
	cmd := s.command(ctx, "pg_ctl", "stop", "-D", s.dir, "-m", mode, "-w", "-t", strconv.Itoa(waitSeconds(ctx)))
	return s.run(ctx, cmd)
}

// freePort asks the kernel for a free TCP port on 127.0.0.1.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgserver: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitSeconds turns ctx's deadline into pg_ctl's -t, capped at maxWait.
func waitSeconds(ctx context.Context) int {
	limit := maxWait
	if d, ok := ctx.Deadline(); ok && time.Until(d) < limit {
		limit = time.Until(d)
	}
	return max(1, int(math.Ceil(limit.Seconds())))
}

// fileSize returns the size of path, or 0.
func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// logTail returns at most logTailBytes of what path gained after offset.
func logTail(path string, offset int64) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("(cannot read log: %v)", err)
	}
	defer f.Close()
	offset = max(offset, fileSize(path)-logTailBytes)
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return fmt.Sprintf("(cannot read log: %v)", err)
	}
	data, err := io.ReadAll(f)
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Sprintf("(cannot read log: %v)", err)
	}
	return strings.TrimSpace(string(data))
}

// sleepCtx sleeps for d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return fmt.Errorf("pgserver: %w", ctx.Err())
	case <-time.After(d):
		return nil
	}
}
