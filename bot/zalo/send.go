package zalo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"chidao"
	"chidao/storage"
)

// Send delivers one claimed message: its text with the replies it accepts
// (Zalo has no buttons), or a file. A window error moves the message to
// the person's Telegram when they are linked there; otherwise the person
// is marked unreachable on Zalo.
func (z *Zalo) Send(ctx context.Context, m storage.Claimed) chidao.SendResult {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	msg := m.Message
	var id string
	var err error
	switch {
	case msg.EditOf != "" && msg.Fallback != "":
		// Zalo cannot edit a sent message: the correction notice instead.
		var ids []string
		ids, err = z.client.SendText(ctx, m.ChatID, msg.Fallback)
		if len(ids) > 0 {
			id = ids[len(ids)-1]
		}
	case msg.EditOf != "":
		return chidao.SendResult{Verdict: chidao.Sent} // nothing to change on Zalo
	case msg.File != 0:
		id, err = z.sendFile(ctx, m)
	default:
		var ids []string
		ids, err = z.client.SendText(ctx, m.ChatID, z.plain(msg))
		if len(ids) > 0 {
			id = ids[len(ids)-1]
		}
	}
	if err == nil {
		return chidao.SendResult{Verdict: chidao.Sent, MessageID: id}
	}
	return z.verdict(ctx, m, err)
}

func (z *Zalo) sendFile(ctx context.Context, m storage.Claimed) (string, error) {
	f, err := z.store.File(ctx, m.Message.File)
	if err != nil {
		return "", err
	}
	if f.Content == nil {
		return "", fmt.Errorf("file %d is not stored yet", f.ID)
	}
	if m.Message.Text != "" {
		if _, err := z.client.SendText(ctx, m.ChatID, m.Message.Text); err != nil {
			return "", err
		}
	}
	return z.client.SendFile(ctx, m.ChatID, f.Name, f.Content)
}

func (z *Zalo) verdict(ctx context.Context, m storage.Claimed, err error) chidao.SendResult {
	switch {
	case IsWindow(err):
		// With Telegram, the outbox marks Zalo unreachable and moves the
		// message there; without it, an approved template if configured.
		if m.PersonID != 0 {
			if ids, ierr := z.store.Identities(ctx, m.PersonID); ierr == nil && ids[chidao.Telegram] {
				return chidao.SendResult{Verdict: chidao.Unreachable, Err: err}
			}
		}
		if z.opts.TemplateID != "" {
			data := map[string]string{"noi_dung": firstLine(m.Message.Text, 200)}
			id, terr := z.client.SendTemplate(ctx, TemplateRecipient{UserID: m.ChatID}, z.opts.TemplateID, data, fmt.Sprint(m.ID))
			if terr == nil {
				return chidao.SendResult{Verdict: chidao.Sent, MessageID: id}
			}
			z.log.Warn("Zalo template message failed", "delivery_id", m.ID, "error", terr)
		}
		return chidao.SendResult{Verdict: chidao.Unreachable, Err: err}
	case errors.Is(err, chidao.ErrTooLate):
		return chidao.SendResult{Verdict: chidao.TooLate, Err: err}
	case IsRate(err):
		// Zalo gives no retry_after: the whole OA pauses a second, then
		// sends at half rate for a while (storage.Limits.SlowFor).
		return chidao.SendResult{Verdict: chidao.RateLimited, RetryAfter: time.Second, Err: err}
	case IsAccount(err):
		return chidao.SendResult{Verdict: chidao.Failed, Err: err}
	case IsToken(err), IsRefresh(err), errors.Is(err, storage.ErrNoZaloToken), errors.Is(err, storage.ErrZaloRefreshing),
		errors.Is(err, errPairNotStored):
		return chidao.SendResult{Verdict: chidao.Retry, Err: err}
	}
	var ze *Error
	if errors.As(err, &ze) {
		return chidao.SendResult{Verdict: chidao.Failed, Err: err} // Zalo said no: log it verbatim, fail
	}
	return chidao.SendResult{Verdict: chidao.Retry, Err: err}
}

// Download fetches a file people sent from Zalo's address for it
// (the runtime's fetch.Source): 404 and 410 mean Zalo no longer has it; anything else is
// tried again.
func (z *Zalo) Download(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, chidao.FileGone(chidao.FileNotFound, err) // not an address: it never will be
	}
	resp, err := z.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, chidao.FileGone(chidao.FileNotFound, fmt.Errorf("zalo: download file: HTTP %d", resp.StatusCode))
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("zalo: download file: HTTP %d", resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, chidao.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(body) > chidao.MaxFileSize {
		return nil, chidao.FileGone(chidao.FileTooBig, fmt.Errorf("zalo: file is larger than 20 MB"))
	}
	return body, nil
}

// firstLine is the start of a text for a template parameter.
func firstLine(s string, max int) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(line); len(r) > max {
		line = string(r[:max-1]) + "…"
	}
	return line
}
