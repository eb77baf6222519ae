-- (a) and (b): the PATCH the gateway would send, prebuilt, with the script's bearer token.
-- Environment: PATCH_PATH_PREFIX (e.g. /api/v2/guests/), BEARER, PATCH_BODY_FILE.
package.path = package.path .. ";" .. os.getenv("BENCH_LUA_DIR") .. "/?.lua"
require("common")

local prefix = os.getenv("PATCH_PATH_PREFIX")
local file = assert(io.open(os.getenv("PATCH_BODY_FILE"), "rb"))
local body = file:read("*a")
file:close()
local headers = {
  ["Authorization"] = "Bearer " .. os.getenv("BEARER"),
  ["Content-Type"] = "application/json-patch+json",
  ["Accept"] = "application/json",
}

function request()
  return wrk.format("PATCH", prefix .. guest_id(), headers, body)
end
