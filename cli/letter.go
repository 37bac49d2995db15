package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"chidao"
	"chidao/handlers"
	"chidao/letter"
)

// directive draft and directive create --from: the signed letter read by
// package letter.

func directiveDraft(ctx context.Context, e *env, args []string) error {
	fs := newFlags("directive draft", "directive draft FILE [--json]")
	asJSON := fs.Bool("json", false, "print the draft as JSON")
	pos, err := parse(e, fs, args, 1)
	if err != nil {
		return err
	}
	d, err := readLetter(ctx, e, pos[0])
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, d)
	}
	printDraft(e.stdout, filepath.Base(pos[0]), d)
	return nil
}

// readLetter reads a letter file and matches its recipients against the
// units in the database. The file is checked before the database opens.
func readLetter(ctx context.Context, e *env, path string) (letter.Draft, error) {
	st, err := os.Stat(path)
	if err != nil {
		return letter.Draft{}, err
	}
	if st.IsDir() {
		return letter.Draft{}, chidao.Invalid("%s is a directory, not a letter", path)
	}
	if st.Size() > letter.MaxSize {
		return letter.Draft{}, chidao.Invalid("%s: the file is larger than 20 MB (%.1f MB)", path, float64(st.Size())/(1<<20))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return letter.Draft{}, err
	}
	lines, err := letter.Extract(data, filepath.Base(path))
	if err != nil {
		return letter.Draft{}, letterError(path, err)
	}
	s, err := e.open(ctx)
	if err != nil {
		return letter.Draft{}, err
	}
	dir, err := handlers.LetterDirectory(ctx, s) // the units and their groups, as the chat and the dashboard match
	if err != nil {
		return letter.Draft{}, err
	}
	d, err := letter.FromLines(lines, dir)
	return d, letterError(path, err)
}

func letterError(path string, err error) error {
	var le *letter.Error
	if errors.As(err, &le) {
		return chidao.Invalid("%s: %v", path, le)
	}
	return err
}

func printDraft(w io.Writer, name string, d letter.Draft) {
	fmt.Fprintf(w, "Draft read from %s (nothing is created: chidao directive create --from FILE issues it)\n\n", name)
	row := func(label, value, none string) {
		if value == "" {
			value = none
		}
		fmt.Fprintf(w, "%-12s %s\n", label+":", value)
	}
	row("Number", d.Number, "none in the letter (give --number)")
	row("Issued", dateText(d.IssuedOn), "no date in the letter (today is used)")
	row("Title", d.Title, "none in the letter (give --title)")
	row("From", d.Issuer, "-")
	row("Implements", d.Implements, "-")
	row("Deadline", dateTimeText(d.Due), "none in the letter (give --due)")
	signed := d.Signer
	if d.SignerTitle != "" {
		signed = strings.TrimSpace(signed + " (" + d.SignerTitle + ")")
	}
	row("Signed", signed, "-")
	fmt.Fprintf(w, "\nRecipients (%d units):\n", len(d.UnitCodes()))
	for _, r := range d.Recipients {
		fmt.Fprintf(w, "  %s -> %s\n", r.Text, recipientUnits(r))
	}
	if len(d.Recipients) == 0 {
		fmt.Fprintln(w, "  none in the letter (give --units or --all)")
	}
	fmt.Fprintln(w, "\nTasks:")
	for i, t := range d.Tasks {
		need := needs(chidao.Requirement{MinClips: t.Clips, Report: t.Report})
		if t.ClipsAssumed {
			need += " (the letter asks for clips without a number: 1 assumed, change with --clips)"
		}
		if !t.Due.IsZero() {
			need += "; due " + chidao.FormatDateTime(t.Due)
		}
		fmt.Fprintf(w, "  %d. %s\n     needs: %s\n", i+1, strings.ReplaceAll(t.Text, "\n", "\n     "), need)
	}
	if len(d.Tasks) == 0 {
		fmt.Fprintln(w, "  none found (give --task)")
	}
	if len(d.Missing) > 0 {
		var m []string
		for _, what := range d.Missing {
			m = append(m, missingFlags[what])
		}
		fmt.Fprintf(w, "\nMissing: %s\n", strings.Join(m, ", "))
	}
}

var missingFlags = map[string]string{
	letter.MissingNumber: "number (--number)", letter.MissingTitle: "title (--title)", letter.MissingTasks: "tasks (--task)",
	letter.MissingDue: "deadline (--due)", letter.MissingRecipients: "recipients (--units or --all)",
}

func recipientUnits(r letter.Recipient) string {
	switch {
	case len(r.Units) == 1:
		return r.Units[0]
	case len(r.Units) > 1:
		return fmt.Sprintf("%d units: %s", len(r.Units), strings.Join(r.Units, ", "))
	case len(r.Candidates) > 0:
		return "NOT MATCHED: several units answer (" + strings.Join(r.Candidates, ", ") + "); give --units"
	}
	return "NOT MATCHED to any unit; give --units or --all"
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return chidao.FormatDate(t)
}

func dateTimeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return chidao.FormatDateTime(t)
}

// deadlineFlag writes a deadline the way --due takes it: a date alone for
// the end of a day.
func deadlineFlag(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if t.Equal(chidao.EndOfDay(t)) || t.In(chidao.Zone).Format("15:04:05") == "23:59:59" {
		return t.In(chidao.Zone).Format("2006-01-02")
	}
	return t.In(chidao.Zone).Format("2006-01-02T15:04")
}

// mergeLetter fills from the letter what the flags left unset, and refuses
// (naming everything missing) a letter that lacks a number, a title, tasks
// or a deadline the flags do not give, or whose recipients are not all
// matched to units.
func mergeLetter(ctx context.Context, e *env, path string, in *directiveFile, fs *flag.FlagSet) error {
	d, err := readLetter(ctx, e, path)
	if err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	var missing []string
	fill := func(flagName string, dst *string, v, what string) {
		if set[flagName] {
			return
		}
		if *dst = v; v == "" && what != "" {
			missing = append(missing, what+" (--"+flagName+")")
		}
	}
	fill("number", &in.Number, d.Number, "number")
	fill("title", &in.Title, d.Title, "title")
	fill("due", &in.Due, deadlineFlag(d.Due), "deadline")
	fill("issued", &in.IssuedOn, dateFlag(d.IssuedOn), "")
	if !set["body"] && !set["body-file"] {
		in.Body = d.Context // the tasks are listed as tasks: the body keeps the rest
	}
	if !set["task"] && !set["clips"] && !set["report"] {
		for _, t := range d.Tasks {
			in.Tasks = append(in.Tasks, fileTask{Text: t.Text, Clips: t.Clips, Report: t.Report, Due: deadlineFlag(t.Due)})
		}
		if len(d.Tasks) == 0 {
			missing = append(missing, "tasks (--task)")
		}
	}
	if !set["units"] && !set["all"] && !set["group"] {
		if err := letterUnits(d, in); err != nil {
			missing = append(missing, err.Error())
		}
	}
	if len(missing) > 0 {
		return chidao.Invalid("%s: not in the letter: %s; nothing created", path, strings.Join(missing, "; "))
	}
	in.Attachments = append(in.Attachments, path)
	return nil
}

// letterUnits targets the units the recipients were matched to; a
// recipient left unmatched stops the directive, never dropped silently.
func letterUnits(d letter.Draft, in *directiveFile) error {
	if len(d.Recipients) == 0 {
		return errors.New("recipients (--units, --group or --all)")
	}
	if len(d.Unmatched) > 0 {
		return fmt.Errorf("units for \"%s\" (--units %s,…, --group or --all)", strings.Join(d.Unmatched, `", "`), strings.Join(d.UnitCodes(), ","))
	}
	in.Units = d.UnitCodes()
	return nil
}

func dateFlag(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chidao.Zone).Format("2006-01-02")
}
