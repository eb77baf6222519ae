# Shared by bench/profile-hotpath.sh and bench/together.sh (sourced, not run): the emulator and gateways they start,
# with the settings bench/run.sh uses for (b) and (c). Needs ROOT, WORK, EMULATOR and the PIDS array set by the caller;
# every process started here is added to PIDS for the caller's cleanup.

if [[ $(nproc) -ge 2 ]]; then SERVER=(taskset -c 1); LOADGEN=(taskset -c 0); else SERVER=(); LOADGEN=(); fi

wait_for() { for _ in $(seq 1 100); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2; done; echo "timed out waiting for $1" >&2; exit 1; }

# start_emulator: the emulator at $EMULATOR (no rate limit, guests made on first write, one client with a day-long token)
start_emulator() {
  Emulator__RateLimitPerMinute=0 Emulator__ReceivedRequestCapacity=0 Emulator__CreateGuestsOnFirstWrite=true \
  Emulator__AdminApiEnabled=true Emulator__Clients__0__ClientId=bench-client Emulator__Clients__0__ClientSecret=bench-secret \
  Emulator__Clients__0__TokenLifetimeSeconds=86400 Logging__LogLevel__Default=Warning \
    "${SERVER[@]}" dotnet "$ROOT/src/GuestSync.Emulator/bin/Release/net10.0/GuestSync.Emulator.dll" --urls "$EMULATOR" >"$WORK/emulator.log" 2>&1 &
  PIDS+=($!)
  wait_for "$EMULATOR/admin/stats"
  cat >"$WORK/proxy.json" <<JSON
{ "ReverseProxy": {
  "Routes": {
    "profile-sync": { "ClusterId": "genesys-default", "Match": { "Path": "/api/profile-sync" }, "Transforms": [ { "GuestProfilePatch": "default" } ] },
    "passthrough": { "ClusterId": "plain", "Match": { "Path": "/passthrough/{**rest}" }, "Transforms": [ { "PathPattern": "/{**rest}" } ] } },
  "Clusters": {
    "genesys-default": { "Metadata": { "GenesysOrg": "default" } },
    "plain": { "Destinations": { "emulator": { "Address": "$EMULATOR/" } } } } } }
JSON
  BENCH_KEY=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
  # wrk's scripts: (b) replays a patch with the emulator's bearer through the pass-through route, (c) posts the form.
  BEARER=$(curl -fsS -u bench-client:bench-secret -d grant_type=client_credentials "$EMULATOR/oauth/token" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  python3 "$ROOT/bench/e2e/sample_patch.py" >"$WORK/patch.json"
  export BENCH_LUA_DIR="$ROOT/bench/e2e" BEARER PATCH_BODY_FILE="$WORK/patch.json" PATCH_PATH_PREFIX=/passthrough/api/v2/guests/
}

# start_gateway NAME DLL PORT: a gateway on 127.0.0.1:PORT with run.sh's settings (limits out of the way, no binding
# token); sets STARTED_PID and STARTED_URL.
start_gateway() {
  ProxyConfigPath="$WORK/proxy.json" Genesys__ApiBaseUrl="$EMULATOR" Genesys__LoginBaseUrl="$EMULATOR" \
  Genesys__ClientId=bench-client Genesys__ClientSecret=bench-secret \
  Encryption__KeySet="{\"keys\":[{\"kty\":\"oct\",\"kid\":\"bench\",\"k\":\"$BENCH_KEY\"}]}" Encryption__ActiveKeyId=bench \
  Logging__LogLevel__Default=Warning Genesys__Resilience__RequestsPerMinute=0 \
  Security__RateLimits__PerClient__PermitLimit=1000000000 Security__RateLimits__PerGuest__PermitLimit=1000000000 \
  Security__RateLimits__MaxConcurrentRequests=100000 Security__RateLimits__MaxConcurrentPerClient=100000 Profiles__default__Binding__Required=false \
    "${SERVER[@]}" dotnet "$2" --urls "http://127.0.0.1:$3" >"$WORK/gateway-$1.log" 2>&1 &
  STARTED_PID=$!; PIDS+=($!); STARTED_URL="http://127.0.0.1:$3"
  wait_for "$STARTED_URL/healthz"
}

# wrk_script SETUP: the wrk script of setup b or c
wrk_script() { [[ $1 == b ]] && echo "$ROOT/bench/e2e/patch.lua" || echo "$ROOT/bench/e2e/form.lua"; }

# cpu_ticks PID: user + system clock ticks the process has used
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
