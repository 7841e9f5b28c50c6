//! Reading and finding your way (issue 16) in a real browser: the phone menu, "On this
//! page" following the reader, copy buttons, the glossary filter, the graph (labels that
//! do not overlap, neighbours highlighted, zoom), what shows without JavaScript, the 404
//! page from disk, the cheat sheet on paper, and offline reading with the service worker.

use serde_json::{json, Value as Json};

use super::driver::Browser;
use super::harness::{test, Env, Need, Test};
use super::server::Server;
use super::site::{From, Site};

const NOTE: &str = "storage/s3/index.html";

pub fn tests<C: 'static>(site: fn(&C) -> &Site) -> Vec<Test<C>> {
    vec![
        test("reading::phone_menu_reaches_every_page_kind", &[Need::Browser], move |env, c| {
            phone_menu(env.browser(), site(c))
        }),
        test("reading::scroll_spy_marks_the_section_in_view", &[Need::Browser], move |env, c| {
            scroll_spy(env.browser(), site(c))
        }),
        test("reading::copy_button_copies_the_code", &[Need::Browser], move |env, c| {
            copy_button(env.browser(), site(c))
        }),
        test("reading::glossary_filter", &[Need::Browser], move |env, c| glossary_filter(env.browser(), site(c))),
        test("reading::graph_labels_apart_neighbours_and_zoom", &[Need::Browser], move |env, c| {
            graph(env.browser(), site(c))
        }),
        test("reading::without_javascript_nothing_pretends", &[Need::Browser], move |env, c| {
            without_javascript(env.browser(), site(c))
        }),
        test("reading::not_found_page_is_styled_from_disk", &[Need::Browser], move |env, c| {
            not_found_from_disk(env.browser(), site(c))
        }),
        test("reading::cheat_sheet_prints_on_a_few_pages", &[Need::Browser], move |env, c| {
            cheat_sheet_print(env, site(c))
        }),
        test("reading::offline_after_two_pages", &[Need::Browser], move |env, c| offline(env, site(c))),
        test("reading::no_page_scrolls_sideways_on_a_phone", &[Need::Browser], move |env, c| {
            no_page_scrolls_sideways(env.browser(), site(c))
        }),
        test("reading::links_from_disk_open_pages", &[Need::Browser], move |env, c| {
            disk_links_open_pages(env.browser(), site(c))
        }),
    ]
}

/// A JavaScript expression: whether `css` is on screen (displayed, not hidden, inside the viewport).
fn on_screen(css: &str) -> String {
    format!(
        "(function (el) {{ if (!el) return false;
           var r = el.getBoundingClientRect(), s = getComputedStyle(el);
           return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= innerWidth + 1 && r.top >= 0
             && r.bottom <= innerHeight && s.visibility !== 'hidden' && s.display !== 'none'; }})(document.querySelector({}))",
        json!(css)
    )
}

fn visible(b: &Browser, css: &str) -> bool {
    b.eval(&format!("return {};", on_screen(css))).as_bool().unwrap_or(false)
}

fn kind(b: &Browser) -> String {
    b.eval("return document.body.getAttribute('data-page-kind');").as_str().unwrap_or("").to_string()
}

fn phone_menu(b: &Browser, site: &Site) {
    b.set_window_size(360, 800);
    for (label, expected) in [("Glossary", "glossary"), ("Graph", "graph"), ("Comparisons", "comparisons")] {
        b.goto(&site.url(site.page(NOTE)));
        let link = format!("#site-nav .nav-pages a[href$='{}/']", expected);
        assert!(!visible(b, &link), "{label} shows before the menu is opened");
        b.click("[data-menu-toggle]");
        b.wait_until("document.body.classList.contains('nav-open')");
        // The drawer slides in.
        b.wait_until(&on_screen(&link));
        // (Study marks may add hidden text such as ", mastered 1 of 121".)
        assert!(b.text(&link).starts_with(label), "{}", b.text(&link));
        if expected == "glossary" {
            b.screenshot("reading-menu-360");
        }
        b.click(&link);
        b.wait_until(&format!("document.body.getAttribute('data-page-kind') === {}", json!(expected)));
        assert_eq!(kind(b), expected);
    }
    // The close link closes it again.
    b.goto(&site.url(site.page(NOTE)));
    b.click("[data-menu-toggle]");
    b.wait_until("document.body.classList.contains('nav-open')");
    b.click("[data-menu-close]");
    assert!(b.eval("return !document.body.classList.contains('nav-open');").as_bool().unwrap());
    // The title fits: three short lines at most, nothing cut.
    let brand = b.eval(
        "var el = document.querySelector('.brand'); return [el.scrollHeight <= el.clientHeight + 1, el.getClientRects().length, el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)];",
    );
    b.screenshot("reading-topbar-360");
    assert_eq!(brand[0], json!(true), "the site title is cut at 360 px: {brand}");
    assert!(brand[2].as_f64().unwrap() <= 3.2, "the site title takes more than three lines: {brand}");
    b.set_window_size(super::driver::WINDOW.0, super::driver::WINDOW.1);
    assert!(b.take_errors().is_empty());
}

fn scroll_spy(b: &Browser, site: &Site) {
    b.set_window_size(360, 800);
    let page = site.page("streaming/kinesis-data-streams/index.html");
    b.goto(&site.url(page));
    let ids: Vec<String> = serde_json::from_value(b.eval(
        "return Array.prototype.map.call(document.querySelectorAll('.toc-inline a'), function (a) { return a.getAttribute('href').slice(1); });",
    ))
    .unwrap();
    assert!(ids.len() >= 4, "too few sections: {ids:?}");
    for id in [&ids[1], &ids[ids.len() / 2], &ids[2]] {
        b.eval_with(
            "document.getElementById(arguments[0]).scrollIntoView({block: 'start'}); window.scrollBy(0, 5);",
            vec![json!(id)],
        );
        b.wait_until(&format!(
            "document.querySelector('.toc-inline a[aria-current]') && document.querySelector('.toc-inline a[aria-current]').getAttribute('href') === {}",
            json!(format!("#{id}"))
        ));
        assert_eq!(b.count(".toc-inline a[aria-current]"), 1, "one section is current");
    }
    b.set_window_size(1400, 900);
    b.goto(&site.url(page));
    let id = &ids[ids.len() / 2];
    b.eval_with(
        "document.getElementById(arguments[0]).scrollIntoView({block: 'start'}); window.scrollBy(0, 5);",
        vec![json!(id)],
    );
    b.wait_until(&format!(
        "document.querySelector('.toc a[aria-current]') && document.querySelector('.toc a[aria-current]').getAttribute('href') === {}",
        json!(format!("#{id}"))
    ));
    b.set_window_size(super::driver::WINDOW.0, super::driver::WINDOW.1);
}

fn copy_button(b: &Browser, site: &Site) {
    b.set_window_size(360, 800);
    let page = site.page("data-integration/glue-etl/index.html");
    let url = site.url(page);
    let origin = url.split("/data-integration").next().unwrap().to_string();
    b.cdp(
        "Browser.grantPermissions",
        json!({ "origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"] }),
    );
    b.goto(&url);
    b.wait_for(".code-block .code-copy");
    let label = b.text(".code-block .code-lang");
    assert!(!label.is_empty(), "the code block has no language label");
    b.eval("document.querySelector('.code-block .code-copy').scrollIntoView({block: 'center'});");
    b.screenshot("reading-code-block-360");
    b.click(".code-block .code-copy");
    b.wait_until("document.querySelector('.code-block .code-copy').textContent === 'Copied'");
    let code = b.eval("return document.querySelector('.code-block pre code').textContent;");
    let copied = b.eval_async(
        "var done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, function (e) { done('refused: ' + e); });",
        vec![],
    );
    assert_eq!(copied, code, "the clipboard holds something else than the code");
    b.set_window_size(super::driver::WINDOW.0, super::driver::WINDOW.1);
    assert!(b.take_errors().is_empty());
}

fn glossary_filter(b: &Browser, site: &Site) {
    b.goto(&site.url(site.page("glossary/index.html")));
    b.screenshot("reading-glossary");
    let all = b.count(".glossary-entry:not([hidden])");
    assert!(all > 100, "{all} entries");
    b.type_text("[data-glossary-filter]", "shard");
    let shown: Vec<String> = serde_json::from_value(b.eval(
        "return Array.prototype.map.call(document.querySelectorAll('.glossary-entry:not([hidden]) dt'), function (d) { return d.textContent; });",
    ))
    .unwrap();
    assert!(!shown.is_empty() && shown.len() < 6, "{shown:?}");
    assert!(shown.iter().all(|t| t.to_lowercase().contains("shard")), "{shown:?}");
    b.type_text("[data-glossary-filter]", "zzzz");
    assert!(visible(b, "[data-glossary-empty]"), "no message when nothing matches");
    b.clear("[data-glossary-filter]");
    b.type_text("[data-glossary-filter]", " ");
    assert_eq!(b.count(".glossary-entry:not([hidden])"), all);
}

/// Every two graph labels, measured by the browser: the pairs whose boxes overlap.
const LABEL_OVERLAPS: &str = r#"
var boxes = Array.prototype.map.call(document.querySelectorAll('svg.graph text'), function (t) {
  var b = t.getBBox(); return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height];
});
var bad = [];
for (var i = 0; i < boxes.length; i++) for (var j = i + 1; j < boxes.length; j++) {
  var a = boxes[i], c = boxes[j];
  if (a[1] < c[3] && c[1] < a[3] && a[2] < c[4] && c[2] < a[4]) bad.push(a[0] + " / " + c[0]);
}
return [boxes.length, bad];
"#;

fn graph(b: &Browser, site: &Site) {
    b.goto(&site.url(site.page("graph/index.html")));
    b.screenshot("reading-graph");
    let found = b.eval(LABEL_OVERLAPS);
    let nodes = b.count("svg.graph a.node");
    assert!(found[0].as_u64().unwrap() as usize * 10 >= nodes * 9, "few labels: {found} of {nodes} notes");
    assert_eq!(found[1], json!([]), "labels that overlap");
    let label_px = b.eval("var t = document.querySelector('svg.graph text'); return t.getBoundingClientRect().height;");
    let width = b.eval("return innerWidth;");
    assert!(label_px.as_f64().unwrap() >= 11.0, "labels are {label_px} px tall in a {width} px window");
    // Pointing at a note lights its neighbours and dims the rest.
    let node = "svg.graph a.node[data-node='0']";
    let near: Vec<String> =
        b.attr(node, "data-links").unwrap_or_default().split(' ').filter(|s| !s.is_empty()).map(String::from).collect();
    assert!(!near.is_empty());
    b.eval_with("document.querySelector(arguments[0]).focus();", vec![json!(node)]);
    assert!(b.eval("return document.querySelector('svg.graph').classList.contains('focusing');").as_bool().unwrap());
    assert_eq!(b.count("svg.graph a.node.is-near"), near.len());
    let dim = b.eval(
        "return getComputedStyle(document.querySelector('svg.graph a.node:not(.is-near):not(.is-focus)')).opacity;",
    );
    assert!(dim.as_str().unwrap().parse::<f64>().unwrap() < 0.5, "others are not dimmed: {dim}");
    b.screenshot("reading-graph-focus");
    // Zoom in and reset.
    b.click("[data-graph-zoom='in']");
    let vb = b.attr("svg.graph", "viewBox").unwrap();
    let w: f64 = vb.split(' ').nth(2).unwrap().parse().unwrap();
    assert!(w < 1000.0, "zoom in left the view box at {vb}");
    b.click("[data-graph-zoom='reset']");
    assert!(b.attr("svg.graph", "viewBox").unwrap().ends_with(" 1200.0 900.0"));
    assert!(b.take_errors().is_empty());
}

fn without_javascript(b: &Browser, site: &Site) {
    b.set_javascript(false);
    b.set_window_size(360, 800);
    b.goto(&site.url(site.page(NOTE)));
    for css in [".theme-toggle", ".search"] {
        assert!(!visible(b, css), "{css} shows without JavaScript");
    }
    // The menu button jumps to the menu, and its close link closes it.
    b.click("[data-menu-toggle]");
    b.wait_until(&on_screen("#site-nav .nav-pages a[href$='glossary/']"));
    b.click("[data-menu-close]");
    b.wait_until(&format!("!{}", on_screen("#site-nav .nav-pages a[href$='glossary/']")));
    b.goto(&site.url(site.page("glossary/index.html")));
    assert!(!visible(b, ".glossary-filter"), "the glossary filter shows without JavaScript");
    b.goto(&site.url(site.page("graph/index.html")));
    assert!(!visible(b, ".graph-controls"), "zoom buttons show without JavaScript");
    b.set_javascript(true);
    b.set_window_size(super::driver::WINDOW.0, super::driver::WINDOW.1);
    b.goto(&site.url(site.page(NOTE)));
    assert!(visible(b, ".theme-toggle"));
}

fn not_found_from_disk(b: &Browser, site: &Site) {
    b.goto(&site.address(From::Disk, "404.html"));
    let styled = b.eval("return getComputedStyle(document.querySelector('.topbar')).position;");
    assert_eq!(styled.as_str(), Some("sticky"), "404.html opened from disk has no styles");
}

fn cheat_sheet_print(env: &Env, site: &Site) {
    let b = env.browser();
    b.goto(&site.url(site.page("cheatsheet/index.html")));
    b.screenshot("reading-cheatsheet");
    for (name, w, h) in [("a4", 8.27, 11.69), ("letter", 8.5, 11.0)] {
        let pdf = b.cdp("Page.printToPDF", json!({ "paperWidth": w, "paperHeight": h, "printBackground": false }));
        let data = pdf["data"].as_str().expect("printToPDF data");
        let bytes = decode_base64(data);
        let path = env.screenshots().join(format!("reading-cheatsheet-{name}.pdf"));
        std::fs::write(&path, &bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let pages = text.matches("/Type /Page\n").count()
            + text.matches("/Type /Page ").count()
            + text.matches("/Type /Page>").count()
            + text.matches("/Type/Page/").count()
            + text.matches("/Type /Page/").count();
        println!("  cheat sheet on {name}: {pages} pages ({})", path.display());
        assert!((1..=12).contains(&pages), "the cheat sheet prints on {pages} {name} pages");
    }
}

fn decode_base64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = s.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=').collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let v: Vec<u32> = chunk.iter().map(|&c| val(c) as u32).collect();
        let n = v.iter().enumerate().fold(0u32, |acc, (i, x)| acc | (x << (18 - 6 * i)));
        out.push((n >> 16) as u8);
        if v.len() > 2 {
            out.push((n >> 8) as u8);
        }
        if v.len() > 3 {
            out.push(n as u8);
        }
    }
    out
}

/// Serves a copy of the site on its own address, reads two pages, goes offline (DevTools
/// network emulation, and the copy is deleted), and still opens a third page, searches
/// and answers a quiz.
fn offline(env: &Env, site: &Site) {
    let b = env.browser();
    let copy = env.scratch("offline-site");
    let _ = std::fs::remove_dir_all(&copy);
    copy_dir(&site.out, &copy);
    let server = Server::start(&copy);
    b.goto(&server.url(""));
    let registered = b.eval_async(
        "var done = arguments[arguments.length - 1];
         navigator.serviceWorker.register(document.body.getAttribute('data-offline')).then(function (r) { done('ok ' + r.scope); }, function (e) { done('failed: ' + e); });",
        vec![],
    );
    assert!(registered.as_str().is_some_and(|s| s.starts_with("ok")), "registering the worker: {registered}");
    let ready = b.eval_async(
        "var done = arguments[arguments.length - 1];
         navigator.serviceWorker.ready.then(function (r) { done(r.active ? r.active.state : 'none'); }, function (e) { done('failed: ' + e); });",
        vec![],
    );
    assert!(matches!(ready.as_str(), Some("activating" | "activated")), "the offline worker is not active: {ready}");
    b.wait_until("navigator.serviceWorker.controller");
    b.goto(&server.url("storage/s3/"));
    let controlled = b.eval("return !!navigator.serviceWorker.controller;");
    assert_eq!(controlled, json!(true), "the second page is not served through the worker");
    // Offline.
    b.cdp("Network.enable", json!({}));
    b.cdp(
        "Network.emulateNetworkConditions",
        json!({ "offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
    );
    drop(server);
    std::fs::remove_dir_all(&copy).unwrap();
    let third = format!("http://127.0.0.1:{}/streaming/kinesis/", url_port(&b.current_url()));
    b.goto(&third);
    assert_eq!(kind(b), "note", "the third page did not open offline");
    assert!(b.title().contains("Kinesis"), "{}", b.title());
    super::search::open_results(b);
    let results = b.count("#search-results .search-result");
    assert!(results > 0, "no search results offline");
    super::quiz::answer_some(b);
    let verdicts = b.count(".quiz-verdict:not(:empty)");
    assert!(verdicts >= 2, "quiz answers were not scored offline ({verdicts})");
    b.screenshot("reading-offline-quiz");
    b.cdp(
        "Network.emulateNetworkConditions",
        json!({ "offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
    );
    let _: Json = b.eval_async(
        "var done = arguments[arguments.length - 1];
         navigator.serviceWorker.getRegistrations().then(function (rs) { return Promise.all(rs.map(function (r) { return r.unregister(); })); }).then(function () { done(true); }, function () { done(false); });",
        vec![],
    );
    b.take_log();
}

fn url_port(url: &str) -> u16 {
    url.split("127.0.0.1:").nth(1).and_then(|r| r.split('/').next()).and_then(|p| p.parse().ok()).unwrap()
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

/// From disk (file://) a folder link opens the page, not a folder listing.
pub fn disk_links_open_pages(b: &Browser, site: &Site) {
    b.goto(&site.address(From::Disk, NOTE));
    b.click(".top-links a[href$='glossary/index.html']");
    b.wait_until("document.body && document.body.getAttribute('data-page-kind') === 'glossary'");
    b.click("a.brand");
    b.wait_until("document.body && document.body.getAttribute('data-page-kind') === 'home'");
}

/// Every page of the site at 360 px: wide code and tables scroll inside their own boxes,
/// never the page itself (after the diagrams and widgets have drawn).
fn no_page_scrolls_sideways(b: &Browser, site: &Site) {
    b.set_window_size(360, 800);
    let mut wide = Vec::new();
    for page in &site.pages {
        b.goto(&site.url(page));
        b.wait_until("document.readyState === 'complete'");
        if let Some(size) = b.stays_wide() {
            wide.push(format!("{} ({size})", page.file));
        }
    }
    b.set_window_size(super::driver::WINDOW.0, super::driver::WINDOW.1);
    assert!(site.pages.len() > 50, "only {} pages checked", site.pages.len());
    assert!(wide.is_empty(), "pages that scroll sideways at 360 px:\n  {}", wide.join("\n  "));
}
