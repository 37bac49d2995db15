package zalofake

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// zerr is an error answer: HTTP 200 with {"error":code,"message":msg}.
type zerr struct {
	code int
	msg  string
}

// Error answers, as Zalo numbers them.
var (
	errRate           = &zerr{-32, "Exceed rate limit"}
	errParams         = &zerr{-201, "Parameters invalid"}
	errLimit          = &zerr{-210, "Parameter exceeds allowable limit"}
	errNotFollower    = &zerr{-213, "User has not followed OA"}
	errTokenInvalid   = &zerr{-216, "Access token is invalid"}
	errTokenExpired   = &zerr{-220, "Access token has expired"}
	errWindow         = &zerr{-230, "User has not interacted with the OA in the past 7 days"}
	errMethod         = &zerr{-201, "Parameters invalid: method not allowed"}
	errOAuthParams    = &zerr{-14001, "Invalid parameter"}
	errOAuthAppID     = &zerr{-14002, "Invalid app id"}
	errOAuthSecret    = &zerr{-14003, "Invalid secret key"}
	errRefreshInvalid = &zerr{-14014, "Invalid refresh token"}
)

func (s *Server) writeErr(w http.ResponseWriter, e *zerr) {
	s.mu.Lock()
	s.stats.Errors[e.code]++
	s.mu.Unlock()
	writeJSON(w, map[string]any{"error": e.code, "message": e.msg})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	json.NewEncoder(w).Encode(v)
}

func writeOK(w http.ResponseWriter, data any) {
	writeJSON(w, map[string]any{"error": 0, "message": "Success", "data": data})
}

// api wraps an OA API handler: counts the request, applies the rate limit
// and checks the access_token header.
func (s *Server) api(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.stats.Requests++
		allowed := s.takeLocked()
		var e *zerr
		if !allowed {
			e = errRate
		} else if t := s.access[r.Header.Get("access_token")]; t == nil {
			e = errTokenInvalid
		} else if t.expired || !s.opts.Now().Before(t.expires) {
			e = errTokenExpired
		}
		s.mu.Unlock()
		if e != nil {
			s.writeErr(w, e)
			return
		}
		h(w, r)
	}
}

// takeLocked admits one request under the OA's limit: at most Rate in
// any rolling second (strict, the default), or with Lenient a token
// bucket. A refused request is not counted.
func (s *Server) takeLocked() bool {
	if s.opts.Rate <= 0 {
		return true
	}
	now := time.Now()
	if !s.opts.Lenient {
		cut := 0
		for cut < len(s.window) && now.Sub(s.window[cut]) >= time.Second {
			cut++
		}
		s.window = s.window[cut:]
		if len(s.window) >= s.opts.Rate {
			return false
		}
		s.window = append(s.window, now)
		return true
	}
	rate := float64(s.opts.Rate)
	s.bucket = min(rate, s.bucket+now.Sub(s.bucketLast).Seconds()*rate)
	s.bucketLast = now
	if s.bucket < 1 {
		return false
	}
	s.bucket--
	return true
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// nextIDLocked returns a unique decimal id above 2^53.
func (s *Server) nextIDLocked() string {
	s.seq++
	return strconv.FormatUint(9_007_199_254_740_993+s.seq*7919, 10)
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.stats.Requests++
	s.mu.Unlock()
	if r.Method != http.MethodPost {
		s.writeErr(w, errMethod)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.writeErr(w, errOAuthParams)
		return
	}
	if r.PostForm.Get("grant_type") != "refresh_token" || r.PostForm.Get("refresh_token") == "" {
		s.writeErr(w, errOAuthParams)
		return
	}
	if r.PostForm.Get("app_id") != s.opts.AppID {
		s.writeErr(w, errOAuthAppID)
		return
	}
	if r.Header.Get("secret_key") != s.opts.AppSecret {
		s.writeErr(w, errOAuthSecret)
		return
	}
	old := r.PostForm.Get("refresh_token")
	s.mu.Lock()
	if !s.refresh[old] {
		s.mu.Unlock()
		s.writeErr(w, errRefreshInvalid)
		return
	}
	s.refresh[old] = false
	acc, ref := "access-"+randHex(16), "refresh-"+randHex(16)
	s.refresh[ref] = true
	s.access[acc] = &accessToken{expires: s.opts.Now().Add(s.opts.AccessTTL)}
	s.newest = acc
	s.refreshes++
	s.mu.Unlock()
	if s.opts.OnRefresh != nil {
		s.opts.OnRefresh()
	}
	writeJSON(w, map[string]string{
		"access_token":  acc,
		"refresh_token": ref,
		"expires_in":    strconv.FormatInt(int64(s.opts.AccessTTL/time.Second), 10),
	})
}

type messageReq struct {
	Recipient struct {
		UserID string `json:"user_id"`
	} `json:"recipient"`
	Message struct {
		Text       string `json:"text"`
		Attachment *struct {
			Type    string `json:"type"`
			Payload struct {
				Token        string `json:"token"`
				TemplateType string `json:"template_type"`
				Elements     []struct {
					Title    string `json:"title"`
					Subtitle string `json:"subtitle"`
					ImageURL string `json:"image_url"`
				} `json:"elements"`
			} `json:"payload"`
		} `json:"attachment"`
	} `json:"message"`
}

func (s *Server) handleMessage(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.writeErr(w, errMethod)
		return
	}
	var req messageReq
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil || req.Recipient.UserID == "" {
		s.writeErr(w, errParams)
		return
	}
	s.mu.Lock()
	msg, e := s.messageLocked(req)
	if e != nil {
		s.mu.Unlock()
		s.writeErr(w, e)
		return
	}
	msg.MessageID = s.nextIDLocked()
	msg.At = s.opts.Now()
	s.sent = append(s.sent, msg)
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
	writeOK(w, map[string]string{"message_id": msg.MessageID, "user_id": msg.UserID})
}

// messageLocked reads what a send asks for, as the OA API checks it: the
// text, file or information request, and a recipient who follows the OA
// and wrote within the window. s.mu is held.
func (s *Server) messageLocked(req messageReq) (Sent, *zerr) {
	msg := Sent{UserID: req.Recipient.UserID}
	var e *zerr
	switch a := req.Message.Attachment; {
	case a == nil:
		if req.Message.Text == "" || utf8.RuneCountInString(req.Message.Text) > s.opts.MaxText {
			e = errParams
		}
		msg.Text = req.Message.Text
	case a.Type == "file":
		f, ok := s.uploads[a.Payload.Token]
		if !ok {
			e = errParams
		}
		msg.File = &File{Name: f.Name, Content: f.Content}
	case a.Type == "template" && a.Payload.TemplateType == "request_user_info":
		if len(a.Payload.Elements) == 0 || a.Payload.Elements[0].Title == "" {
			e = errParams
		} else {
			el := a.Payload.Elements[0]
			msg.RequestInfo = true
			msg.Text, msg.Subtitle, msg.ImageURL = el.Title, el.Subtitle, el.ImageURL
		}
	default:
		e = errParams
	}
	if e != nil {
		return msg, e
	}
	switch u := s.users[msg.UserID]; {
	case u == nil || u.unfollowed:
		return msg, errNotFollower
	case s.opts.Now().Sub(u.last) > window:
		return msg, errWindow
	}
	return msg, nil
}

func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.writeErr(w, errMethod)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadSize+1<<20)
	if err := r.ParseMultipartForm(maxUploadSize + 1<<20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.writeErr(w, errLimit)
		} else {
			s.writeErr(w, errParams)
		}
		return
	}
	fh, ok := r.MultipartForm.File["file"]
	if !ok || len(fh) == 0 {
		s.writeErr(w, errParams)
		return
	}
	switch strings.ToLower(path.Ext(fh[0].Filename)) {
	case ".pdf", ".doc", ".docx":
	default:
		s.writeErr(w, errParams)
		return
	}
	if fh[0].Size > maxUploadSize {
		s.writeErr(w, errLimit)
		return
	}
	f, err := fh[0].Open()
	if err != nil {
		s.writeErr(w, errParams)
		return
	}
	content, err := io.ReadAll(f)
	f.Close()
	if err != nil || len(content) == 0 {
		s.writeErr(w, errParams)
		return
	}
	token := randHex(24)
	s.mu.Lock()
	s.uploads[token] = File{Name: fh[0].Filename, Content: content}
	s.mu.Unlock()
	writeOK(w, map[string]string{"token": token})
}

func (s *Server) handleUserDetail(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		s.writeErr(w, errMethod)
		return
	}
	var q struct {
		UserID string `json:"user_id"`
	}
	if err := json.Unmarshal([]byte(r.URL.Query().Get("data")), &q); err != nil || q.UserID == "" {
		s.writeErr(w, errParams)
		return
	}
	s.mu.Lock()
	u := s.users[q.UserID]
	var data map[string]any
	if u != nil {
		data = map[string]any{
			"user_id":          u.user.ID,
			"user_id_by_app":   u.byApp,
			"display_name":     u.user.Name,
			"user_is_follower": u.follower,
		}
	}
	s.mu.Unlock()
	if data == nil {
		s.writeErr(w, errNotFollower)
		return
	}
	writeOK(w, data)
}

// handleFile serves a file a user sent; like Zalo's CDN it needs no token.
func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/files/")
	s.mu.Lock()
	hold := s.hold
	s.mu.Unlock()
	if hold != nil {
		select { // a slow CDN
		case <-hold:
		case <-r.Context().Done():
			return
		}
	}
	s.mu.Lock()
	f, ok := s.userFiles[id]
	failing := s.failFiles > 0
	if failing {
		s.failFiles--
	}
	s.mu.Unlock()
	if failing {
		http.Error(w, "temporarily unavailable", http.StatusServiceUnavailable)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(f.Name, `"`, "")+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Content)))
	w.Write(f.Content)
}
