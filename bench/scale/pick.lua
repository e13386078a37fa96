-- wrk script: each request asks for one of the paths listed in the file named by the PATHS
-- environment variable (one path per line), in turn, so that a run reads many records rather
-- than one cached row. Headers (a bearer token or a session cookie) come from wrk's -H.
local paths = {}
local i = 0

function init(args)
  local file = os.getenv("PATHS")
  for line in io.lines(file) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  -- Threads start at different places in the list.
  i = math.random(#paths)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

-- Count any non-2xx answer, so a run with errors is never reported as a good one.
function response(status, headers, body)
  if status >= 300 then
    wrk.thread:set("bad", (wrk.thread:get("bad") or 0) + 1)
  end
end

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("bad") or 0) end
  io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d bad_status=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, bad))
end
