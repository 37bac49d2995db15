// Package fetch copies the files people send in a chat into PostgreSQL, so
// the Office keeps them whatever the platform does. It is the same for
// every channel: a platform implements Source (download a file by its
// platform id), and the Worker tries each file until its bytes arrive,
// with backoff, through platform and database outages alike. A file fails
// only when the platform says it is gone (or too big ever to be given);
// its sender is then told why, in their chat.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"chidao"
	"chidao/internal/supervise"
	"chidao/storage"
	"chidao/texts"
)

// Source downloads a file from a platform.
type Source interface {
	// Download returns the bytes of the file the platform knows as fileID.
	// A *chidao.GoneError means they cannot be had, ever; any other error is
	// tried again later.
	Download(ctx context.Context, fileID string) ([]byte, error)
}

// Worker fetches one channel's files.
type Worker struct {
	Store   *storage.Store
	Channel chidao.Channel
	Source  Source
	Log     *slog.Logger
	Wake    chan struct{} // a send wakes it at once (a document arrived)
	// Timeout bounds one download (default 2 minutes).
	Timeout time.Duration
	// Backoff is the wait after the n-th failed attempt (default: 5 s,
	// doubling, at most 30 minutes).
	Backoff func(attempts int) time.Duration
	// Fetched, when set, is told of each file whose fetch ended, its bytes
	// stored or the file gone (a letter an admin sent is read then).
	Fetched func(ctx context.Context, fileID int64)

	soonest time.Time // the earliest retry this worker scheduled
}

// Run fetches until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	if w.Wake == nil {
		w.Wake = make(chan struct{}, 1)
	}
	db := &supervise.Outage{Log: w.Log, Name: string(w.Channel) + ".files", What: "Fetching " + string(w.Channel) + " files (database)"}
	for ctx.Err() == nil {
		files, err := w.Store.FilesToFetch(ctx, w.Channel, 4)
		if err == nil {
			for _, f := range files {
				if err = w.fetch(ctx, f); err != nil {
					break
				}
			}
		}
		if err != nil {
			if ctx.Err() == nil {
				supervise.Sleep(ctx, db.Fail(err))
			}
			continue
		}
		db.OK()
		if len(files) > 0 {
			continue
		}
		wait := 5 * time.Second // files another process put off, or woken for nothing
		if !w.soonest.IsZero() {
			wait, w.soonest = min(wait, max(w.soonest.Sub(w.Store.Now()), 0)), time.Time{}
		}
		select {
		case <-ctx.Done():
		case <-w.Wake:
		case <-time.After(wait):
		}
	}
}

// fetch tries one file and records what happened; the error is the
// database's, when it cannot record it.
func (w *Worker) fetch(ctx context.Context, f storage.FileToFetch) error {
	dctx, cancel := context.WithTimeout(ctx, cmpOr(w.Timeout, 2*time.Minute))
	content, err := w.Source.Download(dctx, f.ExternalID)
	cancel()
	if err == nil && len(content) > chidao.MaxFileSize {
		err = chidao.FileGone(chidao.FileTooBig, fmt.Errorf("%d bytes", len(content)))
	}
	var gone *chidao.GoneError
	switch {
	case ctx.Err() != nil:
		return nil
	case err == nil:
		return w.ended(ctx, f.ID, w.Store.StoreFileContent(ctx, f.ID, content))
	case errors.As(err, &gone):
		w.Log.Warn("File cannot be had from the platform; its sender is told", "channel", w.Channel, "file_id", f.ID, "error", err)
		return w.ended(ctx, f.ID, w.Store.FileGone(ctx, f.ID, string(gone.Reason)+": "+gone.Err.Error(), w.notice(f, gone.Reason)))
	}
	wait := backoff(f.Attempts)
	if w.Backoff != nil {
		wait = w.Backoff(f.Attempts)
	}
	if f.Attempts == 0 || f.Attempts%10 == 9 {
		w.Log.Warn("File fetch failed; will retry", "channel", w.Channel, "file_id", f.ID, "attempt", f.Attempts+1, "retry_in", wait, "error", err)
	}
	next := w.Store.Now().Add(wait)
	if w.soonest.IsZero() || next.Before(w.soonest) {
		w.soonest = next
	}
	return w.Store.FileFetchRetry(ctx, f.ID, next, err.Error())
}

// ended tells Fetched that a file's fetch ended, once it is recorded.
func (w *Worker) ended(ctx context.Context, id int64, recorded error) error {
	if recorded == nil && w.Fetched != nil {
		w.Fetched(ctx, id)
	}
	return recorded
}

// notice is the message telling the sender a file was lost; none for a
// file sent with no chat to answer in (a letter an admin sent is answered
// by its conversation, through Fetched).
func (w *Worker) notice(f storage.FileToFetch, why chidao.GoneReason) *storage.Outgoing {
	if f.ChatID == "" {
		return nil
	}
	return &storage.Outgoing{DedupeKey: fmt.Sprintf("file:%d:gone", f.ID), PersonID: f.PersonID, Channel: w.Channel,
		ChatID: f.ChatID, Kind: "notice", Message: chidao.Message{Text: texts.FileGone(f.Name, why == chidao.FileTooBig)}}
}

// backoff is the wait after the n-th failed attempt: 5 s, 10 s, 20 s...
// at most 30 minutes; a file is tried until it arrives.
func backoff(attempts int) time.Duration {
	return min(5*time.Second<<min(attempts, 10), 30*time.Minute)
}

func cmpOr(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
