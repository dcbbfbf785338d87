#!/usr/bin/env bash
# concord lint --format json: an array of {file, line, column, pointer, severity, rule, message}.
set -u
bin="$1"; src="$2"
[ -x "$bin" ] || { echo "no binary: $bin"; exit 77; }
command -v python3 >/dev/null || { echo "python3 needed"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
cd "$src" || exit 1

"$bin" lint --format json fixtures/core/examples_invalid.yaml > /tmp/concord_lint_$$.json; rc=$?
[ $rc -eq 1 ] || fail "exit $rc"
python3 - /tmp/concord_lint_$$.json <<'PY' || fail "json shape"
import json, sys
data = json.load(open(sys.argv[1]))
assert isinstance(data, list) and data, data
for p in data:
    assert set(p) == {"file", "line", "column", "pointer", "severity", "rule", "message"}, p
    assert p["severity"] in ("error", "warning"), p
word = [p for p in data if "'word'" in p["message"]]
assert word and word[0]["line"] == 13 and word[0]["rule"] == "example-invalid", word
assert word[0]["file"] == "fixtures/core/examples_invalid.yaml", word
PY
rm -f /tmp/concord_lint_$$.json

out=$("$bin" lint --format json fixtures/core/petstore.yaml); rc=$?
[ $rc -eq 0 ] || fail "clean exit $rc"
[ "$(tr -d ' \n' <<<"$out")" = "[]" ] || fail "clean spec should print []: $out"
echo "ok"
