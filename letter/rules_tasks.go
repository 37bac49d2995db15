package letter

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"chidao"
)

// The rules of what a task asks back: clips and how many, a report, and
// the deadlines written in the text.

const clipNoun = `(?:video\s*clip|video|clip|phóng sự ngắn)`

var (
	clipCount = regexp.MustCompile(`(?i)(?:^|[^\p{L}\d])(\d{1,3}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)(?:\s*(?:đến|-|–)\s*\d{1,3})?\s*(?:\([^)]{1,15}\)\s*)?(?:sản phẩm\s+)?` + clipNoun + `(?:[^\p{L}]|$)`)
	clipMade  = regexp.MustCompile(`(?i)(?:xây dựng|sản xuất|thực hiện|đăng tải|đăng phát|đăng|chia sẻ|phát hành|gửi|làm|dựng)(?:[\s,]+[\p{L}]+){0,3}?[\s,]+` + clipNoun + `(?:[^\p{L}]|$)`)
)

var numberWords = map[string]int{"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}

// clipsOf reads how many clips a task asks for: "ít nhất 02 video clip"
// is 2, "01 clip về A và 02 clip về B" is 3. A task that asks for clips
// without a number ("xây dựng các video clip ngắn") gets 1, the least that
// makes the task checkable, with assumed set so the admin is told; a task
// that only mentions clips ("kiểm duyệt các video clip") asks for none.
func clipsOf(text string) (n int, assumed bool) {
	for _, m := range clipCount.FindAllStringSubmatch(text, -1) {
		v, err := strconv.Atoi(m[1])
		if err != nil {
			v = numberWords[strings.ToLower(m[1])]
		}
		n += v
	}
	if n > 0 {
		return n, false
	}
	if clipMade.MatchString(text) {
		return 1, true
	}
	return 0, false
}

var reportAsked = regexp.MustCompile(`(?i)(?:^|[^\p{L}])((?:gửi|nộp|có|xây dựng|tổng hợp)\s+(?:văn bản\s+)?báo cáo|báo cáo\s+(?:kết quả|tình hình|việc|sơ kết|tổng kết|nhanh|định kỳ|bằng văn bản|về|cho|gửi|kèm))`)

// reportAt finds where a text asks for a written report ("báo cáo kết quả
// thực hiện về Ban …", "gửi báo cáo"), not where it names the reporters
// ("đội ngũ báo cáo viên") or cites a report ("Báo cáo số 12-BC/TU"); -1
// when it does not.
func reportAt(text string) int {
	for _, loc := range reportAsked.FindAllStringSubmatchIndex(text, -1) {
		if !strings.HasPrefix(strings.TrimSpace(text[loc[3]:]), "viên") {
			return loc[2]
		}
	}
	return -1
}

// reportOf tells a task that asks for a written report.
func reportOf(text string) bool { return reportAt(text) >= 0 }

// reportClause is the clause of a closing paragraph that asks for the
// report, from "báo cáo" (or the verb before it) to the end of its
// sentence: the text of the report task added for it.
func reportClause(text string) string {
	start := reportAt(text)
	if start < 0 {
		return ""
	}
	rest := text[start:]
	if i := strings.Index(rest, ". "); i >= 0 {
		rest = rest[:i+1]
	}
	if i := strings.Index(rest, "; "); i >= 0 {
		rest = rest[:i]
	}
	return sentenceCase(trimTaskText(rest))
}

// trimTaskText drops the marks that close an item or a letter ("./.", ";").
func trimTaskText(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "./.")
	s = strings.TrimRight(s, ";,")
	s = strings.TrimSpace(s)
	if s != "" && !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, ":") && !strings.HasSuffix(s, ")") {
		s += "."
	}
	return s
}

var periodBefore = regexp.MustCompile(`(?i)(?:^|[^\p{L}])từ\s+(?:ngày\s+)?\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\s*$|(?:^|[^\p{L}])từ\s+tháng\s+\d{1,2}(?:/\d{4})?\s*$`)

var deadlineCue = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(trước|chậm nhất|muộn nhất|hạn chót|hạn cuối|thời hạn|không quá|đến hết|đến|hoàn thành trong|trong)(?:\s+(?:là|vào|lúc|gửi|nộp|báo cáo))?\s*:?\s*`)

// deadlinesOf reads the deadlines written in a text: "trước ngày
// 10/9/2025" and "chậm nhất ngày 15/6/2024" are the end of that day,
// "trước 17 giờ ngày 20/12/2025" that hour, "hoàn thành trong tháng 5/2025"
// the end of the month. A date without a year takes the year of issue (the
// next one when it would fall before the issue). A deadline is the last
// moment the work is on time: "trước ngày 10/9" counts 10/9 in, as offices
// read it. Dates before the issue are not deadlines, nor is the end of a
// period ("từ ngày 01/10 đến ngày 31/10").
func deadlinesOf(text string, issued time.Time) []time.Time {
	var out []time.Time
	for _, loc := range deadlineCue.FindAllStringSubmatchIndex(text, -1) {
		cue := strings.ToLower(text[loc[2]:loc[3]])
		if strings.HasPrefix(cue, "đến") && periodBefore.MatchString(text[max(0, loc[2]-40):loc[2]]) {
			continue // "từ ngày 01/10/2025 đến ngày 31/10/2025" is a period
		}
		t, ok := deadlineAt(cue, text[loc[1]:], issued)
		if ok && (issued.IsZero() || !t.Before(issued)) {
			out = append(out, t)
		}
	}
	return out
}

var (
	dlTime    = regexp.MustCompile(`(?i)^(\d{1,2})\s*(?:giờ|h|g)\s*(\d{2})?(?:\s*phút)?\s*,?\s*`)
	dlFiller  = regexp.MustCompile(`(?i)^(?:(?:ngày|hết|vào|là|lúc|trước|chậm nhất|muộn nhất)\s+|thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])\s*,?\s*|chủ nhật\s*,?\s*|\(\s*|,\s*)`)
	dlNumeric = regexp.MustCompile(`^(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}|\d{2}))?(?:[^\d/.-]|[.](?:\s|$)|$)`)
	dlWords   = regexp.MustCompile(`(?i)^(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*,?\s*năm\s+(\d{4}))?`)
	dlMonth   = regexp.MustCompile(`(?i)^tháng\s+(\d{1,2})(?:\s*/\s*|\s+năm\s+)(\d{4})`)
	dlQuarter = regexp.MustCompile(`(?i)^quý\s+(I{1,3}|IV|[1-4])(?:\s*/\s*|\s+năm\s+)(\d{4})`)
)

// deadlineAt reads the moment written after a cue.
func deadlineAt(cue, tail string, issued time.Time) (time.Time, bool) {
	hour, minute, timed, sawDay := 0, 0, false, false
	for i := 0; i < 6; i++ {
		if m := dlTime.FindStringSubmatch(tail); m != nil && !timed {
			hour, _ = strconv.Atoi(m[1])
			minute, _ = strconv.Atoi(m[2])
			timed = hour < 24 && minute < 60
			tail = tail[len(m[0]):]
			continue
		}
		if loc := dlFiller.FindStringIndex(tail); loc != nil {
			sawDay = sawDay || strings.HasPrefix(strings.ToLower(tail), "ngày")
			tail = tail[loc[1]:]
			continue
		}
		break
	}
	if cue == "trong" || cue == "hoàn thành trong" || cue == "đến hết" {
		if t, ok := monthOrQuarterEnd(tail); ok {
			return t, true
		}
	}
	if (cue == "trong" || cue == "đến") && !sawDay && !timed {
		return time.Time{}, false // "trong 5 ngày", "đến 2025": no date
	}
	d, ok := dayOf(tail, issued)
	if !ok {
		return time.Time{}, false
	}
	if timed {
		return d.Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute), true
	}
	return chidao.EndOfDay(d), true
}

func dayOf(tail string, issued time.Time) (time.Time, bool) {
	m := dlNumeric.FindStringSubmatch(tail)
	if m == nil {
		m = dlWords.FindStringSubmatch(tail)
	}
	if m == nil {
		return time.Time{}, false
	}
	d, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	y, err := strconv.Atoi(m[3])
	switch {
	case err == nil && y < 100:
		y += 2000
	case err != nil && issued.IsZero():
		return time.Time{}, false
	case err != nil:
		y = issued.Year()
		if t, ok := validDate(y, mo, d); ok && t.Before(issued) {
			y++
		}
	}
	return validDate(y, mo, d)
}

func monthOrQuarterEnd(tail string) (time.Time, bool) {
	if m := dlMonth.FindStringSubmatch(tail); m != nil {
		mo, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		if first, ok := validDate(y, mo, 1); ok {
			return chidao.EndOfDay(first.AddDate(0, 1, -1)), true
		}
	}
	if m := dlQuarter.FindStringSubmatch(tail); m != nil {
		q := map[string]int{"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}[strings.ToUpper(m[1])]
		y, _ := strconv.Atoi(m[2])
		if first, ok := validDate(y, q*3-2, 1); ok {
			return chidao.EndOfDay(first.AddDate(0, 3, -1)), true
		}
	}
	return time.Time{}, false
}

// latest is the last of some moments, zero for none.
func latest(ts []time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}
