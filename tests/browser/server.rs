//! A tiny static file server for the browser tests: std only, 127.0.0.1, a free port.
//!
//! It serves a built site the way a static host does: `dir/` serves `dir/index.html`,
//! `dir` redirects to `dir/`, a missing file answers 404 with the site's `404.html`.
//! Every request is logged with its status, so a test can see what the browser fetched.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// One request the server answered.
#[derive(Clone, Debug)]
pub struct Hit {
    pub path: String,
    pub status: u16,
}

pub struct Server {
    port: u16,
    root: PathBuf,
    hits: Arc<Mutex<Vec<Hit>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    /// Serves `root` on 127.0.0.1 at a free port until dropped.
    pub fn start(root: &Path) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (dir, log, halt) = (root.to_path_buf(), hits.clone(), stop.clone());
        thread::spawn(move || {
            for conn in listener.incoming() {
                if halt.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (dir, log) = (dir.clone(), log.clone());
                thread::spawn(move || serve_connection(conn, &dir, &log));
            }
        });
        Server { port, root: root.to_path_buf(), hits, stop }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The folder being served.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The address of a path of the site: `url("storage/s3/")`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{}", self.port, path.trim_start_matches('/'))
    }

    /// Requests answered since the last call, oldest first.
    pub fn take_hits(&self) -> Vec<Hit> {
        std::mem::take(&mut *self.hits.lock().unwrap())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve_connection(conn: TcpStream, root: &Path, log: &Mutex<Vec<Hit>>) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match conn.try_clone() {
        Ok(c) => c,
        Err(_) => return,
    });
    let mut writer = conn;
    // Keep-alive: answer requests on this connection until the client closes it.
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut content_length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        if content_length > 0 {
            let mut body = vec![0; content_length];
            if std::io::Read::read_exact(&mut reader, &mut body).is_err() {
                return;
            }
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let target = parts.next().unwrap_or("/").to_string();
        let path = target.split(['?', '#']).next().unwrap_or("/").to_string();
        let (status, headers, body) = respond(&method, &path, root);
        log.lock().unwrap().push(Hit { path: path.clone(), status });
        let reason = match status {
            200 => "OK",
            301 => "Moved Permanently",
            404 => "Not Found",
            405 => "Method Not Allowed",
            _ => "Bad Request",
        };
        let mut head = format!("HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\n", body.len());
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("Cache-Control: no-store\r\n\r\n");
        let ok = writer.write_all(head.as_bytes()).is_ok()
            && (method == "HEAD" || writer.write_all(&body).is_ok())
            && writer.flush().is_ok();
        if !ok {
            let _ = writer.shutdown(Shutdown::Both);
            return;
        }
    }
}

fn respond(method: &str, path: &str, root: &Path) -> (u16, Vec<(&'static str, String)>, Vec<u8>) {
    if method != "GET" && method != "HEAD" {
        return (405, vec![], Vec::new());
    }
    let Some(rel) = safe_relative(path) else {
        return (400, vec![], Vec::new());
    };
    let mut file = root.join(&rel);
    if file.is_dir() {
        if !path.ends_with('/') {
            return (301, vec![("Location", format!("{path}/"))], Vec::new());
        }
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(bytes) => (200, vec![("Content-Type", mime(&file).to_string())], bytes),
        Err(_) => {
            let body = std::fs::read(root.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
            (404, vec![("Content-Type", "text/html; charset=utf-8".to_string())], body)
        }
    }
}

/// The percent-decoded path below the root, or None when it would leave the root.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path)?;
    let rel = PathBuf::from(decoded.trim_start_matches('/'));
    rel.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)).then_some(rel)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The same types `studysite serve` answers with.
fn mime(path: &Path) -> &'static str {
    studysite::serve::mime_type(&path.to_string_lossy())
}
