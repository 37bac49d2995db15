package storage

import (
	"context"
	"errors"
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
