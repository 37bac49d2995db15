package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"chidao"
	"chidao/storage"
)

func runPerson(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: chidao person list|disable|enable", ErrUsage)
	}
	switch args[0] {
	case "list":
		return personList(ctx, e, args[1:])
	case "disable", "enable":
		return personSetActive(ctx, e, args[0], args[1:])
	}
	return fmt.Errorf("%w: unknown person command %q (list, disable, enable)", ErrUsage, args[0])
}

func personList(ctx context.Context, e *env, args []string) error {
	return table[storage.PersonRow]{name: "person list", header: "ID\tNAME\tUNIT\tROLE\tACTIVE\tCHANNELS",
		load: (*storage.Store).PeopleList,
		line: func(p storage.PersonRow) string {
			return fmt.Sprintf("%d\t%s\t%s\t%s\t%t\t%s", p.ID, p.Name, p.Unit, p.Role, p.Active, strings.Join(p.Channels, ","))
		}}.list(ctx, e, args)
}

// personSetActive disables or enables a person; disabling revokes their
// dashboard sessions and login links at once.
func personSetActive(ctx context.Context, e *env, verb string, args []string) error {
	fs := newFlags("person "+verb, "person "+verb+" ID")
	pos, err := parse(e, fs, args, 1)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(pos[0], "#"), 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("%w: %q is not a person id (a positive number, see chidao person list)", ErrUsage, pos[0])
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	p, err := s.SetPersonActive(ctx, actor(), id, verb == "enable")
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "person %d (%s) %sd\n", p.ID, p.FullName, verb)
	return nil
}

// inviteList prints the invites (their codes are not kept).
func inviteList(ctx context.Context, e *env, args []string) error {
	return table[storage.InviteRow]{name: "invite list", header: "ID\tUNIT\tROLE\tNAME\tSTATE\tEXPIRES\tBY",
		load: (*storage.Store).Invites,
		line: func(i storage.InviteRow) string {
			return fmt.Sprintf("%d\t%s\t%s\t%s\t%s\t%s\t%s", i.ID, i.Unit, i.Role, i.Name, i.State,
				i.ExpiresAt.In(chidao.Zone).Format(time.DateTime), i.CreatedBy)
		}}.list(ctx, e, args)
}

// inviteRevoke revokes an unused invite by id or code.
func inviteRevoke(ctx context.Context, e *env, args []string) error {
	fs := newFlags("invite revoke", "invite revoke CODE|ID")
	pos, err := parse(e, fs, args, 1)
	if err != nil {
		return err
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	id, err := s.RevokeInvite(ctx, actor(), strings.TrimPrefix(pos[0], "#"))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "invite %d revoked\n", id)
	return nil
}
