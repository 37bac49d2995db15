package storage_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/storage"
)

// communes adds a group of communes and two communes in it, through the
// import the unit CSV uses.
func communes(t *testing.T, b bundle) {
	t.Helper()
	if _, _, err := b.store.ImportGroups(b.ctx, cli, []storage.GroupRow{
		{Line: 2, Code: "cap-xa", Name: "Đảng ủy các xã, phường, đặc khu"}, {Line: 3, Code: "Bao-Chi", Name: "Cơ quan báo chí"}}); err != nil {
		t.Fatal(err)
	}
	res, err := b.store.Import(b.ctx, cli, []storage.UnitRow{
		{Line: 2, SetGroups: true, Unit: chidao.Unit{Code: "X-AN-PHU", Name: "Đảng ủy xã An Phú", ParentCode: "BTGTU", Groups: []string{"cap-xa"}}},
		{Line: 3, SetGroups: true, Unit: chidao.Unit{Code: "P-LONG-XUYEN", Name: "Đảng ủy phường Long Xuyên", ParentCode: "BTGTU", Groups: []string{"CAP-XA"}}},
		{Line: 4, SetGroups: true, Unit: chidao.Unit{Code: "BKG", Name: "Báo Kiên Giang", ParentCode: "BTGTU", Groups: []string{"bao-chi"}}},
	})
	if err != nil || res.Created != 2 || res.Joined != 3 {
		t.Fatalf("import: %+v, %v", res, err)
	}
}

func TestDirectiveToAGroupReachesItsUnitsNowAndLater(t *testing.T) {
	b := setup(t)
	communes(t, b)
	early := b.register(t, "X-AN-PHU", chidao.RoleOfficer, "Nguyễn Văn An", "1")
	id, err := b.store.CreateDirective(b.ctx, cli, storage.NewDirective{Number: "86-CV/BTGDVTU", Title: "Tuyên truyền",
		Due: b.clock.t.Add(14 * 24 * time.Hour), GroupCodes: []string{"cap-xa"}, UnitCodes: []string{"PTTH"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := b.store.DirectiveStatus(b.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if codes := unitCodes(r); !slices.Equal(codes, []string{"P-LONG-XUYEN", "PTTH", "X-AN-PHU"}) {
		t.Fatalf("units of the directive: %v", codes)
	}
	if n := count(t, b, `SELECT count(*) FROM deliveries WHERE person_id = $1 AND directive_id = $2`, early.ID, id); n != 1 {
		t.Errorf("the commune's officer got %d deliveries", n)
	}

	// A commune created later in the group, with an officer already there
	// (registered before joining), receives the open directive.
	if err := b.store.AddUnit(b.ctx, cli, chidao.Unit{Code: "X-VINH-HAU", Name: "Đảng ủy xã Vĩnh Hậu", ParentCode: "BTGTU"}); err != nil {
		t.Fatal(err)
	}
	late := b.register(t, "X-VINH-HAU", chidao.RoleOfficer, "Trần Thị Bình", "2")
	m, err := b.store.JoinGroup(b.ctx, cli, "cap-xa", []string{"x-vinh-hau"})
	if err != nil || m.Joined != 1 || m.Assigned != 1 {
		t.Fatalf("join: %+v, %v", m, err)
	}
	if n := count(t, b, `SELECT count(*) FROM deliveries WHERE person_id = $1 AND directive_id = $2`, late.ID, id); n != 1 {
		t.Errorf("the joining commune's officer got %d deliveries", n)
	}
	// Someone registering afterwards in the joined commune gets it too.
	later := b.register(t, "X-VINH-HAU", chidao.RoleHead, "Lê Văn Cường", "3")
	if n := count(t, b, `SELECT count(*) FROM deliveries WHERE person_id = $1 AND directive_id = $2`, later.ID, id); n != 1 {
		t.Errorf("a head registering after the join got %d deliveries", n)
	}
	// Leaving keeps the work assigned; a closed directive reaches no one new.
	if _, err := b.store.LeaveGroup(b.ctx, cli, "cap-xa", []string{"X-VINH-HAU"}); err != nil {
		t.Fatal(err)
	}
	must(t, b.store.CloseDirective(b.ctx, cli, id))
	if err := b.store.AddUnit(b.ctx, cli, chidao.Unit{Code: "X-TAN-AN", Name: "Đảng ủy xã Tân An", ParentCode: "BTGTU", Groups: []string{"cap-xa"}}); err != nil {
		t.Fatal(err)
	}
	r, _ = b.store.DirectiveStatus(b.ctx, id)
	if codes := unitCodes(r); !slices.Equal(codes, []string{"P-LONG-XUYEN", "PTTH", "X-AN-PHU", "X-VINH-HAU"}) {
		t.Errorf("after leaving and closing: %v", codes)
	}
	for _, action := range []string{"group.create", "group.join", "group.leave"} {
		if count(t, b, `SELECT count(*) FROM audit_log WHERE action = $1`, action) == 0 {
			t.Errorf("no audit row %s", action)
		}
	}
	if n := count(t, b, `SELECT count(*) FROM audit_log WHERE action = 'group.join' AND after->>'unit' = 'X-VINH-HAU'
		AND after->'directives_assigned' = to_jsonb(ARRAY[$1::bigint])`, id); n != 1 {
		t.Errorf("the join's audit row does not name the directive it assigned (%d rows)", n)
	}
	gs, err := b.store.DirectiveGroups(b.ctx, id)
	if err != nil || len(gs) != 1 || gs[0].Code != "cap-xa" {
		t.Errorf("directive groups: %+v, %v", gs, err)
	}
	if err := b.store.DeleteGroup(b.ctx, cli, "cap-xa"); !errors.Is(err, chidao.ErrConflict) {
		t.Errorf("deleting a group a directive addressed: %v", err)
	}
}

func unitCodes(r storage.DirectiveReport) []string {
	var out []string
	for _, u := range r.Units {
		out = append(out, u.Code)
	}
	return out
}

func TestUnitImportSetsGroupsExactlyAndRejectsUnknownOnes(t *testing.T) {
	b := setup(t)
	communes(t, b)
	before := count(t, b, `SELECT count(*) FROM unit_group_members`)
	_, err := b.store.Import(b.ctx, cli, []storage.UnitRow{
		{Line: 2, SetGroups: true, Unit: chidao.Unit{Code: "X-NEW", Name: "Đảng ủy xã Mới", ParentCode: "BTGTU", Groups: []string{"cap-xa"}}},
		{Line: 3, SetGroups: true, Unit: chidao.Unit{Code: "X-AN-PHU", Name: "Đảng ủy xã An Phú", ParentCode: "BTGTU", Groups: []string{"cap-xaa"}}},
	})
	if !errors.Is(err, chidao.ErrInvalid) || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "cap-xaa") {
		t.Fatalf("unknown group: %v", err)
	}
	if count(t, b, `SELECT count(*) FROM units WHERE code = 'X-NEW'`) != 0 || count(t, b, `SELECT count(*) FROM unit_group_members`) != before {
		t.Fatal("a rejected import wrote something")
	}
	// Without the groups column the memberships stay; with it they become what it says.
	if _, err := b.store.Import(b.ctx, cli, []storage.UnitRow{{Line: 2, Unit: chidao.Unit{Code: "BKG", Name: "Báo Kiên Giang", ParentCode: "BTGTU"}}}); err != nil {
		t.Fatal(err)
	}
	if u, _ := b.store.Unit(b.ctx, "BKG"); !slices.Equal(u.Groups, []string{"bao-chi"}) {
		t.Errorf("an import without groups changed them: %v", u.Groups)
	}
	res, err := b.store.Import(b.ctx, cli, []storage.UnitRow{{Line: 2, SetGroups: true, Unit: chidao.Unit{Code: "BKG", Name: "Báo Kiên Giang", ParentCode: "BTGTU", Groups: []string{"cap-xa"}}}})
	if err != nil || res.Joined != 1 || res.Left != 1 {
		t.Fatalf("regroup: %+v, %v", res, err)
	}
	g, err := b.store.Group(b.ctx, "CAP-XA")
	if err != nil || !slices.Equal(g.Units, []string{"BKG", "P-LONG-XUYEN", "X-AN-PHU"}) || g.Name != "Đảng ủy các xã, phường, đặc khu" {
		t.Errorf("group: %+v, %v", g, err)
	}
}

func TestGroupsAreManagedWithAnAuditTrail(t *testing.T) {
	b := setup(t)
	must(t, b.store.AddGroup(b.ctx, cli, chidao.Group{Code: "hoi", Name: "Các hội", Units: []string{"BKG"}}))
	if err := b.store.AddGroup(b.ctx, cli, chidao.Group{Code: "HOI", Name: "Trùng"}); !errors.Is(err, chidao.ErrConflict) {
		t.Errorf("the same code again: %v", err)
	}
	if err := b.store.AddGroup(b.ctx, cli, chidao.Group{Code: "có dấu", Name: "X"}); !errors.Is(err, chidao.ErrInvalid) {
		t.Errorf("a bad code: %v", err)
	}
	if _, err := b.store.SetGroupUnits(b.ctx, cli, "hoi", []string{"BKG", "NOPE"}); !errors.Is(err, chidao.ErrInvalid) {
		t.Errorf("an unknown unit: %v", err)
	}
	must(t, b.store.RenameGroup(b.ctx, cli, "hoi", "Các hội văn học nghệ thuật, nhà báo"))
	m, err := b.store.SetGroupUnits(b.ctx, cli, "hoi", []string{"PTTH"})
	if err != nil || m.Joined != 1 || m.Left != 1 {
		t.Fatalf("set units: %+v, %v", m, err)
	}
	gs, _ := b.store.Groups(b.ctx)
	if len(gs) != 1 || gs[0].Name != "Các hội văn học nghệ thuật, nhà báo" || !slices.Equal(gs[0].Units, []string{"PTTH"}) {
		t.Errorf("groups: %+v", gs)
	}
	_, err = b.store.CreateDirective(b.ctx, cli, storage.NewDirective{Number: "1", Title: "T", Due: b.clock.t.Add(time.Hour), GroupCodes: []string{"khong-co"}})
	if !errors.Is(err, chidao.ErrInvalid) {
		t.Errorf("a directive to an unknown group: %v", err)
	}
	must(t, b.store.DeleteGroup(b.ctx, cli, "hoi"))
	if u, _ := b.store.Unit(b.ctx, "PTTH"); len(u.Groups) != 0 {
		t.Errorf("a deleted group is still the unit's: %v", u.Groups)
	}
	want := map[string]int{"group.create": 1, "group.join": 2, "group.leave": 1, "group.update": 1, "group.delete": 1}
	for action, n := range want {
		if got := count(t, b, `SELECT count(*) FROM audit_log WHERE action = $1 AND entity = 'group' AND entity_id = 'hoi'`, action); got != n {
			t.Errorf("%s: %d audit rows, want %d", action, got, n)
		}
	}
}

// TestAttentionAndUrgency: the units the Office must look at (overdue,
// silent a day after the directive reached them, clips waiting for a
// decision), most urgent first, and what each still owes.
func TestAttentionAndUrgency(t *testing.T) {
	b := setup(t)
	communes(t, b)
	people := map[string]chidao.Person{}
	for i, u := range []string{"BKG", "PTTH", "X-AN-PHU", "P-LONG-XUYEN"} {
		people[u] = b.register(t, u, chidao.RoleOfficer, sandboxName(i), string(rune('1'+i)))
	}
	due := b.clock.t.Add(72 * time.Hour)
	id, err := b.store.CreateDirective(b.ctx, cli, storage.NewDirective{Number: "9", Title: "T", Due: due, AllUnits: true,
		Tasks: []storage.NewTask{{Text: "Clip", Requirement: chidao.Requirement{MinClips: 1}},
			{Text: "Báo cáo", Requirement: chidao.Requirement{Report: true}, Due: b.clock.t.Add(24 * time.Hour)}}})
	if err != nil {
		t.Fatal(err)
	}
	b.clock.advance(time.Hour)
	_, err = b.store.Submit(b.ctx, storage.Submission{PersonID: people["BKG"].ID, DirectiveID: id, Kind: "clip", URL: "https://youtu.be/a", Platform: "youtube"})
	must(t, err)
	_, err = b.store.Submit(b.ctx, storage.Submission{PersonID: people["PTTH"].ID, DirectiveID: id, Kind: "report", Text: "Đã thực hiện"})
	must(t, err)
	r, _ := b.store.DirectiveStatus(b.ctx, id)
	if got := unitCodesOf(r.NeedingAttention()); !slices.Equal(got, []string{"BKG"}) {
		t.Errorf("an hour in, needing attention: %v (want the unit whose clip waits)", got)
	}
	b.clock.advance(23*time.Hour + time.Minute) // a day after delivery, the report deadline has passed
	r, _ = b.store.DirectiveStatus(b.ctx, id)
	got := unitCodesOf(r.NeedingAttention())
	// Overdue on the report: the two silent communes first (same deadline,
	// so by name), then BKG (its clip waits too); PTTH reported and owes
	// only the clip, in time.
	want := []string{"P-LONG-XUYEN", "X-AN-PHU", "BKG"}
	if !slices.Equal(got, want) {
		t.Errorf("a day in, needing attention: %v, want %v", got, want)
	}
	for _, u := range r.Units {
		o, a := r.Owed(u), r.AttentionOf(u)
		switch u.Code {
		case "PTTH":
			if a.Any() || o != (storage.Owed{Clips: 1, ClipsOf: 1}) || !r.NextDue(u).Equal(due) {
				t.Errorf("PTTH: attention %+v, owed %+v, next due %v", a, o, r.NextDue(u))
			}
		case "X-AN-PHU":
			if !a.Overdue || !a.Silent || o != (storage.Owed{Ack: true, Clips: 1, ClipsOf: 1, Report: true}) {
				t.Errorf("X-AN-PHU: attention %+v, owed %+v", a, o)
			}
		case "BKG":
			if a.Pending != 1 || !a.Overdue || a.Silent {
				t.Errorf("BKG: attention %+v", a)
			}
		}
	}
	all := slices.Clone(r.Units)
	r.SortByUrgency(all)
	if all[len(all)-1].Code != "PTTH" {
		t.Errorf("by urgency, the unit in time comes last: %v", unitCodesOf(all))
	}
}

func unitCodesOf(us []storage.UnitReport) []string {
	var out []string
	for _, u := range us {
		out = append(out, u.Code)
	}
	return out
}

func sandboxName(i int) string {
	return []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"}[i]
}
