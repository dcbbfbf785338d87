#!/usr/bin/env bash
# The Debian package from scripts/package: unpacked into a scratch root with `dpkg -x`, its
# Depends names the Debian packages of every library the program links directly (readelf
# NEEDED, located with ldd, owner from
# dpkg -S; the package's Depends itself is made by dpkg-shlibdeps), and that root's concord
# answers --version, lints the example spec it ships, serves it with `mock` on 127.0.0.1
# port 0, and has its shell completion.
# Usage: package_deb.sh CONCORD_BINARY SOURCE_DIR
set -u
concord="$1"
build_dir=$(dirname "$concord")
deb=$(ls "$build_dir"/packages/concord_*.deb 2>/dev/null | head -n 1)
if [ -z "$deb" ]; then
  echo "SKIP: no package in $build_dir/packages (run scripts/package $build_dir first)"
  exit 77
fi
for tool in dpkg dpkg-deb curl ldd readelf; do
  command -v $tool >/dev/null || { echo "SKIP: $tool not found"; exit 77; }
done
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -TERM $pid 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
root="$tmp/root"
dpkg -x "$deb" "$root" || { echo "FAIL: dpkg -x $deb"; exit 1; }
bin="$root/usr/bin/concord"
[ -x "$bin" ] || { echo "FAIL: no usr/bin/concord in the package"; exit 1; }

# Depends: every shared library the program needs, by its Debian package.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
# The program's own NEEDED entries (readelf), located with ldd; libraries those pull in are
# their packages' business (libssl3 comes with libcpp-httplib0.11).
readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | while read -r soname; do
  lib=$(ldd "$bin" | awk -v n="$soname" '$1 == n && $3 ~ /^\// { print $3 }')
  [ -z "$lib" ] && continue
  pkg=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null ||
        dpkg -S "/usr$lib" 2>/dev/null)
  pkg=$(echo "$pkg" | head -n 1 | cut -d: -f1)
  [ -z "$pkg" ] && { echo "note: $lib belongs to no package"; continue; }
  echo "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx "$pkg" ||
    { echo "FAIL: $lib ($pkg) is not in Depends"; echo 1 >"$tmp/failed"; }
done
[ -e "$tmp/failed" ] && fail=1
for pkg in libyaml-cpp0.7 libpcre2-8-0; do
  echo "$depends" | grep -q "$pkg" || { echo "FAIL: Depends lacks $pkg"; fail=1; }
done

"$bin" --version | grep -Eq '^concord [0-9]+\.[0-9]+\.[0-9]+ \(git [0-9a-z]+\)$' ||
  { echo "FAIL: --version: $("$bin" --version)"; fail=1; }
examples="$root/usr/share/doc/concord/examples"
"$bin" lint "$examples/specs/feldera.yaml" >"$tmp/lint" 2>&1 ||
  { echo "FAIL: lint of the shipped example"; cat "$tmp/lint"; fail=1; }
[ -s "$root/usr/share/bash-completion/completions/concord" ] ||
  { echo "FAIL: no bash completion"; fail=1; }
[ -s "$root/usr/share/zsh/vendor-completions/_concord" ] || { echo "FAIL: no zsh completion"; fail=1; }
[ -s "$root/usr/share/doc/concord/behaviour.md" ] || { echo "FAIL: docs not installed"; fail=1; }

"$bin" mock --port 0 "$examples/specs/feldera.yaml" \
  --behaviour "$examples/specs/feldera.yaml=$examples/fixtures/feldera/behaviour.yaml" \
  >"$tmp/mock.out" 2>"$tmp/mock.err" &
pid=$!
for _ in $(seq 1 100); do
  grep -q '^listening on' "$tmp/mock.out" && break
  sleep 0.1
done
port=$(sed -n 's/^listening on http:\/\/127\.0\.0\.1:\([0-9]*\)$/\1/p' "$tmp/mock.out")
if [ -z "$port" ]; then
  echo "FAIL: the packaged mock did not start on 127.0.0.1"
  cat "$tmp/mock.err"
  exit 1
fi
status=$(curl -s -o "$tmp/body" -w '%{http_code}' -H 'Authorization: Bearer t' \
  "http://127.0.0.1:$port/v0/pipelines/example-pipeline")
[ "$status" = 200 ] && grep -q '"deployment_status"' "$tmp/body" ||
  { echo "FAIL: GET pipeline answered $status: $(cat "$tmp/body")"; fail=1; }
exit $fail
