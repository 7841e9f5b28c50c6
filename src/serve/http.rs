//! A small HTTP/1.1 server on `std::net` for `serve`: one short-lived thread per
//! connection, one request per connection, and connections that can be taken over for
//! Server-Sent Events.
//!
//! tiny_http was the first choice; with it Chromium page loads stalled in 4 of 8 runs (a
//! script request stayed unanswered, seen in Chromium's net log), so `serve` owns this
//! small, fully understood piece instead (README, "Why not tiny_http").
//!
//! Hostile or broken clients cannot stall it: the accept loop never waits, every
//! connection has a total deadline for its request head and a write timeout, and a
//! request whose `Host` is not this server (a DNS-rebinding page) is refused.

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Connections handled at once; past this a new one is answered 503 at once.
pub const MAX_CONNECTIONS: usize = 4096;
const MAX_HEAD: usize = 16 * 1024;
/// The whole request head must arrive within this time (not per read).
const HEAD_DEADLINE: Duration = Duration::from_secs(5);
/// A client that stops reading a response is dropped after this.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Threads only copy bytes from memory to a socket.
const THREAD_STACK: usize = 128 * 1024;

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
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
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
        let _ = self.stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let _ = self.stream.write_all(&out).and_then(|_| self.stream.flush());
        let _ = self.stream.shutdown(std::net::Shutdown::Write);
    }

    /// Hands the connection over for a long-lived stream (the caller writes everything).
    pub fn into_stream(self) -> TcpStream {
        self.stream
    }
}

/// The parts of a request head `serve` uses.
struct Head {
    method: String,
    url: String,
    host: Option<String>,
}

/// Reads one request head within [`HEAD_DEADLINE`]; `Ok(None)` for a connection closed
/// without a request, `Err` with the status that answers a bad or slow one.
fn read_head(stream: &TcpStream) -> Result<Option<Head>, u16> {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let end = loop {
        if let Some(end) = head_end(&buf) {
            break end;
        }
        if buf.len() > MAX_HEAD {
            return Err(431);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(408);
        }
        match (&*stream).read(&mut chunk) {
            Ok(0) if buf.is_empty() => return Ok(None),
            Ok(0) => return Err(400),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return Err(408)
            }
            Err(_) => return Err(400),
        }
    };
    let text = std::str::from_utf8(&buf[..end]).map_err(|_| 400u16)?;
    let mut lines = text.lines();
    let mut parts = lines.next().unwrap_or("").split_whitespace();
    let (Some(method), Some(url), Some(version)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(400);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(400);
    }
    let host = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("host"))
        .map(|(_, value)| value.trim().to_ascii_lowercase());
    Ok(Some(Head { method: method.to_string(), url: url.to_string(), host }))
}

/// Where the blank line that ends a request head is.
fn head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").or_else(|| buf.windows(2).position(|w| w == b"\n\n"))
}

/// Whether a `Host` header names this server: its own address, `localhost`,
/// `127.0.0.1` or `[::1]`, with this port or none. Any other name is how a page on
/// another site reaches a loopback server after a DNS rebinding, so it is refused.
/// Clients that send no `Host` (not browsers) are let through.
pub fn host_allowed(host: Option<&str>, bound: SocketAddr) -> bool {
    let Some(host) = host else { return true };
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) if !port.contains(']') => (name, Some(port)),
        _ => (host, None),
    };
    if port.is_some_and(|p| p.parse::<u16>().ok() != Some(bound.port())) {
        return false;
    }
    let ip = name.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().ok();
    name == "localhost" || ip.is_some_and(|ip| ip.is_loopback() || ip == bound.ip() || bound.ip().is_unspecified())
}

pub struct Server {
    listener: TcpListener,
    stopped: Arc<AtomicBool>,
}

impl Server {
    pub fn bind(addr: &str) -> std::io::Result<Server> {
        raise_open_file_limit();
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
        let bound = self.listener.local_addr().ok();
        for stream in self.listener.incoming() {
            if self.stopped.load(Ordering::SeqCst) {
                break;
            }
            let stream = match stream {
                Ok(s) => s,
                Err(_) => {
                    // Out of file descriptors: give closing connections a moment.
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                }
            };
            if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
                let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
                Request { method: "GET".into(), url: String::new(), stream }
                    .respond(Response::new(503, "503 Service Unavailable: too many connections\n"));
                continue;
            }
            active.fetch_add(1, Ordering::SeqCst);
            let (handle, worker_active) = (Arc::clone(&handle), Arc::clone(&active));
            let spawned = std::thread::Builder::new().stack_size(THREAD_STACK).spawn(move || {
                serve_connection(stream, bound, &*handle);
                worker_active.fetch_sub(1, Ordering::SeqCst);
            });
            if spawned.is_err() {
                active.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }
}

fn serve_connection(stream: TcpStream, bound: Option<SocketAddr>, handle: &(impl Fn(Request) + ?Sized)) {
    let _ = stream.set_nodelay(true);
    match read_head(&stream) {
        Ok(Some(head)) => {
            let _ = stream.set_read_timeout(None);
            let request = Request { method: head.method, url: head.url, stream };
            if bound.is_some_and(|b| !host_allowed(head.host.as_deref(), b)) {
                return request.respond(Response::new(
                    403,
                    "403 Forbidden: this server answers only requests for localhost or its own address\n",
                ));
            }
            handle(request);
        }
        Ok(None) => {}
        Err(status) => {
            Request { method: "GET".into(), url: String::new(), stream }.respond(Response::new(status, reason(status)))
        }
    }
}

/// Lets `serve` hold as many sockets as the system allows (the soft limit is often
/// 1,024, which idle connections alone could use up).
#[cfg(target_os = "linux")]
fn raise_open_file_limit() {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit read and write the one struct passed by pointer.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max.min(65_536);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn raise_open_file_limit() {}

#[cfg(test)]
mod tests {
    use super::host_allowed;

    #[test]
    fn only_this_servers_names_are_allowed_hosts() {
        let bound = "127.0.0.1:1111".parse().unwrap();
        for ok in ["127.0.0.1:1111", "localhost:1111", "[::1]:1111", "localhost", "127.0.0.1"] {
            assert!(host_allowed(Some(ok), bound), "{ok}");
        }
        for bad in
            ["evil.example", "evil.example:1111", "127.0.0.1:2222", "localhost.evil.example:1111", "10.0.0.5:1111"]
        {
            assert!(!host_allowed(Some(bad), bound), "{bad}");
        }
        let any = "0.0.0.0:1111".parse().unwrap();
        assert!(host_allowed(Some("192.168.1.20:1111"), any));
        assert!(!host_allowed(Some("attacker.example:1111"), any));
    }
}
