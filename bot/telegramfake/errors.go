package telegramfake

import (
	"fmt"
	"math"
	"net/http"
	"time"
)

// limitKind tells which flood limit a 429 came from.
type limitKind int

const (
	limitNone limitKind = iota
	limitBot
	limitChat
)

// apiError is a Bot API error answer.
type apiError struct {
	code       int
	desc       string
	retryAfter int
	limit      limitKind
}

// Errors with fixed descriptions, as Telegram words them.
var (
	errUnauthorized      = &apiError{code: http.StatusUnauthorized, desc: "Unauthorized"}
	errNotFound          = &apiError{code: http.StatusNotFound, desc: "Not Found"}
	errTooLarge          = &apiError{code: http.StatusRequestEntityTooLarge, desc: "Request Entity Too Large"}
	errBlocked           = forbidden("bot was blocked by the user")
	errDeactivated       = forbidden("user is deactivated")
	errCantInitiate      = forbidden("bot can't initiate conversation with a user")
	errChatNotFound      = badRequest("chat not found")
	errChatIDEmpty       = badRequest("chat_id is empty")
	errTextEmpty         = badRequest("message text is empty")
	errTextTooLong       = badRequest("message is too long")
	errCaptionTooLong    = badRequest("message caption is too long")
	errButtonData        = badRequest("BUTTON_DATA_INVALID")
	errButtonURL         = badRequest("BUTTON_URL_INVALID")
	errMarkupJSON        = badRequest("can't parse reply keyboard markup JSON object")
	errEditNotFound      = badRequest("message to edit not found")
	errCantEdit          = badRequest("message can't be edited")
	errNoTextToEdit      = badRequest("there is no text in the message to edit")
	errNoCaptionToEdit   = badRequest("there is no caption in the message to edit")
	errDeleteNotFound    = badRequest("message to delete not found")
	errCantDelete        = badRequest("message can't be deleted")
	errReplyNotFound     = badRequest("message to be replied not found")
	errNotModified       = badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	errQueryTooOld       = badRequest("query is too old and response timeout expired or query ID is invalid")
	errAnswerTooLong     = badRequest("MESSAGE_TOO_LONG")
	errFileTooBig        = badRequest("file is too big")
	errInvalidFileID     = badRequest("invalid file_id")
	errWrongFileID       = badRequest("wrong file identifier/HTTP URL specified")
	errNoDocument        = badRequest("there is no document in the request")
	errEmptyFile         = badRequest("file must be non-empty")
	errParseMode         = badRequest("unsupported parse_mode")
	errBadWebhookURL     = badRequest("bad webhook: invalid webhook URL specified")
	errConflictPoll      = conflict("terminated by other getUpdates request; make sure that only one bot instance is running")
	errConflictWebhook   = conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
	errInlineUnsupported = badRequest("inline messages are not supported by telegramfake")
)

// badRequest is a 400 error with Telegram's "Bad Request: " prefix.
func badRequest(desc string) *apiError {
	return &apiError{code: http.StatusBadRequest, desc: "Bad Request: " + desc}
}

// forbidden is a 403 error with Telegram's "Forbidden: " prefix.
func forbidden(desc string) *apiError {
	return &apiError{code: http.StatusForbidden, desc: "Forbidden: " + desc}
}

// conflict is a 409 error with Telegram's "Conflict: " prefix.
func conflict(desc string) *apiError {
	return &apiError{code: http.StatusConflict, desc: "Conflict: " + desc}
}

// tooMany is a 429 error asking to wait d (rounded up to whole seconds, at
// least one).
func tooMany(d time.Duration, kind limitKind) *apiError {
	secs := int(math.Ceil(d.Seconds()))
	if secs < 1 {
		secs = 1
	}
	return &apiError{
		code:       http.StatusTooManyRequests,
		desc:       fmt.Sprintf("Too Many Requests: retry after %d", secs),
		retryAfter: secs,
		limit:      kind,
	}
}

// bucket is a token bucket: capacity tokens, one more every per.
type bucket struct {
	capacity float64
	per      time.Duration
	tokens   float64
	last     time.Time
}

// newBucket returns a full bucket.
func newBucket(capacity int, per time.Duration, now time.Time) *bucket {
	return &bucket{capacity: float64(capacity), per: per, tokens: float64(capacity), last: now}
}

// wait refills the bucket and returns how long until it holds a token (0
// when it holds one now).
func (b *bucket) wait(now time.Time) time.Duration {
	if now.After(b.last) {
		b.tokens = math.Min(b.capacity, b.tokens+float64(now.Sub(b.last))/float64(b.per))
		b.last = now
	}
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) * float64(b.per))
}

// take removes one token; call after wait returned 0.
func (b *bucket) take() { b.tokens-- }

// takeTokensLocked applies the per-bot and per-chat flood limits to one
// message to chatID: the strict model (limits.go), or with Options.Lenient
// the token buckets. Nothing is consumed when either limit refuses.
func (s *Server) takeTokensLocked(chat *chatState) *apiError {
	if !s.opts.Lenient {
		return s.strictLocked(chat)
	}
	now := s.now()
	if s.opts.Rate > 0 {
		if s.botBucket == nil {
			s.botBucket = newBucket(s.opts.Rate, time.Second/time.Duration(s.opts.Rate), now)
		}
		if d := s.botBucket.wait(now); d > 0 {
			return tooMany(d, limitBot)
		}
	}
	if s.opts.ChatInterval > 0 {
		if chat.bucket == nil {
			chat.bucket = newBucket(s.opts.ChatBurst, s.opts.ChatInterval, now)
		}
		if d := chat.bucket.wait(now); d > 0 {
			return tooMany(d, limitChat)
		}
		chat.bucket.take()
	}
	if s.botBucket != nil {
		s.botBucket.take()
	}
	return nil
}
