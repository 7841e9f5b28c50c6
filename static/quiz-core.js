/* studysite quiz logic, without the page: checking answers, short-answer normalisation,
   shuffling, scoring and the stored progress record. Loaded by quiz pages before quiz.js,
   and by Node for the unit tests (tests/js/quiz-core.test.js).

   Progress is kept in localStorage, one key per question:
     key    "studysite:<site>:quiz:<question id>"   <site> = data-quiz-site of the quiz
     value  JSON {"v":1, "kind":"single", "attempts":3, "correct":1,
                  "answer":<last answer>, "result":"correct"|"incorrect", "time":<ms since 1970>}
   The answer is in the author's terms, whatever the shuffle: single = choice index,
   multiple = sorted choice indexes, true-false = boolean, short = the text typed,
   matching = for each left item, the index of the pair whose right item was picked (or
   null). A value that does not parse as such a record is ignored (and overwritten on the
   next answer); fields this version does not know are kept when the record is updated. */
var StudysiteQuizCore = (function () {
  "use strict";

  var VERSION = 1;
  var KINDS = ["single", "multiple", "true-false", "short", "matching"];

  /* Short answers match ignoring case, accents, spaces and punctuation: only letters and
     digits are compared ("S3 Glacier", "s3-glacier" and "S3glacier" are one answer). An
     accepted answer with no letter or digit is compared as typed, trimmed. */
  function normalize(text) {
    return String(text)
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]/gu, "");
  }

  function shortMatches(typed, accept) {
    var t = normalize(typed);
    for (var i = 0; i < accept.length; i++) {
      var a = normalize(accept[i]);
      if (a ? a === t : String(accept[i]).trim() === String(typed).trim()) return true;
    }
    return false;
  }

  function isIndex(x, n) {
    return typeof x === "number" && x >= 0 && x < n && Math.floor(x) === x;
  }

  /* Whether `answer` has the shape the question takes (a stored answer may be from an
     older version of the question). `size` is the number of choices or pairs. */
  function fits(data, answer, size) {
    switch (data.kind) {
      case "single":
        return isIndex(answer, size);
      case "multiple":
        return Array.isArray(answer) && answer.every(function (a) { return isIndex(a, size); });
      case "true-false":
        return typeof answer === "boolean";
      case "short":
        return typeof answer === "string";
      case "matching":
        return Array.isArray(answer) && answer.length === size &&
          answer.every(function (a) { return a === null || isIndex(a, size); });
    }
    return false;
  }

  /* Whether the reader gave a whole answer (Check asks for one first). */
  function isComplete(data, answer) {
    switch (data.kind) {
      case "single":
      case "true-false":
        return answer !== null && answer !== undefined;
      case "multiple":
        return Array.isArray(answer) && answer.length > 0;
      case "short":
        return typeof answer === "string" && answer.trim() !== "";
      case "matching":
        return Array.isArray(answer) && answer.every(function (a) { return a !== null; });
    }
    return false;
  }

  function check(data, answer) {
    switch (data.kind) {
      case "single":
      case "true-false":
        return answer === data.answer;
      case "multiple": {
        if (!Array.isArray(answer)) return false;
        var a = answer.slice().sort(byNumber), b = data.answers.slice().sort(byNumber);
        return a.length === b.length && a.every(function (x, i) { return x === b[i]; });
      }
      case "short":
        return typeof answer === "string" && shortMatches(answer, data.accept);
      case "matching":
        return Array.isArray(answer) && answer.length === data.order.length &&
          answer.every(function (x, i) { return x === i; });
    }
    return false;
  }

  function byNumber(a, b) {
    return a - b;
  }

  /* A random order of 0..n-1 (Fisher-Yates); `random` returns [0, 1) like Math.random. */
  function shuffle(n, random) {
    random = random || Math.random;
    var order = [];
    for (var i = 0; i < n; i++) order.push(i);
    for (var j = n - 1; j > 0; j--) {
      var k = Math.floor(random() * (j + 1));
      var t = order[j];
      order[j] = order[k];
      order[k] = t;
    }
    return order;
  }

  function letter(i) {
    return String.fromCharCode(65 + (i % 26));
  }

  /* The note's score from its questions' records: right answers of all questions. */
  function score(records) {
    var s = { correct: 0, answered: 0, total: records.length };
    records.forEach(function (r) {
      if (!r || !r.result) return;
      s.answered++;
      if (r.result === "correct") s.correct++;
    });
    return s;
  }

  function scoreText(s) {
    return s.correct + " / " + s.total + " correct";
  }

  function storageKey(site, id) {
    return "studysite:" + site + ":quiz:" + id;
  }

  function decode(text) {
    var r;
    try {
      r = JSON.parse(text);
    } catch (e) {
      return null;
    }
    if (!r || typeof r !== "object" || Array.isArray(r) || r.v !== VERSION) return null;
    if (KINDS.indexOf(r.kind) < 0) return null;
    if (!(Number.isInteger(r.attempts) && r.attempts >= 0)) return null;
    if (!(Number.isInteger(r.correct) && r.correct >= 0 && r.correct <= r.attempts)) return null;
    if (r.result !== null && r.result !== "correct" && r.result !== "incorrect") return null;
    if (typeof r.time !== "number" || !isFinite(r.time)) return null;
    if (!("answer" in r)) return null;
    return r;
  }

  /* The record after an answer; fields this version does not know are kept. */
  function answered(previous, kind, answer, correct, now) {
    var r = {};
    if (previous && previous.kind === kind) {
      for (var k in previous) if (Object.prototype.hasOwnProperty.call(previous, k)) r[k] = previous[k];
    }
    r.v = VERSION;
    r.kind = kind;
    r.attempts = (previous && previous.kind === kind ? previous.attempts : 0) + 1;
    r.correct = (previous && previous.kind === kind ? previous.correct : 0) + (correct ? 1 : 0);
    r.answer = answer;
    r.result = correct ? "correct" : "incorrect";
    r.time = now;
    return r;
  }

  /* Progress of one site. Reads and writes `storage` (localStorage) when it works, and
     always keeps a copy in memory, so a page without storage (private window, full
     disk) still keeps its quiz state until it is closed. */
  function Store(site, storage) {
    this.site = site;
    this.storage = storage || null;
    this.memory = {};
  }

  Store.prototype.get = function (id) {
    var key = storageKey(this.site, id);
    if (Object.prototype.hasOwnProperty.call(this.memory, key)) return this.memory[key];
    var text = null;
    try {
      text = this.storage ? this.storage.getItem(key) : null;
    } catch (e) {
      text = null;
    }
    return text === null ? null : decode(text);
  };

  Store.prototype.set = function (id, record) {
    var key = storageKey(this.site, id);
    this.memory[key] = record;
    try {
      if (this.storage) this.storage.setItem(key, JSON.stringify(record));
      return true;
    } catch (e) {
      return false;
    }
  };

  Store.prototype.remove = function (id) {
    var key = storageKey(this.site, id);
    this.memory[key] = null;
    try {
      if (this.storage) this.storage.removeItem(key);
    } catch (e) {
      /* memory says "no record" for the page's lifetime */
    }
  };

  return {
    VERSION: VERSION,
    normalize: normalize,
    shortMatches: shortMatches,
    fits: fits,
    isComplete: isComplete,
    check: check,
    shuffle: shuffle,
    letter: letter,
    score: score,
    scoreText: scoreText,
    storageKey: storageKey,
    decode: decode,
    answered: answered,
    Store: Store
  };
})();

if (typeof module !== "undefined") module.exports = StudysiteQuizCore;
