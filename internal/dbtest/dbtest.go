// Package dbtest gives each test its own real PostgreSQL database, cloned
// from a migrated template so that tests run in parallel and start fast.
//
// With TEST_DATABASE_URL set, databases are created on that server (its
// user needs CREATEDB). Without it, the test binary starts a private server
// with pgserver in a temporary directory, and Main stops it at the end.
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"chidao/internal/testclock"
	"chidao/pgserver"
	"chidao/storage"
)

var (
	once     sync.Once
	adminURL string
	template string
	server   *pgserver.Server
	tmpDir   string
	setupErr error
)

// Main runs the package's tests and then stops the private server, if one
// was started. Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if faultServer != nil {
		faultServer.close()
	}
	if server != nil {
		_ = server.Stop(context.Background())
	}
	if tmpDir != "" {
		_ = os.RemoveAll(tmpDir)
	}
	os.Exit(code)
}

func setup() {
	ctx := context.Background()
	adminURL = os.Getenv("TEST_DATABASE_URL")
	if adminURL == "" {
		tmpDir, setupErr = os.MkdirTemp("", "chidao-test-pg-")
		if setupErr != nil {
			return
		}
		// The server may run as another user (when tests run as root).
		if setupErr = os.Chmod(tmpDir, 0o755); setupErr != nil {
			return
		}
		server, setupErr = pgserver.Start(ctx, pgserver.Options{Dir: filepath.Join(tmpDir, "pg"), Ephemeral: true})
		if setupErr != nil {
			return
		}
		adminURL = server.AdminURL()
	}
	template, setupErr = ensureTemplate(ctx)
}

// ensureTemplate creates, once per server and schema, a migrated database
// that tests clone. An advisory lock keeps parallel test binaries in step.
func ensureTemplate(ctx context.Context) (string, error) {
	name := "chidao_tmpl_" + schemaHash()
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return "", fmt.Errorf("dbtest: connect to %s: %w", redacted(adminURL), err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(7355608)`); err != nil {
		return "", err
	}
	defer conn.Exec(ctx, `SELECT pg_advisory_unlock(7355608)`) //nolint:errcheck
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	building := name + "_building"
	if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+building); err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+building); err != nil {
		return "", err
	}
	if _, err := storage.Migrate(ctx, withDatabase(adminURL, building)); err != nil {
		return "", err
	}
	_, err = conn.Exec(ctx, `ALTER DATABASE `+building+` RENAME TO `+name)
	return name, err
}

// schemaHash names the template after the migrations' content, so a changed
// migration gets a new template on a long-lived TEST_DATABASE_URL server.
func schemaHash() string {
	h := sha256.New()
	_ = fs.WalkDir(os.DirFS(sourceDir()), ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".sql") {
			b, _ := os.ReadFile(filepath.Join(sourceDir(), path))
			h.Write([]byte(path))
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// sourceDir finds storage/migrations from the test's working directory
// (always the package directory under go test).
func sourceDir() string {
	dir, _ := os.Getwd()
	for range 5 {
		p := filepath.Join(dir, "storage", "migrations")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		dir = filepath.Dir(dir)
	}
	return "."
}

// URL creates an empty migrated database for the test and returns its
// connection string; the database is dropped when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	once.Do(setup)
	if setupErr != nil {
		t.Fatalf("dbtest: %v", setupErr)
	}
	ctx := context.Background()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "chidao_t_" + hex.EncodeToString(b)
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE `+template); err != nil {
		t.Fatalf("dbtest: create database: %v", err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, adminURL)
		if err != nil {
			return
		}
		defer c.Close(ctx)
		_, _ = c.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	return withDatabase(adminURL, name)
}

// SecretKey is the CHIDAO_SECRET_KEY of the tests: the stores Open makes
// and the chidao commands tests run share it, so codes made by one are
// found by the other (and no key file lands in the source tree).
const SecretKey = "chidao-tests-secret-key-0123456789abcdef"

// Store opens a Store on a fresh database for the test, on the test clock.
func Store(t testing.TB) *storage.Store {
	t.Helper()
	return Open(t, URL(t))
}

// Open opens a Store on the database at url, on the test clock
// (testclock.Now); it is closed when the test ends.
func Open(t testing.TB, url string) *storage.Store {
	t.Helper()
	s, err := storage.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	s.Now, s.CodeKey = testclock.Now, []byte(SecretKey)
	t.Cleanup(s.Close)
	return s
}

// withDatabase replaces the database name in a postgres:// URL or a
// key=value connection string.
func withDatabase(s, db string) string {
	if u, err := url.Parse(s); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		u.Path = "/" + db
		return u.String()
	}
	return s + " dbname=" + db
}

func redacted(s string) string {
	if cfg, err := pgx.ParseConfig(s); err == nil {
		return fmt.Sprintf("%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
	}
	return "(unparseable url)"
}
