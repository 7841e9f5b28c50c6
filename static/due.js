/* studysite, on every page: the number of questions due for review in the header's Review
   link ("12 due"), and a mastery mark beside each note in the sidebar. It reads the quiz
   records (docs/QUIZZES.md, scheduling fields in docs/STUDY.md) straight from storage and
   does not load the question pool. The marks need each note's question count, which
   pages with questions store (this script on note pages, the study pages for all). */
(function () {
  "use strict";
  var body = document.body;
  var store;
  try {
    store = window.localStorage;
    store.getItem("studysite-probe");
  } catch (e) {
    return;
  }
  if (!body || !store || !window.URL) return;
  var site = body.getAttribute("data-site-key") || "site";
  var prefix = "studysite:" + site + ":quiz:";
  var totalsKey = "studysite:" + site + ":study:totals";
  var AHEAD = 20 * 60 * 1000; /* study-core.js LEARN_AHEAD */
  var root = new URL(body.getAttribute("data-root") || "./", location.href).href;

  /* A page's address below the site root, as the pool names notes ("storage/s3/"). */
  function below(href) {
    href = href.split("#")[0].split("?")[0];
    return href.indexOf(root) === 0 ? href.slice(root.length).replace(/index\.html$/, "") : null;
  }

  function read(key) {
    try {
      return JSON.parse(store.getItem(key));
    } catch (e) {
      return null;
    }
  }

  var totals = read(totalsKey) || {};
  var here = below(location.href);
  var count = document.querySelectorAll(".quiz-question[data-qid]").length;
  if (count && here !== null && totals[here] !== count) {
    totals[here] = count;
    try {
      store.setItem(totalsKey, JSON.stringify(totals));
    } catch (e) {
      /* storage full: the marks wait */
    }
  }

  function update() {
    var now = Date.now();
    var due = 0;
    var notes = {};
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (!key || key.indexOf(prefix) !== 0) continue;
      var r = read(key);
      if (!r || typeof r !== "object") continue;
      var at = r.fsrs && isFinite(r.fsrs.due) ? r.fsrs.due : null;
      if (at !== null && at <= now + AHEAD) due++;
      if (typeof r.note !== "string") continue;
      var n = notes[r.note] || (notes[r.note] = 0);
      notes[r.note] = n + (r.result === "correct" && (at === null || at >= now) ? 1 : 0);
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-due-count]"), function (el) {
      el.textContent = due + " due";
      el.hidden = due === 0;
    });
    totals = read(totalsKey) || totals;
    Array.prototype.forEach.call(document.querySelectorAll(".sidebar a[href]"), function (a) {
      var key = below(a.href);
      var old = a.querySelector(".mastery-mark");
      if (old) a.removeChild(old);
      if (key === null || !(key in notes) || !totals[key]) return;
      var share = Math.min(1, notes[key] / totals[key]);
      var mark = document.createElement("span");
      mark.className = "mastery-mark";
      mark.setAttribute("data-level", String(Math.round(share * 4)));
      mark.title = "Mastered " + notes[key] + " of " + totals[key];
      mark.innerHTML = '<span class="visually-hidden">, mastered ' + notes[key] + " of " + totals[key] + "</span>";
      a.appendChild(mark);
    });
  }

  update();
  window.addEventListener("storage", update);
  document.addEventListener("studysite:answered", update);
})();
