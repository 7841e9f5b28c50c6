/* studysite practice exam: N questions drawn by static/study-core.js (categories weighted
   by size, never a question twice), a countdown that can be paused, no feedback until
   Submit, then the score overall and per category and every miss with its explanation.
   The exam in progress is kept in storage ("exam:current"), so a reload resumes it;
   results go to "exam:results" for the Progress page. */
(function () {
  "use strict";
  var P = window.StudysitePage;
  if (!P) return;
  var study = P.study;
  var setup = document.querySelector("[data-exam-setup]");
  var run = document.querySelector("[data-exam-run]");
  var results = document.querySelector("[data-exam-results]");
  var exam = null;
  var timer = null;

  function saveExam() {
    P.save("exam:current", exam);
  }

  function questions() {
    return exam.ids.map(function (id) { return P.byId[id]; }).filter(Boolean);
  }

  function start(ev) {
    ev.preventDefault();
    var n = Math.floor(Number(setup.elements.count.value));
    var minutes = Math.floor(Number(setup.elements.minutes.value));
    if (!(n >= 1) || !(minutes >= 1)) {
      setup.elements.count.focus();
      return;
    }
    var cats = Array.prototype.filter.call(setup.querySelectorAll('input[name="category"]'), function (c) {
      return c.checked;
    }).map(function (c) { return c.value; });
    var drawn = study.draw(P.pool, n, cats);
    if (!drawn.length) return;
    var now = Date.now();
    exam = {
      v: 1,
      id: now.toString(36) + Math.floor(Math.random() * 1e6).toString(36),
      started: now,
      ids: drawn.map(function (q) { return q.id; }),
      cats: cats,
      answers: {},
      index: 0,
      clock: { limit: minutes * 60000, used: 0, since: now }
    };
    saveExam();
    showRun(true);
  }

  function answeredCount() {
    return exam.ids.filter(function (id) { return id in exam.answers; }).length;
  }

  function paused() {
    return exam.clock.since === null;
  }

  function tick() {
    var clock = run.querySelector("[data-exam-clock]");
    var left = study.timeLeft(exam.clock, Date.now());
    if (clock) clock.textContent = study.clockText(left);
    if (left <= 0 && !paused()) submit(true);
  }

  function showRun(focus) {
    setup.hidden = true;
    results.hidden = true;
    run.hidden = false;
    var qs = questions();
    if (exam.index >= qs.length) exam.index = 0;
    var q = qs[exam.index];
    run.innerHTML =
      '<div class="exam-bar"><p class="exam-position">Question ' + (exam.index + 1) + " of " + qs.length +
      ' <span class="muted">· ' + answeredCount() + " answered</span></p>" +
      '<p class="exam-time"><span class="visually-hidden">Time left: </span><span role="timer" data-exam-clock></span></p>' +
      '<button type="button" data-exam-pause>' + (paused() ? "Resume" : "Pause") + "</button></div>";
    var body = P.el("div", { class: "study-card exam-question", "data-qid": q.id });
    run.appendChild(body);
    if (paused()) {
      body.innerHTML = '<p class="exam-paused">The exam is paused; the question is hidden until you resume.</p>';
    } else {
      body.appendChild(P.el("p", { class: "study-meta" }, P.escape(P.catTitle(q.cat))));
      var holder = P.el("div", { class: "study-controls" });
      body.appendChild(holder);
      var w = P.widget(q, holder, function () {
        var a = w.read();
        if (P.core.isComplete(q.data, a)) exam.answers[q.id] = a;
        else delete exam.answers[q.id];
        saveExam();
        var pos = run.querySelector(".exam-position .muted");
        if (pos) pos.textContent = "· " + answeredCount() + " answered";
        var cell = run.querySelector('.exam-map button[data-index="' + exam.index + '"]');
        if (cell) cell.classList.toggle("is-answered", q.id in exam.answers);
      }, P.seeded(exam.id + "/" + q.id));
      w.fill(exam.answers[q.id]);
    }
    var nav = P.el("div", { class: "exam-nav" });
    nav.innerHTML = '<button type="button" data-exam-prev' + (exam.index === 0 ? " disabled" : "") + ">Previous</button>" +
      '<button type="button" data-exam-next' + (exam.index === qs.length - 1 ? " disabled" : "") + ">Next</button>" +
      '<button type="button" class="study-primary" data-exam-submit>Submit exam…</button>';
    run.appendChild(nav);
    run.appendChild(P.el("div", { class: "study-confirm", "data-exam-confirm": "", hidden: "" }));
    var map = P.el("ol", { class: "exam-map", "aria-label": "Questions" });
    qs.forEach(function (x, i) {
      var done = x.id in exam.answers;
      map.appendChild(P.el("li", {}, '<button type="button" data-index="' + i + '" class="' + (done ? "is-answered" : "") + '"' +
        (i === exam.index ? ' aria-current="true"' : "") + ' aria-label="Question ' + (i + 1) + (done ? ", answered" : "") + '">' +
        (i + 1) + "</button>"));
    });
    run.appendChild(map);
    bindRun();
    tick();
    if (!timer) timer = setInterval(tick, 1000);
    if (focus) {
      var first = run.querySelector(".exam-question input, .exam-question select") || run.querySelector("[data-exam-pause]");
      if (first) first.focus();
    }
  }

  function go(i) {
    exam.index = i;
    saveExam();
    showRun(true);
  }

  function bindRun() {
    run.querySelector("[data-exam-pause]").addEventListener("click", function () {
      exam.clock = paused() ? study.resume(exam.clock, Date.now()) : study.pause(exam.clock, Date.now());
      saveExam();
      showRun(false);
      run.querySelector("[data-exam-pause]").focus();
    });
    run.querySelector("[data-exam-prev]").addEventListener("click", function () { go(exam.index - 1); });
    run.querySelector("[data-exam-next]").addEventListener("click", function () { go(exam.index + 1); });
    Array.prototype.forEach.call(run.querySelectorAll(".exam-map button"), function (b) {
      b.addEventListener("click", function () { go(Number(b.getAttribute("data-index"))); });
    });
    run.querySelector("[data-exam-submit]").addEventListener("click", function () {
      var box = run.querySelector("[data-exam-confirm]");
      var open = exam.ids.length - answeredCount();
      box.innerHTML = "<p>" + (open ? open + " of " + exam.ids.length + " questions have no answer; they count as wrong. " : "") +
        "Submit the exam and see your score?</p>" +
        '<button type="button" class="study-primary" data-exam-submit-yes>Submit now</button> ' +
        '<button type="button" data-exam-submit-no>Keep going</button>';
      box.hidden = false;
      box.querySelector("[data-exam-submit-yes]").addEventListener("click", function () { submit(false); });
      box.querySelector("[data-exam-submit-no]").addEventListener("click", function () {
        box.hidden = true;
        run.querySelector("[data-exam-submit]").focus();
      });
      box.querySelector("[data-exam-submit-yes]").focus();
    });
  }

  /* Scores the exam, records each answer as a review, keeps the result, shows it. */
  function submit(timeUp) {
    clearInterval(timer);
    timer = null;
    var now = Date.now();
    var qs = questions();
    var score = study.scoreExam(qs, exam.answers, function (q, a) { return P.core.check(q.data, a); });
    qs.forEach(function (q) {
      if (q.id in exam.answers) P.record(q, exam.answers[q.id], P.core.check(q.data, exam.answers[q.id]), now);
    });
    var clock = study.pause(exam.clock, now);
    var result = {
      id: exam.id,
      date: now,
      correct: score.correct,
      total: score.total,
      cats: score.cats,
      minutes: Math.round(Math.min(clock.used, clock.limit) / 60000),
      misses: score.misses
    };
    var all = P.load("exam:results");
    P.save("exam:results", study.mergeExams(Array.isArray(all) ? all : [], [result]));
    var answers = exam.answers;
    exam = null;
    P.save("exam:current", null);
    showResults(result, answers, timeUp);
  }

  function showResults(result, answers, timeUp) {
    run.hidden = true;
    run.innerHTML = "";
    setup.hidden = true;
    results.hidden = false;
    var pct = study.percent(result.correct, result.total);
    var html = '<h2 id="exam-results-title" tabindex="-1">Your score: ' + result.correct + " of " + result.total +
      " (" + pct + "%)</h2>";
    if (timeUp) html += '<p class="study-notice">Time was up, so the exam was submitted.</p>';
    html += '<p class="muted">Time used: ' + result.minutes + " minute" + (result.minutes === 1 ? "" : "s") + ".</p>";
    html += '<table class="exam-cats"><caption>Score by category</caption><thead><tr><th scope="col">Category</th>' +
      '<th scope="col">Right</th><th scope="col">Score</th></tr></thead><tbody>';
    Object.keys(result.cats).forEach(function (c) {
      var s = result.cats[c];
      html += '<tr><th scope="row">' + P.escape(P.catTitle(c)) + "</th><td>" + s.correct + " of " + s.total + "</td><td>" +
        study.percent(s.correct, s.total) + "%</td></tr>";
    });
    html += "</tbody></table>";
    if (result.misses.length) {
      html += "<h3>Questions to look at again (" + result.misses.length + ")</h3><ol class=\"exam-misses\">";
      result.misses.forEach(function (id) {
        var q = P.byId[id];
        if (!q) return;
        html += '<li class="exam-miss"><div class="study-prompt">' + q.prompt + "</div>" +
          "<p><strong>Your answer:</strong> " + P.answerText(q, answers[id]) + "</p>" +
          '<p class="quiz-right-answer"><strong>Answer:</strong> ' + P.rightText(q) + "</p>" +
          (q.explain ? '<div class="quiz-explain">' + q.explain + "</div>" : "") +
          "<p>" + P.noteLink(q) + "</p></li>";
      });
      html += "</ol>";
    } else {
      html += "<p>No question missed.</p>";
    }
    html += '<p><button type="button" class="study-primary" data-exam-again>Take another exam</button> ' +
      '<a href="' + P.escape(P.root) + 'progress/">See your progress</a></p>';
    results.innerHTML = html;
    results.querySelector("[data-exam-again]").addEventListener("click", function () {
      results.hidden = true;
      setup.hidden = false;
      setup.elements.count.focus();
    });
    results.querySelector("#exam-results-title").focus();
  }

  setup.addEventListener("submit", start);
  if (!P.pool.length) {
    setup.hidden = true;
    results.hidden = false;
    results.innerHTML = '<p id="exam-results-title">This site has no quiz questions yet.</p>';
    return;
  }
  var saved = P.load("exam:current");
  if (saved && saved.v === 1 && Array.isArray(saved.ids) && saved.clock && saved.answers) {
    exam = saved;
    exam.ids = exam.ids.filter(function (id) { return P.byId[id]; });
    if (exam.ids.length) {
      showRun(false);
      return;
    }
    exam = null;
  }
  setup.hidden = false;
})();
