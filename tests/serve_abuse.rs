//! `serve` under hostile or broken clients: connections that send their head slowly,
//! never read, or sit idle must not delay anyone else; requests from other sites (DNS
//! rebinding) and files linked from outside the site are refused.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::TempSite;
use studysite::serve::{start, Running, ServeOptions};
use studysite::BuildOptions;

fn serve(site: &TempSite) -> Running {
    let build = BuildOptions::new(&site.root);
    start(ServeOptions { build, bind: "127.0.0.1".into(), port: 0, open: false }).expect("server starts")
}

fn site(name: &str) -> TempSite {
    let site = TempSite::new(name);
    site.write("notes/a/one.md", "+++\ntitle = \"One\"\n+++\n\nThe first note.\n");
    // A large page, so a client that never reads fills the socket buffers.
    let big: String = (0..4000).map(|i| format!("Line {i} of a long note about shards and streams.\n\n")).collect();
    site.write("notes/a/big.md", &format!("+++\ntitle = \"Big\"\n+++\n\n{big}"));
    site
}

fn raw(addr: SocketAddr, head: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, text)
}

fn get(addr: SocketAddr, path: &str) -> u16 {
    raw(addr, &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n", addr.port())).0
}

#[test]
fn slow_and_non_reading_clients_do_not_delay_normal_requests() {
    let site = site("abuse");
    let server = serve(&site);
    let addr = server.addr;
    // 100 clients that send half a request head and then nothing.
    let mut held = Vec::new();
    for _ in 0..100 {
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(b"GET /a/one/ HTTP/1.1\r\nHost: 127").unwrap();
        held.push(s);
    }
    // 100 clients that ask for a large page and never read the answer.
    for _ in 0..100 {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_millis(1))).unwrap();
        write!(s, "GET /a/big/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", addr.port()).unwrap();
        held.push(s);
    }
    let mut slowest = Duration::ZERO;
    for i in 0..50 {
        let started = Instant::now();
        let path = if i % 2 == 0 { "/a/one/" } else { "/static/style.css" };
        assert_eq!(get(addr, path), 200, "request {i}");
        slowest = slowest.max(started.elapsed());
    }
    println!("50 GETs beside 200 hostile connections: slowest {slowest:?}");
    assert!(slowest < Duration::from_secs(2), "a normal request waited {slowest:?}");
    drop(held);
    server.stop();
}

#[test]
fn a_slow_request_head_is_cut_off_by_a_total_deadline() {
    let site = site("deadline");
    let server = serve(&site);
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    let started = Instant::now();
    // One byte a second keeps a per-read timeout happy forever; the deadline is total.
    let mut answer = Vec::new();
    for b in b"GET /a/one/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaa".iter() {
        if s.write_all(&[*b]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
        if started.elapsed() > Duration::from_secs(12) {
            break;
        }
    }
    let _ = s.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(started.elapsed() < Duration::from_secs(12), "held for {:?}", started.elapsed());
    server.stop();
}

#[test]
fn requests_for_another_host_are_refused() {
    let site = site("host");
    let server = serve(&site);
    let port = server.addr.port();
    let (status, text) =
        raw(server.addr, &format!("GET /a/one/ HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"));
    assert_eq!(status, 403, "{text}");
    assert!(!text.contains("The first note"));
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}")] {
        let (status, _) =
            raw(server.addr, &format!("GET /a/one/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        assert_eq!(status, 200, "{host}");
    }
    server.stop();
}

#[test]
#[cfg(unix)]
fn a_static_symlink_to_a_file_outside_the_site_is_not_served() {
    let site = site("symlink-static");
    let outside = TempSite::new("symlink-outside");
    outside.write("secret.txt", "TOP SECRET");
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    std::os::unix::fs::symlink(outside.root.join("secret.txt"), site.root.join("static/secret.txt")).unwrap();
    site.write("static/inside.txt", "fine");
    let server = serve(&site);
    assert_eq!(get(server.addr, "/static/secret.txt"), 404);
    assert_eq!(get(server.addr, "/static/inside.txt"), 200);
    server.stop();
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!site.exists("public/static/secret.txt"));
}

#[test]
fn a_redirect_location_is_percent_encoded() {
    let site = site("location");
    // A note's page gets a slug (`we-ird/x/`); an attached file keeps its folder's name.
    site.write("notes/we ird/x/index.html", "<p>attached page</p>");
    let server = serve(&site);
    let (status, text) = raw(
        server.addr,
        &format!("GET /we%20ird/x HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n", server.addr.port()),
    );
    assert_eq!(status, 301, "{text}");
    assert!(text.contains("Location: /we%20ird/x/\r\n"), "{text}");
    server.stop();
}

#[test]
#[cfg(unix)]
fn a_folder_name_with_a_line_break_cannot_split_the_response() {
    let site = site("crlf");
    site.write("notes/b\r\nSet-Cookie x=1/x/index.html", "<p>attached page</p>");
    let server = serve(&site);
    let head = format!(
        "GET /b%0D%0ASet-Cookie%20x=1/x HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        server.addr.port()
    );
    let (status, text) = raw(server.addr, &head);
    assert_eq!(status, 301, "{text}");
    assert!(text.contains("Location: /b%0D%0ASet-Cookie%20x%3D1/x/\r\n"), "{text}");
    let head = text.split("\r\n\r\n").next().unwrap_or("");
    assert!(!head.lines().any(|l| l.starts_with("Set-Cookie")), "{head}");
    server.stop();
}
