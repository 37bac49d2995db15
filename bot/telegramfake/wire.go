package telegramfake

import (
	"strconv"
	"time"
)

// The JSON shapes of the Bot API objects the fake sends. Only the fields
// chidao can meet are modelled.

// apiUser is a Bot API User.
type apiUser struct {
	ID            int64  `json:"id"`
	IsBot         bool   `json:"is_bot"`
	FirstName     string `json:"first_name"`
	LastName      string `json:"last_name,omitempty"`
	Username      string `json:"username,omitempty"`
	CanJoinGroups bool   `json:"can_join_groups,omitempty"`
}

// apiChat is a Bot API Chat.
type apiChat struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	Title     string `json:"title,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	Username  string `json:"username,omitempty"`
}

// apiEntity is a Bot API MessageEntity.
type apiEntity struct {
	Type   string `json:"type"`
	Offset int    `json:"offset"`
	Length int    `json:"length"`
	URL    string `json:"url,omitempty"`
}

// apiDocument is a Bot API Document.
type apiDocument struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileName     string `json:"file_name,omitempty"`
	MimeType     string `json:"mime_type,omitempty"`
	FileSize     int    `json:"file_size,omitempty"`
}

// apiFile is a Bot API File.
type apiFile struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileSize     int    `json:"file_size,omitempty"`
	FilePath     string `json:"file_path,omitempty"`
}

// apiButton is a Bot API InlineKeyboardButton.
type apiButton struct {
	Text         string `json:"text"`
	URL          string `json:"url,omitempty"`
	CallbackData string `json:"callback_data,omitempty"`
}

// apiSticker is a Bot API Sticker (a regular, static one).
type apiSticker struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Type         string `json:"type"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	IsAnimated   bool   `json:"is_animated"`
	IsVideo      bool   `json:"is_video"`
	Emoji        string `json:"emoji,omitempty"`
}

// apiPhoto is a Bot API PhotoSize.
type apiPhoto struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
}

// apiKeyboard is a Bot API InlineKeyboardMarkup.
type apiKeyboard struct {
	InlineKeyboard [][]apiButton `json:"inline_keyboard"`
}

// apiMessage is a Bot API Message. An InaccessibleMessage is the same shape
// with date 0.
type apiMessage struct {
	MessageID       int          `json:"message_id"`
	From            *apiUser     `json:"from,omitempty"`
	Date            int64        `json:"date"`
	Chat            apiChat      `json:"chat"`
	EditDate        int64        `json:"edit_date,omitempty"`
	ReplyToMessage  *apiMessage  `json:"reply_to_message,omitempty"`
	Text            string       `json:"text,omitempty"`
	Entities        []apiEntity  `json:"entities,omitempty"`
	Document        *apiDocument `json:"document,omitempty"`
	Sticker         *apiSticker  `json:"sticker,omitempty"`
	Photo           []apiPhoto   `json:"photo,omitempty"`
	Caption         string       `json:"caption,omitempty"`
	CaptionEntities []apiEntity  `json:"caption_entities,omitempty"`
	NewChatMembers  []apiUser    `json:"new_chat_members,omitempty"`
	ReplyMarkup     *apiKeyboard `json:"reply_markup,omitempty"`
}

// apiCallbackQuery is a Bot API CallbackQuery.
type apiCallbackQuery struct {
	ID           string      `json:"id"`
	From         apiUser     `json:"from"`
	Message      *apiMessage `json:"message,omitempty"`
	ChatInstance string      `json:"chat_instance"`
	Data         string      `json:"data,omitempty"`
}

// apiChatMember is a Bot API ChatMember (member, left or kicked).
type apiChatMember struct {
	Status    string  `json:"status"`
	User      apiUser `json:"user"`
	UntilDate *int64  `json:"until_date,omitempty"`
}

// apiChatMemberUpdated is a Bot API ChatMemberUpdated.
type apiChatMemberUpdated struct {
	Chat          apiChat       `json:"chat"`
	From          apiUser       `json:"from"`
	Date          int64         `json:"date"`
	OldChatMember apiChatMember `json:"old_chat_member"`
	NewChatMember apiChatMember `json:"new_chat_member"`
}

// apiUpdate is a Bot API Update.
type apiUpdate struct {
	UpdateID      int64                 `json:"update_id"`
	Message       *apiMessage           `json:"message,omitempty"`
	CallbackQuery *apiCallbackQuery     `json:"callback_query,omitempty"`
	MyChatMember  *apiChatMemberUpdated `json:"my_chat_member,omitempty"`
}

// apiWebhookInfo is a Bot API WebhookInfo.
type apiWebhookInfo struct {
	URL                  string `json:"url"`
	HasCustomCertificate bool   `json:"has_custom_certificate"`
	PendingUpdateCount   int    `json:"pending_update_count"`
	LastErrorDate        int64  `json:"last_error_date,omitempty"`
	LastErrorMessage     string `json:"last_error_message,omitempty"`
	MaxConnections       int    `json:"max_connections,omitempty"`
}

// wireUser is u as a Bot API User.
func wireUser(u User) apiUser {
	return apiUser{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username}
}

// wireEntities converts entities to their JSON shape.
func wireEntities(es []Entity) []apiEntity {
	if len(es) == 0 {
		return nil
	}
	out := make([]apiEntity, len(es))
	for i, e := range es {
		out[i] = apiEntity{Type: e.Type, Offset: e.Offset, Length: e.Length, URL: e.URL}
	}
	return out
}

// wireKeyboard is the inline keyboard of a message, nil when it has none.
func wireKeyboard(rows [][]Button) *apiKeyboard {
	if len(rows) == 0 {
		return nil
	}
	kb := &apiKeyboard{InlineKeyboard: make([][]apiButton, len(rows))}
	for i, row := range rows {
		kb.InlineKeyboard[i] = make([]apiButton, len(row))
		for j, b := range row {
			kb.InlineKeyboard[i][j] = apiButton{Text: b.Text, URL: b.URL, CallbackData: b.Data}
		}
	}
	return kb
}

// wire is the chat as a Bot API Chat.
func (c *chatState) wire() apiChat {
	if c.kind == "private" {
		return apiChat{ID: c.id, Type: c.kind, FirstName: c.user.FirstName, LastName: c.user.LastName, Username: c.user.Username}
	}
	return apiChat{ID: c.id, Type: c.kind, Title: c.title}
}

// unix is t in Unix seconds, 0 for the zero time.
func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// wireMessageLocked renders a stored message as Telegram would send it:
// bot texts without their parse_mode markup, with the replied-to message
// (one level deep, as Telegram does).
func (s *Server) wireMessageLocked(chat *chatState, m *storedMessage, withReply bool) *apiMessage {
	am := &apiMessage{
		MessageID:   m.ID,
		Date:        unix(m.Date),
		Chat:        chat.wire(),
		EditDate:    unix(m.EditedAt),
		ReplyMarkup: wireKeyboard(m.Buttons),
	}
	if m.FromBot {
		bot := s.botUser
		am.From = &bot
	} else {
		from := wireUser(m.From)
		am.From = &from
	}
	switch {
	case m.Sticker != "":
		am.Sticker = &apiSticker{FileID: "sticker-" + strconv.Itoa(m.ID), FileUniqueID: "s" + strconv.Itoa(m.ID), Type: "regular",
			Width: 512, Height: 512, Emoji: m.Sticker}
	case m.Photo:
		am.Photo = []apiPhoto{{FileID: "photo-" + strconv.Itoa(m.ID), FileUniqueID: "p" + strconv.Itoa(m.ID), Width: 1280, Height: 720}}
		am.Caption = m.Caption
	case m.Document != nil:
		am.Caption, am.CaptionEntities = m.plainCaption, wireEntities(m.captionEntities)
		if f := s.files[m.Document.FileID]; f != nil {
			am.Document = f.wire()
		}
	default:
		am.Text, am.Entities = m.plainText, wireEntities(m.Entities)
	}
	for _, u := range m.newMembers {
		am.NewChatMembers = append(am.NewChatMembers, u)
	}
	if withReply && m.ReplyTo != 0 {
		if r := chat.messages[m.ReplyTo]; r != nil {
			am.ReplyToMessage = s.wireMessageLocked(chat, r, false)
		}
	}
	return am
}
