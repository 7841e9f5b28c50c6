/* studysite Review page: the questions due now (FSRS, static/study-core.js), the most
   overdue first, then new questions at the learner's daily pace; one at a time, with
   feedback, the explanation and a link to the note section. */
(function () {
  "use strict";
  var P = window.StudysitePage;
  if (!P) return;
  var status = document.querySelector("[data-review-status]");
  var card = document.querySelector("[data-review-card]");
  var form = document.querySelector("[data-review-settings]");
  var perDay = document.getElementById("new-per-day");
  var settingsStatus = document.querySelector("[data-review-settings-status]");

  function newPerDay() {
    var s = P.load("study:settings");
    var n = s && Number.isInteger(s.newPerDay) && s.newPerDay >= 0 ? s.newPerDay : P.study.NEW_PER_DAY;
    return n;
  }

  perDay.value = String(newPerDay());
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var n = Math.floor(Number(perDay.value));
    if (!isFinite(n) || n < 0 || n > 1000) {
      settingsStatus.textContent = "Enter a number from 0 to 1000.";
      return;
    }
    var s = P.load("study:settings") || {};
    s.newPerDay = n;
    P.save("study:settings", s);
    settingsStatus.textContent = "Saved: " + n + " new a day.";
    next();
  });

  function get(id) {
    return P.store.get(id);
  }

  function statusText(q) {
    var parts = [q.due.length + " due"];
    parts.push(q.fresh.length + " new left today");
    return parts.join(" · ");
  }

  /* When the next question falls due, for the "nothing due" message. */
  function nextDue(now) {
    var soonest = null;
    P.pool.forEach(function (q) {
      var at = P.study.dueTime(get(q.id));
      if (at !== null && at > now && (soonest === null || at < soonest)) soonest = at;
    });
    return soonest;
  }

  function refreshStatus() {
    status.textContent = statusText(P.study.queue(P.pool, get, Date.now(), newPerDay()));
  }

  function next() {
    var now = Date.now();
    if (!P.pool.length) {
      status.textContent = "This site has no quiz questions yet.";
      card.hidden = true;
      return;
    }
    var q = P.study.queue(P.pool, get, now, newPerDay());
    // The question just answered waits (it may be due again within minutes) while there is another.
    var waiting = q.due.concat(q.fresh).filter(function (x) { return x.id !== last; });
    var item = waiting[0] || q.due[0] || q.fresh[0];
    if (!item) {
      var at = nextDue(now);
      status.textContent = "Nothing is due now." + (at ? " The next review is due " + P.when(at, now) + "." : "") +
        (q.newToday ? " You learned " + q.newToday + " new question" + (q.newToday === 1 ? "" : "s") + " today." : "");
      card.hidden = true;
      card.innerHTML = "";
      return;
    }
    status.textContent = statusText(q);
    show(item, q.due.indexOf(item) < 0);
  }

  var last = null;

  function show(q, isNew) {
    last = q.id;
    card.hidden = false;
    card.innerHTML = "";
    var meta = P.el("p", { class: "study-meta" },
      '<span class="study-badge">' + (isNew ? "New" : "Due") + "</span> " + P.escape(P.catTitle(q.cat)) + " · " +
      P.noteLink(q, ""));
    card.appendChild(meta);
    var formEl = P.el("form", { class: "quiz-form study-question", "data-qid": q.id, novalidate: "" });
    var holder = P.el("div", { class: "study-controls" });
    var feedback = P.el("div", { class: "quiz-feedback", role: "status" });
    var actions = P.el("div", { class: "quiz-actions" });
    var check = P.el("button", { type: "submit", class: "quiz-check study-primary" }, "Check");
    var nextButton = P.el("button", { type: "button", class: "study-next" }, "Next question");
    nextButton.hidden = true;
    actions.appendChild(check);
    actions.appendChild(nextButton);
    formEl.appendChild(holder);
    formEl.appendChild(feedback);
    formEl.appendChild(actions);
    card.appendChild(formEl);
    var w = P.widget(q, holder);
    formEl.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (!check.hidden) answer();
    });
    function answer() {
      var a = w.read();
      if (!P.core.isComplete(q.data, a)) {
        feedback.innerHTML = '<p class="quiz-ask">Answer the question first.</p>';
        return;
      }
      var correct = w.show(a);
      var r = P.record(q, a, correct);
      formEl.classList.add(correct ? "is-correct" : "is-incorrect");
      refreshStatus();
      feedback.innerHTML = P.feedbackHtml(q, correct, w.rightHtml()) +
        '<p class="muted">Next review ' + P.when(r.fsrs ? r.fsrs.due : Date.now(), Date.now()) + ".</p>";
      check.hidden = true;
      nextButton.hidden = false;
      nextButton.focus();
    }
    nextButton.addEventListener("click", function () {
      next();
      var first = card.querySelector("input, select");
      if (first) first.focus();
    });
  }

  next();
})();
