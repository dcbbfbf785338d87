#!/usr/bin/env bash
# Real-browser check of `concord diff --format html`: headless Chromium renders a diff whose
# field names are markup; the rendered DOM must show them as text. Screenshot kept in
# <dir of CONCORD_BINARY>/diff-browser/.   (exit 77 = skipped)
set -u
bin=$1
src=$2
browser=${CONCORD_CHROMIUM:-}
for candidate in chromium chromium-browser google-chrome; do
  [ -n "$browser" ] && break
  command -v "$candidate" >/dev/null 2>&1 && browser=$(command -v "$candidate")
done
if [ -z "$browser" ] || ! command -v python3 >/dev/null 2>&1; then
  echo "SKIP: chromium and python3 are needed"
  exit 77
fi
out="$(cd "$(dirname "$bin")" && pwd)/diff-browser"
rm -rf "$out"
mkdir -p "$out"
fx="$src/fixtures/diff/response-property-removed"
payload='<img id=pwned src=x onerror=alert(1)><script>document.title="pwned"</script>'
# OLD has a response field named with the payload; NEW does not.
python3 - "$fx/old.yaml" "$out/old.yaml" "$payload" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
doc["components"]["schemas"]["Pet"]["properties"][sys.argv[3]] = {"type": "string"}
yaml.safe_dump(doc, open(sys.argv[2], "w"), sort_keys=False)
PY
"$bin" diff --format html -o "$out/diff.html" "$out/old.yaml" "$fx/new.yaml"
[ $? -eq 1 ] || { echo "FAIL: diff did not exit 1"; exit 1; }

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --user-data-dir="$profile" --virtual-time-budget=3000)
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$out/diff.html" >"$out/diff.dom" 2>>"$out/chromium.log"
timeout 120 "$browser" "${flags[@]}" --screenshot="$out/diff.png" --window-size=1280,900 \
  "file://$out/diff.html" >/dev/null 2>>"$out/chromium.log"
python3 - "$out/diff.dom" "$payload" <<'PY'
import sys
from html.parser import HTMLParser

class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.text, self.in_style = [], [], False
    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self.in_style = tag == "style"
    def handle_endtag(self, tag):
        self.in_style = False
    def handle_data(self, data):
        if not self.in_style:
            self.text.append(data)

dom = Dom()
dom.feed(open(sys.argv[1], encoding="utf-8").read())
text = "".join(dom.text)
problems = []
def need(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        problems.append(what)
need(any(t == "title" for t, _ in dom.elements) and "pwned" not in
     [a.get("id") for _, a in dom.elements], "no element from the payload")
need(not any(t in ("img", "script", "iframe", "svg") for t, _ in dom.elements), "no img/script element")
need(sys.argv[2] in text, "the payload shows as text")
need("Concord API diff" in text or any(t == "title" for t, _ in dom.elements), "page rendered")
rows = [a for t, a in dom.elements if t == "tr" and a.get("data-rule")]
need(any(a["data-rule"] == "response-property-removed" for a in rows), "the removal is a row")
need("BREAKING" in text, "the verdict says BREAKING")
sys.exit(1 if problems else 0)
PY
rc=$?
[ $rc -eq 0 ] && echo "ok"
exit $rc
