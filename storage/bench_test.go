package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"chidao"
	"chidao/internal/dbtest"
	"chidao/storage"
)

// A national deployment: 700 units (63 provinces' worth of recipients), two
// registered people each; one directive to all of them, then its status.
func benchSetup(b *testing.B, units int) (*storage.Store, context.Context) {
	s := dbtest.Store(b)
	ctx := context.Background()
	rows := []storage.UnitRow{{Line: 1, Unit: chidao.Unit{Code: "OFFICE", Name: "Ban Tuyên giáo"}}}
	for i := range units {
		rows = append(rows, storage.UnitRow{Line: i + 2, Unit: chidao.Unit{Code: fmt.Sprintf("U%04d", i), Name: fmt.Sprintf("Đơn vị %d", i), ParentCode: "OFFICE"}})
	}
	if _, _, err := s.ImportUnits(ctx, cli, rows); err != nil {
		b.Fatal(err)
	}
	for i := range units * 2 {
		inv, err := s.CreateInvite(ctx, cli, storage.NewInvite{UnitCode: fmt.Sprintf("U%04d", i/2), Role: chidao.RoleOfficer, FullName: "Cán bộ", TTL: time.Hour})
		if err != nil {
			b.Fatal(err)
		}
		id := fmt.Sprint(i)
		if _, err := s.RedeemInvite(ctx, storage.Redemption{Code: inv.Code, Channel: chidao.Telegram, ExternalUserID: id, ChatID: id}); err != nil {
			b.Fatal(err)
		}
	}
	return s, ctx
}

func BenchmarkCreateDirectiveToAllUnits(b *testing.B) {
	s, ctx := benchSetup(b, 700)
	due := s.Now().Add(14 * 24 * time.Hour)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		_, err := s.CreateDirective(ctx, cli, storage.NewDirective{Number: fmt.Sprint("B-", i), Title: "Tăng cường thông tin", Due: due, AllUnits: true,
			Tasks: []storage.NewTask{{Text: "Clip", Requirement: chidao.Requirement{MinClips: 3}}, {Text: "Báo cáo", Requirement: chidao.Requirement{Report: true}}}})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(1400, "deliveries/op")
}

func BenchmarkDirectiveStatus(b *testing.B) {
	s, ctx := benchSetup(b, 700)
	id, err := s.CreateDirective(ctx, cli, storage.NewDirective{Number: "S-1", Title: "Tăng cường thông tin", Due: s.Now().Add(24 * time.Hour), AllUnits: true,
		Tasks: []storage.NewTask{{Text: "Clip", Requirement: chidao.Requirement{MinClips: 3}}, {Text: "Báo cáo", Requirement: chidao.Requirement{Report: true}}}})
	if err != nil {
		b.Fatal(err)
	}
	people, _ := s.People(ctx, "")
	for i, p := range people { // every officer sends a clip and a report
		if _, err := s.Submit(ctx, storage.Submission{PersonID: p.ID, DirectiveID: id, Kind: "clip", URL: fmt.Sprintf("https://youtu.be/%d", i), Platform: "youtube"}); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Submit(ctx, storage.Submission{PersonID: p.ID, DirectiveID: id, Kind: "report", Text: "Báo cáo kết quả"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		r, err := s.DirectiveStatus(ctx, id)
		if err != nil || len(r.Units) != 700 {
			b.Fatal(err, len(r.Units))
		}
	}
}
