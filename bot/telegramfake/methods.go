package telegramfake

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// markup is a parsed reply_markup parameter.
type markup struct {
	buttons    [][]Button // nil when there is no inline keyboard
	forceReply bool
}

// inButton is an incoming InlineKeyboardButton; unknown fields are ignored.
type inButton struct {
	Text         string  `json:"text"`
	URL          *string `json:"url"`
	CallbackData *string `json:"callback_data"`
	CopyText     *struct {
		Text string `json:"text"`
	} `json:"copy_text"`
	WebApp                       json.RawMessage `json:"web_app"`
	LoginURL                     json.RawMessage `json:"login_url"`
	SwitchInlineQuery            *string         `json:"switch_inline_query"`
	SwitchInlineQueryCurrentChat *string         `json:"switch_inline_query_current_chat"`
	SwitchInlineQueryChosenChat  json.RawMessage `json:"switch_inline_query_chosen_chat"`
	CallbackGame                 json.RawMessage `json:"callback_game"`
	Pay                          bool            `json:"pay"`
}

// parseMarkup reads and checks reply_markup. Reply keyboards and
// remove_keyboard are accepted and ignored.
func parseMarkup(p *params) (markup, *apiError) {
	if !p.has("reply_markup") {
		return markup{}, nil
	}
	var in struct {
		InlineKeyboard [][]inButton `json:"inline_keyboard"`
		ForceReply     bool         `json:"force_reply"`
	}
	if err := p.decode("reply_markup", &in); err != nil {
		return markup{}, errMarkupJSON
	}
	m := markup{forceReply: in.ForceReply}
	for _, row := range in.InlineKeyboard {
		var out []Button
		for _, b := range row {
			btn, err := checkButton(b)
			if err != nil {
				return markup{}, err
			}
			out = append(out, btn)
		}
		m.buttons = append(m.buttons, out)
	}
	return m, nil
}

// checkButton validates one inline button the way Telegram does.
func checkButton(b inButton) (Button, *apiError) {
	out := Button{Text: b.Text}
	switch {
	case b.CallbackData != nil:
		if *b.CallbackData == "" || len(*b.CallbackData) > maxCallbackData {
			return out, errButtonData
		}
		out.Data = *b.CallbackData
	case b.URL != nil:
		u, err := url.Parse(*b.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "tg") || (u.Host == "" && u.Opaque == "") {
			return out, errButtonURL
		}
		out.URL = *b.URL
	case b.CopyText != nil && b.CopyText.Text != "", b.WebApp != nil, b.LoginURL != nil,
		b.SwitchInlineQuery != nil, b.SwitchInlineQueryCurrentChat != nil,
		b.SwitchInlineQueryChosenChat != nil, b.CallbackGame != nil, b.Pay:
	default:
		// No action at all: what the library sends for an empty callback_data.
		return out, errButtonData
	}
	return out, nil
}

// checkText checks a message text and returns it without markup.
func (s *Server) checkText(text, parseMode string) (string, *apiError) {
	plain, err := plainText(text, parseMode)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(plain) == "" {
		return "", errTextEmpty
	}
	if utf16Len(plain) > s.opts.MaxTextLen {
		return "", errTextTooLong
	}
	return plain, nil
}

// checkCaption checks a caption and returns it without markup.
func checkCaption(caption, parseMode string) (string, *apiError) {
	plain, err := plainText(caption, parseMode)
	if err != nil {
		return "", err
	}
	if utf16Len(plain) > maxCaptionLen {
		return "", errCaptionTooLong
	}
	return plain, nil
}

// checkReplyLocked checks that a replied-to message exists (unless allowed
// to be missing) and returns the id to store.
func checkReplyLocked(chat *chatState, id int, allowMissing bool) (int, *apiError) {
	if id == 0 || chat.messages[id] != nil {
		return id, nil
	}
	if allowMissing {
		return 0, nil
	}
	return 0, errReplyNotFound
}

// sendMessage implements sendMessage.
func (s *Server) sendMessage(_ context.Context, p *params) (any, *apiError) {
	chatID, err := p.chatID()
	if err != nil {
		return nil, err
	}
	mk, err := parseMarkup(p)
	if err != nil {
		return nil, err
	}
	replyID, allowMissing := p.replyTo()
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, err := s.writableChatLocked(chatID)
	if err != nil {
		return nil, err
	}
	text, parseMode := p.str("text"), p.str("parse_mode")
	plain, err := s.checkText(text, parseMode)
	if err != nil {
		return nil, err
	}
	if replyID, err = checkReplyLocked(chat, replyID, allowMissing); err != nil {
		return nil, err
	}
	if err := s.takeTokensLocked(chat); err != nil {
		return nil, err
	}
	m := chat.addMessage(&storedMessage{
		Message: Message{FromBot: true, Date: s.now(), Text: text, ParseMode: parseMode,
			ReplyTo: replyID, Buttons: mk.buttons, ForceReply: mk.forceReply},
		plainText: plain,
	})
	s.recordLocked("sendMessage", m)
	return s.wireMessageLocked(chat, m, true), nil
}

// sendDocument implements sendDocument with an uploaded file or a file_id.
func (s *Server) sendDocument(_ context.Context, p *params) (any, *apiError) {
	chatID, err := p.chatID()
	if err != nil {
		return nil, err
	}
	mk, err := parseMarkup(p)
	if err != nil {
		return nil, err
	}
	replyID, allowMissing := p.replyTo()
	caption, parseMode := p.str("caption"), p.str("parse_mode")
	plain, err := checkCaption(caption, parseMode)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, err := s.writableChatLocked(chatID)
	if err != nil {
		return nil, err
	}
	file, err := s.documentParamLocked(p)
	if err != nil {
		return nil, err
	}
	if replyID, err = checkReplyLocked(chat, replyID, allowMissing); err != nil {
		return nil, err
	}
	if err := s.takeTokensLocked(chat); err != nil {
		return nil, err
	}
	if _, uploaded := p.files["document"]; uploaded || strings.HasPrefix(p.str("document"), "attach://") {
		s.stats.Uploads++
	}
	doc := file.doc
	m := chat.addMessage(&storedMessage{
		Message: Message{FromBot: true, Date: s.now(), Caption: caption, ParseMode: parseMode,
			Document: &doc, ReplyTo: replyID, Buttons: mk.buttons, ForceReply: mk.forceReply},
		plainCaption: plain,
	})
	s.recordLocked("sendDocument", m)
	return s.wireMessageLocked(chat, m, true), nil
}

// documentParamLocked resolves the document parameter: an uploaded part is
// stored as a new file, a string must be a known file_id.
func (s *Server) documentParamLocked(p *params) (*storedFile, *apiError) {
	if up, ok := p.files["document"]; ok {
		if len(up.data) == 0 {
			return nil, errEmptyFile
		}
		mimeType := mimeByName(up.name)
		if mimeType == "application/octet-stream" && up.contentType != "" {
			mimeType = up.contentType
		}
		return s.addFileLocked(up.name, mimeType, up.data), nil
	}
	id := strings.TrimSpace(p.str("document"))
	if id == "" {
		return nil, errNoDocument
	}
	if name, ok := strings.CutPrefix(id, "attach://"); ok {
		if up, ok := p.files[name]; ok {
			return s.addFileLocked(up.name, mimeByName(up.name), up.data), nil
		}
	}
	if f := s.files[id]; f != nil {
		return f, nil
	}
	return nil, errWrongFileID
}

// editTargetLocked finds the bot's message an edit refers to.
func (s *Server) editTargetLocked(p *params) (*chatState, *storedMessage, *apiError) {
	if p.has("inline_message_id") {
		return nil, nil, errInlineUnsupported
	}
	chatID, err := p.chatID()
	if err != nil {
		return nil, nil, err
	}
	chat := s.chats[chatID]
	if chat == nil {
		return nil, nil, errChatNotFound
	}
	if u := s.users[chatID]; u != nil && chatID > 0 {
		if u.deactivated {
			return nil, nil, errDeactivated
		}
		if u.blocked {
			return nil, nil, errBlocked
		}
	}
	m := chat.messages[int(p.int("message_id"))]
	if m == nil {
		return nil, nil, errEditNotFound
	}
	if !m.FromBot {
		return nil, nil, errCantEdit
	}
	// The strictest reading of the Bot API's 48-hour rule (stated for
	// business messages and for deletion): chidao never edits an older
	// message, and the fake refuses to, as Telegram words it.
	if s.now().Sub(m.Date) > maxEditAge {
		return nil, nil, errCantEdit
	}
	return chat, m, nil
}

// maxEditAge is how old a message the fake still lets the bot edit.
const maxEditAge = 48 * time.Hour

// editMessageCaption implements editMessageCaption, for a document's
// caption. As in Telegram, an edit without reply_markup removes the
// inline keyboard.
func (s *Server) editMessageCaption(_ context.Context, p *params) (any, *apiError) {
	mk, err := parseMarkup(p)
	if err != nil {
		return nil, err
	}
	caption, parseMode := p.str("caption"), p.str("parse_mode")
	plain, err := checkCaption(caption, parseMode)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, m, err := s.editTargetLocked(p)
	if err != nil {
		return nil, err
	}
	if m.Document == nil {
		return nil, errNoCaptionToEdit
	}
	if caption == m.Caption && buttonsEqual(mk.buttons, m.Buttons) {
		return nil, errNotModified
	}
	if err := s.takeTokensLocked(chat); err != nil {
		return nil, err
	}
	m.Caption, m.ParseMode, m.plainCaption, m.Buttons, m.EditedAt = caption, parseMode, plain, mk.buttons, s.now()
	s.recordLocked("editMessageCaption", m)
	return s.wireMessageLocked(chat, m, true), nil
}

// editMessageText implements editMessageText. As in Telegram, an edit
// without reply_markup removes the inline keyboard.
func (s *Server) editMessageText(_ context.Context, p *params) (any, *apiError) {
	mk, err := parseMarkup(p)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, m, err := s.editTargetLocked(p)
	if err != nil {
		return nil, err
	}
	if m.Document != nil {
		return nil, errNoTextToEdit
	}
	text, parseMode := p.str("text"), p.str("parse_mode")
	plain, err := s.checkText(text, parseMode)
	if err != nil {
		return nil, err
	}
	if plain == m.plainText && text == m.Text && buttonsEqual(mk.buttons, m.Buttons) {
		return nil, errNotModified
	}
	if err := s.takeTokensLocked(chat); err != nil {
		return nil, err
	}
	m.Text, m.ParseMode, m.plainText, m.Buttons, m.EditedAt = text, parseMode, plain, mk.buttons, s.now()
	s.recordLocked("editMessageText", m)
	return s.wireMessageLocked(chat, m, true), nil
}

// editMessageReplyMarkup implements editMessageReplyMarkup; without
// reply_markup the keyboard is removed.
func (s *Server) editMessageReplyMarkup(_ context.Context, p *params) (any, *apiError) {
	mk, err := parseMarkup(p)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, m, err := s.editTargetLocked(p)
	if err != nil {
		return nil, err
	}
	if buttonsEqual(mk.buttons, m.Buttons) {
		return nil, errNotModified
	}
	if err := s.takeTokensLocked(chat); err != nil {
		return nil, err
	}
	m.Buttons, m.EditedAt = mk.buttons, s.now()
	s.recordLocked("editMessageReplyMarkup", m)
	return s.wireMessageLocked(chat, m, true), nil
}

// deleteMessage implements deleteMessage: the bot's own messages anywhere,
// users' messages in private chats only (the bot is no group admin).
func (s *Server) deleteMessage(_ context.Context, p *params) (any, *apiError) {
	chatID, err := p.chatID()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	chat := s.chats[chatID]
	if chat == nil {
		return nil, errChatNotFound
	}
	m := chat.messages[int(p.int("message_id"))]
	if m == nil {
		return nil, errDeleteNotFound
	}
	if !m.FromBot && chat.kind != "private" {
		return nil, errCantDelete
	}
	delete(chat.messages, m.ID)
	s.recordLocked("deleteMessage", m)
	return true, nil
}

// answerCallbackQuery implements answerCallbackQuery; a query can be
// answered once.
func (s *Server) answerCallbackQuery(_ context.Context, p *params) (any, *apiError) {
	id, text := p.str("callback_query_id"), p.str("text")
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queries[id]
	if q == nil || q.answered {
		return nil, errQueryTooOld
	}
	if utf16Len(text) > maxAnswerTextLen {
		return nil, errAnswerTooLong
	}
	q.answered = true
	s.answers = append(s.answers, Answer{QueryID: id, Text: text, ShowAlert: p.bool("show_alert")})
	s.notifyLocked()
	return true, nil
}

// getFile implements getFile; files over 20 MB cannot be downloaded.
func (s *Server) getFile(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files[p.str("file_id")]
	if f == nil {
		return nil, errInvalidFileID
	}
	if len(f.doc.Content) > maxDownloadSize {
		return nil, errFileTooBig
	}
	return apiFile{FileID: f.id, FileUniqueID: f.uniqueID, FileSize: len(f.doc.Content), FilePath: f.path}, nil
}

// sendChatAction implements sendChatAction: checked like a send, not
// recorded.
func (s *Server) sendChatAction(_ context.Context, p *params) (any, *apiError) {
	chatID, err := p.chatID()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.writableChatLocked(chatID); err != nil {
		return nil, err
	}
	return true, nil
}

// serveFile serves GET /file/bot<token>/<file_path>.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	token, filePath, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/file/bot"), "/")
	s.mu.Lock()
	f := s.filePaths[filePath]
	s.mu.Unlock()
	if token != s.opts.Token || f == nil || len(f.doc.Content) > maxDownloadSize {
		s.writeError(w, errNotFound)
		return
	}
	w.Header().Set("Content-Type", f.doc.MIME)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.doc.Content))
}
