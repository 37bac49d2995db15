package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/internal/dbtest"
	"chidao/storage"
	"chidao/texts"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// office is a province on a test database with a settable clock: the Ban
// and 25 communes, an admin, and a directive to the communes whose
// report was due a day ago. Communes 1-5 reported; the rest are late.
type office struct {
	t     *testing.T
	ctx   context.Context
	store *storage.Store
	now   time.Time
	h     *Handler
	admin chidao.Person
	id    int64
	event int64
}

func newOffice(t *testing.T) *office {
	t.Helper()
	t.Parallel()
	o := &office{t: t, ctx: context.Background(), store: dbtest.Store(t), now: time.Date(2025, 9, 22, 8, 0, 0, 0, chidao.Zone),
		h: &Handler{DashboardURL: "https://chidao.example.vn/"}}
	o.store.Now = func() time.Time { return o.now }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(o.store.AddUnit(o.ctx, chidao.System, chidao.Unit{Code: "BTGDVTU", Name: "Ban Tuyên giáo và Dân vận Tỉnh ủy"}))
	must(o.store.AddGroup(o.ctx, chidao.System, chidao.Group{Code: "cap-xa", Name: "Đảng ủy các xã, phường, đặc khu"}))
	for i := 1; i <= 25; i++ {
		must(o.store.AddUnit(o.ctx, chidao.System, chidao.Unit{Code: fmt.Sprintf("X-%02d", i), Name: fmt.Sprintf("Đảng ủy xã Số %02d", i),
			ParentCode: "BTGDVTU", Groups: []string{"cap-xa"}}))
	}
	o.admin = o.register("BTGDVTU", chidao.RoleAdmin, "Phạm Văn Dũng", "500")
	var err error
	o.id, err = o.store.CreateDirective(o.ctx, chidao.System, storage.NewDirective{Number: "86-CV/BTGDVTU", Title: "Tuyên truyền",
		Due: o.now.Add(24 * time.Hour), GroupCodes: []string{"cap-xa"},
		Tasks: []storage.NewTask{{Text: "Báo cáo", Requirement: chidao.Requirement{Report: true}}}})
	must(err)
	for i := 1; i <= 5; i++ {
		p := o.register(fmt.Sprintf("X-%02d", i), chidao.RoleOfficer, fmt.Sprintf("Cán bộ %d", i), fmt.Sprint(600+i))
		_, err := o.store.Submit(o.ctx, storage.Submission{PersonID: p.ID, DirectiveID: o.id, Kind: "report", Text: "Đã thực hiện"})
		must(err)
	}
	o.now = o.now.Add(48 * time.Hour)
	return o
}

func (o *office) register(unit string, role chidao.Role, name, chat string) chidao.Person {
	o.t.Helper()
	inv, err := o.store.CreateInvite(o.ctx, chidao.System, storage.NewInvite{UnitCode: unit, Role: role, FullName: name, TTL: time.Hour})
	if err != nil {
		o.t.Fatal(err)
	}
	p, err := o.store.RedeemInvite(o.ctx, storage.Redemption{Code: inv.Code, Channel: chidao.Telegram, ExternalUserID: chat, ChatID: chat})
	if err != nil {
		o.t.Fatal(err)
	}
	return p
}

// say handles what the admin typed (or pressed, data "t:...") on a
// channel and returns the replies queued.
func (o *office) say(ch chidao.Channel, text, data string) []chidao.Message {
	o.t.Helper()
	if _, err := o.store.PersonByChat(o.ctx, ch, "z500"); ch == chidao.Zalo && err != nil {
		// The admin links Zalo with a link code, as /lienket gives.
		inv, err := o.store.CreateInvite(o.ctx, chidao.System, storage.NewInvite{UnitCode: "BTGDVTU", Role: chidao.RoleAdmin, TTL: time.Hour, PersonID: o.admin.ID})
		if err == nil {
			_, err = o.store.RedeemInvite(o.ctx, storage.Redemption{Code: inv.ShortCode, Channel: chidao.Zalo, ExternalUserID: "z500", ChatID: "z500"})
		}
		if err != nil {
			o.t.Fatal(err)
		}
	}
	o.event++
	chat := map[chidao.Channel]string{chidao.Telegram: "500", chidao.Zalo: "z500"}[ch]
	ev := chidao.Event{Channel: ch, EventID: o.event, ChatID: chat, UserID: chat, Private: true, Text: text, Data: data, MessageID: "m1"}
	if data != "" {
		ev.CallbackID = "cb"
	}
	err := o.store.InTx(o.ctx, func(tx *storage.Store) error { _, err := o.h.Handle(o.ctx, tx, ev); return err })
	if err != nil {
		o.t.Fatal(err)
	}
	rows, _ := o.store.Pool().Query(o.ctx, `SELECT payload FROM deliveries WHERE dedupe_key LIKE $1 ORDER BY id`, fmt.Sprintf("in:%d:%%", o.event))
	var out []chidao.Message
	for rows.Next() {
		var p struct {
			Message chidao.Message `json:"message"`
		}
		var raw []byte
		if err := rows.Scan(&raw); err != nil || json.Unmarshal(raw, &p) != nil {
			o.t.Fatalf("reading a reply: %v", err)
		}
		out = append(out, p.Message)
	}
	return out
}

// TestSituationPagesTheUnitsNeedingAttention: /tinhhinh NUMBER gives the
// counts and 10 units needing attention at a time; Telegram pages on with
// buttons, Zalo with TINH HINH NUMBER PAGE.
func TestSituationPagesTheUnitsNeedingAttention(t *testing.T) {
	o := newOffice(t)
	msgs := o.say(chidao.Telegram, "/tinhhinh 86-CV/BTGDVTU", "")
	if len(msgs) != 1 {
		t.Fatalf("replies: %+v", msgs)
	}
	m := msgs[0]
	for _, want := range []string{"25 đơn vị – Quá hạn: 20 · Hoàn thành đúng hạn: 5", "Cần chú ý: 20 đơn vị (trang 1/2)",
		"1. Đảng ủy xã Số 06: quá hạn 1 ngày, chưa xác nhận sau 1 ngày; còn thiếu xác nhận, báo cáo", "10. Đảng ủy xã Số 15",
		fmt.Sprintf("https://chidao.example.vn/directives/%d?attention=1", o.id)} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("page 1 lacks %q:\n%s", want, m.Text)
		}
	}
	if strings.Contains(m.Text, "Số 16") || strings.Contains(m.Text, "Số 05") {
		t.Errorf("page 1 lists a unit of page 2 or a unit done:\n%s", m.Text)
	}
	if len(m.Buttons) != 1 || len(m.Buttons[0]) != 1 || m.Buttons[0][0].Data != fmt.Sprintf("t:%d:2", o.id) {
		t.Fatalf("page 1 buttons: %+v", m.Buttons)
	}
	m = o.say(chidao.Telegram, "", m.Buttons[0][0].Data)[0]
	if !strings.Contains(m.Text, "(trang 2/2)") || !strings.Contains(m.Text, "11. Đảng ủy xã Số 16") || !strings.Contains(m.Text, "20. Đảng ủy xã Số 25") {
		t.Errorf("page 2:\n%s", m.Text)
	}
	if len(m.Buttons) != 1 || m.Buttons[0][0].Text != texts.PrevPageButton {
		t.Errorf("page 2 buttons: %+v", m.Buttons)
	}
	// Zalo: no buttons, the typed keyword for the next page.
	z := o.say(chidao.Zalo, "TINH HINH 86-CV/BTGDVTU", "")[0]
	if len(z.Buttons) != 0 || !strings.Contains(z.Text, "Xem trang 2: gõ TINH HINH 86-CV/BTGDVTU 2") {
		t.Errorf("Zalo page 1: %+v", z)
	}
	z = o.say(chidao.Zalo, "tinh hinh 86-CV/BTGDVTU 2", "")[0]
	if !strings.Contains(z.Text, "(trang 2/2)") || !strings.Contains(z.Text, "Xem trang 1") {
		t.Errorf("Zalo page 2:\n%s", z.Text)
	}
	if m := o.say(chidao.Telegram, "/tinhhinh 86-CV/BTGDVTU 9", "")[0]; !strings.Contains(m.Text, "(trang 2/2)") {
		t.Errorf("a page past the end shows the last:\n%s", m.Text)
	}
	if m := o.say(chidao.Telegram, "/tinhhinh 999", "")[0]; !strings.Contains(m.Text, "Không tìm thấy văn bản «999»") {
		t.Errorf("unknown directive: %s", m.Text)
	}
	if m := o.say(chidao.Telegram, "/tinhhinh", "")[0]; !strings.Contains(m.Text, "Cần chú ý: 20 đơn vị") {
		t.Errorf("the open directives' list lacks the attention count:\n%s", m.Text)
	}
}

// TestDigestListsTheAttentionCapped: the Office's digest gives a
// directive's counts and its first units needing attention, then how
// many more and the dashboard's view of them.
func TestDigestListsTheAttentionCapped(t *testing.T) {
	o := newOffice(t)
	rep, err := o.store.DirectiveStatus(o.ctx, o.id)
	if err != nil {
		t.Fatal(err)
	}
	text := o.h.texts("").Digest([]storage.DirectiveReport{rep}, nil, o.now, o.h.DashboardURL)
	for _, want := range []string{"📊 Tổng hợp cuối ngày 24/09/2025", "Văn bản số 86-CV/BTGDVTU", "Quá hạn: 20", "Cần chú ý 20 đơn vị:",
		"– Đảng ủy xã Số 06: quá hạn 1 ngày", "– Đảng ủy xã Số 15", "… và 10 đơn vị khác",
		fmt.Sprintf("Xem trên trang theo dõi: https://chidao.example.vn/directives/%d?attention=1", o.id)} {
		if !strings.Contains(text, want) {
			t.Errorf("digest lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Số 16") {
		t.Errorf("the digest lists more than 10 units:\n%s", text)
	}
	if n := len([]rune(text)); n > maxText {
		t.Errorf("the digest of one directive is %d characters", n)
	}
	if text := o.h.texts("").Digest([]storage.DirectiveReport{rep}, nil, o.now, ""); !strings.Contains(text, "… và 10 đơn vị khác (gõ «Tình hình 86-CV/BTGDVTU» để xem từng trang)") {
		t.Errorf("without a dashboard the digest points to /tinhhinh:\n%s", text)
	}
}

// TestChidaoAddressesAGroup: in the guided /chidao the admin picks the
// group of communes with its button; the directive reaches its 25 units.
func TestChidaoAddressesAGroup(t *testing.T) {
	o := newOffice(t)
	o.say(chidao.Telegram, "/chidao", "")
	o.say(chidao.Telegram, "87-CV/BTGDVTU | V/v thử gửi theo nhóm", "")
	o.say(chidao.Telegram, "-", "")
	picker := o.say(chidao.Telegram, "31/12/2099", "")[0]
	var group string
	for _, row := range picker.Buttons {
		for _, b := range row {
			if strings.Contains(b.Text, "👥 Đảng ủy các xã, phường") {
				group = b.Data
			}
		}
	}
	if group == "" {
		t.Fatalf("no group button in the picker: %+v", picker.Buttons)
	}
	if edit := o.say(chidao.Telegram, "", group)[0]; !strings.Contains(fmt.Sprint(edit.Buttons), "✅ Đảng ủy các xã") {
		t.Errorf("the group is not ticked after pressing it: %+v", edit.Buttons)
	}
	confirm := o.say(chidao.Telegram, "", "n:done")[0]
	if !strings.Contains(confirm.Text, "Nhóm đơn vị nhận: Đảng ủy các xã, phường, đặc khu") {
		t.Errorf("confirmation:\n%s", confirm.Text)
	}
	if done := o.say(chidao.Telegram, "", "n:ok")[0]; !strings.Contains(done.Text, "tới 25 đơn vị") {
		t.Errorf("after confirming: %s", done.Text)
	}
}
