//! Search (static/search.js) in Chromium, on the default site served over HTTP and opened
//! from disk: typos, ranking, deep links, keyboard, filters, "more", a phone-sized screen,
//! nothing loaded before the box is focused and no console error.

use serde_json::json;

use super::driver::Browser;
use super::harness::{test, Env, Need, Test};
use super::site::{From, Site};

const INPUT: &str = "#search-input";
const OPTIONS: &str = "#search-results [role=option]";
const PAGE: &str = "storage/s3/index.html";
const ENTER: &str = "\u{e007}";
const ESCAPE: &str = "\u{e00c}";
const DOWN: &str = "\u{e015}";
const UP: &str = "\u{e013}";

/// The search tests, for a test context `C` that holds the built default site.
pub fn tests<C: 'static>(site: fn(&C) -> &Site) -> Vec<Test<C>> {
    let mut t: Vec<Test<C>> =
        vec![test("search::nothing_loads_before_the_box_is_focused", &[Need::Browser], move |env, c| {
            nothing_loads_before_focus(env, site(c))
        })];
    for from in [From::Http, From::Disk] {
        let n = from.name();
        t.push(test(
            format!("search::{n}::typo_glaicer_lists_the_glacier_section_first"),
            &[Need::Browser],
            move |env, c| glaicer(env, site(c), from),
        ));
        t.push(test(
            format!("search::{n}::kinesis_firehose_lists_the_firehose_note_first"),
            &[Need::Browser],
            move |env, c| kinesis_firehose(env, site(c), from),
        ));
        t.push(test(format!("search::{n}::arrows_and_enter_open_the_heading"), &[Need::Browser], move |env, c| {
            arrows_and_enter(env, site(c), from)
        }));
        t.push(test(format!("search::{n}::filters_narrow_the_results"), &[Need::Browser], move |env, c| {
            filters(env, site(c), from)
        }));
        t.push(test(format!("search::{n}::slash_focuses_and_escape_closes"), &[Need::Browser], move |env, c| {
            slash_and_escape(env, site(c), from)
        }));
    }
    t.extend([
        test("search::ten_results_then_more_and_the_count_is_announced", &[Need::Browser], move |env, c| {
            more_and_count(env, site(c))
        }),
        test("search::typos_of_four_service_names", &[Need::Browser], move |env, c| typos(env, site(c))),
        test("search::client_tokenizes_like_the_index", &[Need::Browser], move |env, c| tokenizer(env, site(c))),
        test("search::phone_screen", &[Need::Browser], move |env, c| phone(env, site(c))),
    ]);
    t
}

/// For the axe-core check of the open results (`Kind::state` in tests/browser.rs).
pub fn open_results(b: &Browser) {
    search(b, "s3 encryption");
    b.eval(&format!("document.querySelector({}).focus();", json!(INPUT)));
    b.type_text(INPUT, DOWN);
}

fn open(b: &Browser, site: &Site, from: From, file: &str) {
    b.take_log();
    b.goto(&site.address(from, file));
}

/// Types `query` into the box and waits until the results for all of it are shown.
fn search(b: &Browser, query: &str) {
    b.clear(INPUT);
    b.type_text(INPUT, query);
    b.wait_until(&format!(
        "document.getElementById('search-results') && document.getElementById('search-results').getAttribute('data-query') === {} && !document.getElementById('search-panel').hidden",
        json!(query)
    ));
}

/// Title, section, category and href of every result shown.
fn results(b: &Browser) -> Vec<(String, String, String, String)> {
    let v = b.eval(
        "return Array.prototype.map.call(document.querySelectorAll('#search-results [role=option]'), function (o) {
           var t = o.querySelector('.search-result-title').cloneNode(true), s = t.querySelector('.search-result-section');
           var section = s ? s.textContent.replace(/^ › /, '') : ''; if (s) s.remove();
           var c = o.querySelector('.search-result-category');
           return [t.textContent, section, c ? c.textContent : '', o.getAttribute('href')]; });",
    );
    serde_json::from_value(v).unwrap()
}

fn assert_clean(b: &Browser, what: &str) {
    let errors: Vec<String> = b.take_errors().iter().map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what}: console errors or failed requests:\n  {}", errors.join("\n  "));
}

fn nothing_loads_before_focus(env: &Env, site: &Site) {
    let b = env.browser();
    b.take_log();
    site.server.take_hits();
    b.goto(&site.server.url("storage/s3/"));
    // Reading, scrolling and hovering the page load nothing of the index.
    b.eval("window.scrollTo(0, 800); document.querySelector('main').dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let early: Vec<String> =
        site.server.take_hits().into_iter().map(|h| h.path).filter(|p| p.contains("/search/")).collect();
    assert!(early.is_empty(), "requested before the search box was focused: {early:?}");
    assert_eq!(b.eval("return document.querySelectorAll('script[src*=\"search/\"]').length;"), json!(0));
    b.click(INPUT);
    b.wait_until("document.querySelector('script[src*=\"search/index.\"]')");
    b.wait_until("window.studysiteSearch && document.querySelector('.search-filter option')");
    let hits: Vec<String> = site.server.take_hits().into_iter().map(|h| h.path).collect();
    assert!(hits.iter().any(|p| p.starts_with("/search/index.")), "focus loaded no manifest: {hits:?}");
    assert!(hits.iter().all(|p| !p.starts_with("/search/s")), "focus alone loaded results: {hits:?}");
    assert_clean(b, "focusing the search box");
}

fn glaicer(env: &Env, site: &Site, from: From) {
    let b = env.browser();
    open(b, site, from, PAGE);
    search(b, "glaicer");
    let r = results(b);
    assert!(!r.is_empty() && r.len() <= 10, "{r:?}");
    let (title, section, category, href) = &r[0];
    assert_eq!(
        (title.as_str(), section.as_str(), category.as_str()),
        ("S3 Storage Classes", "S3 Glacier classes", "Storage"),
        "{r:?}"
    );
    assert!(href.ends_with("#s3-glacier-classes"), "{href}");
    let marks = b.eval(
        "return Array.prototype.map.call(document.querySelectorAll('#search-option-0 mark'), function (m) { return m.textContent.toLowerCase(); });",
    );
    assert!(marks.as_array().unwrap().iter().any(|m| m == "glacier"), "the typo's match is not highlighted: {marks}");
    b.screenshot(&format!("search-glaicer-{}", from.name()));
    assert_clean(b, "searching glaicer");
}

fn kinesis_firehose(env: &Env, site: &Site, from: From) {
    let b = env.browser();
    open(b, site, from, PAGE);
    search(b, "kinesis firehose");
    let r = results(b);
    assert!(r[0].0.starts_with("Amazon Kinesis Data Firehose"), "{r:?}");
    assert!(r[0].3.contains("streaming/kinesis-data-firehose/"), "{r:?}");
    assert_clean(b, "searching kinesis firehose");
}

fn arrows_and_enter(env: &Env, site: &Site, from: From) {
    let b = env.browser();
    open(b, site, from, PAGE);
    search(b, "glaicer");
    let active = || b.attr(INPUT, "aria-activedescendant").unwrap_or_default();
    assert_eq!(active(), "");
    b.type_text(INPUT, DOWN);
    assert_eq!(active(), "search-option-0");
    b.type_text(INPUT, DOWN);
    assert_eq!(active(), "search-option-1");
    assert_eq!(b.attr("#search-option-1", "aria-selected").as_deref(), Some("true"));
    assert_eq!(b.attr("#search-option-0", "aria-selected").as_deref(), Some("false"));
    b.type_text(INPUT, UP);
    assert_eq!(active(), "search-option-0");
    let href = b.attr("#search-option-0", "href").unwrap();
    b.type_text(INPUT, ENTER);
    b.wait_until("location.hash === '#s3-glacier-classes'");
    let url = b.current_url();
    match from {
        From::Http => assert!(url.ends_with("/storage/s3-storage-classes/#s3-glacier-classes"), "{url}"),
        From::Disk => {
            assert!(url.ends_with("/storage/s3-storage-classes/index.html#s3-glacier-classes"), "{url} ({href})")
        }
    }
    // The heading is on screen.
    let top = b.eval("return document.getElementById('s3-glacier-classes').getBoundingClientRect().top;");
    assert!(top.as_f64().unwrap() < 400.0, "the heading is not scrolled into view: {top}");
    assert_clean(b, "opening a result with Enter");
}

fn count(b: &Browser) -> usize {
    let text = b.text(".search-count");
    text.split_whitespace().next().and_then(|n| n.replace(',', "").parse().ok()).unwrap_or(0)
}

fn filters(env: &Env, site: &Site, from: From) {
    let b = env.browser();
    open(b, site, from, PAGE);
    search(b, "encryption");
    let all = count(b);
    let categories: std::collections::BTreeSet<String> = results(b).into_iter().map(|r| r.2).collect();
    assert!(categories.len() > 1, "the query should span categories: {categories:?}");
    let pick = |select: &str, label: &str| {
        b.click(&format!("{select} option:nth-child({})", option_index(b, select, label) + 1));
        b.wait_until(
            "document.getElementById('search-results').getAttribute('data-filter') ===
             document.querySelectorAll('.search-filter')[0].value + ',' + document.querySelectorAll('.search-filter')[1].value",
        );
    };
    pick("select[aria-label='Filter by category']", "Storage");
    let narrowed = count(b);
    let r = results(b);
    assert!(narrowed > 0 && narrowed < all, "category filter: {narrowed} of {all}");
    assert!(r.iter().all(|x| x.2 == "Storage"), "{r:?}");
    pick("select[aria-label='Filter by tag']", "#encryption");
    let both = count(b);
    assert!(both > 0 && both <= narrowed, "tag filter: {both} of {narrowed}");
    assert!(results(b).iter().all(|x| x.2 == "Storage"));
    assert_clean(b, "filtering");
}

fn option_index(b: &Browser, select: &str, label: &str) -> usize {
    let i = b.eval_with(
        "return Array.prototype.map.call(document.querySelector(arguments[0]).options, function (o) { return o.textContent; }).indexOf(arguments[1]);",
        vec![json!(select), json!(label)],
    );
    let i = i.as_i64().unwrap();
    assert!(i >= 0, "{select} has no option {label}");
    i as usize
}

fn slash_and_escape(env: &Env, site: &Site, from: From) {
    let b = env.browser();
    open(b, site, from, PAGE);
    let focused = || b.eval("return document.activeElement && document.activeElement.id;");
    b.type_text("main", "/");
    assert_eq!(focused(), json!("search-input"), "`/` did not focus the search box");
    assert_eq!(
        b.eval("return document.getElementById('search-input').value;"),
        json!(""),
        "`/` was typed into the box"
    );
    b.type_text(INPUT, "athnea");
    b.wait_until("document.getElementById('search-results').getAttribute('data-query') === 'athnea'");
    assert_eq!(b.attr(INPUT, "aria-expanded").as_deref(), Some("true"));
    assert!(results(b)[0].0.contains("Athena"), "{:?}", results(b));
    b.type_text(INPUT, ESCAPE);
    assert_eq!(b.attr(INPUT, "aria-expanded").as_deref(), Some("false"));
    assert_eq!(b.eval("return document.getElementById('search-panel').hidden;"), json!(true));
    assert_eq!(focused(), json!("search-input"), "Esc moved the focus");
    // Arrow down opens the results again; a second Esc after closing empties the box.
    b.type_text(INPUT, DOWN);
    assert_eq!(b.attr(INPUT, "aria-expanded").as_deref(), Some("true"));
    b.type_text(INPUT, ESCAPE);
    b.type_text(INPUT, ESCAPE);
    assert_eq!(b.eval("return document.getElementById('search-input').value;"), json!(""));
    // `/` inside the box is just a character.
    b.type_text(INPUT, "a/b");
    assert_eq!(b.eval("return document.getElementById('search-input').value;"), json!("a/b"));
    assert_clean(b, "keyboard");
}

fn more_and_count(env: &Env, site: &Site) {
    let b = env.browser();
    open(b, site, From::Http, PAGE);
    search(b, "s3");
    assert_eq!(b.count(OPTIONS), 10);
    let total = count(b);
    assert!(total > 20, "{total}");
    b.wait_until("document.querySelector('.search [role=status]').textContent.indexOf('results') > 0");
    let status = b.eval("return document.querySelector('.search [role=status]').textContent;");
    let status = status.as_str().unwrap();
    assert!(status.ends_with(" results") && status.len() > 8, "{status:?}");
    b.click(".search-more");
    b.wait_until("document.querySelectorAll('#search-results [role=option]').length === 20");
    // Snippets, titles and sections are text and <mark> elements only, never note HTML.
    let tags = b.eval(
        "var s = {}; document.querySelectorAll('#search-results [role=option] *').forEach(function (e) { s[e.tagName] = 1; }); return Object.keys(s).sort();",
    );
    assert_eq!(tags, json!(["MARK", "SPAN"]));
    assert_clean(b, "more results");
}

fn typos(env: &Env, site: &Site) {
    let b = env.browser();
    open(b, site, From::Http, PAGE);
    for (typo, title) in [
        ("glaicer", "S3 Storage Classes"),
        ("kinsis", "Amazon Kinesis"),
        ("redshfit", "Amazon Redshift"),
        ("athnea", "Amazon Athena"),
    ] {
        search(b, typo);
        let r = results(b);
        assert_eq!(r[0].0, title, "{typo}: {r:?}");
    }
    assert_clean(b, "typos");
}

fn tokenizer(env: &Env, site: &Site) {
    let b = env.browser();
    open(b, site, From::Http, PAGE);
    b.click(INPUT);
    b.wait_until("window.studysiteSearch && document.querySelector('.search-filter option')");
    for text in [
        "Amazon S3 buckets: the Glacier classes, queries and indexes",
        "Café DÉJÀ-VU — Straße, ÆSIR; Œuvre naïve façade",
        "re\u{301}sume\u{301} ΣΟΦΙΑΣ x_y s3://bucket/key 10,000 ec2-instances",
        "How it works, and why it is so",
    ] {
        for body in [true, false] {
            let js = b.eval_with(
                "return studysiteSearch.debug.terms(arguments[0], arguments[1]);",
                vec![json!(text), json!(body)],
            );
            let rust = studysite::search::terms(text, body);
            assert_eq!(js, json!(rust), "{text:?} (body: {body})");
        }
    }
    assert_clean(b, "tokenizer");
}

fn phone(env: &Env, site: &Site) {
    let b = env.browser();
    b.set_window_size(360, 800);
    open(b, site, From::Http, PAGE);
    search(b, "kinesis");
    let fits = b.eval(
        "var vw = document.documentElement.clientWidth, p = document.getElementById('search-panel').getBoundingClientRect(),
             i = document.getElementById('search-input').getBoundingClientRect();
         return [p.left >= 0, p.right <= vw + 1, i.width >= 100, document.documentElement.scrollWidth <= vw];",
    );
    b.screenshot("search-phone");
    b.set_window_size(super::driver::WINDOW.0, super::driver::WINDOW.1);
    assert_eq!(fits, json!([true, true, true, true]), "panel inside, box usable, no sideways scroll");
    assert_clean(b, "phone");
}
