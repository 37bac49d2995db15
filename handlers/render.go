package handlers

import (
	"context"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"chidao"
	"chidao/storage"
	"chidao/texts"
)

// maxText is the longest text of one message, in UTF-16 code units
// (Telegram's unit; Zalo's limit is lower and its client splits further).
const maxText = 4096

// Renderer writes the messages of a queued directive for one person: the
// letter with its tasks and buttons (split when long), then each
// attachment as a document. Directives already read are kept for the
// next person in the same batch.
func (h *Handler) Renderer() storage.Renderer {
	cache := map[int64][]chidao.Message{}
	reminder := h.renderReminders()
	return func(ctx context.Context, tx *storage.Store, t storage.Template) ([]chidao.Message, error) {
		if t.Kind == "reminder" {
			return reminder(ctx, tx, t)
		}
		if t.Kind == "reach" {
			return h.renderReach(ctx, tx, t)
		}
		if msgs, ok := cache[t.DirectiveID]; ok {
			return msgs, nil
		}
		d, err := tx.Directive(ctx, t.DirectiveID)
		if err != nil {
			return nil, err
		}
		if d.State != chidao.DirectiveActive {
			cache[t.DirectiveID] = nil
			return nil, nil
		}
		tasks, err := tx.Tasks(ctx, d.ID)
		if err != nil {
			return nil, err
		}
		files, err := tx.Attachments(ctx, d.ID)
		if err != nil {
			return nil, err
		}
		msgs := directiveMessages(h.texts(""), d, tasks, files)
		cache[t.DirectiveID] = msgs
		return msgs, nil
	}
}

func directiveMessages(t texts.Chat, d chidao.Directive, tasks []chidao.Task, files []storage.Attachment) []chidao.Message {
	parts := splitText(t.Directive(d, tasks), maxText)
	var msgs []chidao.Message
	for i, p := range parts {
		m := chidao.Message{Text: p}
		if i == len(parts)-1 {
			m.Buttons = directiveButtons(d.ID, time.Time{})
		}
		msgs = append(msgs, m)
	}
	for _, f := range files {
		msgs = append(msgs, chidao.Message{File: f.ID, Text: texts.AttachmentCaption(d, f.Name)})
	}
	return msgs
}

// directiveButtons are the buttons under a directive; once the unit has
// acknowledged, the first one says when (and Zalo no longer offers it).
func directiveButtons(d int64, acked time.Time) [][]chidao.Button {
	ack := chidao.Button{Text: texts.AckButton, Data: dataf("a", d)}
	if !acked.IsZero() {
		ack = chidao.Button{Text: texts.AckedButton(texts.DateTime(acked)), Data: dataf("k", d)}
	}
	return [][]chidao.Button{
		{ack},
		{{Text: texts.ClipButton, Data: dataf("c", d)}, {Text: texts.ReportButton, Data: dataf("r", d)}},
		{{Text: texts.DifficultyButton, Data: dataf("d", d)}},
	}
}

// splitText cuts text into parts of at most max UTF-16 code units, at a
// paragraph break, else a line break, else a space, else anywhere between
// runes.
func splitText(text string, max int) []string {
	var parts []string
	for utf16Len(text) > max {
		cut := cutPoint(text, max)
		parts = append(parts, strings.TrimRight(text[:cut], " \n"))
		text = strings.TrimLeft(text[cut:], " \n")
	}
	if text != "" || len(parts) == 0 {
		parts = append(parts, text)
	}
	return parts
}

// cutPoint returns the byte offset where the first part should end.
func cutPoint(text string, max int) int {
	limit, n := 0, 0
	for i, r := range text {
		n += len(utf16.Encode([]rune{r}))
		if n > max {
			break
		}
		limit = i + utf8.RuneLen(r)
	}
	for _, sep := range []string{"\n\n", "\n", " "} {
		if i := strings.LastIndex(text[:limit], sep); i > limit/2 {
			return i + len(sep)
		}
	}
	return limit
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// shorten cuts s to at most n runes, with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
