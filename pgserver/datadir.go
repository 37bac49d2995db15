package pgserver

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// dirState classifies the data directory before starting.
type dirState int

const (
	dirFresh   dirState = iota // missing or empty: initdb will create a cluster
	dirCluster                 // holds PG_VERSION: an existing cluster
)

// inspectDir classifies dir and returns the content of PG_VERSION for an
// existing cluster. Anything that is neither empty nor a cluster is refused,
// so initdb never runs over somebody's files.
func inspectDir(dir string) (dirState, string, error) {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return dirFresh, "", nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("pgserver: data directory: %w", err)
	}
	if !fi.IsDir() {
		return 0, "", fmt.Errorf("pgserver: data directory %s is not a directory", dir)
	}
	version, err := os.ReadFile(filepath.Join(dir, "PG_VERSION"))
	if err == nil {
		return dirCluster, strings.TrimSpace(string(version)), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return 0, "", fmt.Errorf("pgserver: data directory: %w", err)
	}
	empty, err := isEmptyDir(dir)
	if err != nil {
		return 0, "", err
	}
	if !empty {
		return 0, "", fmt.Errorf("pgserver: %s is not a PostgreSQL data directory (no PG_VERSION) and is not empty; "+
			"refusing to initialise over it: empty it yourself or point CHIDAO_DATA_DIR elsewhere", dir)
	}
	return dirFresh, "", nil
}

// isEmptyDir reports whether dir has no entries.
func isEmptyDir(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, fmt.Errorf("pgserver: data directory: %w", err)
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	if errors.Is(err, io.EOF) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("pgserver: data directory: %w", err)
	}
	return false, nil
}

// checkVersion refuses a cluster made by another major version than the binaries.
func checkVersion(dir, clusterVersion string, major int) error {
	if clusterVersion == strconv.Itoa(major) {
		return nil
	}
	return fmt.Errorf("pgserver: data directory %s was created by PostgreSQL %s but the installed PostgreSQL is %d; "+
		"the data was left untouched. Either install PostgreSQL %s (Debian: apt-get install postgresql-%s) "+
		"and set %s to its bin directory if it is not under %s, or dump the data with PostgreSQL %s (pg_dumpall) "+
		"and restore it into a new directory with PostgreSQL %d, or point CHIDAO_DATA_DIR at another directory",
		dir, clusterVersion, major, clusterVersion, clusterVersion, BinDirEnv, debianRoot, clusterVersion, major)
}

// pidFile is the parsed content of postmaster.pid.
type pidFile struct {
	pid    int    // line 1; negative for a single-user backend
	port   int    // line 4; 0 while not yet written
	listen string // line 6: listen_addresses as the server resolved them
	status string // line 8: "starting", "stopping", "ready" or "standby"
}

// errMalformedPidFile marks a postmaster.pid without a PID on its first line.
var errMalformedPidFile = errors.New("malformed postmaster.pid")

// pidFilePath is where the postmaster keeps its lock file.
func pidFilePath(dir string) string { return filepath.Join(dir, "postmaster.pid") }

// readPidFile parses postmaster.pid. The server writes the file in several
// steps, so the later lines may be missing while it starts.
func readPidFile(dir string) (pidFile, error) {
	data, err := os.ReadFile(pidFilePath(dir))
	if err != nil {
		return pidFile{}, fmt.Errorf("pgserver: read postmaster.pid: %w", err)
	}
	lines := strings.Split(string(data), "\n")
	field := func(n int) string {
		if n > len(lines) {
			return ""
		}
		return strings.TrimSpace(lines[n-1])
	}
	var pf pidFile
	if pf.pid, err = strconv.Atoi(field(1)); err != nil {
		return pidFile{}, fmt.Errorf("pgserver: %w in %s: %w", errMalformedPidFile, dir, err)
	}
	pf.port, _ = strconv.Atoi(field(4))
	pf.listen = field(6)
	pf.status = field(8)
	return pf, nil
}
