package chidao

import (
	"slices"
	"time"
)

// Status is the state of a task or of a unit's whole assignment, in the
// taxonomy Vietnamese government task tracking uses. The values are the
// official labels, shown verbatim to users and written verbatim in JSON.
type Status string

// The five statuses.
const (
	StatusNotAcknowledged Status = "chưa nhận"
	StatusInProgress      Status = "đang thực hiện, trong hạn"
	StatusOverdue         Status = "quá hạn"
	StatusDoneOnTime      Status = "hoàn thành đúng hạn"
	StatusDoneLate        Status = "hoàn thành quá hạn"
)

// Statuses lists every status in the order the Office reads them.
var Statuses = []Status{StatusNotAcknowledged, StatusInProgress, StatusOverdue, StatusDoneOnTime, StatusDoneLate}

// statusSlugs are the statuses as they appear in addresses (?status=qua-han).
var statusSlugs = map[Status]string{
	StatusNotAcknowledged: "chua-nhan",
	StatusInProgress:      "dang-thuc-hien",
	StatusOverdue:         "qua-han",
	StatusDoneOnTime:      "hoan-thanh-dung-han",
	StatusDoneLate:        "hoan-thanh-qua-han",
}

// Slug is the status in an address: chua-nhan, dang-thuc-hien, qua-han,
// hoan-thanh-dung-han or hoan-thanh-qua-han. These are a contract: links
// sent between colleagues carry them.
func (s Status) Slug() string { return statusSlugs[s] }

// StatusBySlug returns the status a slug names.
func StatusBySlug(slug string) (Status, bool) {
	for st, sl := range statusSlugs {
		if sl == slug {
			return st, true
		}
	}
	return "", false
}

// Done reports whether s is one of the two completed statuses.
func (s Status) Done() bool { return s == StatusDoneOnTime || s == StatusDoneLate }

// Requirement is what a unit must send back for a task: at least MinClips
// clips approved by its head, a written report, both, or nothing (the zero
// value), in which case acknowledging the directive completes the task.
type Requirement struct {
	MinClips int  `json:"min_clips"`
	Report   bool `json:"report"`
}

// None reports whether the task asks for nothing back.
func (r Requirement) None() bool { return r.MinClips == 0 && !r.Report }

// TaskProgress is what one unit has done for one task: the facts the status
// rules read. Zero times mean "not yet".
type TaskProgress struct {
	Requirement
	Due           time.Time
	Acknowledged  time.Time   // when the unit acknowledged the directive
	ApprovedClips []time.Time // when each of the unit's approved clips was approved
	FirstReport   time.Time   // when the unit's first report arrived
}

// CompletedAt returns when the task was completed, or the zero time when it
// is not: the moment the last missing piece arrived (the MinClips-th
// approval, the first report, or the acknowledgement for a task that asks
// for nothing).
func (p TaskProgress) CompletedAt() time.Time {
	if p.None() {
		return p.Acknowledged
	}
	var at time.Time
	if p.MinClips > 0 {
		if len(p.ApprovedClips) < p.MinClips {
			return time.Time{}
		}
		approved := slices.Clone(p.ApprovedClips)
		slices.SortFunc(approved, time.Time.Compare)
		at = approved[p.MinClips-1]
	}
	if p.Report {
		if p.FirstReport.IsZero() {
			return time.Time{}
		}
		at = latest(at, p.FirstReport)
	}
	return at
}

// Status applies the rules to one task at the instant now: completed tasks
// are on time when completed no later than the deadline; an incomplete task
// past its deadline is overdue whether or not it was acknowledged; before
// the deadline it is "chưa nhận" until acknowledged, then in progress.
func (p TaskProgress) Status(now time.Time) Status {
	if done := p.CompletedAt(); !done.IsZero() {
		if done.After(p.Due) {
			return StatusDoneLate
		}
		return StatusDoneOnTime
	}
	if now.After(p.Due) {
		return StatusOverdue
	}
	if p.Acknowledged.IsZero() {
		return StatusNotAcknowledged
	}
	return StatusInProgress
}

// UnitStatus applies the rules to a unit's whole assignment: done when every
// task is done (late if any task was completed late), overdue when any
// incomplete task is past its deadline, otherwise "chưa nhận" or in progress
// by the acknowledgement. It also returns when the unit completed everything
// (zero when it has not). An assignment without tasks is judged as one task
// that asks for nothing, due at due.
func UnitStatus(tasks []TaskProgress, ack, due, now time.Time) (Status, time.Time) {
	if len(tasks) == 0 {
		tasks = []TaskProgress{{Due: due, Acknowledged: ack}}
	}
	var doneAt time.Time
	allDone, late, overdue := true, false, false
	for _, t := range tasks {
		switch t.Status(now) {
		case StatusDoneLate:
			late = true
		case StatusOverdue:
			overdue = true
			allDone = false
		case StatusDoneOnTime:
		default:
			allDone = false
		}
		doneAt = latest(doneAt, t.CompletedAt())
	}
	switch {
	case allDone && late:
		return StatusDoneLate, doneAt
	case allDone:
		return StatusDoneOnTime, doneAt
	case overdue:
		return StatusOverdue, time.Time{}
	case ack.IsZero():
		return StatusNotAcknowledged, time.Time{}
	}
	return StatusInProgress, time.Time{}
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
