package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"chidao/server"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags("serve", "serve")
	if _, err := parse(e, fs, args, 0); err != nil {
		return err
	}
	e.log.Info("Starting chidao", slog.Any("config", e.cfg))
	s, err := e.open(ctx)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", e.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("HTTP_ADDR %s: %w", e.cfg.HTTPAddr, err)
	}
	srv := &http.Server{Handler: server.New(s, e.log), ReadHeaderTimeout: 10 * time.Second}
	e.log.Info("Listening", slog.String("addr", ln.Addr().String()))
	e.log.Info("Telegram is not configured: running without chat channels")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	e.log.Info("Shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
