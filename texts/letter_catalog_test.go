package texts_test

import (
	"strings"
	"time"

	"chidao"
	"chidao/letter"
	"chidao/texts"
)

type sample struct{ name, text string }

// sampleLetter is a draft read from a letter with every case the texts
// show: an assumed clip, a task's own deadline, a phrase for many units,
// and recipients left unmatched (one with candidates).
func sampleLetter() texts.LetterDraft {
	return texts.LetterDraft{File: "1483-CV-BTGTU.pdf", Number: "1483-CV/BTGTU", Title: "Tăng cường thông tin trên các nền tảng số, mạng xã hội",
		Issued: at("03/04/2026 00:00"), Due: at("20/04/2026 17:00"), Implements: "Công văn số 7944-CV/BTGTW, ngày 11/3/2024 của Ban Tuyên giáo Trung ương",
		Signer: "Lâm Văn Sễn", SignerTitle: "K/T TRƯỞNG BAN, PHÓ TRƯỞNG BAN",
		Tasks: []texts.LetterTask{{Text: "Xây dựng các video clip ngắn", Requirement: chidao.Requirement{MinClips: 1}, ClipsAssumed: true},
			{Text: "Đăng tải ít nhất 02 video clip", Requirement: chidao.Requirement{MinClips: 2}, Due: chidao.EndOfDay(at("15/04/2026 00:00"))},
			{Text: "Rà soát hiệu quả công tác thông tin"}, {Text: "Báo cáo kết quả thực hiện", Requirement: chidao.Requirement{Report: true}}},
		Recipients: []texts.LetterRecipient{{Text: "Báo Kiên Giang", Units: []string{"Báo Kiên Giang"}},
			{Text: "Trung tâm Văn hóa - Truyền thanh các huyện, thành phố", Units: make([]string, 15)}},
		Unmatched: []texts.LetterRecipient{{Text: "Ủy ban nhân dân các xã"}, {Text: "Phòng Văn hóa", Units: []string{"Phòng Văn hóa huyện A", "Phòng Văn hóa huyện B"}}},
		Count:     16}
}

// letterChat are the letter's texts that differ by channel.
func letterChat(t texts.Chat) []sample {
	d := sampleLetter()
	out := []sample{{"LetterStillReading", t.LetterStillReading("1483-CV-BTGTU.pdf")},
		{"LetterRefused(no_text)", t.LetterRefused(&letter.Error{Problem: letter.NoText}, "scan.pdf")},
		{"LetterAsk(due, missing)", t.LetterAsk("due", texts.AskMissing, time.Time{})},
		{"LetterAsk(due, passed)", t.LetterAsk("due", texts.AskMissing, chidao.EndOfDay(at("15/06/2024 00:00")))}}
	for _, what := range []string{"number", "title", "tasks"} {
		out = append(out, sample{"LetterAsk(" + what + ", missing)", t.LetterAsk(what, texts.AskMissing, time.Time{})})
	}
	for _, what := range []string{"number", "title", "tasks", "due"} {
		out = append(out, sample{"LetterAsk(" + what + ", edit)", t.LetterAsk(what, texts.AskEdit, time.Time{})},
			sample{"LetterAsk(" + what + ", typed)", t.LetterAsk(what, texts.AskTyped, time.Time{})})
	}
	all := d
	all.All, all.Unmatched = true, nil
	return append(out, sample{"LetterConfirm(unmatched)", t.LetterConfirm(d)}, sample{"LetterConfirm(all)", t.LetterConfirm(all)},
		sample{"LetterUseChoices", t.LetterUseChoices()}, sample{"LetterNumberTaken", t.LetterNumberTaken(d.Number)},
		sample{"LetterInvalid", t.LetterInvalid()})
}

// letterNeutral are the letter's texts that read the same everywhere (or
// belong to one channel: the unit picker's).
func letterNeutral() []sample {
	d := sampleLetter()
	picked := d
	picked.Recipients, picked.Unmatched = nil, nil
	picked.Units = []string{"Báo Kiên Giang", "Đài Phát thanh và Truyền hình Kiên Giang", "Hội Nhà báo tỉnh", "Tạp chí Chiêu Anh Các", "Sở Thông tin và Truyền thông",
		"Trung tâm 1", "Trung tâm 2", "Trung tâm 3", "Trung tâm 4", "Trung tâm 5", "Trung tâm 6", "Trung tâm 7", "Trung tâm 8", "Trung tâm 9"}
	picked.Count = len(picked.Units)
	bare := texts.LetterDraft{File: "du-thao.docx"}
	out := []sample{{"LetterReading", texts.LetterReading("1483-CV-BTGTU.pdf")}, {"LetterFetchFailed", texts.LetterFetchFailed("1483-CV-BTGTU.pdf", chidao.Zalo)},
		{"LetterDraftText", texts.LetterDraftText(d)}, {"LetterDraftText(nothing read)", texts.LetterDraftText(bare)},
		{"LetterSummary", texts.LetterSummary(d)}, {"LetterSummary(units picked)", texts.LetterSummary(picked)},
		{"Letter buttons", strings.Join([]string{texts.LetterIssueButton, texts.LetterDueButton, texts.LetterNumButton, texts.LetterTitleButton, texts.LetterUnitsButton, texts.CancelButton}, " | ")},
		{"LetterBadDue", texts.LetterBadDue}, {"LetterBadNumber", texts.LetterBadNumber}, {"LetterNoTitle", texts.LetterNoTitle},
		{"LetterPickUnits (Telegram)", texts.LetterPickUnits(true, true)},
		{"LetterTypeUnits (Zalo)", texts.LetterTypeUnits(false, []string{"TTVH – Trung tâm Văn hóa - Truyền thanh (15 đơn vị)"},
			[]string{"BKG – Báo Kiên Giang", "PTTH – Đài Phát thanh và Truyền hình Kiên Giang"})},
		{"LetterUnknownUnits", texts.LetterUnknownUnits([]string{"XYZ"})}}
	for _, p := range []struct {
		problem letter.Problem
		name    string
	}{{letter.NoText, "scan.pdf"}, {letter.Unreadable, "vntime.pdf"}, {letter.Encrypted, "mat-khau.pdf"}, {letter.Damaged, "loi.pdf"},
		{letter.TooLarge, "lon.pdf"}, {letter.Empty, "rong.docx"}, {letter.NotALetter, "ghi-chu.docx"}, {letter.Unsupported, "bang.xlsx"}, {letter.Unsupported, "cu.doc"},
		{letter.Unsupported, "anh.jpg"}} {
		kind := map[string]string{"anh.jpg": "a JPEG image"}[p.name]
		out = append(out, sample{"DashLetterRefused(" + string(p.problem) + ", " + p.name + ")", texts.DashLetterRefused(&letter.Error{Problem: p.problem, Kind: kind}, p.name)})
	}
	return out
}
