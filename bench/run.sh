#!/usr/bin/env bash
# GuestSync performance run: in-process micro-benchmarks, then (a) emulator direct, (b) plain YARP pass-through,
# (c) the gateway's /api/profile-sync, interleaved on loopback with wrk; then the scale checks.
#
#   bench/run.sh            full run (~10 min), results in bench/results/
#   bench/run.sh --quick    smoke run (~2 min), no micro-benchmarks unless --micro is also given
#   options: --micro / --no-micro, --no-pin (do not split the two cores between wrk and the servers)
#
# Everything runs on 127.0.0.1; the run stops by itself (every wrk run has a fixed duration, servers are
# killed on exit). Installs wrk and gnuplot-nox with apt-get when missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
RESULTS="${BENCH_RESULTS:-$BENCH/results}"
WORK="$(mktemp -d /tmp/guestsync-bench.XXXXXX)"

QUICK=0; MICRO=""; PIN=1
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --micro) MICRO=1 ;;
    --no-micro) MICRO=0 ;;
    --no-pin) PIN=0 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

if [[ $QUICK == 1 ]]; then
  WARMUP=3; DURATION=5; ROUNDS=1; SCAN_DURATION=3; HALF_DURATION=5; HALF_ROUNDS=1
  SOAK_TARGET=20000; SOAK_MAX_SECONDS=30; MICRO="${MICRO:-0}"
else
  WARMUP=10; DURATION=10; ROUNDS=5; SCAN_DURATION=6; HALF_DURATION=12; HALF_ROUNDS=2
  SOAK_TARGET=200000; SOAK_MAX_SECONDS=150; MICRO="${MICRO:-1}"
fi
CONNECTIONS=64                      # the fixed concurrency of the main rounds
SCAN_CONNECTIONS=(1 8 64 256)
EMULATOR_PORT="${BENCH_EMULATOR_PORT:-5190}"
GATEWAY_PORT="${BENCH_GATEWAY_PORT:-5180}"
EMULATOR="http://127.0.0.1:$EMULATOR_PORT"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
CLIENT_ID=bench-client
CLIENT_SECRET=bench-secret
# Both servers log at Warning: the run measures the code, not the console. See README "Logging".
LOG_LEVEL="${BENCH_LOG_LEVEL:-Warning}"

LOADAVG_START="$(cut -d' ' -f1-3 /proc/loadavg)"
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

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
log "starting the gateway on $GATEWAY"
ProxyConfigPath="$WORK/proxy.json" Genesys__ApiBaseUrl="$EMULATOR" Genesys__LoginBaseUrl="$EMULATOR" \
Genesys__ClientId=$CLIENT_ID Genesys__ClientSecret=$CLIENT_SECRET \
Encryption__KeySet="{\"keys\":[{\"kty\":\"oct\",\"kid\":\"bench\",\"k\":\"$KEY\"}]}" Encryption__ActiveKeyId=bench \
Logging__LogLevel__Default=$LOG_LEVEL \
Genesys__Resilience__RequestsPerMinute=0 \
Security__RateLimits__PerClient__PermitLimit=1000000000 Security__RateLimits__PerGuest__PermitLimit=1000000000 \
Security__RateLimits__MaxConcurrentRequests=100000 Security__RateLimits__MaxConcurrentPerClient=100000 Profiles__default__Binding__Required=false \
  "${SERVER[@]}" dotnet "$ROOT/src/GuestSync.Gateway/bin/Release/net10.0/GuestSync.Gateway.dll" --urls "$GATEWAY" \
  >"$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!; PIDS+=("$GATEWAY_PID")
wait_for "$GATEWAY/healthz"

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

# run PHASE SETUP ROUND CONNECTIONS SECONDS [DELAY_MS]: one wrk run, one JSON line in runs.jsonl
run() {
  local phase=$1 setup=$2 round=$3 connections=$4 seconds=$5 delay=${6:-0} url script
  case "$setup" in
    a) url=$EMULATOR; script=patch.lua; export PATCH_PATH_PREFIX=/api/v2/guests/ ;;
    b) url=$GATEWAY; script=patch.lua; export PATCH_PATH_PREFIX=/passthrough/api/v2/guests/ ;;
    c) url=$GATEWAY; script=form.lua ;;
  esac
  local gw0 em0 out line
  gw0=$(ticks "$GATEWAY_PID"); em0=$(ticks "$EMULATOR_PID")
  out=$(WRK_DELAY_MS=$delay "${LOADGEN[@]}" wrk -t1 -c"$connections" -d"${seconds}s" --timeout 5s --latency \
    -s "$BENCH/e2e/$script" "$url")
  line=$(grep '^WRKJSON ' <<<"$out" | sed 's/^WRKJSON {//')
  printf '{"phase":"%s","setup":"%s","round":%d,"connections":%d,"seconds":%d,"delay_ms":%d,"gateway_cpu_ticks":%d,"emulator_cpu_ticks":%d,"gateway_rss_kb":%d,"emulator_rss_kb":%d,%s\n' \
    "$phase" "$setup" "$round" "$connections" "$seconds" "$delay" \
    $(($(ticks "$GATEWAY_PID") - gw0)) $(($(ticks "$EMULATOR_PID") - em0)) \
    "$(rss_kb "$GATEWAY_PID")" "$(rss_kb "$EMULATOR_PID")" "$line" >>"$RUNS"
  if [[ $setup == c ]]; then
    C_SUBMISSIONS=$((C_SUBMISSIONS + $(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["requests"])' "{$line")))
  fi
  log "$phase $setup round $round c=$connections: $(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("%.0f req/s, p99 %d us, non-2xx %d" % (r["requests"] / r["duration_us"] * 1e6, r["p99_us"], r["non2xx"]))' "{$line")"
}

log "warm-up"
for s in a b c; do run warmup "$s" 0 "$CONNECTIONS" "$WARMUP"; done

log "main rounds: a,b,c x $ROUNDS at $CONNECTIONS connections, ${DURATION}s each"
for r in $(seq 1 "$ROUNDS"); do
  for s in a b c; do run main "$s" "$r" "$CONNECTIONS" "$DURATION"; done
  # Steady state: after warm-up and the first full round at the main concurrency.
  [[ $r == 1 ]] && { RSS_STEADY_KB=$(rss_kb "$GATEWAY_PID"); SUBMISSIONS_AT_STEADY=$C_SUBMISSIONS; }
done

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
  "token_lifetime_s": 86400,
  "submissions": $C_SUBMISSIONS,
  "rss_steady_kb": $RSS_STEADY_KB,
  "submissions_at_steady": $SUBMISSIONS_AT_STEADY,
  "rss_end_kb": $RSS_END_KB
}
JSON

log "report"
python3 "$BENCH/e2e/report.py" "$RESULTS"
gnuplot "$RESULTS/raw/chart.gp"
log "done: $RESULTS/latest.md, $RESULTS/latest.png"
