package cli

import (
	"context"
	"fmt"
	"strings"

	"chidao/handlers"
)

// runLoginLink prints a one-time dashboard login link for a person.
func runLoginLink(ctx context.Context, e *env, args []string) error {
	fs := newFlags("login-link", "login-link --person ID")
	person := fs.Int64("person", 0, "the person's id (chidao status and the people list show it)")
	if _, err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if *person <= 0 {
		return fmt.Errorf("%w: --person ID is required", ErrUsage)
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	token, err := s.CreateLoginLink(ctx, actor(), *person, handlers.LoginLinkTTL)
	if err != nil {
		return err
	}
	base := e.cfg.PublicURL
	if base == "" {
		base = "http://localhost" + e.cfg.HTTPAddr[strings.LastIndex(e.cfg.HTTPAddr, ":"):]
	}
	fmt.Fprintln(e.stdout, handlers.LoginURL(base, token))
	return nil
}
