package texts

import "fmt"

// Taking access away, by an Office admin in chat (/khoa, /mokhoa, /thuhoi).

// AccessUsage explains the commands when their argument is missing or wrong.
const AccessUsage = "Vui lòng ghi kèm mã số cán bộ hoặc mã đăng ký, ví dụ: /khoa 12, /mokhoa 12, /thuhoi 7 hoặc /thuhoi ABCD2345. Mã số cán bộ xem trên trang theo dõi hoặc bằng lệnh chidao person list."

// PersonDisabled confirms a person's access was taken away.
func PersonDisabled(name string, id int64) string {
	return fmt.Sprintf("Đã khóa tài khoản của đồng chí %s (mã số %d): các phiên đăng nhập trang theo dõi đã bị thu hồi, đồng chí ấy không còn nhận văn bản và lời nhắc.", name, id)
}

// PersonEnabled confirms a person may use chidao again.
func PersonEnabled(name string, id int64) string {
	return fmt.Sprintf("Đã mở lại tài khoản của đồng chí %s (mã số %d).", name, id)
}

// PersonUnknown answers an id that names nobody.
func PersonUnknown(id int64) string {
	return fmt.Sprintf("Không tìm thấy cán bộ có mã số %d. Vui lòng kiểm tra lại.", id)
}

// CannotDisableSelf refuses an admin locking themselves out.
const CannotDisableSelf = "Đồng chí không thể tự khóa tài khoản của mình."

// InviteRevoked confirms an invite can no longer be used.
func InviteRevoked(id int64) string {
	return fmt.Sprintf("Đã thu hồi mã đăng ký số %d; mã này không còn dùng được.", id)
}

// InviteNotRevocable answers a code or id that names no unused invite.
const InviteNotRevocable = "Không tìm thấy mã đăng ký này, hoặc mã đã được sử dụng (khi đó, hãy khóa tài khoản của người đã đăng ký)."
