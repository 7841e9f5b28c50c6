/* studysite quizzes: turns the quiz markup of templates/quiz.html (readable without
   JavaScript) into questions you can answer, with feedback, a score per note and progress
   kept in localStorage. The logic lives in quiz-core.js (loaded first); this file is the
   page. A classic script: pages opened from file:// cannot load modules. */
(function () {
  "use strict";
  var core = window.StudysiteQuizCore;
  if (!core || !document.querySelector) return;

  var questions = [];
  var stores = {};
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
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (html !== undefined) e.innerHTML = html;
    return e;
  }

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function storeFor(site) {
    if (!stores[site]) stores[site] = new core.Store(site, storage());
    return stores[site];
  }

  function itemsHtml(li, css) {
    var list = li.querySelector(css);
    if (!list) return [];
    return Array.prototype.map.call(list.children, function (c) { return c.innerHTML; });
  }

  /* One question: its data, its author-ordered items and its controls. */
  function setup(li, store) {
    var script = li.querySelector("script.quiz-data");
    var data;
    try {
      data = JSON.parse(script.textContent);
    } catch (e) {
      return null;
    }
    var q = { li: li, data: data, id: li.getAttribute("data-qid"), store: store, result: null };
    if (data.kind === "single" || data.kind === "multiple") {
      q.items = itemsHtml(li, ".quiz-choices");
    } else if (data.kind === "matching") {
      q.left = itemsHtml(li, ".quiz-left");
      var shown = itemsHtml(li, ".quiz-right");
      q.items = [];
      data.order.forEach(function (author, i) { q.items[author] = shown[i]; });
    } else if (data.kind === "true-false") {
      q.items = ["True", "False"];
    } else if (data.kind !== "short") {
      return null;
    }
    q.size = data.kind === "matching" ? q.left.length : q.items ? q.items.length : 0;
    var answerP = li.querySelector(".quiz-answer > p");
    q.answerHtml = answerP ? answerP.innerHTML : "";
    var explain = li.querySelector(".quiz-explain");
    q.explainHtml = explain ? explain.innerHTML : "";
    var prompt = li.querySelector(".quiz-prompt");
    if (!prompt.id) prompt.id = uid("quiz-prompt");
    q.promptId = prompt.id;
    Array.prototype.forEach.call(li.querySelectorAll(".quiz-choices, .quiz-match, .quiz-answer"), function (e) {
      e.hidden = true;
    });
    q.form = el("form", { class: "quiz-form", novalidate: "" });
    q.controls = el("div", { class: "quiz-controls" });
    var actions = el("div", { class: "quiz-actions" });
    q.checkButton = el("button", { type: "submit", class: "quiz-check" }, "Check");
    q.retryButton = el("button", { type: "button", class: "quiz-retry" }, "Try again");
    q.retryButton.hidden = true;
    actions.appendChild(q.checkButton);
    actions.appendChild(q.retryButton);
    q.feedback = el("div", { class: "quiz-feedback", role: "status" });
    q.form.appendChild(q.controls);
    q.form.appendChild(q.feedback);
    q.form.appendChild(actions);
    li.insertBefore(q.form, script);
    q.form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      submit(q);
    });
    q.retryButton.addEventListener("click", function () {
      build(q);
      focusFirst(q);
    });
    li.classList.add("quiz-ready");
    return q;
  }

  /* (Re)builds the controls in a new random order, empty and enabled. */
  function build(q) {
    var kind = q.data.kind;
    q.controls.innerHTML = "";
    q.feedback.innerHTML = "";
    q.li.classList.remove("is-correct", "is-incorrect");
    q.checkButton.hidden = false;
    q.retryButton.hidden = true;
    if (kind === "short") {
      var id = uid("quiz-input");
      q.controls.appendChild(el("label", { for: id, class: "quiz-input-label" }, "Your answer"));
      q.input = el("input", { type: "text", id: id, class: "quiz-input", autocomplete: "off", spellcheck: "false" });
      q.input.setAttribute("aria-describedby", q.promptId);
      q.controls.appendChild(q.input);
      return;
    }
    var group = el("fieldset", { class: "quiz-options", "aria-labelledby": q.promptId });
    q.controls.appendChild(group);
    q.order = kind === "true-false" ? [0, 1] : core.shuffle(q.size);
    q.rows = [];
    if (kind === "matching") {
      var options = '<option value="">Choose…</option>' + q.order.map(function (author, i) {
        return '<option value="' + author + '">' + core.letter(i) + ". " + textOf(q.items[author]) + "</option>";
      }).join("");
      q.left.forEach(function (html, i) {
        var sid = uid("quiz-select");
        var row = el("div", { class: "quiz-pair" });
        row.appendChild(el("label", { for: sid, class: "quiz-pair-left" }, html));
        var mid = uid("quiz-mark");
        var select = el("select", { id: sid, class: "quiz-select", "aria-describedby": mid }, options);
        row.appendChild(select);
        row.appendChild(el("span", { class: "quiz-mark", id: mid }));
        group.appendChild(row);
        q.rows.push({ row: row, control: select, value: i });
      });
      return;
    }
    var name = uid("quiz-choice");
    var type = kind === "multiple" ? "checkbox" : "radio";
    q.order.forEach(function (author, i) {
      var iid = uid("quiz-option");
      var row = el("div", { class: "quiz-option" });
      var mid = uid("quiz-mark");
      var input = el("input", { type: type, id: iid, name: name, value: String(author), "aria-describedby": mid });
      var letter = kind === "true-false" ? "" : '<span class="quiz-letter">' + core.letter(i) + ".</span> ";
      row.appendChild(input);
      row.appendChild(el("label", { for: iid }, letter + '<span class="quiz-option-text">' + q.items[author] + "</span>"));
      row.appendChild(el("span", { class: "quiz-mark", id: mid }));
      group.appendChild(row);
      q.rows.push({ row: row, control: input, value: author, letter: kind === "true-false" ? "" : core.letter(i) + ". " });
    });
  }

  function textOf(html) {
    var d = document.createElement("div");
    d.innerHTML = html;
    return d.textContent.replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  function focusFirst(q) {
    var first = q.input || (q.rows[0] && q.rows[0].control);
    if (first) first.focus();
  }

  /* The answer in the controls, in the author's terms. */
  function read(q) {
    switch (q.data.kind) {
      case "short":
        return q.input.value;
      case "matching":
        return q.rows.map(function (r) { return r.control.value === "" ? null : Number(r.control.value); });
      case "multiple":
        return q.rows.filter(function (r) { return r.control.checked; })
          .map(function (r) { return r.value; }).sort(function (a, b) { return a - b; });
      default: {
        var picked = q.rows.filter(function (r) { return r.control.checked; })[0];
        if (!picked) return null;
        return q.data.kind === "true-false" ? picked.value === 0 : picked.value;
      }
    }
  }

  function fill(q, answer) {
    switch (q.data.kind) {
      case "short":
        q.input.value = answer;
        break;
      case "matching":
        q.rows.forEach(function (r, i) { r.control.value = answer[i] === null ? "" : String(answer[i]); });
        break;
      case "multiple":
        q.rows.forEach(function (r) { r.control.checked = answer.indexOf(r.value) >= 0; });
        break;
      default:
        q.rows.forEach(function (r) {
          r.control.checked = q.data.kind === "true-false" ? (r.value === 0) === answer : r.value === answer;
        });
    }
  }

  var ASK = {
    single: "Choose an answer first.",
    multiple: "Choose at least one answer first.",
    "true-false": "Choose True or False first.",
    short: "Type an answer first.",
    matching: "Pick a match for every item first."
  };

  function submit(q) {
    var answer = read(q);
    if (!core.isComplete(q.data, answer)) {
      q.feedback.innerHTML = '<p class="quiz-ask">' + ASK[q.data.kind] + "</p>";
      return;
    }
    var correct = core.check(q.data, answer);
    var record = core.answered(q.store.get(q.id), q.data.kind, answer, correct, Date.now());
    /* Study: the answer is a review too (static/study-core.js, when the page loads it). */
    if (window.StudysiteStudy) record = window.StudysiteStudy.schedule(record, correct, record.time, pageUrl());
    q.store.set(q.id, record);
    if (typeof CustomEvent === "function") document.dispatchEvent(new CustomEvent("studysite:answered"));
    show(q, answer, correct);
    q.retryButton.focus();
    updateScores();
  }

  /* Study: this page's address below the site root ("storage/s3/"), as the question pool
     names notes; kept in the record for the sidebar's mastery marks. */
  function pageUrl() {
    try {
      var root = new URL(document.body.getAttribute("data-root") || "./", location.href).href;
      var here = location.href.split("#")[0].split("?")[0];
      return here.indexOf(root) === 0 ? here.slice(root.length).replace(/index\.html$/, "") : "";
    } catch (e) {
      return "";
    }
  }

  /* Right answer of a row, for the marks. */
  function isRight(q, r) {
    switch (q.data.kind) {
      case "single":
        return r.value === q.data.answer;
      case "multiple":
        return q.data.answers.indexOf(r.value) >= 0;
      case "true-false":
        return (r.value === 0) === q.data.answer;
    }
    return false;
  }

  function mark(r, cls, text) {
    r.row.classList.add(cls);
    r.row.querySelector(".quiz-mark").innerHTML = text;
  }

  var RIGHT = '<span aria-hidden="true">✓</span> ';
  var WRONG = '<span aria-hidden="true">✗</span> ';

  /* Shows the result of `answer`: verdict, marks, the right answer and the explanation. */
  function show(q, answer, correct) {
    q.result = correct ? "correct" : "incorrect";
    q.li.classList.add(correct ? "is-correct" : "is-incorrect");
    var right = [];
    if (q.data.kind === "short") {
      q.input.disabled = true;
      right.push(q.answerHtml);
    } else if (q.data.kind === "matching") {
      q.rows.forEach(function (r, i) {
        r.control.disabled = true;
        var pos = q.order.indexOf(i);
        var want = core.letter(pos) + ". " + q.items[i];
        if (answer[i] === i) mark(r, "is-right", RIGHT + "Right");
        else mark(r, "is-wrong", WRONG + "Answer: " + want);
        right.push(q.left[i] + " → " + want);
      });
      right = ["<strong>Answer:</strong> " + right.join("; ")];
    } else {
      q.rows.forEach(function (r) {
        r.control.disabled = true;
        var chosen = r.control.checked;
        if (isRight(q, r)) {
          mark(r, "is-right", RIGHT + (chosen ? "Your answer, right" : "Right answer"));
          right.push(r.letter + q.items[r.value]);
        } else if (chosen) {
          mark(r, "is-wrong", WRONG + "Your answer");
        }
      });
      right = ["<strong>Answer:</strong> " + right.join("; ")];
    }
    var html = '<p class="quiz-verdict"><span class="quiz-icon" aria-hidden="true">' + (correct ? "✓" : "✗") +
      "</span> " + (correct ? "Correct" : "Incorrect") + "</p>";
    if (!correct) html += '<p class="quiz-right-answer">' + right[0] + "</p>";
    if (q.explainHtml) html += '<div class="quiz-explain">' + q.explainHtml + "</div>";
    q.feedback.innerHTML = html;
    q.checkButton.hidden = true;
    q.retryButton.hidden = false;
  }

  /* The last answer kept for this question, shown again after a reload. */
  function restore(q) {
    var r = q.store.get(q.id);
    if (!r || r.kind !== q.data.kind || !core.fits(q.data, r.answer, q.size)) return;
    fill(q, r.answer);
    show(q, r.answer, core.check(q.data, r.answer));
  }

  function updateScores() {
    var s = core.score(questions.map(function (q) { return q.result ? { result: q.result } : null; }));
    Array.prototype.forEach.call(document.querySelectorAll(".quiz-score"), function (p) {
      p.textContent = "Score: " + core.scoreText(s);
    });
  }

  function reset(status) {
    questions.forEach(function (q) {
      q.store.remove(q.id);
      q.result = null;
      build(q);
    });
    updateScores();
    status.textContent = "Answers cleared.";
  }

  function header(section) {
    var h = section.querySelector(".quiz-header");
    if (!h) {
      h = el("div", { class: "quiz-header" });
      section.insertBefore(h, section.firstChild);
    }
    var bar = el("div", { class: "quiz-scorebar" });
    bar.appendChild(el("p", { class: "quiz-score" }));
    var button = el("button", { type: "button", class: "quiz-reset" }, "Reset quiz");
    var status = el("span", { class: "quiz-status visually-hidden", role: "status" });
    button.addEventListener("click", function () { reset(status); });
    bar.appendChild(button);
    bar.appendChild(status);
    h.appendChild(bar);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".quiz"), function (section) {
    var site = section.getAttribute("data-quiz-site") || document.body.getAttribute("data-site-key") || "site";
    var store = storeFor(site);
    var found = [];
    Array.prototype.forEach.call(section.querySelectorAll(".quiz-question"), function (li) {
      var q = setup(li, store);
      if (q) found.push(q);
    });
    if (!found.length) return;
    header(section);
    found.forEach(function (q) {
      build(q);
      restore(q);
      questions.push(q);
    });
  });
  updateScores();
})();
