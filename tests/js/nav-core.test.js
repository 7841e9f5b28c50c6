"use strict";
const test = require("node:test");
const assert = require("node:assert");
const nav = require("../../static/nav-core.js");

test("the section in view is the last heading above the reading line", () => {
  assert.strictEqual(nav.activeIndex([100, 600, 1200], 80), 0);
  assert.strictEqual(nav.activeIndex([-400, 60, 900], 80), 1);
  assert.strictEqual(nav.activeIndex([-900, -500, -10], 80), 2);
  assert.strictEqual(nav.activeIndex([], 80), 0);
});

test("a glossary filter matches the starts of words, in any case", () => {
  assert.ok(nav.termMatches("dat str", "Kinesis Data Streams"));
  assert.ok(nav.termMatches("KMS", "kms keys"));
  assert.ok(nav.termMatches("", "anything"));
  assert.ok(nav.termMatches("sse", "SSE-KMS"));
  assert.ok(!nav.termMatches("ream", "Kinesis Data Streams"));
  assert.ok(!nav.termMatches("glue x", "Glue Crawler"));
});

test("zooming keeps the point under the pointer and stays inside the graph", () => {
  const full = { x: 0, y: 0, w: 1200, h: 900 };
  const v = nav.zoomView(full, 2, 300, 300, full);
  assert.deepStrictEqual(v, { x: 150, y: 150, w: 600, h: 450 });
  const out = nav.zoomView(v, 0.1, 300, 300, full);
  assert.deepStrictEqual(out, full);
  const deep = nav.zoomView(full, 100, 1200, 900, full);
  assert.strictEqual(deep.w, 150);
  assert.strictEqual(deep.x + deep.w, 1200);
  assert.deepStrictEqual(nav.clampView({ x: -50, y: 2000, w: 600, h: 450 }, full), { x: 0, y: 450, w: 600, h: 450 });
});

test("the offline worker runs over HTTPS and loopback HTTP only", () => {
  assert.ok(nav.offlineAllowed("https:", "notes.example.org"));
  assert.ok(nav.offlineAllowed("http:", "127.0.0.1"));
  assert.ok(!nav.offlineAllowed("http:", "notes.example.org"));
  assert.ok(!nav.offlineAllowed("file:", ""));
});
