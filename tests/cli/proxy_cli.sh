#!/usr/bin/env bash
# `concord proxy` as a user runs it: in front of `concord mock` on the four specs, the seeds'
# own curl lines sent through it, the reports written on SIGINT (the HTML rendered in headless
# Chromium), --max-exchanges, --record then `concord mock --overlay` offline, usage errors.
# Usage: bash proxy_cli.sh CONCORD_BINARY SOURCE_DIR   (exit 77 = skipped)
set -u
concord=$1
src=$2
command -v curl >/dev/null || { echo "SKIP: curl not found"; exit 77; }
tmp=$(mktemp -d)
fail=0
. "$src/tests/cli/common.bash"
cd "$src"

start_mock specs # sets $port, kills the mock on exit
upstream="http://127.0.0.1:$port"

# start_proxy OUT ARGS... : starts `concord proxy --port 0` and sets $proxy_pid, $proxy_url.
start_proxy() {
  local out=$1
  shift
  start_concord "$out" proxy "$@" || exit 1
  proxy_pid=$server_pid
  proxy_url=$server_url
}

# --- the seeds' curl lines, through the proxy --------------------------------------------
start_proxy green specs --upstream "$upstream" --json "$tmp/green.json" --html "$tmp/green.html" \
  --junit "$tmp/green.xml"
# Northflank (seed 000): its curl line as printed, with the placeholders filled in.
curl -s -o /dev/null -D "$tmp/h1" --header "Content-Type: application/json" \
  --header "Authorization: Bearer NORTHFLANK_API_TOKEN" \
  --request POST \
  --data '{"instances":1,"disabledCI":false,"disabledCD":false}' \
  "$proxy_url/v1/projects/default-project/services/example-service/resume"
# Feldera (seed 002): no body, no Content-Length.
curl -s -o /dev/null -D "$tmp/h2" -X POST "$proxy_url/v0/pipelines/example-pipeline/resume" \
  -H 'Authorization: Bearer YOUR_TOKEN'
# Service Fabric (seed 001): POST .../Services/CalcApp~CalcService/$/ResumeBackup?api-version=6.2-preview
curl -s -o /dev/null -D "$tmp/h3" -X POST \
  "$proxy_url/Services/CalcApp~CalcService/\$/ResumeBackup?api-version=6.2-preview"
# ClickHouse (seed 003): GET /v1/organizations/:organizationId/services with HTTP Basic.
curl -s -o /dev/null -D "$tmp/h4" -u "key-id:key-secret" \
  "$proxy_url/v1/organizations/5ecc4ee0-c8b7-4773-88d9-3ed404055566/services"
for h in h1 h2 h3 h4; do
  grep -qi "^X-Concord-Violations: 0" "$tmp/$h" || { echo "FAIL: $h: violations"; cat "$tmp/$h"; fail=1; }
done
kill -INT $proxy_pid
wait $proxy_pid
rc=$?
[ $rc = 0 ] || { echo "FAIL: proxy exit $rc after SIGINT, expected 0"; cat "$tmp/green.out" "$tmp/green.err"; fail=1; }
grep -q "proxy: 4 exchange(s): 4 passed" "$tmp/green.out" || { echo "FAIL: summary"; cat "$tmp/green.out"; fail=1; }
for f in green.json green.html green.xml; do
  [ -s "$tmp/$f" ] || { echo "FAIL: $f not written"; fail=1; }
done
if grep -q "key-secret\|NORTHFLANK_API_TOKEN\|a2V5LWlkOmtleS1zZWNyZXQ" "$tmp/green.json" "$tmp/green.html" "$tmp/green.xml"; then
  echo "FAIL: a credential reached a report"
  fail=1
fi

# The HTML report of real traffic, rendered by a real browser.
browser=${CONCORD_CHROMIUM:-}
for candidate in chromium chromium-browser google-chrome; do
  [ -n "$browser" ] && break
  command -v "$candidate" >/dev/null 2>&1 && browser=$(command -v "$candidate")
done
# render FILE.html : headless Chromium's DOM of the page, in FILE.dom.
render() {
  local profile
  profile=$(mktemp -d)
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --user-data-dir="$profile" --virtual-time-budget=5000 \
    --dump-dom "file://$1.html" >"$1.dom" 2>/dev/null
  rm -rf "$profile"
}
if [ -n "$browser" ]; then
  render "$tmp/green"
  grep -q '<div class="verdict-word">PASSED<' "$tmp/green.dom" || { echo "FAIL: the rendered report is not PASSED"; fail=1; }
  grep -q '<span class="num">4</span><span>passed</span>' "$tmp/green.dom" ||
    { echo "FAIL: the rendered report does not count 4 passed exchanges"; fail=1; }
else
  echo "note: no chromium; the rendered reports were not checked"
fi

# --- a wrong request, --max-exchanges ------------------------------------------------------
start_proxy red specs --upstream "$upstream" --max-exchanges 2 --json "$tmp/red.json" \
  --html "$tmp/red.html"
curl -s -o /dev/null -X POST -H 'Authorization: Bearer t' -H 'Content-Type: application/json' \
  -d '{"instances":"many"}' "$proxy_url/v1/projects/p/services/s/resume"
curl -s -o /dev/null "$proxy_url/v2/not/documented"
for _ in $(seq 1 50); do kill -0 $proxy_pid 2>/dev/null || break; sleep 0.1; done
wait $proxy_pid
rc=$?
[ $rc = 1 ] || { echo "FAIL: proxy exit $rc after --max-exchanges with failures, expected 1"; cat "$tmp/red.out" "$tmp/red.err"; fail=1; }
python3 - "$tmp/red.json" <<'PY' || fail=1
import json, sys
results = json.load(open(sys.argv[1]))
checks = sorted({f["check"] for c in results["cases"] for f in c["failures"]})
assert results["verdict"] == "failed", results["verdict"]
# the invalid body reached the mock, whose 422 is not documented by Northflank's resume
assert checks == ["request", "route", "status-documented"], checks
PY
if [ -n "$browser" ]; then # failures first, as cards with their ids
  render "$tmp/red"
  for id in "POST /v1/projects/{projectId}/services/{serviceId}/resume &gt; 422 &gt; #1" \
    "GET /v2/not/documented &gt; 404 &gt; #1"; do
    grep -qF "<span class=\"case-id\">$id</span>" "$tmp/red.dom" ||
      { echo "FAIL: the rendered report does not show the failing '$id'"; fail=1; }
  done
fi

# --- record, then serve the recording offline ----------------------------------------------
start_proxy rec specs --upstream "$upstream" --record "$tmp/recorded"
curl -s -o "$tmp/live.json" -u "key-id:key-secret" \
  "$proxy_url/v1/organizations/5ecc4ee0-c8b7-4773-88d9-3ed404055566/services/0c57eb1a-fa09-4da6-a22f-0bfa78c073f8"
curl -s -o /dev/null -X POST "$proxy_url/__concord/flush"
kill -INT $proxy_pid
wait $proxy_pid
[ -s "$tmp/recorded/clickhouse.examples.yaml" ] || { echo "FAIL: no recording"; ls -R "$tmp"; fail=1; }
"$concord" mock specs/clickhouse.yaml --stateless --port 0 \
  --overlay "$tmp/recorded/clickhouse.examples.yaml" >"$tmp/offline.out" 2>"$tmp/offline.err" &
offline=$!
for _ in $(seq 1 100); do grep -q "listening on" "$tmp/offline.out" && break; sleep 0.1; done
offline_url=$(sed -n 's/.*listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$tmp/offline.out")
curl -s -o "$tmp/replayed.json" -u "key-id:key-secret" -H "Prefer: example=recorded-1" \
  "$offline_url/v1/organizations/5ecc4ee0-c8b7-4773-88d9-3ed404055566/services/0c57eb1a-fa09-4da6-a22f-0bfa78c073f8"
kill -TERM $offline
wait $offline 2>/dev/null
python3 - "$tmp/live.json" "$tmp/replayed.json" <<'PY' || { echo "FAIL: the replayed body differs"; fail=1; }
import json, sys
live, replayed = (json.load(open(p)) for p in sys.argv[1:3])
assert live == replayed, (live, replayed)
PY

# --- usage errors ----------------------------------------------------------------------------
expect_exit 2 "no --upstream" "$concord" proxy specs
expect_exit 2 "an upstream that is not a URL" "$concord" proxy specs --upstream "ftp://x"
expect_exit 2 "an unreadable --cacert" "$concord" proxy specs --upstream "https://127.0.0.1:1" --cacert /nonexistent.pem
expect_exit 2 "an overlay that extends no loaded document" timeout 20 "$concord" mock specs/feldera.yaml \
  --overlay "$tmp/recorded/clickhouse.examples.yaml" --port 0

[ $fail = 0 ] && echo "proxy_cli: ok"
exit $fail
