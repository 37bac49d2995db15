package pgserver

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// runAs describes the identity the PostgreSQL programs run with.
// The zero value runs them as the current user.
type runAs struct {
	switchUser bool   // we are root: run as uid/gid instead
	uid, gid   uint32 // the unprivileged identity
	name       string // its user name, for messages
}

// sysProcAttr returns the process attributes that apply r.
func (r runAs) sysProcAttr() *syscall.SysProcAttr {
	if !r.switchUser {
		return nil
	}
	// No capabilities are ever handed on: the server runs with exactly the
	// rights of its user.
	return &syscall.SysProcAttr{
		Credential: &syscall.Credential{Uid: r.uid, Gid: r.gid, Groups: []uint32{}},
	}
}

// resolveRunAs picks who runs PostgreSQL. As a normal user that is the user
// itself. PostgreSQL refuses to run as root, so root runs an existing
// cluster as its owner and a new one as "postgres", else "nobody".
func resolveRunAs(dir string, fresh bool) (runAs, error) {
	if os.Geteuid() != 0 {
		return runAs{}, nil
	}
	if !fresh {
		return clusterOwner(dir)
	}
	return unprivilegedUser()
}

// clusterOwner returns the owner of an existing data directory.
func clusterOwner(dir string) (runAs, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return runAs{}, fmt.Errorf("pgserver: data directory: %w", err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	if st.Uid == 0 {
		return runAs{}, fmt.Errorf("pgserver: data directory %s is owned by root and PostgreSQL refuses to run as root; "+
			"chown -R it to an unprivileged user (e.g. postgres)", dir)
	}
	name := strconv.Itoa(int(st.Uid))
	if u, err := user.LookupId(name); err == nil {
		name = u.Username
	}
	return runAs{switchUser: true, uid: st.Uid, gid: st.Gid, name: name}, nil
}

// unprivilegedUser looks up "postgres", else "nobody".
func unprivilegedUser() (runAs, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil {
			continue
		}
		return runAs{switchUser: true, uid: uint32(uid), gid: uint32(gid), name: name}, nil
	}
	return runAs{}, fmt.Errorf("pgserver: running as root, but PostgreSQL refuses root and neither user postgres nor nobody exists; " +
		"create one (Debian: apt-get install postgresql creates postgres)")
}

// chown gives path to r's user when running as root.
func (r runAs) chown(path string) error {
	if !r.switchUser {
		return nil
	}
	if err := os.Lchown(path, int(r.uid), int(r.gid)); err != nil {
		return fmt.Errorf("pgserver: chown %s to %s: %w", path, r.name, err)
	}
	return nil
}

// blockingAncestor returns the topmost ancestor of path that uid/gid
// (without supplementary groups) may not search, or "" when none blocks.
func blockingAncestor(path string, uid, gid uint32) (string, error) {
	var ancestors []string
	for p := filepath.Dir(path); ; p = filepath.Dir(p) {
		ancestors = append([]string{p}, ancestors...)
		if p == filepath.Dir(p) {
			break
		}
	}
	for _, p := range ancestors {
		fi, err := os.Stat(p)
		if err != nil {
			return "", fmt.Errorf("pgserver: check access to %s: %w", p, err)
		}
		if !searchable(fi, uid, gid) {
			return p, nil
		}
	}
	return "", nil
}

// searchable applies the classic owner/group/other execute-bit check.
func searchable(fi os.FileInfo, uid, gid uint32) bool {
	st := fi.Sys().(*syscall.Stat_t)
	perm := fi.Mode().Perm()
	switch {
	case st.Uid == uid:
		return perm&0o100 != 0
	case st.Gid == gid:
		return perm&0o010 != 0
	default:
		return perm&0o001 != 0
	}
}
