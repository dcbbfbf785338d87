#!/usr/bin/env bash
# concord lint without arguments reads specs/ in the current directory.
set -u
bin="$1"; src="$2"
[ -x "$bin" ] || { echo "no binary: $bin"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

cd "$work" || exit 1
"$bin" lint >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "no specs/ directory should exit 2, got $rc"

mkdir -p specs/nested
cp "$src/fixtures/core/petstore.yaml" specs/
cp "$src/fixtures/core/swagger2.yaml" specs/nested/
echo "just: data" > specs/notes.yaml
out=$("$bin" lint); rc=$?
[ $rc -eq 0 ] || fail "clean specs/ exited $rc: $out"
grep -q "^2 files checked" <<<"$out" || fail "expected 2 OpenAPI files (notes.yaml is not one): $out"

cp "$src/fixtures/core/structure_errors.yaml" specs/
out=$("$bin" lint); rc=$?
[ $rc -eq 1 ] || fail "specs/ with errors exited $rc"
echo "ok"
