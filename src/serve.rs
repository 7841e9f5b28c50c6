//! `studysite serve`: builds the site into memory, serves it over HTTP on loopback,
//! watches the sources and pushes reloads to open pages over Server-Sent Events.
//! A failed rebuild keeps the last good site and shows the errors in the browser.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::http::{Request, Response, Server};

use crate::diagnostics::Diagnostics;
use crate::output::Memory;
use crate::{compile, BuildCache, BuildOptions};

const LIVERELOAD_JS: &str = include_str!("livereload.js");
const EVENTS_PATH: &str = "/__studysite/events";
const CLIENT_PATH: &str = "/__studysite/livereload.js";
/// Where the search index lives in the output.
const SEARCH_DIR: &str = "search/";
/// Editors write a file in several steps; wait this long for quiet before rebuilding.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: String,
    pub port: u16,
    pub open: bool,
}

type Files = Arc<BTreeMap<String, Arc<Vec<u8>>>>;

/// What the server shares between its threads.
pub struct State {
    files: RwLock<Files>,
    /// The last build's problems, sent to every page that connects while they last.
    errors: RwLock<Option<String>>,
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
    /// Counts successful builds, so a search index finished late is not swapped in.
    generation: AtomicU64,
}

impl State {
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
                crate::render::js_string(&d.location()),
                crate::render::js_string(&d.message),
                d.help.as_deref().map_or("null".to_string(), crate::render::js_string)
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// A running server: its address, and a handle to stop it (used by tests).
pub struct Running {
    pub addr: SocketAddr,
    pub state: Arc<State>,
    stop_server: Box<dyn Fn() + Send>,
    stop: mpsc::Sender<()>,
}

impl Running {
    pub fn stop(self) {
        let _ = self.stop.send(());
        (self.stop_server)();
    }
}

/// Builds the site, binds the server and starts the worker, watcher and rebuild threads.
pub fn start(opts: ServeOptions) -> Result<Running, String> {
    let mut build = opts.build;
    let addr = format!("{}:{}", opts.bind, opts.port);
    let server = Server::bind(&addr).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            format!("cannot listen on {addr}: the port is already in use; pass another with `--port N` or `--port 0` for any free port")
        } else {
            format!("cannot listen on {addr}: {e}")
        }
    })?;
    let local = server.local_addr().map_err(|e| e.to_string())?;
    // Pages are served from the root of this address.
    build.base_url = Some(format!("http://{local}/"));
    build.write = true;
    let state = Arc::new(State {
        files: RwLock::new(Arc::new(BTreeMap::new())),
        errors: RwLock::new(None),
        clients: Mutex::new(Vec::new()),
        generation: AtomicU64::new(0),
    });

    let mut cache = BuildCache::default();
    rebuild(&build, &mut cache, &state, false);

    let stop_server = Box::new(server.stopper());
    {
        let state = Arc::clone(&state);
        std::thread::spawn(move || server.run(move |request| handle(request, &state)));
    }
    // Event streams are kept alive with comments, which also drops clients that went away.
    {
        let state = Arc::clone(&state);
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_secs(15));
            let mut clients = state.clients.lock().unwrap_or_else(|e| e.into_inner());
            clients.retain_mut(|w| w.write_all(b"3\r\n:\n\n\r\n").and_then(|_| w.flush()).is_ok());
        });
    }
    let (stop_tx, stop_rx) = mpsc::channel();
    let (ready_tx, ready_rx) = mpsc::channel();
    {
        let state = Arc::clone(&state);
        let root = build.root.clone();
        std::thread::spawn(move || {
            if let Err(e) = watch_loop(&root, &build, cache, &state, stop_rx, ready_tx) {
                eprintln!("error: cannot watch {}: {e}", root.display());
            }
        });
    }
    // Changes made once `start` returns must not be missed.
    let _ = ready_rx.recv_timeout(Duration::from_secs(10));
    if opts.open {
        open_browser(&format!("http://{local}/"));
    }
    Ok(Running { addr: local, state, stop_server, stop: stop_tx })
}

/// Serves until the process is stopped (Ctrl-C ends it; nothing is on disk to clean up).
pub fn run(opts: ServeOptions) -> Result<(), String> {
    let running = start(opts)?;
    println!("Serving on http://{}/ (Ctrl-C to stop)", running.addr);
    loop {
        std::thread::park();
    }
}

/// Rebuilds into memory; on success swaps the new site in and tells pages what changed.
/// `after_edit` is false for the first build, which prints the full summary.
fn rebuild(build: &BuildOptions, cache: &mut BuildCache, state: &Arc<State>, after_edit: bool) {
    let started = Instant::now();
    let memory = Memory::default();
    match compile(build, cache, Some(&memory)) {
        Ok(summary) => {
            let mut fresh = memory.into_files();
            let current = Arc::clone(&state.files.read().unwrap_or_else(|e| e.into_inner()));
            // The search index comes after the reload (below); until then the last one stays.
            for (path, bytes) in current.iter().filter(|(p, _)| p.starts_with(SEARCH_DIR)) {
                fresh.entry(path.clone()).or_insert_with(|| Arc::clone(bytes));
            }
            let new_files: Files = Arc::new(fresh);
            // From here on, an index still being built for an older build is stale.
            let generation = state.generation.fetch_add(1, Ordering::SeqCst) + 1;
            let old =
                std::mem::replace(&mut *state.files.write().unwrap_or_else(|e| e.into_inner()), Arc::clone(&new_files));
            let had_errors = state.errors.write().unwrap_or_else(|e| e.into_inner()).take().is_some();
            let mut pages: Vec<String> = Vec::new();
            let mut css_only = true;
            for (path, bytes) in new_files.iter().filter(|(p, _)| !p.starts_with(SEARCH_DIR)) {
                if old.get(path).is_none_or(|b| !Arc::ptr_eq(b, bytes) && b != bytes) {
                    if path.ends_with(".css") {
                        continue;
                    }
                    css_only = false;
                    if path.ends_with(".html") {
                        pages.push(format!("/{}", path.trim_end_matches("index.html")));
                    } else {
                        pages.push("*".into());
                    }
                }
            }
            let removed = old.keys().any(|k| !new_files.contains_key(k) && !k.starts_with(SEARCH_DIR));
            if removed {
                pages.push("*".into());
                css_only = false;
            }
            pages.sort();
            pages.dedup();
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
                let list: Vec<String> = if had_errors { vec!["*".into()] } else { pages };
                let json: Vec<String> = list.iter().map(|p| crate::render::js_string(p)).collect();
                state.broadcast("reload", &format!("[{}]", json.join(",")));
            }
            if let Some(job) = crate::deferred_search(cache) {
                let state = Arc::clone(state);
                std::thread::spawn(move || {
                    let index = job();
                    let mut current = state.files.write().unwrap_or_else(|e| e.into_inner());
                    // A newer build has its own index on the way; this one is stale.
                    if state.generation.load(Ordering::SeqCst) != generation {
                        return;
                    }
                    let mut files: BTreeMap<String, Arc<Vec<u8>>> = current
                        .iter()
                        .filter(|(p, _)| !p.starts_with(SEARCH_DIR))
                        .map(|(p, b)| (p.clone(), Arc::clone(b)))
                        .collect();
                    files.extend(index.into_iter().map(|(path, text)| (path, Arc::new(text.into_bytes()))));
                    *current = Arc::new(files);
                });
            }
        }
        Err(diags) => {
            let json = errors_json(&diags);
            let mut errors = state.errors.write().unwrap_or_else(|e| e.into_inner());
            // The terminal shows each set of problems once, not on every save.
            if errors.as_deref() != Some(json.as_str()) {
                eprint!("{}", diags.render(std::io::IsTerminal::is_terminal(&std::io::stderr())));
            }
            *errors = Some(json.clone());
            drop(errors);
            state.broadcast("errors", &json);
        }
    }
}

fn watch_loop(
    root: &Path,
    build: &BuildOptions,
    mut cache: BuildCache,
    state: &Arc<State>,
    stop: mpsc::Receiver<()>,
    ready: mpsc::Sender<()>,
) -> notify::Result<()> {
    use notify::RecursiveMode;
    // Events carry absolute paths; compare them with the absolute root.
    let root = &root.canonicalize()?;
    let (tx, rx) = mpsc::channel();
    let mut debouncer =
        notify_debouncer_full::new_debouncer(DEBOUNCE, None, tx).map_err(|e| notify::Error::generic(&e.to_string()))?;
    let watched_dirs = ["notes", "templates", "static"];
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    for dir in watched_dirs {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    let _ = ready.send(());
    loop {
        if stop.try_recv().is_ok() {
            return Ok(());
        }
        let Ok(result) = rx.recv_timeout(Duration::from_millis(200)) else { continue };
        if std::env::var_os("STUDYSITE_DEBUG_WATCH").is_some() {
            eprintln!("watch: {result:?}");
        }
        let mut batch = vec![result];
        // Take everything already queued: one rebuild per burst.
        while let Ok(more) = rx.try_recv() {
            batch.push(more);
        }
        let mut dirty = false;
        for events in batch.into_iter().flatten() {
            for ev in events {
                if matches!(ev.event.kind, notify::EventKind::Access(_)) {
                    continue;
                }
                for path in &ev.event.paths {
                    if !is_watched(root, path) {
                        continue;
                    }
                    // A folder created at the top (templates/ or static/ added later) gets watched.
                    if let Ok(rel) = path.strip_prefix(root) {
                        if rel.components().count() == 1
                            && watched_dirs.iter().any(|d| rel == Path::new(d))
                            && path.is_dir()
                        {
                            let _ = debouncer.watch(path, RecursiveMode::Recursive);
                        }
                    }
                    dirty = true;
                }
            }
        }
        if dirty {
            // Whether only CSS changed is told by the output, not guessed from file names.
            rebuild(build, &mut cache, state, true);
        }
    }
}

/// Which changes matter: notes, templates, static files and the config; not editors'
/// temporary and backup files.
pub fn is_watched(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let Some(name) = rel.file_name() else { return false };
    if crate::load::is_ignored_name(&name.to_string_lossy()) {
        return false;
    }
    let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    matches!(first.as_str(), "notes" | "templates" | "static") || rel == Path::new(crate::config::CONFIG_FILE)
}

pub fn mime_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "mp4" => "video/mp4",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Turns a request path into a key of the site, or `None` when it must be refused:
/// `..` or `.` segments (also percent-encoded), backslashes, NUL bytes, invalid UTF-8.
pub fn safe_path(raw: &str) -> Option<String> {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.starts_with("//") {
        return None;
    }
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let v = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            decoded.push(v);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(decoded).ok()?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let rel = decoded.trim_start_matches('/');
    for segment in rel.split('/') {
        if segment == ".." || segment == "." || segment.contains(':') {
            return None;
        }
    }
    Some(rel.to_string())
}

fn handle(request: Request, state: &State) {
    if std::env::var_os("STUDYSITE_DEBUG_HTTP").is_some() {
        eprintln!("http: {} {}", request.method, request.url);
    }
    let get_or_head = request.method == "GET" || request.method == "HEAD";
    if !get_or_head {
        return request.respond(Response::new(405, "405 Method Not Allowed\n").header("Allow", "GET, HEAD"));
    }
    let path_only = request.url.split(['?', '#']).next().unwrap_or("").to_string();
    if path_only == EVENTS_PATH && request.method == "GET" {
        return open_stream(request, state);
    }
    if path_only == CLIENT_PATH {
        return request.respond(Response::new(200, LIVERELOAD_JS).header("Content-Type", mime_type(".js")));
    }
    let Some(rel) = safe_path(&request.url) else {
        return request.respond(Response::new(400, "400 Bad Request: this path is not allowed\n"));
    };
    let files = Arc::clone(&state.files.read().unwrap_or_else(|e| e.into_inner()));
    let key = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.clone() };
    if let Some(bytes) = files.get(&key) {
        return request.respond(
            Response::new(200, bytes.to_vec())
                .header("Content-Type", mime_type(&key))
                .header("Cache-Control", "no-store"),
        );
    }
    // `/storage/s3` → `/storage/s3/`, so the page's relative links resolve.
    if files.contains_key(&format!("{rel}/index.html")) {
        // Percent-encoded: a folder name with CR or LF must not split the response head.
        let location = format!("/{}/", crate::slug::encode_path(&rel));
        return request.respond(Response::new(301, "").header("Location", &location));
    }
    let body = files.get("404.html").map(|b| b.to_vec()).unwrap_or_else(|| b"404 Not Found\n".to_vec());
    request.respond(Response::new(404, body).header("Content-Type", "text/html; charset=utf-8"))
}

/// Takes over the connection for Server-Sent Events; it is kept in the client list and
/// written to on every rebuild, without a thread of its own.
fn open_stream(request: Request, state: &State) {
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

fn open_browser(url: &str) {
    let candidates: &[&[&str]] = if cfg!(target_os = "macos") {
        &[&["open"]]
    } else if cfg!(windows) {
        &[&["cmd", "/C", "start", ""]]
    } else {
        &[&["xdg-open"], &["sensible-browser"]]
    };
    for c in candidates {
        if std::process::Command::new(c[0]).args(&c[1..]).arg(url).spawn().is_ok() {
            return;
        }
    }
    eprintln!("could not open a browser; visit {url}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc",
            "/a%00b",
            "/a\\..\\b",
            "//etc/passwd",
            "/C:/x",
            "/%ff",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
        assert_eq!(safe_path("/storage/s3/?x=1").as_deref(), Some("storage/s3/"));
        assert_eq!(safe_path("/a%20b.png").as_deref(), Some("a b.png"));
    }

    #[test]
    fn editor_files_are_ignored() {
        let root = Path::new("/site");
        for watched in
            ["/site/notes/a.md", "/site/static/style.css", "/site/templates/note.html", "/site/studysite.toml"]
        {
            assert!(is_watched(root, Path::new(watched)), "{watched}");
        }
        for ignored in [
            "/site/notes/.a.md.swp",
            "/site/notes/a.md~",
            "/site/notes/4913",
            "/site/public/index.html",
            "/site/target/x",
        ] {
            assert!(!is_watched(root, Path::new(ignored)), "{ignored}");
        }
    }
}
