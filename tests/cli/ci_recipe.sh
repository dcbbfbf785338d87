#!/usr/bin/env bash
# Runs the shell steps of docs/ci.md (lint, diff when available, start the mock, verify in
# two shards, merge the reports) locally, exactly as written there, and checks that the
# GitHub Actions and GitLab CI recipes in the same page contain those same commands.
# Usage: ci_recipe.sh CONCORD_BINARY SOURCE_DIR
set -u
concord="$1"
src="$2"
command -v git >/dev/null || { echo "SKIP: git not found"; exit 77; }
tmp=$(mktemp -d)
trap 'kill -TERM $(cat "$tmp/mock.pid" 2>/dev/null) 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0

# Each `<!-- ci-step: NAME -->` is followed by a ```sh block: write it to $tmp/steps/NAME.sh.
mkdir -p "$tmp/steps" "$tmp/bin"
awk -v dir="$tmp/steps" '
  /^<!-- ci-step: / { name = $3; next }
  name != "" && /^```sh$/ { file = dir "/" name ".sh"; next }
  file != "" && /^```$/ { close(file); file = ""; name = ""; next }
  file != "" { print > file }
' "$src/docs/ci.md"
for step in lint diff start verify merge; do
  [ -s "$tmp/steps/$step.sh" ] || { echo "FAIL: docs/ci.md has no '$step' step"; exit 1; }
done

# The recipes run the same commands: every line of every step is in both YAML recipes.
for step in lint diff start verify merge; do
  while IFS= read -r line; do
    trimmed=$(echo "$line" | sed 's/^ *//')
    [ -z "$trimmed" ] && continue
    for recipe in "GitHub Actions" "GitLab CI"; do
      awk -v title="## $recipe" '$0 == title { on = 1; next } /^## / { on = 0 } on' \
        "$src/docs/ci.md" | grep -qF -- "$trimmed" ||
        { echo "FAIL: $recipe recipe lacks the $step line: $trimmed"; fail=1; }
    done
  done < "$tmp/steps/$step.sh"
done

# A scratch repository with the document committed on main and a branch, like a CI checkout.
ln -s "$concord" "$tmp/bin/concord"
repo="$tmp/repo"
mkdir -p "$repo/concord"
cp "$src/specs/feldera.yaml" "$repo/openapi.yaml"
cp "$src/fixtures/feldera/behaviour.yaml" "$repo/concord/behaviour.yaml"
sed 's/^spec: feldera.yaml/spec: openapi.yaml/' "$src/fixtures/scenarios/feldera.yaml" \
  >"$repo/concord/scenarios.yaml"
(cd "$repo" && git init -q -b main && git -c user.email=ci@localhost -c user.name=ci add . &&
  git -c user.email=ci@localhost -c user.name=ci commit -qm base && git checkout -qb change) ||
  { echo "FAIL: could not make the scratch repository"; exit 1; }

run_steps() {
  (cd "$repo" && PATH="$tmp/bin:$PATH" SPEC=openapi.yaml BEHAVIOUR=concord/behaviour.yaml \
    SCENARIOS=concord/scenarios.yaml BASE_REF=main SHARDS=2 CONCORD_TOKEN=ci-token \
    bash -e -c "$1") >>"$tmp/log" 2>&1
}
for step in lint diff; do
  run_steps "source '$tmp/steps/$step.sh'" || { echo "FAIL: step $step"; fail=1; }
done
run_steps "source '$tmp/steps/start.sh'; echo \$! > '$tmp/mock.pid'" ||
  { echo "FAIL: step start"; fail=1; }
for shard in 1 2; do
  run_steps "SHARD=$shard; source '$tmp/steps/verify.sh'" || { echo "FAIL: verify shard $shard"; fail=1; }
done
run_steps "source '$tmp/steps/merge.sh'" || { echo "FAIL: step merge"; fail=1; }
for file in results-1.json results-2.json junit-1.xml report-2.html results.json junit.xml report.html; do
  [ -s "$repo/$file" ] || { echo "FAIL: $file not written"; fail=1; }
done
grep -q '"passed"' "$repo/results.json" || { echo "FAIL: merged results have no passed case"; fail=1; }
[ $fail = 0 ] || cat "$tmp/log"
exit $fail
