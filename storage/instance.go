package storage

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"
)

// instanceLockClass is the first key of the advisory locks that mark a
// running process; the second key is the process's instance number.
const instanceLockClass = 73010

// Instance is one running chidao process, alive as long as it holds a
// session advisory lock on its number. Messages it claims carry the number,
// so that another process can tell those of a crashed process (whose lock
// PostgreSQL released with its connection) from those still being sent.
type Instance struct {
	ID   int32
	mu   sync.Mutex
	conn *pgxpool.Conn
}

// Register makes this process a live instance.
func (s *Store) Register(ctx context.Context) (*Instance, error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("storage: register instance: %w", err)
	}
	for range 100 {
		var b [4]byte
		_, _ = rand.Read(b[:])
		id := int32(binary.BigEndian.Uint32(b[:]) & 0x7fffffff)
		var ok bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, instanceLockClass, id).Scan(&ok); err != nil {
			conn.Release()
			return nil, fmt.Errorf("storage: register instance: %w", err)
		}
		if ok && id != 0 {
			return &Instance{ID: id, conn: conn}, nil
		}
	}
	conn.Release()
	return nil, fmt.Errorf("storage: register instance: no free instance number")
}

// Keep makes sure the instance still holds its lock, taking it again on a
// new connection after the database restarted or the connection broke.
// Until then other processes may take its messages in flight for lost.
// It can be called again after any failure: a broken connection is given
// back to the pool at once and never used again.
func (i *Instance) Keep(ctx context.Context, s *Store) error {
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.conn != nil && i.conn.Ping(ctx) == nil {
		return nil
	}
	if i.conn != nil {
		i.conn.Conn().Close(ctx) // broken: the pool must not hand it out again
		i.conn.Release()
		i.conn = nil
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("storage: keep instance: %w", err)
	}
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, instanceLockClass, i.ID).Scan(&ok); err != nil || !ok {
		conn.Release()
		return fmt.Errorf("storage: keep instance %d: lock taken or %v", i.ID, err)
	}
	i.conn = conn
	return nil
}

// Close ends the instance: it gives up its lock (which its connection
// would release anyway, a moment after a crash).
func (i *Instance) Close() {
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.conn == nil {
		return
	}
	ctx := context.Background()
	_, _ = i.conn.Exec(ctx, `SELECT pg_advisory_unlock($1, $2)`, instanceLockClass, i.ID)
	i.conn.Conn().Close(ctx)
	i.conn.Release()
	i.conn = nil
}

// Lock is a session advisory lock held on its own connection.
type Lock struct{ conn *pgxpool.Conn }

// TryLock takes the advisory lock (class, key) if no other session holds
// it, and reports whether it did. The lock lasts until Release, or until
// the process dies.
func (s *Store) TryLock(ctx context.Context, class, key int32) (*Lock, bool, error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("storage: lock: %w", err)
	}
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, class, key).Scan(&ok); err != nil || !ok {
		conn.Release()
		return nil, false, translate(err, "lock")
	}
	return &Lock{conn: conn}, true, nil
}

// Held checks that the lock's connection is still alive.
func (l *Lock) Held(ctx context.Context) bool { return l.conn.Ping(ctx) == nil }

// Release gives the lock up.
func (l *Lock) Release() {
	l.conn.Conn().Close(context.Background())
	l.conn.Release()
}
