#!/usr/bin/env bash
# CLI test: `concord mock` prints exactly one "listening on" line, answers HTTP, and exits 0 on
# SIGTERM; a conflicting pair of documents and a missing file exit 2.
# Usage: mock_cli.sh CONCORD_BINARY SOURCE_DIR
set -u
concord=$1
source_dir=$2
command -v curl > /dev/null || { echo "curl not found"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${pid:-}" ] && kill "$pid" 2> /dev/null' EXIT

cd "$source_dir" || exit 1
"$concord" mock --port 0 specs/northflank.yaml specs/servicefabric.yaml > "$work/out" 2> "$work/err" &
pid=$!
for _ in $(seq 1 100); do
  grep -q '^listening on http://' "$work/out" && break
  sleep 0.1
done
line=$(head -n 1 "$work/out")
[[ $line =~ ^listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]] || fail "unexpected first line: '$line' ($(cat "$work/err"))"
port=${BASH_REMATCH[1]}
base="http://127.0.0.1:$port"

status=$(curl -s -o "$work/body" -w '%{http_code}' -X POST -H 'Authorization: Bearer t' \
  -H 'Content-Type: application/json' -d '{"instances":1}' \
  "$base/v1/projects/default-project/services/example-service/resume")
[ "$status" = 200 ] || fail "resume answered $status: $(cat "$work/body")"
status=$(curl -s -o "$work/body" -w '%{http_code}' -X POST -d '' "$base/v1/projects/p/services/s/pause")
[ "$status" = 401 ] || fail "pause without token answered $status"
status=$(curl -s -o /dev/null -w '%{http_code}' "$base/nothing/here")
[ "$status" = 404 ] || fail "unknown path answered $status"
status=$(curl -s -o /dev/null -w '%{http_code}' "$base/__concord/health")
[ "$status" = 200 ] || fail "health answered $status"

kill -TERM "$pid"
wait "$pid"
code=$?
pid=
[ "$code" = 0 ] || fail "exit code after SIGTERM was $code"
[ "$(wc -l < "$work/out")" = 1 ] || fail "stdout has more than the listening line: $(cat "$work/out")"

"$concord" mock --port 0 fixtures/mock/petstore.yaml fixtures/mock/conflict.yaml > "$work/out" 2> "$work/err"
code=$?
[ "$code" = 2 ] || fail "conflicting documents exited $code"
grep -q 'petstore.yaml' "$work/err" && grep -q 'conflict.yaml' "$work/err" || fail "conflict message: $(cat "$work/err")"

"$concord" mock --port 0 fixtures/mock/missing.yaml > "$work/out" 2> "$work/err"
code=$?
[ "$code" = 2 ] || fail "missing document exited $code"
echo "ok"
