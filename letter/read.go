package letter

// Read reads a letter (PDF, DOCX or text, at most MaxSize bytes) and drafts
// the directive it asks for, its recipients matched against dir. filename
// only helps to name a refused file's type. The error is an *Error when
// the file cannot be read or is no letter; a letter that lacks a number,
// tasks or a deadline is still a draft, with Missing saying so.
func Read(data []byte, filename string, dir Directory) (Draft, error) {
	lines, err := Extract(data, filename)
	if err != nil {
		return Draft{}, err
	}
	return FromLines(lines, dir)
}

// FromLines drafts from extracted lines (Extract), for callers that check
// the file before loading the units.
func FromLines(lines []string, dir Directory) (Draft, error) {
	d := Parse(lines)
	if d.Number == "" && d.IssuedOn.IsZero() && d.Place == "" && d.Title == "" && len(d.Recipients) == 0 && d.Signer == "" {
		return Draft{}, refuse(NotALetter, "", "")
	}
	Match(&d, dir)
	return d, nil
}
