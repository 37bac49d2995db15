package outbox

import (
	"slices"
	"sync"
	"time"
)

// Departures describes how late after their slots this process's requests
// left: the jitter the limiter's margin is drawn from.
type Departures struct {
	Sent, Late    int           // requests sent, and put back as too late
	P50, P99, Max time.Duration // lateness of the requests sent
}

// departures keeps the lateness of the last requests.
type departures struct {
	mu         sync.Mutex
	sent, late int
	last       []time.Duration // a ring of the last 4,096
	next       int
}

func (d *departures) add(late time.Duration, sent bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !sent {
		d.late++
		return
	}
	d.sent++
	if len(d.last) < 4096 {
		d.last = append(d.last, late)
		return
	}
	d.last[d.next] = late
	d.next = (d.next + 1) % len(d.last)
}

// Departures returns how late the last requests left.
func (w *Worker) Departures() Departures {
	w.depart.mu.Lock()
	defer w.depart.mu.Unlock()
	out := Departures{Sent: w.depart.sent, Late: w.depart.late}
	if len(w.depart.last) == 0 {
		return out
	}
	s := slices.Clone(w.depart.last)
	slices.Sort(s)
	out.P50, out.P99, out.Max = s[len(s)/2], s[len(s)*99/100], s[len(s)-1]
	return out
}
