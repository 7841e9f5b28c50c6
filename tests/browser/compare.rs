//! Comparison tables (static/compare.js, templates/comparison.html) in Chromium: picking
//! subjects, highlighting differences, the URL fragment, phone and desktop layouts, the
//! sticky first column, search, and screenshots of the ETL table in both themes.

use serde_json::{json, Value};

use super::driver::{Browser, Theme, WINDOW};
use super::harness::{test, Env, Need, Test};
use super::site::Site;

const PAGE: &str = "comparisons/index.html";
const GLUE: &str = "data-integration/glue/index.html";
const ETL: &str = "#compare-etl-services";
const CLASSES_NOTE: &str = "storage/s3-storage-classes/index.html";
const CLASSES: &str = "#compare-s3-storage-classes";

/// The comparison tests, for a test context `C` that holds the built default site.
pub fn tests<C: 'static>(site: fn(&C) -> &Site) -> Vec<Test<C>> {
    vec![
        test("compare::pick_two_subjects_shows_only_their_columns", &[Need::Browser], move |env, c| {
            pick_two(env, site(c))
        }),
        test("compare::highlight_marks_exactly_the_differing_cells", &[Need::Browser], move |env, c| {
            highlight(env, site(c))
        }),
        test("compare::fragment_restores_the_choice", &[Need::Browser], move |env, c| fragment(env, site(c))),
        test("compare::no_table_is_cut_off_at_1280", &[Need::Browser], move |env, c| fits_1280(env, site(c))),
        test("compare::sticky_first_column_and_header_at_1280", &[Need::Browser], move |env, c| sticky(env, site(c))),
        test("compare::phone_360_reads_a_whole_column_without_sideways_scroll", &[Need::Browser], move |env, c| {
            phone(env, site(c))
        }),
        test("compare::search_olap_offers_the_table_first", &[Need::Browser], move |env, c| search_olap(env, site(c))),
        test("compare::screenshots_of_the_etl_table", &[Need::Browser], move |env, c| screenshots(env, site(c))),
    ]
}

fn open(b: &Browser, site: &Site, file: &str, fragment: &str) {
    b.take_log();
    b.goto(&format!("{}{fragment}", site.url(site.page(file))));
}

/// `[key, shown]` for each subject header of the table `sel`.
fn columns(b: &Browser, sel: &str) -> Vec<(String, bool)> {
    let v = b.eval_with(
        "return Array.prototype.map.call(document.querySelectorAll(arguments[0] + ' thead th[data-subject]'), function (th) {
           return [th.getAttribute('data-subject'), getComputedStyle(th).display !== 'none'];
         });",
        vec![json!(sel)],
    );
    serde_json::from_value(v).unwrap()
}

/// Shows exactly `keys` in the ETL table by clicking its checkboxes (as a reader would).
fn choose(b: &Browser, keys: &[&str]) {
    for (key, shown) in columns(b, ETL) {
        if shown != keys.contains(&key.as_str()) {
            b.click(&format!("{ETL} .compare-pick input[value=\"{key}\"]"));
        }
    }
}

/// For the axe-core check (`Kind::state` in tests/browser.rs): two subjects picked and
/// their differences highlighted in the ETL table.
pub fn pick_and_highlight(b: &Browser) {
    choose(b, &["glue", "dms"]);
    b.click(&format!("{ETL} [data-compare-diff]"));
    b.eval(&format!("document.querySelector('{ETL}').scrollIntoView();"));
}

fn assert_clean(b: &Browser, what: &str) {
    let errors: Vec<String> = b.take_errors().iter().map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what}: console errors:\n  {}", errors.join("\n  "));
}

fn pick_two(env: &Env, site: &Site) {
    let b = env.browser();
    open(b, site, PAGE, "");
    let all = columns(b, ETL);
    assert_eq!(all.len(), 5, "the ETL table has five subjects: {all:?}");
    assert!(all.iter().all(|(_, shown)| *shown), "without a choice every column shows: {all:?}");
    choose(b, &["glue", "step-functions"]);
    let shown: Vec<String> = columns(b, ETL).into_iter().filter(|c| c.1).map(|c| c.0).collect();
    assert_eq!(shown, ["glue", "step-functions"]);
    // Every body cell follows its header.
    let visible_cells = b.eval(&format!(
        "return Array.prototype.filter.call(document.querySelectorAll('{ETL} tbody td'), function (td) {{
           return getComputedStyle(td).display !== 'none'; }}).map(function (td) {{ return td.getAttribute('data-subject'); }});"
    ));
    let cells: Vec<String> = serde_json::from_value(visible_cells).unwrap();
    assert_eq!(cells.len(), 2 * 10, "{cells:?}");
    assert!(cells.iter().all(|k| k == "glue" || k == "step-functions"), "{cells:?}");
    // The other tables are untouched.
    assert!(columns(b, "#compare-olap-vs-oltp").iter().all(|c| c.1));
    // Keyboard: the checkboxes take focus and Space toggles them.
    b.eval(&format!("document.querySelector('{ETL} .compare-pick input[value=\"dms\"]').focus();"));
    b.type_text(&format!("{ETL} .compare-pick input[value=\"dms\"]"), " ");
    assert!(columns(b, ETL).iter().any(|(k, s)| k == "dms" && *s), "Space on a focused checkbox did not show DMS");
    assert_clean(b, "pick two");
}

fn highlight(env: &Env, site: &Site) {
    let b = env.browser();
    open(b, site, PAGE, "");
    choose(b, &["data-pipeline", "dms"]);
    b.click(&format!("{ETL} [data-compare-diff]"));
    // Rows whose two shown cells differ, computed here from the cells' text.
    let v = b.eval(&format!(
        "return Array.prototype.map.call(document.querySelectorAll('{ETL} tbody tr'), function (tr) {{
           var norm = function (s) {{ return s.split(/\\s+/).filter(Boolean).join(' ').replace(/\\.+$/, '').toLowerCase(); }};
           var a = norm(tr.querySelector('td[data-subject=\"data-pipeline\"]').textContent);
           var b = norm(tr.querySelector('td[data-subject=\"dms\"]').textContent);
           var marked = Array.prototype.map.call(tr.querySelectorAll('td.compare-differs'), function (td) {{ return td.getAttribute('data-subject'); }});
           return [tr.querySelector('th').textContent, a !== b, marked];
         }});"
    ));
    let rows: Vec<(String, bool, Vec<String>)> = serde_json::from_value(v).unwrap();
    let mut differing = 0;
    for (label, differs, marked) in &rows {
        let expected: Vec<String> = if *differs { vec!["data-pipeline".into(), "dms".into()] } else { Vec::new() };
        assert_eq!(marked, &expected, "row {label:?}");
        differing += usize::from(*differs);
    }
    // Both have no metadata catalog; their other rows differ.
    let catalog = rows.iter().find(|r| r.0.starts_with("Metadata catalog")).expect("a Metadata catalog row");
    assert!(!catalog.1 && catalog.2.is_empty(), "{catalog:?}");
    assert!(differing >= 8, "{rows:?}");
    let status = b.text(&format!("{ETL} .compare-status"));
    assert!(status.contains(&format!("{differing} of 10 rows differ")), "status says {status:?}");
    b.eval(&format!("document.querySelector('{ETL}').scrollIntoView();"));
    b.screenshot("compare-highlight-two-subjects");
    // Turning it off removes every mark.
    b.click(&format!("{ETL} [data-compare-diff]"));
    assert_eq!(b.count(&format!("{ETL} td.compare-differs")), 0);
    assert_clean(b, "highlight");
}

fn fragment(env: &Env, site: &Site) {
    let b = env.browser();
    open(b, site, PAGE, "");
    choose(b, &["glue", "batch"]);
    b.click(&format!("{ETL} [data-compare-diff]"));
    let url = b.current_url();
    assert!(url.ends_with("#compare-etl-services?show=glue,batch&diff"), "the URL does not hold the choice: {url}");
    // A fresh load of the link restores it, scrolled to the table.
    b.goto("about:blank");
    b.goto(&url);
    b.wait_until("document.querySelector('#compare-etl-services .compare-status').textContent !== ''");
    let shown: Vec<String> = columns(b, ETL).into_iter().filter(|c| c.1).map(|c| c.0).collect();
    assert_eq!(shown, ["glue", "batch"]);
    assert_eq!(b.eval(&format!("return document.querySelector('{ETL} [data-compare-diff]').checked;")), json!(true));
    assert!(b.count(&format!("{ETL} td.compare-differs")) > 0, "differences are not highlighted after the reload");
    let top = b.eval(&format!("return document.querySelector('{ETL}').getBoundingClientRect().top;"));
    let top = top.as_f64().unwrap();
    assert!((-5.0..200.0).contains(&top), "the table is not scrolled into view: top {top}");
    // The same link works on a note that embeds the table.
    open(b, site, GLUE, "#compare-etl-services?show=dms");
    let shown: Vec<String> = columns(b, ETL).into_iter().filter(|c| c.1).map(|c| c.0).collect();
    assert_eq!(shown, ["dms"]);
    assert_clean(b, "fragment");
}

/// `[wrap scrollWidth, wrap clientWidth]` of every table on the page.
fn wrap_widths(b: &Browser) -> Vec<(String, f64, f64)> {
    let v = b.eval(
        "return Array.prototype.map.call(document.querySelectorAll('figure.compare'), function (f) {
           var w = f.querySelector('.compare-wrap'); return [f.id, w.scrollWidth, w.clientWidth]; });",
    );
    serde_json::from_value(v).unwrap()
}

fn fits_1280(env: &Env, site: &Site) {
    let b = env.browser();
    b.set_window_size(1280, 900);
    open(b, site, PAGE, "");
    let widths = wrap_widths(b);
    assert_eq!(widths.len(), 6, "{widths:?}");
    for (id, scroll, client) in &widths {
        println!("  {id}: {scroll} px of table in a {client} px box");
        assert!(scroll <= client, "{id} is cut off: {scroll} px wide in a {client} px box");
    }
    b.set_window_size(WINDOW.0, WINDOW.1);
}

fn sticky(env: &Env, site: &Site) {
    let b = env.browser();
    b.set_window_size(1280, 900);
    // In its note, beside the contents, the seven-class table is wider than the text column.
    open(b, site, CLASSES_NOTE, "");
    let js = format!(
        "var w = document.querySelector('{CLASSES} .compare-wrap');
         var th = w.querySelector('tbody tr:nth-child(3) th'), td = w.querySelector('tbody tr:nth-child(3) td:last-child');
         var head = w.querySelector('thead th[data-subject]');
         var r = w.getBoundingClientRect();
         var seen = document.elementFromPoint(th.getBoundingClientRect().left + 5, th.getBoundingClientRect().top + 5);
         return [w.scrollWidth - w.clientWidth, r.left, th.getBoundingClientRect().left, td.getBoundingClientRect().left,
                 r.top, head.getBoundingClientRect().top, w.scrollHeight - w.clientHeight, th.contains(seen) ? 1 : 0];"
    );
    b.eval(&format!("document.querySelector('{CLASSES}').scrollIntoView();"));
    let before: Vec<f64> = serde_json::from_value(b.eval(&js)).unwrap();
    println!(
        "  before: overflow {} px, box left {}, row label left {}, last cell left {}",
        before[0], before[1], before[2], before[3]
    );
    assert!(before[0] > 50.0, "the table does not scroll sideways in the note at 1280 px: {before:?}");
    b.eval(&format!("document.querySelector('{CLASSES} .compare-wrap').scrollLeft = 10000;"));
    let after: Vec<f64> = serde_json::from_value(b.eval(&js)).unwrap();
    println!("  after scrollLeft = max: row label left {}, last cell left {}", after[2], after[3]);
    assert!(after[3] < before[3] - 50.0, "the cells did not move: {before:?} → {after:?}");
    assert!((after[2] - before[2]).abs() < 1.0, "the row label moved: {} → {}", before[2], after[2]);
    assert!(after[2] >= after[1] - 1.0, "the row label left its box");
    assert_eq!(after[7], 1.0, "the row label is covered by the scrolled cells");
    b.screenshot("compare-sticky-scrolled-1280");
    // The header row sticks to the top of the box when the table scrolls down.
    if after[6] > 20.0 {
        b.eval(&format!("document.querySelector('{CLASSES} .compare-wrap').scrollTop = 10000;"));
        let down: Vec<f64> = serde_json::from_value(b.eval(&js)).unwrap();
        println!("  after scrollTop = max: box top {}, header top {}", down[4], down[5]);
        assert!((down[5] - down[4]).abs() < 3.0, "the header row scrolled away: {down:?}");
    }
    b.set_window_size(WINDOW.0, WINDOW.1);
}

fn phone(env: &Env, site: &Site) {
    let b = env.browser();
    b.set_window_size(360, 800);
    for file in [PAGE, GLUE] {
        open(b, site, file, "");
        let page = b.eval("return [document.documentElement.scrollWidth, document.documentElement.clientWidth];");
        let (scroll, client) = (page[0].as_f64().unwrap(), page[1].as_f64().unwrap());
        assert!(scroll <= client, "{file} scrolls sideways at 360 px: {scroll} > {client}");
        // Every cell of one subject's column is on screen horizontally and shows its text.
        let v = b.eval(&format!(
            "return Array.prototype.map.call(document.querySelectorAll('{ETL} td[data-subject=\"step-functions\"]'), function (td) {{
               var r = td.getBoundingClientRect(); return [r.left, r.right, td.scrollWidth <= td.clientWidth + 1, td.textContent.length];
             }});"
        ));
        let cells: Vec<(f64, f64, bool, usize)> = serde_json::from_value(v).unwrap();
        assert_eq!(cells.len(), 10, "{file}");
        for (i, (left, right, fits, len)) in cells.iter().enumerate() {
            assert!(*left >= 0.0 && *right <= client, "{file}: cell {i} spans {left}..{right} px of {client}");
            assert!(*fits && *len > 0, "{file}: cell {i} is cut or empty");
        }
        // Picking one subject leaves its column alone, still without sideways scroll.
        choose(b, &["step-functions"]);
        let shown = b.eval(&format!(
            "return Array.prototype.filter.call(document.querySelectorAll('{ETL} td'), function (td) {{ return td.getClientRects().length > 0; }}).length;"
        ));
        assert_eq!(shown, json!(10), "{file}");
        let scroll = b.eval("return document.documentElement.scrollWidth;").as_f64().unwrap();
        assert!(scroll <= client, "{file} scrolls sideways after picking a subject");
        assert_clean(b, file);
    }
    b.set_window_size(WINDOW.0, WINDOW.1);
}

fn search_olap(env: &Env, site: &Site) {
    let b = env.browser();
    open(b, site, GLUE, "");
    b.click("#search-input");
    b.type_text("#search-input", "OLAP");
    b.wait_until(
        "document.getElementById('search-results') && document.getElementById('search-results').getAttribute('data-query') === 'OLAP' && !document.getElementById('search-panel').hidden",
    );
    let v: Value = b.eval(
        "return Array.prototype.map.call(document.querySelectorAll('#search-results [role=option]'), function (o) {
           return [o.querySelector('.search-result-title').textContent, o.getAttribute('href')]; });",
    );
    let results: Vec<(String, String)> = serde_json::from_value(v).unwrap();
    println!("  first results: {:?}", &results[..results.len().min(3)]);
    let (title, href) = results.first().expect("no result for OLAP");
    assert!(title.starts_with("OLAP vs OLTP"), "first result is {title:?}: {results:?}");
    assert!(href.contains("comparisons/") && href.contains("#compare-olap-vs-oltp"), "{href}");
    // A row result opens the table scrolled to that row.
    b.clear("#search-input");
    b.type_text("#search-input", "columnar storage layout");
    b.wait_until("document.getElementById('search-results').getAttribute('data-query') === 'columnar storage layout'");
    let hrefs = b.eval(
        "return Array.prototype.map.call(document.querySelectorAll('#search-results [role=option]'), function (o) { return o.href; });",
    );
    let hrefs: Vec<String> = serde_json::from_value(hrefs).unwrap();
    let row =
        hrefs.iter().find(|h| h.contains("#compare-olap-vs-oltp-storage-layout")).expect("the Storage layout row");
    b.goto(row);
    let top =
        b.eval("return document.getElementById('compare-olap-vs-oltp-storage-layout').getBoundingClientRect().top;");
    let top = top.as_f64().unwrap();
    assert!((0.0..400.0).contains(&top), "the row is not scrolled into view: top {top}");
    assert_clean(b, "search");
}

fn screenshots(env: &Env, site: &Site) {
    let b = env.browser();
    for (width, height) in [(1280, 900), (360, 800)] {
        b.set_window_size(width, height);
        for theme in [Theme::Light, Theme::Dark] {
            for (name, file) in [("comparisons", PAGE), ("glue", GLUE)] {
                open(b, site, file, "");
                b.set_theme(theme);
                b.eval(&format!("document.querySelector('{ETL}').scrollIntoView();"));
                b.screenshot(&format!("compare-etl-{name}-{width}-{}", theme.name()));
                assert_clean(b, name);
            }
            b.forget_theme();
        }
    }
    // Below the table: the link to its questions, and "Compared in" near the end of the note.
    b.set_window_size(WINDOW.0, WINDOW.1);
    open(b, site, GLUE, "");
    b.eval("document.querySelector('.compare-more').scrollIntoView({block: 'center'});");
    b.screenshot("compare-glue-after-table");
    b.eval("document.querySelector('.compared-in').scrollIntoView({block: 'center'});");
    b.screenshot("compare-glue-compared-in");
    // The link under an embedded table opens the table's questions on the Comparisons page.
    b.eval("document.querySelector('.compare-more a').scrollIntoView({block: 'center'});");
    b.click(".compare-more a");
    b.wait_until("document.getElementById('compare-etl-services-questions') && document.getElementById('compare-etl-services-questions').open");
    let top = b.eval("return document.getElementById('compare-etl-services-questions').getBoundingClientRect().top;");
    assert!((0.0..300.0).contains(&top.as_f64().unwrap()), "the questions are not scrolled into view: {top}");
    b.screenshot("compare-etl-questions");
}
