-- wrk script for bench/run: keep-alive requests with a bearer token, spread over the paths of
-- a file (one per line), pre-formatted so that wrk spends its time sending, not in Lua.
--   BENCH_PATHS  file of paths      BENCH_TOKEN  bearer token
--   BENCH_METHOD GET or POST        BENCH_BODY   JSON body of a POST
--   BENCH_HEADER one more header, "Name: value" (a WAL-Position, say)
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") }
local extra = os.getenv("BENCH_HEADER")
if extra and extra ~= "" then
  local name, value = extra:match("^([^:]+):%s*(.*)$")
  headers[name] = value
end
if body then
  headers["Content-Type"] = "application/json"
  -- A milestone update that changes a field needs If-Match; "*" writes over any version, as
  -- many writers each updating their own milestone do.
  headers["If-Match"] = "*"
end

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

local requests = {}
local next_request = 1
function init(args)
  local paths = {}
  for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
  math.randomseed(1000 + (seed or 0))
  for i = 1, math.min(#paths, 2000) do
    requests[i] = wrk.format(method, paths[math.random(#paths)], headers, body)
  end
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  return r
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.3f %.3f %d %d\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
