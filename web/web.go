// Package web is the Office's dashboard, served by chidao serve: server
// rendered (html/template, assets embedded, no CDN: Office networks are
// often closed), in Vietnamese, usable on a phone. People sign in with a
// one-time link from the bot (/dangnhap) or the CLI (chidao login-link).
// Office admins see everything; a unit head sees their unit only.
package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"chidao"
	"chidao/scorecard"
	"chidao/server"
	"chidao/storage"
	"chidao/texts"
)

//go:embed templates/*.html static/*
var files embed.FS

// CookieName is the session cookie.
const CookieName = "chidao_session"

// Web serves the dashboard.
type Web struct {
	store  *storage.Store
	log    *slog.Logger
	secure bool // the cookie is Secure (PUBLIC_URL is https)
	pages  *template.Template
	export func(w http.ResponseWriter, r storage.DirectiveReport) error
	// Org is the Office's name the pages show (default: the catalog's).
	Org texts.Org
	// Answer records an admin's answer to a difficulty and queues it for
	// the officer (handlers.Handler.AnswerDifficulty); nil: no answer form.
	Answer func(ctx context.Context, tx *storage.Store, actor chidao.Actor, admin chidao.Person, id int64, text string) (storage.Difficulty, error)
	// Weights are the scorecard's (SCORE_WEIGHTS); DocxTemplate replaces
	// the Word report's embedded template when set (REPORT_TEMPLATE).
	Weights      scorecard.Weights
	DocxTemplate []byte
}

// New prepares the dashboard. export writes the summary workbook of a
// directive (package report), given here to keep this package small.
func New(store *storage.Store, log *slog.Logger, publicURL string, export func(http.ResponseWriter, storage.DirectiveReport) error) *Web {
	funcs := template.FuncMap{
		"date":     texts.Date,
		"datetime": texts.DateTime,
		"channel":  func(c string) string { return texts.ChannelName(chidao.Channel(c)) },
		"deadline": texts.Deadline,
		"review":   texts.ReviewLabel,
		"open": func(u storage.UnitReport) int {
			return texts.OpenDifficulties(storage.DirectiveReport{Units: []storage.UnitReport{u}})
		},
		"when": func(t time.Time) string {
			if t.IsZero() {
				return "–"
			}
			return texts.DateTime(t)
		},
		"statusClass": statusClass,
		"action": func(code string) string {
			if name, ok := texts.DashActions[code]; ok {
				return name
			}
			return code
		},
		"changeKind":    func(k string) string { return texts.DashChangeKinds[k] },
		"changeSummary": texts.ChangeSummary,
		"score":         texts.ScoreLabel,
		"points":        func(v float64) string { return texts.ScoreLabel(&v) },
		"count":         texts.Count,
		"figure": func(p *int64) string {
			if p == nil {
				return "–"
			}
			return texts.Count(*p)
		},
		"source":  func(s string) string { return texts.ReachSources[s] },
		"decimal": func(v float64) string { return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1) },
		"pct": func(a, b int) int {
			if b == 0 {
				return 0
			}
			return a * 100 / b
		},
	}
	pages := template.Must(template.New("").Funcs(funcs).ParseFS(files, "templates/*.html"))
	return &Web{store: store, log: log, secure: strings.HasPrefix(publicURL, "https://"), pages: pages, export: export,
		Weights: scorecard.DefaultWeights()}
}

// Routes are the dashboard's routes, all of them: the authorisation test
// walks this list.
func (w *Web) Routes() []server.Route {
	routes := w.baseRoutes()
	for _, r := range w.scorecardRoutes() {
		routes = append(routes, server.Route{Pattern: r.pattern, Handler: r.handler})
	}
	for i, r := range routes {
		if r.Pattern != "GET /static/" {
			routes[i].Handler = private(r.Handler)
		}
	}
	return routes
}

// private sets, on every dashboard page and export, the headers that keep
// it out of caches, frames and other sites' Referer headers, and stop
// browsers guessing content types.
func private(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		h := rw.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'")
		next.ServeHTTP(rw, r)
	})
}

func (w *Web) baseRoutes() []server.Route {
	return []server.Route{
		{Pattern: "GET /static/", Handler: http.FileServerFS(files)},
		{Pattern: "GET /login", Handler: http.HandlerFunc(w.loginPage)},
		{Pattern: "POST /login", Handler: http.HandlerFunc(w.login)},
		{Pattern: "GET /{$}", Handler: w.auth(w.index)},
		{Pattern: "GET /directives/new", Handler: w.auth(w.adminOnly(w.newDirective))},
		{Pattern: "POST /directives", Handler: w.auth(w.adminOnly(w.csrfMultipart(w.createDirective)))},
		{Pattern: "POST /directives/draft", Handler: w.auth(w.adminOnly(w.csrfMultipart(w.draftFromLetter)))},
		{Pattern: "GET /directives/{id}", Handler: w.auth(w.directive)},
		{Pattern: "GET /directives/{id}/export.xlsx", Handler: w.auth(w.exportXLSX)},
		{Pattern: "GET /directives/{id}/audit", Handler: w.auth(w.adminOnly(w.audit))},
		{Pattern: "POST /directives/{id}/{action}", Handler: w.auth(w.csrf(w.adminOnly(w.act)))},
		{Pattern: "POST /directives/{id}/correct", Handler: w.auth(w.sameSite(w.csrf(w.adminOnly(w.correct))))},
		{Pattern: "POST /directives/{id}/supplement", Handler: w.auth(w.sameSite(w.adminOnly(w.csrfMultipart(w.supplement))))},
		{Pattern: "POST /difficulties/{id}/answer", Handler: w.auth(w.csrf(w.adminOnly(w.answer)))},
		{Pattern: "GET /extensions", Handler: w.auth(w.adminOnly(w.extensions))},
		{Pattern: "POST /extensions/{id}/decide", Handler: w.auth(w.csrf(w.adminOnly(w.decideExtension)))},
		{Pattern: "GET /groups", Handler: w.auth(w.adminOnly(w.groupsPage))},
		{Pattern: "POST /groups", Handler: w.auth(w.csrf(w.adminOnly(w.addGroup)))},
		{Pattern: "GET /groups/{code}", Handler: w.auth(w.adminOnly(w.groupPage))},
		{Pattern: "POST /groups/{code}", Handler: w.auth(w.csrf(w.adminOnly(w.saveGroup)))},
		{Pattern: "POST /groups/{code}/delete", Handler: w.auth(w.csrf(w.adminOnly(w.deleteGroup)))},
		{Pattern: "GET /people", Handler: w.auth(w.adminOnly(w.peoplePage))},
		{Pattern: "POST /people/{id}/{action}", Handler: w.auth(w.csrf(w.adminOnly(w.setActive)))},
		{Pattern: "POST /invites/{id}/revoke", Handler: w.auth(w.csrf(w.adminOnly(w.revokeInvite)))},
		{Pattern: "GET /sessions", Handler: w.auth(w.sessions)},
		{Pattern: "POST /sessions/{id}/revoke", Handler: w.auth(w.csrf(w.revoke))},
		{Pattern: "POST /logout", Handler: w.auth(w.csrf(w.logout))},
	}
}

type ctxKey struct{}

// session returns the request's session (set by auth).
func session(r *http.Request) storage.Session { return r.Context().Value(ctxKey{}).(storage.Session) }

// auth lets through Office admins and unit heads with a live session.
func (w *Web) auth(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(CookieName)
		if err != nil || c.Value == "" {
			w.fail(rw, http.StatusUnauthorized, texts.DashSignIn)
			return
		}
		ss, err := w.store.SessionByToken(r.Context(), c.Value)
		if errors.Is(err, chidao.ErrNotFound) {
			w.fail(rw, http.StatusUnauthorized, texts.DashSignIn)
			return
		}
		if err != nil {
			w.log.Error("Cannot read a session", "error", err)
			w.fail(rw, http.StatusServiceUnavailable, texts.DashUnavailable)
			return
		}
		if ss.Person.Role != chidao.RoleAdmin && ss.Person.Role != chidao.RoleHead {
			w.fail(rw, http.StatusForbidden, texts.DashForbidden(w.Org))
			return
		}
		next(rw, r.WithContext(context.WithValue(r.Context(), ctxKey{}, ss)))
	})
}

// csrfMultipart checks the CSRF token of a multipart form, read first
// from the query-free form fields (the token comes before the files).
func (w *Web) csrfMultipart(next http.HandlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(rw, r.Body, maxForm)
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				w.fail(rw, http.StatusRequestEntityTooLarge, texts.DashTooLarge)
				return
			}
			w.fail(rw, http.StatusBadRequest, texts.DashBadForm)
			return
		}
		w.csrf(next)(rw, r)
	}
}

// csrf checks the form's token against the session's.
func (w *Web) csrf(next http.HandlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		got := r.PostFormValue("csrf")
		if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(session(r).CSRF)) != 1 {
			w.fail(rw, http.StatusForbidden, texts.DashCSRF)
			return
		}
		next(rw, r)
	}
}

// loginCookie carries the login form's CSRF token (double submit): only a
// page of this origin can post the token it was given.
const loginCookie = "chidao_login"

// loginPage is what a login link opens: a page with one button. Opening
// it uses nothing up, so a link preview or a mail scanner that fetches
// the link does not burn it.
func (w *Web) loginPage(rw http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("t")
	if token == "" {
		w.fail(rw, http.StatusForbidden, texts.DashBadLink)
		return
	}
	csrf := rand.Text()
	http.SetCookie(rw, &http.Cookie{Name: loginCookie, Value: csrf, Path: "/login", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: w.secure, MaxAge: 600})
	w.render(rw, http.StatusOK, "login.html", map[string]any{"Title": texts.DashLoginTitle, "Ask": texts.DashLoginAsk,
		"Button": texts.DashLoginButton, "Token": token, "CSRF": csrf})
}

// sameOrigin guards the login POST: browsers mark cross-site requests
// (Sec-Fetch-Site, Origin), which are refused.
var sameOrigin = http.NewCrossOriginProtection()

// login redeems a login link from its page's form: same origin, with the
// CSRF token of the login cookie.
func (w *Web) login(rw http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(loginCookie)
	if sameOrigin.Check(r) != nil || err != nil || c.Value == "" ||
		subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(c.Value)) != 1 {
		w.fail(rw, http.StatusForbidden, texts.DashCSRF)
		return
	}
	token := r.PostFormValue("t")
	cookie, err := w.store.RedeemLoginLink(r.Context(), token, r.UserAgent())
	if errors.Is(err, storage.ErrLoginLink) || token == "" {
		w.fail(rw, http.StatusForbidden, texts.DashBadLink)
		return
	}
	if err != nil {
		w.log.Error("Cannot open a session", "error", err)
		w.fail(rw, http.StatusServiceUnavailable, texts.DashUnavailable)
		return
	}
	http.SetCookie(rw, &http.Cookie{Name: CookieName, Value: cookie, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: w.secure, MaxAge: int((12 * time.Hour).Seconds())})
	http.Redirect(rw, r, "/", http.StatusSeeOther)
}

func (w *Web) logout(rw http.ResponseWriter, r *http.Request) {
	ss := session(r)
	if err := w.store.RevokeSession(r.Context(), actorOf(ss), ss.ID); err != nil {
		w.log.Error("Cannot end a session", "error", err)
	}
	http.SetCookie(rw, &http.Cookie{Name: CookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: w.secure})
	w.fail(rw, http.StatusOK, texts.DashSignedOut)
}

func actorOf(ss storage.Session) chidao.Actor {
	return chidao.Actor{Label: "web:" + strconv.FormatInt(ss.Person.ID, 10), PersonID: ss.Person.ID}
}

// render writes a page.
func (w *Web) render(rw http.ResponseWriter, status int, name string, data map[string]any) {
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.WriteHeader(status)
	data["Org"] = w.Org.OrDefault().Name
	if err := w.pages.ExecuteTemplate(rw, name, data); err != nil {
		w.log.Error("Cannot render a page", "page", name, "error", err)
	}
}

func (w *Web) fail(rw http.ResponseWriter, status int, msg string) {
	w.render(rw, status, "message.html", map[string]any{"Title": texts.DashTitle, "Message": msg})
}

func statusClass(s chidao.Status) string {
	switch s {
	case chidao.StatusNotAcknowledged:
		return "st-new"
	case chidao.StatusInProgress:
		return "st-progress"
	case chidao.StatusOverdue:
		return "st-overdue"
	case chidao.StatusDoneOnTime:
		return "st-done"
	case chidao.StatusDoneLate:
		return "st-late"
	}
	return ""
}
