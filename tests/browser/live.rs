//! `studysite serve` in a real browser: an edit shows without a manual reload and keeps the
//! scroll position, a CSS edit swaps the stylesheet without reloading, and a broken note
//! shows an overlay with its file and line until it is fixed.

use std::time::Duration;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use super::driver::Browser;
use super::harness::Env;
use crate::common::TempSite;

fn note(body: &str) -> String {
    let filler: String = (1..=60).map(|i| format!("Filler paragraph {i} so the page scrolls.\n\n")).collect();
    format!("+++\ntitle = \"Live note\"\nsummary = \"Edited while open.\"\n+++\n\n## Top\n\n{body}\n\n{filler}## Bottom\n\nEnd.\n")
}

/// Waits for a condition in the page, with a readable failure.
fn wait(b: &Browser, cond: &str, what: &str) {
    for _ in 0..200 {
        if b.eval(&format!("try {{ return !!({cond}); }} catch (e) {{ return false; }}")).as_bool() == Some(true) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {what} ({cond})");
}

pub fn edit_reload_and_error_overlay(env: &Env) {
    let site = TempSite::new("browser-live");
    site.write("notes/a/live.md", &note("First text."));
    site.write("notes/a/other.md", "+++\ntitle = \"Other\"\n+++\n\nMentions the Live note.\n");
    let server = Serve::start(&site.root);
    let b = env.browser();
    b.goto(&format!("http://{}/a/live/", server.addr));
    wait(b, "window.studysiteLiveReload && window.studysiteLiveReload.source.readyState === 1", "the event stream");
    assert!(b.text("main").contains("First text."));

    // An edit shows without a manual reload, at the same scroll position.
    b.eval("window.scrollTo(0, 900); return null;");
    site.write("notes/a/live.md", &note("Second text."));
    wait(b, "document.querySelector('main').textContent.includes('Second text.')", "the edited text");
    wait(b, "Math.abs(window.scrollY - 900) < 5", "the scroll position to be restored");

    // A stylesheet edit is swapped in place: the page is not reloaded.
    b.eval("window.__notReloaded = true; return null;");
    site.write("static/extra.css", "body { outline: 0; }\n");
    let css = std::fs::read_to_string(studysite_style()).unwrap() + "\n.live-test { color: red; }\n";
    site.write("static/style.css", &css);
    wait(
        b,
        "Array.from(document.querySelectorAll('link[rel=stylesheet]')).some(l => l.href.includes('live='))",
        "the stylesheet swap",
    );
    assert_eq!(b.eval("return window.__notReloaded === true;").as_bool(), Some(true), "a CSS edit reloaded the page");

    // Broken front matter: an overlay names the file and line; the last good page stays.
    site.write("notes/a/live.md", "+++\ntitle = \"Live note\"\nweight = \"oops\n+++\n\nBroken.\n");
    wait(b, "document.getElementById('studysite-error-overlay')", "the error overlay");
    let overlay = b.text("#studysite-error-overlay");
    assert!(overlay.contains("notes/a/live.md:3"), "overlay without file and line: {overlay}");
    b.screenshot("live-error-overlay");
    assert!(b.text("main").contains("Second text."), "the last good page is still shown");

    // Fixing the note removes the overlay and shows the new text.
    site.write("notes/a/live.md", &note("Third text."));
    wait(b, "!document.getElementById('studysite-error-overlay')", "the overlay to go");
    wait(b, "document.querySelector('main').textContent.includes('Third text.')", "the fixed text");
    let errors: Vec<String> = b.take_errors().iter().map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

/// `studysite serve` as a child process, as an author runs it; stopped when dropped.
struct Serve {
    child: Child,
    addr: String,
}

impl Serve {
    fn start(root: &std::path::Path) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_studysite"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start studysite serve");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let addr = loop {
            let line = lines.next().expect("serve printed its address").unwrap();
            if let Some(rest) = line.split("http://").nth(1) {
                break rest.split('/').next().unwrap().to_string();
            }
        };
        // Keep reading its output so the child never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Serve { child, addr }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn studysite_style() -> std::path::PathBuf {
    crate::common::repo_root().join("static/style.css")
}
