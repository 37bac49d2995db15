package texts

import (
	"fmt"
	"strings"

	"chidao"
)

// Corrections (đính chính) and supplements (bổ sung) made by the Office
// on the dashboard and in chat (issue 16).

// The dashboard's corrections and supplements.
const (
	DashAmendNeedsNote     = "Vui lòng nhập lý do đính chính, bổ sung: người nhận sẽ đọc lý do này."
	DashCorrectNothing     = "Nội dung đính chính giống bản hiện hành. Vui lòng sửa trích yếu, nội dung hoặc nhiệm vụ cần đính chính."
	DashCorrectBad         = "Không đính chính được: nhiệm vụ không có trong văn bản, trích yếu để trống hoặc nội dung quá dài; văn bản đã kết thúc theo dõi hoặc đã thu hồi thì không đính chính được."
	DashSupplementNothing  = "Vui lòng nhập nhiệm vụ bổ sung hoặc chọn tệp đính kèm bổ sung."
	DashSupplementBadClips = "Số clip phải là số nguyên từ 0 đến 1000."
	DashSupplementBad      = "Không bổ sung được: nội dung nhiệm vụ quá dài, hoặc văn bản đã kết thúc theo dõi hay đã thu hồi."
	DashSupplementTooLarge = "Tệp đính kèm bổ sung trống hoặc lớn hơn 50 MB."
	DashCorrectedNotice    = "Đã đính chính văn bản; trợ lý đang gửi thông báo đính chính tới các đơn vị."
	DashSupplementedNotice = "Đã bổ sung văn bản; trợ lý đang gửi phần bổ sung tới các đơn vị."
	DashCrossSite          = "Yêu cầu bị từ chối vì không gửi từ trang theo dõi. Vui lòng mở lại trang văn bản rồi thử lại."
)

// DashAmendDone says what a correction or a supplement did.
var DashAmendDone = map[string]string{"corrected": DashCorrectedNotice, "supplemented": DashSupplementedNotice}

// The admins' help lines of /dinhchinh and /bosung.
const (
	AmendHelp     = "• Đính chính văn bản đã gửi: /dinhchinh kèm số văn bản; bổ sung nhiệm vụ: /bosung kèm số văn bản (trợ lý hỏi từng bước, đồng chí kiểm tra rồi mới gửi)\n"
	AmendHelpZalo = "• DINH CHINH, BO SUNG kèm số văn bản: đính chính, bổ sung nhiệm vụ cho văn bản đã gửi (trợ lý hỏi từng bước, gõ GUI để gửi).\n"
)

// Chat: /dinhchinh and /bosung (DINH CHINH, BO SUNG typed on Zalo).
const (
	CorrectUsage        = "Đồng chí vui lòng ghi: DINH CHINH kèm số văn bản, ví dụ: DINH CHINH 1483-CV/BTGTU (trên Telegram: /dinhchinh 1483-CV/BTGTU)."
	SupplementUsage     = "Đồng chí vui lòng ghi: BO SUNG kèm số văn bản, ví dụ: BO SUNG 1483-CV/BTGTU (trên Telegram: /bosung 1483-CV/BTGTU)."
	AskFixNote          = "Đề nghị đồng chí ghi lý do đính chính (người nhận sẽ đọc lý do này)."
	AskSupplementNote   = "Đề nghị đồng chí ghi nội dung, lý do bổ sung (người nhận sẽ đọc)."
	AskSupplementNeed   = "Nhiệm vụ này yêu cầu đơn vị gửi gì? Đồng chí gõ số clip cần gửi (ví dụ: 2), BAO CAO nếu cần báo cáo kết quả, hoặc KHONG nếu đơn vị chỉ cần nắm và thực hiện."
	FixWhatAgain        = "Trợ lý chưa rõ nội dung cần đính chính. Đồng chí vui lòng gõ TRICH YEU, NOI DUNG hoặc NHIEM VU kèm số (ví dụ: NHIEM VU 2)."
	SupplementNeedAgain = "Trợ lý chưa rõ yêu cầu của nhiệm vụ. Đồng chí vui lòng gõ số clip (ví dụ: 2), BAO CAO hoặc KHONG."
	AmendEmpty          = "Nội dung không được để trống. Đồng chí vui lòng nhập lại."
	AmendConfirmAgain   = "Đồng chí vui lòng gõ GUI để gửi tới các đơn vị, hoặc HUY để hủy."
	AmendNothing        = "Nội dung mới giống bản hiện hành nên trợ lý không gửi đính chính."
	AmendFailed         = "Không đính chính, bổ sung được: văn bản đã kết thúc theo dõi hoặc đã thu hồi, hoặc nội dung chưa hợp lệ (quá dài)."
	AmendSendButton     = "📤 Gửi tới các đơn vị"
	AmendCancelButton   = "✖️ Hủy"
)

// AskFixWhat asks which part of the directive a correction changes,
// listing its tasks.
func AskFixWhat(d chidao.Directive, tasks []chidao.Task) string {
	var b strings.Builder
	fmt.Fprintf(&b, "✏️ Đính chính văn bản số %s\nTrích yếu: %s\n", d.Number, d.Title)
	for _, t := range tasks {
		fmt.Fprintf(&b, "Nhiệm vụ %d: %s\n", t.Position, t.Text)
	}
	b.WriteString("\nĐồng chí cần đính chính nội dung nào? Gõ TRICH YEU, NOI DUNG hoặc NHIEM VU kèm số (ví dụ: NHIEM VU 1).")
	return b.String()
}

// AskFixText asks for the corrected text of what is corrected (field:
// title, body or task), quoting the current one.
func AskFixText(field string, task int, current string) string {
	what := "trích yếu"
	switch field {
	case "body":
		what = "nội dung văn bản"
	case "task":
		what = fmt.Sprintf("nội dung nhiệm vụ %d", task)
	}
	if current == "" {
		return fmt.Sprintf("Đề nghị đồng chí nhập %s đã sửa.", what)
	}
	return fmt.Sprintf("Hiện %s là: «%s»\nĐề nghị đồng chí nhập %s đã sửa.", what, current, what)
}

// AskSupplementTask asks for the text of the task a supplement adds.
func AskSupplementTask(d chidao.Directive) string {
	return fmt.Sprintf("➕ Bổ sung văn bản số %s\n%s\n\nĐề nghị đồng chí nhập nội dung nhiệm vụ bổ sung (để bổ sung tệp đính kèm, đồng chí dùng trang theo dõi).", d.Number, d.Title)
}

// ConfirmCorrection shows a correction before it goes.
func ConfirmCorrection(number, field string, task int, before, after, note string, zalo bool) string {
	what := "Trích yếu"
	switch field {
	case "body":
		what = "Nội dung"
	case "task":
		what = fmt.Sprintf("Nhiệm vụ %d", task)
	}
	return fmt.Sprintf("Đề nghị đồng chí kiểm tra đính chính văn bản số %s:\n%s: «%s» nay sửa thành «%s»\nLý do: %s\n\n%s",
		number, what, before, after, note, confirmHint(zalo))
}

// ConfirmSupplement shows a supplement before it goes.
func ConfirmSupplement(number, task string, r chidao.Requirement, note string, zalo bool) string {
	need := Need(r)
	if need == "" {
		need = "không yêu cầu gửi kết quả"
	}
	return fmt.Sprintf("Đề nghị đồng chí kiểm tra phần bổ sung văn bản số %s:\nNhiệm vụ bổ sung: %s\nCần gửi: %s\nLý do: %s\n\n%s",
		number, task, need, note, confirmHint(zalo))
}

func confirmHint(zalo bool) string {
	if zalo {
		return "Đồng chí vui lòng gõ GUI để gửi tới các đơn vị, HUY để hủy."
	}
	return "Đồng chí vui lòng bấm «📤 Gửi tới các đơn vị» (hoặc gõ GUI) để gửi, «✖️ Hủy» để hủy."
}

// CorrectionSent confirms a correction sent from the chat.
func CorrectionSent(number string) string {
	return fmt.Sprintf("✅ Đã đính chính văn bản số %s; trợ lý đang gửi thông báo đính chính tới các đơn vị.", number)
}

// SupplementSent confirms a supplement sent from the chat.
func SupplementSent(number string) string {
	return fmt.Sprintf("✅ Đã bổ sung văn bản số %s; trợ lý đang gửi phần bổ sung tới các đơn vị.", number)
}
