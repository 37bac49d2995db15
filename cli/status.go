package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"chidao"
	"chidao/storage"
)

func runStatus(ctx context.Context, e *env, args []string) error {
	fs := newFlags("status", "status [ID] [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(e, fs, args, -1)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return fmt.Errorf("%w: chidao status takes at most one directive id", ErrUsage)
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return statusAll(ctx, e, s, *asJSON)
	}
	id, err := parseID(pos[0])
	if err != nil {
		return err
	}
	if *asJSON {
		return WriteStatusJSON(ctx, s, id, e.stdout)
	}
	r, err := s.DirectiveStatus(ctx, id)
	if err != nil {
		return err
	}
	return printReport(e, r)
}

// WriteStatusJSON writes what `chidao status ID --json` prints: the
// directive and every unit's state, now.
func WriteStatusJSON(ctx context.Context, s *storage.Store, id int64, w io.Writer) error {
	r, err := s.DirectiveStatus(ctx, id)
	if err != nil {
		return err
	}
	return writeJSON(w, reportJSON(r))
}

// statusAll summarises every active directive: how many units in each status.
func statusAll(ctx context.Context, e *env, s *storage.Store, asJSON bool) error {
	ds, err := s.Directives(ctx, true)
	if err != nil {
		return err
	}
	var out []map[string]any
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNUMBER\tDUE\tUNITS\t"+strings.ToUpper(joinStatuses("\t")))
	for _, d := range ds {
		r, err := s.DirectiveStatus(ctx, d.ID)
		if err != nil {
			return err
		}
		counts := r.Count()
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d", d.ID, d.Number, chidao.FormatDateTime(d.DueAt), len(r.Units))
		byLabel := map[string]int{}
		for _, st := range chidao.Statuses {
			fmt.Fprintf(tw, "\t%d", counts[st])
			byLabel[string(st)] = counts[st]
		}
		fmt.Fprintln(tw)
		j := directiveJSON(d)
		j["units"], j["counts"] = len(r.Units), byLabel
		out = append(out, j)
	}
	if asJSON {
		return writeJSON(e.stdout, nonNil(out))
	}
	if len(ds) == 0 {
		fmt.Fprintln(e.stdout, "No active directives.")
	} else if err := tw.Flush(); err != nil {
		return err
	}
	return printTraffic(ctx, e, s)
}

// printTraffic says how the chat traffic stands and what went wrong.
func printTraffic(ctx context.Context, e *env, s *storage.Store) error {
	out, err := s.DeliveryCounts(ctx)
	if err != nil {
		return err
	}
	in, err := s.InboxCounts(ctx)
	if err != nil {
		return err
	}
	if len(out) == 0 && len(in) == 0 {
		return nil
	}
	fmt.Fprintf(e.stdout, "\nMessages out: %d sent, %d queued, %d failed, %d unknown (in flight at a crash), %d skipped\n",
		out["sent"], out["pending"]+out["sending"], out["failed"], out["unknown"], out["skipped"])
	fmt.Fprintf(e.stdout, "Messages in: %d handled, %d waiting, %d failed, %d ignored, %d quarantined (could not be stored as events)\n",
		in["done"], in["pending"], in["failed"], in["ignored"], in["quarantined"])
	problems, err := s.Problems(ctx, 10)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintf(e.stdout, "  %s %d to/from %s at %s: %s\n", p.What, p.ID, p.Who, chidao.FormatDateTime(p.At), firstLine(p.Error))
	}
	lost, err := s.UnreachablePeople(ctx)
	if err != nil {
		return err
	}
	if len(lost) > 0 {
		fmt.Fprintf(e.stdout, "Unreachable (%d):", len(lost))
		for _, p := range lost {
			fmt.Fprintf(e.stdout, " %s (%s) on %s;", p.Name, p.Unit, p.Channel)
		}
		fmt.Fprintln(e.stdout)
	}
	return nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func joinStatuses(sep string) string {
	parts := make([]string, len(chidao.Statuses))
	for i, st := range chidao.Statuses {
		parts[i] = string(st)
	}
	return strings.Join(parts, sep)
}

func printReport(e *env, r storage.DirectiveReport) error {
	d := r.Directive
	fmt.Fprintf(e.stdout, "%s: %s\nDeadline %s, %s; status as of %s\n\n", d.Number, d.Title,
		chidao.FormatDateTime(d.DueAt), d.State, chidao.FormatDateTime(r.At))
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "UNIT\tNAME\tSTATUS\tACKNOWLEDGED\tCLIPS\tREPORTS\tDIFFICULTIES")
	for _, u := range r.Units {
		clips := fmt.Sprintf("%d/%d", u.ClipsApproved, u.ClipsRequired)
		if pending := len(u.Clips) - u.ClipsApproved; pending > 0 {
			clips += fmt.Sprintf(" (+%d)", pending)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\n", u.Code, u.Name, u.Status, when(u.AcknowledgedAt), clips, len(u.Reports), len(u.Difficulties))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	counts := r.Count()
	fmt.Fprintf(e.stdout, "\n%d units:", len(r.Units))
	for _, st := range chidao.Statuses {
		fmt.Fprintf(e.stdout, " %s %d;", st, counts[st])
	}
	fmt.Fprintln(e.stdout, "\nCLIPS is approved/required; (+N) are pending or rejected.")
	return nil
}

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return chidao.FormatDateTime(t)
}

// The JSON contract of `chidao status ID --json`; fields may be added, none
// removed or renamed.
type (
	statusJSON struct {
		Directive directiveOut `json:"directive"`
		At        string       `json:"at"`
		Units     []unitOut    `json:"units"`
	}
	directiveOut struct {
		ID       int64     `json:"id"`
		Number   string    `json:"number"`
		Title    string    `json:"title"`
		Due      string    `json:"due"`
		State    string    `json:"state"`
		IssuedOn string    `json:"issued_on"`
		Tasks    []taskOut `json:"tasks"`
	}
	taskOut struct {
		Position int    `json:"position"`
		Text     string `json:"text"`
		MinClips int    `json:"min_clips"`
		Report   bool   `json:"report"`
		Due      string `json:"due"`
	}
	unitOut struct {
		Code           string    `json:"code"`
		Name           string    `json:"name"`
		Groups         []string  `json:"groups"`
		Status         string    `json:"status"`
		AcknowledgedAt *string   `json:"acknowledged_at"`
		AcknowledgedBy string    `json:"acknowledged_by,omitempty"`
		DoneAt         *string   `json:"done_at"`
		SnoozedUntil   *string   `json:"snoozed_until,omitempty"`
		TaskStatuses   []string  `json:"task_statuses"`
		ClipsApproved  int       `json:"clips_approved"`
		ClipsRequired  int       `json:"clips_required"`
		Clips          []clipOut `json:"clips"`
		Reports        []textOut `json:"reports"`
		Difficulties   []textOut `json:"difficulties"`
	}
	clipOut struct {
		ID          int64     `json:"id"`
		URL         string    `json:"url"`
		Platform    string    `json:"platform"`
		Review      string    `json:"review"`
		SubmittedBy string    `json:"submitted_by"`
		SubmittedAt string    `json:"submitted_at"`
		Reviewer    string    `json:"reviewer,omitempty"`
		Reason      string    `json:"reason,omitempty"`
		Reach       *reachOut `json:"reach"`
	}
	reachOut struct {
		Views      *int64 `json:"views"`
		Likes      *int64 `json:"likes"`
		Shares     *int64 `json:"shares"`
		Comments   *int64 `json:"comments"`
		Source     string `json:"source"`
		MeasuredAt string `json:"measured_at"`
	}
	textOut struct {
		Text        string `json:"text"`
		SubmittedBy string `json:"submitted_by"`
		SubmittedAt string `json:"submitted_at"`
		File        string `json:"file,omitempty"`
	}
)

func reportJSON(r storage.DirectiveReport) statusJSON {
	d := r.Directive
	out := statusJSON{At: chidao.FormatRFC3339(r.At), Units: []unitOut{}, Directive: directiveOut{
		ID: d.ID, Number: d.Number, Title: d.Title, Due: chidao.FormatRFC3339(d.DueAt), State: string(d.State),
		IssuedOn: d.IssuedOn.Format("2006-01-02"), Tasks: []taskOut{}}}
	for _, t := range r.Tasks {
		out.Directive.Tasks = append(out.Directive.Tasks, taskOut{t.Position, t.Text, t.MinClips, t.Report, chidao.FormatRFC3339(t.DueAt)})
	}
	for _, u := range r.Units {
		uo := unitOut{Code: u.Code, Name: u.Name, Groups: nonNil(u.Groups), Status: string(u.Status), AcknowledgedAt: optTime(u.AcknowledgedAt),
			AcknowledgedBy: u.AcknowledgedBy, DoneAt: optTime(u.DoneAt), SnoozedUntil: optTime(u.SnoozedUntil), ClipsApproved: u.ClipsApproved, ClipsRequired: u.ClipsRequired,
			TaskStatuses: []string{}, Clips: []clipOut{}, Reports: itemsOut(u.Reports), Difficulties: itemsOut(u.Difficulties)}
		for _, st := range u.TaskStatuses {
			uo.TaskStatuses = append(uo.TaskStatuses, string(st))
		}
		for _, c := range u.Clips {
			co := clipOut{c.ID, c.URL, c.Platform, string(c.Review), c.SubmittedBy, chidao.FormatRFC3339(c.SubmittedAt), c.Reviewer, c.Reason, nil}
			if r := c.Reach; r != nil {
				co.Reach = &reachOut{r.Views, r.Likes, r.Shares, r.Comments, r.Source, chidao.FormatRFC3339(r.MeasuredAt)}
			}
			uo.Clips = append(uo.Clips, co)
		}
		out.Units = append(out.Units, uo)
	}
	return out
}

func itemsOut(items []storage.Item) []textOut {
	out := []textOut{}
	for _, it := range items {
		out = append(out, textOut{it.Text, it.SubmittedBy, chidao.FormatRFC3339(it.SubmittedAt), it.FileName})
	}
	return out
}

func optTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := chidao.FormatRFC3339(t)
	return &s
}
