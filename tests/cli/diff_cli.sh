#!/usr/bin/env bash
# concord diff: exit codes, the compiler-like text, every format, --ignore, filters, git: inputs.
set -u
concord="$1"
src="$2"
cd "$src" || exit 1
fail=0
tmp=$(mktemp -d)
# shellcheck source=tests/cli/common.bash
source "$src/tests/cli/common.bash"
fx=fixtures/diff

expect_exit 0 "a document against itself" "$concord" diff specs/feldera.yaml specs/feldera.yaml
grep -q "0 breaking, 0 warnings, 0 info" "$tmp/out" || { echo "FAIL: no clean summary"; cat "$tmp/out"; fail=1; }

expect_exit 1 "a removed response field" "$concord" diff $fx/response-property-removed/old.yaml \
  $fx/response-property-removed/new.yaml
grep -Eq "^$fx/response-property-removed/new.yaml:[0-9]+:[0-9]+: breaking: response field 'birthDate' removed from 200 of getPet \[response-property-removed\]$" "$tmp/out" \
  || { echo "FAIL: no located breaking line"; cat "$tmp/out"; fail=1; }
grep -Eq "^$fx/response-property-removed/old.yaml:[0-9]+:[0-9]+: note: before$" "$tmp/out" \
  || { echo "FAIL: no OLD location"; cat "$tmp/out"; fail=1; }

expect_exit 0 "--fail-on none" "$concord" diff --fail-on none $fx/operation-removed/old.yaml \
  $fx/operation-removed/new.yaml
# A warning-level change passes the default gate and fails --fail-on warning.
expect_exit 0 "warning under the default gate" "$concord" diff $fx/request-parameter-removed/old.yaml \
  $fx/request-parameter-removed/new.yaml
expect_exit 1 "--fail-on warning" "$concord" diff --fail-on warning \
  $fx/request-parameter-removed/old.yaml $fx/request-parameter-removed/new.yaml
expect_exit 0 "response enum lowered to info" "$concord" diff --response-enum info \
  $fx/response-property-enum-value-added/old.yaml $fx/response-property-enum-value-added/new.yaml

# Filters.
pair="$fx/response-success-status-removed/old.yaml $fx/response-success-status-removed/new.yaml"
expect_exit 0 "--exclude-operation by id" "$concord" diff --exclude-operation getPet $pair
expect_exit 0 "--exclude-operation by method and path" "$concord" diff \
  --exclude-operation "GET /pets/{petId}" $pair
expect_exit 0 "--include-path elsewhere" "$concord" diff --include-path '/health*' $pair
expect_exit 1 "--include-path matching" "$concord" diff --include-path '/pets/*' $pair

# Formats.
pair="$fx/response-property-removed/old.yaml $fx/response-property-removed/new.yaml"
expect_exit 1 "json" "$concord" diff --format json $pair
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["summary"]["breaking"] >= 1, d; assert d["changes"][0]["new"]["line"] > 0' "$tmp/out" \
  || { echo "FAIL: json output"; fail=1; }
expect_exit 1 "markdown" "$concord" diff --format markdown $pair
grep -q "^| \*\*breaking\*\* |" "$tmp/out" || { echo "FAIL: markdown table"; cat "$tmp/out"; fail=1; }
expect_exit 1 "junit" "$concord" diff --format junit $pair
python3 -c 'import sys,xml.dom.minidom as m; d=m.parse(sys.argv[1]); assert d.getElementsByTagName("failure")' "$tmp/out" \
  || { echo "FAIL: junit output"; fail=1; }
expect_exit 1 "html to a file" "$concord" diff --format html -o "$tmp/diff.html" $pair
grep -q "response-property-removed" "$tmp/diff.html" || { echo "FAIL: html page"; fail=1; }

# --ignore: an accepted break passes; an expired entry does not apply and says so.
cat >"$tmp/ignore.yaml" <<'YAML'
ignore:
  - rule: response-property-removed
    reason: birthDate moved to /pets/{petId}/details
    expires: 2999-12-31
YAML
expect_exit 0 "ignored break" "$concord" diff --ignore "$tmp/ignore.yaml" $pair
grep -q "ignored: birthDate moved" "$tmp/out" || { echo "FAIL: ignore reason not shown"; fail=1; }
sed -i 's/2999-12-31/2001-01-01/' "$tmp/ignore.yaml"
expect_exit 1 "expired ignore" "$concord" diff --ignore "$tmp/ignore.yaml" $pair
grep -q "expired on 2001-01-01" "$tmp/out" || { echo "FAIL: expiry not shown"; cat "$tmp/out"; fail=1; }
printf 'ignore:\n  - rule: no-such-rule\n    reason: x\n' >"$tmp/bad-ignore.yaml"
expect_exit 2 "bad ignore file" "$concord" diff --ignore "$tmp/bad-ignore.yaml" $pair
grep -q "bad-ignore.yaml:2:" "$tmp/err" || { echo "FAIL: ignore error not located"; cat "$tmp/err"; fail=1; }

# Unreadable input and usage.
expect_exit 2 "missing file" "$concord" diff $fx/nope.yaml specs/feldera.yaml
expect_exit 2 "broken YAML" "$concord" diff fixtures/core/bad/truncated.yaml specs/feldera.yaml
expect_exit 2 "bad --format" "$concord" diff --format xml specs/feldera.yaml specs/feldera.yaml
expect_exit 2 "malformed git input" "$concord" diff git:HEAD specs/feldera.yaml

# git:REV:path, the CI case (skipped outside a git checkout).
if git rev-parse --verify -q HEAD >/dev/null 2>&1; then
  expect_exit 0 "git:HEAD against itself" "$concord" diff git:HEAD:specs/feldera.yaml \
    git:HEAD:specs/feldera.yaml
  expect_exit 2 "unknown revision" "$concord" diff git:no-such-rev-4711:specs specs
  grep -q "git" "$tmp/err" || { echo "FAIL: git error not shown"; fail=1; }
  if git rev-parse --verify -q HEAD~1 >/dev/null 2>&1; then
    "$concord" diff git:HEAD~1:specs specs >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc -gt 1 ]; then
      echo "FAIL: diff against HEAD~1:specs exited $rc"; cat "$tmp/out" "$tmp/err"; fail=1
    fi
    grep -q "^git:HEAD~1:specs -> specs: " "$tmp/out" || { echo "FAIL: no git summary"; cat "$tmp/out"; fail=1; }
    grep -q "/concord-diff-" "$tmp/out" && { echo "FAIL: temporary path shown"; fail=1; }
  fi
  # A directory from git with a changed copy: the change is found, located in REV:path.
  "$concord" diff git:HEAD:specs "$tmp/no-such-dir" >"$tmp/out" 2>&1
  [ $? -eq 2 ] || { echo "FAIL: missing NEW dir"; fail=1; }
  mkdir -p "$tmp/specs"
  cp specs/*.yaml "$tmp/specs/"
  sed -i 's#^  /v0/pipelines/{pipeline_name}/pause:#  /v0/pipelines/{pipeline_name}/halt:#' "$tmp/specs/feldera.yaml"
  expect_exit 1 "git directory against a changed copy" "$concord" diff git:HEAD:specs "$tmp/specs"
  grep -Eq "feldera.yaml:[0-9]+:[0-9]+: breaking: .*/pause\) removed with its path \[path-removed\]$" "$tmp/out" \
    || { echo "FAIL: path-removed not found"; cat "$tmp/out"; fail=1; }
  grep -Eq "^HEAD:specs/feldera.yaml:[0-9]+:[0-9]+: note: before$" "$tmp/out" \
    || { echo "FAIL: OLD location not in HEAD:specs/"; cat "$tmp/out"; fail=1; }
fi

[ $fail -eq 0 ] && echo "ok"
exit $fail
