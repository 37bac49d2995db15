package storage

import (
	"context"

	"github.com/jackc/pgx/v5"

	"chidao"
)

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
