package zalo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Pair is a fresh access/refresh token pair.
type Pair struct {
	// AccessToken authorises API calls.
	AccessToken string
	// RefreshToken is the single-use token for the next refresh.
	RefreshToken string
	// ExpiresIn is the access token's lifetime.
	ExpiresIn time.Duration
}

// refreshAnswer is the OAuth answer, success or failure.
type refreshAnswer struct {
	Error        int             `json:"error"`
	Message      string          `json:"message"`
	Description  string          `json:"error_description"`
	ErrorName    string          `json:"error_name"`
	AccessToken  string          `json:"access_token"`
	RefreshToken string          `json:"refresh_token"`
	ExpiresIn    json.RawMessage `json:"expires_in"`
}

// Refresh exchanges a refresh token for a new pair. It never retries:
// refresh tokens are single-use.
func (c *Client) Refresh(ctx context.Context, refreshToken string) (Pair, error) {
	const name = "oauth/access_token"
	form := url.Values{"refresh_token": {refreshToken}, "app_id": {c.cfg.AppID}, "grant_type": {"refresh_token"}}
	if err := c.limit.wait(ctx); err != nil {
		return Pair{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.OAuthURL+"/v4/oa/access_token", bytes.NewReader([]byte(form.Encode())))
	if err != nil {
		return Pair{}, fmt.Errorf("zalo %s: %w", name, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("secret_key", c.cfg.AppSecret)
	status, body, err := c.do(req, name)
	if err != nil {
		return Pair{}, err
	}
	return c.decodeRefresh(status, body, refreshToken)
}

// decodeRefresh interprets the OAuth answer.
func (c *Client) decodeRefresh(status int, body []byte, refreshToken string) (Pair, error) {
	const name = "oauth/access_token"
	var a refreshAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		return Pair{}, fmt.Errorf("zalo %s: http %d: undecodable answer: %w", name, status, err)
	}
	if a.Error != 0 {
		return Pair{}, &Error{Code: a.Error, Message: c.scrub(a.message(), refreshToken), Method: name}
	}
	if status != http.StatusOK || a.AccessToken == "" || a.RefreshToken == "" {
		return Pair{}, fmt.Errorf("zalo %s: http %d: answer without token pair", name, status)
	}
	secs, err := parseSeconds(a.ExpiresIn)
	if err != nil {
		return Pair{}, fmt.Errorf("zalo %s: expires_in: %w", name, err)
	}
	return Pair{AccessToken: a.AccessToken, RefreshToken: a.RefreshToken, ExpiresIn: time.Duration(secs) * time.Second}, nil
}

// message returns the most informative explanation in a failure answer.
func (a refreshAnswer) message() string {
	for _, m := range []string{a.Message, a.Description, a.ErrorName} {
		if m != "" {
			return m
		}
	}
	return "refresh failed"
}

// parseSeconds reads a JSON string or number of seconds; absent means 0.
func parseSeconds(raw json.RawMessage) (int64, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return 0, nil
	}
	s := string(raw)
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, err
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad seconds %q", s)
	}
	return int64(n), nil
}
