#!/usr/bin/env bash
# A run in which no case was executed is FAILED everywhere: exit code, console, results JSON,
# JUnit, HTML, and `concord report` rebuilding from the JSON (also from an old results file
# that still says "passed"). Before the summary had one home (core/results.hpp), the console
# said FAILED while r.json and the HTML report said passed.
set -u
concord="$1"
src="$2"
cd "$src" || exit 1
fail=0
tmp=$(mktemp -d)
# shellcheck source=tests/cli/common.bash
source "$src/tests/cli/common.bash"
start_mock specs/northflank.yaml

# expect_in FILE PATTERN DESCRIPTION
expect_in() {
  grep -q -- "$2" "$1" || { echo "FAIL: $3 ($1 lacks '$2')"; fail=1; }
}
expect_not_in() {
  if grep -q -- "$2" "$1"; then
    echo "FAIL: $3 ($1 has '$2')"
    fail=1
  fi
}

expect_exit 1 "an operation that selects nothing" "$concord" verify specs/northflank.yaml \
  --target "http://127.0.0.1:$port" --operation noSuchOperation \
  --json "$tmp/r.json" --junit "$tmp/r.xml" --html "$tmp/r.html"
expect_in "$tmp/out" "Result: FAILED (no case was executed)" "console verdict"
expect_in "$tmp/r.json" '"verdict": "failed"' "results JSON verdict"
expect_in "$tmp/r.json" '"verdictReason": "no case was executed"' "results JSON reason"
expect_not_in "$tmp/r.json" '"verdict": "passed"' "results JSON verdict"
expect_in "$tmp/r.xml" 'failures="1"' "JUnit counts the empty run as a failure"
expect_in "$tmp/r.xml" 'no case was executed' "JUnit reason"
expect_in "$tmp/r.html" '"verdict":"failed"' "HTML report data"
expect_not_in "$tmp/r.html" '"verdict":"passed"' "HTML report data"

expect_exit 0 "report rebuilt from the JSON" "$concord" report "$tmp/r.json" \
  --html "$tmp/again.html" --junit "$tmp/again.xml" --json "$tmp/again.json"
expect_in "$tmp/again.html" '"verdict":"failed"' "rebuilt HTML"
expect_in "$tmp/again.xml" 'no case was executed' "rebuilt JUnit"
expect_in "$tmp/again.json" '"verdict": "failed"' "rebuilt JSON"

# A results file written before the fix (verdict "passed", no case) must not stay green.
sed 's/"verdict": "failed"/"verdict": "passed"/' "$tmp/r.json" >"$tmp/old.json"
expect_in "$tmp/old.json" '"verdict": "passed"' "test setup: stale verdict"
expect_exit 0 "report rebuilt from a stale file" "$concord" report "$tmp/old.json" \
  --html "$tmp/old.html" --json "$tmp/old-again.json"
expect_in "$tmp/old.html" '"verdict":"failed"' "HTML from a stale file"
expect_in "$tmp/old-again.json" '"verdict": "failed"' "JSON from a stale file"

exit $fail
