// Package storage owns chidao's PostgreSQL database: the connection pool,
// the embedded migrations and every query. Each write runs in one
// transaction together with its audit row.
package storage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"chidao"
)

// DBTX is what both a pool and a transaction offer; queries take it so they
// run alone or inside a caller's transaction.
type DBTX interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Store is the database. Now is the clock every write uses; tests replace it.
// A Store made by InTx runs every query in that transaction, and its own
// transactions become savepoints.
type Store struct {
	pool *pgxpool.Pool
	db   conn
	Now  func() time.Time
	// CodeKey keys the HMAC-SHA-256 under which invite codes are stored
	// (CHIDAO_SECRET_KEY or the generated key file). Without it the HMAC
	// has an empty key, which protects no better than a plain hash.
	CodeKey []byte
}

// conn is a pool or a transaction: both run queries and begin (nested)
// transactions.
type conn interface {
	DBTX
	Begin(ctx context.Context) (pgx.Tx, error)
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// Open connects to the database at url and checks that it answers.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("storage: parse database url: %w", redact(err))
	}
	if !strings.Contains(url, "pool_max_conns") {
		// Two connections are held for life (the instance and the poll
		// locks); inbox workers, senders and webhooks share the rest.
		cfg.MaxConns = 20
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("storage: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("storage: connect: %w", err)
	}
	return &Store{pool: pool, db: pool, Now: time.Now}, nil
}

// redact keeps connection strings (which may hold passwords) out of errors.
func redact(err error) error {
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) {
		return errors.New("malformed connection string")
	}
	return err
}

// Close closes every connection.
func (s *Store) Close() { s.pool.Close() }

// Ping checks that the database answers; /readyz uses it.
func (s *Store) Ping(ctx context.Context) error { return s.pool.Ping(ctx) }

// Pool exposes the pool to packages that run their own queries in tests.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// inTx runs fn in a transaction (a savepoint inside InTx), committing when
// fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.db, fn)
}

// InTx runs fn with a Store whose every call is part of one transaction,
// committed when fn returns nil and rolled back otherwise (or on panic).
// The chat handlers use it so that an event, its effects and its replies
// are stored together or not at all.
func (s *Store) InTx(ctx context.Context, fn func(tx *Store) error) error {
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		return fn(&Store{pool: s.pool, db: tx, Now: s.Now, CodeKey: s.CodeKey})
	})
}

// Tx reports whether the Store runs inside a caller's transaction.
func (s *Store) Tx() bool { _, ok := s.db.(pgx.Tx); return ok }

// audit records one state change in the transaction that makes it.
func audit(ctx context.Context, tx DBTX, now time.Time, actor chidao.Actor, action, entity string, id any, before, after any) error {
	var personID *int64
	if actor.PersonID != 0 {
		personID = &actor.PersonID
	}
	b, err := jsonOrNil(before)
	if err != nil {
		return err
	}
	a, err := jsonOrNil(after)
	if err != nil {
		return err
	}
	const q = `INSERT INTO audit_log (at, actor, person_id, action, entity, entity_id, before, after)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
	_, err = tx.Exec(ctx, q, now, actor.Label, personID, action, entity, fmt.Sprint(id), b, a)
	if err != nil {
		return fmt.Errorf("storage: audit %s: %w", action, err)
	}
	return nil
}

func jsonOrNil(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	return json.Marshal(v)
}

// translate maps driver errors onto the domain's sentinel errors so callers
// can use errors.Is without knowing PostgreSQL codes.
func translate(err error, what string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, chidao.ErrNotFound)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return fmt.Errorf("%s: %w", what, chidao.ErrConflict)
		case "23503":
			return fmt.Errorf("%s: %w", what, chidao.ErrNotFound)
		case "23514", "22021", "22P02", "22001":
			return fmt.Errorf("%s: %w: %s", what, chidao.ErrInvalid, pe.Message)
		}
	}
	return fmt.Errorf("storage: %s: %w", what, err)
}
