package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/skip2/go-qrcode"

	"chidao"
	"chidao/storage"
	"chidao/texts"
)

func runInvite(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "list":
			return inviteList(ctx, e, args[1:])
		case "revoke":
			return inviteRevoke(ctx, e, args[1:])
		}
	}
	fs := newFlags("invite", `invite --unit CODE --role officer|head|admin [--name "Full Name"] [--phone P] [--ttl 168h] [--qr FILE.png]`)
	unit := fs.String("unit", "", "code of the person's unit")
	roleName := fs.String("role", "", "officer, head or admin")
	name := fs.String("name", "", "the person's full name (otherwise their chat profile name)")
	phone := fs.String("phone", "", "the person's phone number")
	ttl := fs.Duration("ttl", 168*time.Hour, "how long the code stays valid")
	qr := fs.String("qr", "", "also write a QR code of the Telegram link to this PNG file")
	if _, err := parse(e, fs, args, 0); err != nil {
		return err
	}
	role, err := chidao.ParseRole(*roleName)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	if *qr != "" && e.cfg.TelegramBotUsername == "" {
		return fmt.Errorf("%w: --qr needs TELEGRAM_BOT_USERNAME (the QR code holds the Telegram link)", ErrUsage)
	}
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	u, err := s.Unit(ctx, chidao.NormalizeUnitCode(*unit))
	if err != nil {
		return err
	}
	inv, err := s.CreateInvite(ctx, actor(), storage.NewInvite{UnitCode: *unit, Role: role, FullName: *name, Phone: *phone, TTL: *ttl})
	if err != nil {
		return err
	}
	link := ""
	if b := e.cfg.TelegramBotUsername; b != "" {
		link = texts.InviteLink(b, inv.Code)
	}
	if *qr != "" {
		if err := qrcode.WriteFile(link, qrcode.Medium, 512, *qr); err != nil {
			return fmt.Errorf("write QR code: %w", err)
		}
	}
	// Lines 1-3 are for scripts (the code alone on line 1); the
	// invitation below them is for people.
	fmt.Fprintln(e.stdout, inv.Code)
	if link != "" {
		fmt.Fprintln(e.stdout, link)
	}
	fmt.Fprintln(e.stdout, inv.ShortCode)
	fmt.Fprintln(e.stdout)
	fmt.Fprintln(e.stdout, texts.Invite(texts.Invitation{Org: e.org(), Name: *name, Unit: u.Name, Role: role, Link: link,
		Short: inv.ShortCode, Until: inv.ExpiresAt, QR: *qr != ""}))
	return nil
}
