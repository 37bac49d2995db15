package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"chidao"
	"chidao/storage"
)

func runUnit(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: chidao unit add|list|import", ErrUsage)
	}
	switch args[0] {
	case "add":
		return unitAdd(ctx, e, args[1:])
	case "list":
		return unitList(ctx, e, args[1:])
	case "import":
		return unitImport(ctx, e, args[1:])
	}
	return fmt.Errorf("%w: unknown unit command %q (add, list, import)", ErrUsage, args[0])
}

func unitAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("unit add", "unit add --code CODE --name NAME [--parent CODE]")
	code := fs.String("code", "", "unit code, e.g. BKG (letters, digits, _ . -)")
	name := fs.String("name", "", "unit name, e.g. Báo Kiên Giang")
	parent := fs.String("parent", "", "code of the parent unit")
	if _, err := parse(e, fs, args, 0); err != nil {
		return err
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	if err := s.AddUnit(ctx, actor(), chidao.Unit{Code: *code, Name: strings.TrimSpace(*name), ParentCode: *parent}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "unit %s added\n", *code)
	return nil
}

func unitList(ctx context.Context, e *env, args []string) error {
	fs := newFlags("unit list", "unit list [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(e, fs, args, 0); err != nil {
		return err
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	units, err := s.Units(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, nonNil(units))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tNAME\tPARENT")
	for _, u := range units {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Code, u.Name, u.ParentCode)
	}
	return tw.Flush()
}

func unitImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags("unit import", "unit import FILE.csv   (header: code,name,parent_code)")
	pos, err := parse(e, fs, args, 1)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	rows, err := readUnitsCSV(data)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	created, updated, err := s.ImportUnits(ctx, actor(), rows)
	if err != nil {
		return fmt.Errorf("%s: %w (nothing imported)", pos[0], err)
	}
	fmt.Fprintf(e.stdout, "%d units imported: %d new, %d updated\n", len(rows), created, updated)
	return nil
}

// readUnitsCSV reads code,name,parent_code rows: UTF-8 with or without the
// byte-order mark Excel writes, comma or semicolon separated.
func readUnitsCSV(data []byte) ([]storage.UnitRow, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, chidao.Invalid("the file is empty")
	}
	if err != nil {
		return nil, chidao.Invalid("line 1: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, want := range []string{"code", "name", "parent_code"} {
		if _, ok := col[want]; !ok {
			return nil, chidao.Invalid("line 1: the header must be code,name,parent_code (missing %s)", want)
		}
	}
	var rows []storage.UnitRow
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, chidao.Invalid("line %d: %v", pe.StartLine, pe.Err)
			}
			return nil, chidao.Invalid("%v", err)
		}
		line, _ := r.FieldPos(0)
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // Excel writes ",," for rows that were once used
		}
		if len(rec) != len(header) {
			return nil, chidao.Invalid("line %d: %d fields, the header has %d", line, len(rec), len(header))
		}
		for _, f := range rec {
			if !utf8.ValidString(f) {
				return nil, chidao.Invalid("line %d: not valid UTF-8 (save the file as CSV UTF-8)", line)
			}
		}
		get := func(k string) string { return strings.TrimSpace(rec[col[k]]) }
		rows = append(rows, storage.UnitRow{Line: line, Unit: chidao.Unit{Code: get("code"), Name: get("name"), ParentCode: get("parent_code")}})
	}
	if len(rows) == 0 {
		return nil, chidao.Invalid("the file has a header but no units")
	}
	return rows, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// nonNil makes empty lists print as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
