-- Shared by the wrk scripts: guest ids and a machine-readable summary.
-- Guest ids cycle through GUESTS ids per wrk thread, so the emulator's store stays bounded (create on first
-- write) while consecutive requests still address different guests.
local GUESTS = 10000
local counter = 0
local prefix = "6f1c2a9e-3b4d-4e5f"

function guest_id()
  counter = counter + 1
  return string.format("%s-8%03x-%012x", prefix, counter % 4096, counter % GUESTS)
end

-- The site's profile form as the form scripts post it: its headers, and everything after the guest id.
form_headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Accept"] = "application/json",
}
FORM_REST = "&name=Ada+Lovelace&email=ada.lovelace%40example.com&phone=%2B44+20+7946+0000"

function form_post(guest, headers)
  return wrk.format("POST", "/api/profile-sync", headers or form_headers, "guestId=" .. guest .. FORM_REST)
end

-- Optional think time per connection (ms), from the environment: wrk has no fixed-rate mode, so
-- "half load" is connections / (latency + delay) requests per second.
local think = tonumber(os.getenv("WRK_DELAY_MS") or "0")
if think > 0 then
  function delay() return think end
end

-- One JSON line on stdout after wrk's own report, prefixed so run.sh can find it.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"non2xx":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean))
end
