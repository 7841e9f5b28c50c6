#!/usr/bin/env python3
"""Search budgets (issue 5), measured: index size, bytes loaded per query, query time in
Chromium, and what the index adds to the build time. Run through bench/search.sh.

Usage: search.py --bin STUDYSITE --site NAME=DIR [--site NAME=DIR ...] [--runs N] [--work DIR]

For each site:
- builds it `--runs` times with the index and as many times with `--no-search`, interleaved,
  and prints the medians and the median time of the `search` stage (`--timings`);
- sums the gzipped (-9) size of every file under `search/` and compares it with the gzipped
  size of the notes' Markdown (all files concatenated, then gzipped: the strictest reading;
  and each file gzipped on its own);
- opens a probe page in headless Chromium once per query, types the query one letter at a
  time through the client (`studysiteSearch.debug.query`), and sums the gzipped size of every
  file it loaded (search.js included): the bytes a reader downloads before the results show;
- in one page, loads what 100 two-word queries need, then times the synchronous part of each
  query (parse, prefix and typo expansion, decoding the postings, ranking; nothing cached; the
  median of 5 repetitions of each) with `performance.now()`, and prints the median over the
  100 queries.
Standard library only; needs `chromium` on PATH.
"""
import argparse
import gzip
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

SUBJECTS = ["kinesis", "firehose", "glacier", "athena", "redshift", "dynamodb", "glue", "aurora", "emr", "kms"]
ATTRIBUTES = ["retention", "partitions", "encryption", "latency", "cost", "shards", "schema", "capacity",
              "streams", "queries"]
# 100 two-word queries: every subject with every attribute.
TIMED = [f"{s} {a}" for s in SUBJECTS for a in ATTRIBUTES]
# Typed letter by letter, one fresh page each; the last four have typos.
TYPED = ["kinesis firehose", "glacier retention", "athena partitions", "redshift spectrum", "dynamodb capacity",
         "glue crawler", "kms encryption", "s3 lifecycle", "emr spark", "aurora replicas",
         "partition key", "schema evolution", "cold start", "data lake", "step functions", "lake formation",
         "glaicer retention", "kinsis shards", "redshfit queries", "athnea cost"]

PROBE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>search bench</title></head>
<body data-root="./"><div class="search" data-search="%(manifest)s" hidden><input id="search-input"></div>
<pre id="out"></pre>
<script src="static/search.js"></script>
<script>
var MODE = %(mode)s, QUERIES = %(queries)s, REPEAT = 5;
var out = document.getElementById("out"), D = studysiteSearch.debug;
function done(v) { out.textContent = JSON.stringify(v); }
window.onerror = function (e) { done({ error: String(e) }); };
function seq(list, f) { return list.reduce(function (p, x) { return p.then(function () { return f(x); }); }, Promise.resolve()); }
if (MODE === "typed") {
  var q = QUERIES[0], prefixes = [];
  for (var i = 1; i <= q.length; i++) prefixes.push(q.slice(0, i));
  var last = null, firstFiles = null;
  seq(prefixes, function (p) { return D.query(p).then(function (r) {
    last = r;
    if (!firstFiles && r.results.length) firstFiles = D.files.slice();
  }); }).then(function () {
    done({ files: D.files.slice(), firstFiles: firstFiles || [], total: last.total, first: last.results[0] ? last.results[0].title + " > " + last.results[0].heading : null });
  }, function (e) { done({ error: String(e) }); });
} else {
  seq(QUERIES, function (q) { return D.query(q); }).then(function () {
    var times = QUERIES.map(function (q) {
      var reps = [];
      for (var i = 0; i < REPEAT; i++) reps.push(D.time(q));
      reps.sort(function (a, b) { return a - b; });
      return reps[REPEAT >> 1];
    });
    done({ times: times });
  }, function (e) { done({ error: String(e) }); });
}
</script></body></html>
"""


def gz(data):
    return len(gzip.compress(data, 9))


def human(n):
    return f"{n / 1000:.1f} KB" if n < 1_000_000 else f"{n / 1_000_000:.2f} MB"


def build(binary, site, out, no_search):
    shutil.rmtree(out, ignore_errors=True)
    cmd = [binary, "build", "--root", site, "--out", out, "--timings"] + (["--no-search"] if no_search else [])
    t0 = time.perf_counter()
    run = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if run.returncode != 0:
        sys.exit(f"build failed: {' '.join(cmd)}\n{run.stderr}")
    m = re.search(r"search\s+([\d.]+) ms", run.stdout)
    return wall, float(m.group(1)) / 1000 if m else 0.0


def notes_text_gz(site):
    files = []
    for d, _, fs in os.walk(os.path.join(site, "notes")):
        files += [os.path.join(d, f) for f in fs if f.endswith(".md")]
    files.sort()
    blobs = [open(f, "rb").read() for f in files]
    return gz(b"".join(blobs)), sum(gz(b) for b in blobs), len(files)


def chromium(page, budget_ms=120000):
    run = subprocess.run(
        ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--virtual-time-budget={budget_ms}", "--dump-dom", "file://" + page],
        capture_output=True, text=True, timeout=600)
    m = re.search(r'<pre id="out">(.*?)</pre>', run.stdout, re.S)
    if not m or not m.group(1):
        sys.exit(f"the probe page gave no answer:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    v = json.loads(html.unescape(m.group(1)))
    if "error" in v:
        sys.exit(f"the probe page failed: {v['error']}")
    return v


def probe(out, mode, queries):
    manifest = "search/" + next(f for f in os.listdir(os.path.join(out, "search")) if f.startswith("index."))
    page = os.path.join(out, "search-bench.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(PROBE % {"manifest": manifest, "mode": json.dumps(mode), "queries": json.dumps(queries)})
    try:
        return chromium(page)
    finally:
        os.remove(page)


def bench_site(name, binary, site, work, runs):
    print(f"\n## {name}: {site}")
    out = os.path.join(work, name)
    with_search, without, stage = [], [], []
    for _ in range(runs):
        w, s = build(binary, site, out + "-nosearch", True)
        without.append(w)
        w, s = build(binary, site, out, False)
        with_search.append(w)
        stage.append(s)
    shutil.rmtree(out + "-nosearch", ignore_errors=True)
    med_with, med_without, med_stage = (statistics.median(x) for x in (with_search, without, stage))
    print(f"build ({runs} runs each, interleaved): median {med_with:.2f} s with search, {med_without:.2f} s with "
          f"--no-search (+{(med_with / med_without - 1) * 100:.1f} %); fastest {min(with_search):.2f} s and "
          f"{min(without):.2f} s (+{(min(with_search) / min(without) - 1) * 100:.1f} %)")
    print(f"  the search stage itself (--timings): median {med_stage * 1000:.0f} ms = "
          f"{med_stage / (med_with - med_stage) * 100:.1f} % of the rest of the build")

    sdir = os.path.join(out, "search")
    kinds = {}
    for f in sorted(os.listdir(sdir)):
        data = open(os.path.join(sdir, f), "rb").read()
        stem = f.split(".")[0]
        kind = {"index": "manifest", "tags": "tags"}.get(stem) or {"d": "dictionary", "p": "postings",
                                                                    "s": "document store"}[f[0]]
        k = kinds.setdefault(kind, [0, 0, 0])
        k[0] += 1
        k[1] += len(data)
        k[2] += gz(data)
    total = sum(k[2] for k in kinds.values())
    text_gz, text_gz_each, notes = notes_text_gz(site)
    print(f"index files ({notes} notes):")
    for kind, (n, raw, z) in kinds.items():
        print(f"  {kind:15} {n:5} files  {human(raw):>10} raw  {human(z):>10} gzipped")
    store = kinds.get("document store", [0, 0, 0])[2]
    print(f"  total gzipped: {human(total)} = {total / text_gz * 100:.1f} % of the notes' text gzipped as one "
          f"stream ({human(text_gz)}), {total / text_gz_each * 100:.1f} % of it gzipped file by file "
          f"({human(text_gz_each)})")
    print(f"  without the document store (snippets, titles): {human(total - store)} = "
          f"{(total - store) / text_gz * 100:.1f} % of the one-stream figure")
    js = gz(open(os.path.join(out, "static", "search.js"), "rb").read())

    loads, firsts = [], []
    print(f"bytes loaded (gzipped, search.js's {human(js)} included) before the first results show, and for "
          f"the whole query typed letter by letter:")
    for q in TYPED:
        r = probe(out, "typed", [q])
        size = js + sum(gz(open(os.path.join(out, f), "rb").read()) for f in r["files"])
        first = js + sum(gz(open(os.path.join(out, f), "rb").read()) for f in r["firstFiles"])
        loads.append(size)
        firsts.append(first)
        print(f"  {q!r:22} {human(first):>9} first, {human(size):>9} whole query in {len(r['files']) + 1:3} files; "
              f"{r['total']:6} results, top: {r['first']}")
    print(f"  before the first results: median {human(statistics.median(firsts))}, max {human(max(firsts))}; "
          f"whole query: median {human(statistics.median(loads))}, max {human(max(loads))}")

    r = probe(out, "timed", TIMED)
    times = r["times"]
    print(f"query time once loaded ({len(times)} two-word queries, each the median of 5 runs): "
          f"median {statistics.median(times):.2f} ms, 90th percentile {sorted(times)[int(len(times) * 0.9)]:.2f} ms, "
          f"max {max(times):.2f} ms")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--site", action="append", required=True, help="NAME=DIR")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/studysite-search-bench")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    ver = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"# studysite search benchmark\n{ver}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}")
    for s in a.site:
        name, _, d = s.partition("=")
        bench_site(name, os.path.abspath(a.bin), os.path.abspath(d), a.work, a.runs)


if __name__ == "__main__":
    main()
