/* studysite reading aids, the logic without the page: which section is in view, which
   glossary terms match a filter, how the graph's view box zooms, and whether a page may
   use the offline service worker. Loaded by static/nav.js; tests/js/nav-core.test.js
   runs it under Node. */
var studysiteNav = (function () {
  "use strict";

  /* Index of the section being read: the last heading whose top is above `line` (pixels
     from the top of the window), or 0 when none is yet (the first section is next). */
  function activeIndex(tops, line) {
    var active = 0;
    for (var i = 0; i < tops.length; i++) {
      if (tops[i] <= line) active = i;
      else break;
    }
    return active;
  }

  function words(s) {
    return String(s).toLowerCase().split(/\s+/).filter(function (w) { return w !== ""; });
  }

  /* A glossary entry matches when every word of the query starts a word of its terms
     ("dat str" finds "Kinesis Data Streams"); an empty query matches everything. */
  function termMatches(query, terms) {
    var q = words(query);
    var t = words(String(terms).replace(/[^\w\s-]/g, " ").replace(/-/g, " "));
    return q.every(function (w) {
      return t.some(function (word) { return word.indexOf(w) === 0; });
    });
  }

  /* The view box after zooming by `factor` (>1 zooms in) around the point (px, py) in
     view-box units, kept between a whole-graph view and 8x magnification, and inside it. */
  function zoomView(view, factor, px, py, full) {
    var w = Math.min(full.w, Math.max(full.w / 8, view.w / factor));
    var h = w * (full.h / full.w);
    var x = px - (px - view.x) * (w / view.w);
    var y = py - (py - view.y) * (h / view.h);
    return clampView({ x: x, y: y, w: w, h: h }, full);
  }

  function clampView(view, full) {
    return {
      x: Math.min(Math.max(view.x, full.x), full.x + full.w - view.w),
      y: Math.min(Math.max(view.y, full.y), full.y + full.h - view.h),
      w: view.w,
      h: view.h
    };
  }

  /* Service workers need a secure origin: HTTPS, or a loopback address over HTTP. Pages
     opened from disk never register one. */
  function offlineAllowed(protocol, hostname) {
    if (protocol === "https:") return true;
    if (protocol !== "http:") return false;
    return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
  }

  return {
    activeIndex: activeIndex,
    termMatches: termMatches,
    zoomView: zoomView,
    clampView: clampView,
    offlineAllowed: offlineAllowed
  };
})();
if (typeof module !== "undefined") module.exports = studysiteNav;
