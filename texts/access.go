package texts

import "fmt"

// Taking access away, by an Office admin in chat (/khoa, /mokhoa, /thuhoi).

// AccessUsage explains the commands when their argument is missing or wrong.
const AccessUsage = "Đồng chí vui lòng ghi kèm mã số cán bộ (để khóa, mở lại tài khoản) hoặc mã đăng ký, số của mã đăng ký (để thu hồi), ví dụ: /khoa 12, /mokhoa 12, /thuhoi ABCD2345 hoặc /thuhoi 7. Mã số cán bộ và số của mã đăng ký xem trên trang theo dõi, mục «Cán bộ»."

// PersonDisabled confirms a person's access was taken away.
func PersonDisabled(name string, id int64) string {
	return fmt.Sprintf("Đã khóa tài khoản của đồng chí %s (mã số %d): đồng chí %s đã bị đăng xuất khỏi trang theo dõi và không còn nhận văn bản, lời nhắc từ trợ lý.", name, id, name)
}

// PersonEnabled confirms a person may use chidao again.
func PersonEnabled(name string, id int64) string {
	return fmt.Sprintf("Đã mở lại tài khoản của đồng chí %s (mã số %d); đồng chí %s có thể tiếp tục sử dụng trợ lý.", name, id, name)
}

// PersonUnknown answers an id that names nobody.
func PersonUnknown(id int64) string {
	return fmt.Sprintf("Không tìm thấy cán bộ có mã số %d. Đồng chí vui lòng kiểm tra lại trên trang theo dõi, mục «Cán bộ».", id)
}

// CannotDisableSelf refuses an admin locking themselves out.
const CannotDisableSelf = "Đồng chí không thể tự khóa tài khoản của mình."

// InviteRevoked confirms an invite can no longer be used.
func InviteRevoked(id int64) string {
	return fmt.Sprintf("Đã thu hồi mã đăng ký số %d; mã này không còn sử dụng được.", id)
}

// InviteNotRevocable answers a code or id that names no unused invite.
const InviteNotRevocable = "Không tìm thấy mã đăng ký này, hoặc mã đã được sử dụng hay đã hết hạn. Nếu mã đã được sử dụng, đồng chí vui lòng khóa tài khoản của cán bộ đã đăng ký bằng mã đó."
