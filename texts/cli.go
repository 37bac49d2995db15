package texts

// What the command line prints for people to forward (the invitation).

import (
	"fmt"
	"time"

	"chidao"
)

// InviteLink is the Telegram deep link of an invitation.
func InviteLink(bot, code string) string { return fmt.Sprintf("https://t.me/%s?start=%s", bot, code) }

// InviteZalo says how to register on Zalo with the short code.
func InviteZalo(short string) string {
	return fmt.Sprintf("Zalo: send \"DK %s\" to the Office's Official Account", short)
}

// InviteValid says until when the invitation works.
func InviteValid(until time.Time) string {
	return fmt.Sprintf("Valid until %s (Asia/Ho_Chi_Minh), single use", chidao.FormatDateTime(until))
}
