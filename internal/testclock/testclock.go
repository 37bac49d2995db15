// Package testclock is the clock of chidao's tests, so that no test
// depends on the hour, weekday or date it runs. Every test binary has one
// timeline: it starts at Base when the binary starts and runs at real
// speed (durations, timeouts and rate limits stay real; only the instant
// is chosen). Base is a fixed Wednesday morning in Vietnam unless
// CHIDAO_TEST_CLOCK says otherwise: running the suite with, say,
// CHIDAO_TEST_CLOCK=2026-03-04T02:35:00+07:00 is running it at 02:35.
//
// Stores made for tests take Now as their clock (dbtest does it), and
// chidao processes started by tests get the same instant through the
// CHIDAO_TEST_CLOCK variable (Env), which chidao reads for tests only.
package testclock

import (
	"fmt"
	"os"
	"time"
)

// Variable is the environment variable that sets the base instant, in
// RFC 3339; chidao itself reads it too (config.Config.Clock).
const Variable = "CHIDAO_TEST_CLOCK"

// DefaultBase is the base when CHIDAO_TEST_CLOCK is not set: Wednesday
// 4 March 2026, 10:00 in Vietnam, an ordinary working morning.
var DefaultBase = time.Date(2026, 3, 4, 10, 0, 0, 0, time.FixedZone("ICT", 7*3600))

var (
	base  = readBase()
	start = time.Now()
)

func readBase() time.Time {
	v := os.Getenv(Variable)
	if v == "" {
		return DefaultBase
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		panic(fmt.Sprintf("testclock: %s=%q is not an RFC 3339 instant", Variable, v))
	}
	return t
}

// Base is where the test binary's timeline began.
func Base() time.Time { return base }

// Now is the test binary's clock.
func Now() time.Time { return base.Add(time.Since(start)) }

// Env is the environment entry that starts a chidao process's clock at
// this binary's current instant, so that both run in step.
func Env() string { return Variable + "=" + Now().Format(time.RFC3339Nano) }

// At returns a clock that starts at t now and runs at real speed.
func At(t time.Time) func() time.Time {
	began := time.Now()
	return func() time.Time { return t.Add(time.Since(began)) }
}
