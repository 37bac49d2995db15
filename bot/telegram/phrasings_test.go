package telegram_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/bot/telegramfake"
	"chidao/internal/phrasings"
	"chidao/storage"
)

// TestPhrasingsAsOfficersWriteThem sends each phrasing of
// internal/phrasings as a fresh officer (or head, or stranger) of a unit
// of its own, right after a directive arrived, and checks the answer and
// what was recorded. The cases run side by side, one step at a time.
func TestPhrasingsAsOfficersWriteThem(t *testing.T) {
	t.Parallel()
	w := newWorld(t, setup{})
	type run struct {
		c             phrasings.Case
		unit          string
		officer, from telegramfake.User
		directive     int64
		letter        telegramfake.Sent
	}
	runs := make([]*run, len(phrasings.Cases))
	invite := func(unit, name string, role chidao.Role) storage.Invite {
		inv, err := w.store.CreateInvite(w.ctx, chidao.System, storage.NewInvite{UnitCode: unit, Role: role, FullName: name, TTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		return inv
	}
	for i, c := range phrasings.Cases {
		r := &run{c: c, unit: fmt.Sprintf("P%02d", i)}
		runs[i] = r
		w.units(r.unit, "Đơn vị thử "+r.unit, "BTGTU")
		r.officer = telegramfake.User{ID: int64(3000 + 10*i), FirstName: "Cán bộ " + r.unit}
		w.fake.SendText(r.officer, "/start "+invite(r.unit, r.officer.FirstName, chidao.RoleOfficer).Code)
		r.from = r.officer
		switch c.From {
		case phrasings.Head:
			r.from = telegramfake.User{ID: int64(3000 + 10*i + 1), FirstName: "Lãnh đạo " + r.unit}
			w.fake.SendText(r.from, "/start "+invite(r.unit, r.from.FirstName, chidao.RoleHead).Code)
		case phrasings.Stranger:
			r.from = telegramfake.User{ID: int64(3000 + 10*i + 2), FirstName: "Người mới"}
			r.c.Text = fmt.Sprintf(c.Text, invite(r.unit, "Người mới "+r.unit, chidao.RoleOfficer).ShortCode)
		}
	}
	for _, r := range runs {
		w.next(r.officer, "Xin chào đồng chí")
		if r.c.From == phrasings.Head {
			w.next(r.from, "Xin chào đồng chí")
		}
		r.directive = w.directive(fmt.Sprintf("%s-CV/BTGTU", r.unit), []storage.NewTask{{Text: "Clip và báo cáo",
			Requirement: chidao.Requirement{MinClips: 1, Report: true}}}, nil, r.unit)
	}
	for _, r := range runs {
		r.letter = w.next(r.officer, "VĂN BẢN SỐ")
		if r.c.From == phrasings.Head {
			w.next(r.from, "VĂN BẢN SỐ")
			w.fake.SendText(r.officer, "https://youtu.be/aaaaaaaa"+r.unit)
		}
	}
	for _, r := range runs {
		if r.c.From == phrasings.Head {
			w.next(r.officer, "Đã nhận 1 clip")
			w.next(r.from, "Clip cần duyệt")
		}
		switch {
		case r.c.Reply:
			w.fake.Reply(r.from, r.letter.MessageID, r.c.Text)
		case r.c.Text == "👍":
			w.fake.SendSticker(r.from, r.c.Text)
		default:
			w.fake.SendText(r.from, r.c.Text)
		}
	}
	understood := 0
	for _, r := range runs {
		got := w.nextAny(r.from)
		_, u, err := w.store.UnitProgress(w.ctx, r.directive, r.unit)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got.Text, r.c.Want) || !phrasings.Holds(r.c.Effect, u) {
			t.Errorf("%q: answered %q (want %q), recorded %+v", r.c.Text, got.Text, r.c.Want, u)
			continue
		}
		understood++
	}
	t.Logf("Telegram understood %d of %d phrasings", understood, len(phrasings.Cases))
}
