//! Quizzes (static/quiz.js) in Chromium, served over HTTP and opened from disk: every kind
//! of question answered wrong then right, Try again, a reload keeps the last result, the
//! score and its reset, a whole quiz by keyboard alone, a question whose text tries to
//! break out of its `<script>`, the answer reachable without JavaScript, no console error.

use serde_json::{json, Value as Json};

use super::checks::axe_violations;
use super::driver::{Browser, Theme};
use super::harness::{test, Env, Need, Test};
use super::site::{From, Site};
use crate::common::TempSite;

/// A note of the default site with quiz questions of four kinds (it has no matching one).
pub const DEFAULT_PAGE: &str = "streaming/kinesis/index.html";
/// The fixture note: every kind, and questions whose text tries to break out.
pub const FIXTURE_PAGE: &str = "practice/all-kinds/index.html";

const FIXTURE_NOTE: &str = r#"+++
title = "Every kind of question"
summary = "A quiz fixture: five kinds of question, and text that tries to break out."
+++

A page for the browser tests of the quiz script.

## Quiz

```quiz
[[question]]
id = "fx-single"
prompt = "Which storage class is meant for archives kept for years?"
choices = ["S3 Standard", "S3 Glacier Deep Archive", "S3 One Zone-IA", "S3 Express One Zone"]
answer = 1
explain = "**Deep Archive** is the cheapest class, for data read once or twice a year."

[[question]]
id = "fx-multiple"
prompt = "Which of these are Kinesis services?"
choices = ["Kinesis Data Streams", "AWS Glue", "Kinesis Data Firehose", "Amazon Athena"]
answers = [0, 2]
explain = "Glue and Athena are not part of the Kinesis family."

[[question]]
id = "fx-true-false"
prompt = "A single S3 object can be up to 5 TB."
answer = true
explain = "The largest object is 5 TB; one PUT uploads up to 5 GB."

[[question]]
id = "fx-short"
prompt = "What is the unit of capacity of a Kinesis data stream?"
accept = ["shard", "shards"]
explain = "A stream is made of shards."

[[question]]
id = "fx-matching"
prompt = "Match each service with its job."
pairs = [["Athena", "SQL queries on S3"], ["Glue", "ETL jobs"], ["Kinesis", "Streaming data"]]
explain = "Athena queries, Glue transforms, Kinesis streams."

[[question]]
id = "fx-breakout"
prompt = "Which type holds bytes? </script><script>window.pwned = 1; alert(1)</script>"
choices = ["Vec<u8>", "</script><script>window.pwned = 2</script>", "<b>bold</b>"]
answer = 0
explain = "Text such as </script><script>window.pwned = 3</script> stays text; `Vec<u8>` holds bytes."

[[question]]
id = "fx-breakout-short"
prompt = "Name the Rust type of a growable byte buffer."
accept = ["Vec<u8>", "</script><script>window.pwned = 4</script>"]
explain = "Vec<u8>"
```
"#;

/// Builds the fixture site; keep the `TempSite` for as long as the site is served.
pub fn fixture(env: &Env) -> (Site, TempSite) {
    let source = TempSite::new("browser-quiz");
    source.write("notes/practice/all-kinds.md", FIXTURE_NOTE);
    let site = Site::build(&source.root, &env.scratch("quiz-site"));
    (site, source)
}

/// The quiz tests, for a test context `C` holding the default site and the fixture site.
pub fn tests<C: 'static>(default: fn(&C) -> &Site, fixture: fn(&C) -> &Site) -> Vec<Test<C>> {
    let mut t = Vec::new();
    for from in [From::Http, From::Disk] {
        let n = from.name();
        t.push(test(
            format!("quiz::{n}::default_site_every_question_wrong_then_right"),
            &[Need::Browser],
            move |env, c| every_question(env, default(c), DEFAULT_PAGE, from),
        ));
        t.push(test(format!("quiz::{n}::every_kind_wrong_then_right"), &[Need::Browser], move |env, c| {
            every_question(env, fixture(c), FIXTURE_PAGE, from)
        }));
        t.push(test(format!("quiz::{n}::reload_keeps_the_last_result"), &[Need::Browser], move |env, c| {
            reload_keeps_result(env, fixture(c), from)
        }));
    }
    t.extend([
        test("quiz::score_per_note_and_reset", &[Need::Browser], move |env, c| score_and_reset(env, fixture(c))),
        test("quiz::a_whole_quiz_by_keyboard", &[Need::Browser], move |env, c| keyboard(env, fixture(c))),
        test("quiz::script_breakout_is_text_and_answerable", &[Need::Browser], move |env, c| breakout(env, fixture(c))),
        test("quiz::without_javascript_the_answer_is_in_details", &[Need::Browser], move |env, c| {
            without_javascript(env, fixture(c))
        }),
        test("quiz::without_storage_the_quiz_still_works", &[Need::Browser], move |env, c| {
            without_storage(env, fixture(c))
        }),
        test("quiz::axe_every_kind_answered_light_and_dark", &[Need::Axe], move |env, c| {
            axe_every_kind(env, fixture(c))
        }),
        test("quiz::screenshots_wide_and_narrow_light_and_dark", &[Need::Browser], move |env, c| {
            screenshots(env, default(c))
        }),
    ]);
    t
}

fn open(b: &Browser, site: &Site, from: From, file: &str) {
    b.take_log();
    b.goto(&site.address(from, file));
    b.wait_until("document.querySelector('.quiz-question.quiz-ready')");
}

/// Starts from no stored quiz progress (the theme choice stays).
fn clear_storage(b: &Browser) {
    b.eval(
        "Object.keys(localStorage).forEach(function (k) { if (k.indexOf(':quiz:') > 0) localStorage.removeItem(k); });",
    );
}

fn assert_clean(b: &Browser, what: &str) {
    let errors: Vec<String> = b.take_errors().iter().map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what}: console errors or failed requests:\n  {}", errors.join("\n  "));
    assert_eq!(b.eval("return typeof window.pwned;"), json!("undefined"), "{what}: author text ran as a script");
}

/// Element id and answer data of every question on the page.
fn questions(b: &Browser) -> Vec<(String, Json)> {
    let v = b.eval(
        "return Array.prototype.map.call(document.querySelectorAll('.quiz-question'), function (li) {
           return [li.id, JSON.parse(li.querySelector('script.quiz-data').textContent)]; });",
    );
    serde_json::from_value(v).unwrap()
}

/// Answers question `id` through its controls (clicks, typing), rightly or not, and checks.
fn answer(b: &Browser, id: &str, data: &Json, right: bool) {
    let q = format!("#{id}");
    match data["kind"].as_str().unwrap() {
        "single" => {
            let a = data["answer"].as_u64().unwrap();
            let pick = if right { a } else { (a + 1) % 2 };
            click(b, &format!("{q} input[value='{pick}']"));
        }
        "multiple" => {
            let answers: Vec<u64> = serde_json::from_value(data["answers"].clone()).unwrap();
            if right {
                for a in &answers {
                    click(b, &format!("{q} input[value='{a}']"));
                }
            } else {
                let other = (0..).find(|i| !answers.contains(i)).unwrap();
                click(b, &format!("{q} input[value='{other}']"));
                click(b, &format!("{q} input[value='{}']", answers[0]));
            }
        }
        "true-false" => {
            let truth = data["answer"].as_bool().unwrap();
            let value = if truth == right { 0 } else { 1 };
            click(b, &format!("{q} input[value='{value}']"));
        }
        "short" => {
            let typed = if right {
                // Another case and spacing than the author's: the rule ignores both.
                data["accept"][0].as_str().unwrap().to_uppercase().replace(' ', "  ")
            } else {
                "certainly not this".to_string()
            };
            b.clear(&format!("{q} .quiz-input"));
            b.type_text(&format!("{q} .quiz-input"), &typed);
        }
        "matching" => {
            let n = data["order"].as_array().unwrap().len();
            for i in 0..n {
                let pick = if right { i } else { (i + 1) % n };
                click(b, &format!("{q} .quiz-pair:nth-of-type({}) option[value='{pick}']", i + 1));
            }
        }
        other => panic!("unknown kind {other}"),
    }
    click(b, &format!("{q} .quiz-check"));
}

/// Clicks like a reader, who scrolls the control clear of the sticky top bar first (the
/// WebDriver click scrolls only as far as needed, which can leave it under the bar).
fn click(b: &Browser, css: &str) {
    b.eval_with("document.querySelector(arguments[0]).scrollIntoView({block: 'center'});", vec![json!(css)]);
    b.click(css);
}

fn verdict(b: &Browser, id: &str) -> String {
    b.eval_with(
        "var v = document.querySelector('#' + arguments[0] + ' .quiz-verdict'); return v ? v.textContent.trim() : '';",
        vec![json!(id)],
    )
    .as_str()
    .unwrap()
    .to_string()
}

fn every_question(env: &Env, site: &Site, page: &str, from: From) {
    let b = env.browser();
    open(b, site, from, page);
    clear_storage(b);
    b.reload();
    let qs = questions(b);
    assert!(qs.len() >= 5, "{page}: only {} questions", qs.len());
    for (id, data) in &qs {
        let kind = data["kind"].as_str().unwrap();
        answer(b, id, data, false);
        assert_eq!(verdict(b, id), "✗ Incorrect", "{id} ({kind}) answered wrong");
        let shown = b.eval_with(
            "var li = document.getElementById(arguments[0]);
             var explain = li.querySelector('.quiz-feedback .quiz-explain'), right = li.querySelector('.quiz-right-answer');
             return [explain ? explain.textContent.trim().length : 0, right ? right.textContent : '',
                     li.querySelectorAll('.is-right .quiz-mark, .is-wrong .quiz-mark').length,
                     document.activeElement === li.querySelector('.quiz-retry')];",
            vec![json!(id)],
        );
        assert!(shown[0].as_u64().unwrap() > 0, "{id}: no explanation after a wrong answer: {shown}");
        assert!(shown[1].as_str().unwrap().starts_with("Answer:"), "{id}: the right answer is not given: {shown}");
        if kind != "short" {
            assert!(shown[2].as_u64().unwrap() > 0, "{id}: nothing is marked right or wrong: {shown}");
        }
        assert_eq!(shown[3], json!(true), "{id}: the focus is not on Try again");
        if page == FIXTURE_PAGE {
            b.eval_with("document.getElementById(arguments[0]).scrollIntoView();", vec![json!(id)]);
            b.screenshot(&format!("quiz-{}-{id}-wrong", from.name()));
            if kind == "matching" {
                b.set_window_size(360, 800);
                b.eval_with("document.getElementById(arguments[0]).scrollIntoView();", vec![json!(id)]);
                b.screenshot(&format!("quiz-{}-{id}-wrong-360", from.name()));
                b.set_window_size(super::driver::WINDOW.0, super::driver::WINDOW.1);
            }
        }
        click(b, &format!("#{id} .quiz-retry"));
        let fresh = b.eval_with(
            "var li = document.getElementById(arguments[0]);
             return [li.querySelector('.quiz-feedback').textContent, li.querySelectorAll(':disabled').length,
                     li.querySelector('.quiz-check').hidden];",
            vec![json!(id)],
        );
        assert_eq!(fresh, json!(["", 0, false]), "{id}: Try again did not start over");
        answer(b, id, data, true);
        assert_eq!(verdict(b, id), "✓ Correct", "{id} ({kind}) answered right");
    }
    let total = qs.len();
    assert_eq!(b.text(".quiz-score"), format!("Score: {total} / {total} correct"));
    assert_clean(b, page);
}

fn reload_keeps_result(env: &Env, site: &Site, from: From) {
    let b = env.browser();
    open(b, site, from, FIXTURE_PAGE);
    clear_storage(b);
    b.reload();
    let qs = questions(b);
    let (wrong, right) = (&qs[0], &qs[3]);
    answer(b, &wrong.0, &wrong.1, false);
    answer(b, &right.0, &right.1, true);
    let record = b.eval("return localStorage.getItem('studysite:' + document.querySelector('.quiz').getAttribute('data-quiz-site') + ':quiz:fx-short');");
    let record: Json = serde_json::from_str(record.as_str().expect("a stored record")).unwrap();
    assert_eq!(
        (&record["v"], &record["kind"], &record["attempts"], &record["result"], &record["answer"]),
        (&json!(1), &json!("short"), &json!(1), &json!("correct"), &json!("SHARD"))
    );
    b.reload();
    b.wait_until("document.querySelector('.quiz-question.quiz-ready')");
    assert_eq!(verdict(b, &wrong.0), "✗ Incorrect");
    assert_eq!(verdict(b, &right.0), "✓ Correct");
    assert_eq!(b.eval("return document.querySelector('#quiz-fx-short .quiz-input').value;"), json!("SHARD"));
    assert_eq!(b.text(".quiz-score"), format!("Score: 1 / {} correct", qs.len()));
    assert_eq!(verdict(b, &qs[1].0), "", "an unanswered question shows no result");
    assert_clean(b, "reload");
}

fn score_and_reset(env: &Env, site: &Site) {
    let b = env.browser();
    open(b, site, From::Http, FIXTURE_PAGE);
    clear_storage(b);
    b.reload();
    let qs = questions(b);
    let n = qs.len();
    assert_eq!(b.text(".quiz-score"), format!("Score: 0 / {n} correct"));
    for (i, (id, data)) in qs.iter().take(3).enumerate() {
        answer(b, id, data, i != 1);
    }
    assert_eq!(b.text(".quiz-score"), format!("Score: 2 / {n} correct"));
    click(b, ".quiz-reset");
    assert_eq!(b.text(".quiz-score"), format!("Score: 0 / {n} correct"));
    assert_eq!(b.count(".quiz-verdict"), 0);
    assert_eq!(b.text(".quiz-status"), "Answers cleared.");
    assert_eq!(
        b.eval("return Object.keys(localStorage).filter(function (k) { return k.indexOf(':quiz:') > 0; }).length;"),
        json!(0)
    );
    b.reload();
    b.wait_until("document.querySelector('.quiz-question.quiz-ready')");
    assert_eq!(b.text(".quiz-score"), format!("Score: 0 / {n} correct"), "the reset is remembered");
    assert_clean(b, "score");
}

const TAB: &str = "\u{e004}";
const ENTER: &str = "\u{e007}";
const SPACE: &str = " ";
const DOWN: &str = "\u{e015}";

/// Sends keys to whatever has the focus.
fn keys(b: &Browser, k: &str) {
    b.type_text(":focus", k);
}

fn focused(b: &Browser) -> Json {
    b.eval(
        "var a = document.activeElement; return [a.tagName.toLowerCase(), a.className, a.type || '',
         getComputedStyle(a).outlineStyle !== 'none' && getComputedStyle(a).outlineWidth !== '0px'];",
    )
}

/// Shown position of the control whose value is `value` in question `id`.
fn position(b: &Browser, id: &str, value: usize) -> usize {
    b.eval_with(
        "return Array.prototype.map.call(document.querySelectorAll('#' + arguments[0] + ' .quiz-options input'), function (i) { return i.value; }).indexOf(String(arguments[1]));",
        vec![json!(id), json!(value)],
    )
    .as_u64()
    .unwrap() as usize
}

fn keyboard(env: &Env, site: &Site) {
    let b = env.browser();
    open(b, site, From::Http, FIXTURE_PAGE);
    clear_storage(b);
    b.reload();
    b.wait_until("document.querySelector('.quiz-question.quiz-ready')");
    // Tab from the quiz's title to its first control: the Reset button, then question 1.
    b.eval("var h = document.querySelector('.quiz-title'); h.setAttribute('tabindex', '-1'); h.focus();");
    keys(b, TAB);
    assert_eq!(focused(b)[1], json!("quiz-reset"));
    for (id, data) in questions(b) {
        keys(b, TAB);
        match data["kind"].as_str().unwrap() {
            "single" | "true-false" => {
                let value = match data["answer"].clone() {
                    Json::Bool(t) => usize::from(!t),
                    n => n.as_u64().unwrap() as usize,
                };
                keys(b, SPACE);
                for _ in 0..position(b, &id, value) {
                    keys(b, DOWN);
                }
                keys(b, TAB);
            }
            "multiple" => {
                let answers: Vec<usize> = serde_json::from_value(data["answers"].clone()).unwrap();
                let count = b.count(&format!("#{id} .quiz-options input"));
                for p in 0..count {
                    let value: usize = b
                        .attr(&format!("#{id} .quiz-option:nth-of-type({}) input", p + 1), "value")
                        .unwrap()
                        .parse()
                        .unwrap();
                    if answers.contains(&value) {
                        keys(b, SPACE);
                    }
                    keys(b, TAB);
                }
            }
            "short" => {
                keys(b, &data["accept"][0].as_str().unwrap().to_lowercase());
                keys(b, TAB);
            }
            "matching" => {
                let n = data["order"].as_array().unwrap().len();
                for i in 0..n {
                    // The first option is "Choose…"; arrows move through "A. …", "B. …".
                    for _ in 0..=position_of_option(b, &id, i) {
                        keys(b, DOWN);
                    }
                    keys(b, TAB);
                }
            }
            other => panic!("{other}"),
        }
        let f = focused(b);
        assert_eq!(
            (&f[1], &f[3]),
            (&json!("quiz-check"), &json!(true)),
            "{id}: Tab does not reach a visibly focused Check: {f}"
        );
        keys(b, ENTER);
        assert_eq!(verdict(b, &id), "✓ Correct", "{id}: answered by keyboard");
        assert_eq!(focused(b)[1], json!("quiz-retry"), "{id}");
    }
    let n = questions(b).len();
    assert_eq!(b.text(".quiz-score"), format!("Score: {n} / {n} correct"));
    // Try again by keyboard puts the focus on the question's first control.
    keys(b, ENTER);
    let f = focused(b);
    assert!(f[0] == json!("input") || f[0] == json!("select"), "{f}");
    b.screenshot("quiz-keyboard");
    assert_clean(b, "keyboard");
}

/// Shown position (0-based, after "Choose…") of option `value` in the first select of `id`.
fn position_of_option(b: &Browser, id: &str, value: usize) -> usize {
    b.eval_with(
        "return Array.prototype.map.call(document.querySelector('#' + arguments[0] + ' select').options, function (o) { return o.value; }).indexOf(String(arguments[1])) - 1;",
        vec![json!(id), json!(value)],
    )
    .as_u64()
    .unwrap() as usize
}

fn breakout(env: &Env, site: &Site) {
    let b = env.browser();
    for from in [From::Http, From::Disk] {
        open(b, site, from, FIXTURE_PAGE);
        clear_storage(b);
        b.reload();
        let prompt = b.text("#quiz-fx-breakout .quiz-prompt");
        assert_eq!(prompt, "Which type holds bytes? </script><script>window.pwned = 1; alert(1)</script>");
        let choices = b.eval(
            "return Array.prototype.map.call(document.querySelectorAll('#quiz-fx-breakout .quiz-option-text'), function (c) { return c.textContent; }).sort();",
        );
        assert_eq!(choices, json!(["</script><script>window.pwned = 2</script>", "<b>bold</b>", "Vec<u8>"]));
        let data = questions(b).into_iter().find(|q| q.0 == "quiz-fx-breakout").unwrap().1;
        answer(b, "quiz-fx-breakout", &data, false);
        assert!(b.text("#quiz-fx-breakout .quiz-right-answer").contains("Vec<u8>"));
        assert!(b
            .text("#quiz-fx-breakout .quiz-feedback .quiz-explain")
            .contains("</script><script>window.pwned = 3</script>"));
        click(b, "#quiz-fx-breakout .quiz-retry");
        answer(b, "quiz-fx-breakout", &data, true);
        assert_eq!(verdict(b, "quiz-fx-breakout"), "✓ Correct");
        b.type_text("#quiz-fx-breakout-short .quiz-input", "vec<u8>");
        click(b, "#quiz-fx-breakout-short .quiz-check");
        assert_eq!(verdict(b, "quiz-fx-breakout-short"), "✓ Correct");
        assert_eq!(b.count("script:not([src]):not([type='application/json'])"), 1, "only the theme's inline script");
        assert_clean(b, "breakout");
    }
}

/// The page with JavaScript turned off: every question with its choices, and the answer
/// one click away in its `<details>`.
fn without_javascript(env: &Env, site: &Site) {
    let b = env.browser();
    b.set_javascript(false);
    b.take_log();
    b.goto(&site.address(From::Http, FIXTURE_PAGE));
    let rows = b.eval(
        "return Array.prototype.map.call(document.querySelectorAll('.quiz-question'), function (li) {
           var det = li.querySelector('details.quiz-answer'), list = li.querySelector('.quiz-choices, .quiz-match');
           return [li.id, det ? det.querySelector('summary').textContent : '', !!det && det.open,
                   list ? list.getBoundingClientRect().height > 0 : null, !!li.querySelector('form')]; });",
    );
    let rows: Vec<(String, String, bool, Option<bool>, bool)> = serde_json::from_value(rows).unwrap();
    click(b, "#quiz-fx-single summary");
    let answer = b.text("#quiz-fx-single .quiz-answer");
    click(b, "#quiz-fx-matching summary");
    let matching = b.text("#quiz-fx-matching .quiz-answer");
    b.eval("document.getElementById('quiz-fx-single').scrollIntoView();");
    b.screenshot("quiz-without-javascript");
    b.set_javascript(true);
    assert_eq!(rows.len(), 7);
    for (id, summary, open, list_shown, has_form) in &rows {
        assert_eq!((summary.as_str(), open), ("Show answer", &false), "{id}");
        assert_ne!(*list_shown, Some(false), "{id}: choices not shown without JavaScript");
        assert!(!has_form, "{id}: the quiz script ran although JavaScript is off");
    }
    assert!(answer.contains("Answer: B. S3 Glacier Deep Archive"), "{answer}");
    assert!(answer.contains("Deep Archive is the cheapest class"), "{answer}");
    assert!(matching.contains("Athena → "), "{matching}");
    b.goto("about:blank");
}

/// The default note's quiz answered wrong and right, wide and narrow, light and dark.
fn screenshots(env: &Env, site: &Site) {
    let b = env.browser();
    open(b, site, From::Http, DEFAULT_PAGE);
    clear_storage(b);
    b.reload();
    b.wait_until("document.querySelector('.quiz-question.quiz-ready')");
    let qs = questions(b);
    answer(b, &qs[0].0, &qs[0].1, false);
    answer(b, &qs[1].0, &qs[1].1, true);
    answer(b, &qs[3].0, &qs[3].1, false);
    for (w, h) in [(1280, 900), (360, 800)] {
        b.set_window_size(w, h);
        for theme in [Theme::Light, Theme::Dark] {
            b.set_theme(theme);
            for (n, css) in [(0, ".quiz".to_string()), (1, format!("#{}", qs[3].0))] {
                b.eval_with("document.querySelector(arguments[0]).scrollIntoView();", vec![json!(css)]);
                b.screenshot(&format!("quiz-{w}-{}-{n}", theme.name()));
            }
            let wide = b.eval("return document.documentElement.scrollWidth <= document.documentElement.clientWidth;");
            assert_eq!(wide, json!(true), "the quiz scrolls sideways at {w} px");
        }
    }
    b.forget_theme();
    b.set_window_size(super::driver::WINDOW.0, super::driver::WINDOW.1);
    assert_clean(b, "screenshots");
}

/// A browser that refuses storage (as private windows and blocked sites do): every
/// question still answers, scores and resets; nothing is kept after a reload.
fn without_storage(env: &Env, site: &Site) {
    let b = env.browser();
    let added = b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "Object.defineProperty(window, 'localStorage', { get: function () { throw new DOMException('storage is off', 'SecurityError'); } });" }),
    );
    open(b, site, From::Http, FIXTURE_PAGE);
    let blocked = b.eval("try { localStorage; return false; } catch (e) { return true; }");
    let qs = questions(b);
    for (id, data) in &qs {
        answer(b, id, data, true);
        assert_eq!(verdict(b, id), "✓ Correct", "{id} without storage");
    }
    let n = qs.len();
    let score = b.text(".quiz-score");
    click(b, ".quiz-reset");
    let reset = b.text(".quiz-score");
    answer(b, &qs[0].0, &qs[0].1, false);
    b.reload();
    b.wait_until("document.querySelector('.quiz-question.quiz-ready')");
    let after_reload = verdict(b, &qs[0].0);
    let errors: Vec<String> = b.take_errors().iter().map(|e| e.to_string()).collect();
    b.cdp("Page.removeScriptToEvaluateOnNewDocument", json!({ "identifier": added["identifier"] }));
    assert_eq!(blocked, json!(true), "the page could still reach localStorage");
    assert_eq!(score, format!("Score: {n} / {n} correct"));
    assert_eq!(reset, format!("Score: 0 / {n} correct"));
    assert_eq!(after_reload, "", "without storage nothing outlives the page");
    assert!(errors.is_empty(), "console errors without storage:\n  {}", errors.join("\n  "));
}

/// axe-core on the fixture with every question answered (odd ones wrong), both themes,
/// and with one question tried again: no violation at all, not only no serious one.
fn axe_every_kind(env: &Env, site: &Site) {
    let b = env.browser();
    open(b, site, From::Http, FIXTURE_PAGE);
    for theme in [Theme::Light, Theme::Dark] {
        b.set_theme(theme);
        clear_storage(b);
        b.reload();
        b.wait_until("document.querySelector('.quiz-question.quiz-ready')");
        for (i, (id, data)) in questions(b).iter().enumerate() {
            answer(b, id, data, i % 2 == 0);
        }
        click(b, "#quiz-fx-short .quiz-retry");
        click(b, "#quiz-fx-short .quiz-check");
        assert_eq!(b.text("#quiz-fx-short .quiz-feedback"), "Type an answer first.");
        let found: Vec<String> = axe_violations(b, env.axe()).iter().map(|v| v.to_string()).collect();
        assert!(found.is_empty(), "axe-core, {} theme:\n  {}", theme.name(), found.join("\n  "));
    }
    b.forget_theme();
    assert_clean(b, "axe");
}

/// For the axe-core check of an answered quiz (`Kind::state` in tests/browser.rs): one
/// question wrong, one right.
pub fn answer_some(b: &Browser) {
    clear_storage(b);
    b.reload();
    b.wait_until("document.querySelector('.quiz-question.quiz-ready')");
    let qs = questions(b);
    answer(b, &qs[0].0, &qs[0].1, false);
    answer(b, &qs[1].0, &qs[1].1, true);
}
