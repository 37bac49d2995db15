package letter

import (
	"regexp"
	"strings"
	"time"
)

// readTasks finds the tasks among the body's paragraphs. With list markers,
// the items of the highest list level present are the tasks ("1." before
// "a)" before "-"); deeper items belong to the task above them; unmarked
// paragraphs before the first item are the preamble, after the last one
// the closing. Without markers every paragraph is a task except one that
// announces a list (ends with ":") and a closing courtesy. When no task asks
// for a report and the closing (or preamble) does, the report becomes a
// task of its own.
func readTasks(d *Draft, paras []string) {
	texts, pre, closing := splitTasks(paras, d.Issuer)
	d.Context = strings.Join(append(append([]string{}, pre...), closing...), "\n\n")
	var all []time.Time
	for _, t := range texts {
		clips, assumed := clipsOf(t)
		dl := deadlinesOf(t, d.IssuedOn)
		all = append(all, dl...)
		d.Tasks = append(d.Tasks, Task{Text: trimTaskText(t), Clips: clips, ClipsAssumed: assumed, Report: reportOf(t), Due: latest(dl)})
	}
	for _, p := range append(append([]string{}, closing...), pre...) {
		all = append(all, deadlinesOf(p, d.IssuedOn)...)
	}
	if !anyReport(d.Tasks) {
		for _, p := range append(append([]string{}, closing...), pre...) {
			if c := reportClause(p); c != "" {
				d.Tasks = append(d.Tasks, Task{Text: c, Report: true, Due: latest(deadlinesOf(c, d.IssuedOn))})
				break
			}
		}
	}
	d.Due = latest(all)
	for i := range d.Tasks {
		if d.Tasks[i].Due.Equal(d.Due) {
			d.Tasks[i].Due = time.Time{}
		}
	}
}

func anyReport(ts []Task) bool {
	for _, t := range ts {
		if t.Report {
			return true
		}
	}
	return false
}

// splitTasks returns the tasks' texts, the preamble and the closing.
func splitTasks(paras []string, issuer string) (tasks, pre, closing []string) {
	level := taskLevel(paras)
	if level < 0 {
		return unnumbered(paras, issuer)
	}
	aims := false // inside "I. MỤC ĐÍCH, YÊU CẦU": aims, not tasks
	lastItem := -1
	for i, p := range paras {
		if markerOf(p).level == level {
			lastItem = i
		}
	}
	for i, p := range paras {
		m := markerOf(p)
		if m.level >= 0 && m.level < level {
			aims = isAimsHeading(m.rest)
		}
		switch {
		case aims:
			pre = append(pre, p)
		case m.level == level:
			tasks = append(tasks, m.rest)
		case len(tasks) == 0:
			pre = append(pre, p)
		case m.level >= 0 && m.level < level:
			// a section heading ("II. NỘI DUNG") between tasks
		case m.level < 0 && i > lastItem:
			closing = append(closing, p)
		default:
			tasks[len(tasks)-1] += "\n" + p
		}
	}
	return tasks, pre, closing
}

// taskLevel is the list level whose items are the tasks, -1 for none.
func taskLevel(paras []string) int {
	present := map[int]bool{}
	for _, p := range paras {
		present[markerOf(p).level] = true
	}
	for _, l := range []int{1, 2, 3, 0, 4} {
		if present[l] {
			return l
		}
	}
	return -1
}

// isAimsHeading tells the section of a plan that states its aims.
func isAimsHeading(h string) bool {
	k := fold(h)
	return strings.HasPrefix(k, "muc dich") || strings.HasPrefix(k, "yeu cau")
}

func unnumbered(paras []string, issuer string) (tasks, pre, closing []string) {
	for i, p := range paras {
		switch {
		case strings.HasSuffix(p, ":") || selfStatement(p, issuer):
			pre = append(pre, p)
		case i == len(paras)-1 && len(tasks) > 0 && isCourtesy(p):
			closing = append(closing, p)
		default:
			tasks = append(tasks, p)
		}
	}
	return tasks, pre, closing
}

var courtesy = regexp.MustCompile(`(?i)trân trọng|quan tâm|triển khai thực hiện|phối hợp thực hiện|nghiêm túc thực hiện|thực hiện nghiêm túc|nhận được công văn|chỉ đạo thực hiện`)

// isCourtesy tells the closing formula of an unnumbered letter ("Đề nghị
// các đơn vị quan tâm, triển khai thực hiện./.") from a last task.
func isCourtesy(p string) bool {
	if len(strings.Fields(p)) > 45 || reportOf(p) || len(deadlinesOf(p, time.Time{})) > 0 {
		return false
	}
	if n, _ := clipsOf(p); n > 0 {
		return false
	}
	return courtesy.MatchString(p)
}

var request = regexp.MustCompile(`(?i)đề nghị|yêu cầu|đề xuất|chỉ đạo`)

// selfStatement tells a paragraph where the issuing body says what it does
// itself ("Ban Tuyên giáo và Dân vận Tỉnh ủy tổ chức Cuộc thi …") and asks
// nothing: context, not a task.
func selfStatement(p, issuer string) bool {
	parts := strings.Split(issuer, " / ")
	body := fold(parts[len(parts)-1])
	if body == "" || !strings.HasPrefix(fold(p), body) || request.MatchString(p) || reportOf(p) {
		return false
	}
	n, _ := clipsOf(p)
	return n == 0
}
