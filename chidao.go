// Package chidao holds the domain of the directive coordination assistant:
// the roles, the requirements of a task, and the status rules that every
// part of the program (CLI, chat handlers, reminders, reports) shares.
//
// Everything about time here is in Asia/Ho_Chi_Minh, whatever the server's
// TZ: the zone database is embedded so that a machine without tzdata works.
package chidao

import (
	"errors"
	"fmt"
	"strings"
	_ "time/tzdata" // the zone database, so Asia/Ho_Chi_Minh loads on any machine
)

// Role is what a person does in the Office's work.
type Role string

// The roles a person can have.
const (
	RoleAdmin   Role = "admin"   // Office staff: write directives, watch progress.
	RoleHead    Role = "head"    // Unit head: approves clips, hears when the unit is late.
	RoleOfficer Role = "officer" // Unit officer: acknowledges, sends clips and reports.
)

// ParseRole returns the role named by s, or an error listing the valid roles.
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.ToLower(strings.TrimSpace(s))); r {
	case RoleAdmin, RoleHead, RoleOfficer:
		return r, nil
	}
	return "", fmt.Errorf("unknown role %q (want admin, head or officer)", s)
}

// Channel names a chat platform a person can be reached on.
type Channel string

// The chat channels chidao speaks.
const (
	Telegram Channel = "telegram"
	Zalo     Channel = "zalo"
)

// Review is the state of a head's review of a clip.
type Review string

// The review states of a clip.
const (
	ReviewPending  Review = "pending"
	ReviewApproved Review = "approved"
	ReviewRejected Review = "rejected"
)

// Errors shared by every layer, so that callers can check them with errors.Is
// whatever produced them.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("already exists")
	ErrInvalid  = errors.New("invalid input")
)

// Invalid returns an error wrapping ErrInvalid with a message meant for the
// person who typed the input.
func Invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Errors of registration with an invite code, for the chat handlers to
// answer each in its own words.
var (
	ErrInviteUnknown   = errors.New("invite code unknown")
	ErrInviteExpired   = errors.New("invite code expired")
	ErrInviteUsed      = errors.New("invite code already used")
	ErrTooManyAttempts = errors.New("too many wrong codes; try again later")
	ErrAlreadyLinked   = errors.New("this chat account is already registered")
)

// ErrClosed is returned for work sent to a directive the Office has closed.
var ErrClosed = errors.New("directive is closed")
