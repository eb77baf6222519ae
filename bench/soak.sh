#!/usr/bin/env bash
# Memory soak: (c) /api/profile-sync with a new guest id on every post, until SOAK_TOTAL submissions (default
# 1,000,000), with a dotnet-gcdump snapshot and the gateway's RSS at SOAK_FIRST (default 100,000) and at the end.
#
#   bench/soak.sh [total] [first]      results in bench/results/soak.md (and raw/soak-*.gcdump.txt)
#
# Loopback only; bounded: wrk runs of 10 s, and the whole soak stops after SOAK_MAX_SECONDS (default 1200) even if
# the total was not reached (the report says so). Needs wrk and dotnet-gcdump (`dotnet tool install -g dotnet-gcdump`).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
RESULTS="${BENCH_RESULTS:-$BENCH/results}"
TOTAL="${1:-1000000}"
FIRST="${2:-100000}"
MAX_SECONDS="${SOAK_MAX_SECONDS:-1200}"
CONNECTIONS=64
EMULATOR_PORT="${BENCH_EMULATOR_PORT:-5190}"
GATEWAY_PORT="${BENCH_GATEWAY_PORT:-5180}"
EMULATOR="http://127.0.0.1:$EMULATOR_PORT"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
export PATH="$PATH:$HOME/.dotnet/tools"
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 2; }
command -v dotnet-gcdump >/dev/null || { echo "dotnet-gcdump is missing (dotnet tool install -g dotnet-gcdump)" >&2; exit 2; }

WORK="$(mktemp -d /tmp/guestsync-soak.XXXXXX)"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
source "$BENCH/lib/servers.sh"

if [[ -z "${SOAK_NO_BUILD:-}" ]]; then
  log "building Release"
  dotnet build -c Release -nologo -v q "$ROOT/src/GuestSync.Emulator/GuestSync.Emulator.csproj" >/dev/null
  dotnet build -c Release -nologo -v q "$ROOT/src/GuestSync.Gateway/GuestSync.Gateway.csproj" >/dev/null
fi
GATEWAY_DLL="${SOAK_GATEWAY_DLL:-$ROOT/src/GuestSync.Gateway/bin/Release/net10.0/GuestSync.Gateway.dll}"
mkdir -p "$RESULTS/raw"

# The emulator creates each guest on its first write (it grows too; only the gateway is measured). The gateway has
# run.sh's settings: the per-client and per-guest limits far above the load, so every post is live.
start_emulator
start_gateway main "$GATEWAY_DLL" "$GATEWAY_PORT"
GATEWAY_PID=$STARTED_PID

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$GATEWAY_PID/status"; }
snapshot() { # label
  local dump="$WORK/$1.gcdump"
  dotnet-gcdump collect -p "$GATEWAY_PID" -o "$dump" >/dev/null 2>&1 || true
  if [[ -f $dump ]]; then dotnet-gcdump report "$dump" 2>/dev/null | head -40 >"$RESULTS/raw/soak-$1.gcdump.txt"; fi
  echo "$(rss_kb) $(awk '/^VmHWM:/ {print $2}' "/proc/$GATEWAY_PID/status")"
}

SENT=0; RUN=0; START=$SECONDS; RSS_FIRST=""; ROWS=""
log "soak: $TOTAL distinct guests at $CONNECTIONS connections (snapshot at $FIRST)"
while ((SENT < TOTAL && SECONDS - START < MAX_SECONDS)); do
  out=$(SOAK_RUN=$RUN "${LOADGEN[@]}" wrk -t1 -c$CONNECTIONS -d10s --timeout 5s -s "$BENCH/e2e/form-distinct.lua" "$GATEWAY")
  RUN=$((RUN + 1))
  line=$(grep '^WRKJSON ' <<<"$out" | sed 's/^WRKJSON //')
  read -r n bad < <(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print(r["requests"], r["non2xx"] + r["timeouts"])' "$line")
  SENT=$((SENT + n))
  ROWS+="| $SENT | $((n / 10)) | $bad | $(( $(rss_kb) / 1024 )) |"$'\n'
  log "sent $SENT ($((n / 10)) req/s, $bad not 2xx), RSS $(( $(rss_kb) / 1024 )) MB"
  if [[ -z $RSS_FIRST && $SENT -ge $FIRST ]]; then read -r RSS_FIRST HWM_FIRST < <(snapshot first); SENT_FIRST=$SENT; fi
done
read -r RSS_END HWM_END < <(snapshot end)
RSS_FIRST=${RSS_FIRST:-$RSS_END}; SENT_FIRST=${SENT_FIRST:-$SENT}
{
  echo "# Memory soak: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo "Every post a new guest, $CONNECTIONS connections, gateway pinned to one core; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| | submissions | RSS MB | peak RSS MB |"
  echo "|---|---:|---:|---:|"
  echo "| first snapshot | $SENT_FIRST | $((RSS_FIRST / 1024)) | $((HWM_FIRST / 1024)) |"
  echo "| end | $SENT | $((RSS_END / 1024)) | $((HWM_END / 1024)) |"
  echo
  echo "**RSS end − first: $(( (RSS_END - RSS_FIRST) / 1024 )) MB** over $((SENT - SENT_FIRST)) more submissions$([[ $SENT -lt $TOTAL ]] && echo " (stopped at the ${MAX_SECONDS}s bound before $TOTAL)")."
  echo
  echo "| submissions so far | req/s | not 2xx | RSS MB |"
  echo "|---:|---:|---:|---:|"
  printf '%s' "$ROWS"
  echo
  echo "Heap at each snapshot (dotnet-gcdump report, top types): raw/soak-first.gcdump.txt, raw/soak-end.gcdump.txt."
} >"$RESULTS/soak.md"
cat "$RESULTS/soak.md"
