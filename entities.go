package chidao

import "time"

// Actor is who makes a change: a person (through a chat or the dashboard),
// or the CLI's operating-system user, or chidao itself. Every audit row
// names one.
type Actor struct {
	Label    string // e.g. "cli:root", "telegram:12345", "system"
	PersonID int64  // zero when the actor is not a registered person
}

// System is the actor for changes chidao makes on its own.
var System = Actor{Label: "system"}

// Unit is an organisation that receives directives, or the Office itself.
type Unit struct {
	ID         int64  `json:"-" db:"id"`
	Code       string `json:"code" db:"code"`
	Name       string `json:"name" db:"name"`
	ParentCode string `json:"parent_code" db:"parent_code"`
	// Groups are the codes of the groups the unit belongs to, sorted.
	Groups []string `json:"groups" db:"groups"`
}

// Group is a named set of units that a directive can address at once:
// the press, the associations, the communes, the wards, the special zones,
// or any set the Office defines. A unit belongs to any number of groups.
// Code is stable (lower-case, as typed in URLs and commands); Name is how
// the Office's letters name the recipients ("Đảng ủy các xã, phường, đặc khu").
type Group struct {
	ID    int64    `json:"-" db:"id"`
	Code  string   `json:"code" db:"code"`
	Name  string   `json:"name" db:"name"`
	Units []string `json:"units" db:"units"` // member unit codes, sorted
}

// Person is someone chidao talks to.
type Person struct {
	ID       int64  `json:"id" db:"id"`
	FullName string `json:"full_name" db:"full_name"`
	Phone    string `json:"phone,omitempty" db:"phone"`
	UnitCode string `json:"unit" db:"unit_code"`
	UnitName string `json:"unit_name" db:"unit_name"`
	Role     Role   `json:"role" db:"role"`
	Active   bool   `json:"active" db:"active"`
}

// DirectiveState is where a directive is in its life.
type DirectiveState string

// The states of a directive.
const (
	DirectiveDraft  DirectiveState = "draft"  // read from a letter, not issued yet
	DirectiveActive DirectiveState = "active" // issued: units work on it, reminders run
	DirectiveClosed DirectiveState = "closed" // the Office ended its follow-up
)

// Directive is an official letter (công văn) with its deadline.
type Directive struct {
	ID              int64          `json:"id" db:"id"`
	Number          string         `json:"number" db:"number"`
	Title           string         `json:"title" db:"title"`
	Body            string         `json:"body,omitempty" db:"body"`
	IssuedOn        time.Time      `json:"issued_on" db:"issued_on"`
	DueAt           time.Time      `json:"due" db:"due_at"`
	State           DirectiveState `json:"state" db:"status"`
	Author          string         `json:"author" db:"author"`
	RemindersPaused bool           `json:"reminders_paused" db:"reminders_paused"`
	CreatedAt       time.Time      `json:"created_at" db:"created_at"`
	ClosedAt        *time.Time     `json:"closed_at,omitempty" db:"closed_at"`
}

// Task is one numbered task of a directive.
type Task struct {
	ID       int64     `json:"-" db:"id"`
	Position int       `json:"position" db:"position"`
	Text     string    `json:"text" db:"text"`
	MinClips int       `json:"min_clips" db:"min_clips"`
	Report   bool      `json:"report" db:"report"`
	DueAt    time.Time `json:"due" db:"due_at"` // the task's own or the directive's deadline
}

// Requirement returns what the task asks back.
func (t Task) Requirement() Requirement { return Requirement{MinClips: t.MinClips, Report: t.Report} }
