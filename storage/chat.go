package storage

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// SetConversation records what the next message of a chat means, for ttl.
func (s *Store) SetConversation(ctx context.Context, ch chidao.Channel, chatID string, state any, ttl time.Duration) error {
	body, err := json.Marshal(state)
	if err != nil {
		return fmt.Errorf("storage: encode conversation: %w", err)
	}
	now := s.Now()
	const q = `INSERT INTO conversations (channel, chat_id, state, updated_at, expires_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (channel, chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, expires_at = excluded.expires_at`
	_, err = s.db.Exec(ctx, q, ch, chatID, body, now, now.Add(ttl))
	return translate(err, "save conversation")
}

// Conversation decodes the chat's unexpired conversation state into state
// and reports whether there was one.
func (s *Store) Conversation(ctx context.Context, ch chidao.Channel, chatID string, state any) (bool, error) {
	var body []byte
	err := s.db.QueryRow(ctx, `SELECT state FROM conversations WHERE channel = $1 AND chat_id = $2 AND expires_at > $3`,
		ch, chatID, s.Now()).Scan(&body)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, translate(err, "load conversation")
	}
	return true, json.Unmarshal(body, state)
}

// ClearConversation forgets the chat's conversation state.
func (s *Store) ClearConversation(ctx context.Context, ch chidao.Channel, chatID string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM conversations WHERE channel = $1 AND chat_id = $2`, ch, chatID)
	return translate(err, "clear conversation")
}

// ChatFile is a file someone sent in a chat, known by the platform's id
// until its bytes are fetched.
type ChatFile struct {
	Channel     chidao.Channel
	ExternalID  string
	Name        string
	ContentType string
	Size        int64
	// Who sent it and where, to tell them if the platform loses the file.
	PersonID int64
	ChatID   string
}

// AddChatFile records a file sent in a chat; its bytes are fetched later
// (FilesToFetch). It returns the file's id.
func (s *Store) AddChatFile(ctx context.Context, f ChatFile) (int64, error) {
	const q = `INSERT INTO files (name, content_type, size, channel, external_file_id, telegram_file_id, created_at,
			sent_by, sent_in_chat)
		VALUES ($1, $2, $3, $4, $5, CASE WHEN $4 = 'telegram' THEN $5 END, $6, nullif($7, 0), nullif($8, '')) RETURNING id`
	var id int64
	err := s.db.QueryRow(ctx, q, f.Name, f.ContentType, f.Size, f.Channel, f.ExternalID, s.Now(), f.PersonID, f.ChatID).Scan(&id)
	return id, translate(err, "store file "+f.Name)
}

// FileToFetch is a chat file whose bytes are not stored yet.
type FileToFetch struct {
	ID         int64
	ExternalID string
	Name       string
	Size       int64
	Attempts   int // earlier attempts
	PersonID   int64
	ChatID     string
}

// FilesToFetch lists up to max files of ch still to download whose next
// attempt is due, the longest waiting first.
func (s *Store) FilesToFetch(ctx context.Context, ch chidao.Channel, max int) ([]FileToFetch, error) {
	const q = `SELECT id, external_file_id, name, size, fetch_attempts, coalesce(sent_by, 0), coalesce(sent_in_chat, '') FROM files
		WHERE content IS NULL AND fetch_error IS NULL AND channel = $1 AND external_file_id IS NOT NULL AND fetch_next_at <= $3
		ORDER BY fetch_next_at, id LIMIT $2`
	rows, _ := s.db.Query(ctx, q, ch, max, s.Now())
	var out []FileToFetch
	var f FileToFetch
	_, err := pgx.ForEachRow(rows, []any{&f.ID, &f.ExternalID, &f.Name, &f.Size, &f.Attempts, &f.PersonID, &f.ChatID}, func() error {
		out = append(out, f)
		return nil
	})
	return out, translate(err, "files to fetch")
}

// StoreFileContent keeps the bytes of a fetched file.
func (s *Store) StoreFileContent(ctx context.Context, id int64, content []byte) error {
	sum := sha256.Sum256(content)
	const q = `UPDATE files SET content = $2, sha256 = $3, size = $4, fetched_at = $5, fetch_error = NULL,
		fetch_attempts = fetch_attempts + 1, fetch_last_error = NULL WHERE id = $1`
	_, err := s.db.Exec(ctx, q, id, content, sum[:], len(content), s.Now())
	return translate(err, "store file content")
}

// FileFetchRetry records a failed download, to be tried again at next.
func (s *Store) FileFetchRetry(ctx context.Context, id int64, next time.Time, errText string) error {
	const q = `UPDATE files SET fetch_attempts = fetch_attempts + 1, fetch_next_at = $2, fetch_last_error = $3 WHERE id = $1`
	_, err := s.db.Exec(ctx, q, id, next, errText)
	return translate(err, "record file error")
}

// FileGone records that the platform no longer has a file (or will never
// give it), so it is not tried again, and queues notice (when it has a
// recipient) to tell its sender, in the same transaction.
func (s *Store) FileGone(ctx context.Context, id int64, reason string, notice *Outgoing) error {
	return s.InTx(ctx, func(tx *Store) error {
		const q = `UPDATE files SET fetch_error = $2, fetch_attempts = fetch_attempts + 1, fetch_last_error = $2 WHERE id = $1`
		if _, err := tx.db.Exec(ctx, q, id, reason); err != nil {
			return translate(err, "record file error")
		}
		if notice != nil {
			if _, err := tx.Enqueue(ctx, *notice); err != nil {
				return err
			}
		}
		return audit(ctx, tx.db, tx.Now(), chidao.System, "file.gone", "file", id, nil, map[string]any{"reason": reason})
	})
}

// StoredFile is a file with its bytes (nil while not fetched).
type StoredFile struct {
	ID             int64  `db:"id"`
	Name           string `db:"name"`
	ContentType    string `db:"content_type"`
	Size           int64  `db:"size"`
	Content        []byte `db:"content"`
	TelegramFileID string `db:"telegram_file_id"`
}

// File returns a stored file.
func (s *Store) File(ctx context.Context, id int64) (StoredFile, error) {
	const q = `SELECT id, name, content_type, size, content, coalesce(telegram_file_id, '') AS telegram_file_id FROM files WHERE id = $1`
	rows, _ := s.db.Query(ctx, q, id)
	f, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[StoredFile])
	return f, translate(err, fmt.Sprintf("file %d", id))
}

// SetTelegramFileID remembers Telegram's id of an uploaded file, so the
// next recipients get it without a new upload.
func (s *Store) SetTelegramFileID(ctx context.Context, id int64, fileID string) error {
	_, err := s.db.Exec(ctx, `UPDATE files SET telegram_file_id = $2 WHERE id = $1 AND telegram_file_id IS NULL`, id, fileID)
	return translate(err, "remember telegram file")
}

// ClaimTelegramUpload reserves the upload of a file to Telegram for one
// process for d: false when the file has its file_id already or another
// process is uploading it (it should be sent by file_id, a little later).
func (s *Store) ClaimTelegramUpload(ctx context.Context, id int64, d time.Duration) (bool, error) {
	const q = `UPDATE files SET telegram_upload_until = $2::timestamptz + $3::interval
		WHERE id = $1 AND telegram_file_id IS NULL AND coalesce(telegram_upload_until, 'epoch') < $2`
	tag, err := s.db.Exec(ctx, q, id, s.Now(), d)
	return tag.RowsAffected() == 1, translate(err, "claim telegram upload")
}

// ReleaseTelegramUpload gives up an upload ClaimTelegramUpload reserved
// that did not happen, so that the next send uploads the file.
func (s *Store) ReleaseTelegramUpload(ctx context.Context, id int64) error {
	_, err := s.db.Exec(ctx, `UPDATE files SET telegram_upload_until = NULL WHERE id = $1 AND telegram_file_id IS NULL`, id)
	return translate(err, "release telegram upload")
}

// StoreFile keeps a file chidao made (an exported report) and returns its id.
func (s *Store) StoreFile(ctx context.Context, f NewFile) (int64, error) {
	return insertFile(ctx, s.db, s.Now(), f)
}

// ConversationAwaitingFile finds the chat whose conversation waits for a
// file's bytes (a state whose "awaits_file" is fileID) and locks its row
// until the transaction ends, so that a message of that chat handled
// meanwhile waits for it (or goes first, and the state is gone).
func (s *Store) ConversationAwaitingFile(ctx context.Context, fileID int64) (ch chidao.Channel, chatID string, ok bool, err error) {
	const q = `SELECT channel, chat_id FROM conversations WHERE state->>'awaits_file' = $1::bigint::text AND expires_at > $2
		ORDER BY updated_at DESC LIMIT 1 FOR UPDATE`
	err = s.db.QueryRow(ctx, q, fileID, s.Now()).Scan(&ch, &chatID)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", false, nil
	}
	return ch, chatID, err == nil, translate(err, "conversation awaiting a file")
}

// FileFetchError is why a chat file's bytes could not be fetched, empty
// while they may still come (or have come).
func (s *Store) FileFetchError(ctx context.Context, id int64) (string, error) {
	var why string
	err := s.db.QueryRow(ctx, `SELECT coalesce(fetch_error, '') FROM files WHERE id = $1`, id).Scan(&why)
	return why, translate(err, fmt.Sprintf("file %d", id))
}
