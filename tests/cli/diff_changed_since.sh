#!/usr/bin/env bash
# concord verify --changed-since OLD runs only the cases of the operations diff reports.
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
auth=(--state-url "$target/__concord/provider-state" --token "cli-secret-token-4711")

# OLD lacks the resume operation (its path was spelled differently): only resume changed.
sed 's#^  /v0/pipelines/{pipeline_name}/resume:#  /v0/pipelines/{pipeline_name}/resumed:#' \
  specs/feldera.yaml >"$tmp/old.yaml"
expect_exit 0 "changed operations only" "$concord" verify specs/feldera.yaml --target "$target" "${auth[@]}" \
  --changed-since "$tmp/old.yaml" --json "$tmp/r.json"
grep -q "1 changed operation" "$tmp/err" || { echo "FAIL: count not shown"; cat "$tmp/err"; fail=1; }
python3 - "$tmp/r.json" <<'PY' || fail=1
import json, sys
cases = [c for c in json.load(open(sys.argv[1]))["cases"] if c["kind"] != "scenario"]
paths = {c["path"] for c in cases}
if not cases or paths != {"/v0/pipelines/{pipeline_name}/resume"}:
    print("FAIL: cases of", sorted(paths))
    sys.exit(1)
PY
expect_exit 0 "full run for comparison" "$concord" verify specs/feldera.yaml --target "$target" "${auth[@]}" \
  --json "$tmp/all.json"
python3 - "$tmp/r.json" "$tmp/all.json" <<'PY' || fail=1
import json, sys
some, every = (len(json.load(open(f))["cases"]) for f in sys.argv[1:])
if not some < every:
    print("FAIL: --changed-since ran", some, "of", every)
    sys.exit(1)
PY
# Nothing changed: nothing runs (and verify says so with exit 1, as for an empty filter).
expect_exit 1 "no change" "$concord" verify specs/feldera.yaml --target "$target" "${auth[@]}" \
  --changed-since specs/feldera.yaml
expect_exit 2 "unreadable OLD" "$concord" verify specs/feldera.yaml --target "$target" \
  --changed-since "$tmp/nope.yaml"
[ $fail -eq 0 ] && echo "ok"
exit $fail
