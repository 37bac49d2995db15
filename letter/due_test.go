package letter

import (
	"testing"
	"time"

	"chidao"
)

// TestParseDue: deadlines as an admin types them in the chat, read at
// 10:00 on Wednesday 08/04/2026 (Vietnam).
func TestParseDue(t *testing.T) {
	now := time.Date(2026, 4, 8, 10, 0, 0, 0, chidao.Zone)
	at := func(s string) string {
		v, err := time.ParseInLocation("02/01/2006 15:04:05", s, chidao.Zone)
		if err != nil {
			panic(err)
		}
		return v.Format(time.RFC3339)
	}
	for _, c := range []struct{ typed, want string }{
		{"20/12", at("20/12/2026 23:59:59")},
		{"20/12/2026", at("20/12/2026 23:59:59")},
		{"20/12/26", at("20/12/2026 23:59:59")},
		{"17h ngày 20/12", at("20/12/2026 17:00:00")},
		{"17h30 ngày 20/12/2026", at("20/12/2026 17:30:00")},
		{"17 giờ ngày 20/12", at("20/12/2026 17:00:00")},
		{"17:00 20/12/2026", at("20/12/2026 17:00:00")},
		{"20/12/2026 17:00", at("20/12/2026 17:00:00")},
		{"20/12 17h", at("20/12/2026 17:00:00")},
		{"trước ngày 20/12", at("20/12/2026 23:59:59")},
		{"chậm nhất ngày 15 tháng 5 năm 2026", at("15/05/2026 23:59:59")},
		{"2026-04-30", at("30/04/2026 23:59:59")},
		{"2026-04-30T17:00", at("30/04/2026 17:00:00")},
		{"08/04", at("08/04/2026 23:59:59")},          // today counts
		{"07/04", at("07/04/2027 23:59:59")},          // yesterday's day: next year
		{"16h ngày 08/04", at("08/04/2026 16:00:00")}, // later today
		{"8h ngày 08/04", ""},                         // earlier today: past
		{"07/04/2026", ""},                            // past
		{"31/02/2026", ""},
		{"mai", ""},
		{"", ""},
		{"25h ngày 20/12", ""}, // a typo, not the end of the day
		{"17h75 ngày 20/12", ""},
	} {
		got, ok := ParseDue(c.typed, now)
		s := ""
		if ok {
			s = got.Format(time.RFC3339)
		}
		if s != c.want {
			t.Errorf("ParseDue(%q) = %q; want %q", c.typed, s, c.want)
		}
	}
}
