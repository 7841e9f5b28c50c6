//! `studysite serve`: builds the site into memory, serves it over HTTP on loopback,
//! watches the sources and pushes reloads to open pages over Server-Sent Events.
//! A failed rebuild keeps the last good site and shows the errors in the browser.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

pub mod http;
mod reload;
mod routes;
mod watch;

use http::Server;
use reload::rebuild;
pub use reload::State;
pub use routes::{mime_type, safe_path};
pub use watch::{is_watched, DEBOUNCE};

use crate::build::{BuildCache, BuildOptions};

pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: String,
    pub port: u16,
    pub open: bool,
}

/// The served site: file contents by path below the root.
pub type Files = Arc<BTreeMap<String, Arc<Vec<u8>>>>;

/// A running server: its address, and a handle to stop it (used by tests).
pub struct Running {
    pub addr: SocketAddr,
    pub state: Arc<State>,
    stop_server: Box<dyn Fn() + Send>,
    stop: mpsc::Sender<()>,
}

impl Running {
    /// Every file served now, by path below the site root (for tests and tools).
    pub fn files(&self) -> Files {
        Arc::clone(&self.state.files.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// How many changes were applied to the served site in place, without running the
    /// whole pipeline (edits of note bodies; see `build::edit`).
    pub fn edits_in_place(&self) -> u64 {
        self.state.edits_in_place.load(std::sync::atomic::Ordering::SeqCst)
    }

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
    let state = Arc::new(State::new());

    let mut cache = BuildCache::keeping();
    rebuild(&build, &mut cache, &state, reload::Trigger::Start);

    let stop_server = Box::new(server.stopper());
    {
        let state = Arc::clone(&state);
        std::thread::spawn(move || server.run(move |request| routes::handle(request, &state)));
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
            if let Err(e) = watch::watch_loop(&root, &build, cache, &state, stop_rx, ready_tx) {
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
