package letter

import (
	"regexp"
	"strings"
)

// Unit is a unit the Office sends to, as the caller knows it.
type Unit struct {
	Code, Name string
	Parent     string // the parent unit's code, if any
}

// Group is a named set of units ("Đảng ủy các xã, phường, đặc khu"). A
// recipient phrase equal to a group's name or one of its aliases stands
// for the group's units.
type Group struct {
	Code, Name string
	Aliases    []string
	Units      []string // unit codes
}

// Directory is what recipients are matched against.
type Directory struct {
	Units  []Unit
	Groups []Group
}

// How a recipient was matched.
const (
	MatchGroup    = "group"    // a group's name or alias
	MatchName     = "name"     // a unit's name, case, spacing and tone placement aside
	MatchProvince = "province" // a unit's name with the province left out or added
	MatchAccents  = "accents"  // a unit's name without diacritics
	MatchPhrase   = "phrase"   // "… các huyện, thành phố": every unit named so
)

// Match maps each recipient phrase to units by the first rule that answers:
// a group, the exact name, the name with the province left out or added, a
// phrase for every unit of a kind, then the same names without diacritics.
// A fuzzy rule that several units answer matches none and lists them as
// candidates; every phrase left without units is in Unmatched. Nothing is
// guessed.
func Match(d *Draft, dir Directory) {
	provinces := provincesOf(*d)
	matchers := matchersWith(memo(toneKey), memo(fold))
	d.Unmatched = nil
	for i := range d.Recipients {
		r := &d.Recipients[i]
		r.Units, r.Match, r.Candidates = dir.resolve(matchers, r.Text, provinces)
		if len(r.Units) == 0 {
			d.Unmatched = append(d.Unmatched, r.Text)
		}
	}
}

// matcher is one rule: the units a phrase stands for, and whether the rule
// may answer with several units (phrases and groups do, names do not).
type matcher struct {
	how  string
	many bool
	find func(dir Directory, phrase string, provinces []string) []string
}

// matchersWith lists the rules in the order they are tried, with the two
// keys names are compared by (memoized: a hundred units are keyed once).
func matchersWith(tone, folded func(string) string) []matcher {
	return []matcher{
		{MatchGroup, true, func(dir Directory, p string, prov []string) []string { return dir.groupUnits(p, prov, tone) }},
		{MatchName, false, func(dir Directory, p string, _ []string) []string { return dir.byName(p, nil, tone) }},
		{MatchProvince, false, func(dir Directory, p string, prov []string) []string { return dir.byName(p, prov, tone) }},
		{MatchPhrase, true, func(dir Directory, p string, _ []string) []string { return dir.byPhrase(p, tone) }},
		{MatchGroup, true, func(dir Directory, p string, prov []string) []string { return dir.groupUnits(p, prov, folded) }},
		{MatchAccents, false, func(dir Directory, p string, prov []string) []string { return dir.byName(p, prov, folded) }},
		{MatchPhrase, true, func(dir Directory, p string, _ []string) []string { return dir.byPhrase(p, folded) }},
	}
}

func memo(f func(string) string) func(string) string {
	m := map[string]string{}
	return func(s string) string {
		v, ok := m[s]
		if !ok {
			v = f(s)
			m[s] = v
		}
		return v
	}
}

func (dir Directory) resolve(matchers []matcher, phrase string, provinces []string) (units []string, how string, candidates []string) {
	for _, m := range matchers {
		got := m.find(dir, phrase, provinces)
		switch {
		case len(got) == 0:
			continue
		case len(got) > 1 && !m.many:
			return nil, "", got
		}
		return got, m.how, nil
	}
	return nil, "", nil
}

// byName finds units whose name has the phrase's key; with provinces, both
// sides are compared without the province ("Báo Kiên Giang" and "Báo").
func (dir Directory) byName(phrase string, provinces []string, key func(string) string) []string {
	want := withoutProvince(key(phrase), provinces, key)
	var out []string
	for _, u := range dir.Units {
		if withoutProvince(key(u.Name), provinces, key) == want && want != "" {
			out = append(out, u.Code)
		}
	}
	return out
}

func (dir Directory) groupUnits(phrase string, provinces []string, key func(string) string) []string {
	want := withoutProvince(key(phrase), provinces, key)
	for _, g := range dir.Groups {
		for _, n := range append([]string{g.Name}, g.Aliases...) {
			if withoutProvince(key(n), provinces, key) == want && want != "" {
				return append([]string{}, g.Units...)
			}
		}
	}
	return nil
}

var kindPhrase = regexp.MustCompile(`^(.*?)\s*\bcac\s+((?:huyen uy|thi uy|thanh uy|huyen|thi xa|thanh pho|quan|xa|phuong|thi tran|dac khu)(?:\s+(?:va\s+)?(?:huyen uy|thi uy|thanh uy|huyen|thi xa|thanh pho|quan|xa|phuong|thi tran|dac khu))*)(?:\s+(?:trong|tren dia ban|thuoc)\s+tinh)?$`)

var levelKeys = []string{"huyen uy", "thi uy", "thanh uy", "thi xa", "thanh pho", "thi tran", "dac khu", "huyen", "quan", "xa", "phuong"}

// byPhrase reads "<stem> các <levels>" ("Trung tâm Văn hóa - Truyền thanh
// các huyện, thành phố", "Đảng ủy các xã, phường, đặc khu") as every unit
// named "<stem> <level> <place>" for one of the levels.
func (dir Directory) byPhrase(phrase string, key func(string) string) []string {
	m := kindPhrase.FindStringSubmatch(fold(phrase))
	if m == nil {
		return nil
	}
	words, n := strings.Fields(key(phrase)), len(strings.Fields(m[1]))
	if n > len(words) {
		return nil // a stray combining mark counted apart by one key
	}
	stem := words[:n]
	levels := levelsOf(m[2])
	var out []string
	for _, u := range dir.Units {
		name := strings.Fields(key(u.Name))
		if len(name) <= len(stem) || strings.Join(name[:len(stem)], " ") != strings.Join(stem, " ") {
			continue
		}
		rest := fold(strings.Join(name[len(stem):], " "))
		for _, l := range levels {
			if strings.HasPrefix(rest, l+" ") {
				out = append(out, u.Code)
				break
			}
		}
	}
	return out
}

func levelsOf(s string) []string {
	var out []string
	for s != "" {
		s = strings.TrimPrefix(strings.TrimSpace(s), "va ")
		found := false
		for _, l := range levelKeys {
			if s == l || strings.HasPrefix(s, l+" ") {
				out = append(out, l)
				s = strings.TrimPrefix(s, l)
				found = true
				break
			}
		}
		if !found {
			break
		}
	}
	return out
}

// withoutProvince drops a trailing province name, "tỉnh <province>" or
// "tỉnh" from a key.
func withoutProvince(k string, provinces []string, key func(string) string) string {
	if len(provinces) == 0 {
		return k
	}
	tinh := key("tỉnh")
	for _, p := range provinces {
		p = key(p)
		for _, suffix := range []string{" " + tinh + " " + p, " " + p} {
			if p != "" && strings.HasSuffix(k, suffix) && len(k) > len(suffix) {
				return strings.TrimSuffix(k, suffix)
			}
		}
	}
	return strings.TrimSuffix(k, " "+tinh)
}

var provinceOfIssuer = regexp.MustCompile(`(?i)(?:TỈNH ỦY|THÀNH ỦY|UBND TỈNH|ỦY BAN NHÂN DÂN TỈNH|UBND THÀNH PHỐ|ỦY BAN NHÂN DÂN THÀNH PHỐ)\s+(.+?)(?:\s*/|$)`)

// provincesOf names the province of the letter: the place of its date line
// and the name after "TỈNH ỦY" or "UBND TỈNH" in its issuing body.
func provincesOf(d Draft) []string {
	var out []string
	if m := provinceOfIssuer.FindStringSubmatch(d.Issuer); m != nil {
		out = append(out, m[1])
	}
	if d.Place != "" {
		out = append(out, d.Place)
	}
	return out
}
