#!/usr/bin/env bash
# Issue 17 hot path: gateway CPU and allocations per request for (b) plain YARP and (c) /api/profile-sync, and
# optionally the same for a second (baseline) build of the gateway, all in one run with interleaved rounds.
#
#   bench/profile-hotpath.sh [--baseline DIR] [--candidate DIR] [--rounds N] [--seconds S] [--trace c|b] [--perf]
#
#   --baseline DIR  a copied Release output folder (with GuestSync.Gateway.dll) of another commit: it runs beside
#                   this checkout's build against the same emulator, rounds interleaved b,c (baseline) then b,c (this)
#   --candidate DIR run that copied build as "this" instead of building this checkout
#   --trace c|b     after the rounds, a 10 s dotnet-trace (dotnet-sampled-thread-time) and a gc-verbose trace of that setup on
#                   this build, written to $BENCH_RESULTS (default /tmp/hotpath)
#   --perf          after the rounds, 10 s of linux-perf samples (CPU only, with stacks) of (b) and of (c) on this build,
#                   bucketed by component with perf-buckets.py into $BENCH_RESULTS/perf-buckets.md; the gateways then run
#                   with DOTNET_PerfMapEnabled=1 and DOTNET_EnableWriteXorExecute=0 so perf can name JIT code
#
# CPU per request = the gateway process's utime+stime ticks over a wrk run ÷ its requests. Allocations per request =
# dotnet.gc.heap.total_allocated (dotnet-counters, sampled each second) over the run ÷ its requests. The machine is
# shared: compare the ratios of one run, not numbers of different runs. Loopback only; every wrk run is bounded.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
OUT="${BENCH_RESULTS:-/tmp/hotpath}"
WORK="$(mktemp -d /tmp/guestsync-hotpath.XXXXXX)"
BASELINE=""; CANDIDATE=""; ROUNDS=3; SECONDS_PER_RUN=8; TRACE=""; PERF=""
while (($#)); do
  case "$1" in
    --baseline) BASELINE=$2; shift 2 ;;
    --candidate) CANDIDATE=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --trace) TRACE=$2; shift 2 ;;
    --perf) PERF=1; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
CONNECTIONS=64
EMULATOR_PORT="${BENCH_EMULATOR_PORT:-5290}"
GATEWAY_PORT="${BENCH_GATEWAY_PORT:-5280}"
BASE_PORT=$((GATEWAY_PORT + 1))
EMULATOR="http://127.0.0.1:$EMULATOR_PORT"
export PATH="$PATH:$HOME/.dotnet/tools"
LOADAVG_START="$(cut -d' ' -f1-3 /proc/loadavg)"
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
command -v dotnet-counters >/dev/null || { echo "dotnet-counters is missing (dotnet tool install -g dotnet-counters)" >&2; exit 2; }
if [[ -n $PERF ]]; then
  command -v perf >/dev/null || { echo "perf is missing (apt-get install -y linux-perf)" >&2; exit 2; }
fi

PIDS=()
# (--perf: the gateways' perf maps, /tmp/perf-<pid>.map and /tmp/perfinfo-<pid>.map, go with their processes)
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true
  for pid in "${PIDS[@]}"; do rm -f "/tmp/perf-$pid.map" "/tmp/perfinfo-$pid.map"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
source "$BENCH/lib/servers.sh"

log "building Release"
dotnet build -c Release -nologo -v q "$ROOT/src/GuestSync.Emulator/GuestSync.Emulator.csproj" >/dev/null
[[ -n $CANDIDATE ]] || dotnet build -c Release -nologo -v q "$ROOT/src/GuestSync.Gateway/GuestSync.Gateway.csproj" >/dev/null
THIS_DIR="${CANDIDATE:-$ROOT/src/GuestSync.Gateway/bin/Release/net10.0}"
mkdir -p "$OUT"
start_emulator

# start_counted NAME DLL PORT: a gateway (lib/servers.sh) with dotnet-counters sampling its allocations each second
declare -A GW_PID GW_URL COUNTERS
start_counted() {
  if [[ -n $PERF ]]; then
    DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 start_gateway "$1" "$2" "$3"
  else
    start_gateway "$1" "$2" "$3"
  fi
  GW_PID[$1]=$STARTED_PID; GW_URL[$1]=$STARTED_URL
  COUNTERS[$1]="$WORK/counters-$1.csv"
  dotnet-counters collect -p "${GW_PID[$1]}" --counters System.Runtime --refresh-interval 1 --format csv -o "${COUNTERS[$1]}" >/dev/null 2>&1 &
  PIDS+=($!)
}
NAMES=()
if [[ -n $BASELINE ]]; then start_counted base "$BASELINE/GuestSync.Gateway.dll" "$BASE_PORT"; NAMES+=(base); fi
start_counted this "$THIS_DIR/GuestSync.Gateway.dll" "$GATEWAY_PORT"; NAMES+=(this)

RUNS="$OUT/hotpath-runs.jsonl"; : >"$RUNS"

# run NAME SETUP ROUND SECONDS: one wrk run; the counters' timestamps bracket it (a second of quiet either side)
run() {
  local name=$1 setup=$2 round=$3 seconds=$4 script t0 t1 c0 out line
  script=$(wrk_script "$setup")
  sleep 1.2; t0=$(date -u +%s.%N); c0=$(cpu_ticks "${GW_PID[$name]}")
  out=$("${LOADGEN[@]}" wrk -t1 -c$CONNECTIONS -d"${seconds}s" --timeout 5s -s "$script" "${GW_URL[$name]}")
  line=$(grep '^WRKJSON ' <<<"$out" | sed 's/^WRKJSON {//')
  t1=$(date -u +%s.%N)
  printf '{"name":"%s","setup":"%s","round":%d,"t0":%s,"t1":%s,"cpu_ticks":%d,%s\n' "$name" "$setup" "$round" "$t0" "$t1" \
    $(($(cpu_ticks "${GW_PID[$name]}") - c0)) "$line" >>"$RUNS"
  log "$name $setup round $round: $(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("%.0f req/s, non-2xx %d" % (r["requests"] / r["duration_us"] * 1e6, r["non2xx"]))' "{$line")"
}

log "warm-up"
for n in "${NAMES[@]}"; do for s in b c; do run "$n" "$s" 0 4; done; done
log "rounds: ${ROUNDS} x (${NAMES[*]}) x (b, c), ${SECONDS_PER_RUN}s each, $CONNECTIONS connections"
# The builds take turns going first, so neither always runs right after the other's load.
for r in $(seq 1 "$ROUNDS"); do
  order=("${NAMES[@]}"); ((r % 2 == 0)) && order=($(printf '%s\n' "${NAMES[@]}" | tac))
  for n in "${order[@]}"; do for s in b c; do run "$n" "$s" "$r" "$SECONDS_PER_RUN"; done; done
done
sleep 2

if [[ -n $TRACE ]]; then
  command -v dotnet-trace >/dev/null || { echo "dotnet-trace is missing" >&2; exit 2; }
  script=$(wrk_script "$TRACE")
  for profile in dotnet-sampled-thread-time gc-verbose; do
    log "trace $TRACE ($profile)"
    dotnet-trace collect -p "${GW_PID[this]}" --profile "$profile" --duration 00:00:00:10 -o "$OUT/trace-$TRACE-$profile.nettrace" >/dev/null 2>&1 &
    tp=$!; sleep 1
    "${LOADGEN[@]}" wrk -t1 -c$CONNECTIONS -d10s --timeout 5s -s "$script" "${GW_URL[this]}" >/dev/null
    wait "$tp" || true
  done
fi
if [[ -n $PERF ]]; then
  declare -A PERF_REQUESTS
  for setup in b c; do
    log "perf $setup"
    perf record -F 999 -g -p "${GW_PID[this]}" -o "$WORK/perf-$setup.data" -- sleep 10 >/dev/null 2>&1 &
    pp=$!; sleep 0.5
    PERF_REQUESTS[$setup]=$("${LOADGEN[@]}" wrk -t1 -c$CONNECTIONS -d10s --timeout 5s -s "$(wrk_script "$setup")" "${GW_URL[this]}" |
      grep -oP '^\s+\K\d+(?= requests in)')
    wait "$pp" || true
    perf script -i "$WORK/perf-$setup.data" -F ip,sym,dso 2>/dev/null >"$WORK/perf-$setup.txt"
  done
  python3 "$BENCH/perf-buckets.py" "$WORK/perf-b.txt" "${PERF_REQUESTS[b]}" "$WORK/perf-c.txt" "${PERF_REQUESTS[c]}" 999 >"$OUT/perf-buckets.md"
  log "perf buckets: $OUT/perf-buckets.md"
fi
for n in "${NAMES[@]}"; do kill "${GW_PID[$n]}" 2>/dev/null || true; done; sleep 1
for n in "${NAMES[@]}"; do cp "${COUNTERS[$n]}" "$OUT/counters-$n.csv" 2>/dev/null || true; done

python3 - "$RUNS" "$OUT" "$LOADAVG_START" "$(getconf CLK_TCK)" "$(git -C "$ROOT" rev-parse --short HEAD)" <<'PY'
import csv, json, sys, datetime, statistics
runs_file, out, load, hz, commit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
runs = [json.loads(l) for l in open(runs_file) if l.strip()]
def allocated(name):
    series = []
    try:
        for row in csv.DictReader(open(f"{out}/counters-{name}.csv")):
            if row.get("Counter Name", "").startswith("dotnet.gc.heap.total_allocated"):
                t = datetime.datetime.strptime(row["Timestamp"][:19], "%m/%d/%Y %H:%M:%S").replace(tzinfo=datetime.timezone.utc).timestamp()
                series.append((t, float(row["Mean/Increment"]), row["Counter Type"]))
    except FileNotFoundError:
        pass
    return series
def bytes_between(series, t0, t1, windows):
    if not series: return None
    if series[0][2] != "Rate":
        before = [v for t, v, _ in series if t <= t0]; after = [v for t, v, _ in series if t >= t1]
        return (after[0] - before[-1]) if before and after else None
    # A rate row stamped t covers the second before t (dotnet-counters writes bytes per refresh interval). What the
    # process allocates with no load (timers, the counters session itself) is measured in the gaps between runs and
    # taken off, so a slow run (a loaded machine) does not spread it over fewer requests.
    inside = [v for t, v, _ in series if t0 < t <= t1 + 1]
    first, last = min(a for a, _ in windows), max(b for _, b in windows)
    idle = [v for t, v, _ in series if first < t <= last and not any(a - 1 < t <= b + 2 for a, b in windows)]
    return sum(inside) - (statistics.median(idle) if idle else 0) * len(inside)
rows = {}
windows = [(r["t0"], r["t1"]) for r in runs]
for r in runs:
    if r["round"] == 0: continue
    s = allocated(r["name"])
    b = bytes_between(s, r["t0"], r["t1"], windows)
    rows.setdefault((r["name"], r["setup"]), []).append(
        (r["requests"] / r["duration_us"] * 1e6, r["cpu_ticks"] / hz * 1e6 / r["requests"], (b / r["requests"]) if b else float("nan")))
print(f"\ncommit {commit}, load at start {load}, at end {open('/proc/loadavg').read().split()[0]}; median of rounds (min-max)\n")
print("| build | setup | req/s | CPU µs/req | alloc B/req |")
print("|---|---|---:|---:|---:|")
for (name, setup), v in sorted(rows.items()):
    def col(i, fmt):
        xs = [x[i] for x in v]; return f"{fmt % statistics.median(xs)} ({fmt % min(xs)}-{fmt % max(xs)})"
    print(f"| {name} | {setup} | {col(0, '%.0f')} | {col(1, '%.1f')} | {col(2, '%.0f')} |")
for name in sorted({n for n, _ in rows}):
    b, c = rows.get((name, "b")), rows.get((name, "c"))
    if b and c:
        rb = sum(x[0] for x in b) / len(b); rc = sum(x[0] for x in c) / len(c)
        cb = statistics.median(x[1] for x in b); cc = statistics.median(x[1] for x in c)
        mb = min(x[1] for x in b); mc = min(x[1] for x in c)
        print(f"\n{name}: c/b throughput {rc / rb:.3f}; CPU (c) - (b): medians {cc - cb:+.1f} µs/req, best rounds {mc - mb:+.1f} µs/req "
              f"(c/b {mc / mb:.2f}); alloc (c) - (b) {statistics.median(x[2] for x in c) - statistics.median(x[2] for x in b):+.0f} B/req")
PY
