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

# Every server start_concord starts is stopped, and $tmp removed, when the script exits.
started_pids=()
trap 'kill -TERM "${started_pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT

# start_concord NAME COMMAND ARGS... : starts `concord COMMAND --port 0 ARGS...` in the
# background (output in $tmp/NAME.out and .err) and waits for its "listening on" line; sets
# $server_pid and $server_url (http://127.0.0.1:PORT). Returns 1, with what it wrote to stderr
# printed, when it does not start. Needs $concord.
start_concord() {
  local name=$1 command=$2
  shift 2
  "$concord" "$command" --port 0 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  server_pid=$!
  started_pids+=("$server_pid")
  server_url=
  for _ in $(seq 1 300); do
    server_url=$(sed -n 's/^listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$tmp/$name.out")
    [ -n "$server_url" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "concord $command did not start:"
  cat "$tmp/$name.err"
  return 1
}

# start_mock SPEC... : start_concord for `concord mock` on the specs; sets $mock (its pid) and
# $port; exits 77 (skip) when it does not start.
start_mock() {
  start_concord mock mock "$@" || { echo "SKIP: the mock is needed"; exit 77; }
  mock=$server_pid
  port=${server_url##*:}
}
