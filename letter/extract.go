package letter

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Extract reads the text of a letter from a PDF with a text layer, a DOCX
// or plain text (UTF-8, UTF-16 with a byte-order mark, or Windows-1258),
// told apart by their bytes, the file name only naming what is refused. It
// returns normalized lines, an empty line between paragraphs.
func Extract(data []byte, filename string) ([]string, error) {
	if len(data) > MaxSize {
		return nil, refuse(TooLarge, "", "%.1f MB", float64(len(data))/(1<<20))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, refuse(Empty, "", "")
	}
	var lines []string
	switch {
	case isPDF(data):
		pages, err := pdfPages(data)
		if err != nil {
			return nil, err
		}
		if err := checkTextLayer(pages); err != nil {
			return nil, err
		}
		lines = pdfLines(pages)
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		zr, err := openZip(data)
		if err != nil {
			return nil, zipRefusal(filename, err)
		}
		if kind := zipKind(zr); kind != "DOCX" {
			return nil, refuse(Unsupported, kind, "")
		}
		docx, err := docxLines(zr)
		if err != nil {
			return nil, err
		}
		lines = textLines(strings.Join(docx, "\n"))
	default:
		text, err := plainText(data, filename)
		if err != nil {
			return nil, err
		}
		lines = textLines(text)
	}
	lines = normalizeLines(lines)
	if !hasLetters(lines) {
		return nil, refuse(Empty, "", "")
	}
	return lines, nil
}

// checkTextLayer refuses a PDF that shows (almost) no characters, and one
// whose characters decode to replacement marks.
func checkTextLayer(pages []pdfPage) error {
	letters, bad := 0, 0
	for _, p := range pages {
		for _, g := range p.glyphs {
			for _, r := range g.s {
				switch {
				case r == '\uFFFD':
					bad++
				case unicode.IsLetter(r):
					letters++
				}
			}
		}
	}
	if letters < 20*len(pages) && letters < 60 && bad < 20 {
		return refuse(NoText, "PDF", "%d letters on %d pages", letters, len(pages))
	}
	if bad*5 > letters {
		return refuse(Unreadable, "PDF", "%d undecodable characters", bad)
	}
	return nil
}

func hasLetters(lines []string) bool {
	for _, l := range lines {
		for _, r := range l {
			if unicode.IsLetter(r) {
				return true
			}
		}
	}
	return false
}

func zipRefusal(filename string, err error) error {
	kind := "ZIP"
	if strings.EqualFold(filepath.Ext(filename), ".docx") {
		kind = "DOCX"
	}
	return refuse(Damaged, kind, "%v", err)
}

// zipKind names what an Office Open XML or OpenDocument archive holds.
func zipKind(zr *zip.Reader) string {
	switch {
	case zipFile(zr, "word/document.xml") != nil:
		return "DOCX"
	case zipFile(zr, "xl/workbook.xml") != nil:
		return "an Excel spreadsheet (.xlsx)"
	case zipFile(zr, "ppt/presentation.xml") != nil:
		return "a PowerPoint presentation (.pptx)"
	}
	if f := zipFile(zr, "mimetype"); f != nil {
		if rc, err := f.Open(); err == nil {
			b, _ := io.ReadAll(io.LimitReader(rc, 100))
			rc.Close()
			switch m := string(b); {
			case strings.HasSuffix(m, "opendocument.text"):
				return "an OpenDocument text (.odt)"
			case strings.HasSuffix(m, "opendocument.spreadsheet"):
				return "an OpenDocument spreadsheet (.ods)"
			}
		}
	}
	return "a ZIP archive"
}

var magics = []struct {
	prefix, kind string
}{
	{"\x89PNG", "a PNG image"}, {"\xff\xd8\xff", "a JPEG image"}, {"GIF8", "a GIF image"},
	{"II*\x00", "a TIFF image"}, {"MM\x00*", "a TIFF image"}, {"BM", "a BMP image"},
	{"{\\rtf", "an RTF document"}, {"Rar!", "a RAR archive"}, {"7z\xbc\xaf", "a 7-Zip archive"},
	{"\x1f\x8b", "a gzip archive"},
}

// plainText accepts text and names everything else it recognises.
func plainText(data []byte, filename string) (string, error) {
	for _, m := range magics {
		if bytes.HasPrefix(data, []byte(m.prefix)) {
			return "", refuse(Unsupported, m.kind, "")
		}
	}
	if len(data) > 12 && string(data[4:12]) == "ftypheic" {
		return "", refuse(Unsupported, "a HEIC image", "")
	}
	if bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")) {
		return "", refuse(Unsupported, oldOffice(filename), "")
	}
	switch ext := strings.ToLower(filepath.Ext(filename)); ext {
	case ".csv", ".tsv":
		return "", refuse(Unsupported, fmt.Sprintf("a %s spreadsheet", strings.ToUpper(ext[1:])), "")
	}
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return utf16Text(data), nil
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, 0) >= 0 {
		return "", refuse(Unsupported, "a binary file of an unknown type", "")
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	// Older Windows editors save Vietnamese as Windows-1258.
	text, err := charmap.Windows1258.NewDecoder().Bytes(data)
	if err != nil {
		return "", refuse(Unsupported, "a text file in an unknown encoding", "")
	}
	return string(text), nil
}

func oldOffice(filename string) string {
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".xls":
		return "an Excel 97-2003 spreadsheet (.xls)"
	case ".ppt":
		return "a PowerPoint 97-2003 presentation (.ppt)"
	case ".doc":
		return "a Word 97-2003 document (.doc)"
	}
	return "an Office 97-2003 file (.doc or .xls)"
}

func utf16Text(data []byte) string {
	big := data[0] == 0xfe
	data = data[2:]
	u := make([]uint16, len(data)/2)
	for i := range u {
		if big {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	return string(utf16.Decode(u))
}
