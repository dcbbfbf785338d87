#!/usr/bin/env bash
# CLI test: `concord report` and `concord report merge` exit codes and outputs.
# Usage: bash report_cli.sh CONCORD_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
fx="$src/fixtures/reports"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
check() { # check NAME EXPECTED_EXIT ACTUAL_EXIT
  if [ "$2" != "$3" ]; then
    echo "FAIL: $1: exit $3, expected $2"
    fail=1
  else
    echo "ok: $1"
  fi
}
contains() { # contains NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then echo "ok: $1"; else echo "FAIL: $1: no '$3' in $2"; cat "$2"; fail=1; fi
}

"$bin" report "$fx/sample.json" --html "$out/r.html" --junit "$out/r.xml" >"$out/o.txt" 2>&1
check "report writes html and junit" 0 $?
[ -s "$out/r.html" ] && [ -s "$out/r.xml" ] || { echo "FAIL: outputs missing"; fail=1; }
if command -v xmllint >/dev/null 2>&1; then
  xmllint --noout "$out/r.xml"
  check "junit is well-formed (xmllint)" 0 $?
fi
if command -v python3 >/dev/null 2>&1; then
  python3 - "$out/r.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
assert root.get("tests") == "6" and root.get("failures") == "2" and root.get("errors") == "1", root.attrib
assert len(root.findall("testsuite")) == 5
assert len(root.findall(".//testcase")) == 6
PY
  check "junit parses with xml.etree and counts match" 0 $?
fi

"$bin" report "$fx/hostile.json" --junit "$out/h.xml" >/dev/null 2>&1
check "hostile junit written" 0 $?
if command -v python3 >/dev/null 2>&1; then
  python3 -c "import sys,xml.etree.ElementTree as E; E.parse(sys.argv[1])" "$out/h.xml"
  check "hostile junit is well-formed" 0 $?
fi

"$bin" report "$fx/sample.json" --waivers "$fx/waivers.yaml" --today 2026-11-27 \
  --baseline "$fx/baseline.json" --json "$out/w.json" --html "$out/w.html" >/dev/null 2>&1
check "waivers and baseline applied" 0 $?
contains "waived case in output" "$out/w.json" '"outcome": "waived"'
contains "expired waiver listed" "$out/w.json" '"expired": true'
contains "baseline fixed listed" "$out/w.json" '"was": "failed"'

"$bin" report "$fx/sample.json" --waivers "$fx/waivers_bad.yaml" --html "$out/x.html" >"$out/e.txt" 2>&1
check "bad waiver file exits 2" 2 $?
contains "bad waiver file names file:line" "$out/e.txt" "waivers_bad.yaml:6"
contains "bad waiver file has code" "$out/e.txt" "[config.invalid]"

"$bin" report "$out/does-not-exist.json" --html "$out/x.html" >"$out/e.txt" 2>&1
check "unreadable results exits 2" 2 $?
contains "unreadable results message" "$out/e.txt" "cannot read results file"

"$bin" report "$fx/waivers_bad.yaml" --html "$out/x.html" >"$out/e.txt" 2>&1
check "results that are not JSON exit 2" 2 $?
contains "not JSON message" "$out/e.txt" "not valid JSON"

"$bin" report "$fx/sample.json" >"$out/e.txt" 2>&1
check "no output option exits 2" 2 $?

"$bin" report "$fx/sample.json" --html "$out/no/such/dir/r.html" >"$out/e.txt" 2>&1
check "unwritable output exits 2" 2 $?

"$bin" report merge "$fx/shard_a.json" "$fx/shard_b.json" -o "$out/all.json" >"$out/o.txt" 2>&1
check "merge" 0 $?
contains "merge prints a summary" "$out/o.txt" "merged 2 files, 6 cases"
if command -v python3 >/dev/null 2>&1; then
  python3 - "$out/all.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["cases"]) == 6, len(d["cases"])
assert d["summary"]["total"] == 6 and d["mergedFrom"] == 2
assert d["coverage"]["exercised"] == 4 and d["coverage"]["documented"] == 7, d["coverage"]
PY
  check "merged document is consistent" 0 $?
fi

"$bin" report merge "$fx/shard_a.json" "$out/missing.json" -o "$out/all2.json" >"$out/e.txt" 2>&1
check "merge with unreadable input exits 2" 2 $?
contains "merge names the unreadable file" "$out/e.txt" "missing.json"

"$bin" report merge "$fx/shard_a.json" >"$out/e.txt" 2>&1
check "merge without -o exits 2" 2 $?

exit $fail
