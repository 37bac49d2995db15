package chidao

import (
	"errors"
	"fmt"
	"time"

	"chidao/links"
)

// This file holds the contract between chidao's runtime and a chat
// platform's adapter (bot/telegram, bot/zalo): what an adapter turns a
// platform's update into, and what it answers when asked to send a
// message or fetch a file. An adapter imports these types, never the
// runtime (inbox, outbox, fetch) or the conversations (handlers).

// Event is one thing a user did in a chat, as every platform can say it.
type Event struct {
	Channel     Channel
	EventID     int64  // the inbox row
	ChatID      string // where to answer
	UserID      string // who did it
	DisplayName string // their name on the platform
	Private     bool   // a one-to-one chat with the bot
	MessageID   string // the message they sent, or the one whose button they pressed
	Text        string // text or caption
	Links       []links.Link
	ReplyTo     string // the message they replied to
	CallbackID  string // a pressed button: the query to answer
	Data        string // a pressed button: its data
	Document    *Document
	JoinedGroup bool   // the bot was added to a group
	Followed    bool   // the user followed the Official Account (Zalo)
	Unfollowed  bool   // the user unfollowed it: they cannot be written to there
	SharedPhone string // the user shared their phone number (Zalo's form)
	// Media is what was sent instead of text or a document: photo, video,
	// voice, audio, sticker, gif, location... (Text may hold a caption, or
	// a sticker's emoji).
	Media string
}

// Document is a file a user sent.
type Document struct {
	ExternalID  string
	Name        string
	ContentType string
	Size        int64
}

// ErrIgnore is returned by an adapter's decoder for events chidao has
// nothing to say to (edits, channel posts...): they are kept and marked
// ignored.
var ErrIgnore = errors.New("event not handled")

// ButtonAnswer is what the platform must do at once, outside the outbox,
// for a pressed button: a short toast, or an alert the user must close.
type ButtonAnswer struct {
	Answer string
	Alert  bool
}

// Verdict says what became of one send.
type Verdict int

// The verdicts an adapter gives.
const (
	Sent        Verdict = iota // delivered; MessageID is the platform's id
	Retry                      // a passing failure: try again later
	RateLimited                // the platform asked to wait RetryAfter: pause the whole bot
	Unreachable                // the person blocked the bot or left: stop writing to them
	Failed                     // the platform refused this message for good
	TooLate                    // not sent: it could not leave within its slot (ErrTooLate)
	Postponed                  // not sent: try again after RetryAfter, as if it had not been claimed
)

// SendResult is an adapter's answer for one message it was asked to send.
type SendResult struct {
	Verdict    Verdict
	MessageID  string
	RetryAfter time.Duration
	Err        error // what went wrong, for Retry, Unreachable and Failed
}

// GoneReason says why a file cannot be had.
type GoneReason string

// The reasons a platform gives.
const (
	FileTooBig   GoneReason = "too_big"   // larger than the platform lets a bot download (20 MB)
	FileNotFound GoneReason = "not_found" // the platform no longer has it, or never had it under that id
)

// GoneError is an adapter's answer for a file that cannot be had, ever;
// any other download error is tried again later.
type GoneError struct {
	Reason GoneReason
	Err    error
}

func (e *GoneError) Error() string { return fmt.Sprintf("file gone (%s): %v", e.Reason, e.Err) }
func (e *GoneError) Unwrap() error { return e.Err }

// FileGone wraps err as the platform's final word on a file.
func FileGone(reason GoneReason, err error) error { return &GoneError{Reason: reason, Err: err} }

// MaxFileSize is the largest file fetched: what Telegram lets a bot
// download, and what chidao accepts from Zalo.
const MaxFileSize = 20 << 20
