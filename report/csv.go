package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"chidao/storage"
)

// CSV writes the unit summary (the first sheet's rows) as UTF-8 CSV with a BOM (Excel opens it with Vietnamese intact), comma-separated, CRLF lines.
// The header row comes first, then one row per unit in r.Units order. A text
// field starting with =, +, -, @ or a tab gets a leading apostrophe, so
// that a spreadsheet shows it instead of evaluating it as a formula.
func CSV(w io.Writer, r storage.DirectiveReport) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return fmt.Errorf("report: write csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	header := make([]string, len(summaryColumns))
	for i, c := range summaryColumns {
		header[i] = c.title
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("report: write csv: %w", err)
	}
	for i, u := range r.Units {
		row := unitRow(r, i, u)
		rec := make([]string, len(row))
		for j, v := range row {
			switch v := v.(type) {
			case int:
				rec[j] = strconv.Itoa(v)
			case string:
				rec[j] = defuse(v)
			default:
				rec[j] = fmt.Sprint(v)
			}
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("report: write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: write csv: %w", err)
	}
	return nil
}

// defuse keeps a spreadsheet from reading a text field as a formula.
func defuse(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}
