package main

// The security table: each case plays a hostile user (another local
// account, a lost phone, a link scanner, a scraper, a slow client, an
// operator who points the sandbox at production) and checks chidao's
// refusal. docs/operations.md ("Security") says what these protect.

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	cd "chidao"
	"chidao/bot/telegram"
	"chidao/handlers"
	"chidao/internal/dbtest"
	"chidao/metrics"
	"chidao/pgserver"
	"chidao/server"
	"chidao/storage"
	"chidao/web"
)

// hostile is one database, a store keyed like the CLI, and the CLI's env.
type hostile struct {
	t     *testing.T
	ctx   context.Context
	store *storage.Store
	env   []string
	event int64 // the last inbox event id given to the handlers (replies are keyed by it)
}

func newHostile(t *testing.T) *hostile {
	url := dbtest.URL(t)
	s := dbtest.Open(t, url)
	h := &hostile{t: t, ctx: context.Background(), store: s, env: []string{"DATABASE_URL=" + url}}
	if err := s.AddUnit(h.ctx, cd.System, cd.Unit{Code: "BKG", Name: "Báo Kiên Giang"}); err != nil {
		t.Fatal(err)
	}
	return h
}

// cli runs chidao and fails the test unless it exits 0.
func (h *hostile) cli(args ...string) string {
	h.t.Helper()
	out, stderr, code := chidao(h.t, h.env, args...)
	if code != 0 {
		h.t.Fatalf("chidao %v: exit %d: %s", args, code, stderr)
	}
	return out
}

// person registers someone on Telegram through a CLI-made invite.
func (h *hostile) person(role, chat string) cd.Person {
	h.t.Helper()
	code := strings.Fields(h.cli("invite", "--unit", "BKG", "--role", role, "--name", "Người "+chat))[0]
	p, err := h.store.RedeemInvite(h.ctx, storage.Redemption{Code: code, Channel: cd.Telegram, ExternalUserID: chat, ChatID: chat})
	if err != nil {
		h.t.Fatal(err)
	}
	return p
}

func TestSecurity(t *testing.T) {
	for _, c := range []struct {
		name string
		run  func(t *testing.T)
	}{
		{"another local user cannot log in to the private PostgreSQL", privatePostgresNeedsPassword},
		{"a disabled person loses chat, sessions and login links at once", disabledPerson},
		{"a revoked invite registers nobody", revokedInvite},
		{"in chat, only an Office admin takes access away", chatAccess},
		{"a database copy does not give away the short codes", keyedCodes},
		{"a previewed login link still works, a cross-site POST does not", previewedLoginLink},
		{"a scraper without the token gets nothing from /metrics", metricsWithoutToken},
		{"a trickled webhook body is cut off with 408", trickledBody},
		{"the sandbox refuses a real configuration", sandboxOnRealConfig},
		{"a credential does not stay in the outbox", credentialWiped},
		{"forged button data does not reveal another unit's directive", forgedButton},
		{"two concurrent closes write once; a closed directive's reminders stay unpaused", closeRaces},
	} {
		t.Run(c.name, c.run)
	}
}

func privatePostgresNeedsPassword(t *testing.T) {
	base, err := os.MkdirTemp("", "chidao-security-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	if err := os.Chmod(base, 0o755); err != nil { // the server may run as another user (tests as root)
		t.Fatal(err)
	}
	ctx := context.Background()
	srv, err := pgserver.Start(ctx, pgserver.Options{Dir: filepath.Join(base, "pg"), Ephemeral: true,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop(context.Background()) })
	u, _ := url.Parse(srv.URL())
	u.User = url.User(pgserver.User) // what another user of the machine knows
	if conn, err := pgx.Connect(ctx, u.String()); err == nil {
		conn.Close(ctx)
		t.Fatal("connected to the private server without its password")
	}
	var got string
	conn, err := pgx.Connect(ctx, srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := conn.QueryRow(ctx, "SELECT 'with the password'").Scan(&got); err != nil {
		t.Fatal(err)
	}
}

func disabledPerson(t *testing.T) {
	h := newHostile(t)
	head, officer := h.person("head", "501"), h.person("officer", "502")
	link, err := h.store.CreateLoginLink(h.ctx, cd.System, head.ID, 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	cookie, err := h.store.RedeemLoginLink(h.ctx, link, "phone")
	if err != nil {
		t.Fatal(err)
	}
	unused, err := h.store.CreateLoginLink(h.ctx, cd.System, head.ID, 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	h.cli("person", "disable", "#"+itoa(head.ID))

	if _, err := h.store.SessionByToken(h.ctx, cookie); !errors.Is(err, cd.ErrNotFound) {
		t.Errorf("session of a disabled person: %v", err)
	}
	if _, err := h.store.RedeemLoginLink(h.ctx, unused, "thief"); !errors.Is(err, storage.ErrLoginLink) {
		t.Errorf("login link minted before disabling: %v", err)
	}
	if _, err := h.store.CreateLoginLink(h.ctx, cd.System, head.ID, 10*time.Minute); err == nil {
		t.Error("a login link was minted for a disabled person")
	}
	var people []storage.PersonRow
	if err := json.Unmarshal([]byte(h.cli("person", "list", "--json")), &people); err != nil || len(people) != 2 ||
		people[0].Active || people[0].Channels[0] != "telegram" || people[0].Unit != "BKG" {
		t.Errorf("person list --json: %+v %v", people, err)
	}
	// In chat: a polite refusal that says nothing of the work.
	hd := &handlers.Handler{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	err = h.store.InTx(h.ctx, func(tx *storage.Store) error {
		_, err := hd.Handle(h.ctx, tx, cd.Event{Channel: cd.Telegram, ChatID: "501", UserID: "501", Private: true, Text: "/viec", MessageID: "1"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var reply string
	q := `SELECT payload->'message'->>'text' FROM deliveries WHERE person_id = $1 OR chat_id = '501' ORDER BY id DESC LIMIT 1`
	if err := h.store.Pool().QueryRow(h.ctx, q, head.ID).Scan(&reply); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(reply, "ngừng sử dụng") {
		t.Errorf("a disabled person's /viec was answered %q", reply)
	}
	var audited int
	if err := h.store.Pool().QueryRow(h.ctx, `SELECT count(*) FROM audit_log WHERE action = 'person.disable'`).Scan(&audited); err != nil || audited != 1 {
		t.Errorf("person.disable audited %d times (%v)", audited, err)
	}
	// A directive issued now reaches the unit's active people only.
	if _, err := h.store.CreateDirective(h.ctx, cd.System, storage.NewDirective{Number: "5-CV/SAU", Title: "Sau khi khóa",
		Due: h.store.Now().Add(72 * time.Hour), UnitCodes: []string{"BKG"}}); err != nil {
		t.Fatal(err)
	}
	var toHead, toOfficer int
	q = `SELECT count(*) FILTER (WHERE person_id = $1), count(*) FILTER (WHERE person_id = $2) FROM deliveries WHERE kind = 'directive'`
	if err := h.store.Pool().QueryRow(h.ctx, q, head.ID, officer.ID).Scan(&toHead, &toOfficer); err != nil || toHead != 0 || toOfficer != 1 {
		t.Errorf("directive queued %d times for the disabled head, %d for the officer (%v); want 0 and 1", toHead, toOfficer, err)
	}
	h.cli("person", "enable", itoa(head.ID))
	if _, err := h.store.CreateLoginLink(h.ctx, cd.System, head.ID, 10*time.Minute); err != nil {
		t.Errorf("enabled again, no login link: %v", err)
	}
}

func revokedInvite(t *testing.T) {
	h := newHostile(t)
	lines := strings.Fields(h.cli("invite", "--unit", "BKG", "--role", "admin"))
	code, short := lines[0], lines[1]
	h.cli("invite", "revoke", short)
	for _, c := range []string{code, short} {
		_, err := h.store.RedeemInvite(h.ctx, storage.Redemption{Code: c, Channel: cd.Zalo, ExternalUserID: "z1", ChatID: "z1"})
		if !errors.Is(err, cd.ErrInviteExpired) {
			t.Errorf("revoked invite redeemed with %q: %v", c, err)
		}
	}
	var invites []storage.InviteRow
	if err := json.Unmarshal([]byte(h.cli("invite", "list", "--json")), &invites); err != nil || len(invites) != 1 || invites[0].State != "revoked" {
		t.Errorf("invite list --json: %+v %v", invites, err)
	}
	if _, stderr, code := chidao(t, h.env, "invite", "revoke", "NOSUCH99"); code != 1 {
		t.Errorf("revoking an unknown code: exit %d %s", code, stderr)
	}
}

func keyedCodes(t *testing.T) {
	h := newHostile(t)
	lines := strings.Fields(h.cli("invite", "--unit", "BKG", "--role", "officer"))
	plain := sha256.Sum256([]byte(lines[1]))
	var found bool
	if err := h.store.Pool().QueryRow(h.ctx, `SELECT EXISTS (SELECT 1 FROM invites WHERE short_code_hash = $1)`, plain[:]).Scan(&found); err != nil || found {
		t.Fatalf("the short code is stored under its plain SHA-256 (%v)", err)
	}
	// An invite stored by an earlier version (plain SHA-256) still works once.
	old := "OLDCODE2"
	long := sha256.Sum256([]byte("old-long-code-of-an-earlier-version"))
	sum := sha256.Sum256([]byte(old))
	_, err := h.store.Pool().Exec(h.ctx, `INSERT INTO invites (code_hash, short_code_hash, unit_id, role, created_by, created_at, expires_at)
		SELECT $1, $2, id, 'officer', 'cli:old', $3::timestamptz, $3::timestamptz + interval '1 day' FROM units WHERE code = 'BKG'`, long[:], sum[:], h.store.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.RedeemInvite(h.ctx, storage.Redemption{Code: old, Channel: cd.Zalo, ExternalUserID: "z2", ChatID: "z2"}); err != nil {
		t.Errorf("an invite made before keyed hashes: %v", err)
	}
}

func previewedLoginLink(t *testing.T) {
	h := newHostile(t)
	admin := h.person("admin", "601")
	token, err := h.store.CreateLoginLink(h.ctx, cd.System, admin.ID, 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(server.New(h.store, log, web.New(h.store, log, "", nil).Routes()...))
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var page *http.Response
	for range 3 { // a chat preview, a mail scanner, the person
		if page, err = client.Get(srv.URL + "/login?t=" + token); err != nil {
			t.Fatal(err)
		}
		page.Body.Close()
	}
	for _, hdr := range []string{"Cache-Control", "X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy"} {
		if page.Header.Get(hdr) == "" {
			t.Errorf("login page without %s", hdr)
		}
	}
	if !strings.Contains(page.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("login page may be framed: %q", page.Header.Get("Content-Security-Policy"))
	}
	body, _ := io.ReadAll(mustGet(t, client, srv.URL+"/login?t="+token).Body)
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(body)
	loginCookie := page.Cookies()[0]
	post := func(cookie *http.Cookie, csrf, site string) int {
		req, _ := http.NewRequest("POST", srv.URL+"/login", strings.NewReader(url.Values{"t": {token}, "csrf": {csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if site != "" {
			req.Header.Set("Sec-Fetch-Site", site)
		}
		if cookie != nil {
			req.AddCookie(cookie)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// Each page sets its own cookie; the latest one goes with its form.
	_ = loginCookie
	last := mustGet(t, client, srv.URL+"/login?t="+token)
	lastBody, _ := io.ReadAll(last.Body)
	lastCSRF := string(regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(lastBody)[1])
	if code := post(nil, string(csrf[1]), ""); code != http.StatusForbidden {
		t.Errorf("POST without the login cookie: %d", code)
	}
	if code := post(last.Cookies()[0], lastCSRF, "cross-site"); code != http.StatusForbidden {
		t.Errorf("cross-site POST: %d", code)
	}
	if code := post(last.Cookies()[0], lastCSRF, "same-origin"); code != http.StatusSeeOther {
		t.Errorf("the person's own POST after three previews: %d, want 303", code)
	}
}

func mustGet(t *testing.T, c *http.Client, u string) *http.Response {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func metricsWithoutToken(t *testing.T) {
	h := newHostile(t)
	m := metrics.New(h.store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	scrape := func(remote, auth string) int {
		r := httptest.NewRequest("GET", "/metrics", nil)
		r.RemoteAddr = remote
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		m.Handler().ServeHTTP(rec, r)
		return rec.Code
	}
	if code := scrape("203.0.113.9:4000", ""); code != http.StatusForbidden {
		t.Errorf("no METRICS_TOKEN, remote scraper: %d, want 403", code)
	}
	if code := scrape("127.0.0.1:4000", ""); code != http.StatusOK {
		t.Errorf("no METRICS_TOKEN, loopback scraper: %d, want 200", code)
	}
	m.Token = "s3cret-metrics"
	for remote, auth := range map[string]string{"127.0.0.1:4000": "", "203.0.113.9:4000": "Bearer guess"} {
		if code := scrape(remote, auth); code != http.StatusUnauthorized {
			t.Errorf("METRICS_TOKEN set, %s with %q: %d, want 401", remote, auth, code)
		}
	}
	if code := scrape("203.0.113.9:4000", "Bearer s3cret-metrics"); code != http.StatusOK {
		t.Errorf("with the token: %d", code)
	}
}

func trickledBody(t *testing.T) {
	h := newHostile(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	tg, err := telegram.New(telegram.Options{Token: "1:x", Username: "b", Mode: "webhook", WebhookSecret: "hook", PublicURL: "https://x.invalid"},
		h.store, log)
	if err != nil {
		t.Fatal(err)
	}
	srv := server.HTTP(server.New(h.store, log, server.Route{Pattern: "POST " + telegram.WebhookPath, Handler: tg}))
	if srv.ReadHeaderTimeout == 0 || srv.ReadTimeout == 0 || srv.WriteTimeout == 0 || srv.IdleTimeout == 0 {
		t.Fatalf("a timeout is missing: %+v", srv)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, err = io.WriteString(conn, "POST "+telegram.WebhookPath+" HTTP/1.1\r\nHost: x\r\nX-Telegram-Bot-Api-Secret-Token: hook\r\n"+
		"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() { // one byte a second, as the attacker did
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Second):
				if _, err := conn.Write([]byte(" ")); err != nil {
					return
				}
			}
		}
	}()
	defer time.AfterFunc(30*time.Second, func() { conn.Close() }).Stop() // a bound, should the server never answer
	status, err := io.ReadAll(io.LimitReader(conn, 12))
	if err != nil || string(status) != "HTTP/1.1 408" {
		t.Fatalf("trickled body answered %q (%v), want 408", status, err)
	}
}

func sandboxOnRealConfig(t *testing.T) {
	h := newHostile(t)
	for _, c := range []struct {
		name, why string
		env       []string
	}{
		{"a real Telegram token", "TELEGRAM_BOT_TOKEN", []string{"TELEGRAM_BOT_TOKEN=123456:real-token-of-the-office", "TELEGRAM_BOT_USERNAME=office_bot"}},
		{"Zalo configured", "ZALO_APP_ID", []string{"ZALO_APP_ID=1", "ZALO_APP_SECRET=s", "ZALO_OA_ID=2", "ZALO_WEBHOOK_SECRET=w", "PUBLIC_URL=https://x.invalid"}},
		{"a network address", "loopback", []string{"HTTP_ADDR=0.0.0.0:0"}},
		{"every interface", "loopback", []string{"HTTP_ADDR=:0"}},
		{"the Office's real data", "people the sandbox did not create", nil}, // last: it adds a person (found after the start's log lines)
	} {
		if c.env == nil {
			h.person("officer", "701")
		}
		_, stderr, code := chidao(t, append(append([]string{"CHIDAO_SANDBOX=1", "HTTP_ADDR=127.0.0.1:0"}, h.env...), c.env...), "serve")
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		last := lines[len(lines)-1]
		if c.env != nil && len(lines) != 1 {
			t.Errorf("sandbox with %s: %d lines on stderr, want the one saying why:\n%s", c.name, len(lines), stderr)
		}
		if code != 1 || !strings.Contains(last, "CHIDAO_SANDBOX=1 refuses") || !strings.Contains(last, c.why) {
			t.Errorf("sandbox with %s: exit %d, last line %q", c.name, code, last)
		}
	}
}

func credentialWiped(t *testing.T) {
	h := newHostile(t)
	p := h.person("admin", "801")
	for _, end := range []string{"unknown", "skipped", "failed", "sent"} {
		_, err := h.store.Enqueue(h.ctx, storage.Outgoing{DedupeKey: "cred:" + end, PersonID: p.ID, Kind: storage.KindCredential,
			Message: cd.Message{Text: "login: https://x/login?t=SECRET-" + end}})
		if err != nil {
			t.Fatal(err)
		}
		var id int64
		err = h.store.Pool().QueryRow(h.ctx, `UPDATE deliveries SET state = $2 WHERE dedupe_key = $1 RETURNING id`, "cred:"+end, end).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		var text string
		if err := h.store.Pool().QueryRow(h.ctx, `SELECT payload::text FROM deliveries WHERE id = $1`, id).Scan(&text); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(text, "SECRET") {
			t.Errorf("credential readable after it ended %s: %s", end, text)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// otherDirective is a directive to unit DPT only, which the BKG people of
// the table are not assigned.
func (h *hostile) otherDirective() int64 {
	h.t.Helper()
	if err := h.store.AddUnit(h.ctx, cd.System, cd.Unit{Code: "DPT", Name: "Đài Phát thanh - Truyền hình"}); err != nil {
		h.t.Fatal(err)
	}
	d, err := h.store.CreateDirective(h.ctx, cd.System, storage.NewDirective{Number: "777-CV/MAT", Title: "Việc riêng của Đài",
		Due: h.store.Now().Add(72 * time.Hour), UnitCodes: []string{"DPT"}})
	if err != nil {
		h.t.Fatal(err)
	}
	return d
}

func forgedButton(t *testing.T) {
	h := newHostile(t)
	officer := h.person("officer", "901")
	d := h.otherDirective()
	hd := &handlers.Handler{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, verb := range []string{"c", "r", "d"} {
		var res cd.ButtonAnswer
		err := h.store.InTx(h.ctx, func(tx *storage.Store) error {
			var err error
			res, err = hd.Handle(h.ctx, tx, cd.Event{Channel: cd.Telegram, ChatID: "901", UserID: "901", Private: true,
				MessageID: "5", CallbackID: "cb-" + verb, Data: verb + ":" + itoa(d)})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(res.Answer, "777") {
			t.Errorf("button %s:%d answered %q", verb, d, res.Answer)
		}
	}
	var leaked int
	q := `SELECT count(*) FROM deliveries WHERE person_id = $1 AND payload::text LIKE '%777-CV%'`
	if err := h.store.Pool().QueryRow(h.ctx, q, officer.ID).Scan(&leaked); err != nil || leaked != 0 {
		t.Errorf("%d messages name the other unit's directive (%v)", leaked, err)
	}
}

func closeRaces(t *testing.T) {
	h := newHostile(t)
	d := h.otherDirective()
	// The second close starts while the first is not committed yet, and
	// waits for the row: the interleaving that made both write.
	errs := make(chan error, 2)
	errs <- h.store.InTx(h.ctx, func(tx *storage.Store) error {
		if err := tx.CloseDirective(h.ctx, cd.System, d); err != nil {
			return err
		}
		go func() { errs <- h.store.CloseDirective(h.ctx, cd.System, d) }()
		for tries := 0; ; tries++ { // up to 10 s
			time.Sleep(10 * time.Millisecond)
			var waiting bool
			q := `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database())`
			if err := h.store.Pool().QueryRow(h.ctx, q).Scan(&waiting); err != nil || waiting {
				return err
			}
			if tries == 1000 {
				return errors.New("the second close never waited for the first")
			}
		}
	})
	closed := 0
	for range 2 {
		if err := <-errs; err == nil {
			closed++
		} else if !errors.Is(err, cd.ErrClosed) {
			t.Fatal(err)
		}
	}
	var audited int
	if err := h.store.Pool().QueryRow(h.ctx, `SELECT count(*) FROM audit_log WHERE action = 'directive.close'`).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	if closed != 1 || audited != 1 {
		t.Errorf("two concurrent closes: %d succeeded, %d audited; want 1 and 1", closed, audited)
	}
	if err := h.store.SetRemindersPaused(h.ctx, cd.System, d, true); !errors.Is(err, cd.ErrClosed) {
		t.Errorf("pausing a closed directive's reminders: %v, want ErrClosed", err)
	}
}

// say sends text from chat to the handlers and returns the last reply.
func (h *hostile) say(chat, text string) string {
	h.t.Helper()
	hd := &handlers.Handler{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	h.event++
	err := h.store.InTx(h.ctx, func(tx *storage.Store) error {
		_, err := hd.Handle(h.ctx, tx, cd.Event{Channel: cd.Telegram, EventID: h.event, ChatID: chat, UserID: chat, Private: true, Text: text,
			MessageID: strconv.FormatInt(h.event, 10)})
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	var reply string
	q := `SELECT payload->'message'->>'text' FROM deliveries WHERE chat_id = $1 OR person_id = (SELECT person_id FROM chat_identities
		WHERE external_user_id = $1) ORDER BY id DESC LIMIT 1`
	if err := h.store.Pool().QueryRow(h.ctx, q, chat).Scan(&reply); err != nil {
		h.t.Fatal(err)
	}
	return reply
}

func chatAccess(t *testing.T) {
	h := newHostile(t)
	admin, head, officer := h.person("admin", "1001"), h.person("head", "1002"), h.person("officer", "1003")
	if reply := h.say("1003", "/khoa "+itoa(head.ID)); strings.Contains(reply, "Đã khóa") {
		t.Errorf("officer's /khoa answered %q", reply)
	}
	if p, _ := h.store.Person(h.ctx, head.ID); !p.Active {
		t.Fatal("an officer disabled the head")
	}
	if reply := h.say("1001", "/khoa "+itoa(admin.ID)); !strings.Contains(reply, "không thể tự khóa") {
		t.Errorf("admin locking themselves out: %q", reply)
	}
	if reply := h.say("1001", "/khoa "+itoa(head.ID)); !strings.Contains(reply, "Đã khóa") {
		t.Errorf("admin's /khoa: %q", reply)
	}
	if p, _ := h.store.Person(h.ctx, head.ID); p.Active {
		t.Fatal("/khoa left the head active")
	}
	short := strings.Fields(h.cli("invite", "--unit", "BKG", "--role", "officer"))[1]
	if reply := h.say("1001", "/thuhoi "+short); !strings.Contains(reply, "Đã thu hồi") {
		t.Errorf("admin's /thuhoi: %q", reply)
	}
	if _, err := h.store.RedeemInvite(h.ctx, storage.Redemption{Code: short, Channel: cd.Zalo, ExternalUserID: "z9", ChatID: "z9"}); err == nil {
		t.Error("an invite revoked in chat registered someone")
	}
	_ = officer
	if reply := h.say("1002", "/viec"); !strings.Contains(reply, "ngừng sử dụng") {
		t.Errorf("the head disabled in chat asked /viec and got %q", reply)
	}
}
