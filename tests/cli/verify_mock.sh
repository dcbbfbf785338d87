#!/usr/bin/env bash
# concord verify against concord mock: exit codes, reports, redaction, filters, coverage.
set -u
concord="$1"
src="$2"
cd "$src" || exit 1
fail=0
tmp=$(mktemp -d)
# shellcheck source=tests/cli/common.bash
source "$src/tests/cli/common.bash"
start_mock specs/feldera.yaml
target="http://127.0.0.1:$port"
state="$target/__concord/provider-state"
token="cli-secret-token-4711"

expect_exit 0 "feldera against its mock" "$concord" verify specs/feldera.yaml --target "$target" \
  --state-url "$state" --token "$token" --jobs 4 \
  --json "$tmp/r.json" --junit "$tmp/r.xml" --html "$tmp/r.html"
grep -q "Result: PASSED" "$tmp/out" || { echo "FAIL: no PASSED line"; fail=1; }
grep -q "Coverage:" "$tmp/out" || { echo "FAIL: no coverage on the console"; fail=1; }
for f in r.json r.xml r.html out; do
  [ -s "$tmp/$f" ] || { echo "FAIL: $f not written"; fail=1; }
  if grep -q "$token" "$tmp/$f"; then
    echo "FAIL: token not redacted in $f"
    fail=1
  fi
done
grep -q "\[" "$tmp/err" && { echo "FAIL: progress line on a pipe"; fail=1; }

expect_exit 1 "filter that selects nothing" "$concord" verify specs/feldera.yaml --target "$target" \
  --case 'no such case*'
grep -q "no case was executed" "$tmp/out" || { echo "FAIL: empty run not explained"; fail=1; }

expect_exit 1 "coverage below the requirement" "$concord" verify specs/feldera.yaml --target "$target" \
  --state-url "$state" --token "$token" --require-coverage 100
grep -q "coverage" "$tmp/out" || { echo "FAIL: coverage failure not explained"; fail=1; }

# Without --state-url the cases and scenarios that need provider states are skipped, not failed.
expect_exit 0 "no --state-url" "$concord" verify specs/feldera.yaml --target "$target" --token "$token" \
  --operation get_pipeline
grep -q "no --state-url" "$tmp/out" || { echo "FAIL: skip reason not shown"; fail=1; }

expect_exit 0 "one shard" "$concord" verify specs/feldera.yaml --target "$target" --state-url "$state" \
  --token "$token" --shard 1/2 --json "$tmp/s1.json"
expect_exit 0 "other shard" "$concord" verify specs/feldera.yaml --target "$target" --state-url "$state" \
  --token "$token" --shard 2/2 --json "$tmp/s2.json"
expect_exit 0 "whole run" "$concord" verify specs/feldera.yaml --target "$target" --state-url "$state" \
  --token "$token" --json "$tmp/all.json"
python3 - "$tmp" <<'PY' || fail=1
import json, sys
d = sys.argv[1]
ids = lambda f: sorted(c["id"] for c in json.load(open(f"{d}/{f}"))["cases"])
a, b, whole = ids("s1.json"), ids("s2.json"), ids("all.json")
if sorted(a + b) != whole or set(a) & set(b):
    print("FAIL: shards do not partition the run")
    sys.exit(1)
PY

expect_exit 1 "exact matching finds the differences" "$concord" verify specs/feldera.yaml \
  --target "$target" --state-url "$state" --token "$token" --match exact --operation list_pipelines
exit $fail
