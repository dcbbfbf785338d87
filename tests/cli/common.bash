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

# start_mock SPEC... : starts `concord mock --port 0` on the specs in the background (killed
# and $tmp removed on exit) and sets $port; exits 77 (skip) when it does not start.
# Needs $concord.
start_mock() {
  "$concord" mock --port 0 "$@" >"$tmp/mock.out" 2>"$tmp/mock.err" &
  mock=$!
  trap 'kill -TERM $mock 2>/dev/null; wait $mock 2>/dev/null; rm -rf "$tmp"' EXIT
  for _ in $(seq 1 100); do
    grep -q "listening on" "$tmp/mock.out" && break
    sleep 0.1
  done
  port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/mock.out" | head -1)
  if [ -z "$port" ]; then
    echo "SKIP: concord mock did not start"
    cat "$tmp/mock.err"
    exit 77
  fi
}
