package zalo_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/bot/zalofake"
	"chidao/internal/phrasings"
	"chidao/storage"
)

// TestPhrasingsAsOfficersWriteThem is Telegram's test of the same name on
// Zalo: each phrasing sent by a fresh officer (head, stranger) right after
// a directive arrived, the cases side by side, one step at a time. Zalo
// has no replies: the phrasing meant as a reply to the letter is sent
// alone, and a thumbs-up is typed.
func TestPhrasingsAsOfficersWriteThem(t *testing.T) {
	w := newWorld(t)
	type run struct {
		c             phrasings.Case
		unit          string
		officer, from zalofake.User
		directive     int64
	}
	invite := func(unit, name string, role chidao.Role) storage.Invite {
		inv, err := w.store.CreateInvite(w.ctx, chidao.System, storage.NewInvite{UnitCode: unit, Role: role, FullName: name, TTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		return inv
	}
	runs := make([]*run, len(phrasings.Cases))
	for i, c := range phrasings.Cases {
		r := &run{c: c, unit: fmt.Sprintf("P%02d", i)}
		runs[i] = r
		if err := w.store.AddUnit(w.ctx, chidao.System, chidao.Unit{Code: r.unit, Name: "Đơn vị thử " + r.unit, ParentCode: "BTGTU"}); err != nil {
			t.Fatal(err)
		}
		r.officer = zalofake.User{ID: fmt.Sprintf("90071992547409%03d", 10*i), Name: "Cán bộ " + r.unit}
		w.do(w.fake.SendText(r.officer, "DK "+invite(r.unit, r.officer.Name, chidao.RoleOfficer).ShortCode))
		r.from = r.officer
		switch c.From {
		case phrasings.Head:
			r.from = zalofake.User{ID: fmt.Sprintf("90071992547409%03d", 10*i+1), Name: "Lãnh đạo " + r.unit}
			w.do(w.fake.SendText(r.from, "DK "+invite(r.unit, r.from.Name, chidao.RoleHead).ShortCode))
		case phrasings.Stranger:
			r.from = zalofake.User{ID: fmt.Sprintf("90071992547409%03d", 10*i+2), Name: "Người mới"}
			r.c.Text = fmt.Sprintf(c.Text, invite(r.unit, "Người mới "+r.unit, chidao.RoleOfficer).ShortCode)
		}
	}
	for _, r := range runs {
		w.next(r.officer, "Xin chào đồng chí")
		if r.c.From == phrasings.Head {
			w.next(r.from, "Xin chào đồng chí")
		}
		id, err := w.store.CreateDirective(w.ctx, chidao.Actor{Label: "test"}, storage.NewDirective{Number: r.unit + "-CV/BTGTU",
			Title: "V/v thử", Due: w.clock.now().Add(72 * time.Hour), UnitCodes: []string{r.unit},
			Tasks: []storage.NewTask{{Text: "Clip và báo cáo", Requirement: chidao.Requirement{MinClips: 1, Report: true}}}})
		if err != nil {
			t.Fatal(err)
		}
		r.directive = id
	}
	for _, r := range runs {
		w.next(r.officer, "VĂN BẢN SỐ")
		if r.c.From == phrasings.Head {
			w.next(r.from, "VĂN BẢN SỐ")
			w.do(w.fake.SendText(r.officer, "https://youtu.be/aaaaaaaa"+r.unit))
		}
	}
	for _, r := range runs {
		if r.c.From == phrasings.Head {
			w.next(r.officer, "Đã nhận 1 clip")
			w.next(r.from, "Clip cần duyệt")
		}
		w.do(w.fake.SendText(r.from, r.c.Text))
	}
	understood := 0
	for _, r := range runs {
		if checkPhrasing(t, w, r.from, r.c, r.directive, r.unit) {
			understood++
		}
	}
	t.Logf("Zalo understood %d of %d phrasings", understood, len(phrasings.Cases))
}

// checkPhrasing reads the answer to one phrasing and what was recorded,
// and reports whether both are what the case says.
func checkPhrasing(t *testing.T, w *world, from zalofake.User, c phrasings.Case, directive int64, unit string) bool {
	t.Helper()
	w.seen[from.ID]++
	sent, err := w.fake.WaitSent(w.ctx, from.ID, w.seen[from.ID])
	if err != nil {
		t.Fatal(err)
	}
	got := sent[w.seen[from.ID]-1]
	_, u, err := w.store.UnitProgress(w.ctx, directive, unit)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Text, c.Want) || !phrasings.Holds(c.Effect, u) {
		t.Errorf("%q: answered %q (want %q), recorded %+v", c.Text, got.Text, c.Want, u)
		return false
	}
	for _, never := range []string{"bấm", "/baocao", "/viec", "/huongdan", "/start", "<"} {
		if strings.Contains(got.Text, never) {
			t.Errorf("%q: the Zalo answer names %q, which Zalo has not:\n%s", c.Text, never, got.Text)
			return false
		}
	}
	return true
}
