/* studysite comparison tables: pick the subjects to show side by side, highlight the
   rows where they differ, and keep the choice in the URL fragment
   (#compare-NAME?show=a,b&diff) so it can be linked. Without this script the whole
   table shows. The pure functions at the top are also loaded by tests under Node. */
(function () {
  "use strict";

  /** A cell as compared for sameness: case, spacing and a final full stop do not count
      (src/compare/questions.rs compares the same way). */
  function normalize(text) {
    return String(text).split(/\s+/).filter(Boolean).join(" ").replace(/\.+$/, "").toLowerCase();
  }

  /** `#compare-NAME?show=a,b&diff` → { table: "NAME", show: ["a","b"] | null, diff: bool },
      or null when the fragment names no table. */
  function parseFragment(hash) {
    var h = String(hash || "").replace(/^#/, "");
    var m = /^compare-([^?]+)(?:\?(.*))?$/.exec(h);
    if (!m) return null;
    var out = { table: decodeURIComponent(m[1]), show: null, diff: false };
    (m[2] || "").split("&").forEach(function (part) {
      if (!part) return;
      var eq = part.indexOf("=");
      var key = eq < 0 ? part : part.slice(0, eq);
      var value = eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1));
      if (key === "show") out.show = value.split(",").filter(Boolean);
      else if (key === "diff") out.diff = value !== "0";
    });
    return out;
  }

  /** The fragment for a table's state; `show` is left out when every subject shows. */
  function formatFragment(table, shown, all, diff) {
    var params = [];
    if (shown.length !== all.length) params.push("show=" + shown.map(encodeURIComponent).join(","));
    if (diff) params.push("diff");
    return "compare-" + table + (params.length ? "?" + params.join("&") : "");
  }

  /** Which subjects to show: the fragment's known keys, else all. */
  function chooseShown(all, requested) {
    var known = (requested || []).filter(function (k) { return all.indexOf(k) >= 0; });
    return known.length ? known : all.slice();
  }

  /** For each row (an array of cell texts in subject order), whether the cells of the
      shown subjects (indexes) differ from one another. */
  function differingRows(rows, shownIndexes) {
    return rows.map(function (cells) {
      var seen = null;
      for (var i = 0; i < shownIndexes.length; i++) {
        var v = normalize(cells[shownIndexes[i]]);
        if (seen === null) seen = v;
        else if (v !== seen) return true;
      }
      return false;
    });
  }

  var api = { normalize: normalize, parseFragment: parseFragment, formatFragment: formatFragment, chooseShown: chooseShown, differingRows: differingRows };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
    return;
  }

  function setup(fig) {
    var tools = fig.querySelector("[data-compare-tools]");
    var table = fig.querySelector("table");
    if (!tools || !table) return;
    var name = fig.getAttribute("data-compare");
    var boxes = Array.prototype.slice.call(tools.querySelectorAll(".compare-pick input[type=checkbox]"));
    var diffBox = tools.querySelector("[data-compare-diff]");
    var status = tools.querySelector(".compare-status");
    var keys = boxes.map(function (b) { return b.value; });
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    tools.hidden = false;

    function apply(writeUrl) {
      var shown = keys.filter(function (k, i) { return boxes[i].checked; });
      Array.prototype.forEach.call(table.querySelectorAll("[data-subject]"), function (cell) {
        cell.classList.toggle("compare-off", shown.indexOf(cell.getAttribute("data-subject")) < 0);
      });
      var texts = rows.map(function (tr) {
        var byKey = {};
        Array.prototype.forEach.call(tr.querySelectorAll("td[data-subject]"), function (td) {
          byKey[td.getAttribute("data-subject")] = td.textContent;
        });
        return keys.map(function (k) { return byKey[k] || ""; });
      });
      var idx = shown.map(function (k) { return keys.indexOf(k); });
      var differ = differingRows(texts, idx);
      var on = diffBox && diffBox.checked;
      var count = 0;
      rows.forEach(function (tr, r) {
        var d = on && differ[r];
        if (d) count++;
        tr.classList.toggle("compare-same", on && !differ[r]);
        Array.prototype.forEach.call(tr.querySelectorAll("td[data-subject]"), function (td) {
          td.classList.toggle("compare-differs", d && shown.indexOf(td.getAttribute("data-subject")) >= 0);
        });
      });
      fig.classList.toggle("compare-narrowed", shown.length < keys.length);
      if (status) {
        var parts = ["Showing " + shown.length + " of " + keys.length];
        if (on) parts.push(count + " of " + rows.length + " rows differ");
        status.textContent = parts.join(" · ");
      }
      if (writeUrl && window.history && history.replaceState) {
        history.replaceState(null, "", "#" + formatFragment(name, shown, keys, on));
      }
    }

    function fromHash(scroll) {
      var f = parseFragment(location.hash);
      if (!f || f.table !== name) return false;
      var shown = chooseShown(keys, f.show);
      boxes.forEach(function (b) { b.checked = shown.indexOf(b.value) >= 0; });
      if (diffBox) diffBox.checked = f.diff;
      apply(false);
      if (scroll && (f.show || f.diff)) fig.scrollIntoView();
      return true;
    }

    boxes.forEach(function (b) {
      b.addEventListener("change", function () {
        // At least one subject stays shown.
        if (!boxes.some(function (x) { return x.checked; })) b.checked = true;
        apply(true);
      });
    });
    if (diffBox) diffBox.addEventListener("change", function () { apply(true); });
    window.addEventListener("hashchange", function () { fromHash(true); });
    if (!fromHash(true)) apply(false);
  }

  Array.prototype.forEach.call(document.querySelectorAll("figure.compare[data-compare]"), setup);

  // A link to a table's questions opens them.
  function openQuestions() {
    var id = location.hash.slice(1);
    if (!/^compare-.+-questions$/.test(id)) return;
    var d = document.getElementById(decodeURIComponent(id));
    if (d && d.tagName === "DETAILS") {
      d.open = true;
      d.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", openQuestions);
  openQuestions();
})();
