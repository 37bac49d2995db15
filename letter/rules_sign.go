package letter

import (
	"regexp"
	"strings"
	"unicode"
)

// The rules of the foot: "Nơi nhận:" and its list, the signer's title
// ("K/T TRƯỞNG BAN" over "PHÓ TRƯỞNG BAN", "T/L", "T/M BAN THƯỜNG VỤ",
// "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC") and name.

var (
	onBehalf    = regexp.MustCompile(`^(?:K/T|KT\.?|T/L|TL\.?|T/M|TM\.?|Q\.|TUQ\.?|Q/)\s*\p{Lu}`)
	titleWords  = regexp.MustCompile(`^(?:PHÓ\s+)?(?:TRƯỞNG BAN|GIÁM ĐỐC|CHỦ TỊCH|BÍ THƯ|CHÁNH VĂN PHÒNG|TRƯỞNG PHÒNG|TỔNG BIÊN TẬP|CHỦ NHIỆM|TRƯỞNG ĐÀI|THỦ TRƯỞNG|VIỆN TRƯỞNG|HIỆU TRƯỞNG)$`)
	titleWord   = regexp.MustCompile(`TRƯỞNG|PHÓ|BÍ THƯ|GIÁM ĐỐC|CHỦ TỊCH|CHÁNH|THƯỜNG TRỰC|ỦY VIÊN|CHỦ NHIỆM`)
	placeToSend = regexp.MustCompile(`(?i)^nơi\s+nhận\s*:?\s*(.*)$`)
	signedMark  = regexp.MustCompile(`(?i)^[(\[]?\s*(?:đã\s+ký|ký(?:\s+tên)?,?\s*(?:ghi rõ họ tên|đóng dấu).*|daky|đã ký và đóng dấu)\s*[)\]]?$`)
	eSignMeta   = regexp.MustCompile(`(?i)^(?:người ký|ký bởi|email|cơ quan|chức vụ|thời gian ký|ngày ký)\s*:\s*(.*)$`)
)

// isSignTitle tells the first line of a signature block.
func isSignTitle(line string) bool {
	return isUpper(line) && (onBehalf.MatchString(line) || titleWords.MatchString(line))
}

// noiNhan reads "Nơi nhận:" and what follows it on the line.
func noiNhan(line string) (string, bool) {
	m := placeToSend.FindStringSubmatch(line)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// isSignedMark is "(Đã ký)" or a signing instruction left in a template.
func isSignedMark(line string) bool { return signedMark.MatchString(line) }

// eSigner reads the signer from the text of an e-signature stamp
// ("Người ký: Lâm Văn Sễn").
func eSigner(line string) (string, bool) {
	m := eSignMeta.FindStringSubmatch(line)
	if m == nil {
		return "", false
	}
	if k := strings.ToLower(line); strings.HasPrefix(k, "người ký") || strings.HasPrefix(k, "ký bởi") {
		return strings.TrimSpace(m[1]), true
	}
	return "", true
}

// isPersonName tells a Vietnamese full name: two to six words, each with a
// capital and the rest small letters ("Lâm Văn Sễn").
func isPersonName(line string) bool {
	words := strings.Fields(line)
	if len(words) < 2 || len(words) > 6 {
		return false
	}
	for _, w := range words {
		for i, r := range w {
			if !unicode.IsLetter(r) || (i == 0) != unicode.IsUpper(r) {
				return false
			}
		}
	}
	return true
}

// copyOnly tells a "Nơi nhận" entry that receives the letter for the file
// or for information, not to act on it: "Như trên", "Lưu VT", "(b/c)".
func copyOnly(entry string) bool {
	k := strings.ToLower(entry)
	for _, s := range []string{"như trên", "lưu", "b/c", "để biết", "báo cáo)", "để báo cáo", "t/d", "để theo dõi"} {
		if strings.HasPrefix(k, s) || (strings.Contains(s, "/") || strings.Contains(s, ")") || strings.HasPrefix(s, "để")) && strings.Contains(k, s) {
			return true
		}
	}
	return false
}
