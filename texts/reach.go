package texts

// Clip reach in chat (issue 17): the question to the officer, the
// confirmation, and what is asked back.

import (
	"fmt"
	"strings"

	"chidao/reach"
	"chidao/storage"
)

// ReachPrompt is the placeholder of the reach question's reply field.
const ReachPrompt = "12.000 lượt xem, 500 thích, 30 chia sẻ, 12 bình luận"

const reachExample = "Ví dụ: «12.000 lượt xem, 500 thích, 30 chia sẻ, 12 bình luận» (có thể viết 12k, 1,2 triệu; số nào chưa có thì bỏ qua)."

// ReachAsk asks the officer for an approved clip's figures (again, for
// the one reminder). It is written before the channel is known, so it
// reads the same on both.
func ReachAsk(c storage.Clip, again bool) string {
	lead := "📊 Đề nghị đồng chí cho biết kết quả lan tỏa của clip"
	if again {
		lead = "📊 Trợ lý nhắc lại: đề nghị đồng chí cho biết kết quả lan tỏa của clip"
	}
	approved := ""
	if c.ReviewedAt != nil {
		approved = ", được duyệt ngày " + Date(*c.ReviewedAt)
	}
	how := "Đồng chí vui lòng nhắn lại số liệu."
	return fmt.Sprintf("%s %s (%s, văn bản số %s%s): số lượt xem, lượt thích (cảm xúc), lượt chia sẻ và bình luận đến nay.\n\n%s %s",
		lead, c.URL, PlatformLabel(c.Platform), c.Number, approved, how, reachExample)
}

// ReachNoFigures: nothing in the answer reads as figures.
func ReachNoFigures(c storage.Clip) string {
	return fmt.Sprintf("Trợ lý chưa đọc được số liệu của clip %s. %s", c.URL, reachExample)
}

// Reach refusals.
const (
	ReachNotYours = "Clip này không thuộc đơn vị của đồng chí nên trợ lý không ghi nhận số liệu."
)

// ReachNotApproved: figures of a clip that is not approved.
func ReachNotApproved(c storage.Clip) string {
	return fmt.Sprintf("Clip %s hiện chưa được duyệt (hoặc đã bị từ chối) nên trợ lý không ghi nhận số liệu lan tỏa.", c.URL)
}

// ReachFigures writes the known figures: "12.000 lượt xem, 500 lượt thích".
func ReachFigures(r storage.Reach) string {
	var parts []string
	for _, f := range []struct {
		v    *int64
		name string
	}{{r.Views, "lượt xem"}, {r.Likes, "lượt thích"}, {r.Shares, "lượt chia sẻ"}, {r.Comments, "bình luận"}} {
		if f.v != nil {
			parts = append(parts, Count(*f.v)+" "+f.name)
		}
	}
	return strings.Join(parts, ", ")
}

// ReachRecorded confirms the figures stored.
func ReachRecorded(c storage.Clip, r storage.Reach) string {
	return fmt.Sprintf("✅ Đã ghi nhận kết quả lan tỏa của clip %s: %s. Cảm ơn đồng chí!", c.URL, ReachFigures(r))
}

var unclearWhy = map[reach.Why]string{
	reach.NoLabel:   "chưa rõ là lượt xem, thích, chia sẻ hay bình luận",
	reach.Fraction:  "số lượt phải là số nguyên",
	reach.Conflict:  "có hai số khác nhau cho cùng một loại",
	reach.Ambiguous: "«tương tác» gồm nhiều loại; đề nghị ghi riêng lượt thích, chia sẻ, bình luận",
}

// ReachUnclear says what was stored and asks back for the unclear parts,
// quoting the officer.
func ReachUnclear(c storage.Clip, got storage.Reach, nothing bool, unclear []reach.Unclear) string {
	var b strings.Builder
	if !nothing {
		fmt.Fprintf(&b, "Đã ghi nhận: %s.\n\n", ReachFigures(got))
	}
	fmt.Fprintf(&b, "Trợ lý chưa rõ phần sau trong số liệu của clip %s:\n", c.URL)
	for _, u := range unclear {
		fmt.Fprintf(&b, "• «%s»: %s\n", u.Text, unclearWhy[u.Why])
	}
	b.WriteString("\nĐồng chí vui lòng gửi lại phần này, ví dụ «12.000 lượt xem» hoặc «30 chia sẻ».")
	return b.String()
}

// ReachPick asks which clip figures sent unasked-for are of.
func (t Chat) ReachPick(clips []storage.Clip) string {
	var b strings.Builder
	b.WriteString("Đồng chí đang được đề nghị báo số liệu của nhiều clip. Số liệu vừa gửi là của clip nào?\n")
	for i, c := range clips {
		fmt.Fprintf(&b, "%d. %s (văn bản số %s)\n", i+1, c.URL, c.Number)
	}
	b.WriteString(t.pick("\nĐồng chí chọn clip bên dưới, hoặc gửi số thứ tự.", "\nĐồng chí nhắn số thứ tự của clip."))
	return b.String()
}
