package handlers

import (
	"testing"
	"unicode/utf8"
)

func TestKeyword(t *testing.T) {
	cases := []struct{ in, cmd, arg string }{
		{"Báo cáo Đã đăng 3 clip", "baocao", "Đã đăng 3 clip"},
		{"BAO CAO  xong", "baocao", "xong"},
		{"bao cao", "baocao", ""},
		{"Đã nhận", "danhan", ""},
		{"da nhan ạ", "danhan", "ạ"},
		{"Đã nhận văn bản, cảm ơn", "danhan", "văn bản, cảm ơn"},
		{"DK AB12CD34", "start", "AB12CD34"},
		{"Đăng ký AB12CD34", "start", "AB12CD34"},
		{"Từ chối 12 Hình ảnh chưa rõ", "tuchoi", "12 Hình ảnh chưa rõ"},
		{"duyệt 12", "duyet", "12"},
		{"Khó khăn: thiếu máy quay", "khokhan", "thiếu máy quay"},
		{"Khó khăn thiếu máy quay", "khokhan", "thiếu máy quay"},
		{"việc", "viec", ""},
		{"Hướng dẫn", "huongdan", ""},
		{"https://youtu.be/x", "", ""},
		{"báo", "", ""},
		{"Huy đã gửi clip https://youtu.be/x", "", ""},
		{"Việc này em làm xong rồi", "", ""},
		{"Huỷ", "huy", ""},
		{"Việc", "viec", ""},
		{"duyệt nhé", "", ""},
		{"DK mã của tôi", "", ""},
		{"kênh zalo", "kenh", "zalo"},
	}
	for _, c := range cases {
		cmd, arg := Keyword(c.in)
		if cmd != c.cmd || arg != c.arg {
			t.Errorf("Keyword(%q) = %q, %q; want %q, %q", c.in, cmd, arg, c.cmd, c.arg)
		}
	}
}

func FuzzKeyword(f *testing.F) {
	for _, s := range []string{"Báo cáo xong", "DK abc", "tu choi 1 lý do", "", "\xff", "đđ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cmd, arg := Keyword(s)
		if cmd == "" && arg != "" {
			t.Fatalf("argument %q without a keyword", arg)
		}
		if utf8.ValidString(s) && !utf8.ValidString(arg) {
			t.Fatalf("invalid UTF-8 argument %q from %q", arg, s)
		}
		if len(arg) > len(s) {
			t.Fatalf("argument longer than the text")
		}
	})
}
