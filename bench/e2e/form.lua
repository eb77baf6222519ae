-- (c): the site's profile form, urlencoded, a different guest id on each post.
package.path = package.path .. ";" .. os.getenv("BENCH_LUA_DIR") .. "/?.lua"
require("common")

local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Accept"] = "application/json",
}
local rest = "&name=Ada+Lovelace&email=ada.lovelace%40example.com&phone=%2B44+20+7946+0000"

function request()
  return wrk.format("POST", "/api/profile-sync", headers, "guestId=" .. guest_id() .. rest)
end
