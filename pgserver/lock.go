package pgserver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// lockPollInterval is how often a blocked lock attempt retries.
const lockPollInterval = 50 * time.Millisecond

// acquireLock takes an exclusive flock on path, creating the file, and
// polls so that ctx is honoured. flock locks belong to the open file
// description, so two Starts in one process exclude each other too.
// The returned function releases the lock.
func acquireLock(ctx context.Context, path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("pgserver: open lock file: %w", err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("pgserver: lock %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("pgserver: waiting for lock %s: %w", path, ctx.Err())
		case <-time.After(lockPollInterval):
		}
	}
}

// lockShared opens path and takes a shared flock on it: one per user of the
// cluster. The lock lasts until the file is closed or the process dies.
func lockShared(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("pgserver: open users file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
		f.Close()
		return nil, fmt.Errorf("pgserver: lock %s: %w", path, err)
	}
	return f, nil
}

// tryExclusive reports whether nobody else holds a lock on path, keeping
// the exclusive lock until release is called.
func tryExclusive(path string) (last bool, release func(), err error) {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o644)
	if err != nil {
		return false, nil, fmt.Errorf("pgserver: open users file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return false, nil, nil
		}
		return false, nil, fmt.Errorf("pgserver: lock %s: %w", path, err)
	}
	return true, func() { f.Close() }, nil
}
