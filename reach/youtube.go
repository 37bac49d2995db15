package reach

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// DefaultYouTubeURL is the YouTube Data API's server.
const DefaultYouTubeURL = "https://www.googleapis.com"

// MaxVideosPerCall is the most ids one videos.list call takes.
const MaxVideosPerCall = 50

// YouTube reads video statistics from the YouTube Data API v3
// (videos.list, part statistics: one quota unit per call of up to 50 ids).
// The key is never written into an error.
type YouTube struct {
	BaseURL string // DefaultYouTubeURL when empty; tests point it at youtubefake
	Key     string
	HTTP    *http.Client
}

// ErrQuota is the API refusing for the day's quota (403 quotaExceeded,
// dailyLimitExceeded, rateLimitExceeded): try again later.
var ErrQuota = errors.New("youtube: quota exceeded")

// APIError is any other refusal, with the API's reason.
type APIError struct {
	Status  int
	Reason  string
	Message string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("youtube: HTTP %d %s: %s", e.Status, e.Reason, e.Message)
}

// Statistics maps video ids to their figures; an id missing from it is a
// video the API does not know (deleted, private or a wrong id). A figure the
// owner hides (likes, or comments when they are off) is nil.
type Statistics map[string]Figures

// Videos fetches the statistics of up to MaxVideosPerCall videos.
func (y *YouTube) Videos(ctx context.Context, ids []string) (Statistics, error) {
	if len(ids) == 0 || len(ids) > MaxVideosPerCall {
		return nil, fmt.Errorf("youtube: %d ids (1-%d per call)", len(ids), MaxVideosPerCall)
	}
	base := y.BaseURL
	if base == "" {
		base = DefaultYouTubeURL
	}
	q := url.Values{"part": {"statistics"}, "id": {strings.Join(ids, ",")}, "key": {y.Key}, "maxResults": {strconv.Itoa(MaxVideosPerCall)}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(base, "/")+"/youtube/v3/videos?"+q.Encode(), nil)
	if err != nil {
		return nil, fmt.Errorf("youtube: %w", err)
	}
	client := y.HTTP
	if client == nil {
		client = &http.Client{Timeout: 20 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("youtube: videos.list: %w", redactKey(err, y.Key))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, fmt.Errorf("youtube: read answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, apiError(resp.StatusCode, body)
	}
	return decodeVideos(body)
}

func redactKey(err error, key string) error {
	if key == "" {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), url.QueryEscape(key), "REDACTED"))
}

func apiError(status int, body []byte) error {
	var e struct {
		Error struct {
			Message string `json:"message"`
			Errors  []struct {
				Reason string `json:"reason"`
			} `json:"errors"`
		} `json:"error"`
	}
	_ = json.Unmarshal(body, &e)
	reason := ""
	if len(e.Error.Errors) > 0 {
		reason = e.Error.Errors[0].Reason
	}
	switch reason {
	case "quotaExceeded", "dailyLimitExceeded", "rateLimitExceeded", "userRateLimitExceeded":
		return fmt.Errorf("%w (%s)", ErrQuota, reason)
	}
	if status == http.StatusTooManyRequests {
		return fmt.Errorf("%w (HTTP 429)", ErrQuota)
	}
	return &APIError{Status: status, Reason: reason, Message: e.Error.Message}
}

func decodeVideos(body []byte) (Statistics, error) {
	var r struct {
		Items []struct {
			ID         string `json:"id"`
			Statistics struct {
				ViewCount    *string `json:"viewCount"`
				LikeCount    *string `json:"likeCount"`
				CommentCount *string `json:"commentCount"`
			} `json:"statistics"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("youtube: decode videos: %w", err)
	}
	out := Statistics{}
	for _, it := range r.Items {
		var f Figures
		var err error
		if f.Views, err = count(it.Statistics.ViewCount); err == nil {
			if f.Likes, err = count(it.Statistics.LikeCount); err == nil {
				f.Comments, err = count(it.Statistics.CommentCount)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("youtube: video %s: %w", it.ID, err)
		}
		out[it.ID] = f
	}
	return out, nil
}

// count reads the API's counts, which are decimal strings.
func count(s *string) (*int64, error) {
	if s == nil {
		return nil, nil
	}
	n, err := strconv.ParseInt(*s, 10, 64)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("count %q is not a number", *s)
	}
	return &n, nil
}

// VideoID returns the id of a normalised YouTube link
// (https://www.youtube.com/watch?v=ID), or "".
func VideoID(link string) string {
	u, err := url.Parse(link)
	if err != nil || !strings.HasSuffix(u.Host, "youtube.com") {
		return ""
	}
	id := u.Query().Get("v")
	if len(id) != 11 {
		return ""
	}
	return id
}
