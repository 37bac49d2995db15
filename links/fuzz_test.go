package links

import (
	"errors"
	"strings"
	"testing"
)

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"https://youtu.be/dQw4w9WgXcQ?si=abc",
		"youtube.com/shorts/dQw4w9WgXcQ/",
		"https://www.tiktok.com/@u/video/7301234567890123456?is_from_webapp=1",
		"https://vt.tiktok.com/ZSLp3abc/",
		"https://m.facebook.com/watch/?v=123&mibextid=a",
		"https://www.facebook.com/story.php?story_fbid=1&id=2&__cft__[0]=x",
		"https://fb.watch/abc/",
		"https://zalo.me/s/1/?zarsrc=30",
		"HTTP://Bücher.DE:80/Äa/(b)?z=1&a=%20#f",
		"thkg.vn:8080//a//",
		"mailto:a@b.vn",
		"javascript:alert(1)",
		"http://localhost",
		"abc",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		l, err := Normalize(raw)
		if err != nil {
			if !errors.Is(err, ErrNotLink) {
				t.Fatalf("Normalize(%q): error %v does not wrap ErrNotLink", raw, err)
			}
			return
		}
		if len(l.URL) > MaxLen {
			t.Fatalf("Normalize(%q) = %d bytes", raw, len(l.URL))
		}
		fuzzFixedPoint(t, l)
	})
}

func FuzzExtract(f *testing.F) {
	f.Add("Em gửi clip: https://youtu.be/dQw4w9WgXcQ?si=abc nhé!", 0, 0, 0, 0, false)
	f.Add("🎬🎬 https://youtu.be/dQw4w9WgXcQ nhé", 5, 28, 1, 3, true)
	f.Add("(youtu.be/dQw4w9WgXcQ), fb.watch/abc; www.tiktok.com/@u/video/1.", 0, 0, 0, 0, false)
	f.Add("https://a.vn/x)https://b.vn/[y]", 0, 14, 14, 18, true)
	f.Add("\xff\U0001F600https://thkg.vn/a", 2, 17, -1, 1<<40, true)
	f.Fuzz(func(t *testing.T, text string, off1, len1, off2, len2 int, useEntities bool) {
		var entities []Entity
		if useEntities {
			entities = []Entity{
				{Type: "url", Offset: off1, Length: len1},
				{Type: "text_link", Offset: off1, Length: 1, URL: text},
				{Type: "url", Offset: off2, Length: len2},
			}
		}
		got := Extract(text, entities)
		if len(got) > MaxLinks {
			t.Fatalf("%d links", len(got))
		}
		seen := map[string]bool{}
		for _, l := range got {
			if seen[l.URL] {
				t.Fatalf("duplicate %q", l.URL)
			}
			seen[l.URL] = true
			if !strings.Contains(text, l.Raw) {
				t.Fatalf("raw %q is not part of the text", l.Raw)
			}
			fuzzFixedPoint(t, l)
		}
	})
}

// fuzzFixedPoint fails unless l's URL is https and normalises to itself with
// the same platform.
func fuzzFixedPoint(t *testing.T, l Link) {
	if !strings.HasPrefix(l.URL, "https://") {
		t.Fatalf("%q does not start with https://", l.URL)
	}
	again, err := Normalize(l.URL)
	if err != nil {
		t.Fatalf("Normalize(%q) = %q, but normalising that again: %v", l.Raw, l.URL, err)
	}
	if again.URL != l.URL || again.Platform != l.Platform {
		t.Fatalf("Normalize(%q) = %q %s, but normalising that again gives %q %s", l.Raw, l.URL, l.Platform, again.URL, again.Platform)
	}
}

func BenchmarkExtract(b *testing.B) {
	text := "Báo cáo đơn vị Trung tâm Văn hóa huyện: đã đăng clip tuyên truyền Nghị quyết " +
		"trên YouTube https://youtu.be/dQw4w9WgXcQ?si=Ab12Cd34, TikTok " +
		"https://www.tiktok.com/@ttvhkiengiang/video/7301234567890123456?is_from_webapp=1&sender_device=pc " +
		"và Facebook https://www.facebook.com/share/v/1AbCdEfGh/?mibextid=qi2Omg. Đề nghị duyệt ạ! 🎬"
	for b.Loop() {
		if got := Extract(text, nil); len(got) != 3 {
			b.Fatalf("%d links", len(got))
		}
	}
}
