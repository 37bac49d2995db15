package pgserver

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// duplicateDatabase is SQLSTATE 42P04.
const duplicateDatabase = "42P04"

// ensureDatabase creates database "chidao" unless it exists. It runs on
// every Start, so a crash between initdb and CREATE DATABASE heals itself.
func (s *Server) ensureDatabase(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, s.AdminURL())
	if err != nil {
		return fmt.Errorf("pgserver: connect to %s: %w", s.dir, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var exists bool
	err = conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", Database).Scan(&exists)
	if err != nil {
		return fmt.Errorf("pgserver: look up database %s: %w", Database, err)
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{Database}.Sanitize())
	var pgErr *pgconn.PgError
	if err != nil && !(errors.As(err, &pgErr) && pgErr.Code == duplicateDatabase) {
		return fmt.Errorf("pgserver: create database %s: %w", Database, err)
	}
	s.log.Info("pgserver: created database", "database", Database, "dir", s.dir)
	return nil
}
