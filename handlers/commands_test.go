package handlers

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseCommand(t *testing.T) {
	cases := []struct{ in, cmd, arg string }{
		{"/start abc_DEF-123", "start", "abc_DEF-123"},
		{"/BaoCao  Đã đăng 3 clip trên trang ", "baocao", "Đã đăng 3 clip trên trang"},
		{"/baocao@chidao_bot Xong", "baocao", "Xong"},
		{"/baocao@CHIDAO_BOT Xong", "baocao", "Xong"},
		{"/baocao@other_bot Xong", "", ""},
		{"/khokhan\nThiếu thiết bị quay", "khokhan", "Thiếu thiết bị quay"},
		{"/viec", "viec", ""},
		{"viec", "", ""},
		{"/", "", ""},
		{"/việc", "", ""},
		{"https://youtu.be/x", "", ""},
	}
	for _, c := range cases {
		cmd, arg := ParseCommand(c.in, "chidao_bot")
		if cmd != c.cmd || arg != c.arg {
			t.Errorf("ParseCommand(%q) = %q, %q; want %q, %q", c.in, cmd, arg, c.cmd, c.arg)
		}
	}
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"/start abc", "/baocao@chidao_bot x", "/khokhan\ny", "/", "text", "/a@", "/\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cmd, arg := ParseCommand(s, "chidao_bot")
		if cmd == "" && arg != "" {
			t.Fatalf("argument %q without a command", arg)
		}
		if cmd != strings.ToLower(cmd) || strings.ContainsAny(cmd, " /@") {
			t.Fatalf("bad command name %q", cmd)
		}
		if !utf8.ValidString(arg) {
			t.Fatalf("invalid UTF-8 argument %q", arg)
		}
	})
}
