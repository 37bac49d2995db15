package sandbox_test

import (
	"strings"
	"testing"

	"chidao/sandbox"
)

// TestPersonNamesDiffer: a province's seeded people (several hundred) all
// have different three-word names, the same on every run.
func TestPersonNamesDiffer(t *testing.T) {
	seen := map[string]int{}
	for n := range 1000 {
		name := sandbox.PersonName(n)
		if prev, dup := seen[name]; dup {
			t.Fatalf("person %d and %d are both %q", prev, n, name)
		}
		if len(strings.Fields(name)) != 3 {
			t.Errorf("person %d: %q is not family, middle and given name", n, name)
		}
		seen[name] = n
	}
	if sandbox.PersonName(0) != "Nguyễn Văn An" || sandbox.PersonName(1) != "Nguyễn Thị Châu" {
		t.Errorf("the first names changed: %q, %q", sandbox.PersonName(0), sandbox.PersonName(1))
	}
}
