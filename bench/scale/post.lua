-- wrk script for the write path: each request POSTs one of the lines of the file named by the
-- BODIES environment variable ("PATH<tab>JSON BODY"), in turn. Headers come from wrk's -H.
local lines = {}
local i = 0
-- wrk.format replaces wrk's headers (from -H) with the ones it is given: keep them all.
local headers = {}

function init(args)
  for line in io.lines(os.getenv("BODIES")) do
    local path, body = line:match("^([^\t]+)\t(.+)$")
    if path then lines[#lines + 1] = { path, body } end
  end
  i = math.random(#lines)
  for k, v in pairs(wrk.headers) do headers[k] = v end
  headers["Content-Type"] = "application/json"
end

function request()
  i = i % #lines + 1
  return wrk.format("POST", lines[i][1], headers, lines[i][2])
end

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
