package links

import (
	"net/url"
	"strings"
)

// domains lists, for each known platform, the domains whose hosts (the
// domain itself or any subdomain) belong to it.
var domains = []struct {
	platform Platform
	names    []string
}{
	{YouTube, []string{"youtube.com", "youtu.be", "youtube-nocookie.com"}},
	{TikTok, []string{"tiktok.com"}},
	{Facebook, []string{"facebook.com", "fb.com", "fb.watch"}},
	{Zalo, []string{"zalo.me", "zalo.vn", "zaloapp.com"}},
}

// platformOf names the platform of a lower-case host.
func platformOf(host string) Platform {
	host = bareHost(host)
	for _, d := range domains {
		for _, name := range d.names {
			if under(host, name) {
				return d.platform
			}
		}
	}
	return Other
}

// under reports whether host is domain or one of its subdomains.
func under(host, domain string) bool {
	return host == domain || strings.HasSuffix(host, "."+domain)
}

// bareHost strips the "www.", "m." and "mobile." prefixes of a host, as long
// as something dotted is left.
func bareHost(host string) string {
	for {
		rest, ok := cutAnyPrefix(host, "www.", "m.", "mobile.")
		if !ok || !strings.Contains(rest, ".") {
			return host
		}
		host = rest
	}
}

// cutAnyPrefix returns s without the first of prefixes it starts with.
func cutAnyPrefix(s string, prefixes ...string) (string, bool) {
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return rest, true
		}
	}
	return s, false
}

// rewrites holds the platform rules applied after generic normalisation.
var rewrites = map[Platform]func(*parts){
	YouTube:  youTube,
	TikTok:   tikTok,
	Facebook: facebook,
}

// youTube turns every form of a video address into
// https://www.youtube.com/watch?v=ID and drops the time parameters.
func youTube(p *parts) {
	p.query.Del("t")
	p.query.Del("start")
	if p.port != "" {
		return
	}
	if id := youTubeID(p); id != "" {
		p.host, p.path, p.query = "www.youtube.com", "/watch", url.Values{"v": {id}}
		return
	}
	if bareHost(p.host) == "youtube.com" {
		p.host = "www.youtube.com"
	}
}

// youTubeID returns the video id of a YouTube address, or "".
func youTubeID(p *parts) string {
	segs := strings.Split(strings.TrimPrefix(p.path, "/"), "/")
	if bareHost(p.host) == "youtu.be" {
		if len(segs) == 1 && isVideoID(segs[0]) {
			return segs[0]
		}
		return ""
	}
	if p.path == "/watch" {
		if v := p.query.Get("v"); isVideoID(v) {
			return v
		}
		return ""
	}
	if len(segs) == 2 && isVideoID(segs[1]) {
		switch strings.ToLower(segs[0]) {
		case "shorts", "live", "embed", "v":
			return segs[1]
		}
	}
	return ""
}

// isVideoID reports whether s looks like a YouTube video id: 11 characters of
// [A-Za-z0-9_-].
func isVideoID(s string) bool {
	if len(s) != 11 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !isDigit(c) && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// tikTok drops the query (TikTok's parameters only track the share) and
// writes the main site's host www.tiktok.com; short-link hosts stay.
func tikTok(p *parts) {
	if p.port != "" {
		return
	}
	p.query = nil
	if bareHost(p.host) == "tiktok.com" {
		p.host = "www.tiktok.com"
	}
}

// facebookHosts are the hosts written www.facebook.com.
var facebookHosts = map[string]bool{
	"facebook.com": true, "web.facebook.com": true, "mbasic.facebook.com": true,
	"touch.facebook.com": true, "fb.com": true,
}

// facebook applies the Facebook rules of the package documentation.
func facebook(p *parts) {
	if p.port != "" {
		return
	}
	bare := bareHost(p.host)
	if bare == "fb.watch" {
		p.host, p.query = "fb.watch", nil
		return
	}
	if !facebookHosts[bare] {
		return
	}
	p.host = "www.facebook.com"
	segs := strings.Split(strings.TrimPrefix(p.path, "/"), "/")
	switch path := strings.ToLower(p.path); {
	case path == "/watch" || path == "/watch/live" || path == "/video.php":
		if v := p.query.Get("v"); v != "" {
			p.path, p.query = "/watch", url.Values{"v": {v}}
		}
	case path == "/story.php" || path == "/permalink.php":
		p.query = keep(p.query, "story_fbid", "id")
	case len(segs) >= 2 && (segs[0] == "reel" || segs[0] == "reels" || segs[0] == "share"),
		len(segs) >= 3 && segs[1] == "videos":
		p.query = nil
	}
}

// keep returns the values of q named in names only.
func keep(q url.Values, names ...string) url.Values {
	kept := url.Values{}
	for _, n := range names {
		if vs, ok := q[n]; ok {
			kept[n] = vs
		}
	}
	return kept
}
