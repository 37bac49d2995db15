package scorecard_test

import (
	"errors"
	"strings"
	"testing"

	"chidao"
	"chidao/internal/dbtest"
	"chidao/internal/fixture"
	"chidao/scorecard"
	"chidao/texts"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// TestQuarterRanksAsAnOfficeWould: over the first quarter of 2026, the
// unit that did everything on time with clips widely seen comes first, the
// one two days late on one directive second, the one that sent half and
// late third, the one that did nothing last; each score is the mean of its
// directives' points, and each directive's points are explained by what
// arrived and when.
func TestQuarterRanksAsAnOfficeWould(t *testing.T) {
	t.Parallel()
	w := fixture.New(t, dbtest.URL(t))
	w.BuildQuarter()
	p, err := scorecard.ParsePeriod("quý 1/2026", w.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	facts, err := w.S.ScorecardFacts(w.Ctx, p.From, p.To)
	if err != nil {
		t.Fatal(err)
	}
	card := scorecard.Compute(facts, p.From, p.To, scorecard.DefaultWeights())
	if len(card.Directives) != 2 {
		t.Fatalf("%d directives in the quarter; want 2 (April's is outside)", len(card.Directives))
	}
	var order []string
	for _, r := range card.Rows {
		order = append(order, r.Code)
	}
	if strings.Join(order, " ") != "BKG PTTH HNB TTVH-PQ" {
		t.Fatalf("ranking = %v", order)
	}
	byCode := map[string]scorecard.Row{}
	for _, r := range card.Rows {
		byCode[r.Code] = r
		sum := 0.0
		for _, e := range r.Evidence {
			if e.Judged {
				sum += e.Points
			}
			if d := e.QuantityPoints + e.TimelinessPoints + e.QualityPoints; d != e.Points {
				t.Errorf("%s %s: criteria add up to %v, points %v", r.Code, e.Directive.Number, d, e.Points)
			}
		}
		if r.Score == nil || *r.Score != float64(int(sum/float64(len(r.Evidence))*10+0.5))/10 {
			t.Errorf("%s score %v is not the mean of its directives' points (%v)", r.Code, r.Score, sum)
		}
	}
	bkg, ptth, hnb, none := byCode["BKG"], byCode["PTTH"], byCode["HNB"], byCode["TTVH-PQ"]
	for _, r := range card.Rows {
		t.Logf("%d %s %s: %v", r.Rank, r.Code, texts.ScoreLabel(r.Score), func() (out []string) {
			for _, e := range r.Evidence {
				out = append(out, texts.ExplainEvidence(e, card.Weights))
			}
			return out
		}())
	}
	if *bkg.Score != 100 || bkg.DoneOnTime != 2 || bkg.Views != 45000 || bkg.ClipsApproved != 2 {
		t.Errorf("BKG = %+v", bkg)
	}
	if ptth.DoneLate != 1 || ptth.DoneOnTime != 1 || ptth.AvgDaysLate != 2 {
		t.Errorf("PTTH = %+v", ptth)
	}
	late := ptth.Evidence[0]
	// 40 quantity + 40 × (1 − 2 × 10 %) timeliness + 20 quality (both clips approved).
	if late.Directive.ID != facts.Directives[0].ID || late.TimelinessPoints != 32 || late.Points != 92 {
		t.Errorf("PTTH's late directive: %+v", late)
	}
	if why := texts.ExplainEvidence(late, card.Weights); !strings.Contains(why, "hoàn thành quá hạn 2 ngày") ||
		!strings.Contains(why, "2/2 clip được duyệt, đã gửi báo cáo") {
		t.Errorf("explanation: %s", why)
	}
	if hnb.Overdue != 1 || hnb.DoneLate != 1 || hnb.ClipsRejected != 1 || hnb.Difficulties != 1 || *hnb.Score >= *ptth.Score {
		t.Errorf("HNB = %+v", hnb)
	}
	if why := texts.ExplainEvidence(hnb.Evidence[0], card.Weights); !strings.Contains(why, "1 clip được duyệt, 1 bị từ chối (50%)") ||
		!strings.Contains(why, "chưa gửi báo cáo") {
		t.Errorf("HNB's explanation: %s", why)
	}
	if none.Acknowledged != 0 || none.Overdue != 2 || *none.Score != 0 {
		t.Errorf("TTVH-PQ = %+v", none)
	}
}

// TestWeightsAndBadPeriods: SCORE_WEIGHTS changes the ranking's basis;
// bad weights, a reversed period and a period without directives are
// refused with a clear reason.
func TestWeightsAndBadPeriods(t *testing.T) {
	t.Parallel()
	w := fixture.New(t, dbtest.URL(t))
	w.BuildQuarter()
	p, _ := scorecard.ParsePeriod("01/01/2026-31/03/2026", w.Clock.Now())
	facts, err := w.S.ScorecardFacts(w.Ctx, p.From, p.To)
	if err != nil {
		t.Fatal(err)
	}
	onlyQuantity, err := scorecard.ParseWeights(`{"quantity": 1, "timeliness": 0, "quality": 0}`)
	if err != nil {
		t.Fatal(err)
	}
	card := scorecard.Compute(facts, p.From, p.To, onlyQuantity)
	if card.Rows[0].Rank != 1 || card.Rows[1].Rank != 1 || *card.Rows[1].Score != 100 {
		t.Errorf("with quantity alone BKG and PTTH share the first place: %+v %+v", card.Rows[0], card.Rows[1])
	}
	for _, bad := range []string{`{"quantity": -1}`, `{"quantity":0,"timeliness":0,"quality":0}`, `{"speed": 3}`, `not json`} {
		if _, err := scorecard.ParseWeights(bad); err == nil {
			t.Errorf("weights %s accepted", bad)
		}
	}
	if _, err := scorecard.ParsePeriod("31/03/2026-01/01/2026", w.Clock.Now()); !errors.Is(err, chidao.ErrInvalid) {
		t.Errorf("reversed period: %v", err)
	}
	q2, _ := scorecard.ParsePeriod("quý II/2025", w.Clock.Now())
	if _, err := w.S.ScorecardFacts(w.Ctx, q2.From, q2.To); !errors.Is(err, chidao.ErrNotFound) {
		t.Errorf("empty period: %v", err)
	}
}

func TestParsePeriod(t *testing.T) {
	now := fixture.VN(2026, 5, 20, 10, 0)
	for in, want := range map[string]string{
		"":                       "01/04/2026 – 30/06/2026",
		"quý 1/2026":             "01/01/2026 – 31/03/2026",
		"Quý IV 2025":            "01/10/2025 – 31/12/2025",
		"q3 2026":                "01/07/2026 – 30/09/2026",
		"tháng 2/2026":           "01/02/2026 – 28/02/2026",
		"thang 12/2025":          "01/12/2025 – 31/12/2025",
		"năm 2025":               "01/01/2025 – 31/12/2025",
		"2024":                   "01/01/2024 – 31/12/2024",
		"2026-01-01..2026-03-31": "01/01/2026 – 31/03/2026",
	} {
		p, err := scorecard.ParsePeriod(in, now)
		if err != nil || p.String() != want {
			t.Errorf("ParsePeriod(%q) = %s, %v; want %s", in, p, err, want)
		}
	}
	for _, bad := range []string{"quý 5/2026", "tháng 13/2026", "hôm qua"} {
		if _, err := scorecard.ParsePeriod(bad, now); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", bad)
		}
	}
}
