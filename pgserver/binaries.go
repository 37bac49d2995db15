package pgserver

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// BinDirEnv names the environment variable that overrides where the
// PostgreSQL server binaries (initdb, pg_ctl, postgres) are looked up.
const BinDirEnv = "CHIDAO_PG_BINDIR"

// debianRoot is where Debian and Ubuntu install one directory per major version.
const debianRoot = "/usr/lib/postgresql"

// installHint is appended to every "binaries not found" error.
const installHint = "install PostgreSQL (Debian: apt-get install postgresql) or set " + BinDirEnv + " to its bin directory"

// errNoBinaries means a candidate directory lacks the server binaries.
var errNoBinaries = errors.New("initdb, pg_ctl or postgres missing")

// versionRE extracts the major version from `postgres --version` output,
// e.g. "postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)" or "17devel".
var versionRE = regexp.MustCompile(`\(PostgreSQL\) (\d+)`)

// Binaries finds the PostgreSQL bin directory and its major version.
// CHIDAO_PG_BINDIR overrides; otherwise `pg_config --bindir` is tried, then the
// highest /usr/lib/postgresql/*/bin, then the directory of `pg_ctl` on PATH.
func Binaries() (bindir string, major int, err error) {
	if dir := os.Getenv(BinDirEnv); dir != "" {
		return binariesIn(dir)
	}
	for _, find := range []func() []string{pgConfigBinDir, debianBinDirs, pathBinDir} {
		for _, dir := range find() {
			if bindir, major, err := binariesIn(dir); err == nil {
				return bindir, major, nil
			}
		}
	}
	return "", 0, fmt.Errorf("pgserver: PostgreSQL server binaries not found: %s", installHint)
}

// binariesFor picks binaries able to run a cluster of version want (the
// content of PG_VERSION, "" for a new cluster). Debian can install several
// majors side by side, so an existing cluster prefers its own major's binaries.
func binariesFor(want string) (string, int, error) {
	if want != "" && os.Getenv(BinDirEnv) == "" {
		if bindir, major, err := binariesIn(filepath.Join(debianRoot, want, "bin")); err == nil {
			return bindir, major, nil
		}
	}
	return Binaries()
}

// binariesIn checks that dir holds the server binaries and returns its major version.
func binariesIn(dir string) (string, int, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", 0, fmt.Errorf("pgserver: bin directory %s: %w", dir, err)
	}
	for _, name := range []string{"initdb", "pg_ctl", "postgres"} {
		if !isExecutable(filepath.Join(abs, name)) {
			return "", 0, fmt.Errorf("pgserver: bin directory %s: %w; %s", abs, errNoBinaries, installHint)
		}
	}
	major, err := serverMajor(filepath.Join(abs, "postgres"))
	if err != nil {
		return "", 0, err
	}
	return abs, major, nil
}

// serverMajor runs `postgres --version` and parses the major version.
func serverMajor(postgres string) (int, error) {
	out, err := exec.Command(postgres, "--version").Output()
	if err != nil {
		return 0, fmt.Errorf("pgserver: %s --version: %w", postgres, err)
	}
	m := versionRE.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("pgserver: unrecognised version output from %s: %q", postgres, strings.TrimSpace(string(out)))
	}
	major, err := strconv.Atoi(string(m[1]))
	if err != nil || major < 10 {
		return 0, fmt.Errorf("pgserver: %s is PostgreSQL %s; version 10 or newer is required", postgres, m[1])
	}
	return major, nil
}

// pgConfigBinDir asks pg_config on PATH. On Debian /usr/bin/pg_config is a
// wrapper that may answer for libpq-dev, whose bindir need not hold a server,
// so the caller validates the answer.
func pgConfigBinDir() []string {
	out, err := exec.Command("pg_config", "--bindir").Output()
	if err != nil {
		return nil
	}
	return []string{strings.TrimSpace(string(out))}
}

// debianBinDirs lists /usr/lib/postgresql/*/bin, highest major first.
func debianBinDirs() []string {
	dirs, _ := filepath.Glob(filepath.Join(debianRoot, "*", "bin"))
	sort.Slice(dirs, func(i, j int) bool { return dirMajor(dirs[i]) > dirMajor(dirs[j]) })
	return dirs
}

// dirMajor parses the version component of /usr/lib/postgresql/<v>/bin.
func dirMajor(bindir string) float64 {
	v, err := strconv.ParseFloat(filepath.Base(filepath.Dir(bindir)), 64)
	if err != nil {
		return -1
	}
	return v
}

// pathBinDir returns the real directory of pg_ctl on PATH. Symlinks are
// resolved because /usr/local/bin/pg_ctl often points into the real bin dir,
// where initdb and postgres live too.
func pathBinDir() []string {
	p, err := exec.LookPath("pg_ctl")
	if err != nil {
		return nil
	}
	if real, err := filepath.EvalSymlinks(p); err == nil {
		p = real
	}
	return []string{filepath.Dir(p)}
}

// isExecutable reports whether path is a regular file with an execute bit.
func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}
