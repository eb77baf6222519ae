#!/usr/bin/env bash
# Enrich backlog bench: 1,000 queued contacts-enrich submissions drained against the emulator at 300 requests a minute
# (fake clock), batched (10 per bulk request) and one by one. About 30 s; writes bench/results/enrich-batching.md.
set -euo pipefail
cd "$(dirname "$0")/.."
GUESTSYNC_BENCH_OUT="$PWD/bench/results/enrich-batching.md" timeout 600 \
  dotnet test tests/GuestSync.Gateway.Tests --filter "FullyQualifiedName~EnrichBacklogDrainTests" -v q
cat bench/results/enrich-batching.md
