package texts_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/internal/transcript"
	"chidao/reach"
	"chidao/storage"
	"chidao/texts"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("02/01/2006 15:04", s, chidao.Zone)
	if err != nil {
		panic(err)
	}
	return t
}

// catalog writes every text of the catalog, on both channels, with sample
// arguments: what a reviewer reads (testdata/catalog.txt).
func catalog() string {
	var tr transcript.Transcript
	var lifecycle []struct{ name, text string }
	tr.Title("Every text of the catalog with sample arguments (catalog_test.go; rewrite with go test ./texts/ -update)")
	d := chidao.Directive{ID: 1, Number: "1483-CV/BTGTU", Title: "V/v tăng cường sản xuất video clip ngắn", IssuedOn: at("01/04/2026 00:00"),
		DueAt: at("10/04/2026 17:00")}
	tasks := []chidao.Task{{Position: 1, Text: "Đăng tải clip", MinClips: 2, DueAt: d.DueAt}, {Position: 2, Text: "Báo cáo", Report: true, DueAt: chidao.EndOfDay(at("15/04/2026 00:00"))}}
	officer := chidao.Person{ID: 2, FullName: "Nguyễn Văn An", UnitCode: "BKG", UnitName: "Báo Kiên Giang", Role: chidao.RoleOfficer}
	admin := chidao.Person{ID: 3, FullName: "Phạm Văn Dũng", UnitCode: "BTGTU", UnitName: "Ban Tuyên giáo và Dân vận Tỉnh ủy", Role: chidao.RoleAdmin}
	unit := storage.UnitReport{Code: "BKG", Name: "Báo Kiên Giang", Status: chidao.StatusInProgress, AcknowledgedAt: at("02/04/2026 08:12"),
		AcknowledgedBy: "Nguyễn Văn An", ClipsApproved: 1, ClipsRequired: 2,
		Difficulties: []storage.Item{{ID: 4, Text: "Thiếu kinh phí", SubmittedAt: at("03/04/2026 09:00")}}}
	done := unit
	done.Status, done.DoneAt = chidao.StatusDoneLate, at("13/04/2026 10:00")
	rep := storage.DirectiveReport{Directive: d, Tasks: tasks, At: at("08/04/2026 10:00"), Units: []storage.UnitReport{unit}}
	clip := storage.Clip{ID: 7, URL: "https://youtu.be/x", Platform: "youtube", PersonName: "Nguyễn Văn An", UnitName: "Báo Kiên Giang",
		Number: d.Number, Reviewer: "Trần Thị Bình"}
	owed := texts.Owed{ClipsNeeded: 2, ClipsApproved: 1, Report: true}
	approvedAt, views, likes := at("03/04/2026 15:00"), int64(12000), int64(500)
	reachClip := clip
	reachClip.ReviewedAt = &approvedAt
	reachFigures := storage.Reach{Views: &views, Likes: &likes, Source: "officer", MeasuredAt: at("14/04/2026 08:10")}
	now := at("08/04/2026 10:00")
	late := province(d, tasks, unit)
	granted := chidao.EndOfDay(at("18/04/2026 00:00"))
	ext := storage.Extension{ID: 5, Number: d.Number, UnitName: "Báo Kiên Giang", PreviousDue: d.DueAt, RequestedDue: chidao.EndOfDay(at("20/04/2026 00:00")),
		Reason: "thiết bị quay bị hỏng", State: "pending", RequestedBy: "Nguyễn Văn An", RequestedAt: at("07/04/2026 15:20")}
	extUnit := unit
	extUnit.Extensions = []storage.Extension{ext}
	extRep := storage.DirectiveReport{Directive: d, Tasks: tasks, At: now, Units: []storage.UnitReport{extUnit}}
	approved, rejected := ext, ext
	approved.State, approved.GrantedDue = "approved", &granted
	rejected.State, rejected.DecisionReason = "rejected", "thời hạn chung của tỉnh không thay đổi"
	edit := storage.Change{Kind: "edit", Note: "sửa trích yếu và nhiệm vụ 1", Before: map[string]any{"title": "V/v sản xuất clip", "task 1": "Đăng clip", "clips 1": 2.0, "report 2": false},
		After: map[string]any{"title": d.Title, "task 1": "Đăng tải clip", "clips 1": 3.0, "report 2": true, "attachments": []any{"1483-dinh-chinh.pdf"}}}
	supplement := storage.Change{Kind: "supplement", Note: "bổ sung nhiệm vụ báo cáo", After: map[string]any{"tasks": []any{map[string]any{"position": 2.0}}, "attachments": []any{"phu-luc.pdf"}}}
	recalled := d
	recalled.RecallReason = "văn bản gửi nhầm đơn vị"
	lifecycle = []struct{ name, text string }{
		{"Lifecycle buttons", strings.Join([]string{texts.ExtendButton, texts.WithdrawButton, texts.ExtApproveButton, texts.ExtOtherDayButton, texts.ExtRejectButton}, " | ")},
		{"Lifecycle answers", strings.Join([]string{texts.ExtensionPending, texts.ExtensionDecided, texts.AlreadyWithdrawn, texts.WithdrawNotYours, texts.WithdrawReviewed,
			texts.NothingToWithdraw, texts.WithdrawUsage, texts.ExtensionBadDate, texts.AskExtensionReason, texts.AskOtherDay, texts.AskRejectReason}, "\n")},
		{"AskExtensionDate", texts.AskExtensionDate(d, d.DueAt)}, {"RecalledCopy", texts.RecalledCopy(recalled)},
		{"CorrectionShort", texts.CorrectionShort(d, edit)}, {"ChangeSummary(edit)", texts.ChangeSummary(edit)}, {"CorrectionNotice", texts.CorrectionNotice(d, edit)},
		{"DueMoved", texts.DueMoved(d, d.DueAt, granted, "kế hoạch của tỉnh thay đổi", false)},
		{"DueMoved(unit)", texts.DueMoved(d, d.DueAt, granted, "theo đề nghị của đơn vị", true)},
		{"ExtensionAsked", texts.ExtensionAsked(ext)}, {"ExtensionAnswer(approved)", texts.ExtensionAnswer(approved)},
		{"ExtensionAnswer(rejected)", texts.ExtensionAnswer(rejected)}, {"ExtensionDone", texts.ExtensionDone(approved)},
		{"ExtensionDone(rejected)", texts.ExtensionDone(rejected)}, {"Recalled", texts.Recalled(recalled)},
		{"Supplemented", texts.Supplemented(d, supplement, tasks)},
		{"WithdrawnDone", texts.WithdrawnDone(storage.Withdrawn{Kind: "clip", URL: "https://youtu.be/x", Number: d.Number})},
		{"WithdrawnDone(report)", texts.WithdrawnDone(storage.Withdrawn{Kind: "report", Number: d.Number})}, {"WithdrawHint", texts.WithdrawHint(12)},
		{"ExtensionCell", texts.ExtensionCell(approved, texts.Deadline) + "\n" + texts.ExtensionCell(rejected, texts.Deadline)},
		{"Office commands", strings.Join([]string{texts.DueUsage, texts.RecallUsage, texts.NoPending, texts.CannotChange,
			texts.DueChanged(d.Number, granted), texts.RecallDone(d.Number)}, "\n")},
		{"Amend commands", strings.Join([]string{texts.CorrectUsage, texts.SupplementUsage, texts.AskFixNote, texts.AskSupplementNote,
			texts.AskSupplementNeed, texts.FixWhatAgain, texts.SupplementNeedAgain, texts.AmendEmpty, texts.AmendConfirmAgain, texts.AmendNothing,
			texts.AmendFailed, texts.AmendSendButton + " | " + texts.AmendCancelButton, texts.CorrectionSent(d.Number), texts.SupplementSent(d.Number)}, "\n")},
		{"AskFixWhat", texts.AskFixWhat(d, tasks)}, {"AskFixText(title)", texts.AskFixText("title", 0, d.Title)},
		{"AskFixText(task)", texts.AskFixText("task", 1, "Đăng tải clip")}, {"AskFixText(empty body)", texts.AskFixText("body", 0, "")},
		{"AskSupplementTask", texts.AskSupplementTask(d)},
		{"ConfirmCorrection", texts.ConfirmCorrection(d.Number, "task", 1, "Đăng clip", "Đăng tải clip", "nêu rõ nhiệm vụ", false)},
		{"ConfirmCorrection(zalo)", texts.ConfirmCorrection(d.Number, "title", 0, "V/v cũ", d.Title, "sửa trích yếu", true)},
		{"ConfirmSupplement", texts.ConfirmSupplement(d.Number, "Đăng clip về Đại hội", chidao.Requirement{MinClips: 2, Report: true}, "theo kế hoạch", false)},
		{"ConfirmSupplement(none, zalo)", texts.ConfirmSupplement(d.Number, "Phổ biến đến cán bộ", chidao.Requirement{}, "theo kế hoạch", true)},
		{"Dash amend", strings.Join([]string{texts.DashAmendNeedsNote, texts.DashCorrectNothing, texts.DashCorrectBad, texts.DashSupplementNothing,
			texts.DashSupplementBadClips, texts.DashSupplementBad, texts.DashSupplementTooLarge, texts.DashCorrectedNotice, texts.DashSupplementedNotice,
			texts.DashCrossSite}, "\n")},
		{"DocxDeadlines", texts.DocxDeadlines([]string{texts.DocxUnitDeadline("Báo Kiên Giang", "10/04/2026", "18/04/2026", texts.ExtensionCell(approved, texts.Deadline))})},
	}
	for _, ch := range []chidao.Channel{chidao.Telegram, chidao.Zalo} {
		t := texts.Chat{Org: texts.Org{}.OrDefault(), Channel: ch}
		tr.Step(now, "Kênh "+texts.ChannelName(ch))
		for _, m := range []struct{ name, text string }{
			{"StartNoCode", t.StartNoCode()}, {"NotRegistered", t.NotRegistered()}, {"NotRegisteredShort", t.NotRegisteredShort()},
			{"Followed", t.Followed()}, {"CodeUnknown", t.CodeUnknown()}, {"CodeExpired", t.CodeExpired()}, {"CodeUsed", t.CodeUsed()},
			{"TooManyAttempts", t.TooManyAttempts()}, {"Inactive", t.Inactive()}, {"Registered", t.Registered(officer)},
			{"Welcome(admin)", t.Welcome(admin)}, {"AlreadyRegistered", t.AlreadyRegistered(officer)}, {"AdminOnly", t.AdminOnly()},
			{"NotUnderstood", t.NotUnderstood()}, {"Greeting", t.Greeting(officer)}, {"Media(photo)", t.Media("photo")},
			{"Media(video)", t.Media("video")}, {"Media(voice)", t.Media("voice")}, {"Media(sticker)", t.Media("sticker")},
			{"AskBack", t.AskBack("")}, {"AskBack(report)", t.AskBack("report")}, {"AskFile", t.AskFile("bao-cao.pdf")},
			{"ChannelSet", t.ChannelSet(ch)}, {"ChannelNotLinked", t.ChannelNotLinked(chidao.Zalo)}, {"AccountLinked", t.AccountLinked(ch)},
			{"LinkCode", t.LinkCode("AB23CD45", "LONGCODE", "chidao_bot")}, {"PhoneSaved", t.PhoneSaved()},
			{"Directive", t.Directive(d, tasks)}, {"Acknowledged(first)", t.Acknowledged(d, unit, true, owed)},
			{"Acknowledged(again)", t.Acknowledged(d, unit, false, owed)}, {"DirectiveClosed", t.DirectiveClosed()},
			{"PickDirective(clip)", t.PickDirective("clip")}, {"PickDirective(summary)", t.PickDirective("summary")},
			{"ClipsReceived", t.ClipsReceived(d, 2, false)}, {"ClipsReceived(office)", t.ClipsReceived(d, 1, true)},
			{"DifficultyReceived", t.DifficultyReceived(d)}, {"Prompt(clip)", first(t.Prompt("clip", d))},
			{"Prompt(report)", first(t.Prompt("report", d))}, {"Prompt(difficulty)", first(t.Prompt("difficulty", d))},
			{"WorkFooter", t.WorkFooter()}, {"ReviewRequest", t.ReviewRequest(clip, false)}, {"ReviewRequest(office)", t.ReviewRequest(clip, true)},
			{"AskReason", t.AskReason(clip)}, {"NotReviewer", t.NotReviewer()}, {"ClipsWaiting", t.ClipsWaiting([]storage.Clip{clip, clip})},
			{"SituationFooter", t.SituationFooter()}, {"UnknownDirective", t.UnknownDirective("99")}, {"NeedDirective", t.NeedDirective()},
			{"Created", t.Created(rep)}, {"SummaryForUnit", t.SummaryForUnit()}, {"DashboardForbidden", t.DashboardForbidden()},
			{"DifficultyForOffice", t.DifficultyForOffice(d, 4, "Báo Kiên Giang", "Nguyễn Văn An", "Thiếu kinh phí", now)},
			{"AnswerPrompt", t.AnswerPrompt(4, "Báo Kiên Giang")}, {"DifficultyAnswer", t.DifficultyAnswer(d, "Thiếu kinh phí", "Ban hỗ trợ", admin)},
			{"Unreachable(zalo)", t.Unreachable(officer, chidao.Zalo, t.UnreachableReason(chidao.Zalo, "-230"))},
			{"ZaloToken", t.ZaloToken()}, {"Reminder", t.Reminder("before:1", d, unit, texts.Progress(owed), d.DueAt, now)},
			{"Reminder(nudge)", t.Reminder("nudge", d, unit, texts.Progress(texts.Owed{Ack: true}), d.DueAt, now)},
			{"Reminder(manual)", t.Reminder("manual", d, unit, texts.Progress(owed), d.DueAt, now)},
			{"Reminder(overdue)", t.Reminder("overdue:1", d, unit, texts.Progress(owed), d.DueAt, at("13/04/2026 08:00"))},
			{"Reminder(escalation)", t.Reminder("escalation:2", d, unit, texts.Progress(owed), d.DueAt, at("14/04/2026 08:00"))},
			{"RemindersPaused", t.RemindersPaused(true, d.Number)}, {"RemindersResumed", t.RemindersPaused(false, d.Number)},
			{"Digest", t.Digest([]storage.DirectiveReport{rep}, []storage.UnreachablePerson{{Name: "Lê Văn Cường", Unit: "Đài PT-TH", Channel: chidao.Zalo}}, now, "")},
			{"Digest(province)", t.Digest([]storage.DirectiveReport{late}, nil, late.At, "https://chidao.example.vn")},
			{"SituationPage", t.SituationPage(late, late.NeedingAttention()[:1], 2, 1, 2, 1, "https://chidao.example.vn/directives/1?attention=1")},
			{"SituationPage(none)", t.SituationPage(rep, nil, 0, 1, 1, 10, "")},
			{"ReachAsk", texts.ReachAsk(reachClip, false)}, {"ReachAsk(again)", texts.ReachAsk(reachClip, true)},
			{"ReachNoFigures", texts.ReachNoFigures(reachClip)}, {"ReachNotApproved", texts.ReachNotApproved(reachClip)},
			{"ReachRecorded", texts.ReachRecorded(reachClip, reachFigures)},
			{"ReachUnclear", texts.ReachUnclear(reachClip, reachFigures, false, []reach.Unclear{{Text: "12000", Why: reach.NoLabel}, {Text: "500 tương tác", Why: reach.Ambiguous}})},
			{"ReachPick", t.ReachPick([]storage.Clip{reachClip, reachClip})}, {"ScorecardBadPeriod", t.ScorecardBadPeriod()},
			{"ExtensionForOffice", t.ExtensionForOffice(ext)}, {"Corrected", t.Corrected(d, tasks, now)},
			{"Digest(extension)", t.Digest([]storage.DirectiveReport{extRep}, nil, now, "")},
			{"Help(officer)", t.Help(chidao.RoleOfficer)}, {"Help(head)", t.Help(chidao.RoleHead)}, {"Help(admin)", t.Help(chidao.RoleAdmin)},
		} {
			tr.Message(m.name, m.text, nil)
		}
		for _, m := range letterChat(t) {
			tr.Message(m.name, m.text, nil)
		}
	}
	neutral(&tr, d, unit, done, rep, late, clip, owed, officer, admin, now)
	tr.Step(now, "Vòng đời văn bản: đính chính, điều chỉnh hạn, gia hạn, thu hồi, bổ sung, rút lại")
	for _, m := range lifecycle {
		tr.Message(m.name, m.text, nil)
	}
	return tr.String()
}

// neutral writes the texts that read the same on every channel.
func neutral(tr *transcript.Transcript, d chidao.Directive, unit, done storage.UnitReport, rep, late storage.DirectiveReport, clip storage.Clip,
	owed texts.Owed, officer, admin chidao.Person, now time.Time) {
	tr.Step(now, "Không phụ thuộc kênh")
	for _, m := range []struct{ name, text string }{
		{"Group", texts.Group("chidao_bot")}, {"Progress", texts.Progress(owed)}, {"Completed", texts.Completed(d, done)},
		{"AckShort", texts.AckShort(d, unit)}, {"ReportReceived", texts.ReportReceived(d, "bao-cao.pdf", texts.Progress(owed))},
		{"DuplicateClip", texts.DuplicateClip(clip.URL)}, {"DocumentType", texts.DocumentType("a.zip")},
		{"DocumentTooBig", texts.DocumentTooBig("a.pdf", 25<<20)}, {"DocumentEmpty", texts.DocumentEmpty("a.pdf")},
		{"WorkItem", texts.WorkHeader(officer, 1) + texts.WorkItem(1, d, unit, owed, now)}, {"DeadlineOf", texts.DeadlineOf(d, unit, owed, now)},
		{"DecisionDone", texts.DecisionDone(clip, true, texts.Progress(owed))}, {"DecisionDone(reject)", texts.DecisionDone(clip, false, "")},
		{"DecisionForOfficer", texts.DecisionForOfficer(clip, d, true, "", admin, texts.Completed(d, done))},
		{"DecisionForOfficer(reject)", texts.DecisionForOfficer(clip, d, false, "Chưa có phụ đề", admin, "")},
		{"AlreadyApproved", texts.AlreadyApproved(clip)}, {"ClipUnknown", texts.ClipUnknown(12)},
		{"Situation", texts.SituationHeader(1) + texts.SituationLine(rep)}, {"SituationDetail", texts.SituationDetail(rep)},
		{"CreateStep(number)", texts.CreateStep("number", true)}, {"CreateStep(tasks)", texts.CreateStep("tasks", false)},
		{"CreateStep(due)", texts.CreateStep("due", false)}, {"CreateUnits", texts.CreateUnits(true)},
		{"CreateConfirm", texts.CreateConfirm(texts.Draft{Number: d.Number, Title: d.Title, Issued: d.IssuedOn, Due: d.DueAt, Units: []string{"Báo Kiên Giang"},
			Tasks: []texts.DraftTask{{Text: "Đăng clip", Requirement: chidao.Requirement{MinClips: 2}}}, File: true})},
		{"CreateConfirm(groups)", texts.CreateConfirm(texts.Draft{Number: d.Number, Title: d.Title, Due: d.DueAt, Groups: []string{"Đảng ủy các xã, phường, đặc khu"},
			Units: []string{"Báo An Giang"}, Tasks: []texts.DraftTask{{Text: "Đăng clip"}}})},
		{"GroupButton", texts.GroupButton("Cơ quan báo chí", false) + " / " + texts.GroupButton("Cơ quan báo chí", true)},
		{"Weekly(province)", texts.Weekly([]storage.DirectiveReport{late}, late.At)},
		{"Missing, Why", texts.Missing(late.Owed(late.Units[0])) + " | " + strings.Join(texts.Why(late.AttentionOf(late.Units[1]), late.NextDue(late.Units[1]), late.At), ", ")},
		{"Access", strings.Join([]string{texts.AccessUsage, texts.PersonDisabled("Nguyễn Văn An", 12), texts.PersonEnabled("Nguyễn Văn An", 12),
			texts.PersonUnknown(99), texts.CannotDisableSelf, texts.InviteRevoked(7), texts.InviteNotRevocable}, "\n")},
		{"Dash login", strings.Join([]string{texts.DashLoginTitle, texts.DashLoginAsk, texts.DashLoginButton}, "\n")},
		{"Dash groups", strings.Join([]string{texts.DashTitleGroups, texts.DashTitleGroup("Cơ quan báo chí"), texts.DashNoGroup, texts.DashGroupTaken,
			texts.DashBadGroup, texts.DashGroupInUse, texts.DashGroupSaved(12), texts.DashDone["group-created"], texts.DashDone["group-saved"],
			texts.DashDone["group-deleted"], texts.DashNeedUnits}, "\n")},
		{"CreateFailed", texts.CreateFailed(true)}, {"ExportCaption", texts.ExportCaption(rep)}, {"LoginLink", texts.LoginLink("https://…/login?t=…")},
		{"AnswerSent", texts.AnswerSent("Nguyễn Văn An", "Báo Kiên Giang", 4, true)}, {"Snoozed", texts.Snoozed(at("09/04/2026 08:00"))},
		{"RemindTooSoon", texts.RemindTooSoon(now)}, {"Reminded", texts.Reminded(3, 5)}, {"Weekly", texts.Weekly([]storage.DirectiveReport{rep}, now)},
		{"Apology", texts.Apology}, {"Unreadable", texts.Unreadable}, {"FileGone", texts.FileGone("bao-cao.pdf", false)},
		{"FileGone(too big)", texts.FileGone("bao-cao.pdf", true)}, {"Unreachable(telegram)", texts.Chat{}.Unreachable(officer, chidao.Telegram, texts.Chat{}.UnreachableReason(chidao.Telegram, "blocked"))}, {"DashForbidden", texts.DashForbidden(texts.Org{})}, {"DashAdminOnly", texts.DashAdminOnly(texts.Org{})},
		{"DashSignIn", texts.DashSignIn}, {"Invite", texts.Invite(texts.Invitation{Role: chidao.RoleHead, Unit: "Báo Kiên Giang",
			Link: "https://t.me/chidao_bot?start=…", Short: "AB23CD45", Until: at("09/04/2026 08:00"), QR: true})},
		{"ReportTitle", strings.Join(texts.ReportTitle(d, texts.Deadline(d.DueAt), texts.DateTime(now), []string{texts.ReportCount(chidao.StatusInProgress, 1)}), "\n")},
		{"Report columns", strings.Join(texts.SummaryColumns, " | ") + "\n" + strings.Join(texts.ClipColumns, " | ") + "\n" + strings.Join(texts.ReportColumns, " | ")},
	} {
		tr.Message(m.name, m.text, nil)
	}
	for _, m := range letterNeutral() {
		tr.Message(m.name, m.text, nil)
	}
}

func first(a, _ string) string { return a }

// province is a directive two days past a deadline at a province's scale:
// a silent commune, a ward whose clip waits for the head, and unit.
func province(d chidao.Directive, tasks []chidao.Task, unit storage.UnitReport) storage.DirectiveReport {
	silent := storage.UnitReport{Code: "X-AN-PHU", Name: "Đảng ủy xã An Phú", Status: chidao.StatusOverdue, AssignedAt: at("01/04/2026 08:00"),
		TaskStatuses: []chidao.Status{chidao.StatusOverdue, chidao.StatusNotAcknowledged}, ClipsRequired: 2}
	waiting := storage.UnitReport{Code: "P-LONG-XUYEN", Name: "Đảng ủy phường Long Xuyên", Status: chidao.StatusOverdue,
		AssignedAt: at("01/04/2026 08:00"), AcknowledgedAt: at("01/04/2026 09:00"), ClipsApproved: 1, ClipsPending: 1, ClipsRequired: 2,
		TaskStatuses: []chidao.Status{chidao.StatusOverdue, chidao.StatusInProgress}}
	return storage.DirectiveReport{Directive: d, Tasks: tasks, At: at("12/04/2026 10:00"), Units: []storage.UnitReport{silent, waiting, unit}}
}

// TestCatalog compares every text with testdata/catalog.txt, and checks
// what no user may read: English words, the old spellings, "Văn phòng",
// "bạn", and on Zalo a button or a slash command.
func TestCatalog(t *testing.T) {
	got := catalog()
	for _, bad := range []string{"Văn phòng", " bạn", "Huỷ", "huỷ", "hoá", "xoá", "uỷ", "Official Account", "PUBLIC_URL chưa"} {
		if strings.Contains(got, bad) {
			t.Errorf("the catalog says %q", bad)
		}
	}
	zalo := got[strings.Index(got, "Kênh Zalo"):strings.Index(got, "Không phụ thuộc kênh")]
	zalo = regexp.MustCompile(`https?://\S+`).ReplaceAllString(zalo, "")
	if m := regexp.MustCompile(`bấm|(^|\s)/[a-z]{3,}\b|<[^>]*>`).FindString(zalo); m != "" {
		t.Errorf("a Zalo text names %q", m)
	}
	compare(t, got)
}

func compare(t *testing.T, got string) {
	t.Helper()
	var tr transcript.Transcript
	tr.Raw(got)
	tr.Compare(t, "testdata/catalog.txt")
}
