package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"chidao/report"
	"chidao/storage"
)

// runReport is "report ID -o FILE [--format xlsx|csv]": the summary report
// the Office sends to the level above.
func runReport(ctx context.Context, e *env, args []string) error {
	fs := newFlags("report", "report ID -o FILE.xlsx|FILE.csv|FILE.docx [--format xlsx|csv|docx]")
	out := fs.String("o", "", "the file to write (required)")
	format := fs.String("format", "", "xlsx, csv or docx (default: from the file name)")
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
	if f != "xlsx" && f != "csv" && f != "docx" {
		return fmt.Errorf("%w: --format must be xlsx, csv or docx (or name the file .xlsx, .csv or .docx)", ErrUsage)
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
	switch f {
	case "csv":
		err = report.CSV(&b, r)
	case "docx":
		err = e.docx(ctx, s, &b, r)
	default:
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

// docx writes the Word summary report, in REPORT_TEMPLATE's layout when set.
func (e *env) docx(ctx context.Context, s *storage.Store, w io.Writer, r storage.DirectiveReport) error {
	in, err := DocxInput(ctx, s, e.cfg.OrgName, e.cfg.ReportTemplate, r)
	if err != nil {
		return err
	}
	return report.DOCX(w, in)
}

// DocxInput gathers what the Word report needs besides the directive's
// status: the Office's name, the completion times, the template.
func DocxInput(ctx context.Context, s *storage.Store, orgName, templatePath string, r storage.DirectiveReport) (report.DocxInput, error) {
	in := report.DocxInput{Report: r}
	office, err := s.OfficeUnit(ctx)
	if err != nil {
		return in, err
	}
	in.Org = report.OrgOf(orgName, office)
	if in.Completed, err = s.CompletionOverTime(ctx, r.Directive.ID); err != nil {
		return in, err
	}
	if templatePath != "" {
		in.Template, err = report.LoadTemplate(templatePath)
	}
	return in, err
}
