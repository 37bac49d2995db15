package pgserver

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
)

// processAlive reports whether pid names a running (not zombie) process.
// kill(pid, 0) alone is not enough: it succeeds on zombies, and a killed
// postmaster stays a zombie until its (re)parent reaps it.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	state, err := processState(pid)
	if err != nil {
		return !errors.Is(err, os.ErrNotExist)
	}
	return state != 'Z' && state != 'X'
}

// processState reads the one-letter state from /proc/<pid>/stat.
func processState(pid int) (byte, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name in parentheses may contain spaces and ')'.
	i := strings.LastIndexByte(string(data), ')')
	if i < 0 || i+2 >= len(data) {
		return 0, fmt.Errorf("pgserver: malformed /proc/%d/stat", pid)
	}
	return data[i+2], nil
}

// isPostgresFor reports whether the live process pid is a postgres server
// whose data directory is dir. The postmaster chdirs into its data
// directory, so its cwd identifies the cluster even when the path it was
// given differs (symlinks, relative paths); the -D argument is the fallback
// when the cwd cannot be read.
func isPostgresFor(pid int, dir string) bool {
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	if err != nil {
		return false
	}
	if name := strings.TrimSpace(string(comm)); name != "postgres" && name != "postmaster" {
		return false
	}
	if cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid)); err == nil {
		return sameDir(cwd, dir)
	}
	dataArg := dataDirArg(pid)
	return dataArg != "" && sameDir(dataArg, dir)
}

// dataDirArg returns the -D argument of pid's command line, if any.
func dataDirArg(pid int) string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return ""
	}
	args := strings.Split(string(data), "\x00")
	for i, a := range args {
		if a == "-D" && i+1 < len(args) {
			return args[i+1]
		}
		if strings.HasPrefix(a, "-D") && len(a) > 2 {
			return a[2:]
		}
	}
	return ""
}

// sameDir reports whether a and b name the same directory.
func sameDir(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(fa, fb)
}
