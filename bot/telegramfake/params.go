package telegramfake

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// upload is a file part of a multipart request.
type upload struct {
	name        string
	contentType string
	data        []byte
}

// params are a request's parameters, whatever the encoding: form values as
// sent (non-string values JSON-encoded, as Telegram expects) and uploads.
type params struct {
	values map[string]string
	files  map[string]upload
}

// parseParams reads the query string and a multipart, JSON or urlencoded
// body.
func parseParams(w http.ResponseWriter, r *http.Request) (*params, *apiError) {
	p := &params{values: map[string]string{}, files: map[string]upload{}}
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadSize+1<<20)
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch mediaType {
	case "multipart/form-data":
		err = p.readMultipart(r)
	case "application/json":
		err = p.readJSON(r.Body)
	default:
		if err = r.ParseForm(); err == nil {
			for k, v := range r.PostForm {
				p.values[k] = v[0]
			}
		}
	}
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, errTooLarge
		}
		return nil, badRequest("can't parse request: " + err.Error())
	}
	for k, v := range r.URL.Query() {
		if _, ok := p.values[k]; !ok {
			p.values[k] = v[0]
		}
	}
	return p, nil
}

// readMultipart reads every part: file parts into files, the rest into
// values.
func (p *params) readMultipart(r *http.Request) error {
	mr, err := r.MultipartReader()
	if err != nil {
		return err
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			// Also the library's body for parameterless methods: the
			// multipart content type with an empty body.
			return nil
		}
		if err != nil {
			return err
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return err
		}
		if part.FileName() != "" {
			p.files[part.FormName()] = upload{name: part.FileName(), contentType: part.Header.Get("Content-Type"), data: data}
		} else {
			p.values[part.FormName()] = string(data)
		}
	}
}

// readJSON reads a JSON object body: strings are unquoted, other values kept
// as JSON text.
func (p *params) readJSON(body io.Reader) error {
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return err
	}
	for k, raw := range obj {
		switch {
		case string(raw) == "null":
		case len(raw) > 0 && raw[0] == '"':
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return err
			}
			p.values[k] = s
		default:
			p.values[k] = string(raw)
		}
	}
	return nil
}

// has reports whether the parameter was sent.
func (p *params) has(key string) bool {
	_, ok := p.values[key]
	return ok
}

// str is the parameter as a string ("" when absent).
func (p *params) str(key string) string { return p.values[key] }

// int is the parameter as an integer (0 when absent or not a number).
func (p *params) int(key string) int64 {
	n, _ := strconv.ParseInt(strings.Trim(strings.TrimSpace(p.values[key]), `"`), 10, 64)
	return n
}

// bool is the parameter as a boolean ("true" or "1").
func (p *params) bool(key string) bool {
	v := strings.ToLower(strings.TrimSpace(p.values[key]))
	return v == "true" || v == "1"
}

// decode unmarshals a JSON-valued parameter into dst.
func (p *params) decode(key string, dst any) error {
	return json.Unmarshal([]byte(p.values[key]), dst)
}

// chatID reads chat_id; "@username" ids are not modelled and give "chat not
// found".
func (p *params) chatID() (int64, *apiError) {
	v := strings.Trim(strings.TrimSpace(p.str("chat_id")), `"`)
	if v == "" {
		return 0, errChatIDEmpty
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id == 0 {
		return 0, errChatNotFound
	}
	return id, nil
}

// replyTo reads reply_parameters.message_id or the older reply_to_message_id,
// and whether a missing target may be ignored.
func (p *params) replyTo() (id int, allowMissing bool) {
	if p.has("reply_parameters") {
		var rp struct {
			MessageID                int  `json:"message_id"`
			AllowSendingWithoutReply bool `json:"allow_sending_without_reply"`
		}
		if p.decode("reply_parameters", &rp) == nil {
			return rp.MessageID, rp.AllowSendingWithoutReply
		}
	}
	return int(p.int("reply_to_message_id")), p.bool("allow_sending_without_reply")
}
