package cli_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"chidao"
	"chidao/internal/testclock"
	"chidao/storage"
)

// TestDirectiveLifeFromTheCommandLine: corrections, moved deadlines, an
// extension decided, a supplement and a recall through the contract's
// commands; bad input fails with one line and writes nothing; status
// --json gains each unit's deadlines and extensions.
func TestDirectiveLifeFromTheCommandLine(t *testing.T) {
	o := newOffice(t)
	o.must("unit", "import", example+"units.csv")
	future := testclock.Now().AddDate(0, 1, 0)
	id := strings.TrimSpace(o.must("directive", "create", "--number", "16/X", "--title", "Tiêu đề", "--body", "Nội dung",
		"--due", future.Format("2006-01-02"), "--units", "BKG,HNB", "--task", "Đăng clip", "--clips", "1"))
	changes := func() int { return o.count(`SELECT count(*) FROM directive_changes`) }
	bad := []struct {
		name string
		args []string
		want string
	}{
		{"an edit with nothing to change", []string{"directive", "edit", id, "--title", "Tiêu đề", "--note", "x"}, "changes nothing"},
		{"an edit without a note", []string{"directive", "edit", id, "--title", "Mới"}, "note is empty"},
		{"a task that does not exist", []string{"directive", "edit", id, "--task", "5", "--text", "x", "--note", "x"}, "no task 5"},
		{"a deadline in the past", []string{"directive", "due", id, "--due", "2020-01-01", "--reason", "x"}, "in the past"},
		{"a unit not addressed", []string{"directive", "due", id, "--due", future.AddDate(0, 0, 3).Format("2006-01-02"), "--unit", "BTGTU", "--reason", "x"}, "not a recipient"},
		{"a decision on no extension", []string{"directive", "extension", "decide", "99", "--approve"}, "not found"},
		{"approve and reject", []string{"directive", "extension", "decide", "1", "--approve", "--reject"}, "--approve or --reject"},
		{"an empty supplement", []string{"directive", "supplement", id, "--note", "x"}, "adds a task or an attachment"},
		{"a recall without a reason", []string{"directive", "recall", id}, "reason is empty"},
	}
	for _, c := range bad {
		_, err := o.run(c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v, want one line with %q", c.name, err, c.want)
		}
	}
	if n := changes(); n != 0 {
		t.Fatalf("bad input wrote %d changes", n)
	}

	o.must("directive", "edit", id, "--title", "Tiêu đề đã sửa", "--task", "1", "--text", "Đăng clip ngắn", "--note", "sửa trích yếu")
	o.must("directive", "edit", id, "--task", "1", "--clips", "2", "--note", "cần 2 clip")
	if out := o.must("status", id, "--json"); !strings.Contains(out, `"min_clips": 2`) {
		t.Fatalf("the task's requirement after the edit:\n%s", out)
	}
	moved := future.AddDate(0, 0, 7).Format("2006-01-02")
	o.must("directive", "due", id, "--due", moved, "--unit", "HNB", "--reason", "đơn vị có sự kiện")

	s, err := storage.Open(context.Background(), o.url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Now = testclock.Now
	var officer int64
	if err := s.Pool().QueryRow(context.Background(), `INSERT INTO people (full_name, unit_id, role) SELECT 'Lê Văn Cường', id, 'officer' FROM units WHERE code = 'BKG' RETURNING id`).Scan(&officer); err != nil {
		t.Fatal(err)
	}
	did := int64(0)
	_ = json.Unmarshal([]byte(id), &did)
	ext, err := s.RequestExtension(context.Background(), officer, did, future.AddDate(0, 0, 10), "thiết bị hỏng")
	if err != nil {
		t.Fatal(err)
	}
	list := o.must("directive", "extensions", id, "--json")
	if !strings.Contains(list, `"state": "pending"`) || !strings.Contains(list, `"reason": "thiết bị hỏng"`) {
		t.Fatalf("extensions --json:\n%s", list)
	}
	granted := future.AddDate(0, 0, 5).Format("2006-01-02")
	o.must("directive", "extension", "decide", strconv.FormatInt(ext.ID, 10), "--approve", "--due", granted)
	if _, err := o.run("directive", "extension", "decide", strconv.FormatInt(ext.ID, 10), "--reject", "--reason", "không"); err == nil || !strings.Contains(err.Error(), "already approved") {
		t.Fatalf("deciding twice: %v", err)
	}
	o.must("directive", "supplement", id, "--task", "Báo cáo kết quả", "--report", "--note", "bổ sung báo cáo")

	var st struct {
		Directive struct {
			State string `json:"state"`
			Title string `json:"title"`
			Tasks []struct {
				Text string `json:"text"`
			} `json:"tasks"`
		} `json:"directive"`
		Units []struct {
			Code        string `json:"code"`
			Due         string `json:"due"`
			OriginalDue string `json:"original_due"`
			Extensions  []struct {
				ID           int64   `json:"id"`
				State        string  `json:"state"`
				RequestedDue string  `json:"requested_due"`
				GrantedDue   *string `json:"granted_due"`
				DecidedBy    *string `json:"decided_by"`
			} `json:"extensions"`
		} `json:"units"`
	}
	if err := json.Unmarshal([]byte(o.must("status", id, "--json")), &st); err != nil {
		t.Fatal(err)
	}
	end := func(day string) string {
		d, _ := chidao.ParseDeadline(day)
		return chidao.FormatRFC3339(d)
	}
	bkg, dpt := st.Units[0], st.Units[1]
	if st.Directive.Title != "Tiêu đề đã sửa" || len(st.Directive.Tasks) != 2 || st.Directive.Tasks[0].Text != "Đăng clip ngắn" {
		t.Errorf("directive after edit and supplement: %+v", st.Directive)
	}
	if bkg.Due != end(granted) || bkg.OriginalDue != end(future.Format("2006-01-02")) || len(bkg.Extensions) != 1 ||
		bkg.Extensions[0].State != "approved" || bkg.Extensions[0].GrantedDue == nil || *bkg.Extensions[0].GrantedDue != end(granted) {
		t.Errorf("BKG: %+v", bkg)
	}
	if dpt.Due != end(moved) || len(dpt.Extensions) != 0 {
		t.Errorf("DPT: %+v", dpt)
	}

	o.must("directive", "recall", id, "--reason", "gửi nhầm")
	if _, err := o.run("directive", "recall", id, "--reason", "lần hai"); err == nil || !strings.Contains(err.Error(), "recalled") {
		t.Fatalf("recalling twice: %v", err)
	}
	if out := o.must("status", id, "--json"); !strings.Contains(out, `"state": "recalled"`) {
		t.Fatalf("status after recall:\n%s", out)
	}
	if n := changes(); n != 7 {
		t.Fatalf("changes recorded: %d, want 7", n)
	}
}
