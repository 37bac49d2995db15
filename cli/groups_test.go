package cli_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"chidao"
	"chidao/internal/testclock"
)

const angiang = "../examples/angiang/"

// TestAnGiangExample: the new An Giang's Ban, press, associations and 102
// communes in their groups; a directive to the group of communes reaches
// the 102 of them, the example's letter its 106 recipients.
func TestAnGiangExample(t *testing.T) {
	o := newOffice(t)
	if out := o.must("group", "import", angiang+"groups.csv"); !strings.Contains(out, "6 groups imported: 6 new") {
		t.Errorf("group import: %s", out)
	}
	out := o.must("unit", "import", angiang+"units.csv")
	if !strings.Contains(out, "107 units imported: 107 new") || !strings.Contains(out, "208 memberships added") {
		t.Errorf("unit import: %s", out)
	}
	var units []chidao.Unit
	mustJSON(t, o.must("unit", "list", "--json"), &units)
	kinds := map[string]int{}
	for _, u := range units {
		if u.Groups == nil {
			t.Fatalf("unit %s: groups is null in JSON, want a list", u.Code)
		}
		for _, g := range u.Groups {
			kinds[g]++
		}
	}
	if want := map[string]int{"xa": 85, "phuong": 14, "dac-khu": 3, "cap-xa": 102, "bao-chi": 2, "hoi": 2}; !mapsEqual(kinds, want) {
		t.Errorf("units per group: %v, want %v", kinds, want)
	}
	var groups []chidao.Group
	mustJSON(t, o.must("group", "list", "--json"), &groups)
	if len(groups) != 6 || groups[1].Code != "cap-xa" || groups[1].Name != "Đảng ủy các xã, phường, đặc khu" || len(groups[1].Units) != 102 {
		t.Fatalf("groups: %+v", groups[:min(len(groups), 2)])
	}

	due := testclock.Now().In(chidao.Zone).AddDate(0, 0, 14).Format("2006-01-02")
	id := strings.TrimSpace(o.must("directive", "create", "--number", "87-CV/BTGDVTU", "--title", "V/v thử", "--due", due,
		"--group", "CAP-XA"))
	var st status
	mustJSON(t, o.must("status", id, "--json"), &st)
	if len(st.Units) != 102 {
		t.Fatalf("a directive to the group of communes reached %d units, want 102", len(st.Units))
	}
	for _, u := range st.Units {
		if !strings.HasPrefix(u.Code, "X-") && !strings.HasPrefix(u.Code, "P-") && !strings.HasPrefix(u.Code, "DK-") {
			t.Errorf("a non-commune received it: %s", u.Code)
		}
	}
	id = strings.TrimSpace(o.must("directive", "create", "--file", angiang+"86-CV-BTGDVTU.json", "--due", due))
	mustJSON(t, o.must("status", id, "--json"), &st)
	if len(st.Units) != 106 || st.Directive.Number != "86-CV/BTGDVTU" {
		t.Errorf("the example's letter: %d units, %+v", len(st.Units), st.Directive)
	}
	if show := o.must("directive", "show", id); !strings.Contains(show, "cap-xa: Đảng ủy các xã, phường, đặc khu (102 units)") {
		t.Errorf("directive show does not name the groups:\n%s", show)
	}

	// A commune added later to the group gets the two open directives.
	out = o.must("unit", "add", "--code", "X-MOI", "--name", "Đảng ủy xã Mới", "--parent", "BTGDVTU", "--groups", "xa,cap-xa")
	if !strings.Contains(out, "X-MOI added") {
		t.Errorf("unit add: %s", out)
	}
	mustJSON(t, o.must("status", id, "--json"), &st)
	if len(st.Units) != 107 {
		t.Errorf("after a commune joined: %d units, want 107", len(st.Units))
	}
	if n := o.count(`SELECT count(*) FROM assignments a JOIN units u ON u.id = a.unit_id WHERE u.code = 'X-MOI'`); n != 2 {
		t.Errorf("the new commune has %d assignments, want the 2 open directives", n)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestGroupCommands: the Office defines, fills, renames and removes groups
// from the command line; mistakes get one line and change nothing.
func TestGroupCommands(t *testing.T) {
	o := newOffice(t)
	o.must("unit", "import", example+"units.csv") // the old header, without groups
	if out := o.must("group", "add", "--code", "TTVH", "--name", "Trung tâm Văn hóa - Truyền thanh", "--units", "TTVH-RG,ttvh-ht"); !strings.Contains(out, "group ttvh added with 2 units") {
		t.Errorf("group add: %s", out)
	}
	if out := o.must("group", "join", "ttvh", "TTVH-PQ", "TTVH-KL,TTVH-HD"); !strings.Contains(out, "3 units joined group ttvh") {
		t.Errorf("group join: %s", out)
	}
	if out := o.must("group", "leave", "ttvh", "TTVH-HD"); !strings.Contains(out, "1 units left group ttvh") {
		t.Errorf("group leave: %s", out)
	}
	o.must("group", "rename", "ttvh", "--name", "Các trung tâm văn hóa")
	list := o.must("group", "list")
	if !strings.Contains(list, "ttvh") || !strings.Contains(list, "Các trung tâm văn hóa") || !strings.Contains(list, "4") {
		t.Errorf("group list:\n%s", list)
	}
	if list := o.must("unit", "list"); !strings.Contains(list, "GROUPS") || !strings.Contains(list, "ttvh") {
		t.Errorf("unit list shows no groups:\n%s", list)
	}
	for _, bad := range [][]string{
		{"group", "add", "--code", "ttvh", "--name", "again"},
		{"group", "join", "ttvh", "NOPE"},
		{"group", "join", "khong-co", "BKG"},
		{"group", "add", "--code", "có dấu", "--name", "x"},
		{"directive", "create", "--number", "1", "--title", "t", "--due", "2099-01-01", "--group", "khong-co"},
		{"group", "join", "ttvh"},
	} {
		if _, err := o.run(bad...); err == nil {
			t.Errorf("chidao %s: no error", strings.Join(bad, " "))
		}
	}
	if n := o.count(`SELECT count(*) FROM unit_group_members`); n != 4 {
		t.Errorf("members after the mistakes: %d, want 4", n)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "units.csv")
	os.WriteFile(bad, []byte("code;name;parent_code;groups\nBKG;Báo Kiên Giang;BTGTU;ttvh,bao-chi\n"), 0o644)
	if _, err := o.run("unit", "import", bad); err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "bao-chi") {
		t.Errorf("an unknown group in a semicolon file: %v", err)
	}
	o.must("group", "remove", "ttvh")
	var units []chidao.Unit
	mustJSON(t, o.must("unit", "list", "--json"), &units)
	if i := slices.IndexFunc(units, func(u chidao.Unit) bool { return len(u.Groups) > 0 }); i >= 0 {
		t.Errorf("a removed group is still %s's", units[i].Code)
	}
}
