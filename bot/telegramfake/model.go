package telegramfake

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"mime"
	"path"
	"strings"
	"time"
)

// User is a Telegram user a test acts as. The id of its private chat with
// the bot equals ID.
type User struct {
	ID                            int64
	FirstName, LastName, Username string
}

// Entity is a message entity; Offset and Length count UTF-16 code units, as
// in the Bot API.
type Entity struct {
	Type           string // "bot_command", "url", ...
	Offset, Length int
	URL            string // for "text_link"
}

// Document is a file attached to a message. Content is shared, not copied:
// do not modify it.
type Document struct {
	Name, MIME string
	Content    []byte
	// FileID is the file_id the fake assigned; ignored on input.
	FileID string
}

// Button is an inline keyboard button: a callback button has Data, a link
// button has URL.
type Button struct {
	Text, Data, URL string
}

// Message is a message in a chat, sent by a user or by the bot.
//
// As input to Server.SendMessage only Text, Entities, ReplyTo, Document and
// Caption are read. Nil Entities are computed as SendText does (an empty
// non-nil slice means none); with a Document, Caption (or Text when Caption is
// empty) becomes the caption.
type Message struct {
	ID       int
	ChatID   int64
	FromBot  bool
	From     User // the sender when FromBot is false
	Date     time.Time
	EditedAt time.Time // zero until edited
	// Text is the text as sent; for the bot's messages that is the raw text
	// including any parse_mode markup (ParseMode tells which).
	Text      string
	ParseMode string
	Entities  []Entity
	Caption   string
	Document  *Document
	// Sticker is the emoji of a sticker sent instead of text; Photo a
	// photo (with Caption). Input only.
	Sticker string
	Photo   bool
	ReplyTo int // id of the replied-to message in the same chat, 0 if none
	Buttons [][]Button
	// ForceReply is set when the bot sent the message with a force_reply
	// markup.
	ForceReply bool
}

// storedMessage is a message as the fake keeps it, with what Telegram
// derives from it.
type storedMessage struct {
	Message
	plainText       string // text without parse_mode markup
	plainCaption    string
	captionEntities []Entity
	newMembers      []apiUser
}

// public is a copy of the message safe to hand to callers.
func (m *storedMessage) public() Message {
	out := m.Message
	out.Buttons = cloneButtons(m.Buttons)
	out.Entities = append([]Entity(nil), m.Entities...)
	if m.Document != nil {
		d := *m.Document
		out.Document = &d
	}
	return out
}

// cloneButtons deep-copies a keyboard.
func cloneButtons(rows [][]Button) [][]Button {
	if rows == nil {
		return nil
	}
	out := make([][]Button, len(rows))
	for i, row := range rows {
		out[i] = append([]Button(nil), row...)
	}
	return out
}

// buttonsEqual reports whether two keyboards are the same.
func buttonsEqual(a, b [][]Button) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

// userState is what the fake knows of a user.
type userState struct {
	user        User
	started     bool // wrote to the bot in private: the bot may message them
	blocked     bool
	deactivated bool
}

// chatState is a private chat or a group with its messages.
type chatState struct {
	id       int64
	kind     string // "private" or "group"
	title    string
	user     User // private chats: the other party
	nextID   int
	messages map[int]*storedMessage
	bucket   *bucket // per-chat flood limit (lenient), created on first send
	window   *window // per-chat flood limit (strict), created on first send
}

// addMessage stores m under the chat's next message id.
func (c *chatState) addMessage(m *storedMessage) *storedMessage {
	c.nextID++
	m.ID, m.ChatID = c.nextID, c.id
	c.messages[m.ID] = m
	return m
}

// instance is the callback queries' chat_instance of this chat.
func (c *chatState) instance() string {
	return fmt.Sprintf("%d", uint64(c.id)*2654435761%1000000000000000000)
}

// privateChatLocked returns u's private chat, creating it; it refreshes the
// user's names.
func (s *Server) privateChatLocked(u User) *chatState {
	st := s.userLocked(u)
	c := s.chats[u.ID]
	if c == nil {
		c = &chatState{id: u.ID, kind: "private", messages: map[int]*storedMessage{}}
		s.chats[u.ID] = c
	}
	c.user = st.user
	return c
}

// userLocked returns the state of u, creating it and refreshing its names.
func (s *Server) userLocked(u User) *userState {
	if u.ID <= 0 {
		panic(fmt.Sprintf("telegramfake: user id must be positive, got %d", u.ID))
	}
	st := s.users[u.ID]
	if st == nil {
		st = &userState{}
		s.users[u.ID] = st
	}
	if u.FirstName == "" {
		u.FirstName = fmt.Sprintf("User%d", u.ID)
	}
	st.user = u
	return st
}

// groupChatLocked returns the group, creating it; a non-empty title renames
// it. A positive id is negated.
func (s *Server) groupChatLocked(id int64, title string) *chatState {
	if id > 0 {
		id = -id
	}
	c := s.chats[id]
	if c == nil {
		c = &chatState{id: id, kind: "group", title: fmt.Sprintf("Group %d", -id), messages: map[int]*storedMessage{}}
		s.chats[id] = c
	}
	if title != "" {
		c.title = title
	}
	return c
}

// writableChatLocked is the chat the bot may send to, or Telegram's error.
func (s *Server) writableChatLocked(chatID int64) (*chatState, *apiError) {
	if chatID < 0 {
		if c := s.chats[chatID]; c != nil {
			return c, nil
		}
		return nil, errChatNotFound
	}
	u := s.users[chatID]
	switch {
	case u == nil || !u.started:
		return nil, errCantInitiate
	case u.deactivated:
		return nil, errDeactivated
	case u.blocked:
		return nil, errBlocked
	}
	return s.chats[chatID], nil
}

// storedFile is a file known to the fake, uploaded by the bot or a user.
type storedFile struct {
	id, uniqueID, path string
	doc                Document
}

// wire is the file as a Bot API Document.
func (f *storedFile) wire() *apiDocument {
	return &apiDocument{FileID: f.id, FileUniqueID: f.uniqueID, FileName: f.doc.Name, MimeType: f.doc.MIME, FileSize: len(f.doc.Content)}
}

// addFileLocked stores a new file and returns it. The same content always
// gets the same file_unique_id, as in Telegram.
func (s *Server) addFileLocked(name, mimeType string, content []byte) *storedFile {
	s.nextFile++
	sum := sha256.Sum256(content)
	f := &storedFile{
		id:       fmt.Sprintf("BQACAgIAAxkBAAI%06d", s.nextFile),
		uniqueID: "AgAD" + base64.RawURLEncoding.EncodeToString(sum[:9]),
		path:     fmt.Sprintf("documents/file_%d%s", s.nextFile, strings.ToLower(path.Ext(name))),
	}
	if mimeType == "" {
		mimeType = mimeByName(name)
	}
	f.doc = Document{Name: name, MIME: mimeType, Content: content, FileID: f.id}
	s.files[f.id] = f
	s.filePaths[f.path] = f
	return f
}

// commonMIME are the types Telegram reports for usual extensions; other
// extensions fall back to the system table.
var commonMIME = map[string]string{
	".pdf":  "application/pdf",
	".doc":  "application/msword",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":  "application/vnd.ms-excel",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".csv":  "text/csv",
	".txt":  "text/plain",
	".zip":  "application/zip",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".png":  "image/png",
	".mp4":  "video/mp4",
}

// mimeByName guesses a MIME type from a file name, as Telegram does for
// uploads (the library always sends application/octet-stream).
func mimeByName(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := commonMIME[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		t, _, _ = strings.Cut(t, ";")
		return t
	}
	return "application/octet-stream"
}

// queryState is a callback query waiting for answerCallbackQuery.
type queryState struct {
	answered bool
}
