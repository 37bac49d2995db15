package zalo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// maxAnswer bounds how much of an answer body is read.
const maxAnswer = 1 << 20

// request describes one Zalo API call; the body is kept as bytes so the
// request can be re-sent on retries.
type request struct {
	name        string // method name for errors, e.g. "message/cs"
	httpMethod  string
	url         string
	body        []byte
	contentType string
}

// envelope is Zalo's common answer shape.
type envelope struct {
	Error   int             `json:"error"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

// call performs r with an access token, retrying once with a fresh token
// after a token-class error, and decodes the answer's data into out.
func (c *Client) call(ctx context.Context, r *request, out any) error {
	token, err := c.accessToken(ctx, r.name)
	if err != nil {
		return err
	}
	err = c.withBackoff(ctx, r, token, out)
	if !IsToken(err) {
		return err
	}
	if ierr := c.tokens.Invalidate(ctx, token); ierr != nil {
		return errors.Join(err, fmt.Errorf("zalo %s: invalidate token: %w", r.name, ierr))
	}
	if token, err = c.accessToken(ctx, r.name); err != nil {
		return err
	}
	return c.withBackoff(ctx, r, token, out)
}

// accessToken asks the token source for a token.
func (c *Client) accessToken(ctx context.Context, name string) (string, error) {
	if c.tokens == nil {
		return "", fmt.Errorf("zalo %s: no token source", name)
	}
	token, err := c.tokens.AccessToken(ctx)
	if err != nil {
		return "", fmt.Errorf("zalo %s: access token: %w", name, err)
	}
	return token, nil
}

// withBackoff performs r, retrying after rate-limit errors with the client's
// backoff schedule; the last error is returned when the schedule runs out.
func (c *Client) withBackoff(ctx context.Context, r *request, token string, out any) error {
	for i := 0; ; i++ {
		err := c.once(ctx, r, token, out)
		if !IsRate(err) || i >= len(c.backoff) {
			return err
		}
		if serr := sleep(ctx, c.backoff[i]); serr != nil {
			return errors.Join(err, serr)
		}
	}
}

// once waits for the rate limiter, sends r once and decodes the answer.
func (c *Client) once(ctx context.Context, r *request, token string, out any) error {
	if err := c.limit.wait(ctx); err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, r.httpMethod, r.url, bytes.NewReader(r.body))
	if err != nil {
		return fmt.Errorf("zalo %s: %w", r.name, err)
	}
	req.Header.Set("access_token", token)
	req.Header.Set("Accept", "application/json")
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	status, body, err := c.do(req, r.name)
	if err != nil {
		return err
	}
	return c.decode(r.name, status, body, out, token)
}

// do sends req and reads a bounded answer body.
func (c *Client) do(req *http.Request, name string) (int, []byte, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("zalo %s: %w", name, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return 0, nil, fmt.Errorf("zalo %s: read answer: %w", name, err)
	}
	return resp.StatusCode, body, nil
}

// decode interprets an envelope answer: a non-zero error becomes *Error,
// otherwise data is decoded into out (when out is not nil).
func (c *Client) decode(name string, status int, body []byte, out any, token string) error {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return fmt.Errorf("zalo %s: http %d: undecodable answer: %w", name, status, err)
	}
	if env.Error != 0 {
		return &Error{Code: env.Error, Message: c.scrub(env.Message, token), Method: name}
	}
	if status != http.StatusOK {
		return fmt.Errorf("zalo %s: http %d", name, status)
	}
	if out == nil {
		return nil
	}
	if len(env.Data) == 0 || string(env.Data) == "null" {
		return fmt.Errorf("zalo %s: answer without data", name)
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("zalo %s: decode data: %w", name, err)
	}
	return nil
}

// scrub removes credentials from text that will end up in an error.
func (c *Client) scrub(s string, secrets ...string) string {
	for _, v := range append(secrets, c.cfg.AppSecret) {
		if v != "" {
			s = strings.ReplaceAll(s, v, "[redacted]")
		}
	}
	return s
}

// postJSON builds a JSON POST request.
func postJSON(name, url string, payload any) (*request, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("zalo %s: encode: %w", name, err)
	}
	return &request{name: name, httpMethod: http.MethodPost, url: url, body: body, contentType: "application/json"}, nil
}

// jsonID is an identifier that Zalo may send as a JSON string or a bare
// number; it is kept verbatim as text so large ids never lose precision.
type jsonID string

// UnmarshalJSON accepts a string, a number or null.
func (id *jsonID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*id = ""
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*id = jsonID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("zalo: id is neither string nor number: %w", err)
	}
	*id = jsonID(n.String())
	return nil
}
