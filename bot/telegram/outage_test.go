package telegram_test

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"chidao"
)

// proxy forwards TCP to PostgreSQL and can cut it, as a database restart
// or a network failure does: open connections break, new ones are refused.
type proxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target}
	go p.serve()
	t.Cleanup(func() { ln.Close() })
	return p
}

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.down {
			p.mu.Unlock()
			c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go func() { _, _ = io.Copy(up, c); up.Close() }()
		go func() { _, _ = io.Copy(c, up); c.Close() }()
	}
}

// cut breaks every connection and refuses new ones until restore.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *proxy) restore() {
	p.mu.Lock()
	p.down = false
	p.mu.Unlock()
}

// throughProxy rewrites a database URL to go through the proxy.
func throughProxy(t *testing.T, dbURL string) (string, *proxy) {
	u, err := url.Parse(dbURL)
	if err != nil || u.Host == "" {
		t.Skipf("database URL is not a TCP postgres:// URL")
	}
	p := newProxy(t, u.Host)
	u.Host = p.ln.Addr().String()
	return u.String(), p
}

// TestDatabaseOutage: while PostgreSQL cannot be reached the webhook
// answers 503 (so Telegram keeps the update and retries); when it is back,
// chidao recovers by itself and the update has its one effect.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{webhook: true, proxied: true})
	officer := w.person(601, "Huỳnh Văn Hải", "DPT", chidao.RoleOfficer)
	w.directive("40-CV/BTGTU", nil, nil, "DPT")
	w.next(officer, "VĂN BẢN SỐ 40-CV/BTGTU")

	w.proxy.cut()
	update := []byte(`{"update_id": 880001, "message": {"message_id": 9, "date": 1764100000,
		"from": {"id": 601, "is_bot": false, "first_name": "Hải"}, "chat": {"id": 601, "type": "private"}, "text": "/viec"}}`)
	if got := post(t, w.hook.URL+"/webhook/telegram", secret, update); got != http.StatusServiceUnavailable {
		t.Fatalf("webhook during the outage: %d; want 503", got)
	}
	w.fake.SendText(officer, "/khokhan Mất điện, chưa quay được")
	// The fake pushes it, gets 503, keeps it and pushes it again.
	for w.answered.Get(http.StatusServiceUnavailable) < 3 {
		if w.ctx.Err() != nil {
			t.Fatal("the fake's pushes were not refused with 503 during the outage")
		}
		time.Sleep(20 * time.Millisecond)
	}
	w.proxy.restore()

	w.next(officer, "Đã chuyển khó khăn, vướng mắc")
	var difficulties int
	if err := w.store.Pool().QueryRow(w.ctx, `SELECT count(*) FROM submissions WHERE kind = 'difficulty'`).Scan(&difficulties); err != nil {
		t.Fatal(err)
	}
	if difficulties != 1 {
		t.Fatalf("%d difficulties stored; want 1", difficulties)
	}
	if got := post(t, w.hook.URL+"/webhook/telegram", secret, update); got != http.StatusOK {
		t.Fatalf("webhook after the outage: %d; want 200", got)
	}
	w.next(officer, "đang thực hiện 1 văn bản")
}
