#!/usr/bin/env bash
# Shell completion made from the command definitions, `concord help COMMAND` equal to
# `concord COMMAND --help`, and `--version` with the git revision.
# Usage: package_completion.sh CONCORD_BINARY SOURCE_DIR
set -u
concord="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
mkdir -p "$tmp/bin"
ln -s "$concord" "$tmp/bin/concord"
export PATH="$tmp/bin:$PATH"

out=$(bash -c 'source <(concord completion bash) && complete -p concord' 2>&1)
echo "$out" | grep -q -- '-F _concord concord' || { echo "FAIL: complete -p: $out"; fail=1; }

# complete_words WORD...: what the completion function offers for the last word.
complete_words() {
  bash -c 'source <(concord completion bash)
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
    _concord concord "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf "%s\n" "${COMPREPLY[@]}"' _ "$@"
}
[ "$(complete_words concord ve)" = verify ] ||
  { echo "FAIL: 'concord ve' completes to: $(complete_words concord ve)"; fail=1; }
complete_words concord mock --b | grep -qx -- '--behaviour' ||
  { echo "FAIL: 'concord mock --b' does not offer --behaviour"; fail=1; }
complete_words concord init --d | grep -qx -- '--dry-run' ||
  { echo "FAIL: 'concord init --d' does not offer --dry-run"; fail=1; }
complete_words concord report m | grep -qx merge ||
  { echo "FAIL: 'concord report m' does not offer merge"; fail=1; }
concord completion zsh | grep -q '^#compdef concord' || { echo "FAIL: zsh completion"; fail=1; }
if command -v zsh >/dev/null; then
  concord completion zsh | zsh -n || { echo "FAIL: zsh completion does not parse"; fail=1; }
fi
concord completion fish >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: unknown shell is not a usage error"; fail=1; }

for command in lint mock verify report init completion; do
  concord help "$command" >"$tmp/help" 2>&1
  concord "$command" --help >"$tmp/direct" 2>&1
  cmp -s "$tmp/help" "$tmp/direct" ||
    { echo "FAIL: help $command differs from $command --help"; diff "$tmp/help" "$tmp/direct"; fail=1; }
done
concord help nosuch >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: help of an unknown command is not a usage error"; fail=1; }

version=$(concord --version)
echo "$version" | grep -Eq '^concord [0-9]+\.[0-9]+\.[0-9]+ \(git ([0-9a-f]{4,}|unknown)\)$' ||
  { echo "FAIL: --version printed '$version'"; fail=1; }
exit $fail
