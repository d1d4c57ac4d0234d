-- POST /voice-messages with a different destination, idempotency key and text on every request.
-- Every status other than 202 counts as an error and is tallied by code in done().
local counter = 0
local errors = {}
local run_id = os.getenv("BENCH_RUN_ID") or tostring(os.time())

function init(args)
  statuses = {}
  thread_no = thread_no or 0
end

local texts = {
  "Your parcel arrives tomorrow between 9 and 11.",
  "Reminder: your appointment is at 3 pm today. Reply to reschedule.",
  "Your verification code is 4 8 1 5 1 6.",
  "The 10:40 service to Jurong East is delayed by 15 minutes.",
}

request = function()
  counter = counter + 1
  local n = thread_no * 100000000 + counter
  local dest = string.format("+659%07d", (n * 7919) % 10000000)
  local body
  if counter % 5 == 0 then
    body = string.format('{"destination":"%s","audioUrl":"https://example.com/audio/r%d.mp3","repetition":2,'
      .. '"clientReference":"bench-%d"}', dest, counter % 100, n)
  else
    body = string.format('{"destination":"%s","text":"%s","voiceProfile":"en-IE-EmilyNeural","clientReference":"bench-%d"}',
      dest, texts[counter % #texts + 1], n)
  end
  return wrk.format("POST", "/voice-messages", {
    ["Content-Type"] = "application/json",
    ["X-API-Key"] = os.getenv("BENCH_API_KEY") or "bench-key",
    ["Idempotency-Key"] = string.format("%s-%d", run_id, n),
  }, body)
end

-- The reporting lives beside this script, shared with the other wrk scripts.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua").install(202)
