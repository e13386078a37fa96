-- wrk script: each request is the next line of the file named by the REQUESTS environment
-- variable, in turn, so that a run reads (or writes) many records rather than one cached row.
-- A line is a path (a GET) or "PATH<tab>JSON BODY" (a POST). Headers (a bearer token or a
-- session cookie) come from wrk's -H.
local lines = {}
local i = 0
-- wrk.format replaces wrk's headers (from -H) with the ones it is given: keep them all.
local post_headers = {}

function init(args)
  for line in io.lines(os.getenv("REQUESTS")) do
    local path, body = line:match("^([^\t]+)\t(.+)$")
    if path then
      lines[#lines + 1] = { path, body }
    elseif #line > 0 then
      lines[#lines + 1] = { line, nil }
    end
  end
  -- Threads start at different places in the list.
  i = math.random(#lines)
  for k, v in pairs(wrk.headers) do post_headers[k] = v end
  post_headers["Content-Type"] = "application/json"
end

function request()
  i = i % #lines + 1
  local path, body = lines[i][1], lines[i][2]
  if body then return wrk.format("POST", path, post_headers, body) end
  return wrk.format("GET", path)
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
