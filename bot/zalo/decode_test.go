package zalo_test

import (
	"errors"
	"strings"
	"testing"

	"chidao"
	"chidao/bot/zalo"
)

var eventSeeds = []string{
	`{"app_id":"1","event_name":"user_send_text","timestamp":"1764100000000","sender":{"id":"9007199254740993"},"message":{"msg_id":"a","text":"Báo cáo xong https://youtu.be/dQw4w9WgXcQ"}}`,
	`{"app_id":"1","event_name":"user_send_link","timestamp":"1","sender":{"id":"2"},"message":{"msg_id":"b","text":"","attachments":[{"type":"link","payload":{"url":"https://fb.watch/abc/"}}]}}`,
	`{"app_id":"1","event_name":"user_send_file","timestamp":1,"sender":{"id":"2"},"message":{"msg_id":"c","attachments":[{"type":"file","payload":{"url":"http://x/f","name":"a.pdf","size":"12"}}]}}`,
	`{"app_id":"1","event_name":"follow","timestamp":"1","follower":{"id":"3"}}`,
	`{"app_id":"1","event_name":"user_seen_message","timestamp":"1","sender":{"id":"3"}}`,
	`{}`, `[]`, `{"app_id":1}`,
}

func TestDecodeEvents(t *testing.T) {
	ev, err := zalo.Decode([]byte(eventSeeds[0]))
	if err != nil || ev.UserID != "9007199254740993" || len(ev.Links) != 1 || !strings.HasPrefix(ev.Text, "Báo cáo") {
		t.Fatalf("text event: %+v, %v", ev, err)
	}
	if ev, err := zalo.Decode([]byte(eventSeeds[1])); err != nil || len(ev.Links) != 1 || ev.Links[0].Platform != "facebook" {
		t.Fatalf("link event: %+v, %v", ev, err)
	}
	if ev, err := zalo.Decode([]byte(eventSeeds[2])); err != nil || ev.Document == nil || ev.Document.Size != 12 || ev.Document.Name != "a.pdf" {
		t.Fatalf("file event: %+v, %v", ev, err)
	}
	if ev, err := zalo.Decode([]byte(eventSeeds[3])); err != nil || !ev.Followed || ev.ChatID != "3" {
		t.Fatalf("follow: %+v, %v", ev, err)
	}
	if _, err := zalo.Decode([]byte(eventSeeds[4])); !errors.Is(err, chidao.ErrIgnore) {
		t.Fatalf("seen receipt: %v; want ignored", err)
	}
}

func FuzzDecodeEvent(f *testing.F) {
	for _, s := range eventSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		ev, err := zalo.Decode(raw)
		if err != nil {
			return
		}
		if ev.UserID == "" || ev.ChatID != ev.UserID || ev.Channel != "zalo" {
			t.Fatalf("decoded event without its user: %+v", ev)
		}
		for _, l := range ev.Links {
			if !strings.HasPrefix(l.URL, "https://") {
				t.Fatalf("bad link %q", l.URL)
			}
		}
	})
}
