package config

import (
	"bufio"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"chidao/texts"
)

// TestEveryVariableIsDocumented: the variables chidao reads are exactly
// those of deploy/chidao.env.example, and each is in README's table.
func TestEveryVariableIsDocumented(t *testing.T) {
	var read []string
	_, _ = Load(func(name string) string { read = append(read, name); return "" })
	f, err := os.Open("../deploy/chidao.env.example")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var example []string
	line := regexp.MustCompile(`^#?\s*([A-Z][A-Z0-9_]+)=`)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := line.FindStringSubmatch(sc.Text()); m != nil {
			example = append(example, m[1])
		}
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range read {
		if !slices.Contains(example, name) {
			t.Errorf("%s is read but not in deploy/chidao.env.example", name)
		}
		if !strings.Contains(string(readme), "`"+name+"`") {
			t.Errorf("%s is read but not in README's configuration table", name)
		}
	}
	for _, name := range example {
		if !slices.Contains(read, name) && name != "POSTGRES_PASSWORD" && name != "TEST_DATABASE_URL" && name != "CHIDAO_PG_BINDIR" {
			t.Errorf("deploy/chidao.env.example documents %s, which chidao does not read", name)
		}
	}
}

// TestOrgDefaultsAgree: the Office's default names are the same in the
// configuration, the catalog, deploy/chidao.env.example and README.md.
func TestOrgDefaultsAgree(t *testing.T) {
	if DefaultOrgName != texts.DefaultOrgName || DefaultOrgShortName != texts.DefaultOrgShort {
		t.Errorf("config defaults %q, %q; catalog %q, %q", DefaultOrgName, DefaultOrgShortName, texts.DefaultOrgName, texts.DefaultOrgShort)
	}
	example, err := os.ReadFile("../deploy/chidao.env.example")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"#CHIDAO_ORG_NAME='" + DefaultOrgName + "'", "#CHIDAO_ORG_SHORT_NAME=" + DefaultOrgShortName + "\n"} {
		if !strings.Contains(string(example), want) {
			t.Errorf("deploy/chidao.env.example lacks %q", want)
		}
	}
	for _, want := range []string{"| `CHIDAO_ORG_NAME` | `" + DefaultOrgName + "` |", "| `CHIDAO_ORG_SHORT_NAME` | `" + DefaultOrgShortName + "` |"} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README.md lacks %q", want)
		}
	}
	c, err := Load(func(name string) string {
		return map[string]string{"CHIDAO_ORG_NAME": "Ban Tuyên giáo Tỉnh ủy Kiên Giang", "CHIDAO_ORG_SHORT_NAME": "Ban"}[name]
	})
	if err != nil || c.OrgName != "Ban Tuyên giáo Tỉnh ủy Kiên Giang" {
		t.Errorf("Load = %q, %v", c.OrgName, err)
	}
	if _, err := Load(func(name string) string { return map[string]string{"CHIDAO_ORG_NAME": "Ban\nX"}[name] }); err == nil {
		t.Error("a name on two lines was accepted")
	}
}
