package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/go-telegram/bot"

	"chidao"
)

// Download fetches a file's bytes by its Telegram file id (the runtime's fetch.Source).
// getFile's 400 ("file is too big", "wrong file_id...") is Telegram's
// final word; anything else is tried again.
func (t *Telegram) Download(ctx context.Context, fileID string) ([]byte, error) {
	f, err := t.b.GetFile(ctx, &bot.GetFileParams{FileID: fileID})
	if errors.Is(err, bot.ErrorBadRequest) {
		if strings.Contains(strings.ToLower(err.Error()), "too big") {
			return nil, chidao.FileGone(chidao.FileTooBig, t.redact(err))
		}
		return nil, chidao.FileGone(chidao.FileNotFound, t.redact(err))
	}
	if err != nil {
		return nil, t.redact(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.b.FileDownloadLink(f), nil)
	if err != nil {
		return nil, t.redact(err)
	}
	resp, err := t.http.Do(req)
	if err != nil {
		return nil, t.redact(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("telegram: download file: HTTP %d", resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, chidao.MaxFileSize+1))
	if err != nil {
		return nil, t.redact(err)
	}
	if len(body) > chidao.MaxFileSize {
		return nil, chidao.FileGone(chidao.FileTooBig, fmt.Errorf("telegram: file is larger than 20 MB"))
	}
	return body, nil
}
