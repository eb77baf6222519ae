#!/usr/bin/env bash
# What each behaviour of (c) costs: builds this commit as is and once per ablation in bench/ablations/ (a patch that takes
# one behaviour off the path), then measures each ablated build against the unpatched one with together.sh (both loaded
# at the same time on one core). An ablated build is for measuring only: it skips what the product must do.
#
#   bench/ablate.sh [--rounds N] [NAME ...]     default: every patch in bench/ablations/, 16 rounds each
#
# Per ablation it prints together.sh's bias-corrected ratio, (c) without the behaviour over (c) with it: 0.90 means the
# behaviour costs about 10 % of (c)'s gateway CPU per request. Run one with "same" as the name to measure the method's own
# noise (the unpatched build against a copy of itself). About 5 minutes per ablation at 16 rounds. The work tree and the
# builds are made in /tmp and removed at the end; loopback only; every run is bounded.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=16; NAMES=()
while (($#)); do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) NAMES+=("$1"); shift ;;
  esac
done
if ((${#NAMES[@]} == 0)); then
  for patch in "$ROOT"/bench/ablations/*.patch; do NAMES+=("$(basename "$patch" .patch)"); done
fi
for name in "${NAMES[@]}"; do
  [[ $name == same || -f "$ROOT/bench/ablations/$name.patch" ]] || { echo "no bench/ablations/$name.patch" >&2; exit 2; }
done

WORK="$(mktemp -d /tmp/guestsync-ablate.XXXXXX)"
cleanup() { git -C "$ROOT" worktree remove --force "$WORK/tree" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

git -C "$ROOT" worktree add --detach "$WORK/tree" HEAD >/dev/null 2>&1
# build NAME: the work tree's gateway, Release, copied to $WORK/NAME (an ablation leaves code unreachable, hence no
# warnings as errors), then the tree is reset to HEAD
build() {
  dotnet build -c Release -nologo -v q -p:TreatWarningsAsErrors=false "$WORK/tree/src/GuestSync.Gateway/GuestSync.Gateway.csproj" >"$WORK/build-$1.log" 2>&1 ||
    { cat "$WORK/build-$1.log" >&2; exit 1; }
  cp -r "$WORK/tree/src/GuestSync.Gateway/bin/Release/net10.0" "$WORK/$1"
  git -C "$WORK/tree" checkout -q -- .
}
log "building $(git -C "$ROOT" rev-parse --short HEAD) as is"
build base
for name in "${NAMES[@]}"; do
  if [[ $name == same ]]; then cp -r "$WORK/base" "$WORK/same"; continue; fi
  log "building without: $name"
  git -C "$WORK/tree" apply "$ROOT/bench/ablations/$name.patch"
  build "$name"
done

declare -A RATIO
for name in "${NAMES[@]}"; do
  log "measuring: $name ($ROUNDS rounds)"
  out=$("$ROOT/bench/together.sh" "$WORK/base" c "$WORK/$name" c --rounds "$ROUNDS" 2>&1) || { echo "$out" >&2; exit 1; }
  RATIO[$name]=$(grep -oP '^\s+Y/X = \K[0-9.]+' <<<"$out")
  echo "$out" | tail -3 >&2
done

printf '\n| without | (c) CPU per request, without / with |\n|---|---:|\n'
for name in "${NAMES[@]}"; do printf '| %s | %s |\n' "$name" "${RATIO[$name]}"; done
