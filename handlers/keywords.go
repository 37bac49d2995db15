package handlers

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// keywords are the typed commands of chats without buttons (Zalo), as
// words without accents, and the command each stands for.
var keywords = []struct {
	words []string
	cmd   string
}{
	{[]string{"dang", "ky"}, "start"}, {[]string{"dk"}, "start"},
	{[]string{"da", "nhan"}, "danhan"},
	{[]string{"bao", "cao"}, "baocao"},
	{[]string{"kho", "khan"}, "khokhan"},
	{[]string{"huong", "dan"}, "huongdan"},
	{[]string{"viec"}, "viec"},
	{[]string{"duyet"}, "duyet"},
	{[]string{"tu", "choi"}, "tuchoi"},
	{[]string{"nhac", "sau"}, "nhacsau"},
	{[]string{"nhac", "nho"}, "nhacnho"},
	{[]string{"tinh", "hinh"}, "tinhhinh"},
	{[]string{"tam", "dung"}, "tamdung"},
	{[]string{"tiep", "tuc"}, "tieptuc"},
	{[]string{"kenh"}, "kenh"},
	{[]string{"lien", "ket"}, "lienket"},
	{[]string{"huy"}, "huy"},
}

// Keyword reads a typed keyword such as "Báo cáo Đã đăng 3 clip" or
// "BAO CAO ..." into its command ("baocao") and the rest of the text as
// typed. Case and Vietnamese accents do not matter; text that does not
// start with a keyword gives "".
func Keyword(text string) (cmd, arg string) {
	fields := strings.Fields(text)
	folded := make([]string, len(fields))
	for i, f := range fields {
		folded[i] = strings.TrimRight(Fold(f), ":,.;!")
	}
	for _, k := range keywords {
		if len(folded) < len(k.words) || !equalWords(folded[:len(k.words)], k.words) {
			continue
		}
		arg := afterWords(text, len(k.words))
		if !fits(k.cmd, arg) {
			return "", "" // ordinary text that starts like a keyword ("Huy đã gửi...", "Việc này...")
		}
		return k.cmd, arg
	}
	return "", ""
}

// fits reports whether what follows a keyword is what the keyword takes:
// free text for reports and difficulties, a code or a clip number for
// registration and reviews, nothing (or a polite "ạ") for the rest.
func fits(cmd, arg string) bool {
	switch cmd {
	case "baocao", "khokhan", "nhacnho", "tamdung", "tieptuc", "tinhhinh":
		return true
	case "danhan": // "Đã nhận văn bản, cảm ơn" acknowledges too
		return !strings.Contains(arg, "://")
	case "start":
		return arg != "" && !strings.ContainsFunc(arg, unicode.IsSpace)
	case "duyet", "tuchoi":
		num, rest, _ := strings.Cut(arg, " ")
		if num == "" || strings.Trim(strings.TrimPrefix(num, "#"), "0123456789") != "" {
			return false
		}
		// DUYET takes the number alone (or "ạ"); TU CHOI the number and a reason.
		return cmd == "tuchoi" || strings.Trim(Fold(rest), " .!") == "" || strings.Trim(Fold(rest), " .!") == "a"
	case "kenh":
		f := Fold(arg)
		return f == "" || f == "zalo" || f == "telegram"
	}
	f := strings.Trim(Fold(arg), " .!")
	return f == "" || f == "a"
}

func equalWords(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// afterWords returns text after its first n words, trimmed.
func afterWords(text string, n int) string {
	rest := strings.TrimSpace(text)
	for range n {
		i := strings.IndexFunc(rest, unicode.IsSpace)
		if i < 0 {
			return ""
		}
		rest = strings.TrimSpace(rest[i:])
	}
	return rest
}

var unaccent = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// Fold lower-cases s and removes Vietnamese accents ("Đã" → "da").
func Fold(s string) string {
	out, _, err := transform.String(unaccent, strings.ToLower(s))
	if err != nil {
		out = strings.ToLower(s)
	}
	return strings.NewReplacer("đ", "d", "Đ", "d").Replace(out)
}
