-- POST the gateway's callflow to the 8x8 stand-in directly: the stand-in's own capacity at a given concurrency, the
-- denominator of the dispatch ratio. Every status other than 200 counts as an error.
local counter = 0

function init(args)
  statuses = {}
  thread_no = thread_no or 0
end

request = function()
  counter = counter + 1
  local body = string.format('{"validUntil":"2026-12-01T12:00:00Z","clientRequestId":"cap-%d-%d","callflow":['
    .. '{"action":"makeCall","params":{"source":"+6568880000","destination":"+6591234567"}},'
    .. '{"action":"say","params":{"text":"Your parcel arrives tomorrow between 9 and 11.",'
    .. '"voiceProfile":"en-IE-EmilyNeural","repetition":1}},{"action":"hangup"}]}', thread_no, counter)
  return wrk.format("POST", "/api/v1/subaccounts/bench/callflows", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer bench-8x8-key",
  }, body)
end

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua").install(200)
