package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"chidao"
)

// The sources of reach figures.
const (
	SourceOfficer = "officer" // typed by the officer who sent the clip
	SourceOffice  = "office"  // entered or corrected by the Office
	SourceYouTube = "youtube" // fetched from the YouTube Data API
)

// Reach is a clip's figures as measured at one time; a nil figure is not
// known.
type Reach struct {
	Views, Likes, Shares, Comments *int64
	Source                         string
	MeasuredAt                     time.Time
	Actor                          string
}

// NewReach is a measurement to record for an approved clip.
type NewReach struct {
	ClipID                         int64
	Views, Likes, Shares, Comments *int64
	Source                         string
	Actor                          chidao.Actor
	SourceEvent                    int64
}

// ErrNotApproved is returned for figures of a clip that is not approved
// (pending, rejected or withdrawn): only approved clips are counted.
var ErrNotApproved = errors.New("clip is not approved")

// RecordReach stores a measurement of an approved clip, with its audit row,
// and closes the clip's open reach question. Figures an officer or the
// Office leaves out keep their last known value (a correction of views
// alone keeps the likes); YouTube's are taken as the API gave them. It
// returns the figures as now known. A clip not approved is ErrNotApproved.
func (s *Store) RecordReach(ctx context.Context, r NewReach) (Reach, error) {
	if r.Views == nil && r.Likes == nil && r.Shares == nil && r.Comments == nil {
		return Reach{}, chidao.Invalid("no figure given")
	}
	now := s.Now()
	var out Reach
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var review string
		const get = `SELECT review FROM submissions WHERE id = $1 AND kind = 'clip' FOR UPDATE`
		if err := tx.QueryRow(ctx, get, r.ClipID).Scan(&review); err != nil {
			return translate(err, fmt.Sprintf("clip %d", r.ClipID))
		}
		if review != string(chidao.ReviewApproved) {
			return fmt.Errorf("clip %d is %s: %w", r.ClipID, review, ErrNotApproved)
		}
		if r.Source != SourceYouTube {
			last, err := latestReach(ctx, tx, r.ClipID)
			if err != nil && !errors.Is(err, chidao.ErrNotFound) {
				return err
			}
			r.Views, r.Likes, r.Shares, r.Comments = keep(r.Views, last.Views), keep(r.Likes, last.Likes),
				keep(r.Shares, last.Shares), keep(r.Comments, last.Comments)
		}
		var person *int64
		if r.Actor.PersonID != 0 {
			person = &r.Actor.PersonID
		}
		const ins = `INSERT INTO clip_reach (submission_id, views, likes, shares, comments, source, measured_at, actor, person_id, source_event)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, nullif($10, 0))`
		if _, err := tx.Exec(ctx, ins, r.ClipID, r.Views, r.Likes, r.Shares, r.Comments, r.Source, now, r.Actor.Label, person, r.SourceEvent); err != nil {
			return translate(err, "record reach")
		}
		const closeAsks = `UPDATE reach_checks SET state = 'done', done_at = $2 WHERE submission_id = $1 AND kind = 'ask' AND state IN ('queued', 'sent')`
		if _, err := tx.Exec(ctx, closeAsks, r.ClipID, now); err != nil {
			return translate(err, "close reach questions")
		}
		out = Reach{Views: r.Views, Likes: r.Likes, Shares: r.Shares, Comments: r.Comments, Source: r.Source, MeasuredAt: now, Actor: r.Actor.Label}
		return audit(ctx, tx, now, r.Actor, "clip.reach", "submission", r.ClipID, nil, map[string]any{
			"views": r.Views, "likes": r.Likes, "shares": r.Shares, "comments": r.Comments, "source": r.Source})
	})
	return out, err
}

func keep(v, last *int64) *int64 {
	if v != nil {
		return v
	}
	return last
}

const reachColumns = `views, likes, shares, comments, source, measured_at, actor`

func scanReach(row pgx.Row) (Reach, error) {
	var r Reach
	err := row.Scan(&r.Views, &r.Likes, &r.Shares, &r.Comments, &r.Source, &r.MeasuredAt, &r.Actor)
	return r, err
}

func latestReach(ctx context.Context, tx DBTX, clipID int64) (Reach, error) {
	q := `SELECT ` + reachColumns + ` FROM clip_reach WHERE submission_id = $1 ORDER BY measured_at DESC, id DESC LIMIT 1`
	r, err := scanReach(tx.QueryRow(ctx, q, clipID))
	return r, translate(err, "latest reach")
}

// ReachHistory returns every measurement of a clip, newest first.
func (s *Store) ReachHistory(ctx context.Context, clipID int64) ([]Reach, error) {
	q := `SELECT ` + reachColumns + ` FROM clip_reach WHERE submission_id = $1 ORDER BY measured_at DESC, id DESC`
	var out []Reach
	rows, _ := s.db.Query(ctx, q, clipID)
	defer rows.Close()
	for rows.Next() {
		r, err := scanReach(rows)
		if err != nil {
			return nil, translate(err, "reach history")
		}
		out = append(out, r)
	}
	return out, translate(rows.Err(), "reach history")
}

// latestReaches reads the newest measurement of each clip given.
func latestReaches(ctx context.Context, tx DBTX, clipIDs []int64) (map[int64]*Reach, error) {
	out := map[int64]*Reach{}
	if len(clipIDs) == 0 {
		return out, nil
	}
	q := `SELECT DISTINCT ON (submission_id) submission_id, ` + reachColumns + ` FROM clip_reach
		WHERE submission_id = ANY($1) ORDER BY submission_id, measured_at DESC, id DESC`
	rows, _ := tx.Query(ctx, q, clipIDs)
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r Reach
		if err := rows.Scan(&id, &r.Views, &r.Likes, &r.Shares, &r.Comments, &r.Source, &r.MeasuredAt, &r.Actor); err != nil {
			return nil, translate(err, "latest reach")
		}
		out[id] = &r
	}
	return out, translate(rows.Err(), "latest reach")
}
