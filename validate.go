package chidao

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

var unitCode = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$`)

// NormalizeUnitCode is how unit codes are stored and compared: trimmed and
// upper-case, so "bkg" typed on a phone finds BKG.
func NormalizeUnitCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// CheckUnitCode accepts 1-32 letters, digits, '_', '.' or '-', starting with
// a letter or digit (codes appear in commands typed on phones).
func CheckUnitCode(code string) error {
	if !unitCode.MatchString(code) {
		return Invalid("unit code %q must be 1-32 letters, digits, '_', '.' or '-'", code)
	}
	return nil
}

var groupCode = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,31}$`)

// NormalizeGroupCode is how group codes are stored and compared: trimmed
// and lower-case ("XA" typed in a command finds xa), since they appear in
// dashboard addresses such as ?group=cap-xa.
func NormalizeGroupCode(code string) string { return strings.ToLower(strings.TrimSpace(code)) }

// CheckGroupCode accepts 1-32 lower-case letters, digits, '_', '.' or '-',
// starting with a letter or digit.
func CheckGroupCode(code string) error {
	if !groupCode.MatchString(code) {
		return Invalid("group code %q must be 1-32 letters, digits, '_', '.' or '-' (e.g. cap-xa)", code)
	}
	return nil
}

// CheckText rejects invalid UTF-8 and, when required, blank text. field names
// the input in the error.
func CheckText(field, s string, required bool) error {
	if !utf8.ValidString(s) {
		return Invalid("%s is not valid UTF-8", field)
	}
	if required && strings.TrimSpace(s) == "" {
		return Invalid("%s is empty", field)
	}
	if strings.ContainsRune(s, 0) {
		return Invalid("%s contains a NUL character", field)
	}
	return nil
}
