package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"chidao/report"
)

// runReport is "report ID -o FILE [--format xlsx|csv]": the summary report
// the Office sends to the level above.
func runReport(ctx context.Context, e *env, args []string) error {
	fs := newFlags("report", "report ID -o FILE.xlsx [--format xlsx|csv]")
	out := fs.String("o", "", "the file to write (required)")
	format := fs.String("format", "", "xlsx or csv (default: from the file name)")
	pos, err := parse(e, fs, args, 1)
	if err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: -o FILE is required", ErrUsage)
	}
	f := strings.ToLower(*format)
	if f == "" {
		f = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
	}
	if f != "xlsx" && f != "csv" {
		return fmt.Errorf("%w: --format must be xlsx or csv (or name the file .xlsx or .csv)", ErrUsage)
	}
	id, err := parseID(pos[0])
	if err != nil {
		return err
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	r, err := s.DirectiveStatus(ctx, id)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if f == "csv" {
		err = report.CSV(&b, r)
	} else {
		err = report.XLSX(&b, r)
	}
	if err != nil {
		return err
	}
	// Written whole or not at all: a half-written report must not be mistaken for one.
	tmp := *out + ".tmp"
	if err := os.WriteFile(tmp, b.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, *out); err != nil {
		os.Remove(tmp)
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d units, %d bytes\n", *out, len(r.Units), b.Len())
	return nil
}
