-- Shared by the wrk scripts: number the threads (thread_no, for scripts that split their input between them), tally
-- answers other than the expected status per thread, and print one WRKJSON line that bench/run parses. Each script
-- calls report.install(expected_status) last.
local report = {}

-- This thread's slice of the lines of the file named by BENCH_IDS (call it from init, where thread_no is set), so
-- each thread walks its own ids and every id is used once while the file lasts.
function report.my_ids()
  local ids, n = {}, 0
  local threads = tonumber(os.getenv("BENCH_THREADS") or "2")
  for line in io.lines(os.getenv("BENCH_IDS")) do
    n = n + 1
    if n % threads == thread_no then
      table.insert(ids, line)
    end
  end
  return ids
end

function report.install(expected)
  local threads = {}

  setup = function(thread)
    thread:set("thread_no", #threads)
    table.insert(threads, thread)
  end

  response = function(status, headers, body)
    if status ~= expected then
      statuses[status] = (statuses[status] or 0) + 1
    end
  end

  done = function(summary, latency, requests)
    local bad = {}
    local total_bad = 0
    for _, t in ipairs(threads) do
      local s = t:get("statuses")
      if s then
        for code, n in pairs(s) do
          bad[code] = (bad[code] or 0) + n
          total_bad = total_bad + n
        end
      end
    end
    local codes = {}
    for code, n in pairs(bad) do table.insert(codes, string.format('"%s":%d', tostring(code), n)) end
    io.write(string.format('WRKJSON {"requests":%d,"duration_us":%d,"errors_socket":%d,"bad_status":%d,'
      .. '"bad_by_code":{%s},"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
      summary.requests, summary.duration,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
      total_bad, table.concat(codes, ","), latency:percentile(50), latency:percentile(90),
      latency:percentile(99), latency.max))
  end
end

return report
