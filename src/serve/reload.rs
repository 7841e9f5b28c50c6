//! Live reload: after each rebuild the new site is swapped in and open pages are told
//! over Server-Sent Events what changed (a page list, CSS only, or the build's errors).

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use super::http::Request;
use super::Files;
use std::path::{Path, PathBuf};

use crate::build::write::Memory;
use crate::build::{compile, deferred_search, edit, BuildCache, BuildOptions};
use crate::diagnostics::Diagnostics;
use crate::html::js_string;

pub const LIVERELOAD_JS: &str = include_str!("livereload.js");
pub const EVENTS_PATH: &str = "/__studysite/events";
pub const CLIENT_PATH: &str = "/__studysite/livereload.js";
/// Where the search index lives in the output.
const SEARCH_DIR: &str = "search/";

/// What the server shares between its threads.
pub struct State {
    pub(super) files: RwLock<Files>,
    /// The last build's problems, sent to every page that connects while they last.
    pub(super) errors: RwLock<Option<String>>,
    pub(super) clients: Mutex<Vec<Box<dyn Write + Send>>>,
    /// Counts successful builds, so a search index finished late is not swapped in.
    pub(super) generation: AtomicU64,
    /// Counts edits applied without the whole pipeline.
    pub(super) edits_in_place: AtomicU64,
}

impl State {
    pub(super) fn new() -> State {
        State {
            files: RwLock::new(Arc::new(BTreeMap::new())),
            errors: RwLock::new(None),
            clients: Mutex::new(Vec::new()),
            generation: AtomicU64::new(0),
            edits_in_place: AtomicU64::new(0),
        }
    }

    /// Tells open pages to reload when they are one of `pages` (`*`: every page).
    fn reload(&self, pages: &[String]) {
        let json: Vec<String> = pages.iter().map(|p| js_string(p)).collect();
        self.broadcast("reload", &format!("[{}]", json.join(",")));
    }

    fn broadcast(&self, event: &str, data: &str) {
        let frame = sse_frame(event, data);
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain_mut(|w| w.write_all(&frame).and_then(|_| w.flush()).is_ok());
    }
}

/// One event in the stream's own chunked framing (the stream is written by hand so each
/// event is flushed at once instead of waiting in a buffer).
fn sse_frame(event: &str, data: &str) -> Vec<u8> {
    let mut body = format!("event: {event}\n");
    for line in data.lines() {
        body.push_str("data: ");
        body.push_str(line);
        body.push('\n');
    }
    if data.is_empty() {
        body.push_str("data:\n");
    }
    body.push('\n');
    let mut frame = format!("{:x}\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body.as_bytes());
    frame.extend_from_slice(b"\r\n");
    frame
}

/// Diagnostics as the JSON list the overlay shows.
fn errors_json(diags: &Diagnostics) -> String {
    let items: Vec<String> = diags
        .0
        .iter()
        .map(|d| {
            format!(
                "{{\"location\":{},\"message\":{},\"help\":{}}}",
                js_string(&d.location()),
                js_string(&d.message),
                d.help.as_deref().map_or("null".to_string(), js_string)
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// What a rebuild follows: the first build, or changes to these files (absolute paths
/// below the canonical site root).
pub(super) enum Trigger<'a> {
    Start,
    Changed { root: &'a Path, paths: &'a [PathBuf] },
}

/// Rebuilds into memory; on success swaps the new site in and tells pages what changed.
/// Changes that only edit note bodies take the pipeline's short way ([`edit::apply`]).
pub(super) fn rebuild(build: &BuildOptions, cache: &mut BuildCache, state: &Arc<State>, trigger: Trigger) {
    let started = Instant::now();
    if let Trigger::Changed { root, paths } = trigger {
        let clean = state.errors.read().unwrap_or_else(|e| e.into_inner()).is_none();
        if let Some(edited) = clean.then(|| edit::apply(root, paths, cache)).flatten() {
            return publish_edit(state, cache, edited, started);
        }
    }
    let after_edit = matches!(trigger, Trigger::Changed { .. });
    let memory = Memory::default();
    let summary = match compile(build, cache, Some(&memory)) {
        Ok(summary) => summary,
        Err(diags) => return report_errors(state, &diags),
    };
    if !summary.warnings.is_empty() {
        eprint!("{}", summary.warnings.render(std::io::IsTerminal::is_terminal(&std::io::stderr())));
    }
    let (generation, old, new_files) = swap_in(state, memory);
    let had_errors = state.errors.write().unwrap_or_else(|e| e.into_inner()).take().is_some();
    let (pages, css_only) = changed_pages(&old, &new_files);
    if after_edit {
        println!("Rebuilt {} pages in {} ms", summary.pages, started.elapsed().as_millis());
        if std::env::var_os("STUDYSITE_TIMINGS").is_some() {
            print!("{}", summary.stage_report());
        }
    } else {
        println!(
            "Built {} pages ({} notes, {} links, {} quiz questions) in {:.2} s",
            summary.pages,
            summary.notes,
            summary.links,
            summary.quizzes,
            summary.elapsed.as_secs_f64()
        );
    }
    if had_errors {
        state.broadcast("ok", "");
    }
    if css_only && !had_errors {
        state.broadcast("css", "");
    } else if !pages.is_empty() || had_errors {
        let all = ["*".to_string()];
        state.reload(if had_errors { &all } else { &pages });
    }
    index_later(state, cache, generation);
}

/// Serves the pages an edit changed (the rest of the site stays as it is) and reloads them.
fn publish_edit(state: &Arc<State>, cache: &BuildCache, edited: edit::Edited, started: Instant) {
    if !edited.warnings.is_empty() {
        eprint!("{}", edited.warnings.render(std::io::IsTerminal::is_terminal(&std::io::stderr())));
    }
    let mut pages = Vec::new();
    let generation = {
        let mut current = state.files.write().unwrap_or_else(|e| e.into_inner());
        let mut files = BTreeMap::clone(&current);
        for (path, bytes) in edited.files {
            if files.get(&path).is_none_or(|old| **old != *bytes) {
                pages.push(page_url(&path));
            }
            files.insert(path, bytes);
        }
        *current = Arc::new(files);
        state.edits_in_place.fetch_add(1, Ordering::SeqCst);
        state.generation.fetch_add(1, Ordering::SeqCst) + 1
    };
    println!("Updated {} in {} ms", count(pages.len(), "page"), started.elapsed().as_millis());
    if !pages.is_empty() {
        state.reload(&pages);
    }
    index_later(state, cache, generation);
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Builds the search index of the served site on another thread.
fn index_later(state: &Arc<State>, cache: &BuildCache, generation: u64) {
    if let Some(job) = deferred_search(cache) {
        let state = Arc::clone(state);
        std::thread::spawn(move || add_search_index(&state, generation, job()));
    }
}

/// Serves the new site, keeping the last search index until the new one is made.
/// Returns the build's generation, and the old and new files.
fn swap_in(state: &State, memory: Memory) -> (u64, Files, Files) {
    let mut fresh = memory.into_files();
    let current = Arc::clone(&state.files.read().unwrap_or_else(|e| e.into_inner()));
    for (path, bytes) in current.iter().filter(|(p, _)| p.starts_with(SEARCH_DIR)) {
        fresh.entry(path.clone()).or_insert_with(|| Arc::clone(bytes));
    }
    let new_files: Files = Arc::new(fresh);
    // From here on, an index still being built for an older build is stale.
    let generation = state.generation.fetch_add(1, Ordering::SeqCst) + 1;
    let old = std::mem::replace(&mut *state.files.write().unwrap_or_else(|e| e.into_inner()), Arc::clone(&new_files));
    (generation, old, new_files)
}

/// The pages to reload (`*` for all: a script, an image or a removed file changed), and
/// whether only stylesheets changed, which pages swap without a reload.
fn changed_pages(old: &Files, new_files: &Files) -> (Vec<String>, bool) {
    let mut pages: Vec<String> = Vec::new();
    let mut css_only = true;
    for (path, bytes) in new_files.iter().filter(|(p, _)| !p.starts_with(SEARCH_DIR)) {
        if old.get(path).is_none_or(|b| !Arc::ptr_eq(b, bytes) && b != bytes) {
            if path.ends_with(".css") {
                continue;
            }
            css_only = false;
            if path.ends_with(".html") {
                pages.push(page_url(path));
            } else {
                pages.push("*".into());
            }
        }
    }
    if old.keys().any(|k| !new_files.contains_key(k) && !k.starts_with(SEARCH_DIR)) {
        pages.push("*".into());
        css_only = false;
    }
    pages.sort();
    pages.dedup();
    (pages, css_only)
}

/// The address of an HTML file of the site, as pages name themselves to the client.
fn page_url(path: &str) -> String {
    format!("/{}", path.trim_end_matches("index.html"))
}

/// Puts a search index made after the reload into the served site, unless a newer
/// build has replaced the site meanwhile (its own index is on the way).
fn add_search_index(state: &State, generation: u64, index: Vec<(String, String)>) {
    let mut current = state.files.write().unwrap_or_else(|e| e.into_inner());
    if state.generation.load(Ordering::SeqCst) != generation {
        return;
    }
    let mut files: BTreeMap<String, Arc<Vec<u8>>> =
        current.iter().filter(|(p, _)| !p.starts_with(SEARCH_DIR)).map(|(p, b)| (p.clone(), Arc::clone(b))).collect();
    files.extend(index.into_iter().map(|(path, text)| (path, Arc::new(text.into_bytes()))));
    *current = Arc::new(files);
}

/// Keeps the last good site and shows the problems on every open page.
fn report_errors(state: &State, diags: &Diagnostics) {
    let json = errors_json(diags);
    let mut errors = state.errors.write().unwrap_or_else(|e| e.into_inner());
    // The terminal shows each set of problems once, not on every save.
    if errors.as_deref() != Some(json.as_str()) {
        eprint!("{}", diags.render(std::io::IsTerminal::is_terminal(&std::io::stderr())));
    }
    *errors = Some(json.clone());
    drop(errors);
    state.broadcast("errors", &json);
}

/// Takes over the connection for Server-Sent Events; it is kept in the client list and
/// written to on every rebuild, without a thread of its own.
pub(super) fn open_stream(request: Request, state: &State) {
    let mut writer = request.into_stream();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n";
    if writer.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut hello = sse_frame("hello", "");
    if let Some(errors) = state.errors.read().unwrap_or_else(|e| e.into_inner()).as_deref() {
        hello.extend(sse_frame("errors", errors));
    }
    if writer.write_all(&hello).and_then(|_| writer.flush()).is_err() {
        return;
    }
    // A client that stops reading must not stall a broadcast for everyone.
    let _ = writer.set_write_timeout(Some(Duration::from_secs(2)));
    state.clients.lock().unwrap_or_else(|e| e.into_inner()).push(Box::new(writer));
}
