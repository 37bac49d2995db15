package links

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// Normalize validates one address and returns it normalised, with its
// platform, following the rules of the package documentation. Raw of the
// result is raw as given. Anything that is not an http(s) web link gives an
// error wrapping [ErrNotLink].
func Normalize(raw string) (Link, error) {
	s := strings.TrimSpace(raw)
	if err := checkChars(s); err != nil {
		return Link{}, err
	}
	u, err := parseWeb(s)
	if err != nil {
		return Link{}, err
	}
	host, err := cleanHost(u.Hostname())
	if err != nil {
		return Link{}, err
	}
	port, err := cleanPort(u.Port(), u.Scheme)
	if err != nil {
		return Link{}, err
	}
	p := parts{host: host, port: port, path: cleanPath(u.Path), query: cleanQuery(u.RawQuery)}
	platform := platformOf(host)
	if rewrite := rewrites[platform]; rewrite != nil {
		rewrite(&p)
	}
	out := p.String()
	if len(out) > MaxLen {
		return Link{}, notLink("longer than %d bytes once normalised", MaxLen)
	}
	return Link{Raw: raw, URL: out, Platform: platform}, nil
}

// notLink returns an error wrapping ErrNotLink.
func notLink(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrNotLink}, args...)...)
}

// checkChars rejects empty, over-long and invalid UTF-8 input, and input with
// control, format or white-space characters.
func checkChars(s string) error {
	switch {
	case s == "":
		return notLink("empty")
	case len(s) > MaxLen:
		return notLink("longer than %d bytes", MaxLen)
	case !utf8.ValidString(s):
		return notLink("invalid UTF-8")
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return notLink("control character %U", r)
		}
		if unicode.IsSpace(r) {
			return notLink("white space inside")
		}
	}
	return nil
}

// parseWeb parses s as an http(s) address, reading a missing scheme as
// https, and rejects other schemes, opaque forms, user info and empty hosts.
func parseWeb(s string) (*url.URL, error) {
	s, err := withScheme(s)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return nil, notLink("%v", unwrapURLError(err))
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, notLink("scheme %q is not http or https", u.Scheme)
	case u.Opaque != "" || u.Host == "":
		return nil, notLink("no host")
	case u.User != nil:
		return nil, notLink("user name or password in the address")
	}
	return u, nil
}

// unwrapURLError drops the *url.Error wrapper, which repeats the whole input.
func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// withScheme returns s with an explicit scheme: "https://" is added when s has
// none ("youtu.be/x", "//host/x", "host.vn:8080/x"). A scheme other than http
// or https, or http(s) not followed by "//", is an error.
func withScheme(s string) (string, error) {
	if strings.HasPrefix(s, "//") {
		return "https:" + s, nil
	}
	i := strings.IndexAny(s, ":/?#")
	if i < 0 || s[i] != ':' || !isScheme(s[:i]) {
		return "https://" + s, nil
	}
	scheme, rest := strings.ToLower(s[:i]), s[i+1:]
	switch {
	case scheme == "http" || scheme == "https":
		if !strings.HasPrefix(rest, "//") {
			return "", notLink("no // after %s:", scheme)
		}
		return s, nil
	case strings.Contains(scheme, ".") && isPortThenPath(rest):
		return "https://" + s, nil // host:port without scheme
	}
	return "", notLink("scheme %q is not http or https", scheme)
}

// isScheme reports whether s matches RFC 3986's scheme syntax.
func isScheme(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !isDigit(c) && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// isPortThenPath reports whether s is digits followed by nothing or by a
// path, query or fragment: what follows the colon of "host:port/…".
func isPortThenPath(s string) bool {
	end := strings.IndexAny(s, "/?#")
	if end < 0 {
		end = len(s)
	}
	for i := 0; i < end; i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }

// cleanHost lower-cases a host name, drops one trailing dot, and rejects it
// unless it is a dotted name of letters, digits, '-' and '_' (non-ASCII
// letters allowed). It is first folded to NFKC (so fullwidth "ｙｏｕｔｕｂｅ.com"
// is youtube.com) and a non-ASCII name is written in punycode (IDNA), so
// one host has one spelling and the duplicate-clip check cannot be
// sidestepped.
func cleanHost(h string) (string, error) {
	h = strings.TrimSuffix(strings.ToLower(norm.NFKC.String(h)), ".")
	if a, err := idna.Lookup.ToASCII(h); err == nil {
		h = a
	}
	if !strings.Contains(h, ".") {
		return "", notLink("host %q has no dot", h)
	}
	for label := range strings.SplitSeq(h, ".") {
		if label == "" {
			return "", notLink("host %q has an empty label", h)
		}
	}
	for _, r := range h {
		ok := r < utf8.RuneSelf && (isLetter(byte(r)) || isDigit(byte(r)) || strings.ContainsRune(".-_", r)) ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
		if !ok {
			return "", notLink("host %q has the character %q", h, r)
		}
	}
	return h, nil
}

// cleanPort returns the port to keep: none for 443, or for 80 on http;
// otherwise the number without leading zeros. Ports outside 1-65535 are
// errors.
func cleanPort(port, scheme string) (string, error) {
	if port == "" {
		return "", nil
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return "", notLink("bad port %q", port)
	}
	if n == 443 || n == 80 && scheme == "http" {
		return "", nil
	}
	return strconv.Itoa(n), nil
}

// cleanPath drops the trailing slashes of a decoded path, in NFC (a path
// typed with combining accents is the same path); the root is "/".
func cleanPath(p string) string {
	if p = strings.TrimRight(norm.NFC.String(p), "/"); p == "" {
		return "/"
	}
	return p
}

// cleanQuery decodes a raw query, dropping tracking parameters, parameters
// with an empty name, and pairs that cannot be decoded.
func cleanQuery(raw string) url.Values {
	q := url.Values{}
	for pair := range strings.SplitSeq(raw, "&") {
		k, v, _ := strings.Cut(pair, "=")
		key, err1 := url.QueryUnescape(k)
		value, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil || key == "" || isTracking(key) {
			continue
		}
		q[key] = append(q[key], value)
	}
	return q
}

// tracking lists the tracking parameters dropped from every address, besides
// utm_* and names starting with "__".
var tracking = map[string]bool{
	"fbclid": true, "gclid": true, "igshid": true, "igsh": true, "si": true,
	"feature": true, "pp": true, "_t": true, "_r": true, "is_from_webapp": true,
	"sender_device": true, "sender_web_id": true, "share_app_id": true,
	"share_link_id": true, "mibextid": true, "rdid": true, "ref": true,
	"refsrc": true, "msclkid": true, "dclid": true, "gbraid": true,
	"wbraid": true, "mc_cid": true, "mc_eid": true, "zarsrc": true,
}

// isTracking reports whether a query parameter only tracks who shared what.
func isTracking(name string) bool {
	name = strings.ToLower(name)
	return tracking[name] || strings.HasPrefix(name, "utm_") || strings.HasPrefix(name, "__")
}

// parts is an address being normalised.
type parts struct {
	host  string // lower-case, no port
	port  string // "" for the default
	path  string // decoded, no trailing slash, "/" for the root
	query url.Values
}

// String returns the address as https://host[:port]/path[?query], encoded
// by net/url, except that the sub-delimiters !'()* stay readable in the path.
func (p *parts) String() string {
	u := url.URL{Scheme: "https", Host: p.host, Path: p.path, RawQuery: p.query.Encode()}
	if p.port != "" {
		u.Host += ":" + p.port
	}
	u.RawPath = readable.Replace(u.EscapedPath())
	return u.String()
}

// readable undoes net/url's escaping of the sub-delimiters !'()* in paths,
// which RFC 3986 allows as they are (Foo_(bar) rather than Foo_%28bar%29).
var readable = strings.NewReplacer("%21", "!", "%27", "'", "%28", "(", "%29", ")", "%2A", "*")
