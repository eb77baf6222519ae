#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: the one place that knows how to start and stop it.
# Used by ./test.sh and by the xunit fixture (PostgresClusterFixture) when GUESTSYNC_TEST_POSTGRES is not set.
#
#   postgres-cluster.sh start [WATCH_PID]  -> prints the cluster folder, then the Npgsql connection string
#   postgres-cluster.sh stop DIR           -> stops the cluster and removes its folder (idempotent)
#   postgres-cluster.sh pause DIR / resume DIR -> stops the server keeping its data / starts it again (outage tests)
#
# The cluster lives in a fresh temporary folder, listens on a unix socket inside that folder only
# (no TCP port, so no port to race for and nothing reachable from outside), trusts local connections,
# and runs with fsync off (test data need not survive a power cut). As root, initdb refuses to run, so
# the folder belongs to the 'postgres' system user and every server command runs as that user.
# With WATCH_PID, a small watchdog stops and removes the cluster when that process is gone, so a test
# run killed with SIGKILL does not leave a server behind.
set -euo pipefail

fail() { echo "postgres-cluster.sh: $*" >&2; exit 1; }

find_bindir() {
  local d
  if [ -n "${GUESTSYNC_PG_BINDIR:-}" ]; then
    [ -x "$GUESTSYNC_PG_BINDIR/initdb" ] || return 1
    echo "$GUESTSYNC_PG_BINDIR"; return
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  d=$(command -v initdb 2>/dev/null || true)
  [ -n "$d" ] && { dirname "$d"; return; }
  return 1
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_cluster() {
  local dir=$1 bindir
  [ -d "$dir" ] || return 0
  if [ -f "$dir/data/postmaster.pid" ] && bindir=$(find_bindir); then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

start_cluster() {
  local watch_pid=${1:-} bindir dir
  bindir=$(find_bindir) || fail "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's 'postgresql' package (./test.sh does it) or set GUESTSYNC_PG_BINDIR"
  if [ "$(id -u)" = 0 ]; then
    getent passwd postgres >/dev/null || fail "running as root, but there is no 'postgres' system user to run the server as (install Debian's 'postgresql' package)"
  fi

  # Short path: a unix socket path is limited to 107 bytes.
  dir=$(mktemp -d /tmp/guestsync-pg.XXXXXX)
  chmod 700 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  trap 'stop_cluster "$dir"' ERR INT TERM

  as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; fail "initdb failed"; }
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $dir -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null 2>&1 \
    || { cat "$dir/server.log" >&2 2>/dev/null || true; fail "the server did not start (log above)"; }
  trap - ERR INT TERM

  if [ -n "$watch_pid" ]; then
    # Detached from our stdout so the caller's read of our output ends when we exit.
    nohup bash -c 'while kill -0 "$1" 2>/dev/null && [ -d "$2" ]; do sleep 1; done; "$3" stop "$2"' \
      watchdog "$watch_pid" "$dir" "$(readlink -f "$0")" >/dev/null 2>&1 </dev/null &
  fi

  echo "$dir"
  echo "Host=$dir;Port=5432;Username=postgres;Database=postgres"
}

# Stops the server but keeps the cluster (a database outage in a test); 'resume' starts it again on the same socket.
pause_cluster() {
  local dir=$1 bindir
  bindir=$(find_bindir) || fail "PostgreSQL server binaries not found"
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || fail "the server in $dir did not stop"
}

resume_cluster() {
  local dir=$1 bindir
  bindir=$(find_bindir) || fail "PostgreSQL server binaries not found"
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $dir -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null 2>&1 || fail "the server in $dir did not start again"
}

case "${1:-}" in
  start) start_cluster "${2:-}" ;;
  pause) [ -n "${2:-}" ] || fail "usage: $0 pause DIR"; pause_cluster "$2" ;;
  resume) [ -n "${2:-}" ] || fail "usage: $0 resume DIR"; resume_cluster "$2" ;;
  stop) [ -n "${2:-}" ] || fail "usage: $0 stop DIR"; stop_cluster "$2" ;;
  *) fail "usage: $0 start [WATCH_PID] | stop DIR | pause DIR | resume DIR" ;;
esac
