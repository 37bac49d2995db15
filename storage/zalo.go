package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// SeedZaloRefreshToken stores a refresh token when none is stored yet (the
// ZALO_REFRESH_TOKEN variable only seeds an empty table). It reports
// whether it stored it.
func (s *Store) SeedZaloRefreshToken(ctx context.Context, token string) (bool, error) {
	tag, err := s.db.Exec(ctx, `INSERT INTO zalo_tokens (refresh_token) VALUES ($1) ON CONFLICT (id) DO NOTHING`, token)
	return tag.RowsAffected() == 1, translate(err, "seed zalo token")
}

// SetZaloRefreshToken replaces the stored pair by a fresh refresh token
// pasted by an admin (after a failed refresh); the access token is dropped.
func (s *Store) SetZaloRefreshToken(ctx context.Context, actor chidao.Actor, token string) error {
	now := s.Now()
	return s.InTx(ctx, func(tx *Store) error {
		const q = `INSERT INTO zalo_tokens (refresh_token) VALUES ($1)
			ON CONFLICT (id) DO UPDATE SET refresh_token = $1, access_token = '', expires_at = 'epoch', failed_at = NULL, last_error = NULL,
				refreshing_until = NULL`
		if _, err := tx.db.Exec(ctx, q, token); err != nil {
			return translate(err, "set zalo token")
		}
		return audit(ctx, tx.db, now, actor, "zalo.token.set", "zalo_tokens", 1, nil, nil)
	})
}

// ZaloPair is a fresh token pair from Zalo.
type ZaloPair struct {
	AccessToken, RefreshToken string
	ExpiresIn                 time.Duration
}

// ErrNoZaloToken means no refresh token was ever stored.
var ErrNoZaloToken = errors.New("no Zalo refresh token stored: set ZALO_REFRESH_TOKEN or run chidao zalo token set")

// ErrZaloRefreshing means another process is refreshing the tokens (its
// lease has not run out): try again in a moment.
var ErrZaloRefreshing = errors.New("another chidao process is refreshing the Zalo tokens")

// ZaloLease is what BeginZaloRefresh found: an access token valid for the
// margin, or (Access empty) the refresh token this process must now use,
// alone: it holds the refresh lease until StoreZaloPair or
// ZaloRefreshFailed, or until the lease runs out.
type ZaloLease struct {
	Access  string
	Refresh string
}

// BeginZaloRefresh returns the stored access token when it is valid for at
// least margin and is not the one Zalo just rejected; otherwise it takes
// the refresh lease for the given time and returns the refresh token.
// While another process holds the lease it returns that process's last
// access token if still valid, else ErrZaloRefreshing. The lease is
// committed before Zalo is called, so that a process which got a new pair
// but cannot store it yet (the database went away meanwhile) is not
// raced by another refreshing with the spent token.
func (s *Store) BeginZaloRefresh(ctx context.Context, margin time.Duration, rejected string, lease time.Duration) (ZaloLease, error) {
	var l ZaloLease
	err := s.InTx(ctx, func(tx *Store) error {
		var access, refresh string
		var expires time.Time
		var leased *time.Time
		err := tx.db.QueryRow(ctx, `SELECT access_token, refresh_token, expires_at, refreshing_until FROM zalo_tokens WHERE id = 1 FOR UPDATE`).
			Scan(&access, &refresh, &expires, &leased)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNoZaloToken
		}
		if err != nil {
			return translate(err, "zalo token")
		}
		now := tx.Now()
		usable := access != "" && access != rejected
		switch {
		case usable && expires.After(now.Add(margin)):
			l.Access = access
			return nil
		case leased != nil && leased.After(now) && usable && expires.After(now):
			l.Access = access // still valid while the other process refreshes
			return nil
		case leased != nil && leased.After(now):
			return ErrZaloRefreshing
		}
		_, err = tx.db.Exec(ctx, `UPDATE zalo_tokens SET refreshing_until = $1 WHERE id = 1`, now.Add(lease))
		l.Refresh = refresh
		return translate(err, "take zalo refresh lease")
	})
	return l, err
}

// StoreZaloPair stores the pair Zalo gave at at and ends the lease.
func (s *Store) StoreZaloPair(ctx context.Context, p ZaloPair, at time.Time) error {
	const q = `UPDATE zalo_tokens SET access_token = $1, refresh_token = $2, expires_at = $3, refreshed_at = $4,
		failed_at = NULL, last_error = NULL, refreshing_until = NULL WHERE id = 1`
	_, err := s.db.Exec(ctx, q, p.AccessToken, p.RefreshToken, at.Add(p.ExpiresIn), at)
	return translate(err, "store zalo tokens")
}

// EndZaloRefresh ends the lease after a refresh that gave no pair.
// refused, when not nil, is Zalo's refusal of the refresh token (a person
// must paste a new one): it is recorded for the alerts. A passing failure
// (nil) only ends the lease.
func (s *Store) EndZaloRefresh(ctx context.Context, refused error) error {
	if refused == nil {
		_, err := s.db.Exec(ctx, `UPDATE zalo_tokens SET refreshing_until = NULL WHERE id = 1`)
		return translate(err, "end zalo refresh lease")
	}
	_, err := s.db.Exec(ctx, `UPDATE zalo_tokens SET failed_at = $1, last_error = $2, refreshing_until = NULL WHERE id = 1`, s.Now(), refused.Error())
	return translate(err, "record zalo refresh failure")
}

// ZaloTokenState says how the OA's tokens stand, for alerts and doctor.
type ZaloTokenState struct {
	Stored      bool
	ExpiresAt   time.Time
	RefreshedAt time.Time
	FailedAt    time.Time // zero unless the last refresh failed
	LastError   string
}

// ZaloTokenStatus reads the token row.
func (s *Store) ZaloTokenStatus(ctx context.Context) (ZaloTokenState, error) {
	var st ZaloTokenState
	var failed *time.Time
	var last *string
	err := s.db.QueryRow(ctx, `SELECT expires_at, failed_at, last_error FROM zalo_tokens WHERE id = 1`).Scan(&st.ExpiresAt, &failed, &last)
	if errors.Is(err, pgx.ErrNoRows) {
		return st, nil
	}
	st.Stored = err == nil
	if failed != nil {
		st.FailedAt = *failed
	}
	if last != nil {
		st.LastError = *last
	}
	return st, translate(err, "zalo token status")
}

// Identities returns the channels a person is linked on and reachable.
func (s *Store) Identities(ctx context.Context, personID int64) (map[chidao.Channel]bool, error) {
	rows, _ := s.db.Query(ctx, `SELECT channel, unreachable_at IS NULL FROM chat_identities WHERE person_id = $1`, personID)
	out := map[chidao.Channel]bool{}
	var ch chidao.Channel
	var ok bool
	_, err := pgx.ForEachRow(rows, []any{&ch, &ok}, func() error { out[ch] = ok; return nil })
	return out, translate(err, "identities")
}

// SetPreferredChannel makes ch the channel the person gets messages on;
// they must be linked on it.
func (s *Store) SetPreferredChannel(ctx context.Context, personID int64, ch chidao.Channel) error {
	now := s.Now()
	return s.InTx(ctx, func(tx *Store) error {
		const q = `UPDATE people SET preferred_channel = $2 WHERE id = $1
			AND EXISTS (SELECT 1 FROM chat_identities WHERE person_id = $1 AND channel = $2)`
		tag, err := tx.db.Exec(ctx, q, personID, ch)
		if err != nil {
			return translate(err, "set preferred channel")
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("person %d on %s: %w", personID, ch, chidao.ErrNotFound)
		}
		return audit(ctx, tx.db, now, personActor(personID), "person.channel", "person", personID, nil, map[string]any{"preferred_channel": ch})
	})
}

// UnreachablePerson is someone a channel refuses to write to.
type UnreachablePerson struct {
	Name    string         `db:"full_name"`
	Unit    string         `db:"unit_name"`
	Channel chidao.Channel `db:"channel"`
}

// UnreachablePeople lists the active people who cannot be reached on a
// channel they are linked on, for the Office's digest and status.
func (s *Store) UnreachablePeople(ctx context.Context) ([]UnreachablePerson, error) {
	const q = `SELECT p.full_name, u.name AS unit_name, c.channel FROM chat_identities c
		JOIN people p ON p.id = c.person_id AND p.active JOIN units u ON u.id = p.unit_id
		WHERE c.unreachable_at IS NOT NULL ORDER BY u.name, p.full_name, c.channel`
	rows, _ := s.db.Query(ctx, q)
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[UnreachablePerson])
	return out, translate(err, "unreachable people")
}

// SetPhone records the phone number a person shared.
func (s *Store) SetPhone(ctx context.Context, personID int64, phone string) error {
	if err := chidao.CheckText("phone", phone, true); err != nil || len(phone) > 20 {
		return chidao.Invalid("phone %q", phone)
	}
	now := s.Now()
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.db.Exec(ctx, `UPDATE people SET phone = $2 WHERE id = $1`, personID, phone); err != nil {
			return translate(err, "set phone")
		}
		return audit(ctx, tx.db, now, personActor(personID), "person.phone", "person", personID, nil, map[string]any{"phone": phone})
	})
}

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
