package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"chidao/internal/dbtest"
	"chidao/server"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestReadinessFollowsTheDatabase(t *testing.T) {
	store := dbtest.Store(t)
	srv := httptest.NewServer(server.New(store, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()
	get := func(path string) int {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if get("/healthz") != 200 || get("/readyz") != 200 {
		t.Fatal("not healthy and ready with a working database")
	}
	store.Close() // the database goes away
	if code := get("/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("readyz without a database: %d", code)
	}
	if get("/healthz") != 200 {
		t.Error("healthz should not depend on the database")
	}
	resp, _ := http.Post(srv.URL+"/healthz", "text/plain", nil)
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz: %d", resp.StatusCode)
	}
}
