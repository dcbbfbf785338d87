-- Soak: alternates a ClickHouse GET list and a Northflank POST resume, and stops each thread
-- after CONCORD_SOAK_PER_THREAD responses (environment; default 500000), printing
-- CONCORD_THREAD_DONE. wrk itself still waits out -d, so scripts/soak sends it SIGINT once
-- every thread is done; wrk then reports the real elapsed time.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local limit = tonumber(os.getenv("CONCORD_SOAK_PER_THREAD") or "500000")
local count = 0
local index = 0
local prepared = {}

function init(args)
  prepared[1] = wrk.format("GET", "/v1/organizations/5ecc4ee0-c8b7-4773-88d9-3ed404055566/services",
    { ["Authorization"] = "Basic a2V5OnNlY3JldA==", ["Accept"] = "application/json" })
  prepared[2] = wrk.format("POST", "/v1/projects/default-project/services/example-service/resume",
    { ["Authorization"] = "Bearer bench-token", ["Content-Type"] = "application/json",
      ["Accept"] = "application/json" },
    '{"instances":1,"disabledCI":false,"disabledCD":false}')
end

function request()
  index = index % 2 + 1
  return prepared[index]
end

function response(status, headers, body)
  count = count + 1
  if count == limit then
    io.write("CONCORD_THREAD_DONE\n")
    io.flush()
    wrk.thread:stop()
  end
end
