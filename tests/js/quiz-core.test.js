// Unit tests of static/quiz-core.js (run: node --test tests/js/; cargo test runs them too).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const core = require("../../static/quiz-core.js");

const single = { v: 1, kind: "single", answer: 2 };
const multiple = { v: 1, kind: "multiple", answers: [0, 2, 3] };
const trueFalse = { v: 1, kind: "true-false", answer: false };
const short = { v: 1, kind: "short", accept: ["Amazon Managed Service for Apache Flink", "Flink"] };
const matching = { v: 1, kind: "matching", order: [2, 0, 1] };

test("single choice: the right index only", () => {
  assert.equal(core.check(single, 2), true);
  assert.equal(core.check(single, 1), false);
  assert.equal(core.check(single, "2"), false);
  assert.equal(core.check(single, null), false);
});

test("multiple select: exactly the right set, in any order", () => {
  assert.equal(core.check(multiple, [3, 0, 2]), true);
  assert.equal(core.check(multiple, [0, 2]), false);
  assert.equal(core.check(multiple, [0, 1, 2, 3]), false);
  assert.equal(core.check(multiple, 0), false);
});

test("true/false: the boolean", () => {
  assert.equal(core.check(trueFalse, false), true);
  assert.equal(core.check(trueFalse, true), false);
  assert.equal(core.check(trueFalse, "false"), false);
});

test("matching: every left item with its own pair", () => {
  assert.equal(core.check(matching, [0, 1, 2]), true);
  assert.equal(core.check(matching, [1, 0, 2]), false);
  assert.equal(core.check(matching, [0, 1, null]), false);
  assert.equal(core.check(matching, [0, 1]), false);
});

test("short answer ignores case, accents, spaces and punctuation", () => {
  assert.equal(core.check(short, "amazon managed service for apache flink"), true);
  assert.equal(core.check(short, "  AMAZON   Managed-Service, for Apache Flink! "), true);
  assert.equal(core.check(short, "flink"), true, "any of the accepted answers");
  assert.equal(core.check(short, "Flínk"), true, "accents");
  assert.equal(core.check(short, "F l i n k."), true);
  assert.equal(core.check(short, "Spark"), false);
  assert.equal(core.check(short, "Flinks"), false);
  assert.equal(core.check(short, ""), false);
  assert.equal(core.normalize("Café DÉJÀ-VU"), "cafedejavu");
  assert.equal(core.normalize("S3 Glacier"), core.normalize("s3-glacier"));
  assert.equal(core.normalize("re\u0301sume\u0301"), "resume", "combining accents");
  const punct = { kind: "short", accept: ["?"] };
  assert.equal(core.check(punct, " ? "), true, "an answer of punctuation only is compared as typed");
  assert.equal(core.check(punct, "!"), false);
});

test("a whole answer is asked for before checking", () => {
  assert.equal(core.isComplete(single, null), false);
  assert.equal(core.isComplete(single, 0), true);
  assert.equal(core.isComplete(trueFalse, false), true);
  assert.equal(core.isComplete(multiple, []), false);
  assert.equal(core.isComplete(short, "   "), false);
  assert.equal(core.isComplete(matching, [0, null, 1]), false);
  assert.equal(core.isComplete(matching, [0, 2, 1]), true);
});

function seeded(seed) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

test("shuffle is a permutation and keeps the answer key", () => {
  const choices = ["A0", "B1", "C2", "D3", "E4"];
  const q = { kind: "single", answer: 3 };
  const seen = new Set();
  for (let s = 1; s < 200; s++) {
    const order = core.shuffle(choices.length, seeded(s));
    assert.deepEqual([...order].sort(), [0, 1, 2, 3, 4]);
    seen.add(order.join(""));
    // The reader picks the shown position of the right choice; the answer is stored in
    // the author's terms (order[position]) and checks right, whatever the order.
    const position = order.indexOf(q.answer);
    assert.equal(choices[order[position]], "D3");
    assert.equal(core.check(q, order[position]), true);
    assert.equal(core.check(q, order[(position + 1) % 5]), false);
  }
  assert.ok(seen.size > 50, `only ${seen.size} different orders`);
  assert.deepEqual(core.shuffle(1), [0]);
  assert.deepEqual(core.shuffle(0), []);
  assert.equal(core.letter(0) + core.letter(3), "AD");
});

test("score counts right last answers out of all questions", () => {
  const s = core.score([{ result: "correct" }, { result: "incorrect" }, null, { result: "correct" }, null, { result: "correct" }]);
  assert.deepEqual(s, { correct: 3, answered: 4, total: 6 });
  assert.equal(core.scoreText(s), "3 / 6 correct");
  assert.equal(core.scoreText(core.score([])), "0 / 0 correct");
});

function memoryStorage() {
  const m = new Map();
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => m.set(k, String(v)),
    removeItem: (k) => m.delete(k),
    map: m,
  };
}

test("records round-trip through storage under the documented key", () => {
  const storage = memoryStorage();
  const store = new core.Store("df8db703", storage);
  assert.equal(store.get("s3-max"), null);
  const first = core.answered(null, "single", 1, false, 1000);
  store.set("s3-max", first);
  const second = core.answered(store.get("s3-max"), "single", 2, true, 2000);
  store.set("s3-max", second);
  const raw = storage.getItem("studysite:df8db703:quiz:s3-max");
  assert.deepEqual(JSON.parse(raw), {
    v: 1, kind: "single", attempts: 2, correct: 1, answer: 2, result: "correct", time: 2000,
  });
  const fresh = new core.Store("df8db703", storage);
  assert.deepEqual(fresh.get("s3-max"), second, "a new page reads it back");
  assert.equal(new core.Store("other-site", storage).get("s3-max"), null, "another site does not see it");
  fresh.remove("s3-max");
  assert.equal(fresh.get("s3-max"), null);
  assert.equal(storage.map.size, 0);
});

test("fields a later version adds are kept on update", () => {
  const later = { v: 1, kind: "short", attempts: 1, correct: 0, answer: "x", result: "incorrect", time: 5, fsrs: { s: 2 } };
  const r = core.answered(core.decode(JSON.stringify(later)), "short", "shard", true, 9);
  assert.deepEqual(r.fsrs, { s: 2 });
  assert.equal(r.attempts, 2);
  assert.equal(r.correct, 1);
});

test("corrupt or foreign stored values are ignored", () => {
  const storage = memoryStorage();
  const store = new core.Store("site", storage);
  const key = core.storageKey("site", "q");
  const bad = [
    "not json", "{", "null", "42", '"text"', "[]", "{}",
    JSON.stringify({ v: 2, kind: "single", attempts: 1, correct: 1, answer: 0, result: "correct", time: 1 }),
    JSON.stringify({ v: 1, kind: "essay", attempts: 1, correct: 1, answer: 0, result: "correct", time: 1 }),
    JSON.stringify({ v: 1, kind: "single", attempts: -1, correct: 0, answer: 0, result: "correct", time: 1 }),
    JSON.stringify({ v: 1, kind: "single", attempts: 1, correct: 2, answer: 0, result: "correct", time: 1 }),
    JSON.stringify({ v: 1, kind: "single", attempts: 1, correct: 1, answer: 0, result: "maybe", time: 1 }),
    JSON.stringify({ v: 1, kind: "single", attempts: 1, correct: 1, answer: 0, result: "correct", time: "now" }),
    JSON.stringify({ v: 1, kind: "single", attempts: 1, correct: 1, result: "correct", time: 1 }),
  ];
  for (const value of bad) {
    storage.setItem(key, value);
    assert.equal(new core.Store("site", storage).get("q"), null, value);
  }
  // The next answer replaces it with a good record.
  store.set("q", core.answered(store.get("q"), "single", 0, true, 3));
  assert.equal(core.decode(storage.getItem(key)).attempts, 1);
  // A stored answer that no longer fits the question is not shown.
  assert.equal(core.fits({ kind: "single" }, 5, 4), false);
  assert.equal(core.fits({ kind: "matching" }, [0, 1], 3), false);
  assert.equal(core.fits({ kind: "matching" }, [0, null, 2], 3), true);
  assert.equal(core.fits({ kind: "multiple" }, [0, 3], 4), true);
});

test("without storage, or with a full one, progress lasts for the page", () => {
  const throwing = {
    getItem() { throw new Error("SecurityError"); },
    setItem() { throw new Error("QuotaExceededError"); },
    removeItem() { throw new Error("SecurityError"); },
  };
  for (const storage of [throwing, null]) {
    const store = new core.Store("site", storage);
    const r = core.answered(null, "true-false", true, true, 1);
    assert.equal(store.set("q", r), storage === null);
    assert.deepEqual(store.get("q"), r);
    store.remove("q");
    assert.equal(store.get("q"), null);
  }
});
