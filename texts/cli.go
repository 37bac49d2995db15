package texts

// What the command line prints for people to forward: the invitation.

import (
	"fmt"
	"strings"
	"time"

	"chidao"
)

// InviteLink is the Telegram deep link of an invitation.
func InviteLink(bot, code string) string { return fmt.Sprintf("https://t.me/%s?start=%s", bot, code) }

// Invitation is what an invitation says.
type Invitation struct {
	Org   Org
	Name  string // the person's name, if known
	Unit  string // the unit's name
	Role  chidao.Role
	Link  string // the Telegram deep link; empty without a bot username
	Short string // the short code typed into Zalo
	Until time.Time
	QR    bool // a QR code of the link is sent with it
}

// Invite is the invitation to forward, in Vietnamese.
func Invite(in Invitation) string {
	org := in.Org.OrDefault()
	t := Chat{Org: org}
	var b strings.Builder
	if in.Name != "" {
		fmt.Fprintf(&b, "Kính gửi đồng chí %s (%s),\n\n", in.Name, in.Unit)
	} else {
		fmt.Fprintf(&b, "Kính gửi đồng chí %s,\n\n", t.RoleOf(chidao.Person{Role: in.Role, UnitName: in.Unit}))
	}
	fmt.Fprintf(&b, "%s mời đồng chí sử dụng trợ lý nhận văn bản chỉ đạo và báo cáo kết quả thực hiện trên Telegram hoặc Zalo, với vai trò %s.\n\n",
		org.Name, t.RoleName(in.Role))
	if in.Link != "" {
		qr := ""
		if in.QR {
			qr = " (hoặc quét mã QR kèm theo)"
		}
		fmt.Fprintf(&b, "• Trên Telegram: bấm vào đường link %s%s, rồi bấm «Bắt đầu».\n", in.Link, qr)
	}
	fmt.Fprintf(&b, "• Trên Zalo: quan tâm tài khoản Zalo của %s, rồi gửi tin nhắn: DK %s\n\n", org.Name, in.Short)
	fmt.Fprintf(&b, "Mã chỉ dùng được một lần, có hiệu lực đến %s. Đề nghị đồng chí không chuyển mã này cho người khác.", DateTime(in.Until))
	return b.String()
}
