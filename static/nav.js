/* studysite reading aids on the page: shows the controls that need JavaScript, closes the
   phone menu, marks the section in view in "On this page", adds copy buttons to code
   blocks, filters the glossary, makes the graph zoomable, and registers the offline
   worker. The logic lives in static/nav-core.js. A classic script (pages work from disk). */
(function () {
  "use strict";
  var core = window.studysiteNav;
  if (!core) return;
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  each(document.querySelectorAll("[data-js-only]"), function (el) { el.hidden = false; });

  // The menu's close link: without JavaScript it moves the target away from the menu.
  each(document.querySelectorAll("[data-menu-close]"), function (link) {
    link.addEventListener("click", function (ev) {
      if (!document.body.classList.contains("nav-open")) return;
      ev.preventDefault();
      document.body.classList.remove("nav-open");
      var menu = document.querySelector("[data-menu-toggle]");
      if (menu) { menu.setAttribute("aria-expanded", "false"); menu.focus(); }
    });
  });

  each(document.querySelectorAll("[data-print]"), function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  // The sidebar shows the current note (a long list would hide it below the fold).
  var sidebar = document.getElementById("site-nav");
  var here = sidebar && sidebar.querySelector("a[aria-current='page']");
  if (here && here.offsetTop > sidebar.clientHeight * 0.6) {
    sidebar.scrollTop = here.offsetTop - sidebar.clientHeight / 3;
  }

  scrollSpy();
  copyButtons();
  glossaryFilter();
  graph();
  offline();

  /* "On this page": the link of the section being read gets aria-current. */
  function scrollSpy() {
    var links = document.querySelectorAll(".toc a[href^='#'], .toc-inline a[href^='#']");
    if (!links.length) return;
    var ids = [];
    each(links, function (a) {
      var id = decodeURIComponent(a.getAttribute("href").slice(1));
      if (ids.indexOf(id) < 0 && document.getElementById(id)) ids.push(id);
    });
    var headings = ids.map(function (id) { return document.getElementById(id); });
    var current = null;
    function update() {
      var bar = document.querySelector(".topbar");
      var line = (bar ? bar.getBoundingClientRect().height : 0) + 24;
      var tops = headings.map(function (h) { return h.getBoundingClientRect().top; });
      var id = ids[core.activeIndex(tops, line)];
      // At the very bottom the last section is the one being read.
      if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) id = ids[ids.length - 1];
      if (id === current) return;
      current = id;
      each(links, function (a) {
        if (a.getAttribute("href") === "#" + encodeURIComponent(id) || a.getAttribute("href") === "#" + id) a.setAttribute("aria-current", "location");
        else a.removeAttribute("aria-current");
      });
    }
    var queued = false;
    window.addEventListener("scroll", function () {
      if (queued) return;
      queued = true;
      window.requestAnimationFrame(function () { queued = false; update(); });
    }, { passive: true });
    window.addEventListener("resize", update);
    update();
  }

  /* Code blocks: a header with the language and a Copy button. */
  function copyButtons() {
    each(document.querySelectorAll("pre.code"), function (pre) {
      var code = pre.querySelector("code") || pre;
      var box = document.createElement("div");
      box.className = "code-block";
      var head = document.createElement("div");
      head.className = "code-head";
      var lang = pre.getAttribute("data-lang");
      if (lang) {
        var label = document.createElement("span");
        label.className = "code-lang";
        label.textContent = lang;
        head.appendChild(label);
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "code-copy";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy the code" + (lang ? " (" + lang + ")" : ""));
      head.appendChild(button);
      pre.parentNode.insertBefore(box, pre);
      box.appendChild(head);
      box.appendChild(pre);
      pre.classList.add("has-head");
      button.addEventListener("click", function () {
        copy(code.textContent).then(function () { say(button, "Copied"); }, function () { say(button, "Press Ctrl+C"); selectText(code); });
      });
    });
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }
  function say(button, text) {
    button.textContent = text;
    window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
  }
  function selectText(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  /* Glossary: entries, and letters left empty, hide as the filter is typed. */
  function glossaryFilter() {
    var input = document.querySelector("[data-glossary-filter]");
    if (!input) return;
    var entries = document.querySelectorAll(".glossary-entry");
    var count = document.querySelector("[data-glossary-count]");
    var empty = document.querySelector("[data-glossary-empty]");
    function apply() {
      var shown = 0;
      each(entries, function (e) {
        var ok = core.termMatches(input.value, e.getAttribute("data-term"));
        e.hidden = !ok;
        if (ok) shown++;
      });
      each(document.querySelectorAll(".glossary-letter"), function (section) {
        section.hidden = !section.querySelector(".glossary-entry:not([hidden])");
      });
      if (count) count.textContent = input.value.trim() ? shown + " of " + entries.length + " terms" : "";
      if (empty) empty.hidden = shown > 0;
    }
    input.addEventListener("input", apply);
    apply();
  }

  /* Graph: zoom (buttons, wheel), pan (drag), and a note's neighbours highlighted. */
  function graph() {
    var figure = document.querySelector("[data-graph]");
    var svg = figure && figure.querySelector("svg.graph");
    if (!svg) return;
    var vb = svg.viewBox.baseVal;
    var full = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
    var view = { x: full.x, y: full.y, w: full.w, h: full.h };
    function show(v) {
      view = v;
      svg.setAttribute("viewBox", [v.x, v.y, v.w, v.h].map(function (n) { return n.toFixed(1); }).join(" "));
      svg.classList.toggle("zoomed", v.w < full.w - 0.5);
    }
    function toView(clientX, clientY) {
      var r = svg.getBoundingClientRect();
      return { x: view.x + (clientX - r.left) / r.width * view.w, y: view.y + (clientY - r.top) / r.height * view.h };
    }
    each(figure.querySelectorAll("[data-graph-zoom]"), function (b) {
      b.addEventListener("click", function () {
        var how = b.getAttribute("data-graph-zoom");
        if (how === "reset") return show(full);
        var f = how === "in" ? 1.6 : 1 / 1.6;
        show(core.zoomView(view, f, view.x + view.w / 2, view.y + view.h / 2, full));
      });
    });
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var p = toView(ev.clientX, ev.clientY);
      show(core.zoomView(view, ev.deltaY < 0 ? 1.25 : 0.8, p.x, p.y, full));
    }, { passive: false });
    var drag = null;
    svg.addEventListener("pointerdown", function (ev) {
      if (!svg.classList.contains("zoomed")) return;
      drag = { x: ev.clientX, y: ev.clientY, view: view, moved: false, id: ev.pointerId };
    });
    svg.addEventListener("pointermove", function (ev) {
      if (!drag || drag.id !== ev.pointerId) return;
      var r = svg.getBoundingClientRect();
      var dx = (ev.clientX - drag.x) / r.width * view.w;
      var dy = (ev.clientY - drag.y) / r.height * view.h;
      if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 4) {
        if (!drag.moved) svg.setPointerCapture(ev.pointerId);
        drag.moved = true;
      }
      if (drag.moved) show(core.clampView({ x: drag.view.x - dx, y: drag.view.y - dy, w: view.w, h: view.h }, full));
    });
    function endDrag(ev) {
      if (drag && drag.moved) {
        // A drag is not a click on the note under the pointer.
        svg.addEventListener("click", function stop(e) { e.preventDefault(); svg.removeEventListener("click", stop, true); }, true);
      }
      if (drag && svg.hasPointerCapture && svg.hasPointerCapture(ev.pointerId)) svg.releasePointerCapture(ev.pointerId);
      drag = null;
    }
    svg.addEventListener("pointerup", endDrag);
    svg.addEventListener("pointercancel", endDrag);

    var nodes = svg.querySelectorAll("a.node");
    var lines = svg.querySelectorAll(".edges line");
    function highlight(node) {
      var id = node ? node.getAttribute("data-node") : null;
      var near = node ? (node.getAttribute("data-links") || "").split(" ") : [];
      svg.classList.toggle("focusing", !!node);
      each(nodes, function (n) {
        var k = n.getAttribute("data-node");
        n.classList.toggle("is-focus", k === id);
        n.classList.toggle("is-near", near.indexOf(k) >= 0);
      });
      each(lines, function (l) {
        l.classList.toggle("is-near", !!id && (l.getAttribute("data-a") === id || l.getAttribute("data-b") === id));
      });
    }
    each(nodes, function (n) {
      n.addEventListener("mouseenter", function () { highlight(n); });
      n.addEventListener("focus", function () { highlight(n); });
      n.addEventListener("mouseleave", function () { highlight(null); });
      n.addEventListener("blur", function () { highlight(null); });
    });
  }

  /* Offline reading: the published site (HTTPS, or loopback while testing) keeps a copy
     of itself. Under `serve` pages carry no data-offline, and a worker left from a build
     served at the same address earlier is removed. */
  function offline() {
    if (!("serviceWorker" in navigator)) return;
    var worker = document.body.getAttribute("data-offline");
    if (!core.offlineAllowed(location.protocol, location.hostname)) return;
    if (!worker) {
      navigator.serviceWorker.getRegistrations().then(function (regs) {
        each(regs, function (r) { r.unregister(); });
      }).catch(function () {});
      return;
    }
    navigator.serviceWorker.register(worker).catch(function () { /* offline reading is optional */ });
  }
})();
