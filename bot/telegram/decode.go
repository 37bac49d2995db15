package telegram

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"chidao"
	"chidao/links"
)

// Key reads the update id and the chat of a raw update: what the inbox
// stores it under. It fails on anything that is not an update.
func Key(raw []byte) (id int64, chatKey string, err error) {
	var u struct {
		ID       *int64 `json:"update_id"`
		Message  *chat  `json:"message"`
		Edited   *chat  `json:"edited_message"`
		Callback *struct {
			From    struct{ ID int64 } `json:"from"`
			Message *chat              `json:"message"`
		} `json:"callback_query"`
		Member *chat `json:"my_chat_member"`
	}
	if err := json.Unmarshal(raw, &u); err != nil {
		return 0, "", fmt.Errorf("telegram: malformed update: %w", err)
	}
	if u.ID == nil {
		return 0, "", fmt.Errorf("telegram: malformed update: no update_id")
	}
	var c int64
	switch {
	case u.Message != nil:
		c = u.Message.Chat.ID
	case u.Edited != nil:
		c = u.Edited.Chat.ID
	case u.Callback != nil && u.Callback.Message != nil:
		c = u.Callback.Message.Chat.ID
	case u.Callback != nil:
		c = u.Callback.From.ID
	case u.Member != nil:
		c = u.Member.Chat.ID
	}
	return *u.ID, "telegram:" + strconv.FormatInt(c, 10), nil
}

type chat struct {
	Chat struct{ ID int64 } `json:"chat"`
}

// Decoder turns a stored update into a chidao.Event. Updates chidao does
// not act on give chidao.ErrIgnore.
func Decoder(botUsername string) func([]byte) (chidao.Event, error) {
	return func(raw []byte) (chidao.Event, error) {
		var u models.Update
		if err := json.Unmarshal(raw, &u); err != nil {
			return chidao.Event{}, fmt.Errorf("telegram: malformed update: %w", err)
		}
		switch {
		case u.Message != nil:
			return fromMessage(u.Message), nil
		case u.CallbackQuery != nil:
			return fromCallback(u.CallbackQuery), nil
		case u.MyChatMember != nil:
			return fromMember(u.MyChatMember)
		}
		return chidao.Event{}, chidao.ErrIgnore
	}
}

func fromMessage(m *models.Message) chidao.Event {
	ev := chidao.Event{
		Channel:   chidao.Telegram,
		ChatID:    strconv.FormatInt(m.Chat.ID, 10),
		Private:   m.Chat.Type == models.ChatTypePrivate,
		MessageID: strconv.Itoa(m.ID),
		Text:      m.Text,
	}
	entities := m.Entities
	if m.Text == "" {
		ev.Text, entities = m.Caption, m.CaptionEntities
	}
	if m.From != nil {
		ev.UserID = strconv.FormatInt(m.From.ID, 10)
		ev.DisplayName = strings.TrimSpace(m.From.FirstName + " " + m.From.LastName)
	}
	ev.Links = links.Extract(ev.Text, linkEntities(entities))
	if m.ReplyToMessage != nil {
		ev.ReplyTo = strconv.Itoa(m.ReplyToMessage.ID)
	}
	if d := m.Document; d != nil && m.Animation == nil {
		ev.Document = &chidao.Document{ExternalID: d.FileID, Name: d.FileName, ContentType: d.MimeType, Size: d.FileSize}
	}
	ev.Media = media(m)
	if m.Sticker != nil && ev.Text == "" {
		ev.Text = m.Sticker.Emoji // a thumbs-up sticker means what the emoji means
	}
	return ev
}

// media names what a message carries instead of text or a document.
func media(m *models.Message) string {
	switch {
	case len(m.Photo) > 0:
		return "photo"
	case m.Video != nil || m.VideoNote != nil:
		return "video"
	case m.Voice != nil:
		return "voice"
	case m.Audio != nil:
		return "audio"
	case m.Sticker != nil:
		return "sticker"
	case m.Animation != nil:
		return "animation"
	case m.Location != nil || m.Venue != nil:
		return "location"
	case m.Contact != nil:
		return "contact"
	}
	return ""
}

// linkEntities keeps the entities that carry links; nil when there are
// none, so that links typed without entities are still found in the text.
func linkEntities(es []models.MessageEntity) []links.Entity {
	var out []links.Entity
	for _, e := range es {
		if e.Type == models.MessageEntityTypeURL || e.Type == models.MessageEntityTypeTextLink {
			out = append(out, links.Entity{Type: string(e.Type), Offset: e.Offset, Length: e.Length, URL: e.URL})
		}
	}
	return out
}

func fromCallback(q *models.CallbackQuery) chidao.Event {
	ev := chidao.Event{
		Channel:     chidao.Telegram,
		UserID:      strconv.FormatInt(q.From.ID, 10),
		DisplayName: strings.TrimSpace(q.From.FirstName + " " + q.From.LastName),
		ChatID:      strconv.FormatInt(q.From.ID, 10),
		Private:     true,
		CallbackID:  q.ID,
		Data:        q.Data,
	}
	if m := q.Message.Message; m != nil {
		ev.ChatID = strconv.FormatInt(m.Chat.ID, 10)
		ev.Private = m.Chat.Type == models.ChatTypePrivate
		ev.MessageID = strconv.Itoa(m.ID)
	} else if m := q.Message.InaccessibleMessage; m != nil && m.Chat.ID != 0 {
		// An old message (date 0): still its chat and id.
		ev.ChatID = strconv.FormatInt(m.Chat.ID, 10)
		ev.Private = m.Chat.Type == models.ChatTypePrivate
		ev.MessageID = strconv.Itoa(m.MessageID)
	}
	if ev.Data == "" {
		ev.Data = "?"
	}
	return ev
}

// fromMember notices the bot being added to a group.
func fromMember(m *models.ChatMemberUpdated) (chidao.Event, error) {
	joined := m.NewChatMember.Type == models.ChatMemberTypeMember || m.NewChatMember.Type == models.ChatMemberTypeAdministrator
	if !joined || m.Chat.Type == models.ChatTypePrivate {
		return chidao.Event{}, chidao.ErrIgnore
	}
	return chidao.Event{Channel: chidao.Telegram, ChatID: strconv.FormatInt(m.Chat.ID, 10), JoinedGroup: true,
		UserID: strconv.FormatInt(m.From.ID, 10)}, nil
}
