package cli

import (
	"context"
	"fmt"
	"strings"
)

// runZalo is "zalo token set TOKEN": an admin pastes a fresh refresh token
// after Zalo refused the stored one (the OA's consent was redone).
func runZalo(ctx context.Context, e *env, args []string) error {
	if len(args) < 2 || args[0] != "token" || args[1] != "set" {
		return fmt.Errorf("%w: chidao zalo token set TOKEN", ErrUsage)
	}
	pos, err := parse(e, newFlags("zalo token set", "zalo token set TOKEN"), args[2:], 1)
	if err != nil {
		return err
	}
	token := strings.TrimSpace(pos[0])
	if len(token) < 10 || strings.ContainsAny(token, " \t\n") {
		return fmt.Errorf("%w: that does not look like a Zalo refresh token", ErrUsage)
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	if err := s.SetZaloRefreshToken(ctx, actor(), token); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "Zalo refresh token stored; chidao refreshes the access token at the next send")
	return nil
}
