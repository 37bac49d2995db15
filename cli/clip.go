package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"chidao"
	"chidao/storage"
)

// runClip is "clip reach CLIP_ID [--views N] [--likes N] [--shares N]
// [--comments N]": the Office enters or corrects a clip's figures; without
// figures it prints what is known.
func runClip(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "reach" {
		return fmt.Errorf("%w: chidao clip reach CLIP_ID [--views N] [--likes N] [--shares N] [--comments N]", ErrUsage)
	}
	fs := newFlags("clip reach", "clip reach CLIP_ID [--views N] [--likes N] [--shares N] [--comments N]")
	var raw [4]*string
	for i, name := range []string{"views", "likes", "shares", "comments"} {
		raw[i] = fs.String(name, "", "the number of "+name+" (a whole number; 12000 or 12.000)")
	}
	pos, err := parse(e, fs, args[1:], 1)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(pos[0], "#"), 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("%w: %q is not a clip id (a positive number, see chidao status ID --json)", ErrUsage, pos[0])
	}
	var figs [4]*int64
	given := false
	for i, r := range raw {
		if *r == "" {
			continue
		}
		if figs[i], err = parseCount(*r); err != nil {
			return fmt.Errorf("%w: --%s %q is not a whole number of 0 or more", ErrUsage, []string{"views", "likes", "shares", "comments"}[i], *r)
		}
		given = true
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	if !given {
		return printReach(ctx, e, s, id)
	}
	r, err := s.RecordReach(ctx, storage.NewReach{ClipID: id, Views: figs[0], Likes: figs[1], Shares: figs[2], Comments: figs[3],
		Source: storage.SourceOffice, Actor: actor()})
	if errors.Is(err, storage.ErrNotApproved) {
		return fmt.Errorf("%w: only approved clips have reach figures", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "clip %d: %s (%s, %s)\n", id, figures(r), r.Source, chidao.FormatDateTime(r.MeasuredAt))
	return nil
}

// parseCount reads a count typed by the Office: digits, with "." or ","
// between thousands.
func parseCount(s string) (*int64, error) {
	groups := strings.FieldsFunc(strings.TrimSpace(s), func(r rune) bool { return r == '.' || r == ',' })
	if len(groups) == 0 || strings.ContainsAny(s, " +-") {
		return nil, chidao.Invalid("not a count")
	}
	for i, g := range groups {
		if i > 0 && len(g) != 3 {
			return nil, chidao.Invalid("not a count")
		}
	}
	n, err := strconv.ParseInt(strings.Join(groups, ""), 10, 64)
	if err != nil || n < 0 {
		return nil, chidao.Invalid("not a count")
	}
	return &n, nil
}

func figures(r storage.Reach) string {
	var parts []string
	for i, v := range []*int64{r.Views, r.Likes, r.Shares, r.Comments} {
		if v != nil {
			parts = append(parts, fmt.Sprintf("%d %s", *v, []string{"views", "likes", "shares", "comments"}[i]))
		}
	}
	return strings.Join(parts, ", ")
}

func printReach(ctx context.Context, e *env, s *storage.Store, id int64) error {
	c, err := s.ClipByID(ctx, id)
	if err != nil {
		return err
	}
	hist, err := s.ReachHistory(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "clip %d: %s (%s, %s, %s)\n", id, c.URL, c.UnitCode, c.Number, c.Review)
	if len(hist) == 0 {
		fmt.Fprintln(e.stdout, "No figures yet.")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MEASURED\tSOURCE\tFIGURES\tBY")
	for _, r := range hist {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", chidao.FormatDateTime(r.MeasuredAt), r.Source, figures(r), r.Actor)
	}
	return tw.Flush()
}
