#!/usr/bin/env bash
# concord verify: usage errors and unreadable inputs exit 2 with a located message.
set -u
concord="$1"
src="$2"
cd "$src" || exit 1
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/cli/common.bash
source "$src/tests/cli/common.bash"

expect_exit 2 "no --target" "$concord" verify specs/feldera.yaml
expect_exit 2 "bad --match" "$concord" verify specs/feldera.yaml --target http://127.0.0.1:9 --match fuzzy
expect_exit 2 "bad --shard" "$concord" verify specs/feldera.yaml --target http://127.0.0.1:9 --shard 3/2
expect_exit 2 "bad -H" "$concord" verify specs/feldera.yaml --target http://127.0.0.1:9 -H novalue
expect_exit 2 "target without scheme" "$concord" verify specs/feldera.yaml --target 127.0.0.1:9
expect_exit 2 "--fail-on new without --baseline" "$concord" verify specs/feldera.yaml --target http://127.0.0.1:9 --fail-on new
expect_exit 2 "missing spec" "$concord" verify "$tmp/nope.yaml" --target http://127.0.0.1:9

printf 'openapi: 3.1.0\ninfo: {title: x, version: "1"\npaths: {}\n' >"$tmp/broken.yaml"
expect_exit 2 "unparsable spec" "$concord" verify "$tmp/broken.yaml" --target http://127.0.0.1:9

mkdir -p "$tmp/fx"
printf 'scenarios:\n  - name: typo\n    steps:\n      - operation: get_pipeline\n        expekt: {status: 200}\n' >"$tmp/fx/bad.yaml"
expect_exit 2 "bad scenario file" "$concord" verify specs/feldera.yaml --target http://127.0.0.1:9 --fixtures "$tmp/fx"
if ! grep -q "bad.yaml:5" "$tmp/err"; then
  echo "FAIL: scenario error not located at bad.yaml:5"
  cat "$tmp/err"
  fail=1
fi

printf 'scenarios:\n  - name: unknown op\n    spec: feldera.yaml\n    steps:\n      - operation: no_such_operation\n' >"$tmp/fx/bad.yaml"
expect_exit 2 "unknown operation" "$concord" verify specs/feldera.yaml --target http://127.0.0.1:9 --fixtures "$tmp/fx"
grep -q "no_such_operation" "$tmp/err" || { echo "FAIL: unknown operation not named"; fail=1; }

# Nothing listening: every case errors (network), exit 1.
mkdir -p "$tmp/empty"
expect_exit 1 "unreachable target" "$concord" verify specs/feldera.yaml --target http://127.0.0.1:9 --fixtures "$tmp/empty" --timeout-ms 500
exit $fail
