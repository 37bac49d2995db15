package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
)

// runZalo is "zalo token set [TOKEN]": an admin pastes a fresh refresh
// token after Zalo refused the stored one (the OA's consent was redone).
// Without TOKEN it is read from standard input, which keeps it out of the
// process list and the shell history.
func runZalo(ctx context.Context, e *env, args []string) error {
	if len(args) < 2 || args[0] != "token" || args[1] != "set" {
		return fmt.Errorf("%w: chidao zalo token set [TOKEN] (or the token on standard input)", ErrUsage)
	}
	pos, err := parse(e, newFlags("zalo token set", "zalo token set [TOKEN]"), args[2:], -1)
	if err != nil {
		return err
	}
	var token string
	switch len(pos) {
	case 0:
		line, err := bufio.NewReader(io.LimitReader(os.Stdin, 4096)).ReadString('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("read the token from standard input: %w", err)
		}
		token = line
	case 1:
		token = pos[0]
	default:
		return fmt.Errorf("%w: chidao zalo token set takes one token", ErrUsage)
	}
	token = strings.TrimSpace(token)
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
