// Package sandbox lets anyone walk through chidao on one machine before a
// bot token exists: chidao serve with CHIDAO_SANDBOX=1 and no Telegram
// token runs the in-repo fake Telegram server, registers an admin, and a
// head and an officer per unit, and /sandbox is a chat page where one
// picks a person and talks to the bot as on Telegram, buttons included.
// It is a demonstration: anyone who reaches the page acts as anyone, which
// is why chidao serve starts it only on loopback, without a real platform
// and on a database of its own (see cli), and why its forms carry a CSRF
// token (another site open in the same browser cannot post to it). It
// hands out no dashboard session: the admin persona asks the bot for a
// login link, as a real admin would.
package sandbox

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"chidao"
	"chidao/bot/telegramfake"
	"chidao/server"
	"chidao/storage"
	"chidao/texts"
)

//go:embed templates/*.html
var files embed.FS

// The fake bot's identity.
const (
	Token    = "1000000001:SANDBOX-token-not-a-real-bot-abcdefgh"
	Username = "chidao_sandbox_bot"
)

// Persona is someone the sandbox lets one act as.
type Persona struct {
	User telegramfake.User
	Name string
	Role chidao.Role
	Unit string
}

// Sandbox is the fake Telegram and its people.
type Sandbox struct {
	Fake   *telegramfake.Server
	store  *storage.Store
	log    *slog.Logger
	people []Persona
	pages  *template.Template
	csrf   string // the token every form of this process carries
}

// Start runs the fake Telegram server (Telegram's limits lifted, so the
// demonstration is quick). Its update ids go on after the last one stored,
// as Telegram's would for the same bot: a sandbox started again on its
// database is not taken for redelivering old updates.
func Start(store *storage.Store, log *slog.Logger) *Sandbox {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	last, err := store.LastEventSeq(ctx, chidao.Telegram)
	if err != nil {
		log.Warn("Sandbox: cannot read the last update id; numbering from 100001", "error", err)
	}
	fake := telegramfake.New(telegramfake.Options{Token: Token, BotUsername: Username, Rate: -1, ChatInterval: -1, FirstUpdateID: last})
	funcs := template.FuncMap{"datetime": chidao.FormatDateTime}
	return &Sandbox{Fake: fake, store: store, log: log, csrf: rand.Text(),
		pages: template.Must(template.New("").Funcs(funcs).ParseFS(files, "templates/*.html"))}
}

// Close stops the fake server.
func (s *Sandbox) Close() { s.Fake.Close() }

// Seed registers, once, an Office admin and a head and an officer for
// every unit, through invites typed into the fake chat as real people
// would. The units come from `chidao unit import` (scripts/run does it).
func (s *Sandbox) Seed(ctx context.Context) error {
	units, err := s.store.Units(ctx)
	if err != nil {
		return err
	}
	existing, err := s.store.People(ctx, "")
	if err != nil {
		return err
	}
	id := int64(100000)
	n := 0
	for _, u := range units {
		roles := []chidao.Role{chidao.RoleHead, chidao.RoleOfficer}
		if u.ParentCode == "" {
			roles = []chidao.Role{chidao.RoleAdmin}
		}
		for _, role := range roles {
			id++
			name := PersonName(n)
			n++
			p := Persona{User: telegramfake.User{ID: id, FirstName: name}, Name: name, Role: role, Unit: u.Name}
			s.people = append(s.people, p)
			if len(existing) > 0 {
				continue // seeded before: the fake only needs to know them again
			}
			inv, err := s.store.CreateInvite(ctx, chidao.Actor{Label: "sandbox"}, storage.NewInvite{UnitCode: u.Code, Role: role,
				FullName: name, TTL: time.Hour})
			if err != nil {
				return err
			}
			s.Fake.SendText(p.User, "/start "+inv.Code)
		}
	}
	if len(existing) > 0 {
		for _, p := range s.people {
			s.Fake.Started(p.User)
		}
	}
	return nil
}

// Routes are the sandbox's pages.
func (s *Sandbox) Routes() []server.Route {
	return []server.Route{
		{Pattern: "GET /sandbox", Handler: http.HandlerFunc(s.page)},
		{Pattern: "POST /sandbox/send", Handler: s.checked(s.send)},
		{Pattern: "POST /sandbox/press", Handler: s.checked(s.press)},
	}
}

// checked refuses (403) a POST without this sandbox's CSRF token.
func (s *Sandbox) checked(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(s.csrf)) != 1 {
			http.Error(rw, "missing or wrong CSRF token", http.StatusForbidden)
			return
		}
		next(rw, r)
	})
}

func (s *Sandbox) persona(r *http.Request) (Persona, bool) {
	id, _ := strconv.ParseInt(r.FormValue("p"), 10, 64)
	for _, p := range s.people {
		if p.User.ID == id {
			return p, true
		}
	}
	return Persona{}, false
}

func (s *Sandbox) page(rw http.ResponseWriter, r *http.Request) {
	p, ok := s.persona(r)
	data := map[string]any{"People": s.people, "Roles": texts.SandboxRoles, "Selected": p, "Has": ok, "CSRF": s.csrf}
	if ok {
		data["Chat"] = s.Fake.Chat(p.User.ID)
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := s.pages.ExecuteTemplate(rw, "sandbox.html", data); err != nil {
		s.log.Error("Cannot render the sandbox", "error", err)
	}
}

func (s *Sandbox) send(rw http.ResponseWriter, r *http.Request) {
	p, ok := s.persona(r)
	text := strings.TrimSpace(r.FormValue("text"))
	if ok && text != "" {
		s.Fake.SendText(p.User, text)
	}
	s.back(rw, r, p)
}

func (s *Sandbox) press(rw http.ResponseWriter, r *http.Request) {
	p, ok := s.persona(r)
	m, _ := strconv.Atoi(r.FormValue("m"))
	if ok && m > 0 && r.FormValue("data") != "" {
		s.Fake.Press(p.User, m, r.FormValue("data"))
	}
	s.back(rw, r, p)
}

func (s *Sandbox) back(rw http.ResponseWriter, r *http.Request, p Persona) {
	time.Sleep(300 * time.Millisecond) // let the bot answer before the page shows the chat
	http.Redirect(rw, r, fmt.Sprintf("/sandbox?p=%d#end", p.User.ID), http.StatusSeeOther)
}
