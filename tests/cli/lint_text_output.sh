#!/usr/bin/env bash
# concord lint text output: file:line:column: severity: message [rule], then a summary line.
set -u
bin="$1"; src="$2"
[ -x "$bin" ] || { echo "no binary: $bin"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
cd "$src" || exit 1

out=$("$bin" lint fixtures/core/examples_invalid.yaml)
grep -qE '^fixtures/core/examples_invalid\.yaml:13:[0-9]+: error: .*word.* \[example-invalid\]$' <<<"$out" \
  || fail "parameter example line missing: $out"
grep -qE 'sendsReadOnly.*\[example-invalid\]$' <<<"$out" || fail "readOnly request example not flagged: $out"
grep -q 'returnsReadOnly' <<<"$out" && fail "readOnly in a response must be allowed: $out"
grep -qE '^1 file checked: [0-9]+ errors, 0 warnings$' <<<"$out" || fail "summary: $out"

out=$("$bin" lint fixtures/core/structure_errors.yaml)
grep -qE '^fixtures/core/structure_errors\.yaml:[0-9]+:[0-9]+: warning: .*\[path-param-undeclared\]$' <<<"$out" \
  || fail "warning line missing: $out"
grep -qE '\[duplicate-operation-id\]$' <<<"$out" || fail "duplicate operationId missing: $out"

out=$("$bin" lint fixtures/core/multi_bad_example.yaml)
grep -qE '^fixtures/core/multi/examples\.json:7:[0-9]+: error: .*longTag' <<<"$out" \
  || fail "problem in referenced file not located: $out"
echo "ok"
