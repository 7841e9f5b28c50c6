/* studysite study logic, without the page: FSRS scheduling of quiz records (through the
   vendored ts-fsrs), the Review queue, the exam draw and score, mastery, the due forecast
   and the progress export and its merge. Loaded by note pages with quizzes (answers there
   are scheduled too) and by the Review, Exam and Progress pages; loaded by Node for the
   unit tests (tests/js/study-core.test.js). docs/STUDY.md describes the stored data.

   Scheduling data sits in the quiz record of docs/QUIZZES.md, next to its fields:
     "first": ms of the first answer (the day a new question was introduced)
     "note":  the note's URL below the site root ("storage/s3/"), for the sidebar marks
     "fsrs":  {"due": ms, "s": stability, "d": difficulty, "state": 0-3, "reps": n,
               "lapses": n, "step": learning step, "last": ms, "sched": days, "elapsed": days} */
var StudysiteStudy = (function () {
  "use strict";

  var F = typeof FSRS !== "undefined" ? FSRS : typeof require === "function" ? require("./ts-fsrs.js") : null;
  // The quiz logic's shuffle (quiz-core.js loads first on every page that loads this one).
  var shuffle = (typeof StudysiteQuizCore !== "undefined" ? StudysiteQuizCore : require("./quiz-core.js")).shuffle;
  var MINUTE = 60 * 1000;
  var DAY = 24 * 60 * MINUTE;

  /* The FSRS parameters (docs/STUDY.md says why):
     - request_retention 0.9: a question comes back when the chance of still knowing it has
       fallen to 90%, FSRS's and Anki's default, the best trade of reviews against recall;
     - maximum_interval 90 days: learners prepare for an exam over weeks or months, so
       nothing is put away for longer than a season;
     - learning and relearning steps of 10 minutes: a wrong answer comes back in the same
       sitting; a right answer to a new question goes straight to days;
     - fuzz on: questions answered together do not all come back on the same day;
     - the default weights w (trained by FSRS's authors on millions of Anki reviews). */
  var PARAMETERS = {
    request_retention: 0.9,
    maximum_interval: 90,
    enable_fuzz: true,
    enable_short_term: true,
    learning_steps: ["10m"],
    relearning_steps: ["10m"]
  };
  /* Like Anki's learn-ahead limit: a question due within 20 minutes counts as due now, so
     a wrong answer (back in 10 minutes) is on Review at once. */
  var LEARN_AHEAD = 20 * MINUTE;
  var NEW_PER_DAY = 20;

  var scheduler = F ? F.fsrs(F.generatorParameters(PARAMETERS)) : null;

  function toCard(f) {
    return {
      due: new Date(f.due),
      stability: f.s,
      difficulty: f.d,
      elapsed_days: f.elapsed || 0,
      scheduled_days: f.sched || 0,
      reps: f.reps,
      lapses: f.lapses,
      learning_steps: f.step || 0,
      state: f.state,
      last_review: f.last ? new Date(f.last) : undefined
    };
  }

  function fromCard(c) {
    return {
      due: c.due.getTime(),
      s: c.stability,
      d: c.difficulty,
      state: c.state,
      reps: c.reps,
      lapses: c.lapses,
      step: c.learning_steps,
      last: c.last_review ? new Date(c.last_review).getTime() : null,
      sched: c.scheduled_days,
      elapsed: c.elapsed_days
    };
  }

  function validFsrs(f) {
    return !!f && typeof f === "object" && isFinite(f.due) && isFinite(f.s) && isFinite(f.d) &&
      isFinite(f.state) && isFinite(f.reps) && isFinite(f.lapses);
  }

  /* The record after a review: `record` is the quiz record already updated with this
     answer (quiz-core `answered`), `correct` its result. Wrong is FSRS "Again", right is
     "Good": quiz answers are right or wrong, there is no "Hard" or "Easy" to choose. */
  function schedule(record, correct, now, note) {
    var r = {};
    for (var k in record) if (Object.prototype.hasOwnProperty.call(record, k)) r[k] = record[k];
    if (!isFinite(r.first)) r.first = now;
    if (note) r.note = note;
    if (!scheduler) return r;
    var card = validFsrs(r.fsrs) ? toCard(r.fsrs) : F.createEmptyCard(new Date(now));
    var rating = correct ? F.Rating.Good : F.Rating.Again;
    r.fsrs = fromCard(scheduler.next(card, new Date(now), rating).card);
    return r;
  }

  function dueTime(record) {
    return record && validFsrs(record.fsrs) ? record.fsrs.due : null;
  }

  function isDue(record, now) {
    var due = dueTime(record);
    return due !== null && due <= now + LEARN_AHEAD;
  }

  /* The learner's local day of a time, as a number (days since 1970 in local time). */
  function day(ms) {
    var d = new Date(ms);
    return Math.floor((ms - d.getTimezoneOffset() * MINUTE) / DAY);
  }

  function newToday(records, now) {
    var today = day(now);
    return records.filter(function (r) { return r && isFinite(r.first) && day(r.first) === today; }).length;
  }

  /* What Review asks now: the due questions, most overdue first, then new questions (never
     answered) in reading order, as many as today's allowance leaves. `pool` is the
     question list, `get(id)` the stored record or null. */
  function queue(pool, get, now, newPerDay) {
    var due = [];
    var fresh = [];
    var records = [];
    pool.forEach(function (q) {
      var r = get(q.id);
      if (r) records.push(r);
      if (isDue(r, now)) due.push({ q: q, due: dueTime(r) });
      else if (!r) fresh.push(q);
    });
    due.sort(function (a, b) { return a.due - b.due; });
    var allowance = Math.max(0, (isFinite(newPerDay) ? newPerDay : NEW_PER_DAY) - newToday(records, now));
    return {
      due: due.map(function (d) { return d.q; }),
      fresh: fresh.slice(0, allowance),
      newLeft: allowance,
      newToday: newToday(records, now)
    };
  }

  /* How many reviews fall due on each of the next `days` days (index 0 is today,
     including everything overdue). */
  function forecast(records, now, days) {
    var out = [];
    for (var i = 0; i < days; i++) out.push(0);
    var today = day(now);
    records.forEach(function (r) {
      var due = dueTime(r);
      if (due === null) return;
      var i = Math.max(0, day(due) - today);
      if (i < days) out[i]++;
    });
    return out;
  }

  /* Mastered: the last answer was right and the question is not overdue. */
  function isMastered(record, now) {
    if (!record || record.result !== "correct") return false;
    var due = dueTime(record);
    return due === null || due >= now;
  }

  /* Mastery per category and per note: {cats: {slug: {mastered, answered, total}},
     notes: {url: {...}}}, over the questions of `pool`. */
  function mastery(pool, get, now) {
    var cats = {};
    var notes = {};
    function add(map, key, r) {
      var m = map[key] || (map[key] = { mastered: 0, answered: 0, total: 0 });
      m.total++;
      if (r && r.result) m.answered++;
      if (isMastered(r, now)) m.mastered++;
    }
    pool.forEach(function (q) {
      var r = get(q.id);
      add(cats, q.cat, r);
      add(notes, q.note, r);
    });
    return { cats: cats, notes: notes };
  }

  /* `n` questions drawn at random without repeating any, from the categories in `cats`
     (all when empty). Categories get seats in proportion to their size (largest
     remainders), as the real exam weights its domains; the order is shuffled. */
  function draw(pool, n, cats, random) {
    random = random || Math.random;
    var byCat = {};
    var order = [];
    pool.forEach(function (q) {
      if (cats && cats.length && cats.indexOf(q.cat) < 0) return;
      if (!byCat[q.cat]) {
        byCat[q.cat] = [];
        order.push(q.cat);
      }
      byCat[q.cat].push(q);
    });
    var total = order.reduce(function (s, c) { return s + byCat[c].length; }, 0);
    n = Math.max(0, Math.min(n, total));
    var seats = order.map(function (c) {
      var exact = (n * byCat[c].length) / total;
      return { cat: c, seats: Math.floor(exact), rest: exact - Math.floor(exact) };
    });
    var left = n - seats.reduce(function (s, x) { return s + x.seats; }, 0);
    seats.slice().sort(function (a, b) { return b.rest - a.rest; }).slice(0, left).forEach(function (x) { x.seats++; });
    var picked = [];
    seats.forEach(function (x) {
      var list = byCat[x.cat];
      shuffle(list.length, random).slice(0, x.seats).forEach(function (i) { picked.push(list[i]); });
    });
    return shuffle(picked.length, random).map(function (i) { return picked[i]; });
  }


  /* The exam's score: overall, per category, and the questions missed (unanswered ones
     count as missed). `check(q, answer)` tells whether an answer is right. */
  function scoreExam(questions, answers, check) {
    var s = { correct: 0, total: questions.length, cats: {}, misses: [] };
    questions.forEach(function (q) {
      var c = s.cats[q.cat] || (s.cats[q.cat] = { correct: 0, total: 0 });
      c.total++;
      var a = answers[q.id];
      if (a !== undefined && a !== null && check(q, a)) {
        s.correct++;
        c.correct++;
      } else {
        s.misses.push(q.id);
      }
    });
    return s;
  }

  function percent(correct, total) {
    return total ? Math.round((100 * correct) / total) : 0;
  }

  /* Time left on an exam clock: `limit` ms, `used` ms before the last start, `since` the
     time it last started (null while paused). */
  function timeLeft(clock, now) {
    var used = clock.used + (clock.since === null ? 0 : Math.max(0, now - clock.since));
    return Math.max(0, clock.limit - used);
  }

  function pause(clock, now) {
    if (clock.since === null) return clock;
    return { limit: clock.limit, used: clock.used + Math.max(0, now - clock.since), since: null };
  }

  function resume(clock, now) {
    return clock.since === null ? { limit: clock.limit, used: clock.used, since: now } : clock;
  }

  function clockText(ms) {
    var s = Math.ceil(ms / 1000);
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var sec = s % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (sec < 10 ? "0" : "") + sec;
  }

  var FORMAT = "studysite-progress";

  /* All progress of a site as one object, for the export file. */
  function exportData(site, quiz, exams, settings, now) {
    return { format: FORMAT, version: 1, site: site, exported: now, quiz: quiz, exams: exams || [], settings: settings || {} };
  }

  /* Whether `data` is an export file; returns an error message or null. */
  function invalidExport(data) {
    if (!data || typeof data !== "object" || data.format !== FORMAT) return "This is not a studysite progress file.";
    if (data.version !== 1) return "This progress file has version " + data.version + "; this site reads version 1.";
    if (!data.quiz || typeof data.quiz !== "object" || Array.isArray(data.quiz)) return "The progress file has no answers.";
    return null;
  }

  /* Merges two sets of answers by question id: the record answered last wins, whole (its
     counts and schedule belong to that history). */
  function mergeQuiz(mine, theirs) {
    var out = {};
    var k;
    for (k in mine) if (Object.prototype.hasOwnProperty.call(mine, k) && mine[k]) out[k] = mine[k];
    for (k in theirs) {
      if (!Object.prototype.hasOwnProperty.call(theirs, k) || !theirs[k]) continue;
      if (!out[k] || theirs[k].time > out[k].time) out[k] = theirs[k];
    }
    return out;
  }

  /* Exam results of both, once each (by id), oldest first. */
  function mergeExams(mine, theirs) {
    var seen = {};
    var out = [];
    (mine || []).concat(theirs || []).forEach(function (e) {
      if (!e || typeof e !== "object" || !isFinite(e.date) || seen[e.id]) return;
      seen[e.id] = true;
      out.push(e);
    });
    return out.sort(function (a, b) { return a.date - b.date; });
  }

  return {
    PARAMETERS: PARAMETERS,
    LEARN_AHEAD: LEARN_AHEAD,
    NEW_PER_DAY: NEW_PER_DAY,
    DAY: DAY,
    schedule: schedule,
    dueTime: dueTime,
    isDue: isDue,
    day: day,
    newToday: newToday,
    queue: queue,
    forecast: forecast,
    isMastered: isMastered,
    mastery: mastery,
    draw: draw,
    scoreExam: scoreExam,
    percent: percent,
    timeLeft: timeLeft,
    pause: pause,
    resume: resume,
    clockText: clockText,
    exportData: exportData,
    invalidExport: invalidExport,
    mergeQuiz: mergeQuiz,
    mergeExams: mergeExams
  };
})();

if (typeof module !== "undefined") module.exports = StudysiteStudy;
