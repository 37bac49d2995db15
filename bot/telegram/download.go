package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/go-telegram/bot"
)

// maxDownload is the largest file a bot may download from Telegram.
const maxDownload = 20 << 20

type permanentError struct{ error }

// download fetches a file's bytes by its Telegram file id.
func (t *Telegram) download(ctx context.Context, fileID string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	f, err := t.b.GetFile(ctx, &bot.GetFileParams{FileID: fileID})
	if errors.Is(err, bot.ErrorBadRequest) {
		return nil, &permanentError{t.redact(err)}
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
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDownload+1))
	if err != nil {
		return nil, t.redact(err)
	}
	if len(body) > maxDownload {
		return nil, &permanentError{fmt.Errorf("telegram: file is larger than 20 MB")}
	}
	return body, nil
}
