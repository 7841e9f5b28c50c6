// Unit tests of static/compare.js's pure logic (run with `node --test tests/js/`).
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const c = require(path.join(__dirname, "..", "..", "static", "compare.js"));

test("a fragment names the table, the shown subjects and the highlight", () => {
  assert.deepStrictEqual(c.parseFragment("#compare-etl-services?show=glue,dms&diff"), {
    table: "etl-services",
    show: ["glue", "dms"],
    diff: true,
  });
  assert.deepStrictEqual(c.parseFragment("#compare-olap-vs-oltp"), { table: "olap-vs-oltp", show: null, diff: false });
  assert.strictEqual(c.parseFragment("#what-it-is"), null);
  assert.strictEqual(c.parseFragment(""), null);
});

test("formatting and parsing a fragment round-trip", () => {
  const all = ["glue", "data-pipeline", "dms", "batch"];
  const f = c.formatFragment("etl-services", ["glue", "batch"], all, true);
  assert.strictEqual(f, "compare-etl-services?show=glue,batch&diff");
  assert.deepStrictEqual(c.parseFragment("#" + f), { table: "etl-services", show: ["glue", "batch"], diff: true });
  assert.strictEqual(c.formatFragment("etl-services", all, all, false), "compare-etl-services");
});

test("unknown subjects in a fragment are ignored; none known shows all", () => {
  const all = ["a", "b", "c"];
  assert.deepStrictEqual(c.chooseShown(all, ["c", "zz"]), ["c"]);
  assert.deepStrictEqual(c.chooseShown(all, ["zz"]), all);
  assert.deepStrictEqual(c.chooseShown(all, null), all);
});

test("a row differs when the shown cells differ, ignoring case, spacing and a final stop", () => {
  const rows = [
    ["Glue Data Catalog", "None", "None", "None"],
    ["Active", "Closed", "active.", " Active "],
    ["x", "y", "z", "w"],
  ];
  assert.deepStrictEqual(c.differingRows(rows, [1, 2]), [false, true, true]);
  assert.deepStrictEqual(c.differingRows(rows, [0, 2, 3]), [true, false, true]);
  assert.deepStrictEqual(c.differingRows(rows, [2]), [false, false, false]);
});
