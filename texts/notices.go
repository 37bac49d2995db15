package texts

// What chidao says on its own: reminders, digests, escalations, and the
// notices about channels that stopped working. All neutral: the channel is
// chosen when they are sent.

import (
	"fmt"
	"strings"
	"time"

	"chidao"
	"chidao/storage"
)

// Apology is sent when chidao failed to handle a message.
const Apology = "Xin lỗi đồng chí, trợ lý gặp sự cố khi xử lý tin nhắn vừa rồi. Sự cố đã được ghi lại để kiểm tra; đồng chí vui lòng gửi lại sau ít phút."

// Unreadable answers a message that could not even be stored: it was set
// aside (storage.StoreInbound's quarantine).
const Unreadable = "Xin lỗi đồng chí, trợ lý không lưu được tin nhắn vừa rồi nên chưa xử lý được. Sự việc đã được ghi lại để kiểm tra; đồng chí vui lòng gõ lại nội dung trong một tin nhắn thông thường (chỉ có chữ)."

// FileGone tells the sender that a file they sent can never be fetched
// from the platform: larger than a bot may download, or gone.
func FileGone(name string, tooBig bool) string {
	if tooBig {
		return fmt.Sprintf("Tệp «%s» đồng chí đã gửi lớn hơn 20 MB nên trợ lý không tải về được. Đề nghị đồng chí nén hoặc chia nhỏ tệp rồi gửi lại.", name)
	}
	return fmt.Sprintf("Trợ lý không tải được tệp «%s» đồng chí đã gửi vì tệp không còn trên máy chủ tin nhắn. Đề nghị đồng chí gửi lại tệp này.", name)
}

// UnreachableReason says, for the Office, why a channel refused the
// person (why is the platform's error).
func (t Chat) UnreachableReason(ch chidao.Channel, why string) string {
	switch {
	case strings.Contains(why, "deactivated"):
		return "tài khoản Telegram của người nhận đã bị vô hiệu hóa"
	case ch == chidao.Zalo && strings.Contains(why, "unfollow"):
		return fmt.Sprintf("người nhận đã bỏ quan tâm tài khoản Zalo của %s", t.Org.Short)
	case ch == chidao.Zalo:
		return fmt.Sprintf("người nhận chưa nhắn tin tới tài khoản Zalo của %s trong 7 ngày qua (Zalo chỉ cho phép nhắn lại trong thời gian đó)", t.Org.Short)
	}
	return "người nhận đã chặn hoặc xóa trợ lý trên Telegram"
}

// Unreachable tells the Office admins that someone can no longer be reached.
func (t Chat) Unreachable(p chidao.Person, ch chidao.Channel, why string) string {
	fix := "mở lại trợ lý trên Telegram và bấm «Bắt đầu» (Start)"
	if ch == chidao.Zalo {
		fix = fmt.Sprintf("nhắn một tin bất kỳ tới tài khoản Zalo của %s", t.Org.Short)
	}
	return fmt.Sprintf("⚠️ Không gửi được tin nhắn qua %s tới đồng chí %s (%s): %s. Đề nghị liên hệ trực tiếp để đồng chí %s %s.",
		ChannelName(ch), p.FullName, t.RoleOf(p), why, p.FullName, fix)
}

// ZaloToken alerts the Office admins that Zalo needs a human.
func (t Chat) ZaloToken() string {
	return fmt.Sprintf("⚠️ Trợ lý tạm thời không gửi được tin nhắn Zalo vì quyền truy cập tài khoản Zalo của %s đã hết hiệu lực. "+
		"Đề nghị quản trị viên tài khoản Zalo cấp lại quyền và báo bộ phận kỹ thuật.\n"+
		"(Bộ phận kỹ thuật: làm theo mục 8.2 của hướng dẫn vận hành.)", t.Org.Short)
}

// Reminders.

// Reminder is what a unit reads: what it still owes, by when.
func (t Chat) Reminder(kind string, d chidao.Directive, u storage.UnitReport, owed string, due, now time.Time) string {
	head := "⏰ Nhắc việc: văn bản số %s – %s"
	switch {
	case kind == "nudge":
		head = "⏰ Nhắc xác nhận đã nhận văn bản số %s – %s"
	case kind == "manual":
		head = "📣 " + t.Org.Short + " nhắc việc: văn bản số %s – %s"
	case kind == "snooze":
		head = "⏰ Nhắc lại theo đề nghị của đồng chí: văn bản số %s – %s"
	case strings.HasPrefix(kind, "escalation"):
		return t.escalation(d, u, owed, due, now)
	case strings.HasPrefix(kind, "overdue"):
		head = "⚠️ Quá hạn: văn bản số %s – %s"
	case strings.HasSuffix(kind, "catchup"):
		head = "⏰ Nhắc việc (gộp các lần nhắc chưa gửi được): văn bản số %s – %s"
	}
	s := fmt.Sprintf(head, d.Number, Shorten(d.Title, 120)) + "\n\n"
	if owed != "" {
		s += owed + "\n"
	}
	return s + fmt.Sprintf("Hạn hoàn thành: %s (%s).", Deadline(due), Remaining(due, now))
}

// escalation tells a unit's head that the unit is late.
func (t Chat) escalation(d chidao.Directive, u storage.UnitReport, owed string, due, now time.Time) string {
	s := fmt.Sprintf("⚠️ Kính gửi lãnh đạo %s: đơn vị chưa hoàn thành nhiệm vụ theo văn bản số %s – %s (hạn %s, %s).\n\n",
		u.Name, d.Number, Shorten(d.Title, 120), Deadline(due), Remaining(due, now))
	if owed != "" {
		s += owed + "\n\n"
	}
	return s + fmt.Sprintf("Đề nghị đồng chí chỉ đạo cán bộ hoàn thành và gửi kết quả về %s.", t.Org.Short)
}

func Snoozed(until time.Time) string {
	return fmt.Sprintf("Trợ lý sẽ nhắc lại lúc %s. Hạn hoàn thành không thay đổi.", DateTime(until))
}

func RemindTooSoon(last time.Time) string {
	return fmt.Sprintf("Văn bản này đã được nhắc lúc %s. Mỗi văn bản chỉ nhắc tối đa một lần mỗi giờ.", DateTime(last))
}

func Reminded(n, total int) string {
	if total == 0 {
		return "Tất cả các đơn vị đã hoàn thành nhiệm vụ theo văn bản này, không cần nhắc."
	}
	s := fmt.Sprintf("Trợ lý đang gửi lời nhắc tới %d đơn vị chưa hoàn thành.", n)
	if total > n {
		s += fmt.Sprintf(" %d đơn vị chưa có cán bộ đăng ký sử dụng trợ lý nên không nhắc được.", total-n)
	}
	return s
}

func (t Chat) RemindersPaused(paused bool, number string) string {
	if paused {
		return "Đã tạm dừng nhắc việc đối với văn bản này. Để nhắc lại, đồng chí " + t.pick("gửi /tieptuc "+number+".", "gõ TIEP TUC "+number+".")
	}
	return "Đã tiếp tục nhắc việc đối với văn bản này (không gửi bù các lần nhắc trong thời gian tạm dừng)."
}

// Digest lists, per directive, the units past their deadline and the
// difficulties not answered yet, then the people chidao cannot reach.
// Empty when there is nothing to say.
func (t Chat) Digest(reports []storage.DirectiveReport, lost []storage.UnreachablePerson, at time.Time, dashboard string) string {
	var b strings.Builder
	for _, r := range reports {
		if r.Count()[chidao.StatusOverdue] > 0 {
			b.WriteString(digestItem(r, dashboard))
		}
	}
	b.WriteString(openDifficulties(reports))
	b.WriteString(pendingExtensions(reports))
	if len(lost) > 0 {
		fmt.Fprintf(&b, "\nKhông liên lạc được (%d):\n", len(lost))
		for _, p := range lost {
			fmt.Fprintf(&b, "• Đồng chí %s (%s) trên %s\n", p.Name, p.Unit, ChannelName(p.Channel))
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return fmt.Sprintf("📊 Tổng hợp cuối ngày %s\n%s\nĐể xem chi tiết, đồng chí gõ «Tình hình» kèm số văn bản; để nhắc ngay các đơn vị, gõ «Nhắc nhở» kèm số văn bản.",
		Date(at), b.String())
}

// pendingExtensions lists the requests for more time still undecided.
func pendingExtensions(reports []storage.DirectiveReport) string {
	var lines []string
	for _, r := range reports {
		for _, u := range r.Units {
			for _, e := range u.Extensions {
				if e.State == "pending" {
					lines = append(lines, fmt.Sprintf("• Số %d: %s xin gia hạn văn bản số %s đến %s (%s), gửi lúc %s\n",
						e.ID, u.Name, r.Directive.Number, Deadline(e.RequestedDue), e.Reason, DateTime(e.RequestedAt)))
				}
			}
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return fmt.Sprintf("\nĐề nghị gia hạn đang chờ xem xét (%d):\n%s", len(lines), strings.Join(lines, ""))
}

// DigestShown is how many units needing attention the digest lists per
// directive before pointing further.
const DigestShown = 10

// digestItem is a directive with some unit overdue: its counts and the
// units needing attention, the first few, then where to see the rest.
func digestItem(r storage.DirectiveReport, dashboard string) string {
	var b strings.Builder
	need := r.NeedingAttention()
	fmt.Fprintf(&b, "\n• Văn bản số %s (hạn %s): %d đơn vị – %s\n  Cần chú ý %d đơn vị:\n", r.Directive.Number,
		Deadline(r.Directive.DueAt), len(r.Units), counts(r), len(need))
	for _, u := range need[:min(len(need), DigestShown)] {
		fmt.Fprintf(&b, "  – %s\n", AttentionLine(r, u))
	}
	if more := len(need) - DigestShown; more > 0 {
		fmt.Fprintf(&b, "  … và %d đơn vị khác", more)
		if dashboard == "" {
			fmt.Fprintf(&b, " (gõ «Tình hình %s» để xem từng trang)", r.Directive.Number)
		}
		b.WriteString("\n")
	}
	if dashboard != "" {
		fmt.Fprintf(&b, "  Xem trên trang theo dõi: %s\n", DashboardView(dashboard, r.Directive.ID))
	}
	return b.String()
}

// DashboardView is the dashboard's view of a directive's units needing
// attention, on the dashboard at base.
func DashboardView(base string, id int64) string {
	return fmt.Sprintf("%s/directives/%d?attention=1", strings.TrimRight(base, "/"), id)
}

func openDifficulties(reports []storage.DirectiveReport) string {
	var b strings.Builder
	n := 0
	for _, r := range reports {
		for _, u := range r.Units {
			for _, d := range u.Difficulties {
				if !d.AnsweredAt.IsZero() {
					continue
				}
				n++
				fmt.Fprintf(&b, "• Số %d – %s, văn bản số %s (%s): «%s»\n", d.ID, u.Name, r.Directive.Number, DateTime(d.SubmittedAt), Shorten(d.Text, 160))
			}
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("\nKhó khăn, vướng mắc chưa trả lời (%d):\n%s", n, b.String())
}

// Weekly summarises every open directive.
func Weekly(reports []storage.DirectiveReport, at time.Time) string {
	if len(reports) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "📊 Tổng hợp tuần (%s): %d văn bản đang thực hiện\n", Date(at), len(reports))
	for _, r := range reports {
		b.WriteString(SituationLine(r))
	}
	return b.String()
}
