#!/usr/bin/env bash
# `concord init` on the four seed specs (and the external Feldera, ClickHouse and Box
# documents when CONCORD_EXTERNAL is set): the files it writes load into `concord mock`, and
# `concord verify` with the generated scenarios passes against that mock. Also: --dry-run
# writes nothing, an existing file is not overwritten without --force.
# Usage: init_specs.sh CONCORD_BINARY SOURCE_DIR
set -u
concord="$1"
src="$2"
cd "$src" || exit 1
fail=0
tmp=$(mktemp -d)
mock=
target=
# shellcheck source=tests/cli/common.bash
source "$src/tests/cli/common.bash"

# start_init_mock SPEC [BEHAVIOUR]: starts the mock on 127.0.0.1 port 0; sets $mock and
# $target ("" when it did not start).
start_init_mock() {
  local behaviour=()
  [ -n "${2:-}" ] && behaviour=(--behaviour "$1=$2")
  target=
  start_concord mock mock "$1" "${behaviour[@]}" && target=$server_url
  mock=$server_pid
}

stop_mock() {
  kill -TERM $mock 2>/dev/null
  wait $mock 2>/dev/null
  mock=
}

# count_passed_init_steps RESULTS.json: passed steps of the scenarios init wrote.
count_passed_init_steps() {
  python3 -c 'import json, sys
cases = json.load(open(sys.argv[1]))["cases"]
print(sum(1 for c in cases if c["kind"] == "scenario" and "(concord init)" in (c["scenario"] or "")
          and c["outcome"] == "passed"))' "$1"
}

# init_and_verify NAME SPEC [baseline]: init into $tmp/NAME, mock with the behaviour, verify
# with the generated scenarios. With `baseline`, the cases that already fail against the
# stateless mock (without the behaviour) may fail again; anything else must pass.
init_and_verify() {
  local name="$1" spec="$2" mode="${3:-}" out="$tmp/$1"
  local verify=("$concord" verify "$spec" --token init-key:init-secret --jobs 2)
  expect_exit 0 "$name: init" "$concord" init "$spec" --out "$out"
  [ -s "$out/behaviour.yaml" ] && [ -s "$out/scenarios.yaml" ] || {
    echo "FAIL: $name: files not written"; fail=1; return; }
  local extra=()
  if [ "$mode" = baseline ]; then
    start_init_mock "$spec"
    "${verify[@]}" --target "$target" --json "$tmp/$name-base.json" >/dev/null 2>&1
    stop_mock
    extra=(--baseline "$tmp/$name-base.json" --fail-on new)
  fi
  start_init_mock "$spec" "$out/behaviour.yaml"
  if [ -z "$target" ]; then
    echo "FAIL: $name: the mock did not start with the generated behaviour"
    fail=1
    stop_mock
    return
  fi
  expect_exit 0 "$name: verify against the mock" "${verify[@]}" --target "$target" \
    --state-url "$target/__concord/provider-state" --fixtures "$out/scenarios.yaml" \
    --json "$tmp/$name.json" "${extra[@]}"
  stop_mock
  local steps
  steps=$(count_passed_init_steps "$tmp/$name.json")
  echo "$name: $(grep -E "^[0-9]+ cases:" "$tmp/out"); $steps generated scenario steps passed"
  if [ "$mode" != baseline ] && [ "${steps:-0}" -lt 3 ]; then
    echo "FAIL: $name: the generated scenarios ran $steps passing steps"
    fail=1
  fi
}

for name in northflank feldera clickhouse servicefabric; do
  init_and_verify "$name" "specs/$name.yaml"
done
if [ -n "${CONCORD_EXTERNAL:-}" ] && [ -d "$CONCORD_EXTERNAL" ]; then
  init_and_verify external-feldera "$CONCORD_EXTERNAL/feldera/openapi.json" baseline
  init_and_verify external-clickhouse "$CONCORD_EXTERNAL/clickhouse-cloud/openapi.json" baseline
  init_and_verify box "$CONCORD_EXTERNAL/large/box/openapi.json" baseline
else
  echo "note: CONCORD_EXTERNAL not set; the external documents were not tried"
fi

# The generated scenarios do exercise the lifecycle: Feldera's resume is refused twice in a row.
grep -q "post_pipeline_resume" "$tmp/feldera/scenarios.yaml" ||
  { echo "FAIL: feldera scenarios do not call resume"; fail=1; }

# --dry-run prints the plan and writes nothing.
expect_exit 0 "dry run" "$concord" init specs/feldera.yaml --out "$tmp/dry" --dry-run
grep -q "post_pipeline_pause" "$tmp/out" || { echo "FAIL: plan does not list the actions"; fail=1; }
[ ! -e "$tmp/dry" ] || { echo "FAIL: --dry-run wrote $tmp/dry"; fail=1; }

# An existing file is kept unless --force.
echo "# mine" >"$tmp/feldera/behaviour.yaml"
expect_exit 2 "existing file" "$concord" init specs/feldera.yaml --out "$tmp/feldera"
grep -q "exists" "$tmp/err" || { echo "FAIL: refusal not explained"; fail=1; }
[ "$(cat "$tmp/feldera/behaviour.yaml")" = "# mine" ] || { echo "FAIL: file overwritten"; fail=1; }
expect_exit 0 "--force" "$concord" init specs/feldera.yaml --out "$tmp/feldera" --force
grep -q "^resources:" "$tmp/feldera/behaviour.yaml" || { echo "FAIL: --force did not write"; fail=1; }

# Bad input: a missing file is a usage error with its name.
expect_exit 2 "missing spec" "$concord" init "$tmp/nope.yaml" --out "$tmp/nope"
grep -q "nope.yaml" "$tmp/err" || { echo "FAIL: missing file not named"; fail=1; }

exit $fail
