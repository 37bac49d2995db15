package cli

import (
	"context"
	"fmt"
	"time"

	"chidao"
	"chidao/storage"
	"chidao/texts"
)

func runInvite(ctx context.Context, e *env, args []string) error {
	fs := newFlags("invite", `invite --unit CODE --role officer|head|admin [--name "Full Name"] [--phone P] [--ttl 168h]`)
	unit := fs.String("unit", "", "code of the person's unit")
	roleName := fs.String("role", "", "officer, head or admin")
	name := fs.String("name", "", "the person's full name (otherwise their chat profile name)")
	phone := fs.String("phone", "", "the person's phone number")
	ttl := fs.Duration("ttl", 168*time.Hour, "how long the code stays valid")
	if _, err := parse(e, fs, args, 0); err != nil {
		return err
	}
	role, err := chidao.ParseRole(*roleName)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	inv, err := s.CreateInvite(ctx, actor(), storage.NewInvite{UnitCode: *unit, Role: role, FullName: *name, Phone: *phone, TTL: *ttl})
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, inv.Code)
	if u := e.cfg.TelegramBotUsername; u != "" {
		fmt.Fprintln(e.stdout, texts.InviteLink(u, inv.Code))
	}
	fmt.Fprintln(e.stdout, inv.ShortCode)
	fmt.Fprintln(e.stdout, texts.InviteZalo(inv.ShortCode))
	fmt.Fprintln(e.stdout, texts.InviteValid(inv.ExpiresAt))
	return nil
}
