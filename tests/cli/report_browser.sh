#!/usr/bin/env bash
# Real-browser test of the HTML report: headless Chromium renders reports made from hostile
# and large results files; the rendered DOM is checked and screenshots are kept.
# Usage: bash report_browser.sh CONCORD_BINARY SOURCE_DIR   (exit 77 = skipped)
# Outputs (screenshots, DOM dumps) land in <dir of CONCORD_BINARY>/report-browser/.
set -u
bin=$1
src=$2
fx="$src/fixtures/reports"
browser=${CONCORD_CHROMIUM:-}
for candidate in chromium chromium-browser google-chrome; do
  [ -n "$browser" ] && break
  command -v "$candidate" >/dev/null 2>&1 && browser=$(command -v "$candidate")
done
if [ -z "$browser" ]; then
  echo "SKIP: no chromium found (set CONCORD_CHROMIUM to a Chromium/Chrome binary)"
  exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIP: python3 is needed to check the rendered DOM"
  exit 77
fi
out="$(cd "$(dirname "$bin")" && pwd)/report-browser"
rm -rf "$out"
mkdir -p "$out"
fail=0

# run_chromium EXTRA_FLAGS... URL ; no network, throwaway profile, virtual time.
run_chromium() {
  local profile
  profile=$(mktemp -d)
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --virtual-time-budget=5000 "$@" 2>>"$out/chromium.log"
  local rc=$?
  rm -rf "$profile"
  return $rc
}

# --- 1. hostile payloads --------------------------------------------------------------------
"$bin" report "$fx/hostile.json" --html "$out/hostile.html" >/dev/null || { echo "FAIL: report"; exit 1; }
run_chromium --dump-dom "file://$out/hostile.html" >"$out/hostile.dom"
run_chromium --screenshot="$out/hostile.png" --window-size=1280,1000 "file://$out/hostile.html" >/dev/null
python3 - "$out/hostile.dom" <<'PY' || fail=1
import sys
from html.parser import HTMLParser

class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.text, self.stack, self.scripts = [], [], [], 0
    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts += 1
        if tag not in ("meta", "input", "br", "img", "link"):
            self.stack.append(tag)
    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass
    def handle_data(self, data):
        if "script" not in self.stack and "style" not in self.stack:
            self.text.append(data)

dom = Dom()
dom.feed(open(sys.argv[1], encoding="utf-8").read())
text = "".join(dom.text)
html_attrs = dom.elements[0][1] if dom.elements and dom.elements[0][0] == "html" else {}
problems = []
def need(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        problems.append(what)

need(html_attrs.get("data-concord-ready") == "1", "page script ran (data-concord-ready)")
need(not any(a.get("id") == "pwned" for _, a in dom.elements), "no element with id=pwned (no payload ran or became markup)")
need(not any(t in ("img", "iframe", "object", "embed", "b", "svg") for t, _ in dom.elements), "no element created from payload markup")
need(not any(t == "a" or "href" in a for t, a in dom.elements), "nothing is a link (no javascript: href)")
need(not any(k.startswith("on") for _, a in dom.elements for k in a), "no inline event handler attributes")
need(dom.scripts == 2, "only the page's two script elements exist (found %d)" % dom.scripts)
need("FAILED" in text, "verdict rendered")
verdict = [a for t, a in dom.elements if a.get("id") == "verdict"]
need(bool(verdict) and "failed" in verdict[0].get("class", ""), "verdict coloured as failed")
for payload in ["</script><script>window.__pwned=1", '<img src=x id=pwned onerror="window.__pwned=1">',
                "javascript:window.__pwned=1", "<b>x</b>:", "<b>spec</b>"]:
    need(payload in text, "payload shown as text: " + payload)
need("U+202E" in text and "\u202e" not in text, "U+202E shown as a visible mark, not applied")
need("U+0000" in text, "NUL shown as a visible mark")
need("SHOULD_NOT_LEAK" not in open(sys.argv[1], encoding="utf-8").read(), "no secret in the DOM")
need('Bearer $CONCORD_TOKEN' in text, "curl line uses $CONCORD_TOKEN")
sys.exit(1 if problems else 0)
PY

# --- 2. a realistic report, light and dark --------------------------------------------------
"$bin" report "$fx/sample.json" --waivers "$fx/waivers.yaml" --today 2026-11-27 \
  --baseline "$fx/baseline.json" --html "$out/sample.html" >/dev/null || { echo "FAIL: report"; exit 1; }
run_chromium --dump-dom "file://$out/sample.html" >"$out/sample.dom"
run_chromium --screenshot="$out/sample-light.png" --window-size=1280,1000 "file://$out/sample.html" >/dev/null
run_chromium --screenshot="$out/sample-full.png" --window-size=1280,3400 "file://$out/sample.html" >/dev/null
run_chromium --force-dark-mode --screenshot="$out/sample-dark.png" --window-size=1280,1000 \
  "file://$out/sample.html" >/dev/null
run_chromium --force-dark-mode --dump-dom "file://$out/sample.html" >"$out/sample-dark.dom"
python3 - "$out/sample.dom" "$out/sample-dark.dom" <<'PY' || fail=1
import re, sys
dom, dark = open(sys.argv[1], encoding="utf-8").read(), open(sys.argv[2], encoding="utf-8").read()
checks = [
    ('data-theme="light"' in dom.split(">")[1] or 'data-theme="light"' in dom[:400], "light theme by default"),
    ('data-theme="dark"' in dark[:400], "dark theme when the system prefers dark"),
    ('data-outcome="failed"><span class="num">0</span>' in dom, "failed count rendered (0 after waivers)"),
    ('data-outcome="errored"><span class="num">1</span>' in dom, "errored count rendered (1: its waiver expired)"),
    ('data-outcome="waived"><span class="num">3</span>' in dom, "waived count rendered (3)"),
    ('id="coverage-matrix"' in dom, "coverage matrix rendered"),
    ("expired — not applied" in dom, "expired waiver shown"),
    (">fixed<" in dom, "fixed-since-baseline shown"),
    ("destructive operation" in dom, "skip reason shown"),
]
bad = 0
for ok, what in checks:
    print(("ok: " if ok else "FAIL: ") + what)
    bad += not ok
sys.exit(1 if bad else 0)
PY

# --- 3. 10,000 cases: size and time to first screen -----------------------------------------
python3 - "$out/large.json" <<'PY'
import json, random, sys
random.seed(7)
ops = [("GET", "/v1/things/{id}/%d" % i, "getThing%d" % i) for i in range(150)]
cases = []
for i in range(10000):
    m, p, op = ops[i % len(ops)]
    outcome = ("failed" if i % 10 == 3 else "skipped" if i % 50 == 7 else "errored" if i % 97 == 5
               else "waived" if i % 211 == 9 else "passed")
    body = json.dumps({"id": i, "name": "thing %d" % i, "blob": "x" * (200 if outcome == "passed" else 1500)})
    c = {"id": "%s %s > 200 > application/json > example-%d" % (m, p, i), "kind": "example",
         "spec": "specs/things.yaml", "operationId": op, "method": m, "path": p, "tags": ["things"],
         "expectedStatus": "200", "outcome": outcome, "durationMs": round(random.uniform(1, 40), 1),
         "request": {"method": m, "url": "http://127.0.0.1:4010/v1/things/%d" % i,
                     "headers": {"Accept": "application/json", "Authorization": "Bearer t0ps3cret"}},
         "response": {"status": 500 if outcome == "failed" else 200,
                      "headers": {"content-type": "application/json"}, "body": body},
         "failures": [], "reason": None, "baseline": None, "waiver": None}
    if outcome == "failed":
        c["failures"] = [
            {"check": "status", "message": "expected 200, got 500", "pointer": "", "expected": "200", "actual": "500"},
            {"check": "schema", "message": "/id: expected string, got integer", "pointer": "/id",
             "expected": json.dumps({"id": str(i), "name": "thing %d" % i}, indent=2), "actual": body}]
    if outcome == "skipped":
        c["reason"] = "no example for this response"
    if outcome == "errored":
        c["reason"] = "connection reset"
        c["failures"] = [{"check": "network", "message": "connection reset", "pointer": ""}]
    if outcome == "waived":
        c["waiver"] = {"reason": "known bug", "expires": "2027-06-01"}
    cases.append(c)
cov = [{"operationId": op, "method": m, "path": p,
        "statuses": [{"status": s, "exercised": s == "200" or (i + int(s)) % 3 == 0} for s in ("200", "400", "404", "500")]}
       for i, (m, p, op) in enumerate(ops)]
json.dump({"tool": "concord", "version": "0.1.0", "format": 1, "target": "http://127.0.0.1:4010",
           "startedAt": "2026-11-27T10:00:00Z", "durationMs": 81234,
           "specs": [{"file": "specs/things.yaml", "title": "Things API", "version": "3.1.0"}],
           "verdict": "failed", "summary": {"total": 10000, "passed": 8666, "failed": 1000, "errored": 92, "skipped": 200, "waived": 42},
           "score": 87.8, "coverage": {"percent": 62.5, "exercised": 375, "documented": 600, "operations": cov},
           "warnings": [], "cases": cases}, open(sys.argv[1], "w"))
PY
start=$(date +%s%N)
"$bin" report "$out/large.json" --html "$out/large.html" --junit "$out/large.xml" >/dev/null || { echo "FAIL: report"; exit 1; }
write_ms=$(( ($(date +%s%N) - start) / 1000000 ))
size=$(wc -c <"$out/large.html")
echo "10,000 cases: results $(wc -c <"$out/large.json") bytes -> HTML $size bytes (written in ${write_ms} ms)"
if [ "$size" -gt 5000000 ]; then echo "FAIL: HTML over 5 MB"; fail=1; else echo "ok: HTML <= 5 MB"; fi
if grep -q "t0ps3cret" "$out/large.html" "$out/large.xml"; then echo "FAIL: token leaked"; fail=1; else echo "ok: no token"; fi
start=$(date +%s%N)
run_chromium --dump-dom "file://$out/large.html" >"$out/large.dom"
browser_ms=$(( ($(date +%s%N) - start) / 1000000 ))
run_chromium --screenshot="$out/large.png" --window-size=1280,1000 "file://$out/large.html" >/dev/null
python3 - "$out/large.dom" "$browser_ms" <<'PY' || fail=1
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
head = dom[:600]
parse = re.search(r'data-parse-ms="([\d.]+)"', head)
render = re.search(r'data-render-ms="([\d.]+)"', head)
cards = dom.count('data-case="1"')
print("10,000 cases: data parsed at %s ms, first screen rendered at %s ms after navigation start; "
      "%d failure cards in the DOM; chromium run %s ms (incl. start-up, 5 s virtual-time budget)"
      % (parse.group(1) if parse else "?", render.group(1) if render else "?", cards, sys.argv[2]))
ok = render is not None and 0 < cards <= 200 and 'data-outcome="total"><span class="num">10000</span>' in dom
print(("ok: " if ok else "FAIL: ") + "large report rendered lazily (first batch only)")
sys.exit(0 if ok else 1)
PY

echo "screenshots: $out/hostile.png $out/sample-light.png $out/sample-full.png $out/sample-dark.png $out/large.png"
exit $fail
