package telegramfake

import (
	"bytes"
	"strconv"
)

// SendText has u write text to the bot in private and returns the message
// id. Bot commands (/start, /start@bot, anywhere after whitespace) and URLs
// (http(s)://... and bare domains such as youtu.be/x) get entities with
// UTF-16 offsets, as Telegram computes them.
func (s *Server) SendText(u User, text string) int {
	return s.SendMessage(u, Message{Text: text})
}

// Reply has u answer one of the chat's messages (Telegram's reply, as with
// force_reply) and returns the new message id.
func (s *Server) Reply(u User, toMessageID int, text string) int {
	return s.SendMessage(u, Message{Text: text, ReplyTo: toMessageID})
}

// SendDocument has u send a file with an optional caption and returns the
// message id. An empty mime is guessed from name.
func (s *Server) SendDocument(u User, name, mime string, content []byte, caption string) int {
	return s.SendMessage(u, Message{Document: &Document{Name: name, MIME: mime, Content: content}, Caption: caption})
}

// SendSticker has u send a sticker standing for emoji.
func (s *Server) SendSticker(u User, emoji string) int {
	return s.SendMessage(u, Message{Sticker: emoji})
}

// SendPhoto has u send a photo with an optional caption.
func (s *Server) SendPhoto(u User, caption string) int {
	return s.SendMessage(u, Message{Photo: true, Caption: caption})
}

// SendMessage has u send m to the bot in private and returns the message id.
// See Message for which fields are read. The update's reply_to_message
// carries the replied-to message as stored (text, sender, date, keyboard);
// a ReplyTo naming no message is dropped.
func (s *Server) SendMessage(u User, m Message) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.userLocked(u).started = true
	return s.postLocked(s.privateChatLocked(u), u, m)
}

// SendGroupText has u write text in a group (created with that title if
// new; a positive id is negated) and returns the message id. Writing in a
// group does not let the bot message u in private: that takes a private
// message, as in Telegram.
func (s *Server) SendGroupText(groupID int64, title string, u User, text string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.userLocked(u)
	return s.postLocked(s.groupChatLocked(groupID, title), u, Message{Text: text})
}

// AddBotToGroup has by add the bot to a group (type "group", negative id; a
// positive id is negated): it emits the bot's my_chat_member update (left ->
// member) and then the service message whose new_chat_members holds the bot.
func (s *Server) AddBotToGroup(groupID int64, title string, by User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.userLocked(by)
	chat := s.groupChatLocked(groupID, title)
	s.memberUpdateLocked(chat, by, "left", "member")
	m := chat.addMessage(&storedMessage{
		Message:    Message{From: s.users[by.ID].user, Date: s.now()},
		newMembers: []apiUser{s.botUser},
	})
	s.enqueueLocked(chat.id, apiUpdate{Message: s.wireMessageLocked(chat, m, false)})
}

// postLocked stores a user's message in chat and queues its update.
func (s *Server) postLocked(chat *chatState, u User, in Message) int {
	m := &storedMessage{Message: Message{
		From:    s.users[u.ID].user,
		Date:    s.now(),
		ReplyTo: in.ReplyTo,
	}}
	if in.ReplyTo != 0 && chat.messages[in.ReplyTo] == nil {
		s.logf("user %d replies to unknown message %d in chat %d; reply dropped", u.ID, in.ReplyTo, chat.id)
		m.ReplyTo = 0
	}
	if in.Document != nil {
		caption := in.Caption
		if caption == "" {
			caption = in.Text
		}
		f := s.addFileLocked(in.Document.Name, in.Document.MIME, in.Document.Content)
		doc := f.doc
		m.Document, m.Caption, m.plainCaption = &doc, caption, caption
		m.captionEntities = detectEntities(caption)
	} else if in.Sticker != "" || in.Photo {
		m.Sticker, m.Photo, m.Caption = in.Sticker, in.Photo, in.Caption
	} else {
		m.Text, m.plainText, m.Entities = in.Text, in.Text, in.Entities
		if in.Entities == nil {
			m.Entities = detectEntities(in.Text)
		}
	}
	chat.addMessage(m)
	s.enqueueLocked(chat.id, apiUpdate{Message: s.wireMessageLocked(chat, m, true)})
	return m.ID
}

// Press has u press the inline button with callback data data under the
// bot's message messageID in u's private chat, and returns the callback
// query id. The query carries the full message (non-zero date, chat,
// keyboard) and chat_instance. When the message does not exist (deleted) it
// carries an inaccessible message (date 0), as Telegram does for old ones;
// data that is on no button is sent anyway and logged.
func (s *Server) Press(u User, messageID int, data string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.userLocked(u)
	chat := s.privateChatLocked(u)
	s.nextQuery++
	id := strconv.FormatInt(int64(s.botUser.ID%1000)*1_000_000_000_000+s.nextQuery, 10)
	cq := &apiCallbackQuery{ID: id, From: wireUser(s.users[u.ID].user), ChatInstance: chat.instance(), Data: data}
	if m := chat.messages[messageID]; m != nil {
		cq.Message = s.wireMessageLocked(chat, m, true)
		if !hasButton(m.Buttons, data) {
			s.logf("user %d pressed %q, which is on no button of message %d", u.ID, data, messageID)
		}
	} else {
		cq.Message = &apiMessage{MessageID: messageID, Chat: chat.wire()}
	}
	s.queries[id] = &queryState{}
	s.enqueueLocked(chat.id, apiUpdate{CallbackQuery: cq})
	return id
}

// hasButton reports whether a keyboard has a button with this data.
func hasButton(rows [][]Button, data string) bool {
	for _, row := range rows {
		for _, b := range row {
			if b.Data == data {
				return true
			}
		}
	}
	return false
}

// Block has u block the bot: later sends and edits to u get 403 "bot was
// blocked by the user". Like Telegram it emits a my_chat_member update
// (member -> kicked).
func (s *Server) Block(u User) {
	s.setBlocked(u, true)
}

// Unblock undoes Block and emits my_chat_member (kicked -> member).
func (s *Server) Unblock(u User) {
	s.setBlocked(u, false)
}

// setBlocked changes u's blocked state and emits the member update.
func (s *Server) setBlocked(u User, blocked bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.userLocked(u)
	if st.blocked == blocked {
		return
	}
	st.blocked = blocked
	chat := s.privateChatLocked(u)
	if blocked {
		s.memberUpdateLocked(chat, u, "member", "kicked")
	} else {
		s.memberUpdateLocked(chat, u, "kicked", "member")
	}
}

// Deactivate deletes u's account: later sends to u get 403 "user is
// deactivated". No update is emitted.
func (s *Server) Deactivate(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.userLocked(u).deactivated = true
}

// memberUpdateLocked queues a my_chat_member update: by changed the bot's
// status in chat from oldStatus to newStatus.
func (s *Server) memberUpdateLocked(chat *chatState, by User, oldStatus, newStatus string) {
	member := func(status string) apiChatMember {
		m := apiChatMember{Status: status, User: s.botUser}
		if status == "kicked" {
			var forever int64
			m.UntilDate = &forever
		}
		return m
	}
	s.enqueueLocked(chat.id, apiUpdate{MyChatMember: &apiChatMemberUpdated{
		Chat:          chat.wire(),
		From:          wireUser(s.users[by.ID].user),
		Date:          s.now().Unix(),
		OldChatMember: member(oldStatus),
		NewChatMember: member(newStatus),
	}})
}

// Started marks the user as having opened a private chat with the bot, so
// the bot may write to them, without sending an update: for setting up
// thousands of recipients in benchmarks and crash tests.
func (s *Server) Started(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.userLocked(u).started = true
	s.privateChatLocked(u)
}

// escapedPlaceholder stands for the text of SendTextEscaped until the
// update is serialised.
const escapedPlaceholder = "telegramfake-escaped-text-placeholder"

// SendTextEscaped has u write a text given in its JSON form, between the
// quotes, and returns the message id. Telegram writes texts with \u
// escapes, and what a broken client sends may hold what a Go string cannot
// (a lone surrogate, "\ud800") or what PostgreSQL's text refuses (a NUL,
// "\u0000"). The update carries it as given; the chat's copy of the
// message (for replies) keeps a placeholder.
func (s *Server) SendTextEscaped(u User, escaped string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.userLocked(u).started = true
	id := s.postLocked(s.privateChatLocked(u), u, Message{Text: escapedPlaceholder})
	q := s.queue[len(s.queue)-1]
	q.body = bytes.Replace(q.body, []byte(`"`+escapedPlaceholder+`"`), []byte(`"`+escaped+`"`), 1)
	return id
}
