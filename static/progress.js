/* studysite Progress page: mastery per category and per note, the reviews due in the next
   14 days and the practice exam scores over time, drawn as inline SVG (colours from the
   theme's CSS variables, so both themes read); export, import (merged by question id and
   time, the newer answer wins) and reset of all progress. */
(function () {
  "use strict";
  var P = window.StudysitePage;
  if (!P) return;
  var study = P.study;
  var statusEl = document.querySelector("[data-progress-status]");
  var SVG = 'xmlns="http://www.w3.org/2000/svg"';

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  /* A row: label, figures and a bar (an SVG of the share mastered and answered). */
  function barRow(label, m) {
    var pct = study.percent(m.mastered, m.total);
    var answered = m.total ? (100 * m.answered) / m.total : 0;
    return '<div class="chart-row"><div class="chart-label">' + label + '</div><div class="chart-figure">' +
      m.mastered + " of " + m.total + " mastered (" + pct + "%)</div>" +
      '<svg class="chart-bar" ' + SVG + ' viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false">' +
      '<rect class="bar-track" x="0" y="0" width="100" height="6" rx="1"></rect>' +
      '<rect class="bar-answered" x="0" y="0" width="' + answered.toFixed(2) + '" height="6" rx="1"></rect>' +
      '<rect class="bar-value" x="0" y="0" width="' + pct + '" height="6" rx="1"></rect></svg></div>';
  }

  function categories(m) {
    var html = P.categories.map(function (c) {
      return barRow(P.escape(c.title), m.cats[c.slug] || { mastered: 0, answered: 0, total: 0 });
    }).join("");
    document.querySelector("[data-progress-categories]").innerHTML = html +
      '<p class="chart-key"><span class="key-value"></span> mastered <span class="key-answered"></span> answered, not mastered</p>';
  }

  function notes(m) {
    var seen = {};
    var html = "";
    P.pool.forEach(function (q) {
      if (seen[q.note]) return;
      seen[q.note] = true;
      var label = '<a href="' + P.escape(P.root + q.note) + '">' + P.escape(q.title) + "</a>";
      html += barRow(label, m.notes[q.note]);
    });
    document.querySelector("[data-progress-notes]").innerHTML = html;
  }

  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

  /* Reviews due per day: 14 bars with their count above and the day below. */
  function forecast(counts, now) {
    var w = 320, h = 150, top = 18, bottom = 128, step = w / counts.length;
    var max = Math.max.apply(null, counts.concat([1]));
    var bars = "";
    var words = [];
    counts.forEach(function (n, i) {
      var day = new Date(now + i * study.DAY);
      var name = i === 0 ? "Today" : DAYS[day.getDay()] + " " + day.getDate();
      words.push(name + ": " + n);
      var bh = ((bottom - top) * n) / max;
      var x = i * step + 3;
      bars += '<rect class="bar-value" x="' + x.toFixed(1) + '" y="' + (bottom - bh).toFixed(1) + '" width="' +
        (step - 6).toFixed(1) + '" height="' + bh.toFixed(1) + '"></rect>';
      bars += '<text class="chart-text" x="' + (x + (step - 6) / 2).toFixed(1) + '" y="' + (bottom - bh - 4).toFixed(1) +
        '" text-anchor="middle">' + n + "</text>";
      bars += '<text class="chart-text chart-small" x="' + (x + (step - 6) / 2).toFixed(1) + '" y="' + (bottom + 12) +
        '" text-anchor="middle">' + (i === 0 ? "T" : day.getDate()) + "</text>";
    });
    var total = counts.reduce(function (a, b) { return a + b; }, 0);
    document.querySelector("[data-progress-forecast]").innerHTML =
      '<svg class="chart" ' + SVG + ' viewBox="0 0 ' + w + " " + h + '" role="img" aria-label="Reviews due per day, ' +
      P.escape(words.join(", ")) + '"><line class="chart-axis" x1="0" x2="' + w + '" y1="' + bottom + '" y2="' + bottom +
      '"></line>' + bars + "</svg>" +
      '<p class="muted">' + plural(total, "review") + " in the next 14 days (T is today, with anything overdue).</p>";
  }

  /* Exam scores over time: a line of percentages, oldest on the left, and a table. */
  function exams(list) {
    var box = document.querySelector("[data-progress-exams]");
    if (!list.length) {
      box.innerHTML = '<p class="muted">No practice exam taken yet. <a href="' + P.escape(P.root) + 'exam/">Take one</a>.</p>';
      return;
    }
    var w = 320, h = 160, left = 40, right = 310, top = 12, bottom = 132;
    var x = function (i) { return list.length === 1 ? (left + right) / 2 : left + ((right - left) * i) / (list.length - 1); };
    var y = function (pct) { return bottom - ((bottom - top) * pct) / 100; };
    var grid = [0, 50, 100].map(function (p) {
      return '<line class="chart-grid" x1="' + left + '" x2="' + right + '" y1="' + y(p) + '" y2="' + y(p) + '"></line>' +
        '<text class="chart-text chart-small" x="' + (left - 4) + '" y="' + (y(p) + 4) + '" text-anchor="end">' + p + "%</text>";
    }).join("");
    var points = list.map(function (e, i) { return x(i).toFixed(1) + "," + y(study.percent(e.correct, e.total)).toFixed(1); });
    var dots = list.map(function (e, i) {
      return '<circle class="chart-dot" cx="' + x(i).toFixed(1) + '" cy="' + y(study.percent(e.correct, e.total)).toFixed(1) + '" r="4"></circle>';
    }).join("");
    var words = list.map(function (e) { return new Date(e.date).toLocaleDateString() + " " + study.percent(e.correct, e.total) + "%"; });
    var rows = list.slice().reverse().map(function (e) {
      return "<tr><td>" + P.escape(new Date(e.date).toLocaleString()) + "</td><td>" + e.correct + " of " + e.total +
        "</td><td>" + study.percent(e.correct, e.total) + "%</td></tr>";
    }).join("");
    box.innerHTML = '<svg class="chart" ' + SVG + ' viewBox="0 0 ' + w + " " + h + '" role="img" aria-label="Exam scores over time: ' +
      P.escape(words.join(", ")) + '">' + grid + '<polyline class="chart-line" points="' + points.join(" ") + '"></polyline>' +
      dots + '<text class="chart-text chart-small" x="' + left + '" y="' + (h - 8) + '">oldest</text>' +
      '<text class="chart-text chart-small" x="' + right + '" y="' + (h - 8) + '" text-anchor="end">latest</text></svg>' +
      '<table class="exam-history"><caption>Every practice exam</caption><thead><tr><th scope="col">Date</th>' +
      '<th scope="col">Right</th><th scope="col">Score</th></tr></thead><tbody>' + rows + "</tbody></table>";
  }

  function examList() {
    var all = P.load("exam:results");
    return study.mergeExams(Array.isArray(all) ? all : [], []);
  }

  function render() {
    var now = Date.now();
    var get = function (id) { return P.store.get(id); };
    var m = study.mastery(P.pool, get, now);
    var records = P.pool.map(function (q) { return get(q.id); });
    var mastered = 0, answered = 0, due = 0;
    records.forEach(function (r) {
      if (r && r.result) answered++;
      if (study.isMastered(r, now)) mastered++;
      if (study.isDue(r, now)) due++;
    });
    document.querySelector("[data-progress-summary]").innerHTML =
      '<span data-progress-mastered="' + mastered + '">' + mastered + " of " + P.pool.length + " questions mastered</span> · " +
      '<span data-progress-answered="' + answered + '">' + answered + " answered</span> · " +
      '<a href="' + P.escape(P.root) + 'review/" data-progress-due="' + due + '">' + due + " due now</a>";
    categories(m);
    forecast(study.forecast(records, now, 14), now);
    exams(examList());
    notes(m);
  }

  document.querySelector("[data-progress-export]").addEventListener("click", function () {
    var data = study.exportData(P.site, P.allRecords(), examList(), P.load("study:settings") || {}, Date.now());
    var blob = new Blob([JSON.stringify(data, null, 1)], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "studysite-progress-" + P.site + "-" + new Date().toISOString().slice(0, 10) + ".json";
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
    statusEl.textContent = "Exported " + plural(Object.keys(data.quiz).length, "answer") + " and " + plural(data.exams.length, "exam") + ".";
  });

  /* Imports an export file's text; returns the message to show. */
  function importText(text) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return "This file is not JSON, so it is not a studysite progress file.";
    }
    var problem = study.invalidExport(data);
    if (problem) return problem;
    var mine = P.allRecords();
    var theirs = {};
    for (var id in data.quiz) {
      if (!Object.prototype.hasOwnProperty.call(data.quiz, id)) continue;
      var r = P.core.decode(JSON.stringify(data.quiz[id]));
      if (r) theirs[id] = r;
    }
    var merged = study.mergeQuiz(mine, theirs);
    var taken = 0;
    for (var k in merged) {
      if (merged[k] !== mine[k]) {
        P.store.set(k, merged[k]);
        taken++;
      }
    }
    var exams = study.mergeExams(examList(), Array.isArray(data.exams) ? data.exams : []);
    P.save("exam:results", exams);
    if (!P.load("study:settings") && data.settings && typeof data.settings === "object") P.save("study:settings", data.settings);
    P.announce();
    return "Imported: " + plural(taken, "answer") + " newer than yours taken, " + plural(exams.length, "exam") + " in all." +
      (data.site !== P.site ? " (The file comes from another site or address; answers to questions this site has were used.)" : "");
  }

  document.querySelector("[data-progress-import]").addEventListener("change", function (ev) {
    var file = ev.target.files && ev.target.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      statusEl.textContent = importText(String(reader.result));
      ev.target.value = "";
      render();
    };
    reader.onerror = function () {
      statusEl.textContent = "The file could not be read.";
    };
    reader.readAsText(file);
  });

  var confirmBox = document.querySelector("[data-progress-confirm]");
  document.querySelector("[data-progress-reset]").addEventListener("click", function () {
    confirmBox.hidden = false;
    confirmBox.querySelector("[data-progress-reset-no]").focus();
  });
  confirmBox.querySelector("[data-progress-reset-no]").addEventListener("click", function () {
    confirmBox.hidden = true;
    document.querySelector("[data-progress-reset]").focus();
  });
  confirmBox.querySelector("[data-progress-reset-yes]").addEventListener("click", function () {
    Object.keys(P.allRecords()).forEach(function (id) { P.store.remove(id); });
    P.save("exam:results", null);
    P.save("exam:current", null);
    P.save("study:settings", null);
    confirmBox.hidden = true;
    statusEl.textContent = "Progress erased.";
    P.announce();
    render();
    document.querySelector("[data-progress-reset]").focus();
  });

  render();
})();
