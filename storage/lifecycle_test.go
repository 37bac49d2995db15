package storage_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"chidao"
	"chidao/storage"
)

// TestDirectiveLife walks a directive through a correction, a moved
// deadline, an extension asked and approved with another date, a
// supplement, a withdrawn clip and a recall, checking statuses, history
// and what is refused.
func TestDirectiveLife(t *testing.T) {
	b := setup(t)
	officer := b.register(t, "BKG", chidao.RoleOfficer, "Nguyễn Văn An", "1")
	head := b.register(t, "BKG", chidao.RoleHead, "Lê Thị Hoa", "2")
	b.register(t, "PTTH", chidao.RoleOfficer, "Phạm Minh", "3")
	due, _ := chidao.ParseDeadline("2024-04-15")
	id, err := b.store.CreateDirective(b.ctx, cli, storage.NewDirective{
		Number: "1483-CV/BTGTU", Title: "Tăng cường thông tin", Due: due, AllUnits: true,
		Tasks: []storage.NewTask{{Text: "Sản xuất video clip ngắn", Requirement: chidao.Requirement{MinClips: 1}}},
	})
	must(t, err)
	notices := func() int {
		return count(t, b, `SELECT count(*) FROM deliveries WHERE directive_id = $1 AND kind = 'change'`, id)
	}

	// A correction: nothing to change is refused, writing nothing.
	same := "Tăng cường thông tin"
	if _, err := b.store.EditDirective(b.ctx, cli, id, storage.Edit{Title: &same, Note: "x"}); !errors.Is(err, chidao.ErrInvalid) {
		t.Fatalf("an edit changing nothing: %v", err)
	}
	title := "Tăng cường thông tin trên các nền tảng số"
	c, err := b.store.EditDirective(b.ctx, cli, id, storage.Edit{Title: &title, Tasks: map[int]string{1: "Sản xuất video clip ngắn (1-3 phút)"}, Note: "Sửa trích yếu"})
	must(t, err)
	if c.Revision != 1 || c.Before["title"] != "Tăng cường thông tin" || notices() != 3 {
		t.Fatalf("correction %+v, notices %d", c, notices())
	}

	// The deadline moves earlier for every unit, then one unit asks for more.
	earlier, _ := chidao.ParseDeadline("2024-04-10")
	if _, err := b.store.MoveDue(b.ctx, cli, id, b.clock.t.Add(-time.Hour), "", "x"); !errors.Is(err, chidao.ErrInvalid) {
		t.Fatalf("a deadline in the past: %v", err)
	}
	_, err = b.store.MoveDue(b.ctx, cli, id, earlier, "", "Kế hoạch của tỉnh thay đổi")
	must(t, err)
	asked, _ := chidao.ParseDeadline("2024-04-20")
	ext, err := b.store.RequestExtension(b.ctx, officer.ID, id, asked, "Thiết bị hỏng")
	must(t, err)
	if _, err := b.store.RequestExtension(b.ctx, officer.ID, id, asked, "lần hai"); !errors.Is(err, storage.ErrPendingExtension) {
		t.Fatalf("a second pending request: %v", err)
	}
	granted, _ := chidao.ParseDeadline("2024-04-18")
	_, err = b.store.DecideExtension(b.ctx, cli, ext.ID, storage.Decision{Approve: true, Due: granted})
	must(t, err)
	if _, err := b.store.DecideExtension(b.ctx, cli, ext.ID, storage.Decision{Reason: "không"}); !errors.Is(err, chidao.ErrInvalid) {
		t.Fatalf("deciding twice: %v", err)
	}

	// After the common deadline, BKG (extended) is in progress, PTTH overdue.
	b.clock.t = earlier.Add(time.Hour)
	r, err := b.store.DirectiveStatus(b.ctx, id)
	must(t, err)
	bkg, ptth := r.Units[0], r.Units[1]
	if !bkg.Due.Equal(granted) || !bkg.OriginalDue.Equal(due) || len(bkg.Extensions) != 1 || bkg.Extensions[0].State != "approved" {
		t.Fatalf("BKG deadlines: due %v original %v extensions %+v", bkg.Due, bkg.OriginalDue, bkg.Extensions)
	}
	if bkg.Status != chidao.StatusInProgress || ptth.Status != chidao.StatusOverdue || !ptth.Due.Equal(earlier) {
		t.Fatalf("statuses: BKG %s, PTTH %s due %v", bkg.Status, ptth.Status, ptth.Due)
	}
	if r.Tasks[0].Text != "Sản xuất video clip ngắn (1-3 phút)" || r.Directive.Title != title {
		t.Fatalf("corrected texts: %q, %q", r.Directive.Title, r.Tasks[0].Text)
	}

	// A clip approved completes BKG; a supplement asking for a report
	// puts it back in progress. A clip withdrawn before review is not counted.
	clip, err := b.store.Submit(b.ctx, storage.Submission{PersonID: officer.ID, DirectiveID: id, Kind: "clip", URL: "https://youtu.be/a", Platform: "youtube"})
	must(t, err)
	wrong, err := b.store.Submit(b.ctx, storage.Submission{PersonID: officer.ID, DirectiveID: id, Kind: "clip", URL: "https://youtu.be/wrong", Platform: "youtube"})
	must(t, err)
	if _, err := b.store.WithdrawSubmission(b.ctx, officer.ID, wrong); err != nil {
		t.Fatal(err)
	}
	must(t, b.store.ReviewClip(b.ctx, head.ID, clip, true, ""))
	if _, err := b.store.WithdrawSubmission(b.ctx, officer.ID, clip); !errors.Is(err, storage.ErrReviewed) {
		t.Fatalf("withdrawing a reviewed clip: %v", err)
	}
	r, _ = b.store.DirectiveStatus(b.ctx, id)
	if u := r.Units[0]; u.Status != chidao.StatusDoneOnTime || u.ClipsApproved != 1 || len(u.Clips) != 2 || u.Clips[1].WithdrawnAt.IsZero() {
		t.Fatalf("BKG after its clip: %s, %d approved, clips %+v", u.Status, u.ClipsApproved, u.Clips)
	}
	// The task now asks for two clips: BKG is back in progress.
	if _, err := b.store.EditDirective(b.ctx, cli, id, storage.Edit{Clips: map[int]int{1: 2}, Note: "cần 2 clip"}); err != nil {
		t.Fatal(err)
	}
	r, _ = b.store.DirectiveStatus(b.ctx, id)
	if u := r.Units[0]; u.Status != chidao.StatusInProgress || r.Tasks[0].MinClips != 2 || !u.DoneAt.IsZero() {
		t.Fatalf("BKG after the requirement changed: %s, task %+v", u.Status, r.Tasks[0])
	}
	_, err = b.store.SupplementDirective(b.ctx, cli, id, storage.Supplement{Tasks: []storage.NewTask{{Text: "Báo cáo kết quả", Requirement: chidao.Requirement{Report: true}}}, Note: "Bổ sung báo cáo"})
	must(t, err)
	r, _ = b.store.DirectiveStatus(b.ctx, id)
	if u := r.Units[0]; u.Status != chidao.StatusInProgress || len(r.Tasks) != 2 {
		t.Fatalf("BKG after the supplement: %s, %d tasks", u.Status, len(r.Tasks))
	}

	// Recall: reminders and work stop; a second recall is refused.
	_, err = b.store.RecallDirective(b.ctx, cli, id, "Gửi nhầm đơn vị")
	must(t, err)
	if _, err := b.store.RecallDirective(b.ctx, cli, id, "x"); !errors.Is(err, chidao.ErrInvalid) {
		t.Fatalf("recalling twice: %v", err)
	}
	if open, _, err := b.store.OpenAssignments(b.ctx, id); err != nil || len(open) != 0 {
		t.Fatalf("open assignments of a recalled directive: %d, %v", len(open), err)
	}
	if ds, _ := b.store.OpenDirectivesOf(b.ctx, "BKG"); len(ds) != 0 {
		t.Fatalf("a recalled directive still in the unit's list: %+v", ds)
	}
	h, err := b.store.History(b.ctx, id)
	must(t, err)
	var kinds []string
	for _, c := range h {
		kinds = append(kinds, c.Kind)
	}
	if want := "edit due extension extension edit supplement recall"; join(kinds) != want {
		t.Fatalf("history %q, want %q", join(kinds), want)
	}
	if n := count(t, b, `SELECT count(*) FROM audit_log WHERE action LIKE 'directive.%' AND entity_id = $1`, fmt.Sprint(id)); n != 8 {
		t.Fatalf("audited directive changes = %d, want 8 (create and seven changes)", n)
	}
}

func join(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out
}
