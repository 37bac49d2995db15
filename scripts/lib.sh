# Shared by scripts/run and scripts/test: install what a fresh Debian
# machine with Go lacks. Sourced, not run.

# ensure_postgres installs PostgreSQL's server binaries from Debian's
# packages when none are found. chidao runs its own private server with
# them; it does not use a system cluster.
ensure_postgres() {
  if [ -n "${CHIDAO_PG_BINDIR:-}" ] || command -v pg_ctl >/dev/null 2>&1 \
    || compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null; then
    return 0
  fi
  echo "PostgreSQL binaries not found: installing Debian's postgresql package" >&2
  apt_install postgresql
}

# apt_install installs Debian packages, with sudo when not root.
apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

ensure_go() {
  if ! command -v go >/dev/null 2>&1; then
    [ -x /usr/local/go/bin/go ] && export PATH="$PATH:/usr/local/go/bin" && return 0
    echo "Go is not installed: install Go 1.26 or newer first" >&2
    exit 1
  fi
}

# ensure_chromium installs Debian's chromium for the browser tests when no
# Chromium is found.
ensure_chromium() {
  if [ -n "${CHIDAO_CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
    return 0
  fi
  echo "Chromium not found: installing Debian's chromium package for the browser tests" >&2
  apt_install chromium
}
