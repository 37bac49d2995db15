package telegram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"chidao"
	"chidao/storage"
)

// Send delivers one claimed message: a text with buttons or a prompt, a
// document, or new buttons for an earlier message.
func (t *Telegram) Send(ctx context.Context, m storage.Claimed) chidao.SendResult {
	chat, err := strconv.ParseInt(m.ChatID, 10, 64)
	if err != nil {
		return chidao.SendResult{Verdict: chidao.Failed, Err: fmt.Errorf("bad chat id %q", m.ChatID)}
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	msg := m.Message
	var sent *models.Message
	switch {
	case msg.EditOf != "" && msg.EditText:
		sent, err = t.editText(ctx, chat, msg)
	case msg.EditOf != "":
		sent, err = t.edit(ctx, chat, msg)
	case msg.File != 0:
		sent, err = t.document(ctx, chat, msg)
	default:
		sent, err = t.b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat, Text: msg.Text,
			ReplyMarkup: markup(msg), ReplyParameters: replyTo(msg.ReplyTo),
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()}})
	}
	if err != nil {
		return t.verdict(err)
	}
	r := chidao.SendResult{Verdict: chidao.Sent}
	if sent != nil {
		r.MessageID = strconv.Itoa(sent.ID)
	}
	return r
}

func (t *Telegram) edit(ctx context.Context, chat int64, msg chidao.Message) (*models.Message, error) {
	id, err := strconv.Atoi(msg.EditOf)
	if err != nil {
		return nil, fmt.Errorf("%w: bad message id %q", bot.ErrorBadRequest, msg.EditOf)
	}
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: keyboard(msg.Buttons)}
	_, err = t.b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: chat, MessageID: id, ReplyMarkup: kb})
	if err != nil && strings.Contains(err.Error(), "message is not modified") {
		err = nil
	}
	return &models.Message{ID: id}, err
}

// editText replaces an earlier message's text (a document's caption) and
// buttons: a corrected or recalled letter. The same text again is no
// failure. When Telegram refuses the edit (the message is gone, or too
// old), the Fallback notice is sent as a new message instead.
func (t *Telegram) editText(ctx context.Context, chat int64, msg chidao.Message) (*models.Message, error) {
	id, err := strconv.Atoi(msg.EditOf)
	if err != nil {
		return nil, fmt.Errorf("%w: bad message id %q", bot.ErrorBadRequest, msg.EditOf)
	}
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: keyboard(msg.Buttons)}
	if msg.File != 0 {
		_, err = t.b.EditMessageCaption(ctx, &bot.EditMessageCaptionParams{ChatID: chat, MessageID: id,
			Caption: shorten(msg.Text, 1024), ReplyMarkup: kb})
	} else {
		_, err = t.b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: chat, MessageID: id, Text: msg.Text,
			ReplyMarkup: kb, LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()}})
	}
	switch {
	case err == nil, strings.Contains(err.Error(), "message is not modified"):
		return &models.Message{ID: id}, nil
	case errors.Is(err, bot.ErrorBadRequest) && refusedEdit(err) && msg.Fallback != "":
		t.log.Info("Telegram refused an edit; sending the notice instead", "message_id", id, "error", t.redact(err))
		return t.b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat, Text: msg.Fallback,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()}})
	case errors.Is(err, bot.ErrorBadRequest) && refusedEdit(err):
		return &models.Message{ID: id}, nil // nothing to fall back to: the notice goes anyway
	}
	return nil, err
}

// refusedEdit tells the errors of an edit that cannot be made at all.
func refusedEdit(err error) bool {
	s := err.Error()
	return strings.Contains(s, "message to edit not found") || strings.Contains(s, "message can't be edited") ||
		strings.Contains(s, "there is no text in the message") || strings.Contains(s, "there is no caption in the message")
}

// document sends a stored file, by Telegram's file id once it was uploaded.
func (t *Telegram) document(ctx context.Context, chat int64, msg chidao.Message) (*models.Message, error) {
	f, err := t.store.File(ctx, msg.File)
	if err != nil {
		return nil, err
	}
	var input models.InputFile
	switch {
	case f.TelegramFileID != "":
		input = &models.InputFileString{Data: f.TelegramFileID}
	case f.Content != nil:
		input = &models.InputFileUpload{Filename: f.Name, Data: bytes.NewReader(f.Content)}
	default:
		return nil, fmt.Errorf("file %d is not stored yet", f.ID)
	}
	sent, err := t.b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: chat, Document: input,
		Caption: shorten(msg.Text, 1024), ReplyMarkup: markup(msg)})
	if err == nil && sent.Document != nil && f.TelegramFileID == "" {
		if err := t.store.SetTelegramFileID(ctx, f.ID, sent.Document.FileID); err != nil {
			t.log.Warn("Cannot remember the uploaded file", "file_id", f.ID, "error", err)
		}
	}
	return sent, err
}

func markup(m chidao.Message) models.ReplyMarkup {
	switch {
	case m.ForceReply:
		return &models.ForceReply{ForceReply: true, InputFieldPlaceholder: shorten(m.Prompt, 64)}
	case len(m.Buttons) > 0:
		return &models.InlineKeyboardMarkup{InlineKeyboard: keyboard(m.Buttons)}
	}
	return nil
}

func keyboard(rows [][]chidao.Button) [][]models.InlineKeyboardButton {
	out := make([][]models.InlineKeyboardButton, len(rows))
	for i, row := range rows {
		for _, b := range row {
			out[i] = append(out[i], models.InlineKeyboardButton{Text: b.Text, CallbackData: b.Data})
		}
	}
	return out
}

func replyTo(id string) *models.ReplyParameters {
	n, err := strconv.Atoi(id)
	if err != nil || n == 0 {
		return nil
	}
	return &models.ReplyParameters{MessageID: n, AllowSendingWithoutReply: true}
}

// verdict sorts a failed call: wait (429), stop writing (blocked, left,
// chat gone), give up (any other refusal), or try again (the network).
func (t *Telegram) verdict(err error) chidao.SendResult {
	err = t.redact(err)
	var tooMany *bot.TooManyRequestsError
	switch {
	case errors.As(err, &tooMany):
		return chidao.SendResult{Verdict: chidao.RateLimited, RetryAfter: time.Duration(tooMany.RetryAfter) * time.Second, Err: err}
	case errors.Is(err, bot.ErrorForbidden):
		return chidao.SendResult{Verdict: chidao.Unreachable, Err: err}
	case errors.Is(err, bot.ErrorBadRequest) && strings.Contains(err.Error(), "chat not found"):
		return chidao.SendResult{Verdict: chidao.Unreachable, Err: err}
	case errors.Is(err, bot.ErrorBadRequest):
		return chidao.SendResult{Verdict: chidao.Failed, Err: err}
	}
	return chidao.SendResult{Verdict: chidao.Retry, Err: err}
}

// redact removes the bot token from an error.
func (t *Telegram) redact(err error) error {
	if err == nil || !strings.Contains(err.Error(), t.token) {
		return err
	}
	return redacted{err, strings.ReplaceAll(err.Error(), t.token, "<token>")}
}

type redacted struct {
	err error
	msg string
}

func (r redacted) Error() string { return r.msg }
func (r redacted) Unwrap() error { return r.err }

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Answer answers a pressed button, so the user's app stops waiting.
func (t *Telegram) Answer(ctx context.Context, callbackID, text string, alert bool) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err := t.b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: callbackID,
		Text: shorten(text, 200), ShowAlert: alert})
	if err != nil {
		t.log.Warn("Cannot answer a button press", "error", t.redact(err))
	}
}
