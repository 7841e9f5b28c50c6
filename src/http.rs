//! A small HTTP/1.1 server on `std::net` for `serve`: one short-lived thread per
//! connection (at most `MAX_CONNECTIONS` at once), one request per connection, and
//! connections that can be taken over for Server-Sent Events.
//!
//! tiny_http was the first choice; with it Chromium page loads stalled in 4 of 8 runs (a
//! script request stayed unanswered, seen in Chromium's net log), so `serve` owns this
//! small, fully understood piece instead (README, "Why not tiny_http").

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Connections handled at once; more wait in the kernel's accept queue.
pub const MAX_CONNECTIONS: usize = 64;
const MAX_HEAD: usize = 16 * 1024;

pub struct Request {
    pub method: String,
    /// The request target as sent (path and query).
    pub url: String,
    stream: TcpStream,
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response { status, headers: Vec::new(), body: body.into() }
    }
    pub fn header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

impl Request {
    /// Sends the response and closes the connection; `HEAD` gets the headers only.
    pub fn respond(mut self, response: Response) {
        let mut head = format!("HTTP/1.1 {} {}\r\n", response.status, reason(response.status));
        for (name, value) in &response.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", response.body.len()));
        let mut out = head.into_bytes();
        if self.method != "HEAD" {
            out.extend_from_slice(&response.body);
        }
        let _ = self.stream.write_all(&out).and_then(|_| self.stream.flush());
        let _ = self.stream.shutdown(std::net::Shutdown::Write);
    }

    /// Hands the connection over for a long-lived stream (the caller writes everything).
    pub fn into_stream(self) -> TcpStream {
        self.stream
    }
}

/// Reads one request; `Err` carries the status to answer a malformed one with.
fn read_request(stream: &TcpStream) -> Result<Option<(String, String)>, u16> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD as u64));
    let mut line = String::new();
    if reader.read_line(&mut line).map_err(|_| 400u16)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(url), Some(version)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(400);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(400);
    }
    // Headers are read and ignored: nothing in `serve` depends on them.
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) => return Err(413),
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
            Err(_) => return Err(400),
        }
    }
    Ok(Some((method.to_string(), url.to_string())))
}

pub struct Server {
    listener: TcpListener,
    stopped: Arc<AtomicBool>,
}

impl Server {
    pub fn bind(addr: &str) -> std::io::Result<Server> {
        Ok(Server { listener: TcpListener::bind(addr)?, stopped: Arc::new(AtomicBool::new(false)) })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// A handle that stops the accept loop.
    pub fn stopper(&self) -> impl Fn() + Send + 'static {
        let stopped = Arc::clone(&self.stopped);
        let addr = self.listener.local_addr().ok();
        move || {
            stopped.store(true, Ordering::SeqCst);
            // Wake the accept loop so it sees the flag.
            if let Some(a) = addr {
                let _ = TcpStream::connect_timeout(&a, Duration::from_millis(200));
            }
        }
    }

    /// Accepts connections until stopped, calling `handle` on a thread per request.
    pub fn run(self, handle: impl Fn(Request) + Send + Sync + 'static) {
        let handle = Arc::new(handle);
        let active = Arc::new(AtomicUsize::new(0));
        for stream in self.listener.incoming() {
            if self.stopped.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else { continue };
            while active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
                std::thread::sleep(Duration::from_millis(2));
            }
            active.fetch_add(1, Ordering::SeqCst);
            let (handle, active) = (Arc::clone(&handle), Arc::clone(&active));
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let _ = stream.set_nodelay(true);
                match read_request(&stream) {
                    Ok(Some((method, url))) => {
                        let _ = stream.set_read_timeout(None);
                        handle(Request { method, url, stream });
                    }
                    Ok(None) => {}
                    Err(status) => {
                        Request { method: "GET".into(), url: String::new(), stream }
                            .respond(Response::new(status, reason(status)));
                    }
                }
                active.fetch_sub(1, Ordering::SeqCst);
            });
        }
    }
}
