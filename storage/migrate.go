package storage

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/tern/v2/migrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

const versionTable = "schema_version"

// Migrate applies the embedded migrations that the database lacks, under
// tern's advisory lock so that several processes starting at once apply
// each migration once. A database newer than this binary is an error.
func Migrate(ctx context.Context, url string) (applied int32, err error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return 0, fmt.Errorf("storage: migrate: connect: %w", redact(err))
	}
	defer conn.Close(ctx)
	m, err := migrate.NewMigrator(ctx, conn, versionTable)
	if err != nil {
		return 0, fmt.Errorf("storage: migrate: %w", err)
	}
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return 0, fmt.Errorf("storage: migrate: %w", err)
	}
	if err := m.LoadMigrations(sub); err != nil {
		return 0, fmt.Errorf("storage: migrate: load: %w", err)
	}
	before, err := m.GetCurrentVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("storage: migrate: %w", err)
	}
	latest := int32(len(m.Migrations))
	if before > latest {
		return 0, fmt.Errorf("storage: the database is at schema version %d but this chidao knows only %d: run a newer chidao", before, latest)
	}
	if err := m.Migrate(ctx); err != nil {
		return 0, fmt.Errorf("storage: migrate: %w", err)
	}
	return latest - before, nil
}

// SchemaVersion is the number of embedded migrations: the version a
// migrated database has.
func SchemaVersion() int {
	entries, _ := fs.Glob(migrationFiles, "migrations/*.sql")
	return len(entries)
}
