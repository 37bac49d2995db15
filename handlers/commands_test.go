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

func TestTypedAmend(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"bo sung", true}, {"bo sung 1483-cv/btgtu", true}, {"dinh chinh 12", true}, {"dinh chinh", true},
		{"bo sung bao cao ket qua", false}, {"bo sungx", false}, {"dinh chinh lai noi dung", false},
	} {
		kw := "bo sung"
		if strings.HasPrefix(c.text, "dinh") {
			kw = "dinh chinh"
		}
		if got := typedAmend(c.text, kw); got != c.want {
			t.Errorf("typedAmend(%q) = %v; want %v", c.text, got, c.want)
		}
	}
}

func TestAmendAnswers(t *testing.T) {
	for _, c := range []struct {
		in    string
		field string
		pos   int
	}{
		{"trich yeu", "title", 0}, {"noi dung", "body", 0}, {"nhiem vu 2", "task", 2}, {"nv 3", "task", 3}, {"1", "task", 1},
		{"nhiem vu so 4", "task", 4}, {"sua cai kia", "", 0},
	} {
		if f, p := fixField(c.in); f != c.field || p != c.pos {
			t.Errorf("fixField(%q) = %q %d; want %q %d", c.in, f, p, c.field, c.pos)
		}
	}
	for _, c := range []struct {
		in            string
		clips         int
		report, found bool
	}{
		{"khong", 0, false, true}, {"2", 2, false, true}, {"2 clip, bao cao", 2, true, true}, {"bao cao", 0, true, true}, {"chua biet", 0, false, false},
	} {
		r, ok := supplementNeed(c.in)
		if ok != c.found || r.MinClips != c.clips || r.Report != c.report {
			t.Errorf("supplementNeed(%q) = %+v %v", c.in, r, ok)
		}
	}
}
