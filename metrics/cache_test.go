package metrics

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chidao/internal/dbtest"
	"chidao/internal/testclock"
	"chidao/storage"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// TestScrapesShareOneReading: 61 concurrent scrapes read the database
// once; the next reading comes only after SnapshotEvery.
func TestScrapesShareOneReading(t *testing.T) {
	s := dbtest.Store(t)
	m := New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var now atomic.Pointer[time.Time]
	start := testclock.Now()
	now.Store(&start)
	m.db.now = func() time.Time { return *now.Load() }
	var reads atomic.Int64
	m.db.read = func(ctx context.Context) (storage.Snapshot, error) {
		reads.Add(1)
		return s.MetricsSnapshot(ctx)
	}
	h := m.Handler()
	scrape := func() int {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil)) // RemoteAddr 192.0.2.1
		return rec.Code
	}
	if code := scrape(); code != http.StatusForbidden {
		t.Fatalf("non-loopback scrape without a token: %d, want 403", code)
	}
	m.Token = "t0ken"
	var wg sync.WaitGroup
	for range 61 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := httptest.NewRecorder()
			r := httptest.NewRequest("GET", "/metrics", nil)
			r.Header.Set("Authorization", "Bearer t0ken")
			h.ServeHTTP(rec, r)
			if rec.Code != http.StatusOK {
				t.Errorf("scrape: %d", rec.Code)
			}
		}()
	}
	wg.Wait()
	if n := reads.Load(); n != 1 {
		t.Fatalf("61 scrapes read the database %d times, want 1", n)
	}
	later := start.Add(SnapshotEvery)
	now.Store(&later)
	rec := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/metrics", nil)
	r.Header.Set("Authorization", "Bearer t0ken")
	h.ServeHTTP(rec, r)
	if n := reads.Load(); n != 2 {
		t.Fatalf("after %s: %d readings, want 2", SnapshotEvery, n)
	}
}
