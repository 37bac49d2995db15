// Package metrics exposes chidao's state in the Prometheus text format at
// /metrics. Queue sizes, lag, unreachable people and the Zalo token are
// read from PostgreSQL at each scrape, so every replica reports the same
// whole picture; send latencies and 429 pauses are counted by the process
// that saw them.
package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"chidao/storage"
)

// Metrics is the registry of one process.
type Metrics struct {
	reg    *prometheus.Registry
	sends  *prometheus.HistogramVec
	pauses *prometheus.CounterVec
}

// New registers the process's and the database's metrics.
func New(store *storage.Store, log *slog.Logger) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(),
		sends: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "chidao_send_seconds",
			Help: "Time of one send to a chat platform, by channel and outcome.", Buckets: prometheus.DefBuckets},
			[]string{"channel", "outcome"}),
		pauses: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "chidao_rate_limit_pauses_total",
			Help: "Times a platform answered 429 (or -32) and the bot paused."}, []string{"channel"}),
	}
	m.reg.MustRegister(m.sends, m.pauses, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&dbCollector{store: store, log: log})
	return m
}

// Handler serves /metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Timeout: 10 * time.Second})
}

// ObserveSend records one send.
func (m *Metrics) ObserveSend(channel, outcome string, d time.Duration) {
	m.sends.WithLabelValues(channel, outcome).Observe(d.Seconds())
}

// Paused records a rate-limit pause.
func (m *Metrics) Paused(channel string) { m.pauses.WithLabelValues(channel).Inc() }

var (
	inboxDesc       = prometheus.NewDesc("chidao_inbox_events", "Inbound events by channel and state.", []string{"channel", "state"}, nil)
	lagDesc         = prometheus.NewDesc("chidao_inbox_lag_seconds", "Age of the oldest pending inbound event.", []string{"channel"}, nil)
	deliveriesDesc  = prometheus.NewDesc("chidao_deliveries", "Outgoing messages by channel and state.", []string{"channel", "state"}, nil)
	remindersDesc   = prometheus.NewDesc("chidao_reminders", "Reminders decided, by state (queued, sent, skipped).", []string{"state"}, nil)
	unreachableDesc = prometheus.NewDesc("chidao_unreachable_people", "People a channel refuses to write to.", []string{"channel"}, nil)
	tokenAgeDesc    = prometheus.NewDesc("chidao_zalo_token_age_seconds", "Time since the Zalo access token was refreshed.", nil, nil)
	tokenLeftDesc   = prometheus.NewDesc("chidao_zalo_token_expires_in_seconds", "Time until the Zalo access token expires.", nil, nil)
	tokenFailDesc   = prometheus.NewDesc("chidao_zalo_token_refresh_failed", "1 while the last Zalo refresh failed (a human must act).", nil, nil)
	upDesc          = prometheus.NewDesc("chidao_database_up", "1 when the last scrape could read the database.", nil, nil)
)

// dbCollector reads the queues from PostgreSQL at each scrape.
type dbCollector struct {
	store *storage.Store
	log   *slog.Logger
}

func (c *dbCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{inboxDesc, lagDesc, deliveriesDesc, remindersDesc, unreachableDesc, tokenAgeDesc, tokenLeftDesc, tokenFailDesc, upDesc} {
		ch <- d
	}
}

func (c *dbCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	snap, err := c.store.MetricsSnapshot(ctx)
	if err != nil {
		c.log.Warn("Metrics: cannot read the database", "error", err)
		ch <- prometheus.MustNewConstMetric(upDesc, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(upDesc, prometheus.GaugeValue, 1)
	for _, r := range snap.Inbox {
		ch <- prometheus.MustNewConstMetric(inboxDesc, prometheus.GaugeValue, float64(r.N), r.A, r.B)
	}
	for channel, lag := range snap.InboxLag {
		ch <- prometheus.MustNewConstMetric(lagDesc, prometheus.GaugeValue, lag.Seconds(), channel)
	}
	for _, r := range snap.Deliveries {
		ch <- prometheus.MustNewConstMetric(deliveriesDesc, prometheus.GaugeValue, float64(r.N), r.A, r.B)
	}
	for _, r := range snap.Reminders {
		ch <- prometheus.MustNewConstMetric(remindersDesc, prometheus.GaugeValue, float64(r.N), r.A)
	}
	for _, r := range snap.Unreachable {
		ch <- prometheus.MustNewConstMetric(unreachableDesc, prometheus.GaugeValue, float64(r.N), r.A)
	}
	if t := snap.Zalo; t.Stored {
		if !t.RefreshedAt.IsZero() {
			ch <- prometheus.MustNewConstMetric(tokenAgeDesc, prometheus.GaugeValue, time.Since(t.RefreshedAt).Seconds())
		}
		ch <- prometheus.MustNewConstMetric(tokenLeftDesc, prometheus.GaugeValue, time.Until(t.ExpiresAt).Seconds())
		failed := 0.0
		if !t.FailedAt.IsZero() {
			failed = 1
		}
		ch <- prometheus.MustNewConstMetric(tokenFailDesc, prometheus.GaugeValue, failed)
	}
}
