// Package cli is the chidao command: it parses arguments, opens the
// database (a private server when DATABASE_URL is unset) and calls storage.
// Every command returns an error instead of exiting, so tests call Run.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"strings"

	"chidao"
	"chidao/config"
	"chidao/pgserver"
	"chidao/storage"
)

// env is one invocation: configuration, output streams and the database.
type env struct {
	cfg    config.Config
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
	store  *storage.Store
	pg     *pgserver.Server
}

type command struct {
	run  func(ctx context.Context, e *env, args []string) error
	help string
}

func commands() map[string]command {
	return map[string]command{
		"migrate":    {runMigrate, "apply the database migrations"},
		"serve":      {runServe, "run chidao: HTTP health checks (and the chat channels as they land)"},
		"unit":       {runUnit, "unit add|list|import: the units that receive directives"},
		"group":      {runGroup, "group list|add|rename|remove|join|leave|import: groups of units a directive can address"},
		"invite":     {runInvite, "invite --unit CODE --role R | list [--json] | revoke CODE|ID: single-use registration codes"},
		"person":     {runPerson, "person list [--json] | disable ID | enable ID: who may use chidao"},
		"directive":  {runDirective, "directive create|draft|list|show|close: issue a directive, or read one from its signed letter"},
		"status":     {runStatus, "status [ID] [--json]: who has done what"},
		"remind":     {runRemind, "remind ID: remind every unit not done now (at most once an hour)"},
		"reminders":  {runReminders, "reminders plan ID [--json]: the reminders still to come"},
		"doctor":     {runDoctor, "doctor: check configuration, database, clock, holidays, Telegram and Zalo, and say what to fix"},
		"login-link": {runLoginLink, "login-link --person ID: a one-time dashboard login link (10 minutes)"},
		"report":     {runReport, "report ID -o FILE.xlsx [--format csv]: the summary report for the level above"},
		"zalo":       {runZalo, "zalo token set TOKEN: store a fresh Zalo OA refresh token"},
		"clip":       {runClip, "clip reach CLIP_ID [--views N] [--likes N] [--shares N] [--comments N]: a clip's reach figures"},
		"scorecard":  {runScorecard, "scorecard --from YYYY-MM-DD --to YYYY-MM-DD [--json] [-o FILE.xlsx]: the units ranked over a period"},
	}
}

// ErrUsage marks a mistake in the command line itself.
var ErrUsage = errors.New("usage")

// Run runs the chidao command with args (without the program name).
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return nil
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		return fmt.Errorf("%w: unknown command %q (run chidao help)", ErrUsage, args[0])
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	level := slog.LevelWarn // one-shot commands keep stderr for errors
	if args[0] == "serve" {
		level = cfg.LogLevel
	}
	e := &env{cfg: cfg, stdout: stdout, stderr: stderr, log: newLogger(cfg, stderr, level)}
	defer e.close()
	if err := cmd.run(ctx, e, args[1:]); !errors.Is(err, errHelp) {
		return err
	}
	return nil
}

func newLogger(cfg config.Config, w io.Writer, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "chidao: directives from the Office to its units, followed up in chat.")
	fmt.Fprintln(w, "\nUsage: chidao COMMAND [arguments]\n\nCommands:")
	for _, name := range []string{"serve", "migrate", "doctor", "unit", "group", "invite", "person", "directive", "status", "remind", "reminders",
		"report", "clip", "scorecard", "login-link", "zalo"} {
		fmt.Fprintf(w, "  %-10s %s\n", name, commands()[name].help)
	}
	fmt.Fprintln(w, "\nRun chidao COMMAND -h for a command's flags. Configuration comes from the environment; see README.md.")
}

// open connects to the database, starting the private server and applying
// migrations as needed.
func (e *env) open(ctx context.Context) (*storage.Store, error) {
	if e.store != nil {
		return e.store, nil
	}
	key, err := e.secretKey()
	if err != nil {
		return nil, err
	}
	url := e.cfg.DatabaseURL
	if url == "" {
		pg, err := pgserver.Start(ctx, pgserver.Options{Dir: e.cfg.PostgresDir(), Logger: e.log})
		if err != nil {
			return nil, err
		}
		e.pg, url = pg, pg.URL()
	}
	n, err := storage.Migrate(ctx, url)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		e.log.Info("Applied database migrations", slog.Int("count", int(n)))
	}
	if e.store, err = storage.Open(ctx, url); err != nil {
		return nil, err
	}
	e.store.Now, e.store.CodeKey = e.cfg.Clock(), key
	return e.store, nil
}

func (e *env) close() {
	if e.store != nil {
		e.store.Close()
	}
	if e.pg != nil {
		if err := e.pg.Stop(context.Background()); err != nil {
			e.log.Error("Could not stop the private PostgreSQL server", slog.Any("error", err))
		}
	}
}

// actor names the operating-system user running the CLI in the audit log.
func actor() chidao.Actor {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return chidao.Actor{Label: "cli:" + strings.TrimSpace(name)}
}

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlags("migrate", "migrate")
	if _, err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if _, err := e.open(ctx); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "database schema is at version %d\n", storage.SchemaVersion())
	return nil
}
