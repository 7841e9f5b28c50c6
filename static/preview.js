/* studysite link previews: hovering or focusing a link to another note shows its title
   and summary. The data ships as classic scripts (previews/N.js), loaded on first use,
   because fetch() and modules do not work on pages opened from disk. */
(function () {
  "use strict";
  var body = document.body;
  var rootAttr = body.getAttribute("data-root") || "./";
  var shards = parseInt(body.getAttribute("data-preview-shards") || "1", 10) || 1;
  var rootUrl = new URL(rootAttr, location.href);
  var data = {};
  var requested = {};
  var waiting = {};
  var tip = null;
  var current = null;
  var hideTimer = null;

  window.studysitePreviews = {
    add: function (entries) {
      for (var id in entries) if (Object.prototype.hasOwnProperty.call(entries, id)) data[id] = entries[id];
      for (var s in waiting) if (waiting[s]) { var cb = waiting[s]; waiting[s] = null; cb(); }
    }
  };

  function shardOf(id) {
    var h = 0x811c9dc5;
    for (var i = 0; i < id.length; i++) {
      var c = id.charCodeAt(i);
      // UTF-8 bytes, to match the generator's hash.
      var bytes = c < 0x80 ? [c] : unescape(encodeURIComponent(id.charAt(i))).split("").map(function (x) { return x.charCodeAt(0); });
      for (var b = 0; b < bytes.length; b++) { h ^= bytes[b]; h = Math.imul(h, 0x01000193) >>> 0; }
    }
    return h % shards;
  }

  function noteId(a) {
    var url;
    try { url = new URL(a.getAttribute("href"), location.href); } catch (e) { return null; }
    if (url.origin !== rootUrl.origin && url.protocol !== "file:") return null;
    var path = url.pathname;
    if (path.indexOf(rootUrl.pathname) !== 0) return null;
    var id = decodeURIComponent(path.slice(rootUrl.pathname.length)).replace(/index\.html$/, "").replace(/\/$/, "");
    if (!id || url.pathname === location.pathname) return null;
    return id;
  }

  function load(id, done) {
    var shard = shardOf(id);
    if (data[id]) return done();
    waiting[shard] = done;
    if (requested[shard]) return;
    requested[shard] = true;
    var s = document.createElement("script");
    s.src = rootAttr + "previews/" + shard + ".js";
    s.async = true;
    document.head.appendChild(s);
  }

  function show(a) {
    var id = noteId(a);
    if (!id) return;
    current = a;
    load(id, function () {
      var entry = data[id];
      if (!entry || current !== a) return;
      if (!tip) {
        tip = document.createElement("div");
        tip.className = "preview-tip";
        tip.id = "preview-tip";
        tip.setAttribute("role", "tooltip");
        tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
        tip.addEventListener("mouseleave", hide);
        document.body.appendChild(tip);
      }
      tip.textContent = "";
      var t = document.createElement("strong");
      t.textContent = entry[0];
      tip.appendChild(t);
      if (entry[1]) {
        var p = document.createElement("span");
        p.textContent = entry[1];
        tip.appendChild(p);
      }
      var r = a.getBoundingClientRect();
      tip.style.display = "block";
      var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
      var top = r.bottom + window.scrollY + 6;
      if (r.bottom + tip.offsetHeight + 12 > window.innerHeight) top = r.top + window.scrollY - tip.offsetHeight - 6;
      tip.style.left = left + "px";
      tip.style.top = top + "px";
      a.setAttribute("aria-describedby", "preview-tip");
    });
  }

  function hide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      if (tip) tip.style.display = "none";
      if (current) current.removeAttribute("aria-describedby");
      current = null;
    }, 120);
  }

  function linkFrom(ev) {
    var el = ev.target;
    while (el && el !== document && el.tagName !== "A") el = el.parentNode;
    if (!el || el.tagName !== "A" || !el.closest || !el.closest("main .content, .backlinks, .related")) return null;
    return el;
  }

  document.addEventListener("mouseover", function (ev) { var a = linkFrom(ev); if (a) { clearTimeout(hideTimer); show(a); } });
  document.addEventListener("mouseout", function (ev) { if (linkFrom(ev)) hide(); });
  document.addEventListener("focusin", function (ev) { var a = linkFrom(ev); if (a) { clearTimeout(hideTimer); show(a); } });
  document.addEventListener("focusout", function (ev) { if (linkFrom(ev)) hide(); });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && tip && tip.style.display === "block") { tip.style.display = "none"; } });
})();
