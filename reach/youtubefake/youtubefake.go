// Package youtubefake is an in-repo YouTube Data API v3 server for tests:
// GET /youtube/v3/videos?part=statistics&id=…&key=… answered in the real
// shape (counts as decimal strings, hidden figures left out, unknown ids
// simply missing from items), with the real errors: 400 keyInvalid, 403
// quotaExceeded once the day's quota (10,000 units by default, one per
// call) is spent, 400 for more than 50 ids.
package youtubefake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// Video is what the fake knows of a video; nil counts are hidden.
type Video struct {
	Views, Likes, Comments *int64
}

// Server is the fake API.
type Server struct {
	srv    *httptest.Server
	key    string
	mu     sync.Mutex
	videos map[string]Video
	quota  int
	calls  int
}

// New starts a fake accepting key, with quota units for the day.
func New(key string, quota int) *Server {
	s := &Server{key: key, videos: map[string]Video{}, quota: quota}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /youtube/v3/videos", s.videosList)
	s.srv = httptest.NewServer(mux)
	return s
}

// URL is the base URL to give the client.
func (s *Server) URL() string { return s.srv.URL }

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// SetVideo makes a video known with its figures.
func (s *Server) SetVideo(id string, v Video) { s.mu.Lock(); s.videos[id] = v; s.mu.Unlock() }

// SetQuota sets the units left for the day.
func (s *Server) SetQuota(n int) { s.mu.Lock(); s.quota = n; s.mu.Unlock() }

// Calls is how many calls were answered (errors included).
func (s *Server) Calls() int { s.mu.Lock(); defer s.mu.Unlock(); return s.calls }

func (s *Server) videosList(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	q := r.URL.Query()
	switch {
	case q.Get("key") != s.key:
		fail(w, 400, "API key not valid. Please pass a valid API key.", "global", "badRequest", "INVALID_ARGUMENT")
		return
	case s.quota <= 0:
		fail(w, 403, `The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.`,
			"youtube.quota", "quotaExceeded", "")
		return
	case q.Get("part") == "":
		fail(w, 400, "No filter selected. Expected one of: myRated, chart, id", "youtube.parameter", "missingRequiredParameter", "")
		return
	}
	s.quota--
	ids := strings.Split(q.Get("id"), ",")
	if len(ids) > 50 {
		fail(w, 400, "The request specifies an invalid filter parameter.", "youtube.parameter", "invalidFilters", "")
		return
	}
	type stats struct {
		ViewCount     *string `json:"viewCount,omitempty"`
		LikeCount     *string `json:"likeCount,omitempty"`
		FavoriteCount string  `json:"favoriteCount"`
		CommentCount  *string `json:"commentCount,omitempty"`
	}
	type item struct {
		Kind       string `json:"kind"`
		Etag       string `json:"etag"`
		ID         string `json:"id"`
		Statistics stats  `json:"statistics"`
	}
	items := []item{}
	for _, id := range ids {
		v, ok := s.videos[id]
		if !ok {
			continue
		}
		items = append(items, item{"youtube#video", "etag-" + id, id, stats{str(v.Views), str(v.Likes), "0", str(v.Comments)}})
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	_ = json.NewEncoder(w).Encode(map[string]any{"kind": "youtube#videoListResponse", "etag": "list", "items": items,
		"pageInfo": map[string]int{"totalResults": len(items), "resultsPerPage": len(items)}})
}

func str(n *int64) *string {
	if n == nil {
		return nil
	}
	s := fmt.Sprint(*n)
	return &s
}

func fail(w http.ResponseWriter, code int, msg, domain, reason, status string) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(code)
	e := map[string]any{"code": code, "message": msg, "errors": []map[string]string{{"message": msg, "domain": domain, "reason": reason}}}
	if status != "" {
		e["status"] = status
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"error": e})
}
