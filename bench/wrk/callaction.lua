-- POST a Voice Call Action (CALL_ACTION, the right key) for an existing SUBMITTED acknowledge message on every
-- request. Session ids come from the file named by BENCH_IDS (one per line, "s-<message id>"); each thread walks its
-- own slice, so each call is acknowledged once while the file lasts (then the events become duplicates, which get
-- the same answer).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local report = dofile(here .. "report.lua")

function init(args)
  statuses = {}
  ids = report.my_ids()
  pos = 0
  auth = os.getenv("BENCH_WEBHOOK_AUTH")
  template = [[{"namespace":"VOICE","eventType":"CALL_ACTION","description":"Action request of a call",]]
    .. [["payload":{"eventId":"e-%s-%d","callId":"c-%s","sessionId":"%s","subAccountId":"bench",]]
    .. [["callStatus":"ACTION_COMPLETED","callDirection":"OUTBOUND","callType":"PSTN","source":"+6568880000",]]
    .. [["destination":"+6591234505","sourceFormat":"MSISDN","destinationFormat":"MSISDN","callDuration":0,]]
    .. [["eventData":{"dtmf":"1"},"sipCode":200,"timestamp":"2026-11-25T06:01:40.000Z"}}]]
end

request = function()
  pos = pos + 1
  local id = ids[(pos - 1) % #ids + 1]
  return wrk.format("POST", "/webhooks/8x8/voice-call-action", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = auth,
  }, string.format(template, id, pos, id, id))
end

report.install(200)
