package letter

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the corpus's golden drafts")

// facts is what a person reading the letter knows it says, written by hand
// in each source (testdata/corpus/*.letter, rendered by testdata/gen).
type facts struct {
	Number      string          `json:"number"`
	IssuedOn    *string         `json:"issued_on"`
	Title       string          `json:"title"`
	Kind        string          `json:"kind"`
	Issuer      string          `json:"issuer"`
	Recipients  []recipientJSON `json:"recipients"`
	Unmatched   []string        `json:"unmatched"`
	Tasks       []taskFact      `json:"tasks"`
	Due         *string         `json:"due"`
	Implements  string          `json:"implements"`
	Signer      string          `json:"signer"`
	SignerTitle string          `json:"signer_title"`
	Missing     []string        `json:"missing"`
}

type taskFact struct {
	Starts       string  `json:"starts"`
	Clips        int     `json:"clips"`
	ClipsAssumed bool    `json:"clips_assumed"`
	Report       bool    `json:"report"`
	Due          *string `json:"due"`
}

// corpusFormats are the renderings of a letter the corpus may hold.
var corpusFormats = []string{".txt", ".pdftotext.txt", ".docx", ".pdf"}

// TestCorpus reads every letter of the corpus in every format it exists in
// and checks each field against the hand-written facts, then the whole
// draft (body and task texts included) against the reviewed golden draft:
// a PDF, a DOCX and a text copy of one letter give the same draft.
func TestCorpus(t *testing.T) {
	factFiles, _ := filepath.Glob("testdata/corpus/*.facts.json")
	if len(factFiles) < 16 {
		t.Fatalf("corpus has %d letters, want the seed and at least 15 more", len(factFiles))
	}
	for _, ff := range factFiles {
		name := strings.TrimSuffix(ff, ".facts.json")
		var want facts
		mustReadJSON(t, ff, &want)
		dir := corpusDirectory(t, name)
		for _, ext := range corpusFormats {
			data, err := os.ReadFile(name + ext)
			if err != nil {
				continue
			}
			t.Run(filepath.Base(name)+ext, func(t *testing.T) {
				d, err := Read(data, filepath.Base(name)+ext, dir)
				if err != nil {
					t.Fatal(err)
				}
				checkFacts(t, d, want, dir)
				checkGolden(t, d, name+".golden.json")
			})
		}
	}
}

func checkFacts(t *testing.T, d Draft, want facts, dir Directory) {
	t.Helper()
	got := decodeDraft(t, d)
	eq := func(field string, g, w any) {
		t.Helper()
		gj, _ := json.Marshal(g)
		wj, _ := json.Marshal(w)
		if !bytes.Equal(gj, wj) {
			t.Errorf("%s = %s, want %s", field, gj, wj)
		}
	}
	eq("number", got.Number, want.Number)
	eq("issued_on", got.IssuedOn, want.IssuedOn)
	eq("title", got.Title, want.Title)
	eq("kind", got.Kind, want.Kind)
	eq("issuer", got.Issuer, want.Issuer)
	for i := range want.Recipients {
		want.Recipients[i].Units = expandCodes(want.Recipients[i].Units, dir)
	}
	var recipients []recipientJSON
	for _, r := range got.Recipients {
		recipients = append(recipients, recipientJSON{Text: r.Text, Units: r.Units})
	}
	eq("recipients", recipients, want.Recipients)
	eq("unmatched", got.Unmatched, want.Unmatched)
	if len(got.Tasks) != len(want.Tasks) {
		t.Errorf("%d tasks, want %d: %+v", len(got.Tasks), len(want.Tasks), got.Tasks)
	}
	for i := 0; i < len(got.Tasks) && i < len(want.Tasks); i++ {
		g, w := got.Tasks[i], want.Tasks[i]
		if !strings.HasPrefix(g.Text, w.Starts) {
			t.Errorf("task %d = %q, want it to start %q", i+1, g.Text, w.Starts)
		}
		eq("task clips", []any{i + 1, g.Clips, g.ClipsAssumed}, []any{i + 1, w.Clips, w.ClipsAssumed})
		eq("task report", []any{i + 1, g.Report}, []any{i + 1, w.Report})
		eq("task due", []any{i + 1, g.Due}, []any{i + 1, w.Due})
	}
	eq("due", got.Due, want.Due)
	eq("implements", got.Implements, want.Implements)
	eq("signer", got.Signer, want.Signer)
	eq("signer_title", got.SignerTitle, want.SignerTitle)
	if want.Missing == nil {
		want.Missing = []string{}
	}
	eq("missing", got.Missing, want.Missing)
}

// checkGolden compares the whole draft with the golden one, reviewed by a
// person when written (go test ./letter -run Corpus -update).
func checkGolden(t *testing.T, d Draft, path string) {
	t.Helper()
	got, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if _, err := os.Stat(path); err != nil {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("draft differs from %s:\n%s", path, firstDiff(string(got), string(want)))
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + itoa(i+1) + ":\n got  " + gl + "\n want " + wl
		}
	}
	return ""
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func decodeDraft(t *testing.T, d Draft) draftJSON {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var out draftJSON
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func mustReadJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

var unitsMeta = regexp.MustCompile(`(?m)^units:\s*(\S+)`)

// corpusDirectory loads the units a letter is matched against: the Kiên
// Giang example's 20 units and the Office, or An Giang's 2025 map.
func corpusDirectory(t *testing.T, name string) Directory {
	t.Helper()
	src, err := os.ReadFile(name + ".letter")
	if err != nil {
		t.Fatal(err)
	}
	path := "../examples/kiengiang/units.csv"
	if m := unitsMeta.FindSubmatch(src); m != nil && string(m[1]) == "angiang" {
		path = "testdata/angiang-units.csv"
	}
	return loadUnits(t, path)
}

func loadUnits(t *testing.T, path string) Directory {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var dir Directory
	for _, r := range rows[1:] {
		dir.Units = append(dir.Units, Unit{Code: r[0], Name: r[1], Parent: r[2]})
	}
	return dir
}

// expandCodes turns "TTVH-*" into every code with that prefix, in the
// directory's order.
func expandCodes(codes []string, dir Directory) []string {
	out := []string{}
	for _, c := range codes {
		prefix, ok := strings.CutSuffix(c, "*")
		if !ok {
			out = append(out, c)
			continue
		}
		for _, u := range dir.Units {
			if strings.HasPrefix(u.Code, prefix) {
				out = append(out, u.Code)
			}
		}
	}
	return out
}
