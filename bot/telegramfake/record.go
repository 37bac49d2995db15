package telegramfake

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Sent records one thing the bot did successfully.
type Sent struct {
	// Method is sendMessage, sendDocument, editMessageText,
	// editMessageCaption, editMessageReplyMarkup or deleteMessage.
	Method    string
	ChatID    int64
	MessageID int
	// Text is the text or caption as sent, parse_mode markup included.
	Text      string
	ParseMode string
	// Buttons is the inline keyboard as it is after this call.
	Buttons    [][]Button
	ForceReply bool
	ReplyTo    int
	// Document is the file sent: uploaded bytes, or the bytes behind a
	// reused file_id.
	Document *Document
	At       time.Time
}

// String is a short description for failure messages.
func (s Sent) String() string {
	text := s.Text
	if r := []rune(text); len(r) > 60 {
		text = string(r[:60]) + "…"
	}
	out := fmt.Sprintf("%s #%d %q", s.Method, s.MessageID, text)
	if s.Document != nil {
		out += " file " + s.Document.Name
	}
	if len(s.Buttons) > 0 {
		out += fmt.Sprintf(" %v", s.Buttons)
	}
	return out
}

// Answer is a recorded answerCallbackQuery.
type Answer struct {
	QueryID, Text string
	ShowAlert     bool
}

// Stats counts what the fake answered.
type Stats struct {
	// Requests counts every HTTP request, downloads included.
	Requests int
	// Sent counts the records of Sent().
	Sent int
	// TooManyBot and TooManyChat count 429 answers of the per-bot and
	// per-chat limits.
	TooManyBot, TooManyChat int
	// Errors counts every other error answer.
	Errors int
	// Uploads counts the documents sent with their bytes (not by file_id).
	Uploads int
}

// recordLocked appends what the bot just did to m and wakes waiters.
func (s *Server) recordLocked(method string, m *storedMessage) {
	rec := Sent{
		Method:     method,
		ChatID:     m.ChatID,
		MessageID:  m.ID,
		Text:       m.Text,
		ParseMode:  m.ParseMode,
		Buttons:    cloneButtons(m.Buttons),
		ForceReply: m.ForceReply,
		ReplyTo:    m.ReplyTo,
		At:         s.now(),
	}
	if m.Document != nil {
		d := *m.Document
		rec.Document, rec.Text = &d, m.Caption
	}
	s.sent = append(s.sent, rec)
	s.sentCount[rec.ChatID]++
	s.stats.Sent++
	s.notifyLocked()
}

// Sent returns everything the bot successfully did, in order.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneSent(s.sent, func(Sent) bool { return true })
}

// SentTo returns what the bot successfully did in one chat, in order.
func (s *Server) SentTo(chatID int64) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sentToLocked(chatID)
}

// sentToLocked is SentTo with s.mu held.
func (s *Server) sentToLocked(chatID int64) []Sent {
	return cloneSent(s.sent, func(r Sent) bool { return r.ChatID == chatID })
}

// cloneSent copies the records that keep selects.
func cloneSent(all []Sent, keep func(Sent) bool) []Sent {
	var out []Sent
	for _, r := range all {
		if keep(r) {
			r.Buttons = cloneButtons(r.Buttons)
			out = append(out, r)
		}
	}
	return out
}

// WaitSent blocks until the chat has at least n records and returns them
// all. When ctx ends first the error tells how many arrived and what they
// were.
func (s *Server) WaitSent(ctx context.Context, chatID int64, n int) ([]Sent, error) {
	err := s.waitFor(ctx, func() bool { return s.sentCount[chatID] >= n })
	got := s.SentTo(chatID)
	if err != nil {
		descs := make([]string, len(got))
		for i, r := range got {
			descs[i] = r.String()
		}
		return got, fmt.Errorf("telegramfake: chat %d: %d of %d sends arrived (%v): [%s]",
			chatID, len(got), n, err, strings.Join(descs, "; "))
	}
	return got, nil
}

// Message returns the current state of a message (after edits), false when
// it does not exist or was deleted.
func (s *Server) Message(chatID int64, messageID int) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	chat := s.chats[chatID]
	if chat == nil || chat.messages[messageID] == nil {
		return Message{}, false
	}
	return chat.messages[messageID].public(), true
}

// Backdate makes the messages now in a chat d older, as if they had been
// sent d earlier: how a test reaches Telegram's edit limits without
// waiting for them.
func (s *Server) Backdate(chatID int64, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if chat := s.chats[chatID]; chat != nil {
		for _, m := range chat.messages {
			m.Date = m.Date.Add(-d)
		}
	}
}

// Answers returns the callback query answers, in order.
func (s *Server) Answers() []Answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Answer(nil), s.answers...)
}

// WaitAnswer blocks until the callback query is answered.
func (s *Server) WaitAnswer(ctx context.Context, queryID string) (Answer, error) {
	var found Answer
	err := s.waitFor(ctx, func() bool {
		for _, a := range s.answers {
			if a.QueryID == queryID {
				found = a
				return true
			}
		}
		return false
	})
	if err != nil {
		return Answer{}, fmt.Errorf("telegramfake: callback query %s not answered: %w", queryID, err)
	}
	return found, nil
}

// Stats returns the counters so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Chat returns every message of a chat, the user's and the bot's, in
// order, as they are now (after edits): what the sandbox page shows.
func (s *Server) Chat(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	chat := s.chats[chatID]
	if chat == nil {
		return nil
	}
	out := make([]Message, 0, len(chat.messages))
	for id := 1; id <= chat.nextID; id++ {
		if m, ok := chat.messages[id]; ok {
			out = append(out, m.public())
		}
	}
	return out
}
