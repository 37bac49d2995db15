package cli

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// secretKey returns the key of the HMAC that codes are stored under:
// CHIDAO_SECRET_KEY, else the key file (generated, mode 0600, on first
// use). It is kept outside the database so a copy of the database alone
// does not let anyone try the short codes offline.
func (e *env) secretKey() ([]byte, error) {
	if k := e.cfg.SecretKey; k != "" {
		return []byte(k), nil
	}
	path := e.cfg.SecretKeyPath()
	data, err := os.ReadFile(path)
	if err == nil && len(strings.TrimSpace(string(data))) >= 32 {
		return []byte(strings.TrimSpace(string(data))), nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read secret key %s: %w (or set CHIDAO_SECRET_KEY)", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w (or set CHIDAO_SECRET_KEY)", filepath.Dir(path), err)
	}
	b := make([]byte, 32)
	rand.Read(b)
	key := hex.EncodeToString(b)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) { // another chidao process made it meanwhile
		return e.secretKey()
	}
	if err != nil {
		return nil, fmt.Errorf("create secret key %s: %w (or set CHIDAO_SECRET_KEY)", path, err)
	}
	if _, err := f.WriteString(key + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("write secret key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write secret key %s: %w", path, err)
	}
	e.log.Info("Generated the key that codes are stored under; keep it with the backups of the database", "file", path)
	return []byte(key), nil
}
