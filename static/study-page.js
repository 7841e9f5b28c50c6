/* studysite study pages (Review, Exam, Progress): what they share. The question pool
   (global `studysitePool`, from the pool/ scripts), the categories, progress in storage
   with a fallback to memory, recording an answer as a review, and a question widget that
   shows any pool question, reads the answer and shows the result. Loaded after
   quiz-core.js, study-core.js and the pool; review.js, exam.js and progress.js use it. */
var StudysitePage = (function () {
  "use strict";
  var core = window.StudysiteQuizCore;
  var study = window.StudysiteStudy;
  var body = document.body;
  var site = body.getAttribute("data-site-key") || "site";
  var root = body.getAttribute("data-root") || "./";

  function probe() {
    try {
      var s = window.localStorage;
      s.setItem("studysite-probe", "1");
      s.removeItem("studysite-probe");
      return s;
    } catch (e) {
      return null;
    }
  }
  var storage = probe();
  if (!storage) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-study-storage]"), function (p) {
      p.hidden = false;
    });
  }
  var store = new core.Store(site, storage);
  var memory = {};

  var pool = typeof studysitePool !== "undefined" ? studysitePool : [];
  var byId = {};
  pool.forEach(function (q) { byId[q.id] = q; });
  var categories = [];
  try {
    categories = JSON.parse(document.getElementById("study-categories").textContent);
  } catch (e) {
    categories = [];
  }
  var catTitles = {};
  categories.forEach(function (c) { catTitles[c.slug] = c.title; });

  function key(name) {
    return "studysite:" + site + ":" + name;
  }

  /* A JSON value of the site's study data ("exam:current", "study:settings", ...). */
  function load(name) {
    if (Object.prototype.hasOwnProperty.call(memory, name)) return memory[name];
    try {
      var text = storage ? storage.getItem(key(name)) : null;
      return text === null ? null : JSON.parse(text);
    } catch (e) {
      return null;
    }
  }

  function save(name, value) {
    memory[name] = value;
    try {
      if (!storage) return;
      if (value === null) storage.removeItem(key(name));
      else storage.setItem(key(name), JSON.stringify(value));
    } catch (e) {
      /* kept in memory for this visit */
    }
  }

  /* Every stored answer of the site, by question id (also of questions no longer in the pool). */
  function allRecords() {
    var out = {};
    var prefix = key("quiz:");
    if (storage) {
      for (var i = 0; i < storage.length; i++) {
        var k = storage.key(i);
        if (k && k.indexOf(prefix) === 0) {
          var r = core.decode(storage.getItem(k));
          if (r) out[k.slice(prefix.length)] = r;
        }
      }
    }
    for (var m in store.memory) {
      if (Object.prototype.hasOwnProperty.call(store.memory, m) && m.indexOf(prefix) === 0) {
        if (store.memory[m]) out[m.slice(prefix.length)] = store.memory[m];
        else delete out[m.slice(prefix.length)];
      }
    }
    return out;
  }

  /* Each note's question count, for the sidebar's mastery marks (static/due.js). */
  function saveTotals() {
    var totals = load("study:totals") || {};
    var fresh = {};
    pool.forEach(function (q) { fresh[q.note] = (fresh[q.note] || 0) + 1; });
    var changed = false;
    for (var n in fresh) {
      if (totals[n] !== fresh[n]) {
        totals[n] = fresh[n];
        changed = true;
      }
    }
    if (changed) save("study:totals", totals);
  }
  saveTotals();

  function announce() {
    if (typeof CustomEvent === "function") document.dispatchEvent(new CustomEvent("studysite:answered"));
  }

  /* Records an answer as a review (docs/QUIZZES.md record plus the schedule). */
  function record(q, answer, correct, now) {
    var r = core.answered(store.get(q.id), q.data.kind, answer, correct, now || Date.now());
    r = study.schedule(r, correct, r.time, q.note);
    store.set(q.id, r);
    announce();
    return r;
  }

  var nextId = 0;
  function uid(base) {
    var id;
    do {
      id = base + "-" + ++nextId;
    } while (document.getElementById(id));
    return id;
  }

  function el(tag, attrs, html) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (html !== undefined) e.innerHTML = html;
    return e;
  }

  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function textOf(html) {
    var d = document.createElement("div");
    d.innerHTML = html;
    return d.textContent;
  }

  function noteHref(q) {
    return root + q.note + (q.anchor ? "#" + q.anchor : "");
  }

  function noteLink(q, label) {
    return '<a class="study-source" href="' + escape(noteHref(q)) + '">' + (label === undefined ? "Read: " : label) + escape(q.title) + "</a>";
  }

  var HINT = {
    single: "Choose one answer.",
    multiple: "Choose every right answer.",
    "true-false": "True or false?",
    short: "Type a short answer.",
    matching: "Match each item on the left with one on the right."
  };

  /* One question on a page: prompt and controls in `container`. `onChange` runs when the
     answer changes; `random` orders the choices (Math.random when absent). Returns
     {read, fill, show, focus}. */
  function widget(q, container, onChange, random) {
    var kind = q.data.kind;
    var promptId = uid("study-prompt");
    container.innerHTML = "";
    container.appendChild(el("div", { class: "study-prompt", id: promptId }, q.prompt));
    container.appendChild(el("p", { class: "quiz-hint" }, HINT[kind] || ""));
    var rows = [];
    var input = null;
    var items = kind === "true-false" ? ["True", "False"] : q.choices || q.right || [];
    if (kind === "short") {
      var iid = uid("study-input");
      container.appendChild(el("label", { for: iid, class: "quiz-input-label" }, "Your answer"));
      input = el("input", { type: "text", id: iid, class: "quiz-input", autocomplete: "off", spellcheck: "false" });
      input.setAttribute("aria-describedby", promptId);
      input.addEventListener("input", function () { if (onChange) onChange(); });
      container.appendChild(input);
    } else {
      var group = el("fieldset", { class: "quiz-options", "aria-labelledby": promptId });
      container.appendChild(group);
      var order = kind === "true-false" ? [0, 1] : core.shuffle(items.length, random);
      if (kind === "matching") {
        var options = '<option value="">Choose…</option>' + order.map(function (author, i) {
          return '<option value="' + author + '">' + core.letter(i) + ". " + escape(textOf(items[author])) + "</option>";
        }).join("");
        q.left.forEach(function (html, i) {
          var sid = uid("study-select");
          var row = el("div", { class: "quiz-pair" });
          row.appendChild(el("label", { for: sid, class: "quiz-pair-left" }, html));
          var select = el("select", { id: sid, class: "quiz-select" }, options);
          select.addEventListener("change", function () { if (onChange) onChange(); });
          row.appendChild(select);
          row.appendChild(el("span", { class: "quiz-mark" }));
          group.appendChild(row);
          rows.push({ row: row, control: select, value: i });
        });
      } else {
        var name = uid("study-choice");
        order.forEach(function (author, i) {
          var oid = uid("study-option");
          var row = el("div", { class: "quiz-option" });
          var control = el("input", { type: kind === "multiple" ? "checkbox" : "radio", id: oid, name: name, value: String(author) });
          control.addEventListener("change", function () { if (onChange) onChange(); });
          var letter = kind === "true-false" ? "" : '<span class="quiz-letter">' + core.letter(i) + ".</span> ";
          row.appendChild(control);
          row.appendChild(el("label", { for: oid }, letter + '<span class="quiz-option-text">' + items[author] + "</span>"));
          row.appendChild(el("span", { class: "quiz-mark" }));
          group.appendChild(row);
          rows.push({ row: row, control: control, value: author });
        });
      }
    }

    function read() {
      if (kind === "short") return input.value;
      if (kind === "matching") {
        return rows.map(function (r) { return r.control.value === "" ? null : Number(r.control.value); });
      }
      var picked = rows.filter(function (r) { return r.control.checked; }).map(function (r) { return r.value; });
      if (kind === "multiple") return picked.sort(function (a, b) { return a - b; });
      if (!picked.length) return null;
      return kind === "true-false" ? picked[0] === 0 : picked[0];
    }

    function fill(answer) {
      if (answer === null || answer === undefined) return;
      if (kind === "short") input.value = answer;
      else if (kind === "matching") {
        rows.forEach(function (r, i) { r.control.value = answer[i] === null || answer[i] === undefined ? "" : String(answer[i]); });
      } else if (kind === "multiple") rows.forEach(function (r) { r.control.checked = answer.indexOf(r.value) >= 0; });
      else if (kind === "true-false") rows.forEach(function (r) { r.control.checked = (r.value === 0) === answer; });
      else rows.forEach(function (r) { r.control.checked = r.value === answer; });
    }

    function isRight(r) {
      if (kind === "single") return r.value === q.data.answer;
      if (kind === "multiple") return q.data.answers.indexOf(r.value) >= 0;
      if (kind === "true-false") return (r.value === 0) === q.data.answer;
      return false;
    }

    /* Disables the controls and marks them; returns whether the answer was right. */
    function show(answer) {
      var correct = core.check(q.data, answer);
      if (input) input.disabled = true;
      rows.forEach(function (r, i) {
        r.control.disabled = true;
        var mark = r.row.querySelector(".quiz-mark");
        if (kind === "matching") {
          var good = answer && answer[i] === i;
          r.row.classList.add(good ? "is-right" : "is-wrong");
          mark.innerHTML = good ? "✓ Right" : "✗ Answer: " + q.right[i];
        } else if (isRight(r)) {
          r.row.classList.add("is-right");
          mark.innerHTML = r.control.checked ? "✓ Your answer, right" : "✓ Right answer";
        } else if (r.control.checked) {
          r.row.classList.add("is-wrong");
          mark.innerHTML = "✗ Your answer";
        }
      });
      return correct;
    }

    /* The right answer in words, lettered as shown. */
    function rightHtml() {
      if (kind !== "single" && kind !== "multiple") return q.answer;
      return rows.map(function (r, i) { return isRight(r) ? core.letter(i) + ". " + items[r.value] : null; })
        .filter(function (x) { return x !== null; }).join("; ");
    }

    function focus() {
      var first = input || (rows[0] && rows[0].control);
      if (first) first.focus();
    }

    return { read: read, fill: fill, show: show, focus: focus, rightHtml: rightHtml };
  }

  /* A random number source that gives the same sequence for the same text (the exam
     shows a question's choices in one order however often it is opened). */
  function seeded(text) {
    var x = 2166136261;
    for (var i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 16777619) >>> 0;
    return function () {
      x = (x + 0x6d2b79f5) >>> 0;
      var t = Math.imul(x ^ (x >>> 15), 1 | x);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /* The learner's answer in words (HTML), for the exam's list of misses. */
  function answerText(q, answer) {
    if (answer === null || answer === undefined) return "<em>no answer</em>";
    switch (q.data.kind) {
      case "single":
        return q.choices[answer] || "?";
      case "multiple":
        return answer.length ? answer.map(function (a) { return q.choices[a]; }).join("; ") : "<em>no answer</em>";
      case "true-false":
        return answer ? "True" : "False";
      case "short":
        return escape(answer);
      case "matching":
        return q.left.map(function (l, i) {
          return l + " → " + (answer[i] === null || answer[i] === undefined ? "?" : q.right[answer[i]]);
        }).join("; ");
    }
    return "";
  }

  /* The right answer in words, without the letters (choices are shown in another order). */
  function rightText(q) {
    if (q.data.kind === "single") return q.choices[q.data.answer];
    if (q.data.kind === "multiple") return q.data.answers.map(function (a) { return q.choices[a]; }).join("; ");
    return q.answer;
  }

  /* Feedback after an answer: verdict, the right answer (`right`, HTML), the explanation,
     the source. */
  function feedbackHtml(q, correct, right) {
    var html = '<p class="quiz-verdict"><span class="quiz-icon" aria-hidden="true">' + (correct ? "✓" : "✗") +
      "</span> " + (correct ? "Correct" : "Incorrect") + "</p>";
    if (!correct) html += '<p class="quiz-right-answer"><strong>Answer:</strong> ' + (right || rightText(q)) + "</p>";
    if (q.explain) html += '<div class="quiz-explain">' + q.explain + "</div>";
    return html + "<p>" + noteLink(q) + "</p>";
  }

  function when(ms, now) {
    var d = ms - now;
    if (d <= 0) return "now";
    var min = Math.round(d / 60000);
    if (min < 60) return "in " + min + " minute" + (min === 1 ? "" : "s");
    var h = Math.round(min / 60);
    if (h < 36) return "in " + h + " hour" + (h === 1 ? "" : "s");
    var days = Math.round(h / 24);
    return "in " + days + " days";
  }

  return {
    core: core,
    study: study,
    site: site,
    root: root,
    storage: storage,
    store: store,
    pool: pool,
    byId: byId,
    categories: categories,
    catTitle: function (slug) { return catTitles[slug] || slug || "Notes"; },
    load: load,
    save: save,
    key: key,
    allRecords: allRecords,
    saveTotals: saveTotals,
    record: record,
    announce: announce,
    widget: widget,
    seeded: seeded,
    answerText: answerText,
    rightText: rightText,
    feedbackHtml: feedbackHtml,
    noteHref: noteHref,
    noteLink: noteLink,
    el: el,
    escape: escape,
    when: when
  };
})();
