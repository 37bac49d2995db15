package intent

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestVariants reads what people really write (testdata/variants.tsv) and
// checks each message means what its line says.
func TestVariants(t *testing.T) {
	f, err := os.Open("testdata/variants.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		kind, text := Kind(cols[0]), ""
		if len(cols) > 1 {
			text = cols[1]
		}
		if kind == "none" {
			kind = None
		}
		n++
		got := Read(text)
		if got.Kind != kind {
			t.Errorf("Read(%q) = %s (%+v); want %s", text, got.Kind, got, kind)
			continue
		}
		if len(cols) < 3 {
			continue
		}
		switch arg := cols[2]; {
		case strings.HasPrefix(arg, "#"):
			if want, _ := strconv.ParseInt(arg[1:], 10, 64); got.Number != want {
				t.Errorf("Read(%q).Number = %d; want %d", text, got.Number, want)
			}
		case strings.HasPrefix(arg, "?"):
			if got.Guess != Kind(arg[1:]) {
				t.Errorf("Read(%q).Guess = %q; want %q", text, got.Guess, arg[1:])
			}
		case got.Text != arg:
			t.Errorf("Read(%q).Text = %q; want %q", text, got.Text, arg)
		}
	}
	if n < 150 {
		t.Errorf("only %d variants; the table should hold at least 150", n)
	}
}

// TestTextsKeepWhatWasWritten: a report keeps every word, and a reason the
// words after the clip number.
func TestTextsKeepWhatWasWritten(t *testing.T) {
	long := "Kết quả thực hiện: đã đăng tải 6 video clip…"
	if got := Read(long); got.Kind != Report || got.Text != long {
		t.Errorf("Read(%q) = %+v; want the whole text as the report", long, got)
	}
	if got := Read("Từ chối 12 Hình ảnh chưa rõ"); got.Text != "Hình ảnh chưa rõ" {
		t.Errorf("reason = %q", got.Text)
	}
	if got := Read("TRA LOI 4: đề nghị đơn vị liên hệ Phòng Tuyên truyền"); got.Text != "đề nghị đơn vị liên hệ Phòng Tuyên truyền" {
		t.Errorf("answer = %q", got.Text)
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Dạ, em ĐÃ NHẬN ạ!":    "da nhan",
		"Đã nhận":              "da nhan",
		"Gửi ảnh":              "gui anh",
		"Cảm ơn 🙏":             "cam on cam on",
		"Hạn khi nào vậy ạ???": "han khi nao vay",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q; want %q", in, got, want)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{"Báo cáo xong", "DK abc", "tu choi 1 lý do", "", "\xff", "đđ", "👍🏻", "Duyệt #9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in := Read(s)
		if utf8.ValidString(s) && !utf8.ValidString(in.Text) {
			t.Fatalf("invalid UTF-8 argument %q from %q", in.Text, s)
		}
		if len(in.Text) > len(s)+8 {
			t.Fatalf("argument %q longer than the message %q", in.Text, s)
		}
	})
}
