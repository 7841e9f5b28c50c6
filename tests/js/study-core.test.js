/* Unit tests of static/study-core.js (scheduling, Review queue, exam draw and score,
   mastery, export merge), run by `node --test tests/js/` (tests/js.rs). */
const test = require("node:test");
const assert = require("node:assert");
const study = require("../../static/study-core.js");
const quiz = require("../../static/quiz-core.js");

const MIN = 60 * 1000;
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);

function answer(previous, correct, now) {
  const r = quiz.answered(previous, "single", correct ? 1 : 0, correct, now);
  return study.schedule(r, correct, now, "storage/s3/");
}

test("a right answer schedules later than a wrong one", () => {
  const right = answer(null, true, NOW);
  const wrong = answer(null, false, NOW);
  assert.ok(right.fsrs.due - NOW >= study.DAY, "right: at least a day");
  assert.ok(wrong.fsrs.due - NOW <= 10 * MIN, "wrong: within minutes");
  assert.ok(right.fsrs.due > wrong.fsrs.due);
  // And after a few right answers, a wrong one brings the question back soon again.
  let r = right;
  for (let i = 0; i < 3; i++) r = answer(r, true, r.fsrs.due);
  const interval = r.fsrs.due - r.time;
  const lapse = answer(r, false, r.fsrs.due);
  assert.ok(lapse.fsrs.due - lapse.time <= 10 * MIN, "a lapse comes back in minutes");
  const again = answer(r, true, r.fsrs.due);
  assert.ok(again.fsrs.due - again.time > interval, "intervals grow with right answers");
  assert.equal(lapse.fsrs.lapses, 1);
  assert.equal(r.note, "storage/s3/");
  assert.equal(r.first, NOW, "the first answer's time is kept");
});

test("no interval is longer than the maximum", () => {
  let r = answer(null, true, NOW);
  for (let i = 0; i < 20; i++) r = answer(r, true, r.fsrs.due);
  assert.ok(r.fsrs.due - r.time <= (study.PARAMETERS.maximum_interval + 1) * study.DAY);
});

test("an overdue question is due, a future one is not, a wrong one is due at once", () => {
  const right = answer(null, true, NOW);
  assert.ok(!study.isDue(right, NOW));
  assert.ok(study.isDue(right, right.fsrs.due));
  assert.ok(study.isDue(right, right.fsrs.due + 30 * study.DAY), "overdue is due");
  assert.ok(study.isDue(answer(null, false, NOW), NOW), "wrong: due within the learn-ahead time");
  assert.ok(!study.isDue(null, NOW), "never answered: new, not due");
  assert.ok(!study.isDue({ v: 1, kind: "single", result: "correct" }, NOW), "answered before scheduling: not due");
});

function pool(counts) {
  const list = [];
  Object.keys(counts).forEach((cat) => {
    for (let i = 0; i < counts[cat]; i++) list.push({ id: cat + "-" + i, cat, note: cat + "/n" + (i % 3) + "/" });
  });
  return list;
}

test("new questions enter Review at the daily pace", () => {
  const qs = pool({ a: 30, b: 20 });
  const records = {};
  const get = (id) => records[id] || null;
  let q = study.queue(qs, get, NOW, 20);
  assert.equal(q.fresh.length, 20);
  assert.equal(q.due.length, 0);
  assert.deepEqual(q.fresh.map((x) => x.id).slice(0, 2), ["a-0", "a-1"], "in reading order");
  // 15 learned today (12 right, 3 wrong): 5 new left; the wrong ones are due.
  for (let i = 0; i < 15; i++) records[qs[i].id] = answer(null, i >= 12 ? false : true, NOW - 60 * MIN);
  q = study.queue(qs, get, NOW, 20);
  assert.equal(q.fresh.length, 5);
  assert.equal(q.newToday, 15);
  assert.deepEqual(q.due.map((x) => x.id), ["a-12", "a-13", "a-14"]);
  // A limit below what was learned today leaves none; tomorrow there are 20 again.
  assert.equal(study.queue(qs, get, NOW, 10).fresh.length, 0);
  assert.equal(study.queue(qs, get, NOW + study.DAY, 20).fresh.length, 20);
  assert.equal(study.queue(qs, get, NOW, 0).fresh.length, 0);
});

test("due questions come most overdue first", () => {
  const qs = pool({ a: 3 });
  const records = {
    "a-0": answer(null, true, NOW - 10 * study.DAY),
    "a-1": answer(null, true, NOW - 30 * study.DAY),
    "a-2": answer(null, true, NOW - 20 * study.DAY)
  };
  const q = study.queue(qs, (id) => records[id], NOW, 20);
  assert.deepEqual(q.due.map((x) => x.id), ["a-1", "a-2", "a-0"]);
});

function seeded(seed) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

test("the exam draw respects the categories, their weights and never repeats", () => {
  const qs = pool({ a: 60, b: 30, c: 10 });
  for (let seed = 1; seed < 30; seed++) {
    const exam = study.draw(qs, 20, [], seeded(seed));
    assert.equal(exam.length, 20);
    assert.equal(new Set(exam.map((q) => q.id)).size, 20, "no question twice");
    const per = { a: 0, b: 0, c: 0 };
    exam.forEach((q) => per[q.cat]++);
    assert.deepEqual(per, { a: 12, b: 6, c: 2 }, "seats by category size");
  }
  const only = study.draw(qs, 15, ["b", "c"], seeded(7));
  assert.equal(only.length, 15);
  assert.ok(only.every((q) => q.cat === "b" || q.cat === "c"), "only the chosen categories");
  const all = study.draw(qs, 500, ["c"], seeded(3));
  assert.equal(all.length, 10, "never more than the pool has");
  assert.equal(new Set(all.map((q) => q.id)).size, 10);
  assert.notDeepEqual(study.draw(qs, 20, [], seeded(1)).map((q) => q.id), study.draw(qs, 20, [], seeded(2)).map((q) => q.id));
});

test("the exam is scored overall and per category, misses listed", () => {
  const qs = [
    { id: "a1", cat: "a", data: { kind: "single", answer: 1 } },
    { id: "a2", cat: "a", data: { kind: "true-false", answer: true } },
    { id: "b1", cat: "b", data: { kind: "short", accept: ["shard"] } },
    { id: "b2", cat: "b", data: { kind: "multiple", answers: [0, 2] } },
    { id: "b3", cat: "b", data: { kind: "single", answer: 0 } }
  ];
  const answers = { a1: 1, a2: false, b1: "Shards!", b2: [2, 0] };
  const s = study.scoreExam(qs, answers, (q, a) => quiz.check(q.data, a));
  assert.equal(s.correct, 2);
  assert.equal(s.total, 5);
  assert.deepEqual(s.cats, { a: { correct: 1, total: 2 }, b: { correct: 1, total: 3 } });
  assert.deepEqual(s.misses, ["a2", "b1", "b3"], "wrong and unanswered are missed");
  assert.equal(study.percent(2, 5), 40);
});

test("mastery counts right answers that are not overdue", () => {
  const qs = pool({ a: 4, b: 2 });
  const right = answer(null, true, NOW);
  const records = {
    "a-0": right,
    "a-1": answer(null, false, NOW),
    "a-2": Object.assign({}, right, { fsrs: Object.assign({}, right.fsrs, { due: NOW - study.DAY }) }),
    "b-0": right
  };
  const m = study.mastery(qs, (id) => records[id] || null, NOW);
  assert.deepEqual(m.cats.a, { mastered: 1, answered: 3, total: 4 });
  assert.deepEqual(m.cats.b, { mastered: 1, answered: 1, total: 2 });
  assert.deepEqual(m.notes["a/n0/"], { mastered: 1, answered: 1, total: 2 });
});

test("the forecast counts reviews per day, overdue ones today", () => {
  const due = (d) => ({ fsrs: { due: NOW + d * study.DAY, s: 1, d: 5, state: 2, reps: 1, lapses: 0 } });
  const f = study.forecast([due(-3), due(0), due(1), due(1), due(13), due(20), null], NOW, 14);
  assert.equal(f.length, 14);
  assert.equal(f[0], 2);
  assert.equal(f[1], 2);
  assert.equal(f[13], 1);
  assert.equal(f.reduce((a, b) => a + b, 0), 5);
});

test("import merges two exports without losing the newer answer", () => {
  const old = answer(null, false, NOW - study.DAY);
  const newer = answer(null, true, NOW);
  const a = study.exportData("abcd1234", { q1: old, q2: newer, q3: old }, [{ id: "e1", date: NOW - 5 }], {}, NOW);
  const b = study.exportData("abcd1234", { q1: newer, q2: old, q4: old }, [{ id: "e2", date: NOW - 9 }, { id: "e1", date: NOW - 5 }], {}, NOW);
  const roundTrip = JSON.parse(JSON.stringify(b));
  assert.equal(study.invalidExport(roundTrip), null);
  const merged = study.mergeQuiz(a.quiz, roundTrip.quiz);
  assert.deepEqual(Object.keys(merged).sort(), ["q1", "q2", "q3", "q4"]);
  assert.equal(merged.q1.result, "correct", "theirs is newer");
  assert.equal(merged.q2.result, "correct", "mine is newer");
  assert.deepEqual(merged.q1, JSON.parse(JSON.stringify(newer)));
  assert.deepEqual(study.mergeQuiz(roundTrip.quiz, a.quiz), merged, "the order of the merge does not matter");
  assert.deepEqual(study.mergeExams(a.exams, b.exams).map((e) => e.id), ["e2", "e1"]);
  assert.match(study.invalidExport({ format: "other" }), /not a studysite progress file/);
  assert.match(study.invalidExport({ format: "studysite-progress", version: 2, quiz: {} }), /version 2/);
});

test("the exam clock counts down, pauses and resumes", () => {
  let c = { limit: 10 * MIN, used: 0, since: NOW };
  assert.equal(study.timeLeft(c, NOW + 4 * MIN), 6 * MIN);
  c = study.pause(c, NOW + 4 * MIN);
  assert.equal(study.timeLeft(c, NOW + 60 * MIN), 6 * MIN, "paused: no time passes");
  c = study.resume(c, NOW + 60 * MIN);
  assert.equal(study.timeLeft(c, NOW + 61 * MIN), 5 * MIN);
  assert.equal(study.timeLeft(c, NOW + 999 * MIN), 0);
  assert.equal(study.clockText(3 * 3600 * 1000), "3:00:00");
  assert.equal(study.clockText(65 * 1000), "1:05");
});
