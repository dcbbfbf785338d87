#!/usr/bin/env bash
# concord lint: exit 0 clean, 1 problems found, 2 unreadable input.
set -u
bin="$1"; src="$2"; fx="$src/fixtures/core"
[ -x "$bin" ] || { echo "no binary: $bin"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

out=$("$bin" lint "$fx/petstore.yaml"); rc=$?
[ $rc -eq 0 ] || fail "clean spec exited $rc: $out"
grep -q "1 file checked: 0 errors" <<<"$out" || fail "summary missing: $out"

out=$("$bin" lint "$fx/examples_invalid.yaml"); rc=$?
[ $rc -eq 1 ] || fail "invalid examples exited $rc"

out=$("$bin" lint "$fx/structure_errors.yaml"); rc=$?
[ $rc -eq 1 ] || fail "structure errors exited $rc"

out=$("$bin" lint "$fx/does-not-exist.yaml"); rc=$?
[ $rc -eq 2 ] || fail "missing file exited $rc"

out=$("$bin" lint "$fx/bad/invalid.json"); rc=$?
[ $rc -eq 2 ] || fail "invalid JSON exited $rc"
grep -q "invalid.json:4:[0-9]*: error: .*\[spec.parse\]" <<<"$out" || fail "parse error not located: $out"

out=$("$bin" lint "$fx/bad/truncated.yaml"); rc=$?
[ $rc -eq 2 ] || fail "truncated YAML exited $rc"

# unreadable input wins over problems in other files
out=$("$bin" lint "$fx/examples_invalid.yaml" "$fx/bad/truncated.yaml"); rc=$?
[ $rc -eq 2 ] || fail "mixed input exited $rc"

out=$("$bin" lint --format xml "$fx/petstore.yaml" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "bad --format exited $rc"
echo "ok"
