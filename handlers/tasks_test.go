package handlers

import (
	"testing"
	"time"

	"chidao"
	"chidao/texts"
)

// TestTaskLinesRoundTrip: the tasks the dashboard writes into its form
// (texts.TaskLine) are read back as they were, deadlines included.
func TestTaskLinesRoundTrip(t *testing.T) {
	due := time.Date(2026, 4, 15, 17, 0, 0, 0, chidao.Zone)
	day := chidao.EndOfDay(time.Date(2026, 4, 20, 0, 0, 0, 0, chidao.Zone))
	in := []struct {
		text string
		req  chidao.Requirement
		due  time.Time
	}{
		{"Xây dựng các video clip ngắn (nhất là clip chính trị)", chidao.Requirement{MinClips: 2}, time.Time{}},
		{"Báo cáo kết quả\nthực hiện", chidao.Requirement{Report: true}, due},
		{"Rà soát hiệu quả", chidao.Requirement{MinClips: 1, Report: true}, day},
	}
	var lines string
	for _, task := range in {
		lines += texts.TaskLine(task.text, task.req, task.due) + "\n"
	}
	got := ParseTasks(lines, "V/v thử")
	if len(got) != len(in) {
		t.Fatalf("%d tasks from\n%s", len(got), lines)
	}
	want := []string{"Xây dựng các video clip ngắn (nhất là clip chính trị)", "Báo cáo kết quả thực hiện", "Rà soát hiệu quả"}
	for i, task := range got {
		if task.Text != want[i] || task.Requirement != in[i].req || !task.Due.Equal(in[i].due) {
			t.Errorf("task %d = %+v; want %q %+v due %v", i+1, task, want[i], in[i].req, in[i].due)
		}
	}
}
