#!/usr/bin/env bash
# A throw-away PostgreSQL server on loopback, for tests against a real PostgreSQL.
#
#   .ci/postgres.sh start    # prints the export line for DATABASE_URL_TEST
#   .ci/postgres.sh stop     # stops it and deletes its data
#   .ci/postgres.sh url      # prints DATABASE_URL_TEST
#
# or, from bash:  source .ci/postgres.sh && ci_pg_start && ...; ci_pg_stop
# (sourcing exports DATABASE_URL_TEST into the calling shell).
#
# Needs PostgreSQL's server binaries (Debian: `apt-get install postgresql`). As root the
# server runs as the `postgres` user (it refuses to run as root); otherwise as you.
# Settings: CI_PG_PORT (54329), CI_PG_DIR (/tmp/audit-log-viewer-pg-$CI_PG_PORT).

CI_PG_PORT="${CI_PG_PORT:-54329}"
CI_PG_DIR="${CI_PG_DIR:-${TMPDIR:-/tmp}/audit-log-viewer-pg-${CI_PG_PORT}}"
CI_PG_SOCKET_DIR="${CI_PG_SOCKET_DIR:-/tmp}"
CI_PG_DB=audit_test
CI_PG_ROLE=audit
CI_PG_PASSWORD=audit

# The newest /usr/lib/postgresql/<version>/bin that has a server, or nothing.
ci_pg_bindir() {
  local dir
  dir="$(
    for d in /usr/lib/postgresql/*/bin; do
      if [[ -x "$d/postgres" ]]; then echo "$d"; fi
    done | sort -V | tail -n 1
  )"
  if [[ -z "$dir" ]] && command -v pg_ctl >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
    dir="$(dirname "$(command -v pg_ctl)")"
  fi
  echo "$dir"
}

ci_pg_url() {
  echo "postgres://${CI_PG_ROLE}:${CI_PG_PASSWORD}@127.0.0.1:${CI_PG_PORT}/${CI_PG_DB}"
}

# Runs a command as the server's owner, from a directory that user can read.
_ci_pg_as_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

ci_pg_stop() {
  local bin
  bin="$(ci_pg_bindir)"
  if [[ -n "$bin" && -f "$CI_PG_DIR/data/postmaster.pid" ]]; then
    _ci_pg_as_owner "$bin/pg_ctl" -D "$CI_PG_DIR/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$CI_PG_DIR"
}

ci_pg_start() {
  local bin
  bin="$(ci_pg_bindir)"
  if [[ -z "$bin" ]]; then
    echo "postgres.sh: no PostgreSQL server binaries (apt-get install postgresql)" >&2
    return 1
  fi
  if [[ "$(id -u)" -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    echo "postgres.sh: running as root, but there is no 'postgres' user to run the server" >&2
    return 1
  fi

  # A leftover from an earlier run on the same port goes first.
  ci_pg_stop

  mkdir -p "$CI_PG_DIR"
  chmod 700 "$CI_PG_DIR"
  if [[ "$(id -u)" -eq 0 ]]; then chown postgres: "$CI_PG_DIR"; fi

  # Superuser `postgres` over the Unix socket without a password (a throw-away test
  # server: trust on the socket is fine); TCP connections need the role's password.
  _ci_pg_as_owner "$bin/initdb" -D "$CI_PG_DIR/data" -U postgres -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 >"$CI_PG_DIR/initdb.log" 2>&1 || {
    cat "$CI_PG_DIR/initdb.log" >&2
    return 1
  }
  _ci_pg_as_owner "$bin/pg_ctl" -D "$CI_PG_DIR/data" -l "$CI_PG_DIR/server.log" \
    -o "-k ${CI_PG_SOCKET_DIR} -p ${CI_PG_PORT} -c listen_addresses=127.0.0.1 -c fsync=off" \
    -w start >/dev/null || {
    cat "$CI_PG_DIR/server.log" >&2
    return 1
  }
  local psql="$bin/psql"
  [[ -x "$psql" ]] || psql="$(command -v psql)"
  _ci_pg_as_owner "$psql" -X -q -v ON_ERROR_STOP=1 -h "$CI_PG_SOCKET_DIR" -p "$CI_PG_PORT" \
    -U postgres -d postgres >/dev/null <<SQL || return 1
CREATE ROLE ${CI_PG_ROLE} LOGIN PASSWORD '${CI_PG_PASSWORD}';
CREATE DATABASE ${CI_PG_DB} OWNER ${CI_PG_ROLE};
SQL

  DATABASE_URL_TEST="$(ci_pg_url)"
  export DATABASE_URL_TEST
}

# Executed (not sourced): dispatch on the first argument.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    start)
      ci_pg_start
      echo "PostgreSQL $("$(ci_pg_bindir)/postgres" --version | awk '{print $3}') on 127.0.0.1:${CI_PG_PORT} (data: ${CI_PG_DIR})" >&2
      echo "export DATABASE_URL_TEST=$(ci_pg_url)"
      ;;
    stop) ci_pg_stop ;;
    url) ci_pg_url ;;
    *)
      echo "usage: $0 start|stop|url" >&2
      exit 2
      ;;
  esac
fi
