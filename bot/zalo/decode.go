package zalo

import (
	"path"
	"strconv"
	"strings"

	"chidao"
	"chidao/links"
)

// Decode turns a stored Zalo event into a chidao.Event; events chidao
// does not act on give chidao.ErrIgnore.
func Decode(raw []byte) (chidao.Event, error) {
	ev, err := parseEvent(raw)
	if err != nil {
		return chidao.Event{}, err
	}
	out := chidao.Event{Channel: chidao.Zalo, UserID: ev.user(), ChatID: ev.user(), Private: true,
		MessageID: ev.Message.MsgID, Text: ev.Message.Text}
	switch ev.EventName {
	case "follow":
		out.Followed = true
	case "unfollow":
		out.Unfollowed = true
	case "user_send_text":
		out.Links = links.Extract(out.Text, nil)
	case "user_send_link":
		out.Links = links.Extract(out.Text, nil)
		for _, a := range ev.Message.Attachments {
			if l, err := links.Normalize(a.Payload.URL); err == nil && a.Type == "link" && !hasLink(out.Links, l.URL) {
				out.Links = append(out.Links, l)
			}
		}
	case "user_send_file":
		for _, a := range ev.Message.Attachments {
			if a.Type == "file" && a.Payload.URL != "" {
				size, _ := strconv.ParseInt(strings.Trim(string(a.Payload.Size), `"`), 10, 64)
				out.Document = &chidao.Document{ExternalID: a.Payload.URL, Name: a.Payload.Name, Size: size,
					ContentType: contentType(a.Payload.Name)}
				break
			}
		}
	case "user_submit_info":
		out.SharedPhone = ev.Info.Phone
		if out.SharedPhone == "" {
			return chidao.Event{}, chidao.ErrIgnore
		}
	case "user_send_image", "user_send_video", "user_send_audio", "user_send_sticker", "user_send_gif":
		out.Text = "" // answered with what chidao understands
		out.Media = map[string]string{"user_send_image": "photo", "user_send_video": "video", "user_send_audio": "voice",
			"user_send_sticker": "sticker", "user_send_gif": "gif"}[ev.EventName]
	default:
		return chidao.Event{}, chidao.ErrIgnore
	}
	return out, nil
}

func hasLink(ls []links.Link, url string) bool {
	for _, l := range ls {
		if l.URL == url {
			return true
		}
	}
	return false
}

func contentType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf":
		return "application/pdf"
	case ".doc":
		return "application/msword"
	case ".docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ".xls":
		return "application/vnd.ms-excel"
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/octet-stream"
}
