package storage

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// Count is a count by one or two labels.
type Count struct {
	A, B string
	N    int64
}

// Snapshot is what /metrics reports from the database.
type Snapshot struct {
	Inbox, Deliveries, Reminders, Unreachable []Count
	InboxLag                                  map[string]time.Duration
	Zalo                                      ZaloTokenState
}

// MetricsSnapshot reads the queues, reminders, unreachable people and the
// Zalo token in one read-only snapshot.
func (s *Store) MetricsSnapshot(ctx context.Context) (Snapshot, error) {
	var snap Snapshot
	err := s.snapshot(ctx, func(tx DBTX) error {
		var err error
		if snap.Inbox, err = counts(ctx, tx, `SELECT channel, state, count(*) FROM inbox GROUP BY 1, 2
			UNION ALL SELECT channel, 'quarantined', count(*) FROM inbox_quarantine GROUP BY 1`); err != nil {
			return err
		}
		if snap.Deliveries, err = counts(ctx, tx, `SELECT coalesce(channel, 'unrouted'), state, count(*) FROM deliveries
			WHERE state <> 'expanded' GROUP BY 1, 2`); err != nil {
			return err
		}
		if snap.Reminders, err = counts(ctx, tx, `SELECT state, '', count(*) FROM reminders GROUP BY 1`); err != nil {
			return err
		}
		if snap.Unreachable, err = counts(ctx, tx, `SELECT channel, '', count(*) FROM chat_identities
			WHERE unreachable_at IS NOT NULL GROUP BY 1`); err != nil {
			return err
		}
		lags, err := counts(ctx, tx, `SELECT channel, '', extract(epoch FROM now() - min(received_at))::bigint FROM inbox
			WHERE state = 'pending' GROUP BY 1`)
		if err != nil {
			return err
		}
		snap.InboxLag = map[string]time.Duration{}
		for _, l := range lags {
			snap.InboxLag[l.A] = time.Duration(l.N) * time.Second
		}
		var refreshed *time.Time
		var failed *time.Time
		err = tx.QueryRow(ctx, `SELECT expires_at, refreshed_at, failed_at FROM zalo_tokens WHERE id = 1`).Scan(&snap.Zalo.ExpiresAt, &refreshed, &failed)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		snap.Zalo.Stored = err == nil
		if refreshed != nil {
			snap.Zalo.RefreshedAt = *refreshed
		}
		if failed != nil {
			snap.Zalo.FailedAt = *failed
		}
		return translate(err, "zalo token")
	})
	return snap, err
}

func counts(ctx context.Context, tx DBTX, q string) ([]Count, error) {
	rows, _ := tx.Query(ctx, q)
	var out []Count
	var c Count
	_, err := pgx.ForEachRow(rows, []any{&c.A, &c.B, &c.N}, func() error { out = append(out, c); return nil })
	return out, translate(err, "count")
}
