-- POST a Voice Session Summary for an existing message on every request. Message ids come from the file named by
-- BENCH_IDS (one per line); each thread walks its own slice, so every message gets its summary once while the
-- file lasts (then it wraps around and summaries become duplicates).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local report = dofile(here .. "report.lua")

function init(args)
  statuses = {}
  ids = report.my_ids()
  pos = 0
  auth = os.getenv("BENCH_WEBHOOK_AUTH")
  template = [[{"payload":{"sessionId":"s-%s","subAccountId":"bench","sessionStatus":"COMPLETED","clientRequestId":"%s",]]
    .. [["startTime":"2026-11-25T06:01:30Z","endTime":"2026-11-25T06:01:50Z","lastAction":"HANGUP","callCount":1,]]
    .. [["details":{"callA":{"callId":"c-%s","callDirection":"OUTBOUND","callType":"PSTN",]]
    .. [["initiatedTimestamp":"2026-11-25T06:01:28Z","connectedTimestamp":"2026-11-25T06:01:37Z",]]
    .. [["disconnectedTimestamp":"2026-11-25T06:01:50Z","source":"+6568880000","destination":"+6591234567",]]
    .. [["sourceFormat":"MSISDN","destinationFormat":"MSISDN","sourceCountryCode":"SG","destinationCountryCode":"SG",]]
    .. [["sourceRefId":"null","callStatus":"COMPLETED","callDuration":13,"callQuality":{"mos":4.5,"packetLossRate":0,"jitter":20}}}},]]
    .. [["namespace":"VOICE","eventType":"SESSION_SUMMARY","description":"Summary of a completed call session"}]]
end

request = function()
  pos = pos + 1
  local id = ids[(pos - 1) % #ids + 1]
  return wrk.format("POST", "/webhooks/8x8/voice-session-summary", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = auth,
  }, string.format(template, id, id, id))
end

-- The reporting lives beside this script, shared with the other wrk scripts.
report.install(200)
