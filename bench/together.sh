#!/usr/bin/env bash
# Two gateways on the same server core, loaded at the same time: CPU per request of Y against X, with the slow and fast
# phases of a shared machine falling on both alike. For changes worth a few µs, where sequential rounds (run.sh,
# profile-hotpath.sh) spread more than the change: on this machine their rounds of one setup spread up to 6x.
#
#   bench/together.sh X_DIR X_SETUP Y_DIR Y_SETUP [--rounds N] [--seconds S]
#
#   X_DIR, Y_DIR    a copied Release output folder (with GuestSync.Gateway.dll), or "this" for this checkout's build
#   X_SETUP, ...    b (plain YARP pass-through) or c (/api/profile-sync), as in run.sh
#   e.g. bench/together.sh /tmp/before c this c     a change's effect on (c)
#        bench/together.sh this b this c            (c) against (b) on one build
#
# Two passes of N rounds (default 8, S seconds each, default 6), X's process started first in the first pass and Y's
# in the second: whichever runs second does a little worse (a few %), so each pass's median ratio is biased and the
# geometric mean of the two, sqrt(Y/X in pass 1 / (X/Y in pass 2)), is not. Each round runs one wrk per gateway
# (32 connections each) at the same time; CPU per request = the process's utime+stime ticks ÷ its requests.
# Loopback only; every run is bounded; every process is stopped at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
(($# >= 4)) || { sed -n '2,17p' "$0"; exit 2; }
X_DIR=$1; X_SETUP=$2; Y_DIR=$3; Y_SETUP=$4; shift 4
ROUNDS=8; SECONDS_PER_RUN=6
while (($#)); do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for setup in "$X_SETUP" "$Y_SETUP"; do [[ $setup == b || $setup == c ]] || { echo "setup must be b or c, not $setup" >&2; exit 2; }; done
EMULATOR="http://127.0.0.1:${BENCH_EMULATOR_PORT:-5390}"
PORT="${BENCH_GATEWAY_PORT:-5380}"
WORK="$(mktemp -d /tmp/guestsync-together.XXXXXX)"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
source "$BENCH/lib/servers.sh"
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

dotnet build -c Release -nologo -v q "$ROOT/src/GuestSync.Emulator/GuestSync.Emulator.csproj" >/dev/null
if [[ $X_DIR == this || $Y_DIR == this ]]; then
  dotnet build -c Release -nologo -v q "$ROOT/src/GuestSync.Gateway/GuestSync.Gateway.csproj" >/dev/null
fi
dll() { [[ $1 == this ]] && echo "$ROOT/src/GuestSync.Gateway/bin/Release/net10.0/GuestSync.Gateway.dll" || echo "$1/GuestSync.Gateway.dll"; }
start_emulator
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

# pass FIRST_NAME FIRST_DIR FIRST_SETUP SECOND_NAME SECOND_DIR SECOND_SETUP: prints "round second/first" lines
pass() {
  local first second r n1 n2 t1 t2
  start_gateway "$1" "$(dll "$2")" "$PORT"; first=$STARTED_PID; local url1=$STARTED_URL
  start_gateway "$4" "$(dll "$5")" "$((PORT + 1))"; second=$STARTED_PID; local url2=$STARTED_URL
  for r in $(seq 0 "$ROUNDS"); do
    t1=$(cpu_ticks "$first"); t2=$(cpu_ticks "$second")
    "${LOADGEN[@]}" wrk -t1 -c32 -d"${SECONDS_PER_RUN}s" --timeout 5s -s "$(wrk_script "$3")" "$url1" >"$WORK/first.txt" &
    local wrk_pid=$!
    "${LOADGEN[@]}" wrk -t1 -c32 -d"${SECONDS_PER_RUN}s" --timeout 5s -s "$(wrk_script "$6")" "$url2" >"$WORK/second.txt"
    wait "$wrk_pid"
    n1=$(grep -oP '^\s+\K\d+(?= requests in)' "$WORK/first.txt"); n2=$(grep -oP '^\s+\K\d+(?= requests in)' "$WORK/second.txt")
    if grep -q 'Non-2xx' "$WORK/first.txt" "$WORK/second.txt"; then echo "non-2xx answers in round $r" >&2; exit 1; fi
    # round 0 warms both up and is not counted
    ((r == 0)) || echo "$r $(( $(cpu_ticks "$first") - t1 )) $n1 $(( $(cpu_ticks "$second") - t2 )) $n2"
  done
  kill "$first" "$second"; wait "$first" "$second" 2>/dev/null || true
}

log "pass 1: X first ($X_DIR $X_SETUP), Y second ($Y_DIR $Y_SETUP), $ROUNDS rounds of ${SECONDS_PER_RUN}s"
pass x "$X_DIR" "$X_SETUP" y "$Y_DIR" "$Y_SETUP" >"$WORK/pass1.txt"
log "pass 2: Y first, X second"
pass y "$Y_DIR" "$Y_SETUP" x "$X_DIR" "$X_SETUP" >"$WORK/pass2.txt"

python3 - "$WORK/pass1.txt" "$WORK/pass2.txt" "$(getconf CLK_TCK)" "$X_DIR:$X_SETUP" "$Y_DIR:$Y_SETUP" "$LOAD_START" <<'PY'
import statistics, sys
p1, p2, hz, x, y, load = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
def rows(path):
    out = []
    for line in open(path):
        _, t1, n1, t2, n2 = map(int, line.split())
        out.append((t1 / hz * 1e6 / n1, t2 / hz * 1e6 / n2))
    return out
a, b = rows(p1), rows(p2)
# pass 1: (x, y); pass 2: (y, x)
y_over_x_1 = [yy / xx for xx, yy in a]
x_over_y_2 = [xx / yy for yy, xx in b]
m1, m2 = statistics.median(y_over_x_1), statistics.median(x_over_y_2)
xs = [xx for xx, _ in a] + [xx for _, xx in b]; ys = [yy for _, yy in a] + [yy for yy, _ in b]
print(f"load at start {load}; X = {x}, Y = {y}; CPU µs per request, median (min-max) over both passes:")
print(f"  X {statistics.median(xs):.1f} ({min(xs):.1f}-{max(xs):.1f})   Y {statistics.median(ys):.1f} ({min(ys):.1f}-{max(ys):.1f})")
print(f"  pass 1 (X first): Y/X per round {[round(v, 3) for v in y_over_x_1]}, median {m1:.3f}")
print(f"  pass 2 (Y first): X/Y per round {[round(v, 3) for v in x_over_y_2]}, median {m2:.3f}")
print(f"  Y/X = {(m1 / m2) ** 0.5:.3f} (second-place bias {(m1 * m2) ** 0.5:.3f})")
PY
