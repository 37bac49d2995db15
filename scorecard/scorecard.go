// Package scorecard evaluates the units over a period, as the Office is
// itself evaluated since 2025 (Quy định 366-QĐ/TW: the quantity,
// timeliness and quality of concrete products): per unit, across every
// directive issued in the period, what was received, acknowledged, done on
// time or late, clips approved and rejected, reach, reports and
// difficulties, and a score out of 100 in which every point traces back to
// one directive and its evidence. docs/scorecard.md explains the formula
// with a worked example.
package scorecard

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"chidao"
	"chidao/storage"
)

// Weights are the Office's weights of the three criteria (any positive
// numbers; they are shares of 100) and how much of the timeliness points a
// day late costs, in percent.
type Weights struct {
	Quantity       float64 `json:"quantity"`
	Timeliness     float64 `json:"timeliness"`
	Quality        float64 `json:"quality"`
	LateDayPenalty float64 `json:"late_day_penalty"`
}

// DefaultWeights: quantity 40, timeliness 40, quality 20; a day late costs
// 10 % of the timeliness points.
func DefaultWeights() Weights {
	return Weights{Quantity: 40, Timeliness: 40, Quality: 20, LateDayPenalty: 10}
}

// ParseWeights applies SCORE_WEIGHTS (JSON; fields left out keep their
// default) to the default weights. Unknown fields, negative weights, all
// three zero, or a penalty above 100 are errors.
func ParseWeights(raw string) (Weights, error) {
	w := DefaultWeights()
	if len(bytes.TrimSpace([]byte(raw))) == 0 {
		return w, nil
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return w, fmt.Errorf("SCORE_WEIGHTS: %w", err)
	}
	switch {
	case w.Quantity < 0 || w.Timeliness < 0 || w.Quality < 0:
		return w, fmt.Errorf("SCORE_WEIGHTS: weights cannot be negative")
	case w.Quantity+w.Timeliness+w.Quality == 0:
		return w, fmt.Errorf("SCORE_WEIGHTS: at least one of quantity, timeliness, quality must be above 0")
	case w.LateDayPenalty < 0 || w.LateDayPenalty > 100:
		return w, fmt.Errorf("SCORE_WEIGHTS: late_day_penalty %g is not 0-100", w.LateDayPenalty)
	}
	return w, nil
}

// Card is the scorecard of a period.
type Card struct {
	From, To   time.Time
	At         time.Time // the facts are as of then
	Weights    Weights
	Directives []storage.ScoredDirective
	// MedianViews is the median of views per approved clip over the units
	// and directives whose views are known: the yardstick of reach.
	MedianViews float64
	Rows        []Row // best first
}

// Row is one unit's line of the scorecard.
type Row struct {
	Rank                 int
	Code, Name           string
	Directives           int
	Acknowledged         int
	DoneOnTime           int
	DoneLate             int
	Overdue              int
	Pending              int // not done, deadline not passed: not scored yet
	AvgDaysLate          float64
	ClipsApproved        int
	ClipsRejected        int
	Views                int64
	Reports              int
	Difficulties         int
	DifficultiesAnswered int
	Score                *float64 // nil when no directive can be judged yet
	Evidence             []Evidence
}

// Evidence is what one directive earned a unit, and why.
type Evidence struct {
	Directive      storage.ScoredDirective
	Status         chidao.Status
	Judged         bool // done, or past its deadline
	DaysLate       int
	ClipsApproved  int
	ClipsRequired  int
	ClipsRejected  int
	ReportRequired bool
	ReportSent     bool
	Acknowledged   bool
	Views          int64
	ClipsMeasured  int
	// The criteria, each 0..1; Quality is nil when nothing can be judged
	// of quality (no clip was sent).
	Quantity, Timeliness float64
	Quality              *float64
	ApprovalRate         *float64 // approved / (approved + rejected)
	ReachFactor          *float64 // views per clip / the period's median, at most 1
	Points               float64  // 0..100
	// QuantityPoints, TimelinessPoints and QualityPoints are the Points
	// each criterion gave (they add up to Points).
	QuantityPoints, TimelinessPoints, QualityPoints float64
}

// Compute builds the period's scorecard from the facts.
func Compute(f storage.ScoreFacts, from, to time.Time, w Weights) Card {
	c := Card{From: from, To: to, At: f.At, Weights: w, Directives: f.Directives}
	dirs := map[int64]storage.ScoredDirective{}
	for _, d := range f.Directives {
		dirs[d.ID] = d
	}
	c.MedianViews = medianViews(f.Units)
	byUnit := map[string]*Row{}
	var order []string
	for _, u := range f.Units {
		r, ok := byUnit[u.Code]
		if !ok {
			r = &Row{Code: u.Code, Name: u.Name}
			byUnit[u.Code] = r
			order = append(order, u.Code)
		}
		r.add(u, evidence(u, dirs[u.DirectiveID], w, c.MedianViews))
	}
	for _, code := range order {
		c.Rows = append(c.Rows, byUnit[code].finish())
	}
	rank(c.Rows)
	return c
}

func (r *Row) add(u storage.ScoredUnit, e Evidence) {
	r.Directives++
	if !u.Acknowledged.IsZero() {
		r.Acknowledged++
	}
	switch u.Status {
	case chidao.StatusDoneOnTime:
		r.DoneOnTime++
	case chidao.StatusDoneLate:
		r.DoneLate++
	case chidao.StatusOverdue:
		r.Overdue++
	default:
		r.Pending++
	}
	r.ClipsApproved += u.ClipsApproved
	r.ClipsRejected += u.ClipsRejected
	r.Views += u.Views
	r.Reports += u.ReportsSent
	r.Difficulties += u.Difficulties
	r.DifficultiesAnswered += u.DifficultiesAnswered
	r.Evidence = append(r.Evidence, e)
}

func (r *Row) finish() Row {
	slices.SortStableFunc(r.Evidence, func(a, b Evidence) int {
		if c := a.Directive.IssuedOn.Compare(b.Directive.IssuedOn); c != 0 {
			return c
		}
		return int(a.Directive.ID - b.Directive.ID)
	})
	late, days, judged, points := 0, 0, 0, 0.0
	for _, e := range r.Evidence {
		if e.DaysLate > 0 {
			late++
			days += e.DaysLate
		}
		if e.Judged {
			judged++
			points += e.Points
		}
	}
	if late > 0 {
		r.AvgDaysLate = round1(float64(days) / float64(late))
	}
	if judged > 0 {
		s := round1(points / float64(judged))
		r.Score = &s
	}
	return *r
}

// rank orders best first: score (unjudged last), then more done on time,
// fewer overdue, more views, and the code; equal scores share a rank.
func rank(rows []Row) {
	score := func(r Row) float64 {
		if r.Score == nil {
			return -1
		}
		return *r.Score
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		switch {
		case score(a) != score(b):
			return score(a) > score(b)
		case a.DoneOnTime != b.DoneOnTime:
			return a.DoneOnTime > b.DoneOnTime
		case a.Overdue != b.Overdue:
			return a.Overdue < b.Overdue
		case a.Views != b.Views:
			return a.Views > b.Views
		}
		return a.Code < b.Code
	})
	for i := range rows {
		rows[i].Rank = i + 1
		if i > 0 && score(rows[i]) == score(rows[i-1]) {
			rows[i].Rank = rows[i-1].Rank
		}
	}
}

func medianViews(us []storage.ScoredUnit) float64 {
	var per []float64
	for _, u := range us {
		if u.ClipsMeasured > 0 {
			per = append(per, float64(u.Views)/float64(u.ClipsMeasured))
		}
	}
	if len(per) == 0 {
		return 0
	}
	slices.Sort(per)
	n := len(per)
	if n%2 == 1 {
		return per[n/2]
	}
	return (per[n/2-1] + per[n/2]) / 2
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
