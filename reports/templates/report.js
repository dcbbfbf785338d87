// Concord HTML report. Renders the embedded results document (script#concord-data).
// Safety: every value from the data reaches the page through textContent or
// createElement; nothing from the data is ever parsed as markup or made a link.
(function () {
  "use strict";
  var BATCH = 100;
  var OUTCOMES = ["failed", "errored", "waived", "skipped", "passed"];
  var ODD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFF9-\uFFFB]/;
  var ODD_G = new RegExp(ODD.source, "g");
  var root = document.documentElement;

  // ---- small DOM helpers -------------------------------------------------------------
  function hex4(ch) {
    var h = ch.charCodeAt(0).toString(16).toUpperCase();
    return "U+" + "0000".slice(h.length) + h;
  }
  // Appends `text` to `node` as text; invisible or direction-changing characters are shown
  // as visible U+XXXX marks so they cannot disguise what is around them.
  function put(node, text) {
    var s = text === undefined || text === null ? "" : String(text);
    if (!ODD.test(s)) {
      node.appendChild(document.createTextNode(s));
      return node;
    }
    var last = 0;
    s.replace(ODD_G, function (ch, at) {
      if (at > last) node.appendChild(document.createTextNode(s.slice(last, at)));
      var mark = document.createElement("span");
      mark.className = "odd";
      mark.title = "invisible or control character";
      mark.textContent = hex4(ch);
      node.appendChild(mark);
      last = at + ch.length;
      return ch;
    });
    if (last < s.length) node.appendChild(document.createTextNode(s.slice(last)));
    return node;
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) put(node, text);
    return node;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]);
    return parent;
  }
  function str(v) {
    if (v === undefined || v === null) return "";
    return typeof v === "string" ? v : JSON.stringify(v);
  }
  function fmtMs(ms) {
    if (typeof ms !== "number" || !isFinite(ms)) return "\u2014";
    if (ms < 1000) return (Math.round(ms * 10) / 10) + " ms";
    var s = ms / 1000;
    if (s < 120) return (Math.round(s * 10) / 10) + " s";
    return Math.floor(s / 60) + " min " + Math.round(s % 60) + " s";
  }
  function opKey(c) {
    if (c.method || c.path) return (c.method || "").toUpperCase() + " " + (c.path || "");
    return c.operationId || "(no operation)";
  }
  function opLabel(c) {
    var key = opKey(c);
    return c.operationId && key !== c.operationId ? key + "  \u00b7  " + c.operationId : key;
  }
  // Failures of generated cases and sequences are grouped by the check that failed (the
  // kind of bug), the others by operation.
  function isGenerated(c) { return /^generated-|^sequence$/.test(str(c.kind)); }
  function firstCheck(c) {
    var f = Array.isArray(c.failures) ? c.failures.filter(Boolean)[0] : null;
    return f && f.check ? str(f.check) : "errored";
  }
  function groupKey(c) { return isGenerated(c) ? "generated\u0000" + firstCheck(c) : opKey(c); }
  function groupLabel(c) { return isGenerated(c) ? "generated \u00b7 " + firstCheck(c) : opLabel(c); }

  // ---- data --------------------------------------------------------------------------
  var R;
  try {
    R = JSON.parse(document.getElementById("concord-data").textContent);
  } catch (e) {
    add(document.getElementById("app"), el("p", "notice", "The embedded results could not be read: " + e));
    return;
  }
  root.setAttribute("data-parse-ms", performance.now().toFixed(1));
  var cases = Array.isArray(R.cases) ? R.cases : [];
  var byOutcome = { passed: [], failed: [], errored: [], skipped: [], waived: [] };
  cases.forEach(function (c) {
    if (!c || typeof c !== "object") return;
    var o = byOutcome[c.outcome] ? c.outcome : "errored";
    byOutcome[o].push(c);
  });
  function summary() {
    var s = R.summary && typeof R.summary === "object" ? R.summary : {};
    var out = { total: typeof s.total === "number" ? s.total : cases.length };
    OUTCOMES.forEach(function (o) { out[o] = typeof s[o] === "number" ? s[o] : byOutcome[o].length; });
    return out;
  }

  // ---- theme -------------------------------------------------------------------------
  function storedTheme() {
    try { return window.localStorage.getItem("concord-theme"); } catch (e) { return null; }
  }
  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  root.setAttribute("data-theme", storedTheme() || (dark && dark.matches ? "dark" : "light"));
  if (dark && dark.addEventListener) {
    dark.addEventListener("change", function (e) {
      if (!storedTheme()) root.setAttribute("data-theme", e.matches ? "dark" : "light");
    });
  }
  document.getElementById("theme-toggle").addEventListener("click", function () {
    var next = root.getAttribute("data-theme") === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try { window.localStorage.setItem("concord-theme", next); } catch (e) { /* storage may be off for local files */ }
  });

  // ---- summary -----------------------------------------------------------------------
  function renderSummary() {
    var s = summary();
    var verdict = R.verdict === "passed" || R.verdict === "failed" ? R.verdict
      : (s.failed + s.errored > 0 || s.total - s.skipped <= 0 ? "failed" : "passed");
    var box = el("section", "summary");
    box.id = "summary";
    if (R.options && R.options.insecure === true) {
      var insecure = el("p", "notice insecure",
        "INSECURE: TLS certificate and host-name verification were OFF (--insecure); nothing proves these answers came from the intended server.");
      insecure.id = "insecure";
      add(box, insecure);
    }
    var v = el("div", "verdict " + verdict);
    v.id = "verdict";
    add(v, el("div", "verdict-word", verdict.toUpperCase()));
    var sub = [];
    if (verdict === "failed" && typeof R.verdictReason === "string" && R.verdictReason) sub.push(R.verdictReason);
    if (typeof R.score === "number") sub.push("score " + R.score.toFixed(1) + "%");
    if (R.coverage && typeof R.coverage.percent === "number") sub.push("coverage " + R.coverage.percent.toFixed(1) + "%");
    add(v, el("div", "verdict-sub", sub.join("  \u00b7  ")));
    var facts = el("div", "facts");
    var counts = el("div", "counts");
    counts.id = "counts";
    var total = el("div", "count o-total");
    total.setAttribute("data-outcome", "total");
    add(total, el("span", "num", String(s.total)), el("span", "", "total"));
    add(counts, total);
    ["passed", "failed", "errored", "skipped", "waived"].forEach(function (o) {
      var c = el("div", "count o-" + o);
      c.setAttribute("data-outcome", o);
      add(c, el("span", "num", String(s[o])), el("span", "", o));
      add(counts, c);
    });
    var dl = el("dl", "meta");
    function fact(name, value) {
      if (value === undefined || value === null || value === "") return;
      add(dl, el("dt", "", name), el("dd", "", value));
    }
    fact("Conformance score", typeof R.score === "number" ? R.score.toFixed(1) + " %" : "\u2014");
    if (R.coverage && typeof R.coverage.percent === "number") {
      fact("Coverage", R.coverage.percent.toFixed(1) + " % (" + (R.coverage.exercised || 0) + " of " +
        (R.coverage.documented || 0) + " documented responses exercised)");
    }
    fact("Target", str(R.target));
    (Array.isArray(R.specs) ? R.specs : []).forEach(function (sp) {
      if (!sp) return;
      var name = [sp.title, sp.version ? "v" + sp.version : ""].filter(Boolean).join(" ");
      fact("Spec", name + (sp.file ? "  (" + sp.file + ")" : ""));
    });
    fact("Started", str(R.startedAt));
    fact("Duration", fmtMs(R.durationMs));
    if (R.mergedFrom) fact("Merged from", R.mergedFrom + " result files");
    fact("Tool", [R.tool, R.version].filter(Boolean).join(" "));
    add(facts, counts, dl);
    add(box, v, facts);
    document.title = "Concord report: " + verdict.toUpperCase() + (R.target ? " \u2014 " + str(R.target) : "");
    return box;
  }

  // ---- filter bar --------------------------------------------------------------------
  var state = { text: "", show: { failed: true, errored: true, waived: true, skipped: true, passed: true } };
  var hay = new Map();
  function haystack(c) {
    var h = hay.get(c);
    if (h === undefined) {
      var parts = [c.id, c.operationId, opKey(c), c.reason, c.kind, c.scenario, c.baseline];
      (Array.isArray(c.failures) ? c.failures : []).forEach(function (f) {
        if (f) parts.push(f.check, f.message, f.pointer);
      });
      if (c.waiver) parts.push(c.waiver.reason);
      h = parts.map(str).join("\n").toLowerCase();
      hay.set(c, h);
    }
    return h;
  }
  function matches(c) {
    if (!state.show[c.outcome] && OUTCOMES.indexOf(c.outcome) >= 0) return false;
    if (!state.text) return true;
    var h = haystack(c);
    return state.text.split(/\s+/).every(function (w) { return !w || h.indexOf(w) >= 0; });
  }
  function renderToolbar(onChange) {
    var bar = el("div", "toolbar");
    bar.id = "toolbar";
    var input = el("input");
    input.type = "search";
    input.id = "filter";
    input.placeholder = "Filter by case id, operation or message\u2026";
    input.setAttribute("aria-label", "Filter cases");
    var timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.text = input.value.trim().toLowerCase(); onChange(); }, 150);
    });
    add(bar, input);
    OUTCOMES.forEach(function (o) {
      var label = el("label", "toggle o-" + o);
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute("data-outcome", o);
      box.addEventListener("change", function () { state.show[o] = box.checked; onChange(); });
      add(label, box, el("span", "", o + " " + byOutcome[o].length));
      add(bar, label);
    });
    var shown = el("span", "shown");
    shown.id = "shown";
    add(bar, shown);
    return bar;
  }

  // ---- lazy lists --------------------------------------------------------------------
  // Renders `items` BATCH at a time: the next batch comes when the "show more" button
  // scrolls into view or is clicked, so a 10,000-case run opens fast.
  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) { if (e.isIntersecting && e.target.__more) e.target.__more(); });
  }, { rootMargin: "600px" }) : null;
  function lazyList(container, items, renderItem, emptyText) {
    container.textContent = "";
    if (!items.length) {
      add(container, el("p", "empty", emptyText || "Nothing to show."));
      return;
    }
    var next = 0;
    var more = el("button", "more");
    more.type = "button";
    function step() {
      var frag = document.createDocumentFragment();
      var end = Math.min(items.length, next + BATCH);
      for (; next < end; next++) frag.appendChild(renderItem(items[next], next, items));
      container.insertBefore(frag, more);
      if (next >= items.length) {
        if (observer) observer.unobserve(more);
        more.remove();
      } else {
        more.textContent = "Show more (" + (items.length - next) + " left)";
      }
    }
    more.__more = step;
    more.addEventListener("click", step);
    add(container, more);
    step();
    if (observer && more.isConnected) observer.observe(more);
  }

  // ---- bodies, headers, diff, curl ---------------------------------------------------
  function pretty(body) {
    if (body === undefined || body === null) return "";
    if (typeof body !== "string") return JSON.stringify(body, null, 2);
    var t = body.trim();
    if (t && (t[0] === "{" || t[0] === "[")) {
      try { return JSON.stringify(JSON.parse(t), null, 2); } catch (e) { /* not JSON */ }
    }
    return body;
  }
  function renderBody(msg) {
    var text = pretty(msg.body);
    if (!text) return null;
    var wrap = el("div", "body");
    var lines = text.split("\n").length;
    if (msg.bodyTruncated) {
      add(wrap, el("div", "truncated", "truncated: " + msg.bodyTruncated + " bytes in the run, first part shown"));
    }
    if (lines <= 20 && text.length <= 1500) return add(wrap, el("pre", "", text));
    var det = el("details");
    add(det, el("summary", "", "Body \u00b7 " + text.length + " characters \u00b7 " + lines + " lines"));
    det.addEventListener("toggle", function () {
      if (det.open && !det.__filled) { det.__filled = true; add(det, el("pre", "", text)); }
    });
    return add(wrap, det);
  }
  function headerList(h) {
    if (!h) return [];
    if (Array.isArray(h)) {
      return h.map(function (e) {
        return Array.isArray(e) ? [str(e[0]), str(e[1])] : [str(e && e.name), str(e && e.value)];
      });
    }
    if (typeof h === "object") {
      return Object.keys(h).map(function (k) {
        return [k, Array.isArray(h[k]) ? h[k].map(str).join(", ") : str(h[k])];
      });
    }
    return [];
  }
  function renderHeaders(h) {
    var list = headerList(h);
    if (!list.length) return null;
    var t = el("table", "headers");
    list.forEach(function (p) {
      var tr = el("tr");
      add(tr, el("td", "mono", p[0] + ":"), el("td", "mono", p[1]));
      add(t, tr);
    });
    return t;
  }
  function quote(s) { return "'" + String(s).replace(/'/g, "'\\''") + "'"; }
  function curlLine(req) {
    var parts = ["curl -X " + (req.method || "GET").toUpperCase() + " " + quote(str(req.url))];
    headerList(req.headers).forEach(function (p) {
      var name = p[0];
      var lower = name.toLowerCase();
      if (lower === "content-length") return;
      if (lower === "authorization" || lower === "proxy-authorization") {
        parts.push("-H \"" + name.replace(/["\\$`]/g, "") + ": Bearer $CONCORD_TOKEN\"");
      } else {
        parts.push("-H " + quote(name + ": " + p[1]));
      }
    });
    if (req.body !== undefined && req.body !== null && req.body !== "") parts.push("--data-raw " + quote(str(req.body)));
    var line = parts.join(" \\\n  ");
    if (req.bodyTruncated) line = "# request body truncated in this report\n" + line;
    return line;
  }
  function diffLines(a, b) {
    // Common prefix and suffix first, then an LCS over what is left (capped).
    var i = 0, j, out = [];
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    var ea = a.length, eb = b.length;
    while (ea > i && eb > i && a[ea - 1] === b[eb - 1]) { ea--; eb--; }
    for (j = Math.max(0, i - 3); j < i; j++) out.push([" ", a[j]]);
    var ma = a.slice(i, ea), mb = b.slice(i, eb);
    if (ma.length * mb.length > 250000) {
      ma.forEach(function (l) { out.push(["-", l]); });
      mb.forEach(function (l) { out.push(["+", l]); });
    } else {
      var n = ma.length, m = mb.length, x, y, L = [];
      for (x = 0; x <= n; x++) L.push(new Uint32Array(m + 1));
      for (x = n - 1; x >= 0; x--) for (y = m - 1; y >= 0; y--)
        L[x][y] = ma[x] === mb[y] ? L[x + 1][y + 1] + 1 : Math.max(L[x + 1][y], L[x][y + 1]);
      x = 0; y = 0;
      while (x < n || y < m) {
        if (x < n && y < m && ma[x] === mb[y]) { out.push([" ", ma[x]]); x++; y++; }
        else if (x < n && (y >= m || L[x + 1][y] >= L[x][y + 1])) { out.push(["-", ma[x]]); x++; }
        else { out.push(["+", mb[y]]); y++; }
      }
    }
    for (j = ea; j < Math.min(a.length, ea + 3); j++) out.push([" ", a[j]]);
    return out;
  }
  function renderExpectedActual(f) {
    var exp = pretty(f.expected), act = pretty(f.actual);
    if (!exp && !act) return null;
    var note = [];
    if (f.expectedTruncated) note.push("expected truncated (" + f.expectedTruncated + " bytes in the run)");
    if (f.actualTruncated) note.push("actual truncated (" + f.actualTruncated + " bytes in the run)");
    var box = el("div");
    if (note.length) add(box, el("div", "truncated", note.join("; ")));
    add(box, renderExpectedActualText(exp, act));
    return box;
  }
  function renderExpectedActualText(exp, act) {
    var multi = exp.indexOf("\n") >= 0 || act.indexOf("\n") >= 0 || exp.length + act.length > 160;
    if (!multi) {
      var dl = el("dl", "expect-actual");
      add(dl, el("dt", "", "expected"), el("dd", "mono", exp || "\u2014"),
        el("dt", "", "actual"), el("dd", "mono", act || "\u2014"));
      return dl;
    }
    var wrap = el("div");
    var lines = diffLines(exp.split("\n"), act.split("\n"));
    function fill(target) {
      var pre = el("pre", "diff");
      lines.forEach(function (d) {
        add(pre, el("div", d[0] === "+" ? "add" : d[0] === "-" ? "del" : "", d[0] + " " + d[1]));
      });
      add(target, el("div", "diff-legend", "\u2212 expected   + actual"), pre);
    }
    if (lines.length <= 30 && exp.length + act.length <= 3000) {
      fill(wrap);
      return wrap;
    }
    var added = 0, removed = 0;
    lines.forEach(function (d) { if (d[0] === "+") added++; else if (d[0] === "-") removed++; });
    var det = el("details");
    add(det, el("summary", "", "Diff of expected and actual \u00b7 " + removed + " removed, " + added + " added lines"));
    det.addEventListener("toggle", function () {
      if (det.open && !det.__filled) { det.__filled = true; fill(det); }
    });
    return add(wrap, det);
  }
  function renderExchange(c) {
    var req = c.request && typeof c.request === "object" ? c.request : null;
    var res = c.response && typeof c.response === "object" ? c.response : null;
    if (!req && !res) return null;
    var box = el("div", "exchange");
    if (req) {
      var r = el("div");
      add(r, el("h4", "", "Request"), el("pre", "", (req.method || c.method || "").toUpperCase() + " " + str(req.url)),
        renderHeaders(req.headers), renderBody(req));
      add(box, r);
    }
    if (res) {
      var s = el("div");
      add(s, el("h4", "", "Response"), el("pre", "", "status " + str(res.status)), renderHeaders(res.headers), renderBody(res));
      add(box, s);
    }
    return box;
  }
  function badge(text, cls) { return el("span", "badge " + cls, text); }

  function renderCard(c) {
    var card = el("article", "card " + c.outcome);
    card.setAttribute("data-case", "1");
    var head = el("div", "card-head");
    add(head, el("span", "case-id", str(c.id)));
    if (c.outcome !== "failed") add(head, badge(c.outcome, "o-" + c.outcome));
    if (c.baseline) add(head, badge(str(c.baseline), str(c.baseline)));
    add(head, el("span", "muted", fmtMs(c.durationMs)));
    add(card, head);
    if (c.reason) add(card, el("div", "muted", "reason: " + str(c.reason)));
    if (c.waiver) {
      add(card, el("div", "muted", "waived: " + str(c.waiver.reason) + (c.waiver.expires ? " (until " + str(c.waiver.expires) + ")" : "")));
    }
    (Array.isArray(c.failures) ? c.failures : []).forEach(function (f) {
      if (!f) return;
      var box = el("div", "failure");
      var line = el("div", "failure-line");
      add(line, el("span", "check", str(f.check) || "check"), el("span", "", str(f.message)));
      if (f.pointer) add(line, el("code", "pointer", str(f.pointer)));
      add(box, line, renderExpectedActual(f));
      add(card, box);
    });
    var shrunk = c.shrunk && typeof c.shrunk === "object" ? c.shrunk : null;
    if (shrunk) {
      add(card, el("div", "shrunk", "Shrunk in " + str(shrunk.steps) +
        " step(s): the smallest request that still fails is shown first, the original after it."));
    }
    var ex = renderExchange(c);
    if (ex) {
      var det = el("details");
      det.open = true;
      add(det, el("summary", "", shrunk ? "Smallest failing request and its response" : "Request and response"), ex);
      add(card, det);
    }
    if (c.request && typeof c.request === "object") {
      var curl = el("details", "curl");
      add(curl, el("summary", "", "Reproduce with curl"), el("pre", "", curlLine(c.request)));
      add(card, curl);
    }
    var orig = shrunk && shrunk.originalRequest && typeof shrunk.originalRequest === "object" ? shrunk.originalRequest : null;
    if (orig) {
      var od = el("details", "original");
      var ob = el("div");
      add(ob, el("pre", "", (orig.method || "").toUpperCase() + " " + str(orig.url)), renderHeaders(orig.headers),
        renderBody(orig), el("pre", "", curlLine(orig)));
      add(od, el("summary", "", "Original generated request (before shrinking)"), ob);
      add(card, od);
    }
    return card;
  }

  // ---- sections ----------------------------------------------------------------------
  var sections = {};
  function section(id, title) {
    var s = el("section");
    s.id = id;
    var h = el("h2", "", title);
    var body = el("div");
    add(s, h, body);
    sections[id] = { node: s, title: h, body: body, text: title };
    return s;
  }
  function setCount(id, n, total) {
    var s = sections[id];
    s.title.textContent = "";
    put(s.title, s.text + " (" + (n === total ? n : n + " of " + total) + ")");
  }

  function groupedFailures() {
    var groups = new Map();
    byOutcome.failed.concat(byOutcome.errored).forEach(function (c) {
      var k = groupKey(c);
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(c);
    });
    var rank = { "new": 0, "known": 2 };
    var ordered = [];
    groups.forEach(function (list) {
      list.sort(function (a, b) {
        var ra = a.baseline in rank ? rank[a.baseline] : 1, rb = b.baseline in rank ? rank[b.baseline] : 1;
        return ra - rb;
      });
      ordered = ordered.concat(list);
    });
    return ordered;
  }
  var failuresAll = groupedFailures();

  function renderFailures() {
    var items = failuresAll.filter(matches);
    setCount("failures", items.length, failuresAll.length);
    var counts = new Map();
    items.forEach(function (c) { counts.set(groupKey(c), (counts.get(groupKey(c)) || 0) + 1); });
    lazyList(sections.failures.body, items, function (c, i, all) {
      var frag = document.createDocumentFragment();
      if (i === 0 || groupKey(all[i - 1]) !== groupKey(c)) {
        var head = el("div", "group-head");
        add(head, el("span", "op mono", groupLabel(c)), el("span", "n", counts.get(groupKey(c)) + " failing"));
        frag.appendChild(head);
      }
      frag.appendChild(renderCard(c));
      return frag;
    }, failuresAll.length ? "No failure matches the filter." : "No failures.");
  }
  function row(idText, why, extra) {
    var r = el("div", "row");
    add(r, el("span", "case-id mono", idText), el("span", "why", why));
    if (extra) add(r, extra);
    return r;
  }
  function renderSkipped() {
    var items = byOutcome.skipped.filter(matches);
    setCount("skipped", items.length, byOutcome.skipped.length);
    var list = el("div", "row-list");
    sections.skipped.body.textContent = "";
    add(sections.skipped.body, list);
    lazyList(list, items, function (c) { return row(str(c.id), str(c.reason) || "no reason given"); }, "No skipped cases.");
  }
  function renderWaived() {
    var body = sections.waived.body;
    body.textContent = "";
    var items = byOutcome.waived.filter(matches);
    setCount("waived", items.length, byOutcome.waived.length);
    var waivers = Array.isArray(R.waivers) ? R.waivers : [];
    if (waivers.length) {
      add(body, el("h3", "", "Waiver file"));
      var t = el("table", "grid");
      var hr = el("tr");
      ["Case pattern", "Reason", "Expires", "Status", "Matched"].forEach(function (h) { add(hr, el("th", "", h)); });
      add(t, hr);
      waivers.forEach(function (w) {
        if (!w) return;
        var tr = el("tr");
        add(tr, el("td", "mono", str(w["case"])), el("td", "", str(w.reason)), el("td", "", str(w.expires) || "never"),
          el("td", w.expired ? "expired" : "", w.expired ? "expired \u2014 not applied" : "active"),
          el("td", "", String(w.matched || 0)));
        add(t, tr);
      });
      add(body, t);
      add(body, el("h3", "", "Waived cases"));
    }
    var list = el("div", "row-list");
    add(body, list);
    lazyList(list, items, function (c) {
      var w = c.waiver || {};
      var checks = (Array.isArray(c.failures) ? c.failures : []).map(function (f) { return f && f.check; }).filter(Boolean);
      return row(str(c.id), str(w.reason) + (w.expires ? " (until " + str(w.expires) + ")" : "") +
        (checks.length ? " \u2014 would fail: " + checks.join(", ") : ""));
    }, "No waived cases.");
  }
  function renderFixed() {
    var fixed = Array.isArray(R.fixed) ? R.fixed : [];
    var body = sections.fixed.body;
    body.textContent = "";
    setCount("fixed", fixed.length, fixed.length);
    sections.fixed.node.hidden = fixed.length === 0;
    var list = el("div", "row-list");
    add(body, list);
    lazyList(list, fixed, function (f) {
      return row(str(f && f.id), "failed in the baseline" + (f && f.was ? " (" + str(f.was) + ")" : "") + ", passes now", badge("fixed", "fixed"));
    }, "Nothing fixed since the baseline.");
  }
  function renderPassed() {
    var items = byOutcome.passed.filter(matches);
    setCount("passed", items.length, byOutcome.passed.length);
    var body = sections.passed.body;
    body.textContent = "";
    var det = el("details");
    add(det, el("summary", "", "Show passed cases"));
    var list = el("div", "row-list");
    add(det, list);
    add(body, det);
    var filled = false;
    function fill() { if (!filled) { filled = true; lazyList(list, items, function (c) { return row(str(c.id), fmtMs(c.durationMs)); }, "No passed cases."); } }
    det.addEventListener("toggle", function () { if (det.open) fill(); });
    if (state.text && items.length) { det.open = true; fill(); }
  }
  function statusOrder(a, b) {
    var na = /^\d+$/.test(a), nb = /^\d+$/.test(b);
    if (na && nb) return Number(a) - Number(b);
    if (na !== nb) return na ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function renderCoverage() {
    var body = sections.coverage.body;
    body.textContent = "";
    var cov = R.coverage && typeof R.coverage === "object" ? R.coverage : {};
    var ops = Array.isArray(cov.operations) ? cov.operations.filter(Boolean) : [];
    var rows = ops.filter(function (op) {
      if (!state.text) return true;
      var h = (opKey(op) + "\n" + str(op.operationId)).toLowerCase();
      return state.text.split(/\s+/).every(function (w) { return !w || h.indexOf(w) >= 0; });
    });
    setCount("coverage", rows.length, ops.length);
    if (!ops.length) { add(body, el("p", "empty", "No coverage information in the results.")); return; }
    var cols = [];
    ops.forEach(function (op) {
      (Array.isArray(op.statuses) ? op.statuses : []).forEach(function (s) {
        var k = str(s && s.status);
        if (cols.indexOf(k) < 0) cols.push(k);
      });
    });
    cols.sort(statusOrder);
    var wrap = el("div", "matrix-wrap");
    var t = el("table", "grid matrix");
    t.id = "coverage-matrix";
    var hr = el("tr");
    add(hr, el("th", "", "Operation"), el("th", "", "Exercised"));
    cols.forEach(function (c) { add(hr, el("th", "", c)); });
    add(t, hr);
    rows.forEach(function (op) {
      var tr = el("tr");
      var st = {};
      var hit = 0, n = 0;
      (Array.isArray(op.statuses) ? op.statuses : []).forEach(function (s) {
        if (!s) return;
        st[str(s.status)] = !!s.exercised;
        n++;
        if (s.exercised) hit++;
      });
      add(tr, el("td", "mono", opLabel(op)), el("td", "", hit + "/" + n));
      cols.forEach(function (c) {
        var td;
        if (!(c in st)) td = el("td", "cell na", "");
        else if (st[c]) td = el("td", "cell hit", "\u2713");
        else td = el("td", "cell miss", "\u2717");
        td.title = c in st ? (st[c] ? "exercised" : "documented, not exercised") : "not documented";
        add(tr, td);
      });
      add(t, tr);
    });
    add(wrap, t);
    add(body, wrap);
  }
  function renderWarnings() {
    var w = Array.isArray(R.warnings) ? R.warnings : [];
    var body = sections.warnings.body;
    sections.warnings.node.hidden = w.length === 0;
    setCount("warnings", w.length, w.length);
    var list = el("div", "row-list");
    add(body, list);
    lazyList(list, w, function (x) { return row(str(x), ""); }, "No warnings.");
  }

  function refresh() {
    sections.failures.node.hidden = !(state.show.failed || state.show.errored);
    sections.waived.node.hidden = !state.show.waived;
    sections.skipped.node.hidden = !state.show.skipped;
    sections.passed.node.hidden = !state.show.passed;
    renderFailures();
    renderWaived();
    renderSkipped();
    renderPassed();
    renderCoverage();
    var shown = 0;
    cases.forEach(function (c) { if (c && matches(c)) shown++; });
    document.getElementById("shown").textContent = shown + " of " + cases.length + " cases match";
  }

  var app = document.getElementById("app");
  app.textContent = "";
  add(app, renderSummary(), renderToolbar(refresh),
    section("failures", "Failures"), section("fixed", "Fixed since baseline"),
    section("waived", "Waived"), section("skipped", "Skipped"),
    section("coverage", "Coverage"), section("passed", "Passed"), section("warnings", "Warnings"));
  renderFixed();
  renderWarnings();
  refresh();
  root.setAttribute("data-render-ms", performance.now().toFixed(1));
  root.setAttribute("data-concord-ready", "1");
})();
