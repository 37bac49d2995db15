// Package httpbody reads a request body the way chidao's webhooks must:
// bounded in size and in time, so a client trickling a body cannot hold a
// connection and a goroutine open.
package httpbody

import (
	"errors"
	"io"
	"net/http"
	"os"
	"time"
)

// Timeout is how long a webhook body may take to arrive after its
// headers. The platforms send a few kilobytes at once; 10 s leaves room
// for a slow mobile link and stays under their retry timers.
const Timeout = 10 * time.Second

// Read reads r's body, at most limit bytes within timeout (Timeout when
// 0). On failure it has answered w already (413 too large, 408 too slow,
// 400 unreadable) and returns a non-nil error.
func Read(w http.ResponseWriter, r *http.Request, limit int64, timeout time.Duration) ([]byte, error) {
	if timeout <= 0 {
		timeout = Timeout
	}
	// Not supported by test recorders, which have no connection to hold.
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(timeout))
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		return body, nil
	case errors.As(err, &tooBig):
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
	case errors.Is(err, os.ErrDeadlineExceeded):
		w.Header().Set("Connection", "close")
		http.Error(w, "body too slow", http.StatusRequestTimeout)
	default:
		http.Error(w, "cannot read the body", http.StatusBadRequest)
	}
	return nil, err
}
