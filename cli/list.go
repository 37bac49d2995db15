package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"chidao/storage"
)

// table is what a "list" command prints: its rows as JSON (--json), or a
// table with a header and a tab-separated line per row.
type table[T any] struct {
	name, header string
	jsonHelp     string                                             // the --json flag's help (default "print JSON")
	load         func(*storage.Store, context.Context) ([]T, error) // a method expression of the store
	line         func(T) string
	json         func([]T) any // what --json prints (default: the rows)
}

// list runs a "list" command: flags, the store, the rows, the output.
func (t table[T]) list(ctx context.Context, e *env, args []string) error {
	fs := newFlags(t.name, t.name+" [--json]")
	help := t.jsonHelp
	if help == "" {
		help = "print JSON"
	}
	asJSON := fs.Bool("json", false, help)
	if _, err := parse(e, fs, args, 0); err != nil {
		return err
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	rows, err := t.load(s, ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		if t.json != nil {
			return writeJSON(e.stdout, t.json(rows))
		}
		return writeJSON(e.stdout, nonNil(rows))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, t.header)
	for _, r := range rows {
		fmt.Fprintln(tw, t.line(r))
	}
	return tw.Flush()
}
