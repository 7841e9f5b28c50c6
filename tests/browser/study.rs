//! The study loop (issue 13) in Chromium, over HTTP and from disk: a wrong answer on a note
//! page is due on Review with the count in the header, a right answer there sends it away;
//! a five-question exam taken to the end scores per category and links every miss, and
//! resumes after a reload; progress exported and imported into an empty browser shows the
//! same figures; the pages work without storage and by keyboard; screenshots.

use serde_json::{json, Value as Json};

use super::driver::{Browser, Theme};
use super::harness::{test, Env, Need, Test};
use super::site::{From, Site};

const NOTE: &str = "streaming/kinesis/index.html";

pub fn tests<C: 'static>(default: fn(&C) -> &Site) -> Vec<Test<C>> {
    let mut t = Vec::new();
    for from in [From::Http, From::Disk] {
        let n = from.name();
        t.push(test(
            format!("study::{n}::wrong_on_a_note_is_due_right_on_review_leaves"),
            &[Need::Browser],
            move |env, c| wrong_then_review(env, default(c), from),
        ));
        t.push(test(
            format!("study::{n}::exam_of_five_resumes_and_scores_per_category"),
            &[Need::Browser],
            move |env, c| exam_of_five(env, default(c), from),
        ));
        t.push(test(
            format!("study::{n}::export_then_import_into_an_empty_browser"),
            &[Need::Browser],
            move |env, c| export_import(env, default(c), from),
        ));
    }
    t.extend([
        test("study::new_questions_follow_the_daily_pace", &[Need::Browser], move |env, c| daily_pace(env, default(c))),
        test("study::review_by_keyboard_alone", &[Need::Browser], move |env, c| keyboard(env, default(c))),
        test("study::without_storage_the_pages_say_so_and_work", &[Need::Browser], move |env, c| {
            without_storage(env, default(c))
        }),
        test("study::under_a_sub_path", &[Need::Browser], |env, _| under_a_sub_path(env)),
        test("study::every_question_fits_a_phone_in_the_exam", &[Need::Browser], move |env, c| {
            every_question_fits_a_phone(env, default(c))
        }),
        test("study::screenshots_wide_and_narrow_light_and_dark", &[Need::Browser], move |env, c| {
            screenshots(env, default(c))
        }),
    ]);
    t
}

fn open(b: &Browser, site: &Site, from: From, file: &str) {
    b.goto(&site.address(from, file));
}

/// Forgets all study progress of every site in this origin (the theme choice stays).
/// Chromium can still deliver a write the previous page made (in another renderer) after
/// the keys were removed (seen from `file://`: an earlier test's exam came back), so it
/// removes them until none comes back.
pub fn clear_storage(b: &Browser) {
    for _ in 0..20 {
        b.eval("Object.keys(localStorage).forEach(function (k) { if (k.indexOf('studysite:') === 0) localStorage.removeItem(k); });");
        std::thread::sleep(std::time::Duration::from_millis(100));
        let left = b.eval(
            "return Object.keys(localStorage).filter(function (k) { return k.indexOf('studysite:') === 0; }).length;",
        );
        if left == json!(0) {
            return;
        }
    }
    panic!("study progress kept coming back into localStorage after it was removed");
}

fn assert_clean(b: &Browser, what: &str) {
    let errors: Vec<String> = b.take_errors().iter().map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what}: console errors or failed requests:\n  {}", errors.join("\n  "));
}

fn click(b: &Browser, css: &str) {
    b.eval_with("document.querySelector(arguments[0]).scrollIntoView({block: 'center'});", vec![json!(css)]);
    b.click(css);
}

/// Answers the question shown in `scope` through its controls, rightly or not.
fn answer(b: &Browser, scope: &str, data: &Json, right: bool) {
    match data["kind"].as_str().unwrap() {
        "single" => {
            let a = data["answer"].as_u64().unwrap();
            click(b, &format!("{scope} input[value='{}']", if right { a } else { (a + 1) % 2 }));
        }
        "multiple" => {
            let answers: Vec<u64> = serde_json::from_value(data["answers"].clone()).unwrap();
            if right {
                for a in &answers {
                    click(b, &format!("{scope} input[value='{a}']"));
                }
            } else {
                let other = (0..).find(|i| !answers.contains(i)).unwrap();
                click(b, &format!("{scope} input[value='{other}']"));
            }
        }
        "true-false" => {
            let value = if data["answer"].as_bool().unwrap() == right { 0 } else { 1 };
            click(b, &format!("{scope} input[value='{value}']"));
        }
        "short" => {
            let typed = if right { data["accept"][0].as_str().unwrap() } else { "certainly not this" };
            b.clear(&format!("{scope} .quiz-input"));
            b.type_text(&format!("{scope} .quiz-input"), typed);
        }
        "matching" => {
            let n = data["order"].as_array().unwrap().len();
            for i in 0..n {
                let pick = if right { i } else { (i + 1) % n };
                click(b, &format!("{scope} .quiz-pair:nth-of-type({}) option[value='{pick}']", i + 1));
            }
        }
        other => panic!("unknown kind {other}"),
    }
}

fn pool_data(b: &Browser, id: &str) -> Json {
    b.eval_with("return StudysitePage.byId[arguments[0]].data;", vec![json!(id)])
}

fn due_badge(b: &Browser) -> String {
    b.eval("var e = document.querySelector('[data-due-count]'); return e.hidden ? '' : e.textContent;")
        .as_str()
        .unwrap()
        .to_string()
}

fn wrong_then_review(env: &Env, site: &Site, from: From) {
    let b = env.browser();
    open(b, site, from, NOTE);
    clear_storage(b);
    b.reload();
    b.wait_until("document.querySelector('.quiz-question.quiz-ready')");
    b.take_log();
    assert_eq!(due_badge(b), "", "nothing is due before any answer");
    let (li, data): (String, Json) = serde_json::from_value(b.eval(
        "var li = Array.prototype.filter.call(document.querySelectorAll('.quiz-question'), function (l) { return l.getAttribute('data-kind') === 'single'; })[0];
         return [li.id, JSON.parse(li.querySelector('script.quiz-data').textContent)];",
    ))
    .unwrap();
    let qid = b.attr(&format!("#{li}"), "data-qid").unwrap();
    answer(b, &format!("#{li}"), &data, false);
    click(b, &format!("#{li} .quiz-check"));
    assert_eq!(due_badge(b), "1 due", "the header counts the wrong answer at once");
    let mark = b.eval(
        "var m = document.querySelector('.sidebar a[aria-current=\"page\"] .mastery-mark'); return m && m.textContent;",
    );
    assert!(mark.as_str().is_some_and(|t| t.contains("mastered 0 of")), "the sidebar marks the note: {mark}");

    open(b, site, from, "review/index.html");
    b.wait_for(".study-question");
    assert_eq!(due_badge(b), "1 due", "the header on Review");
    assert!(b.text("[data-review-status]").starts_with("1 due"), "{}", b.text("[data-review-status]"));
    assert_eq!(b.attr(".study-question", "data-qid").as_deref(), Some(qid.as_str()), "the wrong question comes first");
    assert_eq!(b.text(".study-badge"), "DUE");
    answer(b, ".study-question", &pool_data(b, &qid), true);
    click(b, ".study-question .quiz-check");
    assert!(b.text(".study-question .quiz-verdict").contains("Correct"));
    let link = b.attr(".study-question .quiz-feedback a.study-source", "href").unwrap();
    assert!(link.starts_with("../streaming/kinesis/#"), "a link to the note section: {link}");
    let later = b.eval_with(
        "var r = JSON.parse(localStorage.getItem('studysite:' + document.body.getAttribute('data-site-key') + ':quiz:' + arguments[0]));
         return (r.fsrs.due - Date.now()) / 86400000;",
        vec![json!(qid)],
    );
    assert!(later.as_f64().unwrap() > 0.9, "a right answer is due a day or more later, not {later} days");
    click(b, ".study-next");
    assert_ne!(b.attr(".study-question", "data-qid").as_deref(), Some(qid.as_str()), "the question left Review");
    assert_eq!(b.text(".study-badge"), "NEW", "then new questions");
    assert_eq!(due_badge(b), "", "nothing due: the header count is gone");
    assert!(b.text("[data-review-status]").starts_with("0 due"));
    assert_clean(b, "review");
}

fn exam_state(b: &Browser) -> Json {
    b.eval("return JSON.parse(localStorage.getItem('studysite:' + document.body.getAttribute('data-site-key') + ':exam:current'));")
}

fn current_qid(b: &Browser) -> String {
    b.attr(".exam-question", "data-qid").unwrap()
}

fn exam_of_five(env: &Env, site: &Site, from: From) {
    let b = env.browser();
    open(b, site, from, "exam/index.html");
    clear_storage(b);
    b.reload();
    b.wait_for("[data-exam-setup]:not([hidden])");
    b.take_log();
    b.clear("#exam-count");
    b.type_text("#exam-count", "5");
    click(b, "[data-exam-setup] button[type=submit]");
    b.wait_for(".exam-question");
    assert!(b.text(".exam-position").starts_with("Question 1 of 5"));
    let clock = b.text("[role=timer]");
    assert!(clock.starts_with("2:59:") || clock == "3:00:00", "a 180-minute countdown: {clock}");
    // No feedback before Submit.
    let q1 = current_qid(b);
    answer(b, ".exam-question", &pool_data(b, &q1), true);
    assert_eq!(b.count(".exam-question .quiz-verdict, .exam-question .is-right, .exam-question .is-wrong"), 0);
    click(b, "[data-exam-next]");
    let q2 = current_qid(b);
    answer(b, ".exam-question", &pool_data(b, &q2), false);
    click(b, "[data-exam-next]");
    let q3 = current_qid(b);
    answer(b, ".exam-question", &pool_data(b, &q3), true);
    let ids: Vec<String> = serde_json::from_value(exam_state(b)["ids"].clone()).unwrap();
    assert_eq!(ids.len(), 5);
    assert_eq!(ids.iter().collect::<std::collections::BTreeSet<_>>().len(), 5, "no question twice");

    // A reload resumes: same question, same answers, the clock still running.
    b.reload();
    b.wait_for(".exam-question");
    assert!(b.text(".exam-position").starts_with("Question 3 of 5"), "{}", b.text(".exam-position"));
    assert_eq!(current_qid(b), q3);
    assert!(b.text(".exam-position").contains("3 answered"));
    click(b, ".exam-map button[data-index='0']");
    assert_eq!(current_qid(b), q1);
    let kept = b.eval("return Array.prototype.some.call(document.querySelectorAll('.exam-question input, .exam-question select'), function (i) { return i.checked || (i.tagName === 'SELECT' ? i.value !== '' : i.type === 'text' && i.value !== ''); });");
    assert_eq!(kept, json!(true), "the first answer is still there after the reload");
    // Pause hides the question and stops the clock.
    click(b, "[data-exam-pause]");
    assert_eq!(b.count(".exam-question input, .exam-question select"), 0);
    let paused = b.text("[role=timer]");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(b.text("[role=timer]"), paused, "paused: the clock stands still");
    click(b, "[data-exam-pause]");

    click(b, "[data-exam-submit]");
    assert!(b.text("[data-exam-confirm]").contains("2 of 5 questions have no answer"));
    click(b, "[data-exam-submit-yes]");
    b.wait_for("[data-exam-results]:not([hidden])");
    assert_eq!(b.text("#exam-results-title"), "Your score: 2 of 5 (40%)");
    let per_cat: Vec<(String, String)> = serde_json::from_value(b.eval(
        "return Array.prototype.map.call(document.querySelectorAll('.exam-cats tbody tr'), function (r) { return [r.cells[0].textContent, r.cells[1].textContent]; });",
    ))
    .unwrap();
    let (mut right, mut total) = (0, 0);
    for (_, score) in &per_cat {
        let (r, t) = score.split_once(" of ").unwrap();
        right += r.parse::<u32>().unwrap();
        total += t.parse::<u32>().unwrap();
    }
    assert_eq!((right, total), (2, 5), "per category: {per_cat:?}");
    assert_eq!(b.count(".exam-misses > li"), 3, "the wrong and the two unanswered");
    assert_eq!(b.count(".exam-misses > li a.study-source"), 3, "a link to each miss's note section");
    let hrefs: Vec<String> = serde_json::from_value(
        b.eval("return Array.prototype.map.call(document.querySelectorAll('.exam-misses a.study-source'), function (a) { return a.getAttribute('href'); });"),
    )
    .unwrap();
    for h in &hrefs {
        let (path, anchor) = h.strip_prefix("../").unwrap().split_once('#').unwrap();
        let page = std::fs::read_to_string(site.out.join(path).join("index.html")).unwrap();
        assert!(page.contains(&format!("id=\"{anchor}\"")), "{h}: no such section");
    }
    assert_eq!(exam_state(b), Json::Null, "the finished exam is no longer current");
    let kept = b.eval("return JSON.parse(localStorage.getItem('studysite:' + document.body.getAttribute('data-site-key') + ':exam:results'));");
    assert_eq!(kept[0]["correct"], json!(2));
    assert_eq!(kept[0]["total"], json!(5));
    assert_clean(b, "exam");
}

/// What the Progress page shows, as text.
fn progress_figures(b: &Browser) -> Json {
    b.eval(
        "return [document.querySelector('[data-progress-summary]').textContent,
                 Array.prototype.map.call(document.querySelectorAll('.chart-row'), function (r) { return r.textContent; }),
                 document.querySelector('[data-progress-forecast] svg').getAttribute('aria-label'),
                 Array.prototype.map.call(document.querySelectorAll('.exam-history tbody tr'), function (r) { return r.cells[1].textContent + ' ' + r.cells[2].textContent; })];",
    )
}

fn export_import(env: &Env, site: &Site, from: From) {
    let b = env.browser();
    // Some progress: the exam of the test above, and two review answers.
    exam_of_five(env, site, from);
    open(b, site, from, "review/index.html");
    b.wait_for(".study-question");
    for right in [true, false] {
        let id = b.attr(".study-question", "data-qid").unwrap();
        answer(b, ".study-question", &pool_data(b, &id), right);
        click(b, ".study-question .quiz-check");
        click(b, ".study-next");
    }
    open(b, site, from, "progress/index.html");
    b.wait_until("document.querySelector('[data-progress-summary] [data-progress-answered]')");
    let before = progress_figures(b);
    assert!(before[0].as_str().unwrap().contains("answered"), "{before}");
    assert_eq!(before[3].as_array().unwrap().len(), 1, "one exam: {before}");
    // Export: the file the page would download.
    b.eval(
        "window.__blob = null; var make = URL.createObjectURL; URL.createObjectURL = function (blob) { window.__blob = blob; return make(blob); };
         HTMLAnchorElement.prototype.click = function () { window.__name = this.download; };",
    );
    click(b, "[data-progress-export]");
    let text = b.eval_async("var done = arguments[0]; window.__blob.text().then(done);", vec![]);
    let name = b.eval("return window.__name;");
    assert!(name.as_str().unwrap().starts_with("studysite-progress-") && name.as_str().unwrap().ends_with(".json"));
    assert!(b.text("[data-progress-status]").starts_with("Exported "));
    let file = env.scratch(&format!("export-{}", from.name())).join("progress.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, text.as_str().unwrap()).unwrap();

    // An empty browser: nothing shown.
    clear_storage(b);
    b.reload();
    b.wait_until("document.querySelector('[data-progress-summary] [data-progress-answered]')");
    assert_eq!(b.attr("[data-progress-answered]", "data-progress-answered").as_deref(), Some("0"));
    assert_ne!(progress_figures(b), before);
    b.type_text("[data-progress-import]", file.to_str().unwrap());
    b.wait_until("document.querySelector('[data-progress-status]').textContent.indexOf('Imported') === 0");
    assert_eq!(progress_figures(b), before, "after the import the page shows what it showed before");
    b.reload();
    b.wait_until("document.querySelector('[data-progress-summary] [data-progress-answered]')");
    assert_eq!(progress_figures(b), before, "and keeps it");
    // Importing the same file again takes nothing new; the newer answer is kept.
    b.type_text("[data-progress-import]", file.to_str().unwrap());
    b.wait_until("document.querySelector('[data-progress-status]').textContent.indexOf('Imported: 0 answers') === 0");
    assert_eq!(progress_figures(b), before);
    // Reset asks first.
    click(b, "[data-progress-reset]");
    click(b, "[data-progress-reset-no]");
    assert_eq!(progress_figures(b), before);
    click(b, "[data-progress-reset]");
    click(b, "[data-progress-reset-yes]");
    assert_eq!(b.attr("[data-progress-answered]", "data-progress-answered").as_deref(), Some("0"));
    assert_eq!(b.text("[data-progress-status]"), "Progress erased.");
    assert_clean(b, "progress");
}

fn daily_pace(env: &Env, site: &Site) {
    let b = env.browser();
    open(b, site, From::Http, "review/index.html");
    clear_storage(b);
    b.reload();
    b.wait_for(".study-question");
    assert!(b.text("[data-review-status]").ends_with("20 new left today"));
    click(b, ".review-settings summary");
    b.clear("#new-per-day");
    b.type_text("#new-per-day", "2");
    click(b, "[data-review-settings] button");
    assert_eq!(b.text("[data-review-settings-status]"), "Saved: 2 new a day.");
    for _ in 0..2 {
        let id = b.attr(".study-question", "data-qid").unwrap();
        answer(b, ".study-question", &pool_data(b, &id), true);
        click(b, ".study-question .quiz-check");
        click(b, ".study-next");
    }
    assert_eq!(b.count(".study-question"), 0, "two new a day: done for today");
    assert!(b.text("[data-review-status]").starts_with("Nothing is due now."), "{}", b.text("[data-review-status]"));
    b.reload();
    b.wait_until("document.querySelector('[data-review-status]').textContent.indexOf('Nothing') === 0");
    assert_clean(b, "pace");
}

fn focused(b: &Browser) -> String {
    b.eval("var e = document.activeElement; return e.tagName + '.' + e.className + '#' + (e.type || '');")
        .as_str()
        .unwrap()
        .to_string()
}

fn keys(b: &Browser, k: &str) {
    b.type_text(":focus", k);
}

fn keyboard(env: &Env, site: &Site) {
    let b = env.browser();
    open(b, site, From::Http, "review/index.html");
    clear_storage(b);
    b.reload();
    b.wait_for(".study-question");
    let first = b.attr(".study-question", "data-qid").unwrap();
    b.eval("document.querySelector('.study-question input, .study-question select').focus();");
    let kind = pool_data(b, &first)["kind"].as_str().unwrap().to_string();
    assert_eq!(kind, "single", "the site's first question");
    keys(b, " ");
    keys(b, "\u{E004}"); // Tab: from the choices to Check
    assert!(focused(b).contains("quiz-check"), "Tab reaches Check: {}", focused(b));
    keys(b, "\u{E007}"); // Enter
    b.wait_for(".study-question .quiz-verdict");
    assert!(focused(b).contains("study-next"), "focus moves to Next: {}", focused(b));
    keys(b, "\u{E007}");
    b.wait_until(&format!("document.querySelector('.study-question').getAttribute('data-qid') !== {}", json!(first)));
    assert!(
        focused(b).starts_with("INPUT") || focused(b).starts_with("SELECT"),
        "focus on the next question: {}",
        focused(b)
    );
    assert_clean(b, "keyboard");
}

fn without_storage(env: &Env, site: &Site) {
    let b = env.browser();
    let added = b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "Object.defineProperty(window, 'localStorage', { get: function () { throw new DOMException('storage is off', 'SecurityError'); } });" }),
    );
    let mut problems = Vec::new();
    for page in ["review/index.html", "exam/index.html", "progress/index.html", NOTE] {
        open(b, site, From::Http, page);
        if page != NOTE {
            let notice =
                b.eval("var n = document.querySelector('[data-study-storage]'); return !n.hidden && n.textContent;");
            if !notice.as_str().is_some_and(|t| t.contains("this visit only")) {
                problems.push(format!("{page}: no notice ({notice})"));
            }
        }
        if page == "review/index.html" {
            let id = b.attr(".study-question", "data-qid").unwrap();
            answer(b, ".study-question", &pool_data(b, &id), false);
            click(b, ".study-question .quiz-check");
            if !b.text(".study-question .quiz-verdict").contains("Incorrect") {
                problems.push("review: no verdict".into());
            }
            click(b, ".study-next");
            if !b.text("[data-review-status]").starts_with("1 due") {
                problems.push(format!(
                    "review: the wrong answer is not due within the visit: {}",
                    b.text("[data-review-status]")
                ));
            }
        }
        if page == "exam/index.html" {
            b.clear("#exam-count");
            b.type_text("#exam-count", "2");
            click(b, "[data-exam-setup] button[type=submit]");
            click(b, "[data-exam-submit]");
            click(b, "[data-exam-submit-yes]");
            if !b.text("#exam-results-title").starts_with("Your score: 0 of 2") {
                problems.push(format!("exam: {}", b.text("#exam-results-title")));
            }
        }
        for e in b.take_errors() {
            problems.push(format!("{page}: {e}"));
        }
    }
    b.cdp("Page.removeScriptToEvaluateOnNewDocument", json!({ "identifier": added["identifier"] }));
    assert!(problems.is_empty(), "without storage:\n  {}", problems.join("\n  "));
}

/// The site built for `https://example.github.io/studynotes/` and served under
/// `/studynotes/`, as GitHub Pages does: the header count, Review, an exam and Progress
/// all work, load no missing file and link inside the sub-path.
fn under_a_sub_path(env: &Env) {
    let parent = env.scratch("study-subpath");
    let out = parent.join("studynotes");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_studysite"))
        .args(["build", "--base-url", "https://example.github.io/studynotes/", "--root"])
        .arg(crate::common::repo_root())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let server = super::server::Server::start(&parent);
    let b = env.browser();
    b.goto(&server.url("studynotes/streaming/kinesis/"));
    clear_storage(b);
    b.reload();
    b.wait_until("document.querySelector('.quiz-question.quiz-ready')");
    b.take_log();
    let (li, data): (String, Json) = serde_json::from_value(b.eval(
        "var li = document.querySelector('.quiz-question[data-kind=\"single\"]'); return [li.id, JSON.parse(li.querySelector('script.quiz-data').textContent)];",
    ))
    .unwrap();
    let qid = b.attr(&format!("#{li}"), "data-qid").unwrap();
    answer(b, &format!("#{li}"), &data, false);
    click(b, &format!("#{li} .quiz-check"));
    assert_eq!(due_badge(b), "1 due");
    click(b, "[data-study-due]");
    b.wait_for(".study-question");
    assert!(b.current_url().ends_with("/studynotes/review/"), "{}", b.current_url());
    assert_eq!(b.attr(".study-question", "data-qid").as_deref(), Some(qid.as_str()));
    click(b, ".study-nav a[href$='exam/']");
    b.wait_for("[data-exam-setup]:not([hidden])");
    b.clear("#exam-count");
    b.type_text("#exam-count", "3");
    click(b, "[data-exam-setup] button[type=submit]");
    click(b, "[data-exam-submit]");
    click(b, "[data-exam-submit-yes]");
    b.wait_for(".exam-misses a.study-source");
    click(b, ".exam-misses a.study-source");
    assert!(b.current_url().contains("/studynotes/"), "{}", b.current_url());
    b.goto(&server.url("studynotes/progress/"));
    b.wait_until("document.querySelector('[data-progress-summary] [data-progress-answered]')");
    assert_eq!(b.attr("[data-progress-answered]", "data-progress-answered").as_deref(), Some("1"));
    assert_clean(b, "sub-path");
    let missing: Vec<String> = server
        .take_hits()
        .into_iter()
        .filter(|h| h.status >= 400)
        .map(|h| format!("{} {}", h.status, h.path))
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
}

/// For the axe-core checks (`Kind::state` in tests/browser.rs): an exam in progress.
pub fn exam_running(b: &Browser) {
    clear_storage(b);
    b.reload();
    b.wait_for("[data-exam-setup]:not([hidden])");
    b.clear("#exam-count");
    b.type_text("#exam-count", "5");
    click(b, "[data-exam-setup] button[type=submit]");
    b.wait_for(".exam-question");
    let id = current_qid(b);
    answer(b, ".exam-question", &pool_data(b, &id), true);
}

/// An exam submitted with one answer right and the rest missed.
pub fn exam_results(b: &Browser) {
    exam_running(b);
    click(b, "[data-exam-submit]");
    click(b, "[data-exam-submit-yes]");
    b.wait_for("[data-exam-results]:not([hidden])");
}

/// Review with a question answered wrong (feedback shown).
pub fn review_answered(b: &Browser) {
    clear_storage(b);
    b.reload();
    b.wait_for(".study-question");
    let id = b.attr(".study-question", "data-qid").unwrap();
    answer(b, ".study-question", &pool_data(b, &id), false);
    click(b, ".study-question .quiz-check");
}

/// Progress with answers and two exams.
pub fn progress_filled(b: &Browser) {
    let url = b.current_url();
    b.goto(&url.replace("progress/", "exam/"));
    exam_results(b);
    click(b, "[data-exam-again]");
    b.clear("#exam-count");
    b.type_text("#exam-count", "8");
    click(b, "[data-exam-setup] button[type=submit]");
    for i in 0..8 {
        let id = current_qid(b);
        answer(b, ".exam-question", &pool_data(b, &id), i % 3 != 0);
        if i < 7 {
            click(b, "[data-exam-next]");
        }
    }
    click(b, "[data-exam-submit]");
    click(b, "[data-exam-submit-yes]");
    b.wait_for("[data-exam-results]:not([hidden])");
    b.goto(&url);
    b.wait_until("document.querySelector('[data-progress-summary] [data-progress-answered]')");
}

/// The exam draws at random, so one long token (an ARN, an S3 path) in any question could
/// widen the page on a phone on some runs only: this puts every pool question on screen.
fn every_question_fits_a_phone(env: &Env, site: &Site) {
    let b = env.browser();
    b.set_window_size(360, 800);
    open(b, site, From::Http, "exam/index.html");
    b.wait_for("[data-exam-setup]:not([hidden])");
    b.eval(
        "var ids = StudysitePage.pool.map(function (q) { return q.id; });
         StudysitePage.save('exam:current', {v: 1, id: 'all', started: Date.now(), ids: ids, cats: [], answers: {},
           index: 0, clock: {limit: 36e6, used: 0, since: Date.now()}});",
    );
    b.reload();
    b.wait_for(".exam-question");
    let result = b.eval(
        "var d = document.documentElement, wide = [];
         var buttons = document.querySelectorAll('.exam-map button');
         for (var i = 0; i < buttons.length; i++) {
           buttons[i].click();
           if (d.scrollWidth > d.clientWidth) wide.push(document.querySelector('.exam-question').getAttribute('data-qid') + ': ' + d.scrollWidth + ' px');
         }
         return {shown: buttons.length, wide: wide};",
    );
    // Submitted unanswered, every question is a miss the results list in full.
    click(b, "[data-exam-submit]");
    click(b, "[data-exam-submit-yes]");
    b.wait_for("[data-exam-results]:not([hidden])");
    let misses = b.count(".exam-misses > li");
    let results_width = b.eval("return document.documentElement.scrollWidth;");
    clear_storage(b);
    b.set_window_size(super::driver::WINDOW.0, super::driver::WINDOW.1);
    let shown = result["shown"].as_u64().unwrap();
    assert!(shown > 400, "the exam showed {shown} questions, not the whole pool");
    assert_eq!(result["wide"], json!([]), "questions wider than a 360 px screen");
    assert_eq!(misses as u64, shown, "the results list every question");
    assert!(results_width.as_u64().unwrap() <= 360, "the results are {results_width} px wide on a 360 px screen");
}

fn screenshots(env: &Env, site: &Site) {
    let b = env.browser();
    let mut wide_problems = Vec::new();
    for (w, h) in [(1280, 900), (360, 800)] {
        b.set_window_size(w, h);
        for theme in [Theme::Light, Theme::Dark] {
            let t = theme.name();
            open(b, site, From::Http, "review/index.html");
            b.set_theme(theme);
            review_answered(b);
            b.screenshot(&format!("study-review-{w}-{t}"));
            let mut check = |what: &str| {
                if let Some(size) = b.stays_wide() {
                    wide_problems.push(format!("{what} at {w} px, {t}: {size}"));
                }
            };
            check("review");
            open(b, site, From::Http, "exam/index.html");
            exam_running(b);
            b.screenshot(&format!("study-exam-running-{w}-{t}"));
            check("exam");
            click(b, "[data-exam-submit]");
            click(b, "[data-exam-submit-yes]");
            b.wait_for("[data-exam-results]:not([hidden])");
            b.eval("window.scrollTo(0, 0);");
            b.screenshot(&format!("study-exam-results-{w}-{t}"));
            check("exam results");
            open(b, site, From::Http, "progress/index.html");
            progress_filled(b);
            b.eval("window.scrollTo(0, 0);");
            b.screenshot(&format!("study-progress-{w}-{t}"));
            b.eval("document.querySelector('[data-progress-exams]').scrollIntoView();");
            b.screenshot(&format!("study-progress-charts-{w}-{t}"));
            check("progress");
        }
    }
    b.set_window_size(super::driver::WINDOW.0, super::driver::WINDOW.1);
    b.forget_theme();
    assert!(wide_problems.is_empty(), "pages wider than the screen: {wide_problems:?}");
}
