//! Real-browser tests: the built default site in headless Chromium (Debian's `chromium` and
//! `chromium-driver`, driven through WebDriver), checked for console errors and failed
//! requests, for accessibility with axe-core, and for valid HTML with the Nu HTML checker.
//!
//! Run: `bash .ci/test-tools` once (npm: axe-core, vnu-jar), then `cargo test --test browser`.
//! Without Chromium, axe-core or Java the tests that need them are skipped with a notice;
//! with `CI` set they fail instead. Screenshots go to `target/screenshots/`.
//!
//! The harness (tests/browser/) is for every feature's browser tests: add a `test(...)` to
//! `tests()` below and use `env.browser()` (open, click, type, read text, read the log,
//! screenshot) and `sites.default` (the built default site, served on loopback).

mod common;
#[allow(dead_code)] // helpers for the feature tests to come
#[path = "browser/mod.rs"]
mod support;

use std::cell::{OnceCell, RefCell};
use std::thread::JoinHandle;

use common::TempSite;
use support::checks::{axe_violations, disk_load_problems, load_problems, HtmlError, Violation};
use support::driver::{Browser, Theme};
use support::harness::{run_all, test, Env, Need, Test};
use support::server::Server;
use support::site::Site;

/// The kinds of page checked with axe-core, one page of each (the largest), in the light
/// and the dark theme. **A new kind of page is one line here**: `Kind::page("quiz")` for a
/// page whose `<body data-page-kind>` is "quiz", or `Kind::state(name, file, prepare)` for a
/// state reached by interaction (e.g. search results open). `kinds::every_page_kind_is_listed`
/// fails while a kind the site has is missing here.
const PAGE_KINDS: &[Kind] = &[
    Kind::page("home"),
    Kind::page("note"),
    Kind::page("category"),
    Kind::page("tags"),
    Kind::page("comparisons"),
    Kind::page("glossary"),
    Kind::page("graph"),
    Kind::page("cheatsheet"),
    Kind::page("404"),
    Kind::state("search-results", "storage/s3/index.html", support::search::open_results),
    Kind::state("quiz-answered", support::quiz::DEFAULT_PAGE, support::quiz::answer_some),
    Kind::state("compare-highlight", "comparisons/index.html", support::compare::pick_and_highlight),
    // Study pages (tests/browser/study.rs)
    Kind::page("review"),
    Kind::page("exam"),
    Kind::page("progress"),
    Kind::state("review-answered", "review/index.html", support::study::review_answered),
    Kind::state("exam-running", "exam/index.html", support::study::exam_running),
    Kind::state("exam-results", "exam/index.html", support::study::exam_results),
    Kind::state("progress-filled", "progress/index.html", support::study::progress_filled),
];

struct Kind {
    name: &'static str,
    /// A fixed page (file below the output) instead of the largest page of kind `name`.
    file: Option<&'static str>,
    /// Runs after the page is open, before the check.
    prepare: Option<fn(&Browser)>,
}

impl Kind {
    const fn page(name: &'static str) -> Kind {
        Kind { name, file: None, prepare: None }
    }

    #[allow(dead_code)]
    const fn state(name: &'static str, file: &'static str, prepare: fn(&Browser)) -> Kind {
        Kind { name, file: Some(file), prepare: Some(prepare) }
    }
}

/// What the tests share, built once.
struct Sites {
    /// The repository's own site.
    default: Site,
    /// A site with one page broken on purpose (`broken/bad/`), to prove the checks fail.
    broken: Site,
    _broken_source: TempSite,
    /// Every kind of quiz question, and quiz text that tries to break out (tests/browser/quiz.rs).
    quiz: Site,
    _quiz_source: TempSite,
    /// The Nu HTML checker's errors over both sites, computed in the background.
    html_errors: Later<Result<Vec<HtmlError>, String>>,
}

const BROKEN_PAGE: &str = "broken/bad/index.html";

/// The broken page: an image without alt text (whose file is missing), an id used twice
/// (also referenced by aria-labelledby), and a script that logs a console error.
const BROKEN_NOTE: &str = r#"+++
title = "Broken on purpose"
summary = "A page the browser checks must reject."
+++

This page is broken on purpose.

<img src="missing-picture.png">

<p id="twice">First paragraph with an id.</p>
<p id="twice">Second paragraph with the same id.</p>
<p><input type="text" aria-labelledby="twice"></p>

<script>console.error("broken fixture: console error")</script>
"#;

fn setup(env: &Env) -> Sites {
    let default = Site::build(&common::repo_root(), &env.scratch("default-site"));
    let source = TempSite::new("browser-broken");
    source.write("notes/broken/bad.md", BROKEN_NOTE);
    let broken = Site::build(&source.root, &env.scratch("broken-site"));
    let (quiz, quiz_source) = support::quiz::fixture(env);
    let html_errors = if env.is_needed(Need::Vnu) {
        let (vnu, a, b, c) = (env.vnu().clone(), default.out.clone(), broken.out.clone(), quiz.out.clone());
        Later::spawn(move || vnu.errors(&[&a, &b, &c]))
    } else {
        Later::spawn(|| Err("vnu is not needed".into()))
    };
    Sites { default, broken, _broken_source: source, quiz, _quiz_source: quiz_source, html_errors }
}

fn tests() -> Vec<Test<Sites>> {
    let mut t: Vec<Test<Sites>> = vec![
        test("kinds::every_page_kind_is_listed", &[], every_page_kind_is_listed),
        test("harness::click_type_read_and_log", &[Need::Browser], harness_click_type_read_and_log),
        test("load::every_page_over_http", &[Need::Browser], every_page_loads_over_http),
        test("load::one_page_per_kind_from_disk", &[Need::Browser], one_page_per_kind_loads_from_disk),
        test("ui::theme_toggle_switches_and_is_remembered", &[Need::Browser], theme_toggle),
        test("ui::narrow_screen_has_no_sideways_scroll", &[Need::Browser], narrow_screen),
        test("links::preview_on_focus_over_http_and_from_disk", &[Need::Browser], link_preview),
        test("serve::edit_reload_and_error_overlay", &[Need::Browser], |env, _| {
            support::live::edit_reload_and_error_overlay(env)
        }),
    ];
    t.extend(support::search::tests(|sites: &Sites| &sites.default));
    t.extend(support::quiz::tests(|sites: &Sites| &sites.default, |sites: &Sites| &sites.quiz));
    t.extend(support::compare::tests(|sites: &Sites| &sites.default));
    t.extend(support::study::tests(|sites: &Sites| &sites.default));
    t.extend(support::reading::tests(|sites: &Sites| &sites.default));
    for (i, kind) in PAGE_KINDS.iter().enumerate() {
        for theme in [Theme::Light, Theme::Dark] {
            let name = format!("axe::{}::{}", kind.name, theme.name());
            t.push(test(name, &[Need::Axe], move |env, sites| axe_kind(env, sites, &PAGE_KINDS[i], theme)));
        }
    }
    t.extend([
        test("broken::load_check_reports_console_error_and_failed_request", &[Need::Browser], broken_load_check),
        test("broken::axe_reports_missing_alt_and_duplicate_id", &[Need::Axe], broken_axe),
        test("broken::vnu_reports_missing_alt_and_duplicate_id", &[Need::Vnu], broken_vnu),
        test("html::default_site_is_valid", &[Need::Vnu], default_site_is_valid_html),
        test("html::quiz_fixture_is_valid", &[Need::Vnu], |_env, sites: &Sites| {
            let errors = html_errors_under(sites, &sites.quiz.out);
            let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "the Nu HTML checker on the quiz fixture:\n  {}", list.join("\n  "));
        }),
    ]);
    t
}

fn main() {
    run_all(tests(), setup)
}

// ---------------------------------------------------------------------------------------
// Page kinds

fn every_page_kind_is_listed(_env: &Env, sites: &Sites) {
    let listed: Vec<&str> = PAGE_KINDS.iter().map(|k| k.name).collect();
    let unlisted: Vec<&str> = sites.default.kinds().into_iter().filter(|k| !listed.contains(k)).collect();
    assert!(
        unlisted.is_empty(),
        "the default site has pages of kind {unlisted:?} that PAGE_KINDS in tests/browser.rs does not list"
    );
    for kind in PAGE_KINDS.iter().filter(|k| k.file.is_none()) {
        assert!(
            sites.default.page_of_kind(kind.name).is_some(),
            "PAGE_KINDS lists `{}`, but no page of the default site has data-page-kind=\"{}\"",
            kind.name,
            kind.name
        );
    }
    let kindless: Vec<&str> =
        sites.default.pages.iter().filter(|p| p.kind.is_empty()).map(|p| p.file.as_str()).collect();
    assert!(kindless.is_empty(), "pages without data-page-kind (so no check covers their kind): {kindless:?}");
}

// ---------------------------------------------------------------------------------------
// The harness itself

/// Opens a hand-written page, types, clicks and reads, and sees a console error, a failed
/// request, a redirect and a screenshot: the helpers every feature test relies on.
fn harness_click_type_read_and_log(env: &Env, _sites: &Sites) {
    let dir = env.scratch("harness-page");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(
        dir.join("sub/index.html"),
        "<!DOCTYPE html><title>sub</title><link rel=icon href=\"data:,\"><p id=sub>in sub</p>",
    )
    .unwrap();
    std::fs::write(
        dir.join("index.html"),
        r#"<!DOCTYPE html><html lang="en"><title>harness</title><link rel="icon" href="data:,">
<label>Query <input id="q"></label> <button id="go" type="button">Go</button>
<p id="out">nothing yet</p>
<script>
document.getElementById("go").addEventListener("click", function () {
  document.getElementById("out").textContent = "you typed " + document.getElementById("q").value;
  console.error("clicked");
  var img = new Image(); img.src = "no-such-image.png"; document.body.appendChild(img);
});
</script></html>"#,
    )
    .unwrap();
    let server = Server::start(&dir);
    let b = env.browser();
    let problems = load_problems(b, &server, "");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(b.title(), "harness");
    assert_eq!(b.text("#out"), "nothing yet");
    b.type_text("#q", "glacier");
    b.click("#go");
    b.wait_until("document.querySelector('img') && document.querySelector('img').complete");
    assert_eq!(b.text("#out"), "you typed glacier");
    let errors: Vec<String> = b.take_errors().iter().map(|e| e.to_string()).collect();
    assert!(errors.iter().any(|e| e.contains("console-api") && e.contains("clicked")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("network") && e.contains("no-such-image.png")), "{errors:?}");
    let hits = server.take_hits();
    assert!(hits.iter().any(|h| h.path == "/no-such-image.png" && h.status == 404), "{hits:?}");
    // A folder without its slash is redirected, as on a static host.
    b.goto(&server.url("sub"));
    assert!(b.current_url().ends_with("/sub/"), "{}", b.current_url());
    assert_eq!(b.text("#sub"), "in sub");
    let shot = b.screenshot("harness");
    assert!(std::fs::read(&shot).unwrap().starts_with(b"\x89PNG"), "{} is not a PNG", shot.display());
}

// ---------------------------------------------------------------------------------------
// Loading pages

fn every_page_loads_over_http(env: &Env, sites: &Sites) {
    let b = env.browser();
    let mut failures = Vec::new();
    for page in &sites.default.pages {
        let problems = load_problems(b, &sites.default.server, &page.url_path());
        if !problems.is_empty() {
            b.screenshot(&format!("load-failed-{}", page.file));
            failures.push(format!("{}:\n    {}", page.file, problems.join("\n    ")));
        }
    }
    println!("  {} pages loaded", sites.default.pages.len());
    assert!(failures.is_empty(), "pages with console errors or failed requests:\n  {}", failures.join("\n  "));
}

fn one_page_per_kind_loads_from_disk(env: &Env, sites: &Sites) {
    let b = env.browser();
    let mut failures = Vec::new();
    // 404.html is served by the host for any missing address, so its links are absolute
    // (from `base_url`) and cannot work from disk.
    for kind in sites.default.kinds().into_iter().filter(|&k| k != "404") {
        let page = sites.default.page_of_kind(kind).unwrap();
        let problems = disk_load_problems(b, &sites.default.out.join(&page.file));
        if !problems.is_empty() {
            failures.push(format!("{} ({kind}):\n    {}", page.file, problems.join("\n    ")));
        }
    }
    assert!(failures.is_empty(), "pages opened from disk (file://) with errors:\n  {}", failures.join("\n  "));
}

// ---------------------------------------------------------------------------------------
// Theme and layout

fn theme_toggle(env: &Env, sites: &Sites) {
    let b = env.browser();
    let site = &sites.default;
    b.goto(&site.server.url(""));
    b.forget_theme();
    b.reload();
    let system = b.eval("return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';");
    let other = if system == "dark" { "light" } else { "dark" };
    let theme = || b.eval("return document.documentElement.getAttribute('data-theme');");
    let label = b.attr("[data-theme-toggle]", "aria-label").unwrap_or_default();
    assert!(label.contains(other), "toggle label {label:?} should offer the {other} theme");
    b.click("[data-theme-toggle]");
    assert_eq!(theme(), other, "one click switches away from the system theme");
    b.screenshot(&format!("theme-toggled-{other}"));
    // The choice is remembered across pages.
    b.goto(&site.url(site.page_of_kind("note").unwrap()));
    assert_eq!(theme(), other, "the next page keeps the chosen theme");
    b.click("[data-theme-toggle]");
    assert_ne!(theme(), other);
    b.forget_theme();
    assert!(b.take_errors().is_empty());
}

/// `[viewport width, page width, up to 5 descriptions of what sticks out]`: elements and
/// runs of text whose right edge passes the viewport.
const WIDER_THAN_VIEWPORT: &str = r#"
var vw = document.documentElement.clientWidth, found = [];
function clipped(el) { // inside a box that hides or scrolls its overflow, and that box fits
  for (var a = el; a && a !== document.body; a = a.parentElement) {
    if (getComputedStyle(a).overflowX !== "visible" && a.getBoundingClientRect().right <= vw + 1) return true;
  }
  return false;
}
var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
for (var n = walker.nextNode(); n && found.length < 5; n = walker.nextNode()) {
  var el = n.nodeType === 1 ? n : n.parentElement;
  var style = getComputedStyle(el);
  if (style.position === "fixed" || style.visibility === "hidden" || style.display === "none") continue;
  var r;
  if (n.nodeType === 1) { r = n.getBoundingClientRect(); }
  else { var range = document.createRange(); range.selectNodeContents(n); r = range.getBoundingClientRect(); }
  if (r.width > 0 && r.right > vw + 1 && r.left < vw && !clipped(el)) {
    var what = n.nodeType === 1 ? "<" + n.tagName.toLowerCase() + (n.className ? " class=" + n.className : "") + ">"
                                : "text " + JSON.stringify(n.textContent.trim().slice(0, 40)) + " in <" + el.tagName.toLowerCase() + ">";
    found.push(what + " reaches " + Math.round(r.right) + " px");
  }
}
return [vw, document.documentElement.scrollWidth, found];
"#;

/// SPEC §8: responsive down to 360 px. No page kind may scroll sideways at that width.
fn narrow_screen(env: &Env, sites: &Sites) {
    let b = env.browser();
    b.set_window_size(360, 800);
    let mut failures = Vec::new();
    for kind in sites.default.kinds() {
        let page = sites.default.page_of_kind(kind).unwrap();
        b.goto(&sites.default.url(page));
        let widths = b.eval(WIDER_THAN_VIEWPORT);
        b.screenshot(&format!("narrow-{kind}"));
        let (client, scroll) = (widths[0].as_u64().unwrap_or(0), widths[1].as_u64().unwrap_or(0));
        if scroll > client {
            failures.push(format!(
                "{} ({kind}): {scroll} px wide in a {client} px viewport; too wide: {}",
                page.file, widths[2]
            ));
        }
    }
    b.set_window_size(support::driver::WINDOW.0, support::driver::WINDOW.1);
    assert!(failures.is_empty(), "pages wider than a 360 px screen:\n  {}", failures.join("\n  "));
}

// ---------------------------------------------------------------------------------------
// Link previews (issue 4): focusing a cross-link shows the linked note's title and
// summary, loaded from a classic script, also when the site is opened from disk.

fn link_preview(env: &Env, sites: &Sites) {
    let b = env.browser();
    let site = &sites.default;
    let page = site.page("storage/s3/index.html");
    for url in [site.url(page), format!("file://{}", site.out.join(&page.file).display())] {
        b.goto(&url);
        let target = b.eval(
            "var a = document.querySelector('.content a.xref[href*=\"athena\"]'); a.focus(); return a.getAttribute('href');",
        );
        assert!(target.as_str().is_some_and(|h| h.contains("analytics/athena")), "no cross-link to Athena: {target}");
        b.wait_until("document.getElementById('preview-tip') && document.getElementById('preview-tip').style.display === 'block'");
        let tip = b.text("#preview-tip");
        assert!(tip.contains("Amazon Athena") && tip.contains("serverless"), "preview shows {tip:?}");
        let described = b.eval("return document.activeElement.getAttribute('aria-describedby');");
        assert_eq!(described.as_str(), Some("preview-tip"), "the focused link is not described by the preview");
        b.screenshot("link-preview");
        let errors: Vec<String> = b.take_errors().iter().map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{url}: {errors:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Accessibility (axe-core)

fn axe_kind(env: &Env, sites: &Sites, kind: &Kind, theme: Theme) {
    let site = &sites.default;
    let page = match kind.file {
        Some(file) => site.page(file),
        None => {
            site.page_of_kind(kind.name).unwrap_or_else(|| panic!("the default site has no page of kind {}", kind.name))
        }
    };
    let b = env.browser();
    b.goto(&site.url(page));
    b.set_theme(theme);
    if let Some(prepare) = kind.prepare {
        prepare(b);
    }
    let violations = axe_violations(b, env.axe());
    b.screenshot(&format!("axe-{}-{}", kind.name, theme.name()));
    b.forget_theme();
    report_violations(&format!("{} ({}, {} theme)", page.file, kind.name, theme.name()), &violations);
}

/// Prints every violation, and fails on serious or critical ones.
fn report_violations(what: &str, violations: &[Violation]) {
    let (blocking, other): (Vec<&Violation>, Vec<&Violation>) = violations.iter().partition(|v| v.is_blocking());
    for v in &other {
        println!("  axe, {what}, not blocking: {v}");
    }
    let list: Vec<String> = blocking.iter().map(|v| v.to_string()).collect();
    assert!(blocking.is_empty(), "axe-core: serious or critical violations on {what}:\n  {}", list.join("\n  "));
}

// ---------------------------------------------------------------------------------------
// Valid HTML (Nu HTML checker)

fn default_site_is_valid_html(_env: &Env, sites: &Sites) {
    let errors = html_errors_under(sites, &sites.default.out);
    let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    println!("  {} pages checked", sites.default.pages.len());
    assert!(errors.is_empty(), "the Nu HTML checker found {} error(s):\n  {}", errors.len(), list.join("\n  "));
}

fn html_errors_under(sites: &Sites, dir: &std::path::Path) -> Vec<HtmlError> {
    match sites.html_errors.get() {
        Ok(all) => all.iter().filter(|e| e.file.starts_with(dir)).cloned().collect(),
        Err(e) => panic!("the Nu HTML checker did not run: {e}"),
    }
}

// ---------------------------------------------------------------------------------------
// The broken fixture: every check must catch it

fn broken_load_check(env: &Env, sites: &Sites) {
    let page = sites.broken.page(BROKEN_PAGE);
    let problems = load_problems(env.browser(), &sites.broken.server, &page.url_path());
    let all = problems.join("\n");
    assert!(all.contains("broken fixture: console error"), "console error not reported:\n{all}");
    assert!(all.contains("missing-picture.png"), "failed request not reported:\n{all}");
}

fn broken_axe(env: &Env, sites: &Sites) {
    let b = env.browser();
    b.goto(&sites.broken.url(sites.broken.page(BROKEN_PAGE)));
    let violations = axe_violations(b, env.axe());
    let blocking: Vec<&str> = violations.iter().filter(|v| v.is_blocking()).map(|v| v.id.as_str()).collect();
    assert!(blocking.contains(&"image-alt"), "image without alt not reported: {violations:#?}");
    assert!(blocking.contains(&"duplicate-id-aria"), "duplicate id not reported: {violations:#?}");
}

fn broken_vnu(_env: &Env, sites: &Sites) {
    let errors = html_errors_under(sites, &sites.broken.out.join(BROKEN_PAGE));
    let all: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    let all = all.join("\n");
    assert!(all.contains("must have an “alt” attribute"), "missing alt not reported:\n{all}");
    assert!(all.contains("Duplicate ID “twice”"), "duplicate id not reported:\n{all}");
}

// ---------------------------------------------------------------------------------------

/// A value computed on a background thread, waited for on first use.
struct Later<T> {
    handle: RefCell<Option<JoinHandle<T>>>,
    value: OnceCell<T>,
}

impl<T: Send + 'static> Later<T> {
    fn spawn(f: impl FnOnce() -> T + Send + 'static) -> Later<T> {
        Later { handle: RefCell::new(Some(std::thread::spawn(f))), value: OnceCell::new() }
    }

    fn get(&self) -> &T {
        self.value.get_or_init(|| {
            let handle = self.handle.borrow_mut().take().expect("joined once");
            handle.join().expect("background work panicked")
        })
    }
}
