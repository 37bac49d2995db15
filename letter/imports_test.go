package letter

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The reader stays a leaf the chat, the dashboard and the CLI all call:
// it knows the root's domain (time zone, dates) and nothing of storage,
// handlers, bots or the web.
func TestImportsStayALeaf(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range ast.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			allowed := p == "chidao" || !strings.Contains(p, ".") && !strings.HasPrefix(p, "chidao/") ||
				strings.HasPrefix(p, "golang.org/x/text/") || p == "github.com/ledongthuc/pdf"
			if !allowed {
				t.Errorf("%s imports %s", f, p)
			}
		}
	}
}
