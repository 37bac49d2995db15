package chidao_test

import (
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// rule says what a package of chidao may not import (of chidao's own
// packages), or, with only, all it may import. docs/design.md draws them.
type rule struct {
	pkg    string // import path, or a prefix ending in "/"
	only   []string
	forbid []string
}

var layers = []rule{
	// Storage stores: it knows the domain and nothing above it.
	{pkg: "chidao/storage", only: []string{"chidao"}},
	// Platform adapters satisfy the runtime's interfaces with the
	// domain's types; they never reach the runtime, the conversations or
	// each other.
	{pkg: "chidao/bot/telegram", only: []string{"chidao", "chidao/links", "chidao/storage", "chidao/internal/supervise", "chidao/internal/httpbody"}},
	{pkg: "chidao/bot/zalo", only: []string{"chidao", "chidao/links", "chidao/storage", "chidao/internal/supervise", "chidao/internal/httpbody"}},
	// The fakes of outside services speak only the wire.
	{pkg: "chidao/bot/telegramfake", only: []string{}},
	{pkg: "chidao/bot/zalofake", only: []string{}},
	{pkg: "chidao/reach/youtubefake", only: []string{}},
	// The runtime moves events and messages; it holds no conversation.
	{pkg: "chidao/inbox", forbid: []string{"chidao/handlers", "chidao/app", "chidao/bot/", "chidao/reminders"}},
	{pkg: "chidao/outbox", forbid: []string{"chidao/handlers", "chidao/app", "chidao/bot/", "chidao/reminders", "chidao/texts"}},
	{pkg: "chidao/fetch", forbid: []string{"chidao/handlers", "chidao/app", "chidao/bot/", "chidao/reminders"}},
	// Conversations and reminders speak channel-neutral messages.
	{pkg: "chidao/handlers", forbid: []string{"chidao/bot/", "chidao/app", "chidao/inbox", "chidao/outbox", "chidao/fetch", "chidao/web", "chidao/cli"}},
	{pkg: "chidao/reminders", forbid: []string{"chidao/bot/", "chidao/app", "chidao/handlers", "chidao/inbox", "chidao/outbox", "chidao/fetch"}},
	// The Vietnamese catalog is read by everyone and reads no one's behaviour.
	{pkg: "chidao/texts", forbid: []string{"chidao/handlers", "chidao/bot/", "chidao/app", "chidao/web", "chidao/reminders"}},
}

// TestLayers keeps the house's shape: it fails when a package imports one
// it must not (go list, non-test imports).
func TestLayers(t *testing.T) {
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	imports := map[string][]string{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		for _, imp := range p.Imports {
			if imp == "chidao" || strings.HasPrefix(imp, "chidao/") {
				imports[p.ImportPath] = append(imports[p.ImportPath], imp)
			}
		}
		if _, ok := imports[p.ImportPath]; !ok {
			imports[p.ImportPath] = nil
		}
	}
	for _, v := range violations(imports) {
		t.Error(v)
	}
}

// violations lists the imports that break a rule.
func violations(imports map[string][]string) []string {
	var out []string
	for _, r := range layers {
		own, ok := imports[r.pkg]
		if !ok {
			out = append(out, r.pkg+": no such package (the rule is stale)")
			continue
		}
		for _, imp := range own {
			if r.only != nil && !slices.Contains(r.only, imp) {
				out = append(out, fmt.Sprintf("%s imports %s; it may import only %v", r.pkg, imp, r.only))
			}
			for _, f := range r.forbid {
				if imp == f || strings.HasSuffix(f, "/") && strings.HasPrefix(imp, f) {
					out = append(out, fmt.Sprintf("%s imports %s, which it must not", r.pkg, imp))
				}
			}
		}
	}
	return out
}

// TestLayersCatch proves the check can fail: a graph that breaks an
// "only" rule and a "forbid" rule gives both.
func TestLayersCatch(t *testing.T) {
	graph := map[string][]string{}
	for _, r := range layers {
		graph[r.pkg] = nil
	}
	graph["chidao/storage"] = []string{"chidao/texts"}
	graph["chidao/handlers"] = []string{"chidao/bot/telegram"}
	if v := violations(graph); len(v) != 2 {
		t.Errorf("want 2 violations, got %q", v)
	}
}
