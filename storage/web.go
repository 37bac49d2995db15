package storage

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// ErrLoginLink is returned for a login link that is unknown, used or expired.
var ErrLoginLink = errors.New("login link unknown, used or expired")

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// CreateLoginLink makes a one-time login token for a person, valid for ttl.
// Only admins and unit heads may use the dashboard.
func (s *Store) CreateLoginLink(ctx context.Context, actor chidao.Actor, personID int64, ttl time.Duration) (string, error) {
	p, err := personByID(ctx, s.db, personID)
	if err != nil {
		return "", err
	}
	if p.Role != chidao.RoleAdmin && p.Role != chidao.RoleHead {
		return "", chidao.Invalid("only Office admins and unit heads may use the dashboard; %s is an officer", p.FullName)
	}
	if !p.Active {
		return "", chidao.Invalid("%s is not active", p.FullName)
	}
	token, now := randomToken(), s.Now()
	err = s.InTx(ctx, func(tx *Store) error {
		const q = `INSERT INTO login_links (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`
		if _, err := tx.db.Exec(ctx, q, hashCode(token), personID, now, now.Add(ttl)); err != nil {
			return translate(err, "create login link")
		}
		return audit(ctx, tx.db, now, actor, "login_link.create", "person", personID, nil, map[string]any{"expires_at": now.Add(ttl)})
	})
	return token, err
}

// Session is a signed-in dashboard user.
type Session struct {
	ID        int64
	Person    chidao.Person
	CSRF      string
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time
	UserAgent string
}

// sessionTTL is how long a dashboard session lasts without use.
const sessionTTL = 12 * time.Hour

// RedeemLoginLink uses up a login token and opens a session; it returns
// the session's cookie token.
func (s *Store) RedeemLoginLink(ctx context.Context, token, userAgent string) (string, error) {
	cookie, now := randomToken(), s.Now()
	err := s.InTx(ctx, func(tx *Store) error {
		var personID int64
		const q = `UPDATE login_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING person_id`
		err := tx.db.QueryRow(ctx, q, hashCode(token), now).Scan(&personID)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrLoginLink
		}
		if err != nil {
			return translate(err, "use login link")
		}
		const ins = `INSERT INTO sessions (token_hash, person_id, csrf, created_at, last_seen_at, expires_at, user_agent)
			VALUES ($1, $2, $3, $4, $4, $5, $6) RETURNING id`
		var id int64
		if err := tx.db.QueryRow(ctx, ins, hashCode(cookie), personID, randomToken(), now, now.Add(sessionTTL), shortUA(userAgent)).Scan(&id); err != nil {
			return translate(err, "open session")
		}
		return audit(ctx, tx.db, now, personActor(personID), "session.open", "session", id, nil, nil)
	})
	return cookie, err
}

func shortUA(ua string) string {
	if r := []rune(ua); len(r) > 200 {
		return string(r[:200])
	}
	return ua
}

// SessionByToken returns the live session of a cookie token and extends
// it; ErrNotFound when there is none (unknown, expired or revoked).
func (s *Store) SessionByToken(ctx context.Context, token string) (Session, error) {
	now := s.Now()
	const q = `UPDATE sessions SET last_seen_at = $2, expires_at = $3
		WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2
		RETURNING id, person_id, csrf, created_at, last_seen_at, expires_at, user_agent`
	var ss Session
	var pid int64
	err := s.db.QueryRow(ctx, q, hashCode(token), now, now.Add(sessionTTL)).Scan(&ss.ID, &pid, &ss.CSRF, &ss.CreatedAt, &ss.LastSeen, &ss.ExpiresAt, &ss.UserAgent)
	if err != nil {
		return ss, translate(err, "session")
	}
	ss.Person, err = personByID(ctx, s.db, pid)
	if err == nil && !ss.Person.Active {
		err = fmt.Errorf("person %d inactive: %w", pid, chidao.ErrNotFound)
	}
	return ss, err
}

// Sessions lists the live sessions of a person (all people with zero).
func (s *Store) Sessions(ctx context.Context, personID int64) ([]Session, error) {
	const q = `SELECT id, person_id, created_at, last_seen_at, expires_at, user_agent FROM sessions
		WHERE revoked_at IS NULL AND expires_at > $2 AND ($1 = 0 OR person_id = $1) ORDER BY last_seen_at DESC`
	rows, _ := s.db.Query(ctx, q, personID, s.Now())
	var out []Session
	var ss Session
	var pid int64
	_, err := pgx.ForEachRow(rows, []any{&ss.ID, &pid, &ss.CreatedAt, &ss.LastSeen, &ss.ExpiresAt, &ss.UserAgent}, func() error {
		ss.Person.ID = pid
		out = append(out, ss)
		return nil
	})
	if err != nil {
		return nil, translate(err, "sessions")
	}
	for i := range out {
		if out[i].Person, err = personByID(ctx, s.db, out[i].Person.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RevokeSession ends a session (by an admin, or its owner).
func (s *Store) RevokeSession(ctx context.Context, actor chidao.Actor, id int64) error {
	now := s.Now()
	return s.InTx(ctx, func(tx *Store) error {
		tag, err := tx.db.Exec(ctx, `UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, id, now)
		if err != nil {
			return translate(err, "revoke session")
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("session %d: %w", id, chidao.ErrNotFound)
		}
		return audit(ctx, tx.db, now, actor, "session.revoke", "session", id, nil, nil)
	})
}

// AuditEntry is one recorded change.
type AuditEntry struct {
	At       time.Time `db:"at"`
	Actor    string    `db:"actor"`
	Person   string    `db:"person"`
	Action   string    `db:"action"`
	Entity   string    `db:"entity"`
	EntityID string    `db:"entity_id"`
	After    string    `db:"after"`
}

// AuditTrail lists the newest changes, at most max, optionally only those
// about one directive (the directive itself, its assignments and their
// submissions).
func (s *Store) AuditTrail(ctx context.Context, directiveID int64, max int) ([]AuditEntry, error) {
	const q = `SELECT l.at, l.actor, coalesce(p.full_name, '') AS person, l.action, l.entity, l.entity_id, coalesce(l.after::text, '') AS after
		FROM audit_log l LEFT JOIN people p ON p.id = l.person_id
		WHERE $1 = 0
			OR (l.entity = 'directive' AND l.entity_id = $1::text)
			OR (l.entity = 'assignment' AND l.entity_id IN (SELECT id::text FROM assignments WHERE directive_id = $1))
			OR (l.entity = 'submission' AND l.entity_id IN (SELECT s.id::text FROM submissions s
				JOIN assignments a ON a.id = s.assignment_id WHERE a.directive_id = $1))
		ORDER BY l.id DESC LIMIT $2`
	rows, _ := s.db.Query(ctx, q, directiveID, max)
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[AuditEntry])
	return out, translate(err, "audit trail")
}

// CompletionOverTime returns, for a directive, when each unit completed
// (sorted), for the completion chart.
func (s *Store) CompletionOverTime(ctx context.Context, directiveID int64) ([]time.Time, error) {
	rows, _ := s.db.Query(ctx, `SELECT done_at FROM assignments WHERE directive_id = $1 AND done_at IS NOT NULL ORDER BY done_at`, directiveID)
	out, err := pgx.CollectRows(rows, pgx.RowTo[time.Time])
	return out, translate(err, "completion")
}
