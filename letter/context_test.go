package letter

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestContext: the body less its tasks keeps the preamble and the
// closing, in every letter of the corpus: each of its paragraphs is one of
// the body's, and none is a task.
func TestContext(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*.txt")
	for _, f := range files {
		if strings.HasSuffix(f, ".pdftotext.txt") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Read(data, filepath.Base(f), Directory{})
		if err != nil {
			t.Fatal(err)
		}
		body := strings.Split(d.Body, "\n\n")
		for _, p := range strings.Split(d.Context, "\n\n") {
			if p == "" {
				continue
			}
			if !contains(body, p) {
				t.Errorf("%s: context paragraph %q is not in the body", f, p)
			}
			for _, task := range d.Tasks {
				if markerOf(p).rest == task.Text {
					t.Errorf("%s: context paragraph %q is a task", f, p)
				}
			}
		}
		if filepath.Base(f) == "01-1483-CV-BTGTU.txt" {
			if !strings.HasPrefix(d.Context, "Thực hiện Công văn số 7944-CV/BTGTW") || !strings.Contains(d.Context, "\n\nTăng cường thông tin, tuyên truyền") ||
				strings.Contains(d.Context, "Đẩy mạnh chỉ đạo") {
				t.Errorf("the seed's context:\n%s", d.Context)
			}
		}
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
