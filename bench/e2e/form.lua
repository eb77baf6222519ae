-- (c): the site's profile form, urlencoded, a different guest id on each post.
package.path = package.path .. ";" .. os.getenv("BENCH_LUA_DIR") .. "/?.lua"
require("common")


function request()
  return form_post(guest_id())
end
