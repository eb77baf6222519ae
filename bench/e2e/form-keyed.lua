-- (d): (c)'s form with a new Idempotency-Key on every post, as a site's fetch sends it (README "Idempotency keys":
-- an RFC 8941 string, one key per submission). KEY_RUN (set by run.sh per wrk run) keeps separate runs' keys apart,
-- so every post is a first post: key read, fingerprint, claim and kept answer in the store, then the live send.
package.path = package.path .. ";" .. os.getenv("BENCH_LUA_DIR") .. "/?.lua"
require("common")

local run = os.getenv("KEY_RUN") or "0"
local serial = 0

local headers = {}
for name, value in pairs(form_headers) do headers[name] = value end

function request()
  serial = serial + 1
  headers["Idempotency-Key"] = string.format('"bench-%s-%d"', run, serial)
  return form_post(guest_id(), headers)
end
