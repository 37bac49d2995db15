package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"chidao/internal/dbtest"
	"chidao/internal/testclock"
)

func TestMain(m *testing.M) {
	if os.Getenv("CHIDAO_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	// Every chidao the tests start shares the stores' key (os.Environ).
	os.Setenv("CHIDAO_SECRET_KEY", dbtest.SecretKey)
	dbtest.Main(m)
}

// chidao runs the real main in a child process, as a shell would.
func chidao(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "CHIDAO_RUN_MAIN=1", testclock.Env()), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

func TestBadInputExitsOneWithOneLineOnStderr(t *testing.T) {
	env := []string{"DATABASE_URL=" + dbtest.URL(t)}
	if _, _, code := chidao(t, env, "unit", "add", "--code", "BKG", "--name", "Báo Kiên Giang"); code != 0 {
		t.Fatalf("unit add exited %d", code)
	}
	for _, args := range [][]string{
		{"unit", "add", "--code", "BKG", "--name", "Báo"},
		{"directive", "create", "--number", "1", "--title", "T", "--due", "2024-04-15", "--units", "BKG"},
		{"bogus"},
	} {
		stdout, stderr, code := chidao(t, env, args...)
		if code != 1 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "chidao: ") {
			t.Errorf("chidao %v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	if _, stderr, code := chidao(t, []string{"DATABASE_URL=postgres://u:hunter2@127.0.0.1:1/x?connect_timeout=1"}, "unit", "list"); code != 1 || strings.Contains(stderr, "hunter2") {
		t.Errorf("unreachable database: exit %d, stderr %q", code, stderr)
	}
}
