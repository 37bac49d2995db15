package links

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

func TestNormalize(t *testing.T) {
	const yt = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
	tests := []struct {
		raw      string
		want     string
		platform Platform
	}{
		// YouTube: every video form becomes watch?v=ID.
		{"https://youtu.be/dQw4w9WgXcQ?si=abc", yt, YouTube},
		{"youtu.be/dQw4w9WgXcQ", yt, YouTube},
		{"http://www.youtube.com/watch?v=dQw4w9WgXcQ", yt, YouTube},
		{"https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s&feature=share", yt, YouTube},
		{"https://m.youtube.com/watch?feature=youtu.be&v=dQw4w9WgXcQ&pp=ygU", yt, YouTube},
		{"https://music.youtube.com/watch?v=dQw4w9WgXcQ&list=RDAMVM", yt, YouTube},
		{"https://www.youtube.com/shorts/dQw4w9WgXcQ?feature=share", yt, YouTube},
		{"https://youtube.com/shorts/dQw4w9WgXcQ/", yt, YouTube},
		{"https://www.youtube.com/live/dQw4w9WgXcQ?si=Xy", yt, YouTube},
		{"https://www.youtube.com/embed/dQw4w9WgXcQ?start=30", yt, YouTube},
		{"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", yt, YouTube},
		{"https://youtu.be/dQw4w9WgXcQ?t=95", yt, YouTube},
		{"HTTPS://YOUTU.BE/dQw4w9WgXcQ#t=1m", yt, YouTube},
		{"https://www.youtube.com/watch?v=a_b-c_d-e_1", "https://www.youtube.com/watch?v=a_b-c_d-e_1", YouTube},
		// YouTube pages that are not one video: generic.
		{"https://www.youtube.com/@THKienGiang?si=x", "https://www.youtube.com/@THKienGiang", YouTube},
		{"https://m.youtube.com/channel/UC123/videos/", "https://www.youtube.com/channel/UC123/videos", YouTube},
		{"https://www.youtube.com/playlist?list=PL1&si=q", "https://www.youtube.com/playlist?list=PL1", YouTube},
		{"https://youtu.be/short", "https://youtu.be/short", YouTube},
		{"https://www.youtube.com/watch?v=tooShort&t=5", "https://www.youtube.com/watch?v=tooShort", YouTube},
		// TikTok.
		{"https://www.tiktok.com/@baokiengiang/video/7301234567890123456?is_from_webapp=1&sender_device=pc&web_id=1",
			"https://www.tiktok.com/@baokiengiang/video/7301234567890123456", TikTok},
		{"tiktok.com/@baokiengiang/video/7301234567890123456/", "https://www.tiktok.com/@baokiengiang/video/7301234567890123456", TikTok},
		{"https://m.tiktok.com/@u/video/1?_r=1&_t=8abc", "https://www.tiktok.com/@u/video/1", TikTok},
		{"https://vt.tiktok.com/ZSLp3abc/", "https://vt.tiktok.com/ZSLp3abc", TikTok},
		{"https://vm.tiktok.com/ZMabc123/?k=1", "https://vm.tiktok.com/ZMabc123", TikTok},
		// Facebook.
		{"https://www.facebook.com/watch?v=1234567890", "https://www.facebook.com/watch?v=1234567890", Facebook},
		{"https://m.facebook.com/watch/?v=1234567890&mibextid=abc", "https://www.facebook.com/watch?v=1234567890", Facebook},
		{"https://web.facebook.com/watch/?ref=search&v=1234567890&external_log_id=x", "https://www.facebook.com/watch?v=1234567890", Facebook},
		{"https://www.facebook.com/watch/live/?ref=watch_permalink&v=987", "https://www.facebook.com/watch?v=987", Facebook},
		{"https://www.facebook.com/video.php?v=555", "https://www.facebook.com/watch?v=555", Facebook},
		{"https://fb.com/watch/?v=1234567890", "https://www.facebook.com/watch?v=1234567890", Facebook},
		{"https://www.facebook.com/reel/1234567890123456?mibextid=rS40aB7S9Ucbxw6v&s=yWDuG2", "https://www.facebook.com/reel/1234567890123456", Facebook},
		{"https://www.facebook.com/share/v/1AbCdEfGh/?mibextid=qi2Omg", "https://www.facebook.com/share/v/1AbCdEfGh", Facebook},
		{"https://www.facebook.com/share/r/15XyZ/", "https://www.facebook.com/share/r/15XyZ", Facebook},
		{"https://www.facebook.com/BaoKienGiang/videos/1234567890/?__cft__[0]=AZX&__tn__=%2CO-R", "https://www.facebook.com/BaoKienGiang/videos/1234567890", Facebook},
		{"https://fb.watch/oAbC12dEf/?mibextid=Nif5oz", "https://fb.watch/oAbC12dEf", Facebook},
		{"https://m.facebook.com/story.php?story_fbid=pfbid02x&id=100064&mibextid=Nif5oz&eav=1", "https://www.facebook.com/story.php?id=100064&story_fbid=pfbid02x", Facebook},
		{"https://www.facebook.com/BaoKienGiang/?locale=vi_VN&fbclid=x", "https://www.facebook.com/BaoKienGiang?locale=vi_VN", Facebook},
		{"https://business.facebook.com/latest/home?asset_id=1", "https://business.facebook.com/latest/home?asset_id=1", Facebook},
		// Zalo.
		{"https://zalo.me/s/1234567890/?zarsrc=30", "https://zalo.me/s/1234567890", Zalo},
		{"https://video.zalo.me/v/abc", "https://video.zalo.me/v/abc", Zalo},
		{"https://news.zalo.vn/clip/abc", "https://news.zalo.vn/clip/abc", Zalo},
		{"https://id.zaloapp.com/x", "https://id.zaloapp.com/x", Zalo},
		// Other sites: generic rules.
		{"http://BaoKienGiang.VN:80/video/clip-1.html?utm_source=zalo&b=2&a=1&UTM_Medium=x#top",
			"https://baokiengiang.vn/video/clip-1.html?a=1&b=2", Other},
		{"https://www.thkg.vn/", "https://www.thkg.vn/", Other},
		{"https://thkg.vn", "https://thkg.vn/", Other},
		{"https://thkg.vn.:443//", "https://thkg.vn/", Other},
		{"https://thkg.vn:8443/a/", "https://thkg.vn:8443/a", Other},
		{"http://thkg.vn:443/a", "https://thkg.vn/a", Other},
		{"https://thkg.vn:080/a", "https://thkg.vn:80/a", Other},
		{"thkg.vn:8080/a", "https://thkg.vn:8080/a", Other},
		{"//thkg.vn/a", "https://thkg.vn/a", Other},
		{"https://en.wikipedia.org/wiki/Foo_%28bar%29", "https://en.wikipedia.org/wiki/Foo_(bar)", Other},
		{"https://vi.wikipedia.org/wiki/Kiên_Giang", "https://vi.wikipedia.org/wiki/Ki%C3%AAn_Giang", Other},
		{"https://Bücher.DE/", "https://xn--bcher-kva.de/", Other}, // one spelling per host: IDNA
		// Look-alike spellings of one link are one link (the duplicate-clip check relies on it).
		{"https://ｙｏｕｔｕｂｅ.com/watch?v=abcdefghijk", "https://www.youtube.com/watch?v=abcdefghijk", YouTube},
		{"https://thkg.vn/tin/Vie\u0302\u0323t-Nam", "https://thkg.vn/tin/Vi%E1%BB%87t-Nam", Other}, // NFD path
		{"https://thkg.vn/tin/Việt-Nam", "https://thkg.vn/tin/Vi%E1%BB%87t-Nam", Other},
		{"https://xn--bcher-kva.de/", "https://xn--bcher-kva.de/", Other},
		{"https://a.vn/?q=a+b&gclid=1&igshid=2&__x=3&ref=4&refsrc=5&rdid=6", "https://a.vn/?q=a+b", Other},
		{"https://notyoutube.com/watch?v=dQw4w9WgXcQ", "https://notyoutube.com/watch?v=dQw4w9WgXcQ", Other},
		{"https://youtube.com.evil.vn/watch?v=dQw4w9WgXcQ", "https://youtube.com.evil.vn/watch?v=dQw4w9WgXcQ", Other},
		{"https://evilzalo.me/x", "https://evilzalo.me/x", Other},
		{"  https://thkg.vn/a \n", "https://thkg.vn/a", Other},
	}
	for _, tt := range tests {
		l, err := Normalize(tt.raw)
		if err != nil {
			t.Errorf("Normalize(%q): %v", tt.raw, err)
			continue
		}
		if l.URL != tt.want || l.Platform != tt.platform || l.Raw != tt.raw {
			t.Errorf("Normalize(%q) = %q %s (raw %q), want %q %s", tt.raw, l.URL, l.Platform, l.Raw, tt.want, tt.platform)
		}
		checkFixedPoint(t, l)
	}
}

func TestNormalizeRejects(t *testing.T) {
	for _, raw := range []string{
		"",
		"   ",
		"abc",
		"mailto:ban.tuyengiao@kiengiang.gov.vn",
		"javascript:alert(1)",
		"JavaScript://thkg.vn/%0aalert(1)",
		"data:text/html,hi",
		"tel:+84297",
		"ftp://thkg.vn/clip.mp4",
		"tg://resolve?domain=x",
		"http://localhost",
		"http://localhost:8080/x",
		"http://[::1]/x",
		"https://",
		"https:///path",
		"http:thkg.vn",
		"https:/thkg.vn",
		"https://thkg..vn/",
		"https://.thkg.vn/",
		"https://thk!g.vn/",
		"https://user:pass@thkg.vn/",
		"ban.tuyengiao@kiengiang.gov.vn",
		"https://thkg.vn:0/",
		"https://thkg.vn:70000/",
		"https://thkg.vn/a b",
		"https://thkg.vn/a\tb",
		"https://thkg.vn/\x00",
		"https://thkg.vn/\u200b",
		"https://thkg.vn/\x7f",
		"https://thkg.vn/\xff",
		"https://thkg.vn/%zz",
		"https://thkg.vn/" + strings.Repeat("a", MaxLen),
		"https://thkg.vn/" + strings.Repeat("ê", 700), // fits, but not once percent-encoded
	} {
		l, err := Normalize(raw)
		if err == nil {
			t.Errorf("Normalize(%q) = %q, want an error", raw, l.URL)
		} else if !errors.Is(err, ErrNotLink) {
			t.Errorf("Normalize(%q) error %v does not wrap ErrNotLink", raw, err)
		}
	}
}

func TestExtractText(t *testing.T) {
	const yt = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
	tests := []struct {
		name string
		text string
		want []string // normalised URLs
		raw  []string // raw forms, when checked
	}{
		{"sentence", "Em gửi clip: https://youtu.be/dQw4w9WgXcQ?si=abc nhé!", []string{yt}, []string{"https://youtu.be/dQw4w9WgXcQ?si=abc"}},
		{"glued colon", "Em gửi clip:https://youtu.be/dQw4w9WgXcQ nhé", []string{yt}, nil},
		{"glued word", "Linkhttps://youtu.be/dQw4w9WgXcQ", []string{yt}, nil},
		{"trailing punctuation", "Xem tại https://thkg.vn/clip-1.html. Cảm ơn!", []string{"https://thkg.vn/clip-1.html"}, []string{"https://thkg.vn/clip-1.html"}},
		{"many punctuation", `"https://thkg.vn/a?!";`, []string{"https://thkg.vn/a"}, []string{"https://thkg.vn/a"}},
		{"parentheses", "(xem https://youtu.be/dQw4w9WgXcQ)", []string{yt}, []string{"https://youtu.be/dQw4w9WgXcQ"}},
		{"balanced parentheses", "Xem https://en.wikipedia.org/wiki/Foo_(bar).", []string{"https://en.wikipedia.org/wiki/Foo_(bar)"}, nil},
		{"markdown", "[clip](https://fb.watch/oAbC12dEf/)", []string{"https://fb.watch/oAbC12dEf"}, []string{"https://fb.watch/oAbC12dEf/"}},
		{"square brackets", "[https://thkg.vn/a]", []string{"https://thkg.vn/a"}, nil},
		{"facebook brackets kept", "https://www.facebook.com/BaoKienGiang/posts/1?__cft__[0]=AZ&x=1 ok",
			[]string{"https://www.facebook.com/BaoKienGiang/posts/1?x=1"}, []string{"https://www.facebook.com/BaoKienGiang/posts/1?__cft__[0]=AZ&x=1"}},
		// A link glued to a word cannot be told apart from it: the ASCII "nh" stays.
		{"vietnamese glued after", "https://youtu.be/dQw4w9WgXcQnhé", []string{"https://youtu.be/dQw4w9WgXcQnh"}, nil},
		{"vietnamese accent ends link", "clip https://thkg.vn/abcđã xong", []string{"https://thkg.vn/abc"}, nil},
		{"curly quotes", "“https://thkg.vn/a”", []string{"https://thkg.vn/a"}, nil},
		{"angle brackets", "<https://thkg.vn/a>", []string{"https://thkg.vn/a"}, nil},
		{"bare hosts", "Clip: youtu.be/dQw4w9WgXcQ, www.tiktok.com/@u/video/1 và fb.watch/abc!",
			[]string{yt, "https://www.tiktok.com/@u/video/1", "https://fb.watch/abc"}, []string{"youtu.be/dQw4w9WgXcQ", "www.tiktok.com/@u/video/1", "fb.watch/abc"}},
		{"bare host after vietnamese", "đây:vt.tiktok.com/ZSabc/", []string{"https://vt.tiktok.com/ZSabc"}, nil},
		{"bare host case", "YOUTU.BE/dQw4w9WgXcQ", []string{yt}, nil},
		{"bare host needs path", "đăng trên facebook.com và youtube.com rồi", nil, nil},
		{"bare unknown host ignored", "xem thkg.vn/clip nhé", nil, nil},
		{"bare host inside e-mail ignored", "mail abc@fb.com/x", nil, nil},
		{"bare host inside longer name ignored", "notyoutu.be/dQw4w9WgXcQ fakefb.watch/a", nil, nil},
		{"bare subdomain of a platform", "x.fb.watch/a", []string{"https://x.fb.watch/a"}, nil},
		{"bare host after other scheme ignored", "ftp://youtu.be/dQw4w9WgXcQ", nil, nil},
		{"duplicates", "https://youtu.be/dQw4w9WgXcQ https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10 youtube.com/shorts/dQw4w9WgXcQ",
			[]string{yt}, []string{"https://youtu.be/dQw4w9WgXcQ"}},
		{"comma separated", "https://youtu.be/dQw4w9WgXcQ,https://fb.watch/abc;https://vt.tiktok.com/ZS1",
			[]string{yt, "https://fb.watch/abc", "https://vt.tiktok.com/ZS1"}, nil},
		{"glued links", "https://fb.watch/abchttps://fb.watch/def", []string{"https://fb.watch/abc", "https://fb.watch/def"}, nil},
		{"redirect parameter kept", "https://l.facebook.com/l.php?u=https://thkg.vn/a&h=1",
			[]string{"https://l.facebook.com/l.php?h=1&u=https%3A%2F%2Fthkg.vn%2Fa"}, nil},
		{"rejects skipped", "mailto:a@b.vn http://localhost/x https:// https://thkg.vn/ok", []string{"https://thkg.vn/ok"}, nil},
		{"newlines and tabs", "1.\thttps://thkg.vn/a\n2.\thttps://thkg.vn/b\r\n", []string{"https://thkg.vn/a", "https://thkg.vn/b"}, nil},
		{"order", "zalo.me/s/1 rồi https://youtu.be/dQw4w9WgXcQ", []string{"https://zalo.me/s/1", yt}, nil},
		{"no links", "Đã nhận công văn 1483-CV/BTGTU.", nil, nil},
		{"empty", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(tt.text, nil)
			checkLinks(t, got, tt.want, tt.raw)
		})
	}
}

func TestExtractEntities(t *testing.T) {
	const yt = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
	emoji := "🎬🎬 https://youtu.be/dQw4w9WgXcQ nhé"
	viet := "Đơn vị gửi: https://vt.tiktok.com/ZS1/ và ✅ https://fb.watch/abc"
	tests := []struct {
		name     string
		text     string
		entities []Entity
		want     []string
		raw      []string
	}{
		// Each emoji is a surrogate pair: two UTF-16 units, four UTF-8 bytes.
		{"emoji shifts offsets", emoji, []Entity{{Type: "url", Offset: 5, Length: 28}}, []string{yt}, []string{"https://youtu.be/dQw4w9WgXcQ"}},
		{"vietnamese and emoji", viet, []Entity{
			{Type: "bold", Offset: 0, Length: 6},
			urlEntity(viet, "https://vt.tiktok.com/ZS1/"),
			urlEntity(viet, "https://fb.watch/abc"),
		}, []string{"https://vt.tiktok.com/ZS1", "https://fb.watch/abc"}, nil},
		{"text_link", "Bấm vào đây để xem clip", []Entity{{Type: "text_link", Offset: 4, Length: 3, URL: "https://youtu.be/dQw4w9WgXcQ?si=x"}},
			[]string{yt}, []string{"https://youtu.be/dQw4w9WgXcQ?si=x"}},
		{"url entity without scheme", "xem youtu.be/dQw4w9WgXcQ", []Entity{{Type: "url", Offset: 4, Length: 20}}, []string{yt}, nil},
		{"sorted by offset", "a https://thkg.vn/1 b https://thkg.vn/2", []Entity{
			{Type: "url", Offset: 22, Length: 17}, {Type: "url", Offset: 2, Length: 17},
		}, []string{"https://thkg.vn/1", "https://thkg.vn/2"}, nil},
		{"duplicates", emoji, []Entity{
			{Type: "url", Offset: 5, Length: 28},
			{Type: "text_link", Offset: 0, Length: 2, URL: "https://www.youtube.com/shorts/dQw4w9WgXcQ"},
		}, []string{yt}, nil},
		{"entities win over text", "https://thkg.vn/a https://thkg.vn/b", []Entity{{Type: "url", Offset: 18, Length: 17}},
			[]string{"https://thkg.vn/b"}, nil},
		{"only other entities", "https://thkg.vn/a", []Entity{{Type: "bold", Offset: 0, Length: 5}}, nil, nil},
		{"bad entities skipped", emoji, []Entity{
			{Type: "url", Offset: 1, Length: 10},   // starts inside the first emoji
			{Type: "url", Offset: 0, Length: 1},    // ends inside the first emoji
			{Type: "url", Offset: -1, Length: 5},   // negative offset
			{Type: "url", Offset: 5, Length: 0},    // empty
			{Type: "url", Offset: 5, Length: -3},   // negative length
			{Type: "url", Offset: 5, Length: 1000}, // past the end
			{Type: "url", Offset: 1 << 62, Length: 1 << 62},
			{Type: "url", Offset: 38, Length: 1}, // just past the end
			{Type: "text_link", URL: "javascript:alert(1)"},
			{Type: "url", Offset: 5, Length: 28},
		}, []string{yt}, nil},
		{"invalid UTF-8 counts one unit", "\xff https://thkg.vn/a", []Entity{{Type: "url", Offset: 2, Length: 17}},
			[]string{"https://thkg.vn/a"}, nil},
		{"empty slice scans text", "https://thkg.vn/a", []Entity{}, []string{"https://thkg.vn/a"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkLinks(t, Extract(tt.text, tt.entities), tt.want, tt.raw)
		})
	}
}

// urlEntity returns the "url" entity covering the first u in text, with
// Telegram's UTF-16 offsets.
func urlEntity(text, u string) Entity {
	i := strings.Index(text, u)
	return Entity{Type: "url", Offset: utf16Len(text[:i]), Length: utf16Len(u)}
}

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

func TestExtractManyLinks(t *testing.T) {
	var text strings.Builder
	var entities []Entity
	offset := 0 // in UTF-16 units
	for i := range 5000 {
		u := fmt.Sprintf("https://www.tiktok.com/@donvi%d/video/%d", i, 7300000000000000000+i)
		line := u + " ✅\n"
		entities = append(entities, Entity{Type: "url", Offset: offset, Length: len(u)})
		text.WriteString(line)
		offset += utf16Len(line)
	}
	start := time.Now()
	for _, ents := range [][]Entity{nil, entities} {
		got := Extract(text.String(), ents)
		if len(got) != MaxLinks {
			t.Fatalf("got %d links, want %d", len(got), MaxLinks)
		}
		if want := "https://www.tiktok.com/@donvi49/video/7300000000000000049"; got[49].URL != want {
			t.Errorf("last link %q, want %q", got[49].URL, want)
		}
	}
	// The same link 5,000 times: every copy is normalised and skipped.
	same := strings.Repeat("https://youtu.be/dQw4w9WgXcQ?si=x, ", 5000)
	if got := Extract(same, nil); len(got) != 1 {
		t.Errorf("5,000 copies of one link gave %d links, want 1", len(got))
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("5,000-link messages took %v", d)
	}
}

func TestExtractHostileText(t *testing.T) {
	for name, text := range map[string]string{
		"closing brackets": "https://thkg.vn/a" + strings.Repeat(")", 100000),
		"schemes only":     strings.Repeat("https://", 100000),
		"long host run":    strings.Repeat("a", 100000) + "/",
		"long url":         "https://thkg.vn/" + strings.Repeat("a", 100000),
	} {
		start := time.Now()
		got := Extract(text, nil)
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: took %v", name, d)
		}
		for _, l := range got {
			checkFixedPoint(t, l)
		}
	}
}

// checkLinks compares links with the wanted URLs and, when given, raw forms,
// and checks that every link is a fixed point of Normalize.
func checkLinks(t *testing.T, got []Link, want, raw []string) {
	t.Helper()
	var urls, raws []string
	for _, l := range got {
		urls = append(urls, l.URL)
		raws = append(raws, l.Raw)
		checkFixedPoint(t, l)
	}
	if strings.Join(urls, " ") != strings.Join(want, " ") {
		t.Errorf("URLs %q, want %q", urls, want)
	}
	if raw != nil && strings.Join(raws, " ") != strings.Join(raw, " ") {
		t.Errorf("raw %q, want %q", raws, raw)
	}
}

// checkFixedPoint checks that l's URL is https and normalises to itself.
func checkFixedPoint(t *testing.T, l Link) {
	t.Helper()
	if !strings.HasPrefix(l.URL, "https://") {
		t.Errorf("%q does not start with https://", l.URL)
	}
	again, err := Normalize(l.URL)
	if err != nil {
		t.Errorf("Normalize(%q) again: %v", l.URL, err)
		return
	}
	if again.URL != l.URL || again.Platform != l.Platform {
		t.Errorf("Normalize(%q) = %q %s, want itself %s", l.URL, again.URL, again.Platform, l.Platform)
	}
}
