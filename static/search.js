/* studysite search: typo-tolerant, search-as-you-type, deep links to headings.
   A classic script with no dependencies (modules, fetch() and XHR do not work on pages opened
   from disk). Nothing is loaded until the search box is first focused; then the index comes
   in pieces, each a classic script calling studysiteSearch.add(name, data): the manifest,
   the dictionary shard of each query term's first letter, the posting chunks of the terms a
   query matches, and the document-store shards of the results shown. The format is
   described in src/search.rs. */
(function () {
  "use strict";
  var box = document.querySelector(".search[data-search]");
  if (!box) return;
  var input = box.querySelector("input");
  var rootAttr = document.body.getAttribute("data-root") || "./";
  var manifestPath = box.getAttribute("data-search");
  var fromDisk = location.protocol === "file:";

  var PAGE = 10;            // results shown at a time
  var PREFIX_LIMIT = [0, 0, 10, 20, 40]; // prefix completions of a 2, 3, 4+ letter term, most frequent first
  var FUZZY_LIMIT = 8;      // typo candidates of a term, closest first
  var FUZZY_BELOW = 10;     // typos are tried when exact and prefix matches cover fewer documents
  var WEIGHT = [0, 1, 3, 6]; // body, heading, title or keyword
  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var DIGIT = new Int8Array(128);
  for (var a = 0; a < 64; a++) DIGIT[ALPHABET.charCodeAt(a)] = a;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var WORD_WITH_MARKS = /[\p{Alphabetic}\p{N}\u0300-\u036f]+/gu;

  // ---------------------------------------------------------------------------------
  // Loading: each file is a script that registers itself by name.

  var registry = {};
  var waiting = {};
  var requested = {};
  var files = [];
  var api = (window.studysiteSearch = {
    add: function (name, data) {
      registry[name] = data;
      var w = waiting[name] || [];
      delete waiting[name];
      for (var i = 0; i < w.length; i++) w[i][0](data);
    }
  });

  function load(name, path) {
    return new Promise(function (resolve, reject) {
      if (registry[name]) return resolve(registry[name]);
      (waiting[name] = waiting[name] || []).push([resolve, reject]);
      if (requested[name]) return;
      requested[name] = true;
      files.push(path);
      var s = document.createElement("script");
      s.src = rootAttr + path;
      s.async = true;
      s.onerror = function () {
        requested[name] = false;
        var w = waiting[name] || [];
        delete waiting[name];
        for (var i = 0; i < w.length; i++) w[i][1](new Error("cannot load " + path));
      };
      document.head.appendChild(s);
    });
  }

  // ---------------------------------------------------------------------------------
  // Text: the same normalisation, tokens and stemmer as src/search.rs.

  var m = null;        // the manifest
  var stop = {};
  var fold = {};

  function normalize(s) {
    s = s.toLowerCase();
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0x300 && c <= 0x36f) continue;
      var ch = s.charAt(i);
      if (c >= 0xdf && Object.prototype.hasOwnProperty.call(fold, ch)) out += fold[ch];
      else out += ch;
    }
    return out;
  }

  function tokenize(s) {
    return normalize(s).match(WORD) || [];
  }

  function codePoints(w) {
    var n = 0;
    for (var i = 0; i < w.length; i++) {
      var c = w.charCodeAt(i);
      if (c < 0xd800 || c > 0xdbff) n++;
    }
    return n;
  }

  function endsWith(w, s) {
    return w.length >= s.length && w.slice(w.length - s.length) === s;
  }

  function stem(w) {
    if (w.charAt(w.length - 1) !== "s" || codePoints(w) < 5) return w;
    if (endsWith(w, "sses") || endsWith(w, "xes")) return w.slice(0, -2);
    if (endsWith(w, "ies")) return w.slice(0, -3) + "y";
    if (endsWith(w, "ss") || endsWith(w, "us") || endsWith(w, "is")) return w;
    return w.slice(0, -1);
  }

  // ---------------------------------------------------------------------------------
  // Decoding (see "Encodings" in src/search.rs).

  function Reader(s, i) {
    this.s = s;
    this.i = i || 0;
    this.cur = 0;
    this.left = 0;
  }
  Reader.prototype.varint = function () {
    var v = 0;
    for (;;) {
      var d = DIGIT[this.s.charCodeAt(this.i++)];
      if (d < 32) return v * 32 + d;
      v = v * 32 + (d - 32);
    }
  };
  Reader.prototype.digit = function () {
    return DIGIT[this.s.charCodeAt(this.i++)];
  };
  Reader.prototype.bit = function () {
    if (this.left === 0) {
      this.cur = DIGIT[this.s.charCodeAt(this.i++)];
      this.left = 6;
    }
    this.left--;
    return (this.cur >> this.left) & 1;
  };
  Reader.prototype.rice = function (n) {
    var k = this.digit();
    var scale = Math.pow(2, k);
    var out = new Int32Array(n);
    var prev = -1;
    this.left = 0;
    for (var j = 0; j < n; j++) {
      var q = 0;
      while (this.bit()) q++;
      var r = 0;
      for (var b = 0; b < k; b++) r = r * 2 + this.bit();
      prev += q * scale + r + 1;
      out[j] = prev;
    }
    return out;
  };

  function decodeDict(d) {
    var parts = d.terms.split(" ");
    var terms = new Array(parts.length);
    var prev = "";
    for (var i = 0; i < parts.length; i++) {
      var p = parts[i];
      var t = prev.slice(0, DIGIT[p.charCodeAt(0)]) + p.slice(1);
      terms[i] = t;
      prev = t;
    }
    var r = new Reader(d.df);
    var df = new Int32Array(terms.length);
    for (var j = 0; j < terms.length; j++) df[j] = r.varint();
    return { first: d.first, terms: terms, df: df };
  }

  function decodePostings(s) {
    var r = new Reader(s);
    var ns = r.varint();
    var strong = new Int32Array(ns);
    var cls = new Uint8Array(ns);
    var prev = -1;
    for (var i = 0; i < ns; i++) {
      var v = r.varint();
      prev += Math.floor(v / 2) + 1;
      strong[i] = prev;
      cls[i] = v % 2 ? 3 : 2;
    }
    var nb = r.varint();
    var body = nb > 0 ? r.rice(nb) : new Int32Array(0);
    return { strong: strong, cls: cls, body: body };
  }

  // ---------------------------------------------------------------------------------
  // The index, decoded lazily.

  var dicts = {};     // shard number → decoded shard
  var postings = {};  // global term number → decoded postings
  var tagMasks = {};  // tag number → Uint8Array over documents
  var expansions = {}; // query term → candidates
  var postFirst = [];
  var storeFirst = [];

  function setManifest(data) {
    if (!data || data.v !== 1) throw new Error("unknown search index format");
    m = data;
    for (var i = 0; i < m.stop.length; i++) stop[m.stop[i]] = true;
    fold = m.fold;
    postFirst = m.post.map(function (p) { return p[0]; });
    storeFirst = m.store.map(function (p) { return p[0]; });
  }

  function lastAtMost(list, v) {
    var lo = 0, hi = list.length - 1, ans = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] <= v) { ans = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return ans;
  }

  function shardOf(ch) {
    for (var i = 0; i < m.dict.length; i++) if (m.dict[i][0].indexOf(ch) >= 0) return i;
    return -1;
  }

  function firstChar(s, at) {
    var c = s.codePointAt(at);
    return c === undefined ? "" : String.fromCodePoint(c);
  }

  function dict(n, missing) {
    if (dicts[n]) return dicts[n];
    var raw = registry["d" + n];
    if (!raw) { missing.push(["d" + n, m.dict[n][1]]); return null; }
    return (dicts[n] = decodeDict(raw));
  }

  function posting(g, missing) {
    if (postings[g]) return postings[g];
    var c = lastAtMost(postFirst, g);
    var raw = registry["p" + c];
    if (!raw) { missing.push(["p" + c, m.post[c][1]]); return null; }
    return (postings[g] = decodePostings(raw.post[g - raw.first]));
  }

  // Optimal string alignment distance between `a` and the best prefix of `b` (or all of
  // `b`), at most `max`; returns [distance, whole] or null.
  var rows = [[], [], []];
  function osa(a, b, max) {
    var n = a.length, mlen = Math.min(b.length, n + max);
    if (b.length < n - max) return null;
    var prev2 = rows[0], prev = rows[1], cur = rows[2];
    for (var j = 0; j <= mlen; j++) prev[j] = j;
    for (var i = 1; i <= n; i++) {
      cur[0] = i;
      var best = i;
      var ac = a.charCodeAt(i - 1);
      for (var k = 1; k <= mlen; k++) {
        var bc = b.charCodeAt(k - 1);
        var v = Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + (ac === bc ? 0 : 1));
        if (i > 1 && k > 1 && ac === b.charCodeAt(k - 2) && a.charCodeAt(i - 2) === bc) v = Math.min(v, prev2[k - 2] + 1);
        cur[k] = v;
        if (v < best) best = v;
      }
      if (best > max) return null;
      var t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    var d = max + 1, whole = false;
    for (var j2 = Math.max(0, n - max); j2 <= mlen; j2++) {
      if (prev[j2] < d || (prev[j2] === d && j2 === b.length)) { d = prev[j2]; whole = j2 === b.length; }
    }
    return d <= max ? [d, whole] : null;
  }

  // A query term's matches: [global term, quality, typos] of the exact term, its prefix
  // completions and, when those are rare, terms within the allowed edit distance.
  function expand(t, exactOnly, missing) {
    var key = exactOnly ? "=" + t : t;
    if (expansions[key]) return expansions[key];
    var n = exactOnly ? 1 : codePoints(t);
    var maxTypos = n >= 8 ? 2 : n >= 4 ? 1 : 0;
    var c0 = firstChar(t, 0);
    var shards = [shardOf(c0)];
    if (maxTypos > 0) {
      var c1 = firstChar(t, c0.length);
      var s1 = shardOf(c1);
      if (s1 !== shards[0]) shards.push(s1);
    }
    var loaded = [];
    var before = missing.length;
    for (var i = 0; i < shards.length; i++) if (shards[i] >= 0) loaded.push(dict(shards[i], missing));
    if (missing.length > before) return null;
    var exact = [], prefix = [], fuzzy = [];
    var covered = 0;
    for (var s = 0; s < loaded.length; s++) {
      var d = loaded[s];
      for (var j = 0; j < d.terms.length; j++) {
        var term = d.terms[j];
        if (term === t) { exact.push([d.first + j, 1, 0]); covered += d.df[j]; }
        else if (n >= 2 && term.lastIndexOf(t, 0) === 0) { prefix.push([d.first + j, 0.7, 0, d.df[j]]); covered += d.df[j]; }
      }
    }
    prefix.sort(function (x, y) { return y[3] - x[3] || x[0] - y[0]; });
    prefix.length = Math.min(prefix.length, PREFIX_LIMIT[Math.min(n, 4)]);
    if (maxTypos > 0 && covered < FUZZY_BELOW) {
      for (var s2 = 0; s2 < loaded.length; s2++) {
        var d2 = loaded[s2];
        for (var j2 = 0; j2 < d2.terms.length; j2++) {
          var term2 = d2.terms[j2];
          if (term2 === t || term2.lastIndexOf(t, 0) === 0) continue;
          var r = osa(t, term2, maxTypos);
          if (r) fuzzy.push([d2.first + j2, (r[0] === 1 ? 0.5 : 0.3) * (r[1] ? 1 : 0.85), r[0], d2.df[j2], r[1] ? 0 : 1]);
        }
      }
      fuzzy.sort(function (x, y) { return x[2] - y[2] || x[4] - y[4] || y[3] - x[3] || x[0] - y[0]; });
      fuzzy.length = Math.min(fuzzy.length, FUZZY_LIMIT);
    }
    return (expansions[key] = exact.concat(prefix, fuzzy));
  }

  function termOf(g) {
    for (var n in dicts) {
      var d = dicts[n];
      if (g >= d.first && g < d.first + d.terms.length) return d.terms[g - d.first];
    }
    return null;
  }

  function parseQuery(q) {
    var seen = {};
    var terms = [];
    var toks = tokenize(q);
    for (var i = 0; i < toks.length && terms.length < 10; i++) {
      var raw = toks[i];
      if (codePoints(raw) > m.maxTerm) continue;
      var t = stem(raw);
      if (seen[t]) continue;
      seen[t] = true;
      terms.push({ t: t, optional: !!stop[raw] || codePoints(raw) < 2, last: false });
    }
    if (terms.every(function (x) { return x.optional; })) terms.forEach(function (x) { x.optional = codePoints(x.t) < 2 && terms.length > 1; });
    // The word being typed (no space after it yet).
    if (terms.length && /[\p{Alphabetic}\p{N}]$/u.test(q)) terms[terms.length - 1].last = true;
    // Stop words and single letters match only themselves, unless they are being typed.
    terms.forEach(function (x) { x.prefix = !x.optional || x.last; });
    return terms;
  }

  // ---------------------------------------------------------------------------------
  // Ranking

  var bufN = 0, termBest, termDist, aggScore, aggMatched, aggDist, aggSeen;

  function buffers(n) {
    if (bufN === n) return;
    bufN = n;
    termBest = new Float32Array(n);
    termDist = new Uint8Array(n).fill(255);
    aggScore = new Float32Array(n);
    aggMatched = new Uint8Array(n);
    aggDist = new Uint8Array(n);
    aggSeen = new Uint8Array(n);
  }

  function tagMask(tag, missing) {
    if (tagMasks[tag]) return tagMasks[tag];
    var raw = registry.t;
    if (!raw) { missing.push(["t", m.tagFile]); return null; }
    var r = new Reader(raw.sections);
    var firstDoc = new Int32Array(m.notes + 1);
    for (var i = 0; i < m.notes; i++) firstDoc[i + 1] = firstDoc[i] + r.varint();
    var lr = new Reader(raw.tags[tag]);
    var notes = lr.rice(lr.varint());
    var mask = new Uint8Array(m.docs);
    for (var j = 0; j < notes.length; j++) mask.fill(1, firstDoc[notes[j]], firstDoc[notes[j] + 1]);
    return (tagMasks[tag] = mask);
  }

  // Everything a query needs, synchronously: { missing } when files must be loaded first,
  // otherwise { total, top: [doc...], words: matcher }.
  function compute(q, opts) {
    var missing = [];
    var terms = parseQuery(q);
    if (!terms.length || terms.every(function (x) { return codePoints(x.t) < 2; })) return { total: 0, top: [], terms: terms, empty: true };
    var cands = [];
    for (var i = 0; i < terms.length; i++) cands.push(expand(terms[i].t, !terms[i].prefix, missing));
    if (missing.length) return { missing: missing };
    for (var a = 0; a < cands.length; a++) for (var b = 0; b < cands[a].length; b++) posting(cands[a][b][0], missing);
    var mask = opts.tag >= 0 ? tagMask(opts.tag, missing) : null;
    if (missing.length) return { missing: missing };

    var N = m.docs;
    buffers(N);
    var touched = [];
    var termTouched = [];
    for (var ti = 0; ti < terms.length; ti++) {
      termTouched.length = 0;
      var list = cands[ti];
      for (var ci = 0; ci < list.length; ci++) {
        var g = list[ci][0], quality = list[ci][1], typos = list[ci][2];
        var p = postings[g];
        var df = p.strong.length + p.body.length;
        var idf = Math.log(1 + N / df);
        for (var part = 0; part < 2; part++) {
          var docs = part ? p.body : p.strong;
          for (var k = 0; k < docs.length; k++) {
            var doc = docs[k];
            var s = quality * WEIGHT[part ? 1 : p.cls[k]] * idf;
            var old = termDist[doc];
            if (old === 255) { termTouched.push(doc); termDist[doc] = typos; termBest[doc] = s; }
            else if (typos < old || (typos === old && s > termBest[doc])) { termDist[doc] = typos; termBest[doc] = s; }
          }
        }
      }
      var optional = terms[ti].optional;
      for (var u = 0; u < termTouched.length; u++) {
        var d = termTouched[u];
        if (!aggSeen[d]) { aggSeen[d] = 1; touched.push(d); }
        aggScore[d] += termBest[d];
        if (!optional) { aggMatched[d]++; aggDist[d] += termDist[d]; }
        termDist[d] = 255;
        termBest[d] = 0;
      }
    }

    var ranges = opts.cat >= 0 ? m.cats[opts.cat][1] : null;
    var k2 = opts.limit || PAGE;
    var top = [];   // [key, doc], best first
    var total = 0;
    for (var v = 0; v < touched.length; v++) {
      var dd = touched[v];
      var matched = aggMatched[dd], key = matched * 1e6 - aggDist[dd] * 1e4 + Math.min(aggScore[dd], 9999);
      aggSeen[dd] = 0; aggScore[dd] = 0; aggMatched[dd] = 0; aggDist[dd] = 0;
      if (!matched) continue;
      if (mask && !mask[dd]) continue;
      if (ranges && !inRanges(ranges, dd)) continue;
      total++;
      if (top.length === k2 && key <= top[k2 - 1][0]) continue;
      var at = top.length;
      while (at > 0 && (top[at - 1][0] < key || (top[at - 1][0] === key && top[at - 1][1] > dd))) at--;
      top.splice(at, 0, [key, dd]);
      if (top.length > k2) top.pop();
    }
    var words = {};
    for (var w = 0; w < cands.length; w++) for (var x = 0; x < cands[w].length; x++) words[termOf(cands[w][x][0])] = true;
    return { total: total, top: top.map(function (e) { return e[1]; }), terms: terms, words: words };
  }

  function inRanges(r, d) {
    for (var i = 0; i < r.length; i += 2) if (d >= r[i] && d < r[i + 1]) return true;
    return false;
  }

  function ensureLoaded(missing) {
    var seen = {};
    return Promise.all(missing.filter(function (f) {
      if (seen[f[0]]) return false;
      seen[f[0]] = true;
      return true;
    }).map(function (f) { return load(f[0], f[1]); }));
  }

  // Runs `compute`, loading what it asks for, until it has an answer.
  function run(q, opts) {
    var r = compute(q, opts);
    if (!r.missing) return Promise.resolve(r);
    return ensureLoaded(r.missing).then(function () { return run(q, opts); });
  }

  // The anchor of an ASCII heading, as src/search.rs `ascii_slug` computes it.
  function slug(h) {
    var out = "";
    for (var i = 0; i < h.length; i++) {
      var c = h.charAt(i);
      if (c === " ") out += "-";
      else if (/[A-Za-z0-9_-]/.test(c)) out += c.toLowerCase();
    }
    return out;
  }

  function docInfo(d) {
    var s = lastAtMost(storeFirst, d);
    var raw = registry["s" + s];
    var e = raw.docs[d - raw.first];
    var note = raw.notes[e[0]];
    var anchor = typeof e[1] === "number" ? slug(e[2]) : e[1];
    var href = rootAttr + note[1] + (fromDisk ? "index.html" : "") + (anchor ? "#" + anchor : "");
    return { doc: d, title: note[0], url: note[1], category: m.cats[note[2]] ? m.cats[note[2]][0] : "", anchor: anchor, heading: e[2], text: e[3], href: href };
  }

  function withDocs(r) {
    var need = [];
    r.top.forEach(function (d) {
      var s = lastAtMost(storeFirst, d);
      if (!registry["s" + s]) need.push(["s" + s, m.store[s][1]]);
    });
    return ensureLoaded(need).then(function () {
      r.results = r.top.map(docInfo);
      return r;
    });
  }

  // ---------------------------------------------------------------------------------
  // Highlighting: words of a text whose stem the query matched, as text nodes and <mark>s.

  function isMatch(word, r) {
    var t = stem(normalize(word));
    if (r.words[t]) return true;
    for (var i = 0; i < r.terms.length; i++) {
      var q = r.terms[i];
      if (q.prefix && codePoints(q.t) >= 2 && t.lastIndexOf(q.t, 0) === 0) return true;
    }
    return false;
  }

  function marks(text, r) {
    var out = [];
    WORD_WITH_MARKS.lastIndex = 0;
    var mt;
    while ((mt = WORD_WITH_MARKS.exec(text))) if (isMatch(mt[0], r)) out.push([mt.index, mt.index + mt[0].length]);
    return out;
  }

  function appendMarked(el, text, r, from, to) {
    from = from || 0;
    to = to === undefined ? text.length : to;
    var ms = marks(text.slice(from, to), r);
    var at = 0, part = text.slice(from, to);
    for (var i = 0; i < ms.length; i++) {
      if (ms[i][0] > at) el.appendChild(document.createTextNode(part.slice(at, ms[i][0])));
      var mk = document.createElement("mark");
      mk.textContent = part.slice(ms[i][0], ms[i][1]);
      el.appendChild(mk);
      at = ms[i][1];
    }
    if (at < part.length) el.appendChild(document.createTextNode(part.slice(at)));
  }

  function snippet(el, text, r) {
    var SPAN = 180;
    var ms = marks(text, r);
    var start = 0;
    if (ms.length && ms[0][0] > 60) {
      start = ms[0][0] - 50;
      var sp = text.indexOf(" ", start);
      start = sp >= 0 && sp < ms[0][0] ? sp + 1 : start;
    }
    var end = Math.min(text.length, start + SPAN);
    if (end < text.length) {
      var back = text.lastIndexOf(" ", end);
      if (back > start + SPAN / 2) end = back;
    }
    if (start > 0) el.appendChild(document.createTextNode("… "));
    appendMarked(el, text, r, start, end);
    if (end < text.length) el.appendChild(document.createTextNode(" …"));
  }

  // ---------------------------------------------------------------------------------
  // The user interface

  var panel, listbox, status, countEl, emptyEl, moreBtn, catSel, tagSel, filters;
  var state = { query: "", results: [], total: 0, active: -1, shown: PAGE, seq: 0, open: false, enterPending: false };
  var started = false;
  var failed = false;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }

  function buildUi() {
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", "search-results");
    panel = el("div", { class: "search-panel", id: "search-panel" });
    panel.hidden = true;
    filters = el("div", { class: "search-filters" });
    catSel = el("select", { "aria-label": "Filter by category", class: "search-filter" });
    tagSel = el("select", { "aria-label": "Filter by tag", class: "search-filter" });
    catSel.hidden = true;
    tagSel.hidden = true;
    countEl = el("span", { class: "search-count", "aria-hidden": "true" });
    filters.appendChild(catSel);
    filters.appendChild(tagSel);
    filters.appendChild(countEl);
    listbox = el("div", { role: "listbox", id: "search-results", class: "search-results", "aria-label": "Search results" });
    emptyEl = el("p", { class: "search-empty" });
    emptyEl.hidden = true;
    moreBtn = el("button", { type: "button", class: "search-more" }, "Show more results");
    moreBtn.hidden = true;
    panel.appendChild(filters);
    panel.appendChild(listbox);
    panel.appendChild(emptyEl);
    panel.appendChild(moreBtn);
    box.appendChild(panel);
    status = el("div", { role: "status", class: "visually-hidden", "aria-live": "polite", "aria-atomic": "true" });
    box.appendChild(status);
    box.hidden = false;
  }

  function fillFilters() {
    catSel.appendChild(el("option", { value: "-1" }, "All categories"));
    m.cats.forEach(function (c, i) { if (c[1].length) catSel.appendChild(el("option", { value: String(i) }, c[0])); });
    catSel.hidden = m.cats.length < 2;
    tagSel.appendChild(el("option", { value: "-1" }, "All tags"));
    m.tags.forEach(function (t, i) { tagSel.appendChild(el("option", { value: String(i) }, "#" + t)); });
    tagSel.hidden = m.tags.length === 0;
  }

  function start() {
    if (started) return;
    started = true;
    load("m", manifestPath).then(function (data) {
      setManifest(data);
      fillFilters();
      if (input.value.trim()) update();
    }, function () {
      failed = true;
      showMessage("Search is not available.");
    });
  }

  function options() {
    return { cat: parseInt(catSel.value || "-1", 10), tag: parseInt(tagSel.value || "-1", 10), limit: state.shown };
  }

  var timer = null;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(update, 40);
  }

  function update() {
    var q = input.value;
    if (!q.trim()) { state.query = ""; render(null); close(); return; }
    if (!m) { if (failed) showMessage("Search is not available."); return; }
    var seq = ++state.seq;
    var t0 = performance.now();
    run(q, options()).then(function (r) {
      if (seq !== state.seq) return null;
      api.lastMs = performance.now() - t0;
      return withDocs(r);
    }).then(function (r) {
      if (!r || seq !== state.seq) return;
      state.query = q;
      render(r);
      if (document.activeElement === input || box.contains(document.activeElement)) open();
      if (state.enterPending) { state.enterPending = false; go(0); }
    }, function () {
      showMessage("Search is not available.");
    });
  }

  var statusTimer = null;
  function announce(text) {
    clearTimeout(statusTimer);
    statusTimer = setTimeout(function () { status.textContent = text; }, 300);
  }

  function showMessage(text) {
    listbox.textContent = "";
    listbox.hidden = true;
    emptyEl.textContent = text;
    emptyEl.hidden = false;
    moreBtn.hidden = true;
    announce(text);
    open();
  }

  function render(r) {
    listbox.textContent = "";
    state.results = r ? r.results || [] : [];
    state.total = r ? r.total : 0;
    state.active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!r) return;
    if (r.empty) { showMessage("Type at least two letters."); return; }
    var countText = r.total === 0 ? "No results" : r.total === 1 ? "1 result" : r.total.toLocaleString("en") + " results";
    countEl.textContent = countText;
    // What these results are for (tests wait on it).
    listbox.setAttribute("data-query", state.query);
    listbox.setAttribute("data-filter", catSel.value + "," + tagSel.value);
    announce(countText);
    listbox.hidden = state.results.length === 0;
    emptyEl.hidden = state.results.length !== 0;
    emptyEl.textContent = state.results.length ? "" : "No results. Try fewer or shorter words, or another filter.";
    state.results.forEach(function (res, i) {
      var a = el("a", { role: "option", id: "search-option-" + i, class: "search-result", href: res.href, tabindex: "-1", "aria-selected": "false" });
      var head = el("span", { class: "search-result-title" });
      appendMarked(head, res.title, r);
      if (res.heading && res.heading !== res.title) {
        var sec = el("span", { class: "search-result-section" });
        sec.appendChild(document.createTextNode(" › "));
        appendMarked(sec, res.heading, r);
        head.appendChild(sec);
      }
      a.appendChild(head);
      if (res.category) a.appendChild(el("span", { class: "search-result-category" }, res.category));
      if (res.text) {
        var sn = el("span", { class: "search-result-snippet" });
        snippet(sn, res.text, r);
        a.appendChild(sn);
      }
      a.addEventListener("mousemove", function () { if (state.active !== i) setActive(i, false); });
      a.addEventListener("click", function () { close(); });
      listbox.appendChild(a);
    });
    moreBtn.hidden = r.total <= state.results.length;
  }

  function setActive(i, scroll) {
    var opts = listbox.querySelectorAll("[role=option]");
    if (state.active >= 0 && opts[state.active]) opts[state.active].setAttribute("aria-selected", "false");
    state.active = i;
    if (i < 0 || !opts[i]) { input.removeAttribute("aria-activedescendant"); return; }
    opts[i].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", opts[i].id);
    if (scroll !== false) opts[i].scrollIntoView({ block: "nearest" });
  }

  function open() {
    if (state.open || !input.value.trim()) return;
    state.open = true;
    panel.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    if (!state.open) return;
    state.open = false;
    panel.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }

  function go(i) {
    var res = state.results[i];
    if (!res) return;
    close();
    location.href = res.href;
  }

  buildUi();

  input.addEventListener("focus", function () {
    start();
    if (input.value.trim()) {
      if (state.query === input.value && state.results.length) open();
      else schedule();
    }
  });
  input.addEventListener("input", function () {
    state.shown = PAGE;
    if (!input.value.trim()) { clearTimeout(timer); update(); return; }
    schedule();
  });
  input.addEventListener("keydown", function (ev) {
    var n = state.results.length;
    if (ev.key === "ArrowDown") {
      ev.preventDefault();
      open();
      if (n) setActive(state.active + 1 >= n ? 0 : state.active + 1);
    } else if (ev.key === "ArrowUp") {
      ev.preventDefault();
      if (n) setActive(state.active <= 0 ? n - 1 : state.active - 1);
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (state.query === input.value && n) go(state.active >= 0 ? state.active : 0);
      else if (input.value.trim()) { state.enterPending = true; schedule(); }
    } else if (ev.key === "Escape") {
      if (state.open) { ev.preventDefault(); close(); }
      else if (input.value) { ev.preventDefault(); input.value = ""; update(); }
      else input.blur();
    }
  });
  catSel.addEventListener("change", function () { state.shown = PAGE; update(); });
  tagSel.addEventListener("change", function () { state.shown = PAGE; update(); });
  moreBtn.addEventListener("click", function () {
    var from = state.results.length;
    state.shown += PAGE;
    var seq = ++state.seq;
    run(input.value, options()).then(withDocs).then(function (r) {
      if (seq !== state.seq) return;
      render(r);
      var opts = listbox.querySelectorAll("[role=option]");
      input.focus();
      if (opts[from]) setActive(from);
    });
  });
  panel.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { ev.preventDefault(); close(); input.focus(); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
    var t = ev.target;
    var tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
    ev.preventDefault();
    input.focus();
    input.select();
  });
  document.addEventListener("mousedown", function (ev) {
    if (state.open && !box.contains(ev.target)) close();
  });
  box.addEventListener("focusout", function (ev) {
    var to = ev.relatedTarget;
    if (to && box.contains(to)) return;
    setTimeout(function () { if (!box.contains(document.activeElement)) close(); }, 0);
  });

  // For tests and the benchmark: the same steps as typing, without the interface.
  api.debug = {
    files: files,
    tokenize: function (s) { return tokenize(s); },
    terms: function (s, body) {
      return tokenize(s).filter(function (w) {
        var n = codePoints(w);
        return n <= (m ? m.maxTerm : 40) && !(body && (n < 2 || stop[w]));
      }).map(stem);
    },
    ready: function () {
      start();
      return load("m", manifestPath);
    },
    // Resolves to { total, results: [{ title, heading, href, category, ... }] }.
    query: function (q, opts) {
      opts = opts || {};
      return api.debug.ready().then(function () {
        return run(q, { cat: opts.cat === undefined ? -1 : opts.cat, tag: opts.tag === undefined ? -1 : opts.tag, limit: opts.limit || PAGE });
      }).then(withDocs);
    },
    // Milliseconds of the synchronous part of a query whose files are all loaded, with
    // nothing decoded or expanded in advance (-1 when a file is missing).
    time: function (q) {
      expansions = {};
      postings = {};
      var t0 = performance.now();
      var r = compute(q, { cat: -1, tag: -1, limit: PAGE });
      var ms = performance.now() - t0;
      return r.missing ? -1 : ms;
    }
  };
})();
