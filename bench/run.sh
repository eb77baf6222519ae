#!/usr/bin/env bash
# GuestSync performance run: in-process micro-benchmarks, then (a) emulator direct, (b) plain YARP pass-through,
# (c) the gateway's /api/profile-sync, and beside (c) the other paths a submission takes: (d) keyed (a new
# Idempotency-Key per post), (e) queued (every post written to the SQLite outbox, 202), (f) fleet live and
# (g) fleet queued (Store:Provider=Postgres on a throwaway cluster), interleaved on loopback with wrk; then the
# scale checks.
#
#   bench/run.sh            full run (~15 min), results in bench/results/
#   bench/run.sh --quick    smoke run (~3 min), no micro-benchmarks unless --micro is also given
#   options: --micro / --no-micro, --no-pin (do not split the two cores between wrk and the servers),
#            --no-paths (only a, b, c), --no-fleet (no PostgreSQL: d and e only),
#            --rounds=N (main rounds at 64 connections, 1-50; default 5, --quick 1)
#
# Everything runs on 127.0.0.1; the run stops by itself (every wrk run has a fixed duration, servers and the
# PostgreSQL cluster are stopped on exit, also on failure). Installs wrk and gnuplot-nox with apt-get when missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
RESULTS="${BENCH_RESULTS:-$BENCH/results}"

QUICK=0; MICRO=""; PIN=1; PATHS=1; FLEET=1; ROUNDS_OPTION=""
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --micro) MICRO=1 ;;
    --no-micro) MICRO=0 ;;
    --no-pin) PIN=0 ;;
    --no-paths) PATHS=0 ;;
    --no-fleet) FLEET=0 ;;
    --rounds=*) ROUNDS_OPTION=${arg#--rounds=}
      [[ $ROUNDS_OPTION =~ ^[0-9]+$ ]] && ((ROUNDS_OPTION >= 1 && ROUNDS_OPTION <= 50)) ||
        { echo "--rounds= takes a number from 1 to 50" >&2; exit 2; } ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

if [[ $QUICK == 1 ]]; then
  WARMUP=3; DURATION=5; ROUNDS=1; SCAN_DURATION=3; HALF_DURATION=5; HALF_ROUNDS=1
  SINGLE_DURATION=3; SINGLE_ROUNDS=1
  SOAK_TARGET=20000; SOAK_MAX_SECONDS=30; MICRO="${MICRO:-0}"
else
  WARMUP=10; DURATION=10; ROUNDS=5; SCAN_DURATION=6; HALF_DURATION=12; HALF_ROUNDS=2
  SINGLE_DURATION=5; SINGLE_ROUNDS=2
  SOAK_TARGET=200000; SOAK_MAX_SECONDS=150; MICRO="${MICRO:-1}"
fi
ROUNDS=${ROUNDS_OPTION:-$ROUNDS}
CONNECTIONS=64                      # the fixed concurrency of the main rounds
SCAN_CONNECTIONS=(1 8 64 256)
EMULATOR_PORT="${BENCH_EMULATOR_PORT:-5190}"
GATEWAY_PORT="${BENCH_GATEWAY_PORT:-5180}"
EMULATOR="http://127.0.0.1:$EMULATOR_PORT"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
# The paths' own gateways, one process each (their stores and settings differ), on the next four ports.
KEYED="http://127.0.0.1:$((GATEWAY_PORT + 1))"
QUEUED="http://127.0.0.1:$((GATEWAY_PORT + 2))"
FLEET_LIVE="http://127.0.0.1:$((GATEWAY_PORT + 3))"
FLEET_QUEUED="http://127.0.0.1:$((GATEWAY_PORT + 4))"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
CLIENT_ID=bench-client
CLIENT_SECRET=bench-secret
# Both servers log at Warning: the run measures the code, not the console. See README "Logging".
LOG_LEVEL="${BENCH_LOG_LEVEL:-Warning}"

LOADAVG_START="$(cut -d' ' -f1-3 /proc/loadavg)"
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# Made only now: --help and a wrong option leave nothing behind.
WORK="$(mktemp -d /tmp/guestsync-bench.XXXXXX)"
PIDS=(); PG_DIR=""
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -n $PG_DIR ]]; then "$ROOT/tests/postgres-cluster.sh" stop "$PG_DIR" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools ---------------------------------------------------------------------------------------------------
need_apt=()
command -v wrk >/dev/null || need_apt+=(wrk)
command -v gnuplot >/dev/null || need_apt+=(gnuplot-nox)
if ((${#need_apt[@]})); then
  log "installing ${need_apt[*]}"
  SUDO=""; [[ $(id -u) == 0 ]] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Two cores: wrk on CPU 0, both servers on CPU 1, so the load generator never takes server time and every
# setup gets the same single server core. With --no-pin (or fewer than 2 CPUs) everything shares everything.
# taskset execs its command, so $! of a background server is the server's own PID (for /proc/<pid>/stat).
if [[ $PIN == 1 && $(nproc) -ge 2 ]]; then
  SERVER=(taskset -c 1); LOADGEN=(taskset -c 0)
else
  PIN=0; SERVER=(); LOADGEN=()
fi

# --- build ---------------------------------------------------------------------------------------------------
log "building Release"
dotnet build -c Release -nologo -v q "$ROOT/src/GuestSync.Emulator/GuestSync.Emulator.csproj" >/dev/null
dotnet build -c Release -nologo -v q "$ROOT/src/GuestSync.Gateway/GuestSync.Gateway.csproj" >/dev/null
mkdir -p "$RESULTS/raw"

# --- micro-benchmarks ----------------------------------------------------------------------------------------
if [[ $MICRO == 1 ]]; then
  log "in-process micro-benchmarks (BenchmarkDotNet)"
  dotnet build -c Release -nologo -v q "$BENCH/GuestSync.Benchmarks/GuestSync.Benchmarks.csproj" >/dev/null
  rm -rf "$WORK/bdn"
  "${SERVER[@]}" dotnet "$BENCH/GuestSync.Benchmarks/bin/Release/net10.0/GuestSync.Benchmarks.dll" \
    --filter '*' --artifacts "$WORK/bdn" >"$WORK/bdn.log" 2>&1
  cp "$WORK"/bdn/results/*-report-github.md "$RESULTS/micro.md"
  cp "$WORK"/bdn/results/*-report.csv "$RESULTS/raw/micro.csv"
  cp "$WORK"/bdn/results/*-report-brief.json "$RESULTS/raw/micro.json"
fi

# --- servers -------------------------------------------------------------------------------------------------
wait_for() { # url [curl args...]
  local url=$1; shift
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$@" "$url" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "timed out waiting for $url" >&2; exit 1
}

log "starting the emulator on $EMULATOR (rate limit off, recording off)"
Emulator__RateLimitPerMinute=0 Emulator__ReceivedRequestCapacity=0 Emulator__CreateGuestsOnFirstWrite=true \
Emulator__AdminApiEnabled=true Emulator__Clients__0__ClientId=$CLIENT_ID Emulator__Clients__0__ClientSecret=$CLIENT_SECRET \
Emulator__Clients__0__TokenLifetimeSeconds=86400 Logging__LogLevel__Default=$LOG_LEVEL \
  "${SERVER[@]}" dotnet "$ROOT/src/GuestSync.Emulator/bin/Release/net10.0/GuestSync.Emulator.dll" --urls "$EMULATOR" \
  >"$WORK/emulator.log" 2>&1 &
EMULATOR_PID=$!; PIDS+=("$EMULATOR_PID")
wait_for "$EMULATOR/admin/stats"

cat >"$WORK/proxy.json" <<JSON
{
  "ReverseProxy": {
    "Routes": {
      "profile-sync": {
        "ClusterId": "genesys-default",
        "Match": { "Path": "/api/profile-sync" },
        "Transforms": [ { "GuestProfilePatch": "default" } ]
      },
      "passthrough": {
        "ClusterId": "plain",
        "Match": { "Path": "/passthrough/{**rest}" },
        "Transforms": [ { "PathPattern": "/{**rest}" } ]
      }
    },
    "Clusters": {
      "genesys-default": { "Metadata": { "GenesysOrg": "default" } },
      "plain": { "Destinations": { "emulator": { "Address": "$EMULATOR/" } } }
    }
  }
}
JSON

KEY=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
# start_gateway NAME URL [Setting=value ...]: one gateway process with the bench's settings (the extra ones override
# them) and its own data folder (its SQLite store) under $WORK; sets STARTED_PID.
start_gateway() {
  local name=$1 url=$2; shift 2
  mkdir -p "$WORK/data-$name"
  env GUESTSYNC_DATA="$WORK/data-$name" ProxyConfigPath="$WORK/proxy.json" \
    Genesys__ApiBaseUrl="$EMULATOR" Genesys__LoginBaseUrl="$EMULATOR" Genesys__ClientId=$CLIENT_ID Genesys__ClientSecret=$CLIENT_SECRET \
    Encryption__KeySet="{\"keys\":[{\"kty\":\"oct\",\"kid\":\"bench\",\"k\":\"$KEY\"}]}" Encryption__ActiveKeyId=bench \
    Logging__LogLevel__Default=$LOG_LEVEL \
    Genesys__Resilience__RequestsPerMinute=0 \
    Security__RateLimits__PerClient__PermitLimit=1000000000 Security__RateLimits__PerGuest__PermitLimit=1000000000 \
    Security__RateLimits__MaxConcurrentRequests=100000 Security__RateLimits__MaxConcurrentPerClient=100000 Profiles__default__Binding__Required=false \
    "$@" "${SERVER[@]}" dotnet "$ROOT/src/GuestSync.Gateway/bin/Release/net10.0/GuestSync.Gateway.dll" --urls "$url" \
    >"$WORK/gateway-$name.log" 2>&1 &
  STARTED_PID=$!; PIDS+=("$STARTED_PID")
}

log "starting the gateway on $GATEWAY"
start_gateway main "$GATEWAY"; GATEWAY_PID=$STARTED_PID

# --- the other paths' gateways ---------------------------------------------------------------------------------
# (d) keyed: the same settings as (c)'s gateway, its own process, so its growing idempotency table and SQLite cache
#     stay out of (c)'s RSS; every post carries a new Idempotency-Key (e2e/form-keyed.lua).
# (e) queued: the same settings; its organization is put in a 429 cool-down of a day before the rounds (one post
#     answered 429 by the emulator, see arm_cool_down), so every post is admitted and written to the SQLite outbox
#     at once (WAL, synchronous=FULL) and answered 202, nothing sent; the deliverer waits for the cool-down. Every post
#     is a new guest (e2e/form-distinct.lua), so each one is a new row, and Delivery:MaxPending is raised so the run's
#     rows never meet it (a 503 would end the path being measured).
# (f) fleet live: Store:Provider=Postgres on a throwaway cluster (tests/postgres-cluster.sh: unix socket, fsync off),
#     database bench_live; a budget of 60,000,000 a minute, so every send takes a permit from the shared budget row
#     (as a fleet always does) and the permit never makes it wait; the guest's in-flight row around each send.
# (g) fleet queued: as (f) on its own database (bench_queued), cooled down like (e): every post goes to the
#     PostgreSQL outbox, 202.
SETUPS=(a b c)
declare -A URL_OF=([a]=$EMULATOR [b]=$GATEWAY [c]=$GATEWAY) SCRIPT_OF=([a]=patch.lua [b]=patch.lua [c]=form.lua)
declare -A PID_OF=([a]=$GATEWAY_PID [b]=$GATEWAY_PID [c]=$GATEWAY_PID)
PG_PID=0
if [[ $PATHS == 1 ]]; then
  log "starting (d) keyed on $KEYED, (e) queued on $QUEUED"
  start_gateway keyed "$KEYED"; PID_OF[d]=$STARTED_PID
  start_gateway queued "$QUEUED" Delivery__MaxPending=100000000; PID_OF[e]=$STARTED_PID
  URL_OF[d]=$KEYED; SCRIPT_OF[d]=form-keyed.lua; URL_OF[e]=$QUEUED; SCRIPT_OF[e]=form-distinct.lua
  SETUPS+=(d e)
  if [[ $FLEET == 1 && -z $PG_BIN ]]; then
    log "no PostgreSQL server binaries under /usr/lib/postgresql: (f) and (g) skipped (apt-get install postgresql)"
    FLEET=0
  fi
  if [[ $FLEET == 1 ]]; then
    log "starting a throwaway PostgreSQL cluster (tests/postgres-cluster.sh)"
    # The script's watchdog stops the cluster if this shell dies without running its trap.
    PG_OUT=$("$ROOT/tests/postgres-cluster.sh" start $$)
    PG_DIR=$(sed -n 1p <<<"$PG_OUT"); PG_CONNECTION=$(sed -n 2p <<<"$PG_OUT")
    PG_PID=$(head -1 "$PG_DIR/data/postmaster.pid")
    if [[ $PIN == 1 ]]; then
      # A server like the others: on CPU 1 with them (backends forked later inherit the postmaster's affinity).
      for pid in "$PG_PID" $(ps -o pid= --ppid "$PG_PID"); do taskset -apc 1 "$pid" >/dev/null 2>&1 || true; done
    fi
    "$PG_BIN/psql" -h "$PG_DIR" -U postgres -d postgres -qAt -c "CREATE DATABASE bench_live" -c "CREATE DATABASE bench_queued" >/dev/null
    log "starting (f) fleet live on $FLEET_LIVE, (g) fleet queued on $FLEET_QUEUED"
    start_gateway fleet-live "$FLEET_LIVE" Store__Provider=Postgres \
      ConnectionStrings__GuestSync="${PG_CONNECTION/Database=postgres/Database=bench_live}" Genesys__Resilience__RequestsPerMinute=60000000
    PID_OF[f]=$STARTED_PID
    start_gateway fleet-queued "$FLEET_QUEUED" Store__Provider=Postgres \
      ConnectionStrings__GuestSync="${PG_CONNECTION/Database=postgres/Database=bench_queued}" Genesys__Resilience__RequestsPerMinute=60000000 \
      Delivery__MaxPending=100000000
    PID_OF[g]=$STARTED_PID
    URL_OF[f]=$FLEET_LIVE; SCRIPT_OF[f]=form.lua; URL_OF[g]=$FLEET_QUEUED; SCRIPT_OF[g]=form-distinct.lua
    SETUPS+=(f g)
  fi
fi
PATH_SETUPS=("${SETUPS[@]:3}")
for s in "${SETUPS[@]:1}"; do wait_for "${URL_OF[$s]}/healthz"; done

# post URL GUEST_SUFFIX [curl args...]: one form post outside the measured runs; prints "<status> <body status>".
post() {
  local url=$1 guest=$2; shift 2
  curl -sS -o "$WORK/answer.json" -w '%{http_code}' -H 'Accept: application/json' "$@" \
    -d "guestId=0c0c0c0c-0000-4000-8000-$guest&name=Ada+Lovelace&email=ada.lovelace%40example.com&phone=%2B44+20+7946+0000" \
    "$url/api/profile-sync"
  printf ' %s\n' "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("status"))' "$WORK/answer.json" 2>/dev/null || echo '?')"
}
# expect SETUP WANT GUEST_SUFFIX [curl args...]: fails the run unless the setup answers as it should be measured.
expect() {
  local setup=$1 want=$2 got; shift 2
  got=$(post "${URL_OF[$setup]}" "$@")
  [[ $got == "$want" ]] || { echo "($setup) answered '$got', expected '$want': not the path to measure" >&2; exit 1; }
}
# arm_cool_down SETUP: the emulator answers the next guest PATCH 429 with Retry-After of a day; the setup's gateway
# sends it (nothing else runs now), closes its organization's gate (in a fleet, the shared cool-down row) and queues.
arm_cool_down() {
  curl -fsS -o /dev/null -H 'Content-Type: application/json' \
    -d '{"pathPrefix":"/api/v2/guests","statusCode":429,"count":1,"retryAfter":"86400"}' "$EMULATOR/admin/faults/fail"
  expect "$1" "202 queued" 000000000001
}
tokens_issued() { curl -fsS "$EMULATOR/admin/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["tokensIssued"])'; }
expect c "200 synced" 000000000000
# Each path's gateway takes a token of its own (the fleets one per database): counted here, so the token target stays
# about (c)'s gateway.
PATH_TOKENS_FROM=$(tokens_issued)
if [[ $PATHS == 1 ]]; then
  expect d "200 synced" 000000000000 -H 'Idempotency-Key: "bench-check"'
  arm_cool_down e; expect e "202 queued" 000000000002
  if [[ $FLEET == 1 ]]; then
    expect f "200 synced" 000000000000
    arm_cool_down g; expect g "202 queued" 000000000002
  fi
  log "paths checked: (c) synced, $(for s in "${PATH_SETUPS[@]}"; do printf '(%s) ' "$s"; done)as intended"
fi
PATH_TOKENS=$(($(tokens_issued) - PATH_TOKENS_FROM))

# --- the request (a) and (b) send ----------------------------------------------------------------------------
BEARER=$(curl -fsS -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$EMULATOR/oauth/token" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
# What the gateway itself sends for the bench form: four replace ops, three JWE values of the real lengths.
python3 "$BENCH/e2e/sample_patch.py" >"$WORK/patch.json"

export BENCH_LUA_DIR="$BENCH/e2e" BEARER PATCH_BODY_FILE="$WORK/patch.json"
RUNS="$RESULTS/raw/runs.jsonl"
: >"$RUNS"
C_SUBMISSIONS=0

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# The PostgreSQL cluster's CPU: the postmaster and every process it runs now (backends, writers, autovacuum), plus what
# its exited children used (cutime + cstime), so a backend that ends between two readings is still counted.
store_ticks() {
  ((PG_PID)) || { echo 0; return; }
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$PG_PID/stat"
    for pid in $(ps -o pid= --ppid "$PG_PID"); do awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true; done
  } | awk '{t += $1} END {print t + 0}'
}
RUN_SERIAL=0

# run PHASE SETUP ROUND CONNECTIONS SECONDS [DELAY_MS]: one wrk run, one JSON line in runs.jsonl. The gateway CPU and
# RSS are those of the process serving the setup ((c)'s gateway in (a): its idle background).
run() {
  local phase=$1 setup=$2 round=$3 connections=$4 seconds=$5 delay=${6:-0}
  local url=${URL_OF[$setup]} script=${SCRIPT_OF[$setup]} gw_pid=${PID_OF[$setup]}
  case "$setup" in
    a) export PATCH_PATH_PREFIX=/api/v2/guests/ ;;
    b) export PATCH_PATH_PREFIX=/passthrough/api/v2/guests/ ;;
  esac
  # Keeps every run's keys (d) and new guests (e, g) apart from the runs before.
  RUN_SERIAL=$((RUN_SERIAL + 1))
  local gw0 em0 st0 out line
  gw0=$(ticks "$gw_pid"); em0=$(ticks "$EMULATOR_PID"); st0=$(store_ticks)
  out=$(WRK_DELAY_MS=$delay KEY_RUN=$RUN_SERIAL SOAK_RUN=$RUN_SERIAL "${LOADGEN[@]}" wrk -t1 -c"$connections" -d"${seconds}s" --timeout 5s --latency \
    -s "$BENCH/e2e/$script" "$url")
  line=$(grep '^WRKJSON ' <<<"$out" | sed 's/^WRKJSON {//')
  printf '{"phase":"%s","setup":"%s","round":%d,"connections":%d,"seconds":%d,"delay_ms":%d,"gateway_cpu_ticks":%d,"emulator_cpu_ticks":%d,"store_cpu_ticks":%d,"gateway_rss_kb":%d,"emulator_rss_kb":%d,%s\n' \
    "$phase" "$setup" "$round" "$connections" "$seconds" "$delay" \
    $(($(ticks "$gw_pid") - gw0)) $(($(ticks "$EMULATOR_PID") - em0)) $(($(store_ticks) - st0)) \
    "$(rss_kb "$gw_pid")" "$(rss_kb "$EMULATOR_PID")" "$line" >>"$RUNS"
  if [[ $setup == c ]]; then
    C_SUBMISSIONS=$((C_SUBMISSIONS + $(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["requests"])' "{$line")))
  fi
  log "$phase $setup round $round c=$connections: $(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("%.0f req/s, p99 %d us, non-2xx %d" % (r["requests"] / r["duration_us"] * 1e6, r["p99_us"], r["non2xx"]))' "{$line")"
}

log "warm-up"
for s in "${SETUPS[@]}"; do run warmup "$s" 0 "$CONNECTIONS" "$WARMUP"; done

log "main rounds: $(IFS=,; echo "${SETUPS[*]}") x $ROUNDS at $CONNECTIONS connections, ${DURATION}s each"
for r in $(seq 1 "$ROUNDS"); do
  for s in "${SETUPS[@]}"; do run main "$s" "$r" "$CONNECTIONS" "$DURATION"; done
  # Steady state: after warm-up and the first full round at the main concurrency.
  [[ $r == 1 ]] && { RSS_STEADY_KB=$(rss_kb "$GATEWAY_PID"); SUBMISSIONS_AT_STEADY=$C_SUBMISSIONS; }
done

# Unloaded latency of each path: one connection, no think time, (c) and the paths interleaved.
if ((${#PATH_SETUPS[@]})); then
  log "paths at 1 connection: c,$(IFS=,; echo "${PATH_SETUPS[*]}") x $SINGLE_ROUNDS, ${SINGLE_DURATION}s each"
  for r in $(seq 1 "$SINGLE_ROUNDS"); do
    for s in c "${PATH_SETUPS[@]}"; do run single "$s" "$r" 1 "$SINGLE_DURATION"; done
  done
fi

log "latency vs concurrency"
for n in "${SCAN_CONNECTIONS[@]}"; do for s in a b c; do run scan "$s" 0 "$n" "$SCAN_DURATION"; done; done

# Half load: wrk has no fixed-rate mode, so each connection waits 10 ms after each answer; the connection count
# is chosen so that connections / 10 ms is half of (b)'s measured maximum.
B_RPS=$(python3 - "$RUNS" <<'PY'
import json, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
main = [r for r in runs if r["phase"] == "main" and r["setup"] == "b"]
print(int(sum(r["requests"] for r in main) / sum(r["duration_us"] for r in main) * 1e6))
PY
)
HALF_CONNECTIONS=$(( (B_RPS / 2 * 10 + 999) / 1000 )); ((HALF_CONNECTIONS >= 1)) || HALF_CONNECTIONS=1
log "half load: ~$((B_RPS / 2)) req/s = $HALF_CONNECTIONS connections x 10 ms think time"
for r in $(seq 1 "$HALF_ROUNDS"); do for s in b c; do run half "$s" "$r" "$HALF_CONNECTIONS" "$HALF_DURATION" 10; done; done

# The end point is measured at the steady-state concurrency again (more connections hold more buffers), after at
# least SOAK_TARGET submissions in all.
log "soak: (c) at $CONNECTIONS connections until $SOAK_TARGET submissions (at least one run, at most ${SOAK_MAX_SECONDS}s)"
SOAK_START=$SECONDS
run soak c 0 "$CONNECTIONS" "$DURATION"
while ((C_SUBMISSIONS < SOAK_TARGET && SECONDS - SOAK_START < SOAK_MAX_SECONDS)); do
  run soak c 0 "$CONNECTIONS" "$DURATION"
done
RSS_END_KB=$(rss_kb "$GATEWAY_PID")
TOKENS_AFTER=$(curl -fsS "$EMULATOR/admin/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["tokensIssued"])')

# What each path left in its store: outbox rows (only (e) and (g) should have any) and kept keys ((d)), so the report
# can show every measured post took the intended path. Counted while the gateways still run (SQLite WAL: a reader is fine).
sqlite_count() { # NAME TABLE
  python3 - "$WORK/data-$1/guestsync.db" "$2" <<'PY'
import sqlite3, sys, os
if not os.path.exists(sys.argv[1]):
    print(0); sys.exit()
try:
    print(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute(f"select count(*) from {sys.argv[2]}").fetchone()[0])
except sqlite3.OperationalError:
    print(0)
PY
}
pg_count() { "$PG_BIN/psql" -h "$PG_DIR" -U postgres -d "$1" -qAt -c "select count(*) from $2"; }
STORE_ROWS="\"c_outbox\": $(sqlite_count main pending)"
if [[ $PATHS == 1 ]]; then
  STORE_ROWS+=", \"d_outbox\": $(sqlite_count keyed pending), \"d_keys\": $(sqlite_count keyed idempotency_keys), \"e_outbox\": $(sqlite_count queued pending)"
  if [[ $FLEET == 1 ]]; then
    STORE_ROWS+=", \"f_outbox\": $(pg_count bench_live guestsync_outbox), \"g_outbox\": $(pg_count bench_queued guestsync_outbox)"
    PG_VERSION=$("$PG_BIN/psql" -h "$PG_DIR" -U postgres -d postgres -qAt -c "show server_version")
  fi
fi

cat >"$RESULTS/raw/meta.json" <<JSON
{
  "date_utc": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "commit": "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)",
  "mode": "$([[ $QUICK == 1 ]] && echo quick || echo full)",
  "cpus": $(nproc),
  "cpu_model": "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)",
  "memory_gib": $(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo),
  "pinned": $PIN,
  "dotnet": "$(dotnet --version)",
  "wrk": "$(wrk -v 2>&1 | head -1 | awk '{print $2}')",
  "log_level": "$LOG_LEVEL",
  "loadavg_start": "$LOADAVG_START",
  "clk_tck": $(getconf CLK_TCK),
  "connections": $CONNECTIONS,
  "duration_s": $DURATION,
  "rounds": $ROUNDS,
  "half_load_connections": $HALF_CONNECTIONS,
  "half_load_think_ms": 10,
  "tokens_issued_total": $TOKENS_AFTER,
  "tokens_issued_to_paths": $PATH_TOKENS,
  "token_lifetime_s": 86400,
  "submissions": $C_SUBMISSIONS,
  "rss_steady_kb": $RSS_STEADY_KB,
  "submissions_at_steady": $SUBMISSIONS_AT_STEADY,
  "rss_end_kb": $RSS_END_KB,
  "paths": "$(IFS=' '; echo "${PATH_SETUPS[*]}")",
  "single_duration_s": $SINGLE_DURATION,
  "single_rounds": $SINGLE_ROUNDS,
  "postgres": "${PG_VERSION:-}",
  "setup_posts": {"c": 1, "d": 1, "e": 2, "f": 1, "g": 2},
  "store_rows": {$STORE_ROWS}
}
JSON

log "report"
python3 "$BENCH/e2e/report.py" "$RESULTS"
gnuplot "$RESULTS/raw/chart.gp"
log "done: $RESULTS/latest.md, $RESULTS/latest.png"
