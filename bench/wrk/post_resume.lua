-- Northflank resume: POST with a bearer token and a JSON body that the mock validates
-- against ResumeServiceRequest (closed object, instances >= 0).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")
wrk.method = "POST"
wrk.body = '{"instances":1,"disabledCI":false,"disabledCD":false}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench-token"
