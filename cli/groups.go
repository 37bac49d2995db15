package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"chidao"
	"chidao/storage"
)

const groupSynopsis = "group list|add|rename|remove|join|leave|import"

func runGroup(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: chidao %s", ErrUsage, groupSynopsis)
	}
	switch args[0] {
	case "list":
		return groupList(ctx, e, args[1:])
	case "add":
		return groupAdd(ctx, e, args[1:])
	case "rename":
		return groupRename(ctx, e, args[1:])
	case "remove":
		return groupRemove(ctx, e, args[1:])
	case "join", "leave":
		return groupMembers(ctx, e, args[0], args[1:])
	case "import":
		return groupImport(ctx, e, args[1:])
	}
	return fmt.Errorf("%w: unknown group command %q (list, add, rename, remove, join, leave, import)", ErrUsage, args[0])
}

func groupList(ctx context.Context, e *env, args []string) error {
	return table[chidao.Group]{name: "group list", header: "CODE\tNAME\tUNITS", jsonHelp: "print JSON: [{\"code\",\"name\",\"units\"}]",
		load: (*storage.Store).Groups,
		line: func(g chidao.Group) string { return fmt.Sprintf("%s\t%s\t%d", g.Code, g.Name, len(g.Units)) },
		json: func(groups []chidao.Group) any {
			for i := range groups {
				groups[i].Units = nonNil(groups[i].Units)
			}
			return nonNil(groups)
		}}.list(ctx, e, args)
}

func groupAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags("group add", "group add --code CODE --name NAME [--units CODE,CODE]")
	code := fs.String("code", "", "group code, e.g. cap-xa (lower-case letters, digits, _ . -)")
	name := fs.String("name", "", "group name, e.g. Đảng ủy các xã, phường, đặc khu")
	units := fs.String("units", "", "comma-separated codes of its units")
	if _, err := parse(e, fs, args, 0); err != nil {
		return err
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	g := chidao.Group{Code: *code, Name: *name, Units: splitCodes(*units)}
	if err := s.AddGroup(ctx, actor(), g); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "group %s added with %d units\n", chidao.NormalizeGroupCode(*code), len(g.Units))
	return nil
}

func groupRename(ctx context.Context, e *env, args []string) error {
	fs := newFlags("group rename", "group rename CODE --name NAME")
	name := fs.String("name", "", "the new name")
	pos, err := parse(e, fs, args, 1)
	if err != nil {
		return err
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	if err := s.RenameGroup(ctx, actor(), pos[0], *name); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "group %s renamed\n", chidao.NormalizeGroupCode(pos[0]))
	return nil
}

func groupRemove(ctx context.Context, e *env, args []string) error {
	pos, err := parse(e, newFlags("group remove", "group remove CODE"), args, 1)
	if err != nil {
		return err
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	if err := s.DeleteGroup(ctx, actor(), pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "group %s removed (its units stay)\n", chidao.NormalizeGroupCode(pos[0]))
	return nil
}

// groupMembers adds units to a group (they receive its open directives)
// or takes them out (they keep what they were assigned).
func groupMembers(ctx context.Context, e *env, verb string, args []string) error {
	pos, err := parse(e, newFlags("group "+verb, "group "+verb+" CODE UNIT [UNIT...]"), args, -1)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return fmt.Errorf("%w: chidao group %s CODE UNIT [UNIT...]", ErrUsage, verb)
	}
	var units []string
	for _, p := range pos[1:] {
		units = append(units, splitCodes(p)...)
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	var m storage.Membership
	if verb == "join" {
		m, err = s.JoinGroup(ctx, actor(), pos[0], units)
	} else {
		m, err = s.LeaveGroup(ctx, actor(), pos[0], units)
	}
	if err != nil {
		return err
	}
	code := chidao.NormalizeGroupCode(pos[0])
	if verb == "join" {
		fmt.Fprintf(e.stdout, "%d units joined group %s; %d open directive assignments made\n", m.Joined, code, m.Assigned)
	} else {
		fmt.Fprintf(e.stdout, "%d units left group %s (their assignments stay)\n", m.Left, code)
	}
	return nil
}

func groupImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags("group import", "group import FILE.csv   (header: code,name)")
	pos, err := parse(e, fs, args, 1)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	var rows []storage.GroupRow
	err = readCSV(data, []string{"code", "name"}, "code,name", func(line int, get func(string) (string, bool)) {
		code, _ := get("code")
		name, _ := get("name")
		rows = append(rows, storage.GroupRow{Line: line, Code: code, Name: name})
	})
	if err == nil && len(rows) == 0 {
		err = chidao.Invalid("the file has a header but no groups")
	}
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	created, updated, err := s.ImportGroups(ctx, actor(), rows)
	if err != nil {
		return fmt.Errorf("%s: %w (nothing imported)", pos[0], err)
	}
	fmt.Fprintf(e.stdout, "%d groups imported: %d new, %d updated\n", len(rows), created, updated)
	return nil
}

// groupCodes reads --group values: repeatable, each comma-separated.
func groupCodes(values []string) []string {
	var out []string
	for _, v := range values {
		out = append(out, splitCodes(strings.TrimSpace(v))...)
	}
	return out
}
