package letter

import "fmt"

// Problem names why a file could not be read. The chat and the dashboard
// choose their Vietnamese sentence by it; the CLI prints Error's English text.
type Problem string

// The reasons a file is refused.
const (
	TooLarge    Problem = "too_large"    // over MaxSize
	Empty       Problem = "empty"        // no bytes, or only blank text
	NoText      Problem = "no_text"      // a PDF without a text layer (a scan)
	Unreadable  Problem = "unreadable"   // a text layer whose fonts cannot be decoded
	Encrypted   Problem = "encrypted"    // a PDF that needs a password or an unsupported cipher
	Damaged     Problem = "damaged"      // a PDF or DOCX whose structure is broken
	Unsupported Problem = "unsupported"  // a spreadsheet, an image, an old .doc and so on
	NotALetter  Problem = "not_a_letter" // text with no number, date, subject, recipients or signer
)

// MaxSize is the largest file the reader accepts (20 MB, the bot's limit for
// files as well).
const MaxSize = 20 << 20

// Error is a file the reader refuses. Kind names the file's type when known
// ("PDF", "an Excel spreadsheet (.xlsx)"), Detail adds what went wrong.
type Error struct {
	Problem Problem
	Kind    string
	Detail  string
}

func (e *Error) Error() string {
	switch e.Problem {
	case TooLarge:
		return fmt.Sprintf("the file is larger than 20 MB (%s)", e.Detail)
	case Empty:
		return "the file is empty"
	case NoText:
		return "the PDF has no text layer (a scanned image?): send the PDF exported from the e-Office system or the Word file"
	case Unreadable:
		return "the PDF's text cannot be decoded (its fonts carry no Unicode map): send the Word file or export the PDF again"
	case Encrypted:
		return "the PDF is password-protected or encrypted (" + e.Detail + "): export it again without protection"
	case Damaged:
		return fmt.Sprintf("the %s file is damaged: %s", e.Kind, e.Detail)
	case NotALetter:
		return "the text does not look like an official letter: no number, date, subject, recipients or signature found"
	case Unsupported:
		return fmt.Sprintf("%s is not a letter this reader takes: send a PDF, a Word .docx or a .txt", e.Kind)
	}
	return string(e.Problem)
}

func refuse(p Problem, kind, format string, args ...any) *Error {
	return &Error{Problem: p, Kind: kind, Detail: fmt.Sprintf(format, args...)}
}
