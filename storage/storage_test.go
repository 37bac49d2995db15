package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/internal/dbtest"
	"chidao/storage"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var cli = chidao.Actor{Label: "cli:test"}

// clock is a settable clock for a Store.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// bundle is what most tests need: a store on its own database with a clock
// and the Office with two units under it.
type bundle struct {
	ctx   context.Context
	store *storage.Store
	clock *clock
}

func setup(t *testing.T) bundle {
	t.Helper()
	t.Parallel()
	s := dbtest.Store(t)
	c := &clock{t: time.Date(2024, 4, 3, 9, 0, 0, 0, chidao.Zone)}
	s.Now = c.now
	ctx := context.Background()
	_, _, err := s.ImportUnits(ctx, cli, []storage.UnitRow{
		{Line: 2, Unit: chidao.Unit{Code: "BTGTU", Name: "Ban Tuyên giáo Tỉnh ủy"}},
		{Line: 3, Unit: chidao.Unit{Code: "BKG", Name: "Báo Kiên Giang", ParentCode: "BTGTU"}},
		{Line: 4, Unit: chidao.Unit{Code: "PTTH", Name: "Đài Phát thanh và Truyền hình Kiên Giang", ParentCode: "BTGTU"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return bundle{ctx: ctx, store: s, clock: c}
}

// register makes a person of the unit through a real invite.
func (b bundle) register(t *testing.T, unit string, role chidao.Role, name, tgID string) chidao.Person {
	t.Helper()
	inv, err := b.store.CreateInvite(b.ctx, cli, storage.NewInvite{UnitCode: unit, Role: role, FullName: name, TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	p, err := b.store.RedeemInvite(b.ctx, storage.Redemption{Code: inv.Code, Channel: chidao.Telegram, ExternalUserID: tgID, ChatID: tgID})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func count(t *testing.T, b bundle, q string, args ...any) int {
	t.Helper()
	var n int
	if err := b.store.Pool().QueryRow(b.ctx, q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportUnitsRejectsTheWholeFileOnABadLine(t *testing.T) {
	b := setup(t)
	before := count(t, b, `SELECT count(*) FROM units`)
	cases := []struct {
		name string
		rows []storage.UnitRow
		line string
	}{
		{"unknown parent", []storage.UnitRow{{Line: 2, Unit: chidao.Unit{Code: "A", Name: "A"}}, {Line: 3, Unit: chidao.Unit{Code: "B", Name: "B", ParentCode: "NOPE"}}}, "line 3"},
		{"cycle through an existing unit", []storage.UnitRow{{Line: 2, Unit: chidao.Unit{Code: "X", Name: "X", ParentCode: "BKG"}}, {Line: 7, Unit: chidao.Unit{Code: "BKG", Name: "Báo", ParentCode: "X"}}}, "line"},
		{"duplicate code", []storage.UnitRow{{Line: 2, Unit: chidao.Unit{Code: "A", Name: "A"}}, {Line: 5, Unit: chidao.Unit{Code: "A", Name: "A2"}}}, "line 5"},
		{"empty name", []storage.UnitRow{{Line: 2, Unit: chidao.Unit{Code: "A", Name: "A"}}, {Line: 4, Unit: chidao.Unit{Code: "C", Name: " "}}}, "line 4"},
		{"bad code", []storage.UnitRow{{Line: 9, Unit: chidao.Unit{Code: "có dấu", Name: "A"}}}, "line 9"},
		{"invalid UTF-8", []storage.UnitRow{{Line: 3, Unit: chidao.Unit{Code: "A", Name: "\xff"}}}, "line 3"},
	}
	for _, c := range cases {
		_, _, err := b.store.ImportUnits(b.ctx, cli, c.rows)
		if !errors.Is(err, chidao.ErrInvalid) || !strings.Contains(err.Error(), c.line) {
			t.Errorf("%s: got %v, want an invalid-input error naming %q", c.name, err, c.line)
		}
	}
	if after := count(t, b, `SELECT count(*) FROM units`); after != before {
		t.Errorf("a rejected import wrote units: %d before, %d after", before, after)
	}
	if n := count(t, b, `SELECT count(*) FROM units WHERE name = 'Báo'`); n != 0 {
		t.Error("a rejected import renamed a unit")
	}
}

func TestImportUnitsUpdatesNamesAndAuditsEveryChange(t *testing.T) {
	b := setup(t)
	created, updated, err := b.store.ImportUnits(b.ctx, cli, []storage.UnitRow{
		{Line: 2, Unit: chidao.Unit{Code: "BKG", Name: "Báo Kiên Giang điện tử", ParentCode: "BTGTU"}},
		{Line: 3, Unit: chidao.Unit{Code: "TTVH-RG", Name: "Trung tâm Văn hóa - Truyền thanh Rạch Giá", ParentCode: "BTGTU"}},
	})
	if err != nil || created != 1 || updated != 1 {
		t.Fatalf("import: created %d updated %d err %v", created, updated, err)
	}
	u, err := b.store.Unit(b.ctx, "BKG")
	if err != nil || u.Name != "Báo Kiên Giang điện tử" {
		t.Errorf("BKG = %+v, %v", u, err)
	}
	if n := count(t, b, `SELECT count(*) FROM audit_log WHERE action = 'unit.update' AND entity_id = 'BKG'
		AND before->>'name' = 'Báo Kiên Giang' AND after->>'name' = 'Báo Kiên Giang điện tử'`); n != 1 {
		t.Errorf("audit rows for the rename: %d", n)
	}
	units, _ := b.store.Units(b.ctx)
	if len(units) != 4 || units[0].Code != "BTGTU" {
		t.Errorf("units = %+v", units)
	}
}

func TestInviteIsSingleUseAndExpires(t *testing.T) {
	b := setup(t)
	inv, err := b.store.CreateInvite(b.ctx, cli, storage.NewInvite{UnitCode: "BKG", Role: chidao.RoleOfficer, FullName: "Nguyễn Văn An", TTL: 2 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Code) < 22 || len(inv.ShortCode) != 8 {
		t.Fatalf("codes too short: %q %q", inv.Code, inv.ShortCode)
	}
	p, err := b.store.RedeemInvite(b.ctx, storage.Redemption{Code: inv.Code, Channel: chidao.Telegram, ExternalUserID: "111", ChatID: "111", DisplayName: "An"})
	if err != nil {
		t.Fatal(err)
	}
	if p.FullName != "Nguyễn Văn An" || p.UnitCode != "BKG" || p.Role != chidao.RoleOfficer {
		t.Errorf("person = %+v", p)
	}
	_, err = b.store.RedeemInvite(b.ctx, storage.Redemption{Code: inv.ShortCode, Channel: chidao.Zalo, ExternalUserID: "999", ChatID: "999"})
	if !errors.Is(err, chidao.ErrInviteUsed) {
		t.Errorf("second use with the short code: %v", err)
	}

	late, _ := b.store.CreateInvite(b.ctx, cli, storage.NewInvite{UnitCode: "BKG", Role: chidao.RoleHead, TTL: time.Hour})
	b.clock.advance(time.Hour)
	_, err = b.store.RedeemInvite(b.ctx, storage.Redemption{Code: late.Code, Channel: chidao.Telegram, ExternalUserID: "222", ChatID: "222"})
	if !errors.Is(err, chidao.ErrInviteExpired) {
		t.Errorf("expired invite: %v", err)
	}
	if n := count(t, b, `SELECT count(*) FROM people`); n != 1 {
		t.Errorf("people = %d, want only the first registration", n)
	}
}

func TestShortCodeIsForgivingButGuessingIsLimited(t *testing.T) {
	b := setup(t)
	inv, _ := b.store.CreateInvite(b.ctx, cli, storage.NewInvite{UnitCode: "PTTH", Role: chidao.RoleOfficer, TTL: time.Hour})
	for i := range 5 {
		_, err := b.store.RedeemInvite(b.ctx, storage.Redemption{Code: "WRONG" + string(rune('A'+i)), Channel: chidao.Zalo, ExternalUserID: "42", ChatID: "42"})
		if !errors.Is(err, chidao.ErrInviteUnknown) {
			t.Fatalf("wrong code %d: %v", i, err)
		}
	}
	typed := inv.ShortCode[:4] + " " + inv.ShortCode[4:]
	_, err := b.store.RedeemInvite(b.ctx, storage.Redemption{Code: typed, Channel: chidao.Zalo, ExternalUserID: "42", ChatID: "42"})
	if !errors.Is(err, chidao.ErrTooManyAttempts) {
		t.Fatalf("sixth try from the same sender: %v", err)
	}
	// Another sender is not blocked, and the short code is matched without case or spaces.
	p, err := b.store.RedeemInvite(b.ctx, storage.Redemption{Code: strings.ToLower(typed), Channel: chidao.Zalo, ExternalUserID: "43", ChatID: "43", DisplayName: "Trần Thị Bình"})
	if err != nil || p.FullName != "Trần Thị Bình" {
		t.Fatalf("redeem with short code: %+v %v", p, err)
	}
	// After the window the first sender may try again.
	b.clock.advance(time.Hour + time.Minute)
	inv2, _ := b.store.CreateInvite(b.ctx, cli, storage.NewInvite{UnitCode: "PTTH", Role: chidao.RoleOfficer, TTL: time.Hour})
	if _, err := b.store.RedeemInvite(b.ctx, storage.Redemption{Code: inv2.ShortCode, Channel: chidao.Zalo, ExternalUserID: "42", ChatID: "42"}); err != nil {
		t.Errorf("after the window: %v", err)
	}
}

func TestDirectiveLifecycleAndStatus(t *testing.T) {
	b := setup(t)
	officer := b.register(t, "BKG", chidao.RoleOfficer, "Nguyễn Văn An", "1")
	head := b.register(t, "BKG", chidao.RoleHead, "Lê Thị Hoa", "2")
	due, _ := chidao.ParseDeadline("2024-04-15")
	id, err := b.store.CreateDirective(b.ctx, cli, storage.NewDirective{
		Number: "1483-CV/BTGTU", Title: "Tăng cường thông tin trên các nền tảng số, mạng xã hội", Due: due, AllUnits: true,
		Tasks: []storage.NewTask{
			{Text: "Sản xuất video clip ngắn", Requirement: chidao.Requirement{MinClips: 2}},
			{Text: "Báo cáo kết quả", Requirement: chidao.Requirement{Report: true}},
		},
		Attachments: []storage.NewFile{{Name: "1483.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.4")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// --all targets the units under the Office, not the Office itself.
	if n := count(t, b, `SELECT count(*) FROM assignments WHERE directive_id = $1`, id); n != 2 {
		t.Errorf("assignments = %d, want 2", n)
	}
	if n := count(t, b, `SELECT count(*) FROM deliveries WHERE directive_id = $1 AND state = 'pending'`, id); n != 2 {
		t.Errorf("queued deliveries = %d, want one per registered person", n)
	}
	// Someone who registers later still gets the open directive.
	b.register(t, "PTTH", chidao.RoleOfficer, "Phạm Minh", "3")
	if n := count(t, b, `SELECT count(*) FROM deliveries WHERE directive_id = $1`, id); n != 3 {
		t.Errorf("deliveries after a late registration = %d, want 3", n)
	}

	b.clock.advance(time.Hour)
	clip1, err := b.store.Submit(b.ctx, storage.Submission{PersonID: officer.ID, DirectiveID: id, Kind: "clip", URL: "https://youtu.be/abc", Platform: "youtube"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.Submit(b.ctx, storage.Submission{PersonID: officer.ID, DirectiveID: id, Kind: "clip", URL: "https://youtu.be/abc", Platform: "youtube"}); !errors.Is(err, chidao.ErrConflict) {
		t.Errorf("the same clip twice: %v", err)
	}
	clip2, _ := b.store.Submit(b.ctx, storage.Submission{PersonID: officer.ID, DirectiveID: id, Kind: "clip", URL: "https://www.tiktok.com/@bkg/video/1", Platform: "tiktok"})
	if err := b.store.ReviewClip(b.ctx, head.ID, clip1, false, ""); !errors.Is(err, chidao.ErrInvalid) {
		t.Errorf("rejection without a reason: %v", err)
	}
	must(t, b.store.ReviewClip(b.ctx, head.ID, clip1, true, ""))
	must(t, b.store.ReviewClip(b.ctx, head.ID, clip2, false, "Sai thông tin"))

	r, err := b.store.DirectiveStatus(b.ctx, id)
	must(t, err)
	bkg := r.Units[0]
	if bkg.Code != "BKG" || bkg.Status != chidao.StatusInProgress || bkg.AcknowledgedBy != "Nguyễn Văn An" || bkg.ClipsApproved != 1 || bkg.ClipsRequired != 2 {
		t.Errorf("BKG after one approved clip: %+v", bkg)
	}
	if r.Units[1].Status != chidao.StatusNotAcknowledged {
		t.Errorf("PTTH: %s", r.Units[1].Status)
	}

	// The deadline passes; a second clip is approved and the report arrives late.
	b.clock.t = due.Add(time.Hour)
	clip3, _ := b.store.Submit(b.ctx, storage.Submission{PersonID: officer.ID, DirectiveID: id, Kind: "clip", URL: "https://fb.watch/x", Platform: "facebook"})
	must(t, b.store.ReviewClip(b.ctx, head.ID, clip3, true, ""))
	_, err = b.store.Submit(b.ctx, storage.Submission{PersonID: officer.ID, DirectiveID: id, Kind: "report", Text: "Đã đăng 3 clip"})
	must(t, err)
	_, err = b.store.Submit(b.ctx, storage.Submission{PersonID: officer.ID, DirectiveID: id, Kind: "difficulty", Text: "Thiếu thiết bị quay"})
	must(t, err)
	r, _ = b.store.DirectiveStatus(b.ctx, id)
	if got := r.Units[0]; got.Status != chidao.StatusDoneLate || got.DoneAt.IsZero() || len(got.Reports) != 1 || len(got.Difficulties) != 1 || len(got.Clips) != 3 {
		t.Errorf("BKG at the end: %+v", got)
	}
	if r.Units[1].Status != chidao.StatusOverdue {
		t.Errorf("PTTH at the end: %s", r.Units[1].Status)
	}
	if n := count(t, b, `SELECT count(*) FROM assignments WHERE directive_id = $1 AND done_at IS NOT NULL`, id); n != 1 {
		t.Errorf("assignments marked done: %d", n)
	}

	must(t, b.store.CloseDirective(b.ctx, cli, id))
	if _, err := b.store.Submit(b.ctx, storage.Submission{PersonID: officer.ID, DirectiveID: id, Kind: "report", Text: "x"}); !errors.Is(err, chidao.ErrClosed) {
		t.Errorf("submission to a closed directive: %v", err)
	}
	if err := b.store.CloseDirective(b.ctx, cli, id); !errors.Is(err, chidao.ErrClosed) {
		t.Errorf("closing twice: %v", err)
	}
	if n := count(t, b, `SELECT count(DISTINCT action) FROM audit_log`); n < 8 {
		t.Errorf("distinct audited actions = %d", n)
	}
}

func TestCreateDirectiveRejectsBadInputAndWritesNothing(t *testing.T) {
	b := setup(t)
	due := b.clock.t.Add(48 * time.Hour)
	good := storage.NewDirective{Number: "1", Title: "T", Due: due, UnitCodes: []string{"BKG"}}
	cases := map[string]func(d *storage.NewDirective){
		"past deadline": func(d *storage.NewDirective) { d.Due = b.clock.t.Add(-time.Minute) },
		"empty title":   func(d *storage.NewDirective) { d.Title = "  " },
		"unknown unit":  func(d *storage.NewDirective) { d.UnitCodes = []string{"BKG", "NOPE"} },
		"invalid UTF-8": func(d *storage.NewDirective) { d.Body = "\xc3\x28" },
		"no units":      func(d *storage.NewDirective) { d.UnitCodes = nil },
		"empty file":    func(d *storage.NewDirective) { d.Attachments = []storage.NewFile{{Name: "a.pdf"}} },
		"task past due": func(d *storage.NewDirective) { d.Tasks = []storage.NewTask{{Text: "x", Due: b.clock.t}} },
		"negative clips": func(d *storage.NewDirective) {
			d.Tasks = []storage.NewTask{{Text: "x", Requirement: chidao.Requirement{MinClips: -1}}}
		},
	}
	for name, mutate := range cases {
		d := good
		mutate(&d)
		if _, err := b.store.CreateDirective(b.ctx, cli, d); !errors.Is(err, chidao.ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n := count(t, b, `SELECT count(*) FROM directives`); n != 0 {
		t.Fatalf("rejected directives were written: %d", n)
	}
	if _, err := b.store.CreateDirective(b.ctx, cli, good); err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.CreateDirective(b.ctx, cli, good); !errors.Is(err, chidao.ErrConflict) {
		t.Errorf("duplicate number: %v", err)
	}
	if n := count(t, b, `SELECT count(*) FROM tasks`); n != 1 {
		t.Errorf("a directive without tasks should get one task, got %d", n)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestApprovalsAreIdempotentAndConcurrentApprovalsCompleteTheUnit(t *testing.T) {
	b := setup(t)
	officer := b.register(t, "BKG", chidao.RoleOfficer, "Nguyễn Văn An", "1")
	head := b.register(t, "BKG", chidao.RoleHead, "Lê Thị Hoa", "2")
	due := b.clock.t.Add(24 * time.Hour)
	id, err := b.store.CreateDirective(b.ctx, cli, storage.NewDirective{Number: "2/X", Title: "Clip", Due: due, UnitCodes: []string{"bkg"},
		Tasks: []storage.NewTask{{Text: "Clip", Requirement: chidao.Requirement{MinClips: 2}}}})
	must(t, err)
	var clips []int64
	for _, u := range []string{"https://youtu.be/1", "https://youtu.be/2"} {
		c, err := b.store.Submit(b.ctx, storage.Submission{PersonID: officer.ID, DirectiveID: id, Kind: "clip", URL: u, Platform: "youtube"})
		must(t, err)
		clips = append(clips, c)
	}
	errs := make(chan error, 2)
	for _, c := range clips { // the head approves both at the same moment
		go func() { errs <- b.store.ReviewClip(b.ctx, head.ID, c, true, "") }()
	}
	must(t, <-errs)
	must(t, <-errs)
	if n := count(t, b, `SELECT count(*) FROM assignments WHERE directive_id = $1 AND done_at IS NOT NULL`, id); n != 1 {
		t.Fatalf("concurrent approvals left the unit incomplete")
	}
	// A second tap on "approve" after the deadline does not make the unit late.
	b.clock.t = due.Add(48 * time.Hour)
	must(t, b.store.ReviewClip(b.ctx, head.ID, clips[0], true, ""))
	r, _ := b.store.DirectiveStatus(b.ctx, id)
	if r.Units[0].Status != chidao.StatusDoneOnTime {
		t.Errorf("after a repeated approval: %s", r.Units[0].Status)
	}
}
