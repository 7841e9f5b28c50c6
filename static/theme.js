/* studysite theme script: light/dark toggle, mobile menu, and links that work from disk.
   A classic script (not a module): browsers refuse modules on file:// pages. */
(function () {
  "use strict";
  var doc = document.documentElement;
  var KEY = "studysite-theme";

  function systemDark() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function currentTheme() {
    var t = doc.getAttribute("data-theme");
    if (t === "dark" || t === "light") return t;
    return systemDark() ? "dark" : "light";
  }
  function labelToggle(btn) {
    var next = currentTheme() === "dark" ? "light" : "dark";
    btn.setAttribute("aria-label", "Switch to the " + next + " theme");
    btn.setAttribute("title", "Switch to the " + next + " theme");
  }
  var toggles = document.querySelectorAll("[data-theme-toggle]");
  Array.prototype.forEach.call(toggles, function (btn) {
    labelToggle(btn);
    btn.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      doc.setAttribute("data-theme", next);
      try { localStorage.setItem(KEY, next); } catch (e) { /* storage may be disabled */ }
      Array.prototype.forEach.call(toggles, labelToggle);
    });
  });

  // Mobile menu: without JavaScript the button jumps to the navigation; with it, it opens a drawer.
  var menu = document.querySelector("[data-menu-toggle]");
  var nav = document.getElementById("site-nav");
  if (menu && nav) {
    menu.addEventListener("click", function (ev) {
      if (window.getComputedStyle(menu).display === "none") return;
      ev.preventDefault();
      var open = document.body.classList.toggle("nav-open");
      menu.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var first = nav.querySelector("a, summary");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && document.body.classList.contains("nav-open")) {
        document.body.classList.remove("nav-open");
        menu.setAttribute("aria-expanded", "false");
        menu.focus();
      }
    });
  }

  // Code blocks and tables that scroll sideways must be reachable from the keyboard
  // (WCAG 2.1.1): they get tabindex="0" while they overflow, and lose it when they fit.
  function focusableScrollers() {
    Array.prototype.forEach.call(document.querySelectorAll("pre, .table-wrap"), function (el) {
      var scrolls = el.scrollWidth > el.clientWidth;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-scroll-focus", "");
      } else if (!scrolls && el.hasAttribute("data-scroll-focus")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-scroll-focus");
      }
    });
  }
  focusableScrollers();
  window.addEventListener("resize", focusableScrollers);

  // Opened from disk, "dir/" links would show a folder listing: point them at dir/index.html.
  if (location.protocol === "file:") {
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (a) {
      var href = a.getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === "#" || href.charAt(0) === "/") return;
      var hash = "";
      var i = href.indexOf("#");
      if (i >= 0) { hash = href.slice(i); href = href.slice(0, i); }
      if (href === "" ) return;
      if (href === "." || href === "./" || href.slice(-1) === "/") {
        a.setAttribute("href", (href === "." ? "./" : href) + "index.html" + hash);
      }
    });
  }
})();
