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
	"unicode"
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
	fs := newFlags("unit add", "unit add --code CODE --name NAME [--parent CODE] [--groups CODE,CODE]")
	code := fs.String("code", "", "unit code, e.g. BKG (letters, digits, _ . -)")
	name := fs.String("name", "", "unit name, e.g. Báo Kiên Giang")
	parent := fs.String("parent", "", "code of the parent unit")
	groups := fs.String("groups", "", "comma-separated codes of the groups the unit belongs to (it receives their open directives)")
	if _, err := parse(e, fs, args, 0); err != nil {
		return err
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	u := chidao.Unit{Code: *code, Name: strings.TrimSpace(*name), ParentCode: *parent, Groups: splitCodes(*groups)}
	if err := s.AddUnit(ctx, actor(), u); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "unit %s added\n", *code)
	return nil
}

func unitList(ctx context.Context, e *env, args []string) error {
	return table[chidao.Unit]{name: "unit list", header: "CODE\tNAME\tPARENT\tGROUPS",
		load: (*storage.Store).Units,
		line: func(u chidao.Unit) string {
			return fmt.Sprintf("%s\t%s\t%s\t%s", u.Code, u.Name, u.ParentCode, strings.Join(u.Groups, ","))
		},
		json: func(units []chidao.Unit) any {
			for i := range units {
				units[i].Groups = nonNil(units[i].Groups)
			}
			return nonNil(units)
		}}.list(ctx, e, args)
}

func unitImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags("unit import", "unit import FILE.csv   (header: code,name,parent_code[,groups]; groups separated by ';')")
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
	res, err := s.Import(ctx, actor(), rows)
	if err != nil {
		return fmt.Errorf("%s: %w (nothing imported)", pos[0], err)
	}
	fmt.Fprintf(e.stdout, "%d units imported: %d new, %d updated\n", len(rows), res.Created, res.Updated)
	if res.Joined+res.Left > 0 {
		fmt.Fprintf(e.stdout, "groups: %d memberships added, %d removed; %d open directive assignments to units joining a group\n",
			res.Joined, res.Left, res.Assigned)
	}
	return nil
}

// readUnitsCSV reads code,name,parent_code rows, with an optional groups
// column (group codes separated by ';'):
// UTF-8 with or without the byte-order mark Excel writes, comma or
// semicolon separated.
func readUnitsCSV(data []byte) ([]storage.UnitRow, error) {
	var rows []storage.UnitRow
	err := readCSV(data, []string{"code", "name", "parent_code"}, "code,name,parent_code[,groups]", func(line int, get func(string) (string, bool)) {
		code, _ := get("code")
		name, _ := get("name")
		parent, _ := get("parent_code")
		groups, set := get("groups")
		rows = append(rows, storage.UnitRow{Line: line, SetGroups: set,
			Unit: chidao.Unit{Code: code, Name: name, ParentCode: parent, Groups: splitCodes(groups)}})
	})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, chidao.Invalid("the file has a header but no units")
	}
	return rows, nil
}

// splitCodes splits a list of codes separated by ';', ',' or spaces.
func splitCodes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || unicode.IsSpace(r) })
}

// readCSV reads a spreadsheet's CSV: UTF-8 with or without Excel's
// byte-order mark, comma or semicolon separated, a header
// naming at least the required columns (in any order), and calls row with
// each non-blank line; get reports whether the file has the column.
func readCSV(data []byte, required []string, synopsis string, row func(line int, get func(string) (string, bool))) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return chidao.Invalid("the file is empty")
	}
	if err != nil {
		return chidao.Invalid("line 1: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, want := range required {
		if _, ok := col[want]; !ok {
			return chidao.Invalid("line 1: the header must be %s (missing %s)", synopsis, want)
		}
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return chidao.Invalid("line %d: %v", pe.StartLine, pe.Err)
			}
			return chidao.Invalid("%v", err)
		}
		line, _ := r.FieldPos(0)
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // Excel writes ",," for rows that were once used
		}
		if len(rec) != len(header) {
			return chidao.Invalid("line %d: %d fields, the header has %d", line, len(rec), len(header))
		}
		for _, f := range rec {
			if !utf8.ValidString(f) {
				return chidao.Invalid("line %d: not valid UTF-8 (save the file as CSV UTF-8)", line)
			}
		}
		row(line, func(k string) (string, bool) {
			i, ok := col[k]
			if !ok {
				return "", false
			}
			return strings.TrimSpace(rec[i]), true
		})
	}
	return nil
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
