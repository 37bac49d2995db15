package inbox

import (
	"bytes"
	"encoding/json"
	"strings"
)

// withoutNUL replaces the NUL characters ("\u0000") in a JSON payload's
// strings by spaces: PostgreSQL's text refuses NUL, so a message holding
// one would fail wherever its text is stored, and a space keeps the
// UTF-16 offsets of Telegram's entities right. Lone surrogates need
// nothing: encoding/json decodes them as U+FFFD, one UTF-16 unit too.
// Numbers are kept exactly (ids exceed 2^53).
func withoutNUL(raw []byte) []byte {
	if !bytes.Contains(raw, []byte(`\u0000`)) {
		return raw
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return raw
	}
	out, err := json.Marshal(noNUL(v))
	if err != nil {
		return raw
	}
	return out
}

func noNUL(v any) any {
	switch t := v.(type) {
	case string:
		return strings.ReplaceAll(t, "\x00", " ")
	case []any:
		for i := range t {
			t[i] = noNUL(t[i])
		}
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[strings.ReplaceAll(k, "\x00", " ")] = noNUL(x)
		}
		return m
	}
	return v
}
