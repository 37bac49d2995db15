// Package links finds the links to published video clips in chat messages
// and normalises them, so that the same clip sent twice is recognised as a
// duplicate.
//
// # Finding links
//
// [Extract] reads a Telegram message through its entities ("url" entities are
// cut out of the text by their UTF-16 offsets, "text_link" entities carry the
// address), or, when there are none (Zalo, or a Telegram message without
// entities), scans the text itself. In text, a link is an http:// or https://
// address, or a bare address on a known platform's host followed by a path
// ("youtu.be/…", "www.tiktok.com/…", "fb.watch/…") that does not continue a
// word, a host name, an e-mail address or a path. A link in text is
// ASCII: it ends at white space, at a non-ASCII character (so Vietnamese
// words glued to it stay out), at one of <>"`{}|\^, or where another
// http(s):// address starts right after it (unless that address follows '=',
// '/', '?' or '&', as in a redirect parameter). Trailing punctuation .,;:!?'"
// is trimmed, and so are closing brackets ) and ] that have no opening
// partner inside the link. Results come in order of appearance, without
// duplicates (same normalised URL), at most [MaxLinks] of them; anything that
// [Normalize] rejects is skipped.
//
// # Normalisation
//
// [Normalize] accepts only http and https web addresses and rewrites them to
// one canonical https form, built with net/url:
//
//   - Surrounding white space is trimmed. An address over 2048 bytes (before
//     or after normalisation), with control, format or white-space
//     characters inside, with invalid UTF-8, with a user name or password,
//     with a host that is not a dotted name (localhost, IPv6 literals), or
//     with a scheme other than http/https (mailto:, javascript:, ftp:…) is
//     rejected with an error wrapping [ErrNotLink].
//   - A missing scheme ("youtu.be/…", "//host/…", "host:8080/…") means https;
//     http becomes https.
//   - The host is lower-cased (internationalised names are left as they are,
//     not converted to punycode) and loses a trailing dot. Port 443, and port
//     80 of an http address, are removed; other ports are kept.
//   - The fragment is dropped. Trailing slashes of the path are dropped; the
//     root path is "/". Percent-encoding is rewritten the way net/url writes
//     it, except that !'()* stay readable in the path.
//   - Tracking parameters are dropped: every utm_*, fbclid, gclid, igshid,
//     si, feature, pp, _t, _r, is_from_webapp, sender_device, sender_web_id,
//     share_app_id, share_link_id, mibextid, rdid, ref, refsrc, __tn__,
//     __cft__[…] and any name starting with "__", plus the click ids igsh,
//     msclkid, dclid, gbraid, wbraid, mc_cid, mc_eid and zarsrc. Names are
//     compared case-insensitively. Parameters that cannot be decoded, or have
//     an empty name, are dropped too. The rest are sorted by name (values of
//     one name keep their order).
//
// The platform is found from the host, ignoring "www.", "m." and "mobile."
// prefixes, on whole domain labels (notyoutube.com is not YouTube):
//
//   - YouTube: youtube.com and its subdomains (m., music.…),
//     youtube-nocookie.com, youtu.be. watch?v=ID, youtu.be/ID, /shorts/ID,
//     /live/ID, /embed/ID and /v/ID become https://www.youtube.com/watch?v=ID
//     when ID is 11 characters of [A-Za-z0-9_-]; everything else (channels,
//     playlists, bad ids) is normalised generically, with youtube.com,
//     m.youtube.com and mobile.youtube.com written www.youtube.com. The time
//     parameters t and start are dropped, so one video at another time is the
//     same clip.
//   - TikTok: tiktok.com and its subdomains. The query is always dropped.
//     tiktok.com, m.tiktok.com and www.tiktok.com are written www.tiktok.com
//     (so https://www.tiktok.com/@user/video/ID keeps its path); short links
//     such as vt.tiktok.com/CODE and vm.tiktok.com/CODE cannot be resolved
//     offline and keep their host.
//   - Facebook: facebook.com, fb.com, fb.watch and their subdomains.
//     facebook.com, m., mobile., web., mbasic., touch. and fb.com are written
//     www.facebook.com; watch?v=ID, watch/?v=ID, watch/live/?v=ID and
//     video.php?v=ID become https://www.facebook.com/watch?v=ID; /reel/…,
//     /reels/…, /share/… (share/v, share/r, share/p) and /<page>/videos/…
//     keep their path without query; story.php and permalink.php keep only
//     story_fbid and id; fb.watch/CODE becomes https://fb.watch/CODE. Other
//     subdomains (business.facebook.com…) are normalised generically.
//   - Zalo: hosts under zalo.me, zalo.vn or zaloapp.com, normalised
//     generically.
//   - Other: everything else, normalised generically.
//
// The platform rewrites above apply only when no explicit port is left; with
// one, the address is normalised generically (the platform is still named
// from the host). The result is a fixed point: normalising a normalised URL
// gives the same URL and platform.
package links

import (
	"errors"
	"slices"
	"unicode/utf16"
)

// Platform names where a clip was published. It is stored in the database as
// these strings.
type Platform string

// The platforms a clip can be published on.
const (
	YouTube  Platform = "youtube"
	TikTok   Platform = "tiktok"
	Facebook Platform = "facebook"
	Zalo     Platform = "zalo"
	Other    Platform = "other"
)

// MaxLinks is the most links [Extract] returns for one message.
const MaxLinks = 50

// MaxLen is the longest address, in bytes, that [Normalize] accepts or
// returns.
const MaxLen = 2048

// ErrNotLink is wrapped by every error of [Normalize]: the input is not an
// http(s) web link.
var ErrNotLink = errors.New("not a web link")

// Entity is a Telegram message entity. Offset and Length are in UTF-16 code
// units (Telegram's unit). Only the types "url" (the link is the text it
// covers) and "text_link" (the link is URL) matter here.
type Entity struct {
	Type   string
	Offset int
	Length int
	URL    string
}

// Link is one link found in a message.
type Link struct {
	Raw      string   // the address as written in the message
	URL      string   // the normalised address, always https://…
	Platform Platform // where the clip was published
}

// Extract returns the links of a message, in order of appearance, without
// duplicates (by normalised URL), at most [MaxLinks] of them.
//
// With entities (Telegram), only "url" and "text_link" entities are read;
// entities out of range, or cutting a UTF-16 surrogate pair, are skipped.
// When entities is empty (Zalo, or a Telegram message without them), links
// are found in the text itself, as described in the package documentation.
// The result is nil when there are no links.
func Extract(text string, entities []Entity) []Link {
	var c collector
	if len(entities) == 0 {
		scanText(text, &c)
	} else {
		fromEntities(text, entities, &c)
	}
	return c.links
}

// collector gathers normalised links, skipping rejects and duplicates.
type collector struct {
	links []Link
}

// full reports whether no more links may be added.
func (c *collector) full() bool { return len(c.links) >= MaxLinks }

// add normalises raw and keeps it unless it is rejected, a duplicate, or the
// collector is full.
func (c *collector) add(raw string) {
	if c.full() {
		return
	}
	l, err := Normalize(raw)
	if err != nil {
		return
	}
	for _, seen := range c.links {
		if seen.URL == l.URL {
			return
		}
	}
	c.links = append(c.links, l)
}

// fromEntities adds the links of Telegram entities, in order of offset.
func fromEntities(text string, entities []Entity, c *collector) {
	byOffset := func(a, b Entity) int { return a.Offset - b.Offset }
	if !slices.IsSortedFunc(entities, byOffset) {
		entities = slices.Clone(entities)
		slices.SortStableFunc(entities, byOffset)
	}
	var units []int // built on the first "url" entity
	for _, e := range entities {
		if c.full() {
			return
		}
		switch e.Type {
		case "url":
			if units == nil {
				units = utf16Starts(text)
			}
			if raw, ok := cutUTF16(text, units, e.Offset, e.Length); ok {
				c.add(raw)
			}
		case "text_link":
			c.add(e.URL)
		}
	}
}

// utf16Starts maps every UTF-16 code unit of s to the byte offset where it
// starts, with -1 for the second unit of a surrogate pair, plus a final entry
// len(s). Invalid UTF-8 bytes count as one unit each (U+FFFD).
func utf16Starts(s string) []int {
	starts := make([]int, 0, len(s)+1)
	for i, r := range s {
		starts = append(starts, i)
		if utf16.RuneLen(r) == 2 {
			starts = append(starts, -1)
		}
	}
	return append(starts, len(s))
}

// cutUTF16 returns the part of s covered by [offset, offset+length) in UTF-16
// units, or false when that range is empty, out of s, or cuts a surrogate
// pair.
func cutUTF16(s string, starts []int, offset, length int) (string, bool) {
	n := len(starts) - 1 // UTF-16 length of s
	if offset < 0 || length <= 0 || offset >= n || length > n-offset {
		return "", false
	}
	from, to := starts[offset], starts[offset+length]
	if from < 0 || to < 0 {
		return "", false
	}
	return s[from:to], true
}
