/* Draws the page's ```mermaid blocks with the vendored Mermaid (static/vendor/), in
   the page's light or dark theme. Loaded only by pages that have a diagram. */
(function () {
  "use strict";
  if (typeof mermaid === "undefined") return;
  var set = document.documentElement.getAttribute("data-theme");
  var dark = set ? set === "dark" : window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
  mermaid.run({ querySelector: "pre.mermaid" });
})();
