package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// flagSet is a subcommand's flags with its one-line synopsis for -h.
type flagSet struct {
	*flag.FlagSet
	synopsis string
}

func newFlags(name, synopsis string) flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return flagSet{fs, synopsis}
}

// errHelp is returned after -h printed a command's flags.
var errHelp = errors.New("help shown")

// parse parses flags wherever they stand among the positional arguments
// (`status 3 --json` and `status --json 3` both work) and checks that
// exactly want positional arguments remain (-1: any number).
func parse(e *env, fs flagSet, args []string, want int) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprintf(e.stdout, "Usage: chidao %s\n\n", fs.synopsis)
				fs.SetOutput(e.stdout)
				fs.PrintDefaults()
				return nil, errHelp
			}
			return nil, fmt.Errorf("%w: chidao %s: %v", ErrUsage, fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos, args = append(pos, args[0]), args[1:]
	}
	if want >= 0 && len(pos) != want {
		return nil, fmt.Errorf("%w: chidao %s takes %d argument(s), got %d (%s)", ErrUsage, fs.Name(), want, len(pos), strings.Join(pos, " "))
	}
	return pos, nil
}

// parseID reads a directive id.
func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%w: %q is not a directive id (a positive number, see chidao directive list)", ErrUsage, s)
	}
	return id, nil
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }
