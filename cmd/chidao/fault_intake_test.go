package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	domain "chidao"
	"chidao/bot/telegramfake"
	"chidao/internal/dbtest"
	"chidao/internal/testclock"
	"chidao/storage"
)

const faultSecret = "fault_webhook-secret"

// TestFaultWebhookIntakeThroughAnOutage: 600 /viec updates of 100
// officers are posted to chidao serve's webhook as Telegram does (again
// after a 503, a third of them twice anyway); PostgreSQL stops a third of
// the way through and starts again after the outage. /readyz says 503
// meanwhile and 200 after; the process stays up; every update is stored
// once and answered once.
func TestFaultWebhookIntakeThroughAnOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("stops and starts PostgreSQL under chidao serve")
	}
	sc := scale()
	const officers, updates = 100, 600
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	pg, dbURL := dbtest.Restartable(t)
	store := dbtest.Open(t, dbURL)
	fake := telegramfake.New(telegramfake.Options{Token: faultToken, BotUsername: "chidao_fault_bot", Rate: -1, ChatInterval: -1})
	defer fake.Close()
	users := bulkOfficers(t, ctx, store, fake, 1, officers)
	if _, err := store.CreateDirective(ctx, domain.System, storage.NewDirective{Number: "60-CV/BTGTU", Title: "V/v thử",
		Due: store.Now().Add(72 * time.Hour), UnitCodes: []string{"U0000"}}); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	hook := fmt.Sprintf("http://127.0.0.1:%d", port)
	p := startServe(t, port, "DATABASE_URL="+dbURL, "TELEGRAM_BOT_TOKEN="+faultToken, "TELEGRAM_BOT_USERNAME=chidao_fault_bot",
		"TELEGRAM_API_URL="+fake.URL(), "TELEGRAM_MODE=webhook", "TELEGRAM_WEBHOOK_SECRET="+faultSecret, "PUBLIC_URL="+hook,
		"TELEGRAM_RATE=-1", "TELEGRAM_CHAT_INTERVAL=-1s", "REMINDER_SCHEDULE=@every 1h")
	waitFor(t, ctx, "the directive to reach every officer", func() bool { return fake.Stats().Sent >= officers })
	ready := &readiness{}
	watch, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	go ready.watch(watch, p.port)

	post := newPoster(hook+"/webhook/telegram", users, updates, sc.rate)
	go post.run(ctx)
	waitFor(t, ctx, "a third of the updates", func() bool { return post.acked.Load() >= updates/3 })
	pg.Stop(t)
	down := time.Now()
	time.Sleep(sc.outage) // the outage itself
	restart := time.Now()
	pg.Start(t)
	up, upClock := time.Now(), testclock.Now()
	<-post.done
	waitFor(t, ctx, "every update handled", func() bool {
		return countRows(t, ctx, store, `SELECT count(*) FROM inbox WHERE state = 'done'`) == updates
	})
	waitFor(t, ctx, "every answer", func() bool { return fake.Stats().Sent >= officers+updates })
	stopWatch()

	if n := countRows(t, ctx, store, `SELECT count(*) FROM inbox`); n != updates {
		t.Errorf("%d inbox rows; want %d, each update once", n, updates)
	}
	for _, u := range users {
		answers := 0
		for _, s := range fake.SentTo(u.ID) {
			if strings.Contains(s.Text, "đang thực hiện 1 văn bản") {
				answers++
			}
		}
		if answers != updates/officers {
			t.Fatalf("officer %d got %d answers to %d updates", u.ID, answers, updates/officers)
		}
	}
	during, _ := ready.between(down.Add(100*time.Millisecond), restart) // probes sent before the stop may answer after it
	after, firstOK := ready.between(up, time.Now())
	if during[http.StatusServiceUnavailable] == 0 || during[http.StatusOK] > 0 || firstOK.IsZero() {
		t.Errorf("/readyz while down %v, after %v; want 503 while down, then 200", during, after)
	}
	if !p.alive() {
		t.Fatal("chidao serve died during the outage")
	}
	p.checkLog(t, 1)
	if testing.Verbose() {
		t.Log(p.logText())
	}
	var firstHandled time.Time
	if err := store.Pool().QueryRow(ctx, `SELECT min(processed_at) FROM inbox WHERE processed_at > $1`, upClock).Scan(&firstHandled); err != nil {
		t.Fatal(err)
	}
	t.Logf("webhook intake: %d updates (+%d redelivered, %d answered 503 and posted again) at %d/s, PostgreSQL down %s; "+
		"after it accepted connections again: /readyz 200 in %s, first update stored in %s and handled in %s; all handled %s after; "+
		"log: %d outage lines, %d recovery lines",
		updates, post.redelivered.Load(), post.refused.Load(), sc.rate, sc.outage, firstOK.Sub(up).Round(time.Millisecond),
		post.firstAckAfter(up).Sub(up).Round(100*time.Microsecond), firstHandled.Sub(upClock).Round(time.Millisecond),
		time.Since(up).Round(time.Millisecond), strings.Count(p.logText(), "retrying with backoff"), strings.Count(p.logText(), "works again"))
}

// poster posts updates to the webhook at a rate from 16 connections, as
// Telegram does: an update not answered 200 is posted again (100 ms, then
// doubling to 1 s), and every third one is posted a second time anyway.
type poster struct {
	url                         string
	users                       []telegramfake.User
	n, rate                     int
	acked, refused, redelivered atomic.Int64
	done                        chan struct{}
	mu                          sync.Mutex
	acks                        []time.Time
}

func newPoster(url string, users []telegramfake.User, n, rate int) *poster {
	return &poster{url: url, users: users, n: n, rate: rate, done: make(chan struct{})}
}

func (p *poster) run(ctx context.Context) {
	defer close(p.done)
	jobs := make(chan int, p.n)
	go func() {
		tick := time.NewTicker(time.Second / time.Duration(p.rate))
		defer tick.Stop()
		for i := range p.n {
			<-tick.C
			jobs <- i
		}
		close(jobs)
	}()
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for i := range jobs {
				p.deliver(ctx, i)
				if i%3 == 0 {
					p.redelivered.Add(1)
					p.deliver(ctx, i)
				}
				p.acked.Add(1)
			}
		})
	}
	wg.Wait()
}

// deliver posts update i until the webhook answers 200.
func (p *poster) deliver(ctx context.Context, i int) {
	u := p.users[i%len(p.users)]
	body := fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":1764100000,"from":{"id":%d,"is_bot":false,"first_name":"CB"},`+
		`"chat":{"id":%d,"type":"private"},"text":"/viec"}}`, 800000+i, 1000+i, u.ID, u.ID)
	wait := 100 * time.Millisecond
	for ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", faultSecret)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				p.mu.Lock()
				p.acks = append(p.acks, time.Now())
				p.mu.Unlock()
				return
			}
		}
		p.refused.Add(1)
		time.Sleep(wait) // Telegram's retry delay
		wait = min(2*wait, time.Second)
	}
}

// firstAckAfter is the first 200 after t.
func (p *poster) firstAckAfter(t time.Time) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	var first time.Time
	for _, a := range p.acks {
		if a.After(t) && (first.IsZero() || a.Before(first)) {
			first = a
		}
	}
	return first
}
