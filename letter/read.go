package letter

// Read reads a letter (PDF, DOCX or text, at most MaxSize bytes) and drafts
// the directive it asks for, its recipients matched against dir. filename
// only helps to name a refused file's type. The error is an *Error when
// the file cannot be read; a letter that lacks a number, tasks or a
// deadline is still a draft, with Missing saying so.
func Read(data []byte, filename string, dir Directory) (Draft, error) {
	lines, err := Extract(data, filename)
	if err != nil {
		return Draft{}, err
	}
	d := Parse(lines)
	Match(&d, dir)
	return d, nil
}
