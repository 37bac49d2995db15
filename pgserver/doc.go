// Package pgserver runs a private PostgreSQL server for chidao: Start
// creates a cluster with initdb under a directory of the caller's choice
// (chidao uses ./var/pg when no DATABASE_URL is configured), starts it on a
// free 127.0.0.1 port with unix sockets disabled, and creates the database
// "chidao" owned by superuser "chidao". Logins need a password (SCRAM): it
// is generated at initdb and kept in chidao.password (mode 0600) in the
// data directory; URL carries it. A cluster made by an older chidao with
// trust authentication is switched to a password on its first start. A second
// process starting on the same directory attaches to the running server
// instead; a flock on <Dir>.lock serialises the check-and-start. The
// server log is <Dir>.log. Every Server holds a shared flock on
// <Dir>.users while in use; Stop stops the postmaster only when it can then
// take that lock exclusively (it is the last user), whoever started it, so
// a CLI command never pulls the database from under a running serve, and an
// orphan left by a killed starter is stopped by the next last user.
//
// Known limit: whoever can read the data directory (its owner and root)
// can read the password and log in as superuser.
//
// The test harness uses the same package with
// Options.Ephemeral for speed.
//
// Existing data is never removed or re-initialised: a cluster of another
// major version, or a non-empty directory without PG_VERSION, is an error.
// The only file ever deleted is a stale postmaster.pid (its PID is dead, a
// zombie, or not a postgres whose working directory is this data
// directory); that is safe because PostgreSQL's own shared-memory interlock
// still refuses to start while processes of the old server remain.
//
// Facts that were not obvious when this package was written:
//
//   - PostgreSQL refuses to run as root. As root, pgserver runs initdb,
//     pg_ctl and postgres as the owner of an existing cluster, else as
//     "postgres", else "nobody", with supplementary groups dropped, and
//     with working directory "/" (the caller's may be unreadable to that
//     user). The data directory, log and lock file are chowned to it.
//   - A checkout under /root (mode 0700), or any directory from
//     os.MkdirTemp / t.TempDir (also 0700), cannot be traversed by that
//     user. pgserver detects the blocking ancestor and places the cluster
//     under /var/lib/chidao instead (moving an existing one with rename),
//     leaving a symlink at the configured path and a warning in the log.
//     It never gives the server a capability: an earlier version granted
//     CAP_DAC_READ_SEARCH, which let any database login read every file
//     on the machine (pg_read_file, COPY TO PROGRAM).
//   - pg_ctl -o options and the -D/-l paths go through /bin/sh (the paths
//     inside double quotes), so the empty unix_socket_directories value is
//     passed as a pair of shell single quotes, and paths containing
//     " $ ` \ or a newline are refused.
//   - pg_ctl start -w (PostgreSQL 10+) waits by reading the status line of
//     postmaster.pid, so it works with unix sockets disabled.
//   - kill(pid, 0) succeeds on zombies. In this sandbox PID 1 reaps
//     orphaned processes only lazily, so a killed or stopped postmaster can
//     linger as a zombie; liveness therefore also reads /proc/PID/stat.
//   - Debian's /usr/bin/pg_config is a postgresql-common wrapper answering
//     for the newest postgresql-server-dev-N or for libpq-dev, whose bindir
//     need not contain a server, so every candidate bin directory is
//     checked for initdb, pg_ctl and postgres. Debian installs majors side
//     by side, so an existing cluster prefers /usr/lib/postgresql/<its
//     major>/bin over the newest one.
//   - initdb removes what it created when it gets SIGINT but not SIGKILL,
//     so a cancelled context interrupts it with SIGINT.
package pgserver
