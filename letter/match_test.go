package letter

import (
	"reflect"
	"testing"
)

func matchOne(dir Directory, place, phrase string) Recipient {
	d := Draft{Place: place, Issuer: "TỈNH ỦY " + place + " / BAN TUYÊN GIÁO", Recipients: []Recipient{{Text: phrase}}}
	Match(&d, dir)
	return d.Recipients[0]
}

func TestSeedRecipientsAreTheExamplesTwentyUnits(t *testing.T) {
	dir := loadUnits(t, "../examples/kiengiang/units.csv")
	d, err := Read(mustRead(t, "testdata/corpus/01-1483-CV-BTGTU.txt"), "1483-CV-BTGTU.txt", dir)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, u := range dir.Units {
		if u.Parent == "BTGTU" {
			want = append(want, u.Code)
		}
	}
	if got := d.UnitCodes(); len(want) != 20 || !reflect.DeepEqual(got, want) || len(d.Unmatched) != 0 {
		t.Errorf("units %v (unmatched %v), want the 20 units under the Office %v", got, d.Unmatched, want)
	}
}

func TestMatchRules(t *testing.T) {
	dir := Directory{Units: []Unit{
		{Code: "BAO", Name: "Báo"}, {Code: "HNB", Name: "Hội Nhà báo tỉnh"},
		{Code: "PTTH", Name: "Đài Phát thanh và Truyền hình Kiên Giang"},
		{Code: "MH1", Name: "Đảng ủy xã Mỹ Hòa"}, {Code: "MH2", Name: "Đảng ủy xã Mỹ Hóa"},
		{Code: "BH", Name: "Đảng ủy xã Bình Hoà"}, {Code: "LX", Name: "Đảng ủy phường Long Xuyên"},
		{Code: "PQ", Name: "Đảng ủy đặc khu Phú Quốc"},
		{Code: "RG", Name: "Trung tâm Văn hóa - Truyền thanh thành phố Rạch Giá"},
		{Code: "KL", Name: "Trung tâm Văn hóa - Truyền thanh huyện Kiên Lương"},
	}}
	for _, c := range []struct {
		phrase, match string
		units         []string
		candidates    []string
	}{
		{"Hội Nhà báo tỉnh", MatchName, []string{"HNB"}, nil},
		{"HỘI NHÀ BÁO  TỈNH", MatchName, []string{"HNB"}, nil},
		{"Báo Kiên Giang", MatchProvince, []string{"BAO"}, nil},                      // the province added
		{"Hội Nhà báo tỉnh Kiên Giang", MatchProvince, []string{"HNB"}, nil},         // "tỉnh Kiên Giang" added
		{"Đài Phát thanh và Truyền hình tỉnh", MatchProvince, []string{"PTTH"}, nil}, // the province left out
		{"Đảng ủy xã Bình Hòa", MatchName, []string{"BH"}, nil},                      // old and new tone placement
		{"Dang uy phuong Long Xuyen", MatchAccents, []string{"LX"}, nil},
		{"Dang uy xa My Hoa", "", nil, []string{"MH1", "MH2"}}, // without accents two units answer: none chosen
		{"Trung tâm Văn hóa - Truyền thanh các huyện, thành phố", MatchPhrase, []string{"RG", "KL"}, nil},
		{"Trung tâm Văn hóa - Truyền thanh các huyện", MatchPhrase, []string{"KL"}, nil},
		{"Đảng ủy các xã, phường, đặc khu", MatchPhrase, []string{"MH1", "MH2", "BH", "LX", "PQ"}, nil},
		{"Đảng ủy các đặc khu", MatchPhrase, []string{"PQ"}, nil},
		{"Ủy ban nhân dân các xã, phường, đặc khu", "", nil, nil}, // no unit is named so: not guessed
		{"Các cơ quan báo chí", "", nil, nil},
	} {
		r := matchOne(dir, "Kiên Giang", c.phrase)
		if r.Match != c.match || !reflect.DeepEqual(r.Units, c.units) || !reflect.DeepEqual(r.Candidates, c.candidates) {
			t.Errorf("%q: %s %v (candidates %v), want %s %v (candidates %v)", c.phrase, r.Match, r.Units, r.Candidates, c.match, c.units, c.candidates)
		}
	}
}

// Groups (issue 19) plug in through the Directory: a phrase naming a group
// or one of its aliases stands for its units, before any other rule.
func TestMatchGroups(t *testing.T) {
	dir := Directory{
		Units: []Unit{{Code: "X1", Name: "Xã Mỹ Hoà Hưng"}, {Code: "P1", Name: "Phường Long Xuyên"}, {Code: "BAO", Name: "Báo và Phát thanh, Truyền hình An Giang"}},
		Groups: []Group{
			{Code: "COMMUNES", Name: "Đảng ủy các xã, phường, đặc khu", Units: []string{"X1", "P1"}},
			{Code: "PRESS", Name: "Cơ quan báo chí", Aliases: []string{"Các cơ quan báo chí tỉnh"}, Units: []string{"BAO"}},
		},
	}
	for phrase, want := range map[string][]string{
		"Đảng ủy các xã, phường, đặc khu":   {"X1", "P1"},
		"Các cơ quan báo chí tỉnh":          {"BAO"},
		"Các cơ quan báo chí tỉnh An Giang": {"BAO"},
	} {
		r := matchOne(dir, "An Giang", phrase)
		if r.Match != MatchGroup || !reflect.DeepEqual(r.Units, want) {
			t.Errorf("%q: %s %v, want the group's %v", phrase, r.Match, r.Units, want)
		}
	}
}

func TestUnmatchedAreListed(t *testing.T) {
	d := Draft{Place: "An Giang", Recipients: []Recipient{{Text: "Hội Nhà báo tỉnh"}, {Text: "Các ban đảng, Văn phòng Tỉnh ủy"}}}
	Match(&d, Directory{Units: []Unit{{Code: "HNB", Name: "Hội Nhà báo tỉnh"}}})
	if !reflect.DeepEqual(d.Unmatched, []string{"Các ban đảng, Văn phòng Tỉnh ủy"}) || !reflect.DeepEqual(d.UnitCodes(), []string{"HNB"}) {
		t.Errorf("unmatched %v, units %v", d.Unmatched, d.UnitCodes())
	}
}
