package telegram_test

// A directive broadcast through the fake's strict flood model (issue 13):
// at most 30 sends in any rolling second, one per private chat in any
// rolling second, a 429 pausing the whole bot. The test runs a small
// broadcast in CI; BenchmarkBroadcastStrict runs the 600 officers
// (numbers in docs/performance.md):
//
//	go test ./bot/telegram -run XXX -bench BroadcastStrict -benchtime 1x -timeout 30m

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"chidao"
	"chidao/bot/telegramfake"
	"chidao/outbox"
	"chidao/storage"
)

// strictRun is one broadcast through the strict fake.
type strictRun struct {
	officers int
	procs    int  // chidao processes sharing the database and the limit
	pdf      bool // the directive carries the signed PDF
	writers  int  // officers who write "/viec" while it goes out
}

// strictResult is what the fake saw.
type strictResult struct {
	sent        int           // every send the fake accepted during the broadcast
	share       float64       // sends per second from the first to the last letter, over the cap (30)
	tooMany     int           // 429 answers
	first, last time.Duration // first and last letter after the directive was issued
	missing     []string      // officers without (all of) the letter
	twice       []string      // officers who got a part of it twice
	uploads     int           // sendDocument with the file's bytes
	replies     []time.Duration
	unanswered  int
	minSpan     time.Duration // the shortest time 31 consecutive sends took at the fake
	departures  outbox.Departures
	warnings    int
}

// letterMark is in the directive's body and so in every letter, never in
// an answer.
const letterMark = "bench-13"

func runStrict(tb testing.TB, r strictRun) strictResult {
	const units = 60
	w := newBenchWorld(tb, benchOptions{units: units, fake: telegramfake.Options{Rate: 30, ChatInterval: time.Second}})
	w.registerWithInvites(r.officers, units)
	w.start()
	w.moreProcesses(r.procs - 1)
	nd := storage.NewDirective{Number: "1483-CV/BTGTU", Title: "V/v tuyên truyền kỷ niệm 95 năm Ngày thành lập Đảng",
		Body: "Đề nghị các đơn vị triển khai (" + letterMark + ").", Due: w.now().Add(72 * time.Hour), AllUnits: true}
	parts := 1
	if r.pdf {
		pdf, err := os.ReadFile("../../letter/testdata/corpus/01-1483-CV-BTGTU.pdf")
		if err != nil {
			tb.Fatal(err)
		}
		nd.Attachments, parts = []storage.NewFile{{Name: "1483-CV-BTGTU.pdf", ContentType: "application/pdf", Content: pdf}}, 2
	}
	base := w.fake.Stats()
	from := len(w.fake.Sent())
	t0 := time.Now()
	if _, err := w.store.CreateDirective(w.ctx, chidao.Actor{Label: "bench"}, nd); err != nil {
		tb.Fatal(err)
	}
	for _, p := range w.procs {
		p.Wake()
	}
	// Writers spread over the expected duration, each a different officer
	// spread over the queue.
	expected := time.Duration(float64(r.officers*parts) / 28.8 * float64(time.Second))
	wrote := make([]time.Time, r.writers)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range r.writers {
			at := t0.Add(expected * time.Duration(i+1) / time.Duration(r.writers+1))
			time.Sleep(time.Until(at))
			wrote[i] = time.Now()
			w.fake.SendText(w.users[writerIndex(i, r)], "/viec")
		}
	})
	wg.Wait()
	letters := func(recs []telegramfake.Sent) int {
		n := 0
		for _, rec := range recs {
			if isLetter(rec) {
				n++
			}
		}
		return n
	}
	deadline := time.Now().Add(3*expected + time.Minute)
	for {
		recs := w.fake.Sent()[from:]
		if letters(recs) >= r.officers*parts && answered(recs, w, r, wrote) == r.writers || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // let anything sent twice arrive, to be counted (not a proof of absence: the counts below are)
	recs := w.fake.Sent()[from:]
	return w.strictResult(r, recs, base, t0, wrote, parts)
}

// writerIndex spreads the writers over the officers (the queue's order).
func writerIndex(i int, r strictRun) int {
	return (i*r.officers/r.writers + r.officers/(2*r.writers)) % r.officers
}

// isLetter tells a part of the directive's letter from an answer.
func isLetter(rec telegramfake.Sent) bool {
	return rec.Document != nil || strings.Contains(rec.Text, letterMark)
}

// answered counts the writers who got an answer after they wrote.
func answered(recs []telegramfake.Sent, w *benchWorld, r strictRun, wrote []time.Time) int {
	n := 0
	for i, at := range wrote {
		if !at.IsZero() && reply(recs, w.users[writerIndex(i, r)].ID, at) != nil {
			n++
		}
	}
	return n
}

func reply(recs []telegramfake.Sent, chat int64, after time.Time) *telegramfake.Sent {
	for i := range recs {
		if recs[i].ChatID == chat && recs[i].At.After(after) && !isLetter(recs[i]) {
			return &recs[i]
		}
	}
	return nil
}

func (w *benchWorld) strictResult(r strictRun, recs []telegramfake.Sent, base telegramfake.Stats, t0 time.Time, wrote []time.Time, parts int) strictResult {
	st := w.fake.Stats()
	res := strictResult{sent: len(recs), tooMany: st.TooManyBot + st.TooManyChat - base.TooManyBot - base.TooManyChat, warnings: w.logs.n}
	per := map[int64]int{}
	var first, last time.Time
	for _, rec := range recs {
		if !isLetter(rec) {
			continue
		}
		per[rec.ChatID]++
		if first.IsZero() || rec.At.Before(first) {
			first = rec.At
		}
		if rec.At.After(last) {
			last = rec.At
		}
	}
	for _, u := range w.users[:r.officers] {
		switch n := per[u.ID]; {
		case n < parts:
			res.missing = append(res.missing, fmt.Sprint(u.ID))
		case n > parts:
			res.twice = append(res.twice, fmt.Sprint(u.ID))
		}
	}
	res.first, res.last = first.Sub(t0), last.Sub(t0)
	var inBroadcast int
	for _, rec := range recs {
		if !rec.At.Before(first) && !rec.At.After(last) {
			inBroadcast++
		}
	}
	if last.After(first) {
		res.share = float64(inBroadcast-1) / last.Sub(first).Seconds() / 30
	}
	at := make([]time.Time, len(recs))
	for i, rec := range recs {
		at[i] = rec.At
	}
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	res.minSpan = time.Hour
	for i := 30; i < len(at); i++ {
		res.minSpan = min(res.minSpan, at[i].Sub(at[i-30]))
	}
	res.uploads = st.Uploads - base.Uploads
	for i, tw := range wrote {
		if rep := reply(recs, w.users[writerIndex(i, r)].ID, tw); rep != nil {
			res.replies = append(res.replies, rep.At.Sub(tw))
		} else {
			res.unanswered++
		}
	}
	slices.Sort(res.replies)
	for _, p := range w.procs {
		d := p.Outbox.Departures()
		res.departures.Sent += d.Sent
		res.departures.Late += d.Late
		res.departures.P50 = max(res.departures.P50, d.P50)
		res.departures.P99 = max(res.departures.P99, d.P99)
		res.departures.Max = max(res.departures.Max, d.Max)
	}
	return res
}

// check fails tb unless the broadcast met the goals: every officer
// got the letter once, no 429, the file uploaded once, answers within 2 s,
// at least minShare of the cap.
func (res strictResult) check(tb testing.TB, r strictRun, minShare float64, maxReply time.Duration) {
	tb.Helper()
	if len(res.missing) > 0 || len(res.twice) > 0 {
		tb.Errorf("%d officers missing (a part of) the letter %v, %d got it twice %v", len(res.missing), head(res.missing), len(res.twice), head(res.twice))
	}
	if res.tooMany != 0 {
		tb.Errorf("the fake answered 429 %d times", res.tooMany)
	}
	if r.pdf && res.uploads != 1 {
		tb.Errorf("the PDF was uploaded %d times; want once, then its file_id", res.uploads)
	}
	if res.unanswered > 0 || len(res.replies) > 0 && res.replies[len(res.replies)-1] > maxReply {
		tb.Errorf("answers to officers writing during the broadcast: %v, %d unanswered; want all within %s", res.replies, res.unanswered, maxReply)
	}
	if res.share < minShare {
		tb.Errorf("%.3f of the cap; want at least %.2f", res.share, minShare)
	}
	if res.first > time.Second {
		tb.Errorf("first letter %s after issuing; want within a second", res.first)
	}
}

func head(s []string) []string { return s[:min(len(s), 5)] }

func (res strictResult) report(b *testing.B) {
	b.ReportMetric(res.share, "share-of-cap")
	b.ReportMetric(res.share*30, "msg/s")
	b.ReportMetric(float64(res.tooMany), "429s")
	b.ReportMetric(float64(res.first.Milliseconds()), "ms-to-first")
	b.ReportMetric(res.last.Seconds(), "s-to-last")
	b.ReportMetric(float64(len(res.missing)), "missing")
	b.ReportMetric(float64(len(res.twice)), "twice")
	b.ReportMetric(float64(res.uploads), "uploads")
	if n := len(res.replies); n > 0 {
		b.ReportMetric(float64(res.replies[n/2].Milliseconds()), "reply-p50-ms")
		b.ReportMetric(float64(res.replies[n-1].Milliseconds()), "reply-max-ms")
	}
	b.ReportMetric(float64(res.minSpan.Milliseconds()), "min-31-span-ms")
	b.ReportMetric(float64(res.departures.P50.Microseconds())/1000, "depart-p50-ms")
	b.ReportMetric(float64(res.departures.P99.Microseconds())/1000, "depart-p99-ms")
	b.ReportMetric(float64(res.departures.Max.Microseconds())/1000, "depart-max-ms")
	b.ReportMetric(float64(res.departures.Late), "put-back-late")
	b.ReportMetric(float64(res.warnings), "warnings")
}

// TestBroadcastAtTheStrictLimits: a small broadcast through the strict
// fake, from one process and from three: nothing missing, nothing twice,
// no 429, the PDF uploaded once, officers who write answered within 2 s.
func TestBroadcastAtTheStrictLimits(t *testing.T) {
	for _, r := range []strictRun{
		{officers: 90, procs: 1, writers: 3},
		{officers: 60, procs: 3, pdf: true, writers: 3},
	} {
		// One after the other, not in parallel: the share of the cap is
		// measured on the machine's 2 cores.
		t.Run(fmt.Sprintf("procs=%d,pdf=%v", r.procs, r.pdf), func(t *testing.T) {
			res := runStrict(t, r)
			// Looser than the benchmark's goals (0.95, 2 s): a short
			// broadcast counts its start and end, and CI runs beside the
			// other packages' tests on 2 cores. What must never happen
			// (a 429, a letter missing or twice, a second upload) is the
			// same.
			res.check(t, r, 0.6, 3*time.Second)
			t.Logf("%+v", res)
		})
	}
}

// BenchmarkBroadcastStrict is the measurement: a directive to 600
// officers through the strict fake, one process and three, without and
// with the signed PDF, ten officers writing during it.
func BenchmarkBroadcastStrict(b *testing.B) {
	for _, r := range []strictRun{
		{officers: 600, procs: 1, writers: 10},
		{officers: 600, procs: 3, writers: 10},
		{officers: 600, procs: 1, pdf: true, writers: 10},
		{officers: 600, procs: 3, pdf: true, writers: 10},
	} {
		b.Run(fmt.Sprintf("procs=%d,pdf=%v", r.procs, r.pdf), func(b *testing.B) {
			res := runStrict(b, r)
			res.check(b, r, 0.95, 2*time.Second)
			res.report(b)
			b.Logf("replies %v; departures %+v; min span of 31 sends %s", res.replies, res.departures, res.minSpan)
		})
	}
}
