//! Offline reading: a service worker (`sw.js`) that, once a page of the published site
//! has been opened over HTTPS, downloads every file of the site, so notes, search and
//! quizzes keep working without a network. Its cache is named after the hash of every
//! output file, so a changed site replaces the old copy. `serve` never writes it, and
//! `static/nav.js` registers it only over HTTPS (or loopback HTTP) and never from disk.

use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::Sink;
use crate::hash::Fnv;
use crate::html::js_string;

pub const WORKER: &str = "sw.js";

/// Passes every file on to `inner` and remembers its path and a hash of its bytes.
pub struct Recorder<'a> {
    inner: &'a dyn Sink,
    files: Mutex<Vec<(String, u64)>>,
}

impl<'a> Recorder<'a> {
    pub fn new(inner: &'a dyn Sink) -> Self {
        Recorder { inner, files: Mutex::new(Vec::new()) }
    }

    fn record(&self, rel: &str, hash: u64) {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).push((rel.to_string(), hash));
    }

    /// The worker's script, listing every file written so far.
    pub fn worker(&self) -> String {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner()).clone();
        files.sort();
        files.dedup();
        let mut h = Fnv::default();
        files.hash(&mut h);
        let version = format!("{:016x}", h.finish());
        let mut urls: Vec<String> = Vec::new();
        for (path, _) in &files {
            // Hidden files, host files and the worker itself are not pages to read.
            if path.starts_with('.') || path == "CNAME" || path == WORKER {
                continue;
            }
            urls.push(match path.strip_suffix("index.html") {
                Some("") => "./".to_string(),
                Some(dir) if dir.ends_with('/') => dir.to_string(),
                _ => path.clone(),
            });
        }
        let list: Vec<String> = urls.iter().map(|u| js_string(u)).collect();
        WORKER_JS
            .replace("\"__VERSION__\"", &js_string(&version))
            .replace("[/*FILES*/]", &format!("[{}]", list.join(",")))
    }
}

impl Sink for Recorder<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.record(rel, crate::hash::content(bytes));
        self.inner.write(rel, bytes)
    }
    fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        let hash = std::fs::read(from).map(|b| crate::hash::content(&b)).unwrap_or(0);
        self.record(rel, hash);
        self.inner.copy(rel, from)
    }
    fn write_shared(&self, rel: &str, bytes: Arc<Vec<u8>>) -> std::io::Result<()> {
        self.record(rel, crate::hash::content(&bytes));
        self.inner.write_shared(rel, bytes)
    }
}

/// The worker: installs by downloading every file of the site into a cache named after
/// the build; answers from the network when it can (a fresh page after an update) and
/// from the cache when it cannot; drops the caches of older builds.
const WORKER_JS: &str = r#"/* studysite offline reading: generated at build time, see docs. */
"use strict";
var VERSION = "__VERSION__";
var CACHE = "studysite-" + VERSION;
var FILES = [/*FILES*/];
var scope = self.registration ? self.registration.scope : self.location.href.replace(/sw\.js$/, "");

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(FILES.map(function (f) { return new Request(scope + f, { cache: "reload" }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf("studysite-") === 0 && k !== CACHE;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(scope) !== 0) return;
  function cached(fallback) {
    return caches.open(CACHE).then(function (cache) {
      var url = request.url.replace(/[?#].*$/, "");
      if (/\/index\.html$/.test(url)) url = url.replace(/index\.html$/, "");
      return cache.match(url, { ignoreSearch: true }).then(function (hit) {
        return hit || fallback(cache);
      });
    });
  }
  event.respondWith(fetch(request).then(function (response) {
    // A host that cannot answer right now (an error status) is no better than no network.
    if (response.status < 400) return response;
    return cached(function () { return response; });
  }, function () {
    return cached(function (cache) {
      return cache.match(scope + "404.html").then(function (missing) { return missing || Response.error(); });
    });
  }));
});
"#;
