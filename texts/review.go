package texts

// Heads reviewing clips, and officers hearing the decision.

import (
	"fmt"
	"strings"

	"chidao"
	"chidao/storage"
)

// ReviewRequest brings a new clip to a reviewer (neutral). byOffice says
// the reviewer is the Office, the unit having no head registered.
func (t Chat) ReviewRequest(c storage.Clip, byOffice bool) string {
	s := fmt.Sprintf("🎬 Clip cần duyệt (clip số %d)\nĐơn vị: %s\nCán bộ gửi: %s\nVăn bản số: %s\nNền tảng: %s\nĐường link: %s\n\n",
		c.ID, c.UnitName, c.PersonName, c.Number, PlatformLabel(c.Platform), c.URL)
	if byOffice {
		s += fmt.Sprintf("Đơn vị chưa có lãnh đạo đăng ký sử dụng trợ lý nên clip được chuyển tới %s duyệt. ", t.Org.Short)
	} else {
		s += "Theo văn bản, người đứng đầu đơn vị duyệt từng clip trước khi đăng tải. "
	}
	return s + "Đề nghị đồng chí xem clip: nếu nội dung đạt yêu cầu thì duyệt; nếu chưa đạt thì từ chối và ghi lý do để cán bộ chỉnh sửa. " +
		"Chỉ clip được duyệt mới được tính vào kết quả của đơn vị."
}

// AskReason asks a reviewer why a clip is rejected.
func (t Chat) AskReason(c storage.Clip) string {
	return t.pick("Đồng chí vui lòng trả lời tin nhắn này bằng lý do từ chối ", "Đồng chí vui lòng gửi lý do từ chối ") +
		fmt.Sprintf("clip số %d (%s) của đồng chí %s.", c.ID, c.URL, c.PersonName)
}

const AskReasonShort = "Đồng chí vui lòng nhập lý do từ chối."

func DecisionShort(approve bool) string {
	if approve {
		return "Đã duyệt clip."
	}
	return "Đã từ chối clip."
}

// DecisionDone tells the reviewer what was recorded and where the unit
// stands.
func DecisionDone(c storage.Clip, approve bool, standing string) string {
	if !approve {
		return fmt.Sprintf("Đã từ chối clip số %d và chuyển lý do tới đồng chí %s để chỉnh sửa.", c.ID, c.PersonName)
	}
	s := fmt.Sprintf("Đã duyệt clip số %d của đồng chí %s.", c.ID, c.PersonName)
	if standing != "" {
		s += "\n" + standing
	}
	return s
}

// DecisionForOfficer tells the officer (neutral).
func DecisionForOfficer(c storage.Clip, d chidao.Directive, approve bool, reason string, reviewer chidao.Person, standing string) string {
	if approve {
		s := fmt.Sprintf("✅ Clip %s (văn bản số %s) đã được đồng chí %s duyệt.", c.URL, d.Number, reviewer.FullName)
		if standing != "" {
			s += "\n" + standing
		}
		return s
	}
	return fmt.Sprintf("❌ Clip %s (văn bản số %s) chưa được duyệt.\nLý do: %s\n\n", c.URL, d.Number, reason) +
		"Đề nghị đồng chí chỉnh sửa clip theo ý kiến trên; nếu clip đã đăng thì gỡ bản cũ, đăng bản đã chỉnh sửa rồi gửi đường link mới để duyệt lại."
}

func AlreadyApproved(c storage.Clip) string {
	return fmt.Sprintf("Clip số %d đã được đồng chí %s duyệt.", c.ID, c.Reviewer)
}

func (t Chat) NotReviewer() string {
	return fmt.Sprintf("Chỉ lãnh đạo đơn vị có clip (hoặc cán bộ của %s) mới duyệt được clip này.", t.Org.Short)
}

const (
	OwnClip       = "Đồng chí không thể tự duyệt clip do mình gửi; clip đã được chuyển tới người có thẩm quyền duyệt."
	NoClipWaiting = "Hiện không có clip nào chờ đồng chí duyệt."
)

// ClipUnknown answers a review of a clip number chidao does not know.
func ClipUnknown(id int64) string {
	return fmt.Sprintf("Không tìm thấy clip số %d. Đồng chí vui lòng kiểm tra lại số clip trong tin nhắn đề nghị duyệt.", id)
}

// ClipsWaiting lists the clips waiting for the reviewer, when "Duyệt"
// came without a number.
func (t Chat) ClipsWaiting(cs []storage.Clip) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Có %d clip đang chờ đồng chí duyệt:\n", len(cs))
	for _, c := range cs {
		fmt.Fprintf(&b, "\n• Clip số %d – %s (văn bản số %s, đồng chí %s): %s", c.ID, c.UnitName, c.Number, c.PersonName, c.URL)
	}
	if !t.zalo() {
		b.WriteString("\n\nĐồng chí bấm nút dưới đây để duyệt; muốn từ chối, đồng chí mở tin nhắn đề nghị duyệt của clip đó.")
	}
	return b.String()
}

// ApproveClipButton is a button that approves one listed clip.
func ApproveClipButton(id int64) string { return fmt.Sprintf("✅ Duyệt clip số %d", id) }
