// Command gen renders the corpus sources (letter/testdata/corpus/*.letter)
// into the files the tests read: NAME.txt, NAME.docx (when the source asks
// for it) and the facts NAME.facts.json. PDFs are made from the DOCX by
// LibreOffice once, by letter/testdata/gen/render.sh; the tests need
// neither this program nor LibreOffice.
//
//	go run ./letter/testdata/gen letter/testdata/corpus
package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"
)

type source struct {
	name     string
	sections map[string][]string
	meta     map[string]string
}

func main() {
	dir := os.Args[1]
	files, _ := filepath.Glob(filepath.Join(dir, "*.letter"))
	sort.Strings(files)
	for _, f := range files {
		s, err := load(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		must(os.WriteFile(filepath.Join(dir, s.name+".facts.json"), []byte(strings.Join(s.sections["facts"], "\n")+"\n"), 0o644))
		formats := s.meta["formats"]
		if strings.Contains(formats, "txt") {
			must(os.WriteFile(filepath.Join(dir, s.name+".txt"), s.text(), 0o644))
		}
		if strings.Contains(formats, "docx") || strings.Contains(formats, "pdf") {
			must(os.WriteFile(filepath.Join(dir, s.name+".docx"), s.docx(), 0o644))
		}
	}
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func load(path string) (*source, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s := &source{name: strings.TrimSuffix(filepath.Base(path), ".letter"), sections: map[string][]string{}, meta: map[string]string{}}
	cur := ""
	for _, l := range strings.Split(string(b), "\n") {
		if name, ok := strings.CutPrefix(l, "== "); ok {
			cur = strings.TrimSpace(name)
			continue
		}
		if cur == "meta" {
			if k, v, ok := strings.Cut(l, ":"); ok {
				s.meta[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
			continue
		}
		s.sections[cur] = append(s.sections[cur], l)
	}
	for k, v := range s.sections {
		for len(v) > 0 && strings.TrimSpace(v[len(v)-1]) == "" {
			v = v[:len(v)-1]
		}
		s.sections[k] = v
	}
	return s, nil
}

// text is the letter as someone copies it out of the signed document: the
// left column of the header, then the right, the body, the foot.
func (s *source) text() []byte {
	var parts []string
	for _, sec := range []string{"left", "right", "body", "foot-left", "foot-right"} {
		parts = append(parts, strings.Join(s.sections[sec], "\n"))
	}
	t := strings.Join(parts, "\n\n") + "\n"
	q := s.meta["txt"]
	if strings.Contains(q, "nfd") {
		t = norm.NFD.String(t)
	}
	if strings.Contains(q, "nbsp") {
		t = strings.ReplaceAll(t, "Số ", "Số\u00a0")
		t = strings.ReplaceAll(t, "ngày ", "ngày\u00a0")
	}
	if strings.Contains(q, "crlf") {
		t = strings.ReplaceAll(t, "\n", "\r\n")
	}
	if strings.Contains(q, "bom") {
		t = "\ufeff" + t
	}
	return []byte(t)
}

func (s *source) docx() []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	add := func(name, body string) {
		w, err := z.Create(name)
		must(err)
		_, err = w.Write([]byte(body))
		must(err)
	}
	add("[Content_Types].xml", contentTypes)
	add("_rels/.rels", rootRels)
	add("word/_rels/document.xml.rels", docRels)
	add("word/styles.xml", styles)
	add("word/numbering.xml", numberingXML)
	add("word/document.xml", s.documentXML())
	must(z.Close())
	return buf.Bytes()
}
