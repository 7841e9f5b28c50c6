/* studysite live reload (injected by `studysite serve` only, never into built sites).
   Listens to the server's event stream: reloads the page when it changed (keeping the
   scroll position), swaps stylesheets in place when only CSS changed, and shows build
   errors in an overlay until they are fixed. */
(function () {
  "use strict";
  var KEY = "studysite-scroll:" + location.pathname;
  try {
    var saved = sessionStorage.getItem(KEY);
    if (saved !== null) {
      sessionStorage.removeItem(KEY);
      var y = parseInt(saved, 10);
      var restore = function () { window.scrollTo(0, y); };
      if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
    }
  } catch (e) { /* storage unavailable */ }

  var overlay = null;
  function showErrors(list) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "studysite-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,24,0.97);color:#fff;" +
        "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem;overflow:auto";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var h = document.createElement("h2");
    h.textContent = "studysite: the build failed (" + list.length + " problem" + (list.length === 1 ? "" : "s") + ")";
    h.style.cssText = "color:#ff8080;margin:0 0 1rem;font-size:18px";
    overlay.appendChild(h);
    list.forEach(function (d) {
      var block = document.createElement("div");
      block.className = "studysite-error";
      block.style.cssText = "margin:0 0 1.2rem;padding:0.8rem 1rem;border-left:4px solid #ff8080;background:rgba(255,255,255,0.06)";
      var where = document.createElement("div");
      where.className = "studysite-error-location";
      where.style.cssText = "color:#9fd3ff;font-weight:bold";
      where.textContent = d.location;
      var msg = document.createElement("div");
      msg.className = "studysite-error-message";
      msg.textContent = d.message;
      block.appendChild(where);
      block.appendChild(msg);
      if (d.help) {
        var help = document.createElement("div");
        help.style.cssText = "color:#c8c8c8";
        help.textContent = "help: " + d.help;
        block.appendChild(help);
      }
      overlay.appendChild(block);
    });
    var note = document.createElement("p");
    note.textContent = "The last good version of the site is still being served. Fix the problem and save: this message goes away.";
    note.style.color = "#c8c8c8";
    overlay.appendChild(note);
  }
  function clearErrors() {
    if (overlay) { overlay.parentNode.removeChild(overlay); overlay = null; }
  }

  function reload() {
    try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  }

  function swapCss() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href);
      url.searchParams.set("live", String(Date.now()));
      var fresh = link.cloneNode();
      fresh.href = url.toString();
      fresh.addEventListener("load", function () { if (link.parentNode) link.parentNode.removeChild(link); });
      link.parentNode.insertBefore(fresh, link.nextSibling);
    });
  }

  // Connect after the load event: an event stream opened earlier would hold the page's
  // load (and tools waiting for it) for as long as the stream stays open.
  function connect() {
    var source = new EventSource("/__studysite/events");
    source.addEventListener("reload", function (ev) {
      var pages;
      try { pages = JSON.parse(ev.data); } catch (e) { pages = ["*"]; }
      clearErrors();
      var here = decodeURIComponent(location.pathname).replace(/index\.html$/, "");
      if (pages.indexOf("*") >= 0 || pages.indexOf(here) >= 0) reload();
    });
    source.addEventListener("css", function () { clearErrors(); swapCss(); });
    source.addEventListener("errors", function (ev) {
      try { showErrors(JSON.parse(ev.data)); } catch (e) { /* malformed event */ }
    });
    source.addEventListener("ok", clearErrors);
    window.studysiteLiveReload = { source: source };
  }
  if (document.readyState === "complete") setTimeout(connect, 0);
  else window.addEventListener("load", function () { setTimeout(connect, 0); });
})();
