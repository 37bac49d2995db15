package scorecard

import (
	"chidao"
	"chidao/storage"
)

// evidence scores one unit's work for one directive.
//
//   - Quantity: the share of what was asked that arrived, averaged over the
//     tasks; within a task each requirement counts alike (approved clips
//     up to the number asked, the report); a task that asks nothing counts
//     as the acknowledgement.
//   - Timeliness: 1 when done on time; done late, 1 less the penalty per
//     day late (never below 0); overdue, 0.
//   - Quality, when the unit sent clips: the share of its reviewed clips
//     the head approved; when views are known, half that and half the
//     views per approved clip against the period's median (at most 1).
//
// The directive's points are the weighted mean of the criteria, out of
// 100; without quality its weight is left out. A directive neither done
// nor past its deadline is not judged yet.
func evidence(u storage.ScoredUnit, d storage.ScoredDirective, w Weights, median float64) Evidence {
	e := Evidence{Directive: d, Status: u.Status, ClipsApproved: u.ClipsApproved, ClipsRejected: u.ClipsRejected,
		Acknowledged: !u.Acknowledged.IsZero(), ReportSent: u.ReportsSent > 0, Views: u.Views, ClipsMeasured: u.ClipsMeasured}
	for _, t := range d.Tasks {
		e.ClipsRequired = max(e.ClipsRequired, t.MinClips)
		e.ReportRequired = e.ReportRequired || t.Report
	}
	switch u.Status {
	case chidao.StatusDoneLate:
		e.DaysLate = chidao.DaysLate(d.DueAt, u.DoneAt)
	case chidao.StatusOverdue:
		e.DaysLate = chidao.DaysLate(d.DueAt, d.At)
	}
	e.Judged = u.Status.Done() || u.Status == chidao.StatusOverdue
	e.Quantity = quantity(u, d)
	switch u.Status {
	case chidao.StatusDoneOnTime:
		e.Timeliness = 1
	case chidao.StatusDoneLate:
		e.Timeliness = max(0, 1-w.LateDayPenalty/100*float64(e.DaysLate))
	}
	if reviewed := u.ClipsApproved + u.ClipsRejected; reviewed > 0 {
		rate := float64(u.ClipsApproved) / float64(reviewed)
		e.ApprovalRate = &rate
		q := rate
		if u.ClipsMeasured > 0 && median > 0 {
			f := min(1, float64(u.Views)/float64(u.ClipsMeasured)/median)
			e.ReachFactor = &f
			q = (rate + f) / 2
		}
		e.Quality = &q
	}
	total := w.Quantity + w.Timeliness
	if e.Quality != nil {
		total += w.Quality
	}
	if total > 0 {
		e.QuantityPoints = 100 * w.Quantity * e.Quantity / total
		e.TimelinessPoints = 100 * w.Timeliness * e.Timeliness / total
		if e.Quality != nil {
			e.QualityPoints = 100 * w.Quality * *e.Quality / total
		}
	}
	e.Points = e.QuantityPoints + e.TimelinessPoints + e.QualityPoints
	return e
}

// quantity is the share of the asked work that arrived, per task.
func quantity(u storage.ScoredUnit, d storage.ScoredDirective) float64 {
	if len(u.Tasks) == 0 {
		if u.Acknowledged.IsZero() {
			return 0
		}
		return 1
	}
	sum := 0.0
	for _, t := range u.Tasks {
		parts, got := 0, 0.0
		if t.MinClips > 0 {
			parts++
			got += min(1, float64(len(t.ApprovedClips))/float64(t.MinClips))
		}
		if t.Report {
			parts++
			if !t.FirstReport.IsZero() {
				got++
			}
		}
		if parts == 0 {
			parts = 1
			if !t.Acknowledged.IsZero() {
				got = 1
			}
		}
		sum += got / float64(parts)
	}
	return sum / float64(len(u.Tasks))
}
