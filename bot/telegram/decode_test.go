package telegram_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"chidao"
	"chidao/bot/telegram"
)

var updateSeeds = []string{
	`{"update_id":1,"message":{"message_id":5,"date":1764100000,"from":{"id":7,"is_bot":false,"first_name":"An"},"chat":{"id":7,"type":"private"},"text":"/start abc"}}`,
	`{"update_id":2,"message":{"message_id":6,"date":1764100000,"from":{"id":7,"is_bot":false,"first_name":"An"},"chat":{"id":7,"type":"private"},"text":"🎬 https://youtu.be/dQw4w9WgXcQ","entities":[{"type":"url","offset":3,"length":28}],"reply_to_message":{"message_id":3,"date":1764100000,"chat":{"id":7,"type":"private"}}}}`,
	`{"update_id":3,"callback_query":{"id":"q1","from":{"id":7,"is_bot":false,"first_name":"An"},"chat_instance":"c","data":"a:1","message":{"message_id":9,"date":1764100000,"chat":{"id":7,"type":"private"}}}}`,
	`{"update_id":4,"callback_query":{"id":"q2","from":{"id":7,"is_bot":false,"first_name":"An"},"chat_instance":"c","data":"v:2","message":{"message_id":9,"date":0,"chat":{"id":7,"type":"private"}}}}`,
	`{"update_id":5,"message":{"message_id":8,"date":1764100000,"from":{"id":7,"is_bot":false,"first_name":"An"},"chat":{"id":7,"type":"private"},"document":{"file_id":"f","file_unique_id":"u","file_name":"bao-cao.pdf","mime_type":"application/pdf","file_size":1024},"caption":"Báo cáo"}}`,
	`{"update_id":6,"my_chat_member":{"chat":{"id":-100,"type":"group","title":"Nhóm"},"from":{"id":7,"is_bot":false,"first_name":"An"},"date":1764100000,"old_chat_member":{"status":"left","user":{"id":1,"is_bot":true,"first_name":"b"}},"new_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"b"}}}}`,
	`{"update_id":7,"edited_message":{"message_id":5,"date":1764100000,"chat":{"id":7,"type":"private"},"text":"x"}}`,
	`{"update_id":8,"message":{"message_id":5,"date":1,"chat":{"id":7,"type":"private"},"text":"x","entities":[{"type":"url","offset":-5,"length":99}]}}`,
	`{}`, `[]`, `{"update_id":"x"}`,
}

func TestDecodeUpdates(t *testing.T) {
	dec := telegram.Decoder("chidao_test_bot")
	ev, err := dec([]byte(updateSeeds[1]))
	if err != nil || ev.ReplyTo != "3" || len(ev.Links) != 1 || ev.Links[0].URL != "https://www.youtube.com/watch?v=dQw4w9WgXcQ" {
		t.Fatalf("message with a link: %+v, %v", ev, err)
	}
	if ev, err := dec([]byte(updateSeeds[2])); err != nil || ev.Data != "a:1" || ev.MessageID != "9" || ev.CallbackID != "q1" {
		t.Fatalf("button: %+v, %v", ev, err)
	}
	// A button on a message Telegram no longer shows in full (date 0) keeps its chat and id.
	if ev, err := dec([]byte(updateSeeds[3])); err != nil || ev.ChatID != "7" || ev.MessageID != "9" {
		t.Fatalf("button on an inaccessible message: %+v, %v", ev, err)
	}
	if ev, err := dec([]byte(updateSeeds[4])); err != nil || ev.Document == nil || ev.Document.Name != "bao-cao.pdf" || ev.Text != "Báo cáo" {
		t.Fatalf("document: %+v, %v", ev, err)
	}
	if ev, err := dec([]byte(updateSeeds[5])); err != nil || !ev.JoinedGroup || ev.ChatID != "-100" {
		t.Fatalf("added to a group: %+v, %v", ev, err)
	}
	if _, err := dec([]byte(updateSeeds[6])); !errors.Is(err, chidao.ErrIgnore) {
		t.Fatalf("edited message: %v; want ignored", err)
	}
}

func FuzzDecodeUpdate(f *testing.F) {
	for _, s := range updateSeeds {
		f.Add([]byte(s))
	}
	dec := telegram.Decoder("chidao_test_bot")
	f.Fuzz(func(t *testing.T, raw []byte) {
		id, key, kerr := telegram.Key(raw)
		if kerr == nil && !strings.HasPrefix(key, "telegram:") {
			t.Fatalf("update %d keyed %q", id, key)
		}
		ev, err := dec(raw)
		if err != nil {
			return
		}
		if ev.Channel != chidao.Telegram {
			t.Fatalf("event of channel %q", ev.Channel)
		}
		for _, l := range ev.Links {
			if !strings.HasPrefix(l.URL, "https://") || !utf8.ValidString(l.URL) {
				t.Fatalf("bad link %q", l.URL)
			}
		}
	})
}
