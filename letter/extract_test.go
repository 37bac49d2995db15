package letter

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// What a refused file looks like to the caller: the problem, and an English
// sentence naming it.
func refusal(t *testing.T, data []byte, name string) *Error {
	t.Helper()
	_, err := Read(data, name, Directory{})
	var le *Error
	if !errors.As(err, &le) {
		t.Fatalf("Read(%s) = %v, want a refusal", name, err)
	}
	if strings.Contains(le.Error(), "\n") {
		t.Errorf("the refusal of %s is not one line: %q", name, le.Error())
	}
	return le
}

func TestRefusals(t *testing.T) {
	corpusPDF := mustRead(t, "testdata/corpus/04-kg-an-toan-giao-thong.pdf")
	for _, c := range []struct {
		name    string
		data    []byte
		problem Problem
		says    string
	}{
		{"scan.pdf", imageOnlyPDF(), NoText, "no text layer"},
		{"password.pdf", mustRead(t, "testdata/bad/password.pdf"), Encrypted, "password"},
		{"cut.pdf", corpusPDF[:len(corpusPDF)/2], Damaged, "PDF file is damaged"},
		{"garbage.pdf", append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 500)...), Damaged, "damaged"},
		{"bang-tong-hop.xlsx", xlsx(t), Unsupported, "an Excel spreadsheet (.xlsx)"},
		{"bang.xls", oleFile(), Unsupported, "an Excel 97-2003 spreadsheet (.xls)"},
		{"cong-van.doc", oleFile(), Unsupported, "a Word 97-2003 document (.doc)"},
		{"cong-van.odt", zipWith(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text"}), Unsupported, "OpenDocument text"},
		{"cong-van.docx", zipWith(t, map[string]string{"word/styles.xml": "<x/>"}), Unsupported, "a ZIP archive"},
		{"anh-chup.jpg", append([]byte("\xff\xd8\xff\xe0"), make([]byte, 100)...), Unsupported, "a JPEG image"},
		{"scan.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...), Unsupported, "a PNG image"},
		{"units.csv", []byte("code,name\nBKG,Báo Kiên Giang\n"), Unsupported, "a CSV spreadsheet"},
		{"big.pdf", append(corpusPDF, make([]byte, MaxSize)...), TooLarge, "larger than 20 MB"},
		{"empty.txt", []byte(" \n\t\n"), Empty, "empty"},
		{"note.txt", []byte("Nhớ mua hoa cho buổi lễ."), NotALetter, "does not look like an official letter"},
	} {
		le := refusal(t, c.data, c.name)
		if le.Problem != c.problem || !strings.Contains(le.Error(), c.says) {
			t.Errorf("%s: %s (%q), want %s saying %q", c.name, le.Problem, le.Error(), c.problem, c.says)
		}
	}
}

// A PDF protected against editing but not against reading (no user
// password) is read, whatever the cipher the library knows.
func TestPermissionsOnlyPDF(t *testing.T) {
	for _, name := range []string{"no-edit-rc4.pdf", "no-edit-aes128.pdf"} {
		d, err := Read(mustRead(t, "testdata/bad/"+name), name, Directory{})
		if err != nil || d.Number != "2015-CV/BTGTU" || len(d.Tasks) != 4 {
			t.Errorf("%s: %v, number %q, %d tasks", name, err, d.Number, len(d.Tasks))
		}
	}
	// AES-256 (PDF 2.0's cipher) is beyond the library: refused, by name.
	le := refusal(t, mustRead(t, "testdata/bad/no-edit-aes256.pdf"), "no-edit-aes256.pdf")
	if le.Problem != Encrypted || !strings.Contains(le.Error(), "AES-256") {
		t.Errorf("AES-256: %s %q", le.Problem, le.Error())
	}
}

// Text saved by older Windows editors (Windows-1258, decomposed tones) and
// as UTF-16 reads as its UTF-8 original.
func TestTextEncodings(t *testing.T) {
	seed := mustRead(t, "testdata/corpus/01-1483-CV-BTGTU.txt")
	want, err := Read(seed, "seed.txt", Directory{})
	if err != nil {
		t.Fatal(err)
	}
	cp1258, err := charmap.Windows1258.NewEncoder().Bytes([]byte(toneApart(string(seed))))
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(seed)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"cp1258.txt": cp1258, "utf16.txt": utf16} {
		got, err := Read(data, name, Directory{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.Title != want.Title || got.Body != want.Body || got.Signer != want.Signer {
			t.Errorf("%s: title %q, signer %q; want %q, %q", name, got.Title, got.Signer, want.Title, want.Signer)
		}
	}
}

// toneApart writes the tone marks as separate combining marks after their
// letter, as Windows-1258 stores Vietnamese.
func toneApart(s string) string {
	var b strings.Builder
	for _, r := range s {
		d := []rune(norm.NFD.String(string(r)))
		var base, tones []rune
		for _, m := range d {
			switch m {
			case 0x300, 0x301, 0x303, 0x309, 0x323:
				tones = append(tones, m)
			default:
				base = append(base, m)
			}
		}
		b.WriteString(norm.NFC.String(string(base)) + string(tones))
	}
	return b.String()
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// imageOnlyPDF is a scan: one page painting one image, no text.
func imageOnlyPDF() []byte {
	return buildPDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
		stream("q 595 0 0 842 0 0 cm /Im1 Do Q"),
		"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream",
	})
}

func stream(s string) string {
	return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(s), s)
}

// buildPDF writes objects 1… with a correct cross-reference table.
func buildPDF(objs []string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func xlsx(t *testing.T) []byte {
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", "Tổng hợp")
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func oleFile() []byte {
	return append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 504)...)
}

func zipWith(t *testing.T, files map[string]string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, body := range files {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A PDF 2.0 header (which the library refuses) is read like 1.7.
func TestPDF20Header(t *testing.T) {
	data := mustRead(t, "testdata/corpus/04-kg-an-toan-giao-thong.pdf")
	data = append([]byte("%PDF-2.0"), data[8:]...)
	d, err := Read(data, "v2.pdf", Directory{})
	if err != nil || d.Number != "2015-CV/BTGTU" {
		t.Errorf("%v, number %q", err, d.Number)
	}
}
