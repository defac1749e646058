-- wrk script: every request asks the page with a query string nobody has asked before (a
-- per-thread prefix and a counter in `n=`), so answers kept by query, such as the area search's,
-- are never reused and each request pays for the whole render.
local prefix = tostring({}):match("0x(%x+)") or tostring(math.random(1, 1e9))
local count = 0

request = function()
  count = count + 1
  local separator = wrk.path:find("?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "n=" .. prefix .. "-" .. count)
end
