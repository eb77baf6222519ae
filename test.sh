#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh Debian/Ubuntu machine, then runs every test.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH." >&2
  exit 1
fi

# Debian packages the tests use (a real browser for the browser tests, a PostgreSQL server for the
# shared-store tests). Installed only when missing.
have_postgres() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || return 1
  # As root the server runs as the 'postgres' system user, which the package creates.
  [ "$(id -u)" != 0 ] || getent passwd postgres >/dev/null
}
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# The README's going-live walkthrough, which a test runs through bash, uses openssl and curl.
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v curl >/dev/null 2>&1 || need+=(curl)
have_postgres || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "test.sh: installing ${need[*]} with sudo"
    sudo -n apt-get update -qq && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "test.sh: please install ${need[*]} (the browser tests need chromium, the shared-store tests a PostgreSQL server, the going-live test openssl and curl)" >&2
    exit 1
  fi
fi

# Every gateway a test starts watches its settings and route files (inotify). One test process starts hundreds of
# hosts over its run, more than the common default of 128 inotify instances per user: raise it where we may.
inotify=/proc/sys/fs/inotify/max_user_instances
if [ -r "$inotify" ] && [ "$(cat "$inotify")" -lt 1024 ]; then
  if [ "$(id -u)" = 0 ] && (echo 1024 > "$inotify") 2>/dev/null; then
    echo "test.sh: raised fs.inotify.max_user_instances to 1024"
  elif command -v sudo >/dev/null 2>&1 && sudo -n sysctl -q fs.inotify.max_user_instances=1024 2>/dev/null; then
    echo "test.sh: raised fs.inotify.max_user_instances to 1024 with sudo"
  else
    echo "test.sh: fs.inotify.max_user_instances is $(cat "$inotify"); if tests fail with 'inotify instances has been reached', run: sudo sysctl fs.inotify.max_user_instances=1024" >&2
  fi
fi

# npm packages the tests run (npm registry only): the official Genesys JavaScript SDK, which the emulator's SDK
# contract test drives, and jose, which docs/security.md's Node snippet for minting binding tokens uses.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "test.sh: node and npm are required (the emulator's SDK contract test and the docs' Node snippets run on node)" >&2
  exit 1
fi
for package in tests/GuestSync.Emulator.Tests/Sdk tests/GuestSync.Gateway.Tests/Docs/Node; do
  if [ ! -d "$package/node_modules" ] || [ "$package/package-lock.json" -nt "$package/node_modules" ]; then
    echo "test.sh: installing npm packages (npm ci in $package)"
    (cd "$package" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

# One throwaway PostgreSQL cluster for the whole run (tests/postgres-cluster.sh), stopped and removed
# on every exit: success, failure, Ctrl-C or TERM (and by its watchdog if this script is killed).
log=$(mktemp)
pg_dir=""
cleanup() {
  rm -f "$log"
  if [ -n "$pg_dir" ]; then tests/postgres-cluster.sh stop "$pg_dir" || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
started=$(date +%s%N)
pg_out=$(tests/postgres-cluster.sh start $$)
pg_dir=$(sed -n 1p <<<"$pg_out")
export GUESTSYNC_TEST_POSTGRES=$(sed -n 2p <<<"$pg_out")
echo "test.sh: throwaway PostgreSQL in $pg_dir (started in $(( ($(date +%s%N) - started) / 1000000 )) ms)"
status=0
dotnet test GuestSync.sln --nologo "$@" 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test projects.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/ {
       gsub(",", ""); f += $4; p += $6; s += $8 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
