package storage

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"chidao"
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

// DropWhenLost are the kinds of messages that are not sent again when
// their process died while sending them (they become 'unknown'): a
// credential (a working code or login link; the person asks for another,
// and a second copy of a working credential is one more in a chat log).
// Every other kind is sent again, since a person must read it: a
// directive's letter and its file, reminders, reach questions, answers,
// review requests, notices, apologies, and edits (an edit sent twice
// changes nothing).
var DropWhenLost = []string{KindCredential}

// Lost is what MarkLostDeliveries did.
type Lost struct {
	Resent  int64 // put back to be sent again (at least once)
	Unknown int64 // of the kinds that may be dropped: marked 'unknown'
}

// MarkLostDeliveries finds every message that was being sent by a process
// that is no longer running: it may or may not have reached the chat. A
// message a person must read is put back to be sent again (at least once:
// the person may see it twice), counted in resent; one of the kinds that
// may be dropped (DropWhenLost) is marked 'unknown'. Both are audited, the
// resent ones by id.
func (s *Store) MarkLostDeliveries(ctx context.Context) (Lost, error) {
	var n Lost
	err := s.InTx(ctx, func(tx *Store) error {
		owners, err := tx.deadOwners(ctx)
		if err != nil {
			return err
		}
		for _, o := range owners {
			lost, err := tx.requeueLost(ctx, o)
			if err != nil {
				return err
			}
			n.Resent, n.Unknown = n.Resent+lost.Resent, n.Unknown+lost.Unknown
		}
		return nil
	})
	return n, err
}

// deadOwners returns the processes that hold messages 'sending' and no
// longer hold their liveness lock; their locks are held by tx from then on.
func (s *Store) deadOwners(ctx context.Context) ([]int32, error) {
	rows, _ := s.db.Query(ctx, `SELECT DISTINCT claimed_by FROM deliveries WHERE state = 'sending' AND claimed_by IS NOT NULL`)
	owners, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return nil, translate(err, "find deliveries in flight")
	}
	var dead []int32
	for _, o := range owners {
		var free bool
		if err := s.db.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1, $2)`, instanceLockClass, o).Scan(&free); err != nil {
			return nil, translate(err, "check instance")
		}
		if free {
			dead = append(dead, o)
		}
	}
	return dead, nil
}

// requeueLost puts back or marks unknown the messages of the dead process o.
func (s *Store) requeueLost(ctx context.Context, o int32) (Lost, error) {
	var n Lost
	const unknown = `UPDATE deliveries SET state = 'unknown', claimed_by = NULL,
		last_error = 'in flight when its process stopped: it may or may not have arrived'
		WHERE state = 'sending' AND claimed_by = $1 AND kind = ANY($2)`
	tag, err := s.db.Exec(ctx, unknown, o, DropWhenLost)
	if err != nil {
		return n, translate(err, "mark lost deliveries")
	}
	n.Unknown = tag.RowsAffected()
	// Put back on the same channel and chat, due at once; the attempt
	// counts (a message that keeps killing its process ends up failed).
	const again = `UPDATE deliveries SET state = 'pending', claimed_by = NULL, resent = resent + 1, next_attempt_at = $2,
		last_error = 'in flight when its process stopped: sent again, it may arrive twice'
		WHERE state = 'sending' AND claimed_by = $1 RETURNING id`
	rows, _ := s.db.Query(ctx, again, o, s.Now())
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return n, translate(err, "resend lost deliveries")
	}
	n.Resent = int64(len(ids))
	now := s.Now()
	if n.Unknown > 0 {
		if err := audit(ctx, s.db, now, chidao.System, "delivery.lost", "deliveries", "*", nil, map[string]any{"unknown": n.Unknown, "instance": o}); err != nil {
			return n, err
		}
	}
	if n.Resent > 0 {
		return n, audit(ctx, s.db, now, chidao.System, "delivery.resent", "deliveries", "*", nil, map[string]any{"resent": ids, "instance": o})
	}
	return n, nil
}

// Unreachable is a person chidao can no longer write to on a channel.
type Unreachable struct {
	PersonID int64
	Person   chidao.Person
	First    bool // newly unreachable: the Office has not been told yet
}

// MarkUnreachable records that the platform refused messages to this chat
// (the person blocked the bot or left). It reports whether this is news.
// Messages queued to them stay queued until they write again.
func (s *Store) MarkUnreachable(ctx context.Context, ch chidao.Channel, chatID, reason string) (Unreachable, error) {
	var u Unreachable
	err := s.InTx(ctx, func(tx *Store) error {
		now := tx.Now()
		const q = `UPDATE chat_identities SET unreachable_at = coalesce(unreachable_at, $3), unreachable_reason = $4
			WHERE channel = $1 AND chat_id = $2 RETURNING person_id, unreachable_at = $3`
		err := tx.db.QueryRow(ctx, q, ch, chatID, now, reason).Scan(&u.PersonID, &u.First)
		if err != nil {
			return translate(err, "chat "+chatID)
		}
		if u.Person, err = personByID(ctx, tx.db, u.PersonID); err != nil {
			return err
		}
		if !u.First {
			return nil
		}
		return audit(ctx, tx.db, now, chidao.System, "identity.unreachable", "person", u.PersonID, nil,
			map[string]any{"channel": ch, "reason": reason})
	})
	return u, err
}

// UnreachablePrefix starts the error of a message refused because the
// person cannot be reached; such messages are sent again when they return.
const UnreachablePrefix = "unreachable: "

// ChatPerson returns the person linked to a chat account and records that
// they wrote: they are reachable there again, and the messages refused
// while they were not are queued again, in their order. It also says
// whether the chat has a conversation going (see SetConversation), which
// saves a query per message. ErrNotFound for an account nobody registered.
func (s *Store) ChatPerson(ctx context.Context, ch chidao.Channel, externalUserID, chatID string) (chidao.Person, bool, error) {
	// last_seen_at is written at most once a minute: a burst of messages
	// costs one write.
	const q = `WITH ident AS (
			SELECT id, person_id, unreachable_at IS NOT NULL AS was_unreachable, last_seen_at
			FROM chat_identities WHERE channel = $1 AND external_user_id = $2),
		seen AS (
			UPDATE chat_identities c SET last_seen_at = $3, unreachable_at = NULL, unreachable_reason = NULL
			FROM ident WHERE c.id = ident.id
				AND (ident.was_unreachable OR ident.last_seen_at IS NULL OR ident.last_seen_at < $3::timestamptz - interval '1 minute'))
		SELECT ident.was_unreachable, EXISTS (SELECT 1 FROM conversations v
				WHERE v.channel = $1 AND v.chat_id = $4 AND v.expires_at > $3) AS conversing, ` + personColumns + `
		JOIN ident ON ident.person_id = p.id`
	type seenPerson struct {
		chidao.Person
		Was        bool `db:"was_unreachable"`
		Conversing bool `db:"conversing"`
	}
	now := s.Now()
	rows, _ := s.db.Query(ctx, q, ch, externalUserID, now, chatID)
	sp, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[seenPerson])
	p := sp.Person
	if err != nil || !sp.Was {
		return p, sp.Conversing, translate(err, "chat account")
	}
	const back = `UPDATE deliveries SET state = 'pending', next_attempt_at = $3, last_error = NULL
		WHERE person_id = $2 AND (channel = $1 OR channel IS NULL) AND state = 'failed' AND last_error LIKE $4`
	_, err = s.db.Exec(ctx, back, ch, p.ID, now, UnreachablePrefix+"%")
	return p, sp.Conversing, translate(err, "queue refused messages again")
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
