# Shared by the tests/cli scripts (sourced; not a test itself, so not named *.sh).
# Needs $tmp (a scratch directory) and $fail (set to 1 on a failure) in the caller.

# expect_exit CODE DESCRIPTION COMMAND... : runs COMMAND; on another exit code, says so and
# prints what it wrote.
expect_exit() {
  local want="$1" what="$2"
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: $what: exit $got, expected $want"
    cat "$tmp/out" "$tmp/err"
    fail=1
  fi
}
