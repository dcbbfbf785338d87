#!/usr/bin/env bash
# `concord verify --generate` as a user runs it: against `concord mock` of
# fixtures/conformance/generate.yaml, which (with no credentials configured) accepts any
# credential, so the generated "wrong credential" request is a real `auth-ignored` finding.
# The same mock configured to accept only one credential passes every generated case. The
# HTML report is rendered in headless Chromium: generated failures grouped by check, the
# shrunk request first, the original after it; the seed in the JSON replays the same requests.
# Usage: bash verify_generate.sh CONCORD_BINARY SOURCE_DIR   (exit 77 = skipped)
set -u
concord=$1
src=$2
tmp=$(mktemp -d)
fail=0
# shellcheck source=common.bash
source "$src/tests/cli/common.bash"
spec="$src/fixtures/conformance/generate.yaml"

start_mock "$spec"
base="http://127.0.0.1:$port/v1"
expect_exit 1 "a mock that accepts any credential fails auth-ignored" \
  "$concord" verify "$spec" --target "$base" --token good-token --generate 40 --seed 9 \
  --case '*generated*' --json "$tmp/r1.json" --html "$tmp/r1.html"
grep -q "auth-ignored" "$tmp/out" || { echo "FAIL: console does not name auth-ignored"; fail=1; }
"$concord" verify "$spec" --target "$base" --token good-token --generate 40 --seed 9 \
  --case '*generated*' --json "$tmp/r2.json" >/dev/null 2>&1
python3 - "$tmp/r1.json" "$tmp/r2.json" <<'PY' || fail=1
import json, sys
r1, r2 = (json.load(open(p)) for p in sys.argv[1:3])
bad = 0
def check(ok, what):
    global bad
    print(("ok: " if ok else "FAIL: ") + what)
    bad += not ok
failed = [c for c in r1["cases"] if c["outcome"] == "failed"]
checks = {f["check"] for c in failed for f in c["failures"]}
check(checks == {"auth-ignored"}, "only auth-ignored fails (got %s)" % sorted(checks))
check(all("shrunk" in c for c in failed), "every failing generated request was shrunk")
check(r1["options"]["generate"]["seed"] == "9", "the seed is in the results")
check("good-token" not in json.dumps(r1), "the credential is redacted")
strip = lambda r: [(c["id"], c["request"]) for c in r["cases"]]
check(strip(r1) == strip(r2), "the same seed sends the same requests")
kinds = {c["kind"] for c in r1["cases"]}
check({"generated-valid", "generated-invalid"} <= kinds, "both generated kinds ran")
sys.exit(1 if bad else 0)
PY

# Only one credential accepted: every generated case passes.
kill -TERM "$mock" 2>/dev/null
wait "$mock" 2>/dev/null
cat >"$tmp/mock.yaml" <<'YAML'
credentials: { bearer: [good-token] }
YAML
start_mock "$spec" --config "$tmp/mock.yaml"
expect_exit 0 "the mock with configured credentials passes every generated case" \
  "$concord" verify "$spec" --target "http://127.0.0.1:$port/v1" --token good-token \
  --generate 40 --case '*generated*'

# The report in a real browser.
browser=${CONCORD_CHROMIUM:-}
for candidate in chromium chromium-browser google-chrome; do
  [ -n "$browser" ] && break
  command -v "$candidate" >/dev/null 2>&1 && browser=$(command -v "$candidate")
done
if [ -n "$browser" ]; then
  profile=$(mktemp -d)
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --virtual-time-budget=5000 --dump-dom "file://$tmp/r1.html" \
    >"$tmp/r1.dom" 2>/dev/null
  rm -rf "$profile"
  python3 - "$tmp/r1.dom" <<'PY' || fail=1
import sys
dom = open(sys.argv[1], encoding="utf-8").read()
bad = 0
for needle, what in [
    ("generated · auth-ignored", "failures grouped under their check"),
    ("Shrunk in ", "the shrunk request is announced"),
    ("Smallest failing request and its response", "the smallest request is shown first"),
    ("Original generated request (before shrinking)", "the original request is shown after it"),
    ("a wrong credential", "the case says what was generated"),
]:
    ok = needle in dom
    print(("ok: " if ok else "FAIL: ") + what)
    bad += not ok
sys.exit(1 if bad else 0)
PY
else
  echo "note: no chromium; the rendered report was not checked"
fi

exit $fail
