package zalo

import (
	"errors"
	"fmt"
)

// Error is a Zalo error answer: Zalo reports failures with HTTP 200 and an
// envelope {"error": <negative code>, "message": "..."}.
type Error struct {
	// Code is Zalo's (negative) error code.
	Code int
	// Message is Zalo's human-readable explanation.
	Message string
	// Method names the API call that failed, e.g. "message/cs".
	Method string
}

// Error formats the error without any credentials.
func (e *Error) Error() string {
	return fmt.Sprintf("zalo %s: error %d: %s", e.Method, e.Code, e.Message)
}

// Class reports the kind of error for branching.
type Class int

const (
	// ClassOther is any error not covered by a more specific class.
	ClassOther Class = iota
	// ClassToken means the access token is invalid or expired (-216, -220).
	ClassToken
	// ClassWindow means the user cannot be messaged now: outside the 7-day
	// window, not a follower, inactive or restricted (-230, -232, -213, -227, -244).
	ClassWindow
	// ClassRate means Zalo throttled the request (-32).
	ClassRate
	// ClassAccount means an OA verification, package or permission problem
	// (-211, -221, -224, -223).
	ClassAccount
	// ClassRefresh means the refresh token is invalid (-14014).
	ClassRefresh
)

// String names the class.
func (c Class) String() string {
	switch c {
	case ClassToken:
		return "token"
	case ClassWindow:
		return "window"
	case ClassRate:
		return "rate"
	case ClassAccount:
		return "account"
	case ClassRefresh:
		return "refresh"
	default:
		return "other"
	}
}

// classes maps Zalo error codes to their class; absent codes are ClassOther.
var classes = map[int]Class{
	-216:   ClassToken,
	-220:   ClassToken,
	-230:   ClassWindow,
	-232:   ClassWindow,
	-213:   ClassWindow,
	-227:   ClassWindow,
	-244:   ClassWindow,
	-32:    ClassRate,
	-211:   ClassAccount,
	-221:   ClassAccount,
	-224:   ClassAccount,
	-223:   ClassAccount,
	-14014: ClassRefresh,
}

// Class reports the kind of error for branching.
func (e *Error) Class() Class {
	return classes[e.Code]
}

// classOf returns the class of the first *Error in err's chain and whether
// there was one.
func classOf(err error) (Class, bool) {
	var ze *Error
	if !errors.As(err, &ze) {
		return ClassOther, false
	}
	return ze.Class(), true
}

// isClass reports whether err wraps a *Error of class c.
func isClass(err error, c Class) bool {
	got, ok := classOf(err)
	return ok && got == c
}

// IsWindow reports whether err is a Zalo error meaning the user is outside
// the messaging window, not a follower, inactive or restricted.
func IsWindow(err error) bool { return isClass(err, ClassWindow) }

// IsToken reports whether err is a Zalo error rejecting the access token.
func IsToken(err error) bool { return isClass(err, ClassToken) }

// IsRate reports whether err is a Zalo rate-limit error.
func IsRate(err error) bool { return isClass(err, ClassRate) }

// IsAccount reports whether err is a Zalo OA account/permission error.
func IsAccount(err error) bool { return isClass(err, ClassAccount) }

// IsRefresh reports whether err is a Zalo error rejecting the refresh token.
func IsRefresh(err error) bool { return isClass(err, ClassRefresh) }
