package metrics_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/internal/dbtest"
	"chidao/metrics"
	"chidao/storage"
)

// TestMetricsShowQueues: the scrape reports the database's queues and the
// process's send counters in the Prometheus text format.
func TestMetricsShowQueues(t *testing.T) {
	ctx := context.Background()
	s := dbtest.Store(t)
	if _, err := s.StoreInbound(ctx, chidao.Telegram, []storage.Inbound{{ExternalID: "1", ChatKey: "telegram:1", Payload: []byte(`{}`)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Enqueue(ctx, storage.Outgoing{DedupeKey: "k", Channel: chidao.Telegram, ChatID: "1", Kind: "reply",
		Message: chidao.Message{Text: "xin chào"}}); err != nil {
		t.Fatal(err)
	}
	m := metrics.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	m.ObserveSend("telegram", "sent", 40*time.Millisecond)
	m.Paused("telegram")
	rec := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/metrics", nil)
	r.RemoteAddr = "127.0.0.1:5000" // no METRICS_TOKEN: loopback scrapers only
	m.Handler().ServeHTTP(rec, r)
	body := rec.Body.String()
	for _, want := range []string{
		`chidao_database_up 1`,
		`chidao_inbox_events{channel="telegram",state="pending"} 1`,
		`chidao_inbox_lag_seconds{channel="telegram"}`,
		`chidao_deliveries{channel="telegram",state="pending"} 1`,
		`chidao_send_seconds_count{channel="telegram",outcome="sent"} 1`,
		`chidao_rate_limit_pauses_total{channel="telegram"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
