package letter

import (
	"errors"
	"os"
	"testing"
)

// FuzzRead feeds the reader what a chat user may upload: any bytes. It must
// answer with a draft or a refusal, never panic (the bot reads these in its
// workers).
func FuzzRead(f *testing.F) {
	for _, p := range []string{"testdata/corpus/02-ag-quoc-khanh.txt", "testdata/corpus/02-ag-quoc-khanh.pdftotext.txt", "testdata/corpus/06-ag-thong-bao-cuoc-thi.docx"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, p)
		}
	}
	f.Add(textPDF("Số 12-CV/BTGTU", "Kính gửi: Báo Kiên Giang.", "1. Thực hiện 02 clip trước ngày 30/11/2099."), "a.pdf")
	f.Add(imageOnlyPDF(), "scan.pdf")
	f.Add([]byte("Kính gửi: Các xã,\n- ́ các  phường\nSố 1-CV/X\n1. ít nhất 999 video clip trước ngày 31/12"), "a.txt")
	dir := Directory{Units: []Unit{{Code: "A", Name: "Đảng ủy xã A"}, {Code: "B", Name: "Báo"}},
		Groups: []Group{{Code: "G", Name: "Các xã", Units: []string{"A"}}}}
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		d, err := Read(data, name, dir)
		var le *Error
		if err != nil && !errors.As(err, &le) {
			t.Fatalf("an error that is no refusal: %v", err)
		}
		if err == nil {
			if _, err := d.MarshalJSON(); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// textPDF is a one-page PDF showing lines in a standard font with a
// ToUnicode map of its own (codes 1-255 as Latin-1, Vietnamese letters
// past it through a two-byte font would need more: enough for the fuzzer).
func textPDF(lines ...string) []byte {
	content := "BT /F1 12 Tf 72 760 Td 14 TL"
	for _, l := range lines {
		content += " (" + asciiFold(l) + ") '"
	}
	content += " ET"
	return buildPDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		stream(content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /Widths [" + widths() + "] >>",
	})
}

func asciiFold(s string) string {
	out := []byte{}
	for _, r := range fold(s) {
		if r < 128 && r != '(' && r != ')' && r != '\\' {
			out = append(out, byte(r))
		}
	}
	return string(out)
}

func widths() string {
	s := ""
	for i := 32; i <= 126; i++ {
		s += "556 "
	}
	return s
}
