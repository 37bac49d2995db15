package letter

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"chidao"
)

// The rules of the header (Quy định 66-QĐ/TW, Nghị định 30/2020/NĐ-CP):
// the issuing body, the national motto, the number, the place and date, the
// kind of document and its subject. Each rule reads one line.

var motto = regexp.MustCompile(`ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM|CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc`)

// stripMotto removes the national motto and the party name from a line (a
// typed header can put them on the line of the issuing body or the number).
func stripMotto(line string) string {
	if mottoPart.MatchString(line) {
		return ""
	}
	return strings.TrimSpace(motto.ReplaceAllString(line, " "))
}

// mottoPart is a line of the motto wrapped in a narrow column.
var mottoPart = regexp.MustCompile(`^(?:CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA|VIỆT\s+NAM|ĐẢNG\s+CỘNG\s+SẢN|Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]?|Hạnh\s+phúc)$`)

var decoration = regexp.MustCompile(`^[\s*_=~\-–—.oO0·]*$`)

// isDecoration is a separator line: "*", "-----", "___", "---o0o---".
func isDecoration(line string) bool { return decoration.MatchString(line) }

var numberColon = regexp.MustCompile(`(?i)^số\s*:`)

var numberLine = regexp.MustCompile(`(?i)^số\s*[:.]?\s*(\S.*?)\s*(?:$|\s{2,})`)

// numberOf reads "Số 1483-CV/BTGTU", "Số: 123/SVHTT-VP", "Số 1483-CV-BTGTU".
// ok tells a number line even when the number itself is left blank.
func numberOf(line string) (number string, ok bool) {
	m := numberLine.FindStringSubmatch(line)
	if m == nil {
		return "", false
	}
	tok := strings.Fields(m[1])
	if len(tok) == 0 {
		return "", true
	}
	if c := tok[0][0]; !numberColon.MatchString(line) && (c < '0' || c > '9') && !strings.ContainsRune("._/-", rune(c)) && !strings.HasPrefix(tok[0], "…") {
		return "", false // "Số lượng …" opens a sentence
	}
	// "Số 1483 -CV/BTGTU": a space slipped in around the dash or the slash.
	n := tok[0]
	for _, t := range tok[1:] {
		if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "/") || strings.HasSuffix(n, "-") || strings.HasSuffix(n, "/") {
			n += t
			continue
		}
		break
	}
	return normalizeNumber(n), true
}

var dashedNumber = regexp.MustCompile(`^(\d+)-([\p{Lu}Đ]+)-([\p{Lu}Đ][\p{Lu}Đ0-9]*)$`)

// normalizeNumber writes a number the official way: "1483-CV-BTGTU" (a file
// name's dash for the slash) becomes "1483-CV/BTGTU"; a number without any
// digit is no number ("Số: …/BTGDVTU" in an unsigned draft).
func normalizeNumber(n string) string {
	n = strings.Trim(n, ".,;:")
	if !strings.ContainsAny(n, "0123456789") {
		return ""
	}
	n = strings.ReplaceAll(strings.ReplaceAll(n, "–", "-"), "—", "-")
	if m := dashedNumber.FindStringSubmatch(n); m != nil {
		return m[1] + "-" + m[2] + "/" + m[3]
	}
	return n
}

var placeDate = regexp.MustCompile(`(?i)(?:^|\s)([\p{L}][\p{L} .]{1,40}?)\s*,\s*ngày\s+(\d{1,2}|[.…_ ]*)\s*tháng\s+(\d{1,2})\s+năm\s+(\d{4})`)

// placeDateOf reads "Kiên Giang, ngày 03 tháng 4 năm 2024". A blank day
// (an unsigned draft) gives the place and no date; ok tells the line.
func placeDateOf(line string) (place string, date time.Time, ok bool) {
	m := placeDate.FindStringSubmatch(line)
	if m == nil {
		return "", time.Time{}, false
	}
	place = strings.TrimSpace(m[1])
	d, errD := strconv.Atoi(m[2])
	mo, _ := strconv.Atoi(m[3])
	y, _ := strconv.Atoi(m[4])
	if errD == nil {
		date, _ = validDate(y, mo, d)
	}
	return place, date, true
}

// validDate builds a date in Vietnam, refusing 31/2 and the like.
func validDate(y, m, d int) (time.Time, bool) {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, chidao.Zone)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d || y < 1945 || y > 2100 {
		return time.Time{}, false
	}
	return t, true
}

var kinds = map[string]string{
	"CÔNG VĂN": "Công văn", "KẾ HOẠCH": "Kế hoạch", "THÔNG BÁO": "Thông báo", "HƯỚNG DẪN": "Hướng dẫn",
	"CHỈ THỊ": "Chỉ thị", "QUYẾT ĐỊNH": "Quyết định", "CHƯƠNG TRÌNH": "Chương trình", "GIẤY MỜI": "Giấy mời",
	"CÔNG ĐIỆN": "Công điện", "ĐỀ CƯƠNG": "Đề cương",
}

// kindOf reads the name of the kind of document, set alone on its line
// above the subject ("KẾ HOẠCH").
func kindOf(line string) (string, bool) {
	k, ok := kinds[strings.ToUpper(strings.TrimSpace(line))]
	return k, ok && isUpper(line)
}

var numberKinds = map[string]string{
	"CV": "Công văn", "KH": "Kế hoạch", "TB": "Thông báo", "HD": "Hướng dẫn", "CT": "Chỉ thị",
	"QĐ": "Quyết định", "CTr": "Chương trình", "GM": "Giấy mời", "CĐ": "Công điện",
}

// kindOfNumber reads the kind from a Party number ("45-KH/BTGDVTU" is a
// plan); state numbers ("123/SVHTT-VP") say nothing of it: a công văn.
func kindOfNumber(n string) string {
	if i, j := strings.IndexByte(n, '-'), strings.IndexByte(n, '/'); i > 0 && j > i {
		if k, ok := numberKinds[n[i+1:j]]; ok {
			return k
		}
	}
	if n != "" {
		return "Công văn"
	}
	return ""
}

var subjectLine = regexp.MustCompile(`(?i)^(?:v/v|v\.v|về việc)\s*[:.]?\s*`)

// subjectOf reads "V/v tăng cường …" or "Về việc …".
func subjectOf(line string) (string, bool) {
	loc := subjectLine.FindStringIndex(line)
	if loc == nil {
		return "", false
	}
	return line[loc[1]:], true
}

// isUpper tells a line written in capitals (the issuing body, titles).
func isUpper(line string) bool {
	letters := 0
	for _, r := range line {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// sentenceCase gives a subject its capital: "tăng cường …" → "Tăng cường …".
func sentenceCase(s string) string {
	s = strings.TrimSpace(s)
	for i, r := range s {
		return s[:i] + string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

var bodyOpening = regexp.MustCompile(`^(?:Thực hiện|Căn cứ|Triển khai|Nhằm|Để|Theo|Qua|Sáng|Chiều|Ngày|Trong|Nhân dịp|Hưởng ứng)\s`)

// opensBody tells the first line of the body from a subject's second line.
func opensBody(line string) bool {
	m := markerOf(line).level
	return bodyOpening.MatchString(line) || len([]rune(line)) > 140 || m == 1 || m == 2
}
