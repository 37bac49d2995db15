package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"chidao"
	"chidao/report"
	"chidao/scorecard"
)

// runScorecard is "scorecard --from YYYY-MM-DD --to YYYY-MM-DD [--json]
// [-o FILE.xlsx]": every unit over the directives issued in the period,
// best first.
func runScorecard(ctx context.Context, e *env, args []string) error {
	fs := newFlags("scorecard", "scorecard --from YYYY-MM-DD --to YYYY-MM-DD [--json] [-o FILE.xlsx]")
	fromS := fs.String("from", "", "the first day of the period (required)")
	toS := fs.String("to", "", "the last day of the period (required)")
	asJSON := fs.Bool("json", false, "print JSON")
	out := fs.String("o", "", "write the scorecard workbook (.xlsx) there")
	if _, err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if *fromS == "" || *toS == "" {
		return fmt.Errorf("%w: --from and --to are required (YYYY-MM-DD)", ErrUsage)
	}
	if *out != "" && !strings.HasSuffix(strings.ToLower(*out), ".xlsx") {
		return fmt.Errorf("%w: -o must name an .xlsx file", ErrUsage)
	}
	from, err := chidao.ParseDate(*fromS)
	if err != nil {
		return fmt.Errorf("%w: --from: %v", ErrUsage, err)
	}
	to, err := chidao.ParseDate(*toS)
	if err != nil {
		return fmt.Errorf("%w: --to: %v", ErrUsage, err)
	}
	p := scorecard.Period{From: from, To: to}
	if err := p.Check(); err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	w, err := scorecard.ParseWeights(e.cfg.ScoreWeights)
	if err != nil {
		return err
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	facts, err := s.ScorecardFacts(ctx, from, to)
	if err != nil {
		return err
	}
	card := scorecard.Compute(facts, from, to, w)
	if *out != "" {
		if err := writeScorecard(*out, card); err != nil {
			return err
		}
	}
	if *asJSON {
		return writeJSON(e.stdout, scorecardJSON(card))
	}
	if *out != "" {
		fmt.Fprintf(e.stdout, "%s: %d units, %d directives\n", *out, len(card.Rows), len(card.Directives))
		return nil
	}
	return printScorecard(e, card)
}

func writeScorecard(path string, card scorecard.Card) error {
	var b bytes.Buffer
	if err := report.ScorecardXLSX(&b, card); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// scoreOut is the JSON contract of chidao scorecard --json; fields may be
// added, never removed.
type scoreOut struct {
	Rank                 int      `json:"rank"`
	Code                 string   `json:"code"`
	Name                 string   `json:"name"`
	Directives           int      `json:"directives"`
	Acknowledged         int      `json:"acknowledged"`
	DoneOnTime           int      `json:"done_on_time"`
	DoneLate             int      `json:"done_late"`
	Overdue              int      `json:"overdue"`
	Pending              int      `json:"pending"`
	AvgDaysLate          float64  `json:"avg_days_late"`
	ClipsApproved        int      `json:"clips_approved"`
	ClipsRejected        int      `json:"clips_rejected"`
	Views                int64    `json:"views"`
	Reports              int      `json:"reports"`
	Difficulties         int      `json:"difficulties"`
	DifficultiesAnswered int      `json:"difficulties_answered"`
	Score                *float64 `json:"score"`
}

func scorecardJSON(c scorecard.Card) []scoreOut {
	out := []scoreOut{}
	for _, r := range c.Rows {
		out = append(out, scoreOut{r.Rank, r.Code, r.Name, r.Directives, r.Acknowledged, r.DoneOnTime, r.DoneLate, r.Overdue, r.Pending,
			r.AvgDaysLate, r.ClipsApproved, r.ClipsRejected, r.Views, r.Reports, r.Difficulties, r.DifficultiesAnswered, r.Score})
	}
	return out
}

func printScorecard(e *env, c scorecard.Card) error {
	fmt.Fprintf(e.stdout, "Scorecard %s to %s: %d directives, as of %s\n\n", chidao.FormatDate(c.From), chidao.FormatDate(c.To),
		len(c.Directives), chidao.FormatDateTime(c.At))
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RANK\tUNIT\tSCORE\tDIRECTIVES\tON TIME\tLATE\tOVERDUE\tAVG DAYS LATE\tCLIPS OK/REJECTED\tVIEWS\tREPORTS\tDIFFICULTIES")
	for _, r := range c.Rows {
		score := "-"
		if r.Score != nil {
			score = fmt.Sprintf("%.1f", *r.Score)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%d\t%d\t%.1f\t%d/%d\t%d\t%d\t%d\n", r.Rank, r.Code, score, r.Directives, r.DoneOnTime,
			r.DoneLate, r.Overdue, r.AvgDaysLate, r.ClipsApproved, r.ClipsRejected, r.Views, r.Reports, r.Difficulties)
	}
	return tw.Flush()
}
