// Package zalo is a small client for the Zalo Official Account API v3.
package zalo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"chidao"
)

// Default base URLs and limits.
const (
	// DefaultAPIURL is the base of the OA API.
	DefaultAPIURL = "https://openapi.zalo.me"
	// DefaultOAuthURL is the base of the OA OAuth (token refresh) API.
	DefaultOAuthURL = "https://oauth.zaloapp.com"
	// DefaultBusinessURL is the base of the ZBS template message API.
	DefaultBusinessURL = "https://business.openapi.zalo.me"
	// DefaultRate is the default client-side limit in requests per second.
	DefaultRate = 10
	// MaxFileSize is the largest file Zalo accepts for upload (5 MB).
	MaxFileSize = 5 << 20
)

// defaultBackoff is the wait before each retry after a rate-limit error.
var defaultBackoff = []time.Duration{200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond}

// fileTypes are the accepted upload extensions and their MIME types.
var fileTypes = map[string]string{
	".pdf":  "application/pdf",
	".doc":  "application/msword",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

// Tokens supplies access tokens; Invalidate is told when Zalo rejected one
// (the Client then asks again once).
type Tokens interface {
	// AccessToken returns a currently valid access token.
	AccessToken(ctx context.Context) (string, error)
	// Invalidate reports that Zalo rejected token.
	Invalidate(ctx context.Context, token string) error
}

// Config configures a Client; zero fields take defaults.
type Config struct {
	// APIURL is the OA API base (default DefaultAPIURL).
	APIURL string
	// OAuthURL is the OAuth base used by Refresh (default DefaultOAuthURL).
	OAuthURL string
	// BusinessURL is the ZBS template API base (default DefaultBusinessURL).
	BusinessURL string
	// AppID is the Zalo app id used by Refresh.
	AppID string
	// AppSecret is the Zalo app secret key used by Refresh.
	AppSecret string
	// Rate is the client-side limit in requests per second (default 10).
	Rate int
	// HTTP is the HTTP client (default: 30 s timeout).
	HTTP *http.Client
}

// Client talks to the Zalo OA API. It is safe for concurrent use.
type Client struct {
	cfg     Config
	tokens  Tokens
	http    *http.Client
	limit   *limiter
	backoff []time.Duration
}

// NewClient returns a Client for cfg, taking access tokens from tokens.
// tokens may be nil for a client used only for Refresh.
func NewClient(cfg Config, tokens Tokens) *Client {
	cfg.APIURL = baseURL(cfg.APIURL, DefaultAPIURL)
	cfg.OAuthURL = baseURL(cfg.OAuthURL, DefaultOAuthURL)
	cfg.BusinessURL = baseURL(cfg.BusinessURL, DefaultBusinessURL)
	if cfg.Rate <= 0 {
		cfg.Rate = DefaultRate
	}
	hc := cfg.HTTP
	if hc == nil {
		// The outbox's sends are checked against their slot as they leave.
		hc = &http.Client{Timeout: 30 * time.Second, Transport: chidao.LeavingTransport(nil)}
	}
	return &Client{cfg: cfg, tokens: tokens, http: hc, limit: newLimiter(cfg.Rate), backoff: defaultBackoff}
}

// baseURL returns u (or def when empty) without a trailing slash.
func baseURL(u, def string) string {
	if u == "" {
		u = def
	}
	return strings.TrimRight(u, "/")
}

// recipient is the "recipient" object of a message.
type recipient struct {
	UserID string `json:"user_id"`
}

// outMessage is the body of a customer-service message.
type outMessage struct {
	Recipient recipient `json:"recipient"`
	Message   any       `json:"message"`
}

// sent is the data of a successful send.
type sent struct {
	MessageID jsonID `json:"message_id"`
	MsgID     jsonID `json:"msg_id"` // ZBS template answers
	UserID    jsonID `json:"user_id"`
}

// id returns the message id, whichever field carried it.
func (s sent) id() string {
	if s.MessageID != "" {
		return string(s.MessageID)
	}
	return string(s.MsgID)
}

// SendText sends text (NFC, split into parts of at most 2000 runes) as
// customer-service messages and returns the message ids in order. On error
// the ids of the parts already sent are returned with it.
func (c *Client) SendText(ctx context.Context, userID, text string) ([]string, error) {
	parts := Split(text, MaxTextRunes)
	if len(parts) == 0 {
		return nil, errors.New("zalo message/cs: empty text")
	}
	ids := make([]string, 0, len(parts))
	for _, p := range parts {
		id, err := c.sendCS(ctx, userID, map[string]string{"text": p})
		if err != nil {
			return ids, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// sendCS posts one customer-service message and returns its id.
func (c *Client) sendCS(ctx context.Context, userID string, message any) (string, error) {
	const name = "message/cs"
	if userID == "" {
		return "", fmt.Errorf("zalo %s: empty user id", name)
	}
	r, err := postJSON(name, c.cfg.APIURL+"/v3.0/oa/message/cs", outMessage{Recipient: recipient{UserID: userID}, Message: message})
	if err != nil {
		return "", err
	}
	var out sent
	if err := c.call(ctx, r, &out); err != nil {
		return "", err
	}
	return out.id(), nil
}

// attachment builds a message carrying an attachment of the given type.
func attachment(kind string, payload any) map[string]any {
	return map[string]any{"attachment": map[string]any{"type": kind, "payload": payload}}
}

// SendFile uploads content (PDF, DOC or DOCX by the extension of name, at
// most 5 MB) and sends it to userID; it returns the message id.
func (c *Client) SendFile(ctx context.Context, userID, name string, content []byte) (string, error) {
	token, err := c.uploadFile(ctx, name, content)
	if err != nil {
		return "", err
	}
	return c.sendCS(ctx, userID, attachment("file", map[string]string{"token": token}))
}

// uploadFile uploads a file and returns Zalo's attachment token.
func (c *Client) uploadFile(ctx context.Context, name string, content []byte) (string, error) {
	const method = "upload/file"
	mimeType, ok := fileTypes[strings.ToLower(filepath.Ext(name))]
	if !ok {
		return "", fmt.Errorf("zalo %s: %q is not a PDF, DOC or DOCX file", method, name)
	}
	if len(content) == 0 || len(content) > MaxFileSize {
		return "", fmt.Errorf("zalo %s: file size %d not in 1..%d bytes", method, len(content), MaxFileSize)
	}
	body, contentType, err := multipartFile(name, mimeType, content)
	if err != nil {
		return "", fmt.Errorf("zalo %s: %w", method, err)
	}
	r := &request{name: method, httpMethod: http.MethodPost, url: c.cfg.APIURL + "/v2.0/oa/upload/file", body: body, contentType: contentType}
	var out struct {
		Token string `json:"token"`
	}
	if err := c.call(ctx, r, &out); err != nil {
		return "", err
	}
	if out.Token == "" {
		return "", fmt.Errorf("zalo %s: answer without token", method)
	}
	return out.Token, nil
}

// multipartFile encodes content as the multipart field "file".
func multipartFile(name, mimeType string, content []byte) ([]byte, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, filepath.Base(name)))
	h.Set("Content-Type", mimeType)
	part, err := w.CreatePart(h)
	if err != nil {
		return nil, "", err
	}
	if _, err := part.Write(content); err != nil {
		return nil, "", err
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

// RequestUserInfo sends a request_user_info template asking userID to share
// their name and phone; it returns the message id.
func (c *Client) RequestUserInfo(ctx context.Context, userID, title, subtitle, imageURL string) (string, error) {
	element := map[string]string{"title": title, "subtitle": subtitle, "image_url": imageURL}
	payload := map[string]any{"template_type": "request_user_info", "elements": []any{element}}
	return c.sendCS(ctx, userID, attachment("template", payload))
}

// UserDetail is what Zalo tells about a user of the OA.
type UserDetail struct {
	// UserID is the user's id for this OA.
	UserID string
	// DisplayName is the user's Zalo display name.
	DisplayName string
	// Follower reports whether the user follows the OA.
	Follower bool
}

// UserDetail fetches the profile of userID.
func (c *Client) UserDetail(ctx context.Context, userID string) (UserDetail, error) {
	const name = "user/detail"
	q, err := json.Marshal(recipient{UserID: userID})
	if err != nil {
		return UserDetail{}, fmt.Errorf("zalo %s: %w", name, err)
	}
	u := c.cfg.APIURL + "/v3.0/oa/user/detail?data=" + url.QueryEscape(string(q))
	var out struct {
		UserID      jsonID `json:"user_id"`
		DisplayName string `json:"display_name"`
		Follower    bool   `json:"user_is_follower"`
	}
	if err := c.call(ctx, &request{name: name, httpMethod: http.MethodGet, url: u}, &out); err != nil {
		return UserDetail{}, err
	}
	return UserDetail{UserID: string(out.UserID), DisplayName: out.DisplayName, Follower: out.Follower}, nil
}

// TemplateRecipient addresses a ZBS template message: set exactly one of
// UserID or Phone (international form without "+", e.g. "84901234567").
type TemplateRecipient struct {
	// UserID is the user's OA id.
	UserID string
	// Phone is the phone number, e.g. "84901234567".
	Phone string
}

// templateBody is the ZBS template request.
type templateBody struct {
	Phone      string            `json:"phone,omitempty"`
	UserID     string            `json:"user_id,omitempty"`
	TemplateID string            `json:"template_id"`
	Data       map[string]string `json:"template_data"`
	TrackingID string            `json:"tracking_id,omitempty"`
}

// SendTemplate sends the ZBS template templateID filled with data to to,
// tagged with trackingID; it returns the message id.
func (c *Client) SendTemplate(ctx context.Context, to TemplateRecipient, templateID string, data map[string]string, trackingID string) (string, error) {
	const name = "message/template"
	phone := strings.TrimPrefix(strings.TrimSpace(to.Phone), "+")
	if (phone == "") == (to.UserID == "") {
		return "", fmt.Errorf("zalo %s: set exactly one of user id and phone", name)
	}
	if data == nil {
		data = map[string]string{}
	}
	body := templateBody{Phone: phone, UserID: to.UserID, TemplateID: templateID, Data: data, TrackingID: trackingID}
	r, err := postJSON(name, c.cfg.BusinessURL+"/message/template", body)
	if err != nil {
		return "", err
	}
	var out sent
	if err := c.call(ctx, r, &out); err != nil {
		return "", err
	}
	return out.id(), nil
}
