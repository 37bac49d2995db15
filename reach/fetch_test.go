package reach_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/internal/dbtest"
	"chidao/reach"
	"chidao/reach/youtubefake"
	"chidao/reminders"
	"chidao/storage"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// approvedClip makes a unit, its officer and head, a directive and one
// clip of url approved at the clock's time; it returns the clip's id.
func approvedClip(t *testing.T, ctx context.Context, s *storage.Store, url string) int64 {
	t.Helper()
	for _, u := range []chidao.Unit{{Code: "BTGTU", Name: "Ban Tuyên giáo Tỉnh ủy"}, {Code: "PTTH", Name: "Đài PT-TH", ParentCode: "BTGTU"}} {
		if err := s.AddUnit(ctx, chidao.System, u); err != nil {
			t.Fatal(err)
		}
	}
	var people []chidao.Person
	for i, role := range []chidao.Role{chidao.RoleOfficer, chidao.RoleHead} {
		inv, err := s.CreateInvite(ctx, chidao.System, storage.NewInvite{UnitCode: "PTTH", Role: role, FullName: string(role), TTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		id := string(rune('1' + i))
		p, err := s.RedeemInvite(ctx, storage.Redemption{Code: inv.Code, Channel: chidao.Telegram, ExternalUserID: id, ChatID: id})
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, p)
	}
	d, err := s.CreateDirective(ctx, chidao.System, storage.NewDirective{Number: "1-CV/BTGTU", Title: "Clip", Due: s.Now().Add(240 * time.Hour),
		UnitCodes: []string{"PTTH"}, Tasks: []storage.NewTask{{Text: "Clip", Requirement: chidao.Requirement{MinClips: 1}}}})
	if err != nil {
		t.Fatal(err)
	}
	clip, err := s.Submit(ctx, storage.Submission{PersonID: people[0].ID, DirectiveID: d, Kind: "clip", URL: url, Platform: "youtube"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ReviewClip(ctx, people[1].ID, clip, true, ""); err != nil {
		t.Fatal(err)
	}
	return clip
}

func checks(t *testing.T, ctx context.Context, s *storage.Store, clip int64) string {
	t.Helper()
	rows, err := s.Pool().Query(ctx, `SELECT kind || ':' || slot || '=' || state FROM reach_checks WHERE submission_id = $1 ORDER BY id`, clip)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return strings.Join(out, " ")
}

// TestYouTubeFiguresFetchedNotAsked: with an API key, a YouTube clip is
// measured 1, 7 and 30 days after approval through the fake API, its
// officer is never asked, a quota refusal waits for the next quota day,
// and each measurement is kept with its source and time.
func TestYouTubeFiguresFetchedNotAsked(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := storage.Open(ctx, dbtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	clk := &clock{time.Date(2026, 4, 23, 10, 0, 0, 0, chidao.Zone)}
	s.Now = clk.now
	clip := approvedClip(t, ctx, s, "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
	fake := youtubefake.New("test-key", 10)
	defer fake.Close()
	views, likes := int64(1500), int64(80)
	fake.SetVideo("dQw4w9WgXcQ", youtubefake.Video{Views: &views, Likes: &likes}) // comments off
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sw := &reminders.Sweeper{Store: s, Calendar: reminders.DefaultCalendar(), Policy: reminders.DefaultPolicy(), Log: log, YouTube: true}
	f := &reach.Fetcher{Store: s, YouTube: &reach.YouTube{BaseURL: fake.URL(), Key: "test-key"}, Log: log}
	sweepAt := func(at time.Time) {
		clk.t = at
		if _, err := sw.Sweep(ctx, at); err != nil {
			t.Fatal(err)
		}
	}

	sweepAt(time.Date(2026, 4, 24, 10, 0, 0, 0, chidao.Zone))
	if n, err := f.Step(ctx); err != nil || n != 1 {
		t.Fatalf("first fetch: %d, %v", n, err)
	}
	// The seventh working day passes: no question for a YouTube clip.
	sweepAt(time.Date(2026, 5, 7, 8, 0, 0, 0, chidao.Zone))
	if got := checks(t, ctx, s, clip); got != "youtube:d1=done youtube:d7=queued" {
		t.Fatalf("ledger = %s", got)
	}
	fake.SetQuota(0)
	if n, err := f.Step(ctx); err != nil || n != 0 {
		t.Fatalf("fetch with no quota: %d, %v", n, err)
	}
	var next time.Time
	if err := s.Pool().QueryRow(ctx, `SELECT next_attempt_at FROM reach_checks WHERE slot = 'd7'`).Scan(&next); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 5, 7, 0, 5, 0, 0, time.FixedZone("PDT", -7*3600)); !next.Equal(want) {
		t.Errorf("after quotaExceeded the fetch waits until %s; want the next Pacific midnight %s", next, want)
	}
	fake.SetQuota(10)
	views = 9000
	fake.SetVideo("dQw4w9WgXcQ", youtubefake.Video{Views: &views, Likes: &likes})
	clk.t = next.Add(time.Minute)
	if n, err := f.Step(ctx); err != nil || n != 1 {
		t.Fatalf("fetch on the next quota day: %d, %v", n, err)
	}
	hist, err := s.ReachHistory(ctx, clip)
	if err != nil || len(hist) != 2 {
		t.Fatalf("history = %+v, %v", hist, err)
	}
	if *hist[0].Views != 9000 || *hist[1].Views != 1500 || hist[0].Source != "youtube" || hist[0].Comments != nil || *hist[0].Likes != 80 {
		t.Errorf("history newest first = %+v / %+v", hist[0], hist[1])
	}
	if !hist[0].MeasuredAt.Equal(clk.t) {
		t.Errorf("measured at %s; want %s", hist[0].MeasuredAt, clk.t)
	}
}

// TestYouTubeVideoNotFoundAsksTheOfficer: a video the API does not know
// (deleted, private) is asked of its officer instead.
func TestYouTubeVideoNotFoundAsksTheOfficer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := storage.Open(ctx, dbtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	clk := &clock{time.Date(2026, 4, 23, 10, 0, 0, 0, chidao.Zone)}
	s.Now = clk.now
	clip := approvedClip(t, ctx, s, "https://www.youtube.com/watch?v=AAAAAAAAAAA")
	fake := youtubefake.New("k", 10)
	defer fake.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sw := &reminders.Sweeper{Store: s, Calendar: reminders.DefaultCalendar(), Policy: reminders.DefaultPolicy(), Log: log, YouTube: true}
	f := &reach.Fetcher{Store: s, YouTube: &reach.YouTube{BaseURL: fake.URL(), Key: "k"}, Log: log}
	clk.t = time.Date(2026, 4, 24, 11, 0, 0, 0, chidao.Zone)
	if _, err := sw.Sweep(ctx, clk.t); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Step(ctx); err != nil {
		t.Fatal(err)
	}
	clk.t = time.Date(2026, 5, 7, 8, 0, 0, 0, chidao.Zone)
	res, err := sw.Sweep(ctx, clk.t)
	if err != nil || res.Reach != 1 {
		t.Fatalf("sweep after not found: %+v, %v", res, err)
	}
	if got := checks(t, ctx, s, clip); !strings.HasPrefix(got, "youtube:d1=failed") || !strings.Contains(got, "ask:ask=queued") {
		t.Errorf("ledger = %s", got)
	}
}

// TestYouTubeErrors: the client reads the API's errors as the API writes them.
func TestYouTubeErrors(t *testing.T) {
	fake := youtubefake.New("good", 1)
	defer fake.Close()
	bad := &reach.YouTube{BaseURL: fake.URL(), Key: "wrong"}
	_, err := bad.Videos(context.Background(), []string{"dQw4w9WgXcQ"})
	if err == nil || !strings.Contains(err.Error(), "400 badRequest: API key not valid") || strings.Contains(err.Error(), "wrong") {
		t.Errorf("bad key: %v", err)
	}
	good := &reach.YouTube{BaseURL: fake.URL(), Key: "good"}
	if st, err := good.Videos(context.Background(), []string{"dQw4w9WgXcQ"}); err != nil || len(st) != 0 {
		t.Errorf("unknown video: %v, %v", st, err)
	}
	if _, err := good.Videos(context.Background(), []string{"dQw4w9WgXcQ"}); err == nil || !strings.Contains(err.Error(), "quota exceeded (quotaExceeded)") {
		t.Errorf("no quota: %v", err)
	}
}
