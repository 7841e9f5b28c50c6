//! `studysite serve`: the HTTP server's safety and behaviour, and the watcher with the
//! ways editors save files. Each test starts a server on a free loopback port.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::TempSite;
use studysite::serve::{start, Running, ServeOptions};
use studysite::BuildOptions;

fn note(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n\n{body}\n")
}

fn serve(site: &TempSite) -> Running {
    let build = BuildOptions::new(&site.root);
    start(ServeOptions { build, bind: "127.0.0.1".into(), port: 0, open: false }).expect("server starts")
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

/// One raw HTTP/1.1 request, so paths reach the server exactly as written.
fn request(addr: SocketAddr, method: &str, path: &str) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    Reply { status, headers: head.to_ascii_lowercase(), body: body.to_string() }
}

fn get(addr: SocketAddr, path: &str) -> Reply {
    request(addr, "GET", path)
}

/// Waits until `path` serves a body for which `ok` holds.
fn eventually(addr: SocketAddr, path: &str, ok: impl Fn(&Reply) -> bool) -> Reply {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let r = get(addr, path);
        if ok(&r) || Instant::now() > deadline {
            return r;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn basic_site(name: &str) -> TempSite {
    let site = TempSite::new(name);
    site.write("notes/a/one.md", &note("One", "First version."));
    site.write("notes/a/two.md", &note("Two", "Mentions One."));
    site.write("notes/a/pic.png", "not really a png");
    site
}

#[test]
fn traversal_attempts_are_all_refused() {
    let site = basic_site("traversal");
    // A file just outside the served site, which no request may reach.
    site.write("secret.txt", "TOP SECRET");
    let server = serve(&site);
    for path in [
        "/../secret.txt",
        "/a/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/secret.txt",
        "/a/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/a%00.html",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/%ff%fe",
        "/notes/a/one.md",
        "/studysite.toml",
    ] {
        let r = get(server.addr, path);
        assert!(r.status == 400 || r.status == 404, "{path} answered {}", r.status);
        assert!(!r.body.contains("TOP SECRET"), "{path} leaked the secret");
    }
    // Absolute-form and symlinked paths out of the site are refused too.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(site.root.join("secret.txt"), site.root.join("notes/a/link.txt")).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        site.write("notes/a/one.md", &note("One", "After the link."));
        std::thread::sleep(Duration::from_millis(500));
        let r = get(server.addr, "/a/link.txt");
        assert!(!r.body.contains("TOP SECRET"), "a symlink out of the site was served");
    }
    server.stop();
}

#[test]
fn mime_types_404_405_head_and_redirects() {
    let site = basic_site("http");
    let server = serve(&site);
    let a = server.addr;
    let page = get(a, "/a/one/");
    assert_eq!(page.status, 200);
    assert!(page.headers.contains("content-type: text/html; charset=utf-8"));
    assert!(page.body.contains("First version."));
    assert!(page.body.contains("/__studysite/livereload.js"), "serve pages carry the reload client");
    assert!(get(a, "/static/style.css").headers.contains("content-type: text/css"));
    assert!(get(a, "/static/theme.js").headers.contains("content-type: text/javascript"));
    assert!(get(a, "/static/favicon.svg").headers.contains("content-type: image/svg+xml"));
    assert!(get(a, "/a/pic.png").headers.contains("content-type: image/png"));
    assert!(get(a, "/robots.txt").headers.contains("content-type: text/plain"));
    let missing = get(a, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "the site's 404 page is served");
    let post = request(a, "POST", "/a/one/");
    assert_eq!(post.status, 405);
    assert!(post.headers.contains("allow: get, head"));
    assert_eq!(request(a, "DELETE", "/").status, 405);
    let head = request(a, "HEAD", "/a/one/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty() && head.headers.contains("content-length:"));
    // The search index is built after the pages and served under a fixed name.
    let index = eventually(a, "/search/index.js", |r| r.status == 200);
    assert!(index.headers.contains("content-type: text/javascript") && index.body.contains("studysiteSearch"));
    let redirect = get(a, "/a/one");
    assert_eq!(redirect.status, 301);
    assert!(redirect.headers.contains("location: /a/one/"));
    server.stop();
}

#[test]
fn many_event_streams_do_not_block_pages() {
    let site = basic_site("streams");
    let server = serve(&site);
    let mut streams = Vec::new();
    for _ in 0..64 {
        let mut s = TcpStream::connect(server.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(s, "GET /__studysite/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut reader = BufReader::new(s.try_clone().unwrap());
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.contains("200"), "{status}");
        streams.push((s, reader));
    }
    for i in 0..200 {
        let r = get(server.addr, if i % 2 == 0 { "/a/one/" } else { "/static/style.css" });
        assert_eq!(r.status, 200, "request {i} failed while 64 streams were open");
    }
    // The streams are live: an edit reaches all of them.
    site.write("notes/a/one.md", &note("One", "Second version."));
    for (_, reader) in streams.iter_mut() {
        let mut seen = String::new();
        let mut line = String::new();
        while !seen.contains("event: reload") {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            seen.push_str(&line);
        }
        assert!(seen.contains("event: reload"), "a stream got no reload: {seen}");
    }
    server.stop();
}

#[test]
fn in_place_write_and_write_then_rename() {
    let site = basic_site("saves");
    let server = serve(&site);
    // In place (truncate and write).
    site.write("notes/a/one.md", &note("One", "In place edit."));
    assert!(eventually(server.addr, "/a/one/", |r| r.body.contains("In place edit.")).body.contains("In place edit."));
    // Atomic save: write a temporary file, rename it over the note.
    site.write("notes/a/.one.md.tmp", &note("One", "Renamed into place."));
    std::fs::rename(site.root.join("notes/a/.one.md.tmp"), site.root.join("notes/a/one.md")).unwrap();
    assert!(eventually(server.addr, "/a/one/", |r| r.body.contains("Renamed into place."))
        .body
        .contains("Renamed into place."));
    // Vim: move the note to a backup, write a new file, delete the backup; plus its 4913 probe and swap file.
    site.write("notes/a/4913", "");
    site.remove("notes/a/4913");
    site.write("notes/a/.one.md.swp", "swap");
    std::fs::rename(site.root.join("notes/a/one.md"), site.root.join("notes/a/one.md~")).unwrap();
    site.write("notes/a/one.md", &note("One", "Vim style save."));
    site.remove("notes/a/one.md~");
    let r = eventually(server.addr, "/a/one/", |r| r.body.contains("Vim style save."));
    assert!(r.body.contains("Vim style save."));
    // Swap and backup files never become pages.
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(get(server.addr, "/a/.one.md.swp").status, 404);
    server.stop();
}

#[test]
fn new_deleted_and_renamed_notes_and_folders() {
    let site = basic_site("structure");
    let server = serve(&site);
    let a = server.addr;
    // A new note in a new folder.
    site.write("notes/b/three.md", &note("Three", "Brand new."));
    assert_eq!(eventually(a, "/b/three/", |r| r.status == 200).status, 200);
    // Delete and re-create.
    site.remove("notes/b/three.md");
    assert_eq!(eventually(a, "/b/three/", |r| r.status == 404).status, 404);
    site.write("notes/b/three.md", &note("Three", "Back again."));
    assert!(eventually(a, "/b/three/", |r| r.body.contains("Back again.")).body.contains("Back again."));
    // Rename a note.
    std::fs::rename(site.root.join("notes/b/three.md"), site.root.join("notes/b/four.md")).unwrap();
    assert_eq!(eventually(a, "/b/four/", |r| r.status == 200).status, 200);
    assert_eq!(eventually(a, "/b/three/", |r| r.status == 404).status, 404);
    // Rename a whole folder.
    std::fs::rename(site.root.join("notes/b"), site.root.join("notes/c")).unwrap();
    assert_eq!(eventually(a, "/c/four/", |r| r.status == 200).status, 200);
    assert_eq!(eventually(a, "/b/four/", |r| r.status == 404).status, 404);
    // Delete a whole folder.
    std::fs::remove_dir_all(site.root.join("notes/c")).unwrap();
    assert_eq!(eventually(a, "/c/four/", |r| r.status == 404).status, 404);
    // Notes in a folder moved in from elsewhere are picked up.
    let outside = site.root.join("incoming");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("five.md"), note("Five", "Moved in.")).unwrap();
    std::fs::rename(&outside, site.root.join("notes/d")).unwrap();
    assert_eq!(eventually(a, "/d/five/", |r| r.status == 200).status, 200);
    server.stop();
}

#[test]
fn a_burst_of_saves_ends_in_the_last_content() {
    let site = basic_site("burst");
    let server = serve(&site);
    for i in 0..50 {
        site.write("notes/a/one.md", &note("One", &format!("Save number {i}.")));
    }
    let r = eventually(server.addr, "/a/one/", |r| r.body.contains("Save number 49."));
    assert!(r.body.contains("Save number 49."), "{}", r.body);
    server.stop();
}

#[test]
fn errors_keep_the_last_good_site_and_reach_new_pages() {
    let site = basic_site("errors");
    let server = serve(&site);
    let a = server.addr;
    site.write("notes/a/one.md", "+++\ntitle = \"One\"\nweight = \"x\n+++\nBroken.\n");
    // A page opened while the build is broken gets the errors on its event stream.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = String::new();
    while Instant::now() < deadline && !seen.contains("notes/a/one.md:3") {
        let mut s = TcpStream::connect(a).unwrap();
        s.set_read_timeout(Some(Duration::from_millis(500))).unwrap();
        write!(s, "GET /__studysite/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut buf = [0u8; 4096];
        seen.clear();
        while let Ok(n) = s.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            if seen.contains("notes/a/one.md:3") {
                break;
            }
        }
        if !seen.contains("notes/a/one.md:3") {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    assert!(seen.contains("event: errors") && seen.contains("notes/a/one.md:3"), "{seen}");
    // The last good page is still served.
    assert!(get(a, "/a/one/").body.contains("First version."));
    site.write("notes/a/one.md", &note("One", "Fixed."));
    assert!(eventually(a, "/a/one/", |r| r.body.contains("Fixed.")).body.contains("Fixed."));
    server.stop();
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let site = basic_site("port");
    let first = serve(&site);
    let build = BuildOptions::new(&site.root);
    let err =
        start(ServeOptions { build, bind: "127.0.0.1".into(), port: first.addr.port(), open: false }).err().unwrap();
    assert!(err.contains("already in use") && err.contains("--port"), "{err}");
    first.stop();
}

/// The served site, once it has stayed the same for half a second (its search index is
/// made after the pages).
fn served_settled(server: &Running) -> Vec<(String, Vec<u8>)> {
    let snapshot = || server.files().iter().map(|(p, b)| (p.clone(), b.to_vec())).collect::<Vec<_>>();
    let mut last = snapshot();
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let now = snapshot();
        if now == last {
            return now;
        }
        last = now;
    }
}

#[test]
fn edits_of_note_bodies_serve_what_a_fresh_build_would() {
    let site = TempSite::new("edit-in-place");
    let quiz = "```quiz\n[[question]]\nid = \"three-q\"\nprompt = \"Is Three a note?\"\nanswer = true\n```";
    site.write(
        "notes/a/one.md",
        "+++\ntitle = \"One\"\nkeywords = [\"Uno\"]\n+++\n\nOne is first. It is not Three.\n\n## Details\n\nMore.\n",
    );
    site.write("notes/a/two.md", "+++\ntitle = \"Two\"\n+++\n\nTwo mentions Uno in passing.\n");
    site.write(
        "notes/b/three.md",
        &format!("+++\ntitle = \"Three\"\n+++\n\n> [!tip]\n> Keep this fact.\n\nSee [[one]].\n\n{quiz}\n"),
    );
    let server = serve(&site);
    let a = server.addr;
    // The "Mentioned in" section, not the sidebar (which links every note).
    let mentions = |r: &Reply| r.body.split("id=\"backlinks-title\"").nth(1).unwrap_or("").to_string();
    let mentioned_in_one = |r: &Reply| mentions(r).contains("a/two/\">Two</a>");
    assert!(mentioned_in_one(&get(a, "/a/one/")), "Two's mention of One is listed on One's page");

    // Two stops mentioning One and mentions Three: both notes' "Mentioned in" lists and the graph change.
    site.write("notes/a/two.md", "+++\ntitle = \"Two\"\n+++\n\nTwo now points at Three instead.\n");
    assert!(eventually(a, "/a/two/", |r| r.body.contains("points at")).body.contains("points at"));
    assert!(!mentioned_in_one(&eventually(a, "/a/one/", |r| !mentioned_in_one(r))));
    assert!(mentions(&eventually(a, "/b/three/", |r| mentions(r).contains(">Two</a>"))).contains(">Two</a>"));
    // A key fact changes: the cheat sheet shows the new one.
    site.write(
        "notes/b/three.md",
        &format!("+++\ntitle = \"Three\"\n+++\n\n> [!tip]\n> Keep this other fact.\n\nSee [[one]].\n\n{quiz}\n"),
    );
    let sheet = eventually(a, "/cheatsheet/", |r| r.body.contains("Keep this other fact."));
    assert!(sheet.body.contains("Keep this other fact."));
    // A plain paragraph.
    site.write(
        "notes/a/one.md",
        "+++\ntitle = \"One\"\nkeywords = [\"Uno\"]\n+++\n\nOne is first. It is not Three.\n\n## Details\n\nMore, and more.\n",
    );
    assert!(eventually(a, "/a/one/", |r| r.body.contains("More, and more.")).body.contains("More, and more."));
    assert_eq!(server.edits_in_place(), 3, "each body edit was applied without the whole pipeline");

    // Everything served, search index included, is what a server started on these files
    // serves (on the same port: pages name their address).
    let got = served_settled(&server);
    server.stop();
    let deadline = Instant::now() + Duration::from_secs(10);
    let fresh = loop {
        let build = BuildOptions::new(&site.root);
        match start(ServeOptions { build, bind: "127.0.0.1".into(), port: a.port(), open: false }) {
            Ok(fresh) => break fresh,
            // The stopped server lets go of its port on its own thread.
            Err(e) if Instant::now() < deadline && e.contains("in use") => {
                std::thread::sleep(Duration::from_millis(50))
            }
            Err(e) => panic!("{e}"),
        }
    };
    let expected = served_settled(&fresh);
    fresh.stop();
    let differing: Vec<&str> = expected
        .iter()
        .zip(&got)
        .filter(|(e, g)| e != g)
        .map(|(e, _)| e.0.as_str())
        .chain((expected.len() != got.len()).then_some("(a different number of files)"))
        .collect();
    assert!(differing.is_empty(), "served after edits differs from a fresh build in {differing:?}");

    // A new heading is seen by other pages (the glossary, links to it): the whole pipeline runs.
    let server = serve(&site);
    site.write(
        "notes/a/one.md",
        "+++\ntitle = \"One\"\nkeywords = [\"Uno\"]\n+++\n\nOne is first.\n\n## Details\n\nMore.\n\n## Limits\n\nFew.\n",
    );
    let r = eventually(server.addr, "/a/one/", |r| r.body.contains("id=\"limits\""));
    assert!(r.body.contains("id=\"limits\""));
    assert_eq!(server.edits_in_place(), 0);
    server.stop();
}
