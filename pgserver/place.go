package pgserver

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// dataDirHint is appended to errors that a different data directory fixes.
const dataDirHint = "set CHIDAO_DATA_DIR to a directory that user can reach (e.g. under /var/lib or /tmp)"

// relocationRoot is where, as root, a cluster goes whose configured
// directory the server's unprivileged user cannot reach (a checkout under
// /root, a mktemp -d). A variable so tests can point it elsewhere.
var relocationRoot = "/var/lib/chidao"

// placeDir settles where the cluster lives. A symlink at the configured
// directory (left by an earlier relocation) is followed. As root, when the
// server's user cannot reach the directory, the cluster is placed in a
// directory under relocationRoot instead and the configured path becomes a
// symlink to it: giving the server extra powers (such as a capability that
// reads every file) would make any database login a way to read the
// machine. An existing cluster is moved there when rename can do it.
func (s *Server) placeDir() error {
	if real, err := filepath.EvalSymlinks(s.dir); err == nil {
		s.dir, s.logPath = real, real+".log"
	}
	if os.Geteuid() != 0 {
		return nil
	}
	state, _, err := inspectDir(s.dir)
	if err != nil || (state == dirCluster && s.runningOnDir()) {
		return err // a running server is attached to, wherever it is
	}
	user, err := resolveRunAs(s.dir, state == dirFresh)
	if err != nil {
		return nil // startLocked reports it, after the checks that come first
	}
	blocker, err := blockingAncestor(s.dir, user.uid, user.gid)
	if err != nil || blocker == "" {
		return err
	}
	return s.relocate(state, blocker, user)
}

// relocate moves (or, when fresh, points) the cluster to relocationRoot.
func (s *Server) relocate(state dirState, blocker string, user runAs) error {
	sum := sha256.Sum256([]byte(s.dir))
	target := filepath.Join(relocationRoot, filepath.Base(s.dir)+"-"+hex.EncodeToString(sum[:6]))
	if err := os.MkdirAll(relocationRoot, 0o755); err != nil {
		return fmt.Errorf("pgserver: create %s: %w", relocationRoot, err)
	}
	if b, err := blockingAncestor(target, user.uid, user.gid); err != nil || b != "" {
		return fmt.Errorf("pgserver: user %s cannot reach %s (%s is not searchable for it) nor %s; %s",
			user.name, s.dir, blocker, target, dataDirHint)
	}
	if state == dirCluster {
		if err := os.Rename(s.dir, target); err != nil {
			return fmt.Errorf("pgserver: user %s (PostgreSQL refuses to run as root) cannot reach %s because %s is not searchable for it, "+
				"and moving the cluster to %s failed (%v); the data was left untouched: move it yourself or %s",
				user.name, s.dir, blocker, target, err, dataDirHint)
		}
	} else if err := os.Remove(s.dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("pgserver: replace empty data directory: %w", err)
	}
	if err := os.Symlink(target, s.dir); err != nil {
		return fmt.Errorf("pgserver: link %s to %s: %w", s.dir, target, err)
	}
	s.log.Warn("pgserver: the server's user cannot reach the data directory, so the cluster lives elsewhere "+
		"(no extra powers are given to PostgreSQL)", "user", user.name, "blocked_by", blocker, "configured", s.dir, "cluster", target)
	s.dir, s.logPath = target, target+".log"
	return nil
}
