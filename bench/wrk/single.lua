-- POST /voice-messages one at a time with the broadcast phase's messages: the same text (or the same template with
-- one variable), the same 10,000 destinations in turn, no Idempotency-Key (a broadcast's messages have none).
-- BENCH_TEMPLATE_ID set: template messages; else text. Every status other than 202 counts as an error.
local counter = 0
local template_id = os.getenv("BENCH_TEMPLATE_ID")
local text = os.getenv("BENCH_TEXT") or "The office is closed today because of the flood. Please work from home."
local names = { "Ana", "Budi", "Chen", "Devi", "Eko", "Farah", "Grace", "Hui Min", "Irfan", "Jia Hui" }

function init(args)
  statuses = {}
  thread_no = thread_no or 0
end

request = function()
  counter = counter + 1
  -- The broadcast phase's numbers (bench/phases.py broadcast_body): row i calls +6591 and (i * 7919) mod 10^6.
  local i = (thread_no * 5000 + counter) % 10000
  local dest = string.format("+6591%06d", (i * 7919) % 1000000)
  local body
  if template_id then
    body = string.format('{"destination":"%s","clientReference":"staff-%05d","priority":"LOW",'
      .. '"template":{"id":"%s","variables":{"name":"%s"}}}', dest, i, template_id, names[i % #names + 1])
  else
    body = string.format('{"destination":"%s","clientReference":"staff-%05d","priority":"LOW","text":"%s"}',
      dest, i, text)
  end
  return wrk.format("POST", "/voice-messages", {
    ["Content-Type"] = "application/json",
    ["X-API-Key"] = os.getenv("BENCH_API_KEY") or "bench-key",
  }, body)
end

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua").install(202)
