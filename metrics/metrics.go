// Package metrics exposes chidao's state in the Prometheus text format at
// /metrics. Queue sizes, lag, unreachable people and the Zalo token are
// read from PostgreSQL, at most once per SnapshotEvery whatever the number
// of scrapers, so every replica reports the same whole picture and
// scraping cannot load the database; send latencies and 429 pauses are
// counted by the process that saw them. The handler asks for a bearer
// token (METRICS_TOKEN), or without one serves loopback clients only.
package metrics

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"chidao/internal/supervise"
	"chidao/storage"
)

// Metrics is the registry of one process.
type Metrics struct {
	// Token, when set, is the bearer token a scraper must send; when empty
	// only clients on a loopback address are served.
	Token  string
	db     *dbCollector
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
	m.db = &dbCollector{store: store, log: log, now: store.Now, read: store.MetricsSnapshot,
		outage: &supervise.Outage{Log: log, Name: "metrics", What: "Reading the database for /metrics"}}
	m.reg.MustRegister(m.sends, m.pauses, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), m.db)
	return m
}

// SnapshotEvery is how long one reading of the database serves scrapes.
const SnapshotEvery = 15 * time.Second

// Handler serves /metrics to an authorised scraper: 401 without the
// token, 403 for a non-loopback client when no token is configured.
func (m *Metrics) Handler() http.Handler {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Timeout: 10 * time.Second})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if status := m.refuse(r); status != 0 {
			http.Error(w, http.StatusText(status), status)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// refuse returns the status refusing r, or 0 when r may scrape.
func (m *Metrics) refuse(r *http.Request) int {
	if m.Token != "" {
		got := r.Header.Get("Authorization")
		if subtle.ConstantTimeCompare([]byte(got), []byte("Bearer "+m.Token)) != 1 {
			return http.StatusUnauthorized
		}
		return 0
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return http.StatusForbidden
	}
	return 0
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
	panicsDesc      = prometheus.NewDesc("chidao_panics_total", "Panics recovered in a loop of this process (the loop started again).", []string{"loop"}, nil)
	outagesDesc     = prometheus.NewDesc("chidao_outages_total", "Outages (of the database or a platform) a loop of this process waited out.", []string{"loop"}, nil)
)

// dbCollector reads the queues from PostgreSQL at each scrape, and the
// loops' panics and outages from package supervise.
type dbCollector struct {
	store  *storage.Store
	log    *slog.Logger
	outage *supervise.Outage
	now    func() time.Time
	read   func(context.Context) (storage.Snapshot, error)

	mu   sync.Mutex // held while reading, so concurrent scrapes share one read
	at   time.Time  // when snap (or err) was read; zero before the first reading
	snap storage.Snapshot
	err  error
}

// snapshot returns the database's state, read again only when the last
// reading (a failed one too, so an outage is not hammered) is older than
// SnapshotEvery.
func (c *dbCollector) snapshot() (storage.Snapshot, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now := c.now(); !c.at.IsZero() && now.Sub(c.at) < SnapshotEvery && !now.Before(c.at) {
		return c.snap, c.err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c.snap, c.err = c.read(ctx)
	c.at = c.now()
	return c.snap, c.err
}

func (c *dbCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{inboxDesc, lagDesc, deliveriesDesc, remindersDesc, unreachableDesc, tokenAgeDesc,
		tokenLeftDesc, tokenFailDesc, upDesc, panicsDesc, outagesDesc} {
		ch <- d
	}
}

// Collect runs on the scraper's goroutine: a panic in it is recovered
// (and counted) rather than ending the process.
func (c *dbCollector) Collect(ch chan<- prometheus.Metric) {
	supervise.Protect(c.log, "metrics", func() { c.collect(ch) })
}

func (c *dbCollector) collect(ch chan<- prometheus.Metric) {
	for desc, counts := range map[*prometheus.Desc]map[string]int64{panicsDesc: supervise.Panics(), outagesDesc: supervise.Outages()} {
		for _, loop := range supervise.Names(counts) {
			ch <- prometheus.MustNewConstMetric(desc, prometheus.CounterValue, float64(counts[loop]), loop)
		}
	}
	snap, err := c.snapshot()
	if err != nil {
		c.outage.Fail(err)
		ch <- prometheus.MustNewConstMetric(upDesc, prometheus.GaugeValue, 0)
		return
	}
	c.outage.OK()
	ch <- prometheus.MustNewConstMetric(upDesc, prometheus.GaugeValue, 1)
	now := c.store.Now()
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
			ch <- prometheus.MustNewConstMetric(tokenAgeDesc, prometheus.GaugeValue, now.Sub(t.RefreshedAt).Seconds())
		}
		ch <- prometheus.MustNewConstMetric(tokenLeftDesc, prometheus.GaugeValue, t.ExpiresAt.Sub(now).Seconds())
		failed := 0.0
		if !t.FailedAt.IsZero() {
			failed = 1
		}
		ch <- prometheus.MustNewConstMetric(tokenFailDesc, prometheus.GaugeValue, failed)
	}
}
