-- GET with the headers given to wrk with -H; only adds the summary line.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")
