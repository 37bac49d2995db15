package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"chidao"
	"chidao/internal/testclock"
)

func TestReportAndLoginLink(t *testing.T) {
	o := newOffice(t)
	o.must("unit", "import", example+"units.csv")
	due := testclock.Now().In(chidao.Zone).AddDate(0, 0, 14).Format("2006-01-02")
	id := strings.SplitN(o.must("directive", "create", "--file", example+"1483-CV-BTGTU.json", "--due", due), "\n", 2)[0]
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "tong-hop.xlsx")
	if out := o.must("report", id, "-o", xlsx); !strings.Contains(out, "20 units") {
		t.Errorf("report: %s", out)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) < 3 || sheets[0] != "Tổng hợp" {
		t.Errorf("sheets: %v", sheets)
	}
	csv := filepath.Join(dir, "tong-hop.csv")
	o.must("report", id, "-o", csv)
	b, err := os.ReadFile(csv)
	if err != nil || !strings.HasPrefix(string(b), "\ufeff") || strings.Count(string(b), "\r\n") != 21 {
		t.Errorf("csv: %d lines, %v", strings.Count(string(b), "\r\n"), err)
	}
	if _, err := o.run("report", id, "-o", filepath.Join(dir, "x.pdf")); err == nil {
		t.Error("a .pdf report was accepted")
	}
	if _, err := o.run("report", id); err == nil {
		t.Error("report without -o was accepted")
	}

	inv := strings.SplitN(o.must("invite", "--unit", "BTGTU", "--role", "admin", "--name", "Phạm Văn Dũng"), "\n", 2)[0]
	_ = inv
	if _, err := o.run("login-link", "--person", "999"); err == nil {
		t.Error("a login link for nobody")
	}
}
