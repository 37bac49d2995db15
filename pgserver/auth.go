package pgserver

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
)

// passwordFile is the name, inside the data directory, of the file that
// holds the superuser's generated password (mode 0600).
const passwordFile = "chidao.password"

// hbaConf is the pg_hba.conf pgserver writes: password (SCRAM) logins only,
// from the loopback addresses. Unix sockets are disabled anyway.
const hbaConf = `# Written by chidao: SCRAM password authentication only.
# The password is in chidao.password in this directory (mode 0600).
local   all             all                                     scram-sha-256
host    all             all             127.0.0.1/32            scram-sha-256
host    all             all             ::1/128                 scram-sha-256
local   replication     all                                     scram-sha-256
host    replication     all             127.0.0.1/32            scram-sha-256
host    replication     all             ::1/128                 scram-sha-256
`

// newPassword returns 32 random bytes, URL-safe base64 encoded, so the
// value can be put in a URL and a SQL literal without escaping.
func newPassword() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// pendingPasswordPath is where a fresh cluster's password waits beside the
// data directory while initdb (which wants an empty directory) runs.
func (s *Server) pendingPasswordPath() string { return s.dir + ".password" }

// readPassword returns the password kept in the data directory, adopting
// one left beside it by an initdb that finished, or "" when there is none
// (a cluster made by an older chidao with trust authentication).
func (s *Server) readPassword() (string, error) {
	path := filepath.Join(s.dir, passwordFile)
	if err := os.Rename(s.pendingPasswordPath(), path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("pgserver: adopt password file: %w", err)
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("pgserver: read password file: %w", err)
	}
	return strings.TrimSpace(string(data)), nil
}

// writeFile0600 writes data to path through a temporary file, owned by the
// server's user, so a crash never leaves half a file.
func (s *Server) writeFile0600(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("pgserver: write %s: %w", filepath.Base(path), err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return fmt.Errorf("pgserver: chmod %s: %w", filepath.Base(path), err)
	}
	if err := s.user.chown(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("pgserver: write %s: %w", filepath.Base(path), err)
	}
	return nil
}

// needsAuthMigration reports whether pg_hba.conf still lets anyone in
// without a password (as clusters made before passwords did).
func (s *Server) needsAuthMigration() (bool, error) {
	data, err := os.ReadFile(filepath.Join(s.dir, "pg_hba.conf"))
	if err != nil {
		return false, fmt.Errorf("pgserver: read pg_hba.conf: %w", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) >= 4 && !strings.HasPrefix(f[0], "#") && (f[len(f)-1] == "trust" || f[len(f)-1] == "peer" || f[len(f)-1] == "ident") {
			return true, nil
		}
	}
	return false, nil
}

// migrateAuth turns a running trust-authentication cluster into a
// password-protected one: it sets a password for the superuser (keeping
// one already generated), stores it, rewrites pg_hba.conf and reloads.
// The data is untouched.
func (s *Server) migrateAuth(ctx context.Context) error {
	if s.password == "" {
		s.password = newPassword()
	}
	conn, err := pgx.Connect(ctx, s.AdminURL())
	if err != nil {
		return fmt.Errorf("pgserver: connect to migrate authentication: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	// The password is URL-safe base64: no quote can end the literal.
	sql := "SET password_encryption = 'scram-sha-256'; ALTER ROLE " + pgx.Identifier{User}.Sanitize() + " PASSWORD '" + s.password + "'"
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("pgserver: set superuser password: %w", err)
	}
	if err := s.writeFile0600(filepath.Join(s.dir, passwordFile), []byte(s.password+"\n")); err != nil {
		return err
	}
	if err := s.writeFile0600(filepath.Join(s.dir, "pg_hba.conf"), []byte(hbaConf)); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "SELECT pg_reload_conf()"); err != nil {
		return fmt.Errorf("pgserver: reload configuration: %w", err)
	}
	s.log.Warn("pgserver: cluster used trust authentication; switched it to SCRAM passwords", "dir", s.dir,
		"password_file", filepath.Join(s.dir, passwordFile))
	return nil
}
