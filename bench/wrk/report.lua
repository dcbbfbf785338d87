-- Shared by the bench/wrk scripts: prints one machine-readable line when wrk is done.
--   CONCORD requests=N seconds=S rps=R p50_ms=A p99_ms=B errors=E non2xx=X socket=K
-- Load it with: dofile(script_dir() .. "report.lua") (see get.lua).
function done(summary, latency, requests)
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "CONCORD requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f "
      .. "errors=%d non2xx=%d socket=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status + socket, summary.errors.status, socket))
end
