package reminders

import (
	"context"
	"time"

	"chidao/storage"
)

// The reach questions and fetches the sweep decides (issue 17). An
// approved clip's officer is asked for its figures at p.At on the
// p.ReachAfterDays-th working day after approval, and reminded once
// p.ReachReminderDays working days after the question when no figure came.
// YouTube clips, when the Sweeper may fetch them, are measured from the
// YouTube Data API 1, 7 and 30 days after approval instead; their officer
// is asked only when the API does not know the video.
const (
	ReachAsk      = "ask"
	ReachReminder = "reminder"
	ReachYouTube  = "youtube"
)

// youtubeSlots are the days after approval the YouTube figures are read.
var youtubeSlots = []struct {
	slot string
	days int
}{{"d1", 1}, {"d7", 7}, {"d30", 30}}

// reachLookback is how far back approvals are looked at: past the last
// YouTube fetch and any question.
const reachLookback = 60 * 24 * time.Hour

// sweepReach records the reach questions and fetches due at now. In quiet
// hours and on days off no question goes out (they wait); fetches do.
func (s *Sweeper) sweepReach(ctx context.Context, tx *storage.Store, now time.Time, quiet bool) (int, error) {
	cands, err := tx.ReachCandidates(ctx, now.Add(-reachLookback))
	if err != nil {
		return 0, err
	}
	var entries []storage.ReachEntry
	for _, c := range cands {
		entries = append(entries, s.Policy.reach(s.Calendar, c, now, quiet, s.YouTube)...)
	}
	return tx.RecordReachChecks(ctx, entries, now)
}

// reach decides one clip's due questions and fetches.
func (p Policy) reach(cal *Calendar, c storage.ReachCandidate, now time.Time, quiet, youtube bool) []storage.ReachEntry {
	var out []storage.ReachEntry
	fetched := youtube && c.Platform == "youtube"
	if fetched {
		for _, y := range youtubeSlots {
			due := c.ApprovedAt.Add(time.Duration(y.days) * 24 * time.Hour)
			if _, ok := c.Checks[ReachYouTube+":"+y.slot]; !ok && !due.After(now) {
				out = append(out, storage.ReachEntry{ClipID: c.ClipID, Kind: ReachYouTube, Slot: y.slot, Due: due, State: "queued"})
			}
		}
		if c.Checks[ReachYouTube+":d1"] != "failed" {
			return out // the API measures it; the officer is not asked
		}
	}
	if quiet || p.ReachAfterDays <= 0 {
		return out
	}
	ask := p.allowed(cal, cal.AddWorkingDays(c.ApprovedAt, p.ReachAfterDays, p.At.H, p.At.M))
	if _, ok := c.Checks[ReachAsk+":"+ReachAsk]; !ok && !ask.After(now) {
		e := storage.ReachEntry{ClipID: c.ClipID, Kind: ReachAsk, Slot: ReachAsk, Due: ask, State: "queued"}
		if c.Known {
			e.State, e.Note = "skipped", "figures already known"
		}
		return append(out, e)
	}
	if c.Known || c.AskedAt.IsZero() || p.ReachReminderDays <= 0 {
		return out
	}
	again := p.allowed(cal, cal.AddWorkingDays(c.AskedAt, p.ReachReminderDays, p.At.H, p.At.M))
	if _, ok := c.Checks[ReachAsk+":"+ReachReminder]; !ok && c.Checks[ReachAsk+":"+ReachAsk] == "sent" && !again.After(now) {
		out = append(out, storage.ReachEntry{ClipID: c.ClipID, Kind: ReachAsk, Slot: ReachReminder, Due: again, State: "queued"})
	}
	return out
}
