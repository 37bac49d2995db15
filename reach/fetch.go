package reach

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"chidao"
	"chidao/internal/supervise"
	"chidao/storage"
)

// Fetcher measures YouTube clips when their fetches fall due (the reminder
// sweep decides them: 1, 7 and 30 days after approval). Several processes
// may run one: each claims its own fetches.
type Fetcher struct {
	Store   *storage.Store
	YouTube *YouTube
	Log     *slog.Logger
}

// maxAttempts is how often a fetch is tried before it is given up.
const maxAttempts = 5

// Step claims the due fetches and records what the API says. It returns
// how many it measured.
func (f *Fetcher) Step(ctx context.Context) (int, error) {
	checks, err := f.Store.ClaimYouTubeChecks(ctx, MaxVideosPerCall)
	if err != nil || len(checks) == 0 {
		return 0, err
	}
	var ids []string
	for _, c := range checks {
		if id := VideoID(c.URL); id != "" {
			ids = append(ids, id)
		}
	}
	var stats Statistics
	if len(ids) > 0 {
		stats, err = f.YouTube.Videos(ctx, ids)
	}
	if err != nil {
		return 0, f.retry(ctx, checks, err)
	}
	n := 0
	for _, c := range checks {
		st, ok := stats[VideoID(c.URL)]
		if !ok || st.Empty() {
			// Deleted, private or never a video: the officer is asked instead.
			if err := f.Store.FinishYouTubeCheck(ctx, c.ID, "failed", "video not found by the YouTube Data API", time.Time{}); err != nil {
				return n, err
			}
			continue
		}
		_, err := f.Store.RecordReach(ctx, storage.NewReach{ClipID: c.ClipID, Views: st.Views, Likes: st.Likes, Comments: st.Comments,
			Source: storage.SourceYouTube, Actor: chidao.Actor{Label: "youtube"}})
		state, note := "done", ""
		if errors.Is(err, storage.ErrNotApproved) {
			state, note, err = "failed", "clip no longer approved", nil
		}
		if err != nil {
			return n, err
		}
		if err := f.Store.FinishYouTubeCheck(ctx, c.ID, state, note, time.Time{}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// retry puts the fetches back for later: after a quota refusal at the
// next quota day (midnight Pacific time, when the API resets it), else in
// an hour; after maxAttempts they fail.
func (f *Fetcher) retry(ctx context.Context, checks []storage.YouTubeCheck, cause error) error {
	now := f.Store.Now()
	at := now.Add(time.Hour)
	if errors.Is(cause, ErrQuota) {
		at = nextQuotaDay(now)
	}
	f.Log.Warn("YouTube statistics not fetched; will retry", "error", cause, "retry_at", at, "videos", len(checks))
	for _, c := range checks {
		state := "queued"
		if c.Attempts >= maxAttempts {
			state = "failed"
		}
		if err := f.Store.FinishYouTubeCheck(ctx, c.ID, state, cause.Error(), at); err != nil {
			return err
		}
	}
	return nil
}

var pacific = func() *time.Location {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		return time.FixedZone("PST", -8*3600)
	}
	return loc
}()

// nextQuotaDay is the next midnight in Pacific time, when YouTube resets
// the daily quota.
func nextQuotaDay(t time.Time) time.Time {
	y, m, d := t.In(pacific).Date()
	return time.Date(y, m, d+1, 0, 5, 0, 0, pacific)
}

// Run fetches every interval until ctx ends; errors are never fatal, and
// an outage (of the database or YouTube) is logged once, and its end.
func (f *Fetcher) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	down := &supervise.Outage{Log: f.Log, Name: "youtube", What: "YouTube fetch"}
	for {
		for {
			n, err := f.Step(ctx)
			switch {
			case err != nil && ctx.Err() == nil:
				down.Fail(err)
			case err == nil:
				down.OK()
			}
			if n == 0 || err != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
