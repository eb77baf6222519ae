-- The site's profile form with a guest id never used before in this run (SOAK_RUN, 0-4095, keeps separate wrk runs
-- apart), so every post is a new guest. soak.sh: what grows per distinct guest shows up. run.sh's queued setups (e), (g):
-- every post is a new row in the outbox (an insert, not a merge into a guest's pending item).
package.path = package.path .. ";" .. os.getenv("BENCH_LUA_DIR") .. "/?.lua"
require("common")

local run = tonumber(os.getenv("SOAK_RUN") or "0") % 4096
local serial = 0

function request()
  serial = serial + 1
  return form_post(string.format("6f1c2a9e-3b4d-4e5f-8%03x-%012x", run, serial))
end
