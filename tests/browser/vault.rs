//! An Obsidian vault's page in Chromium: a transcluded section, a folded callout that
//! opens by click and by keyboard, a Mermaid diagram drawn by the vendored Mermaid with
//! no console error, and math as MathML laid out by the browser; screenshots in both
//! themes, and axe-core on the page.

use std::cell::OnceCell;
use std::rc::Rc;

use super::checks::{axe_violations, disk_load_problems, load_problems};
use super::driver::{Browser, Theme};
use super::harness::{test, Env, Need, Test};
use super::site::Site;
use crate::common::TempSite;

const PAGE: &str = "Guide/Reading/index.html";

const READING: &str = "# Reading\n\nBefore the embed.\n\n![[Source#Part two]]\n\n\
> [!faq]- Why is this folded?\n> Because the answer is long. ==Highlighted== words.\n\n\
```mermaid\ngraph LR; Read-->Quiz; Quiz-->Review;\n```\n\n\
Euler: $e^{i\\pi} + 1 = 0$ and\n\n$$\n\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}\n$$\n";

/// More of what a vault page holds, for the HTML checker.
const MORE: &str = "Tagged #study/vault. A fact. ^fact-1\n\n- item ^item-1\n\n\
| View | Note |\n|---|---|\n| [[Reading\\|Reading]] | [[Source#Part two]] |\n\n\
![[dot.svg|40]] ![[dot.svg#icon]] ![[Source]]\n\n> [!tip]+ Open\n> > [!warning] Nested\n> > Inside.\n\n\
[[Reading extra#^para]]\n";

const SOURCE: &str = "## Part one\n\nNot shown.\n\n## Part two\n\nTranscluded paragraph about glaciers.\n\n## Part three\n\nNot shown either.\n";

/// The fixture vault, built once for the tests below.
struct Vault {
    site: Site,
    _source: TempSite,
}

fn vault(env: &Env, cell: &OnceCell<Rc<Vault>>) -> Rc<Vault> {
    Rc::clone(cell.get_or_init(|| {
        let source = TempSite::new("browser-vault");
        source.write("notes/Guide/Reading.md", READING);
        source.write("notes/Guide/Source.md", SOURCE);
        source.write("notes/Guide/More.md", MORE);
        source.write("notes/Guide/Reading extra.md", "A paragraph. ^para\n");
        source.write("notes/Attachments/dot.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><circle cx=\"5\" cy=\"5\" r=\"5\"/></svg>");
        source.write("notes/.obsidian/app.json", "{}");
        let site = Site::build(&source.root, &env.scratch("vault-site"));
        Rc::new(Vault { site, _source: source })
    }))
}

pub fn tests<C: 'static>() -> Vec<Test<C>> {
    let cell: Rc<OnceCell<Rc<Vault>>> = Rc::new(OnceCell::new());
    let (a, b, c, d) = (Rc::clone(&cell), Rc::clone(&cell), Rc::clone(&cell), Rc::clone(&cell));
    vec![
        test("vault::transclusion_callout_mermaid_and_math", &[Need::Browser], move |env, _: &C| {
            page_features(env, &vault(env, &a))
        }),
        test("vault::page_works_from_disk", &[Need::Browser], move |env, _: &C| {
            let v = vault(env, &b);
            let browser = env.browser();
            let problems = disk_load_problems(browser, &v.site.out.join(PAGE));
            assert!(problems.is_empty(), "{problems:?}");
            browser.wait_until("document.querySelector('pre.mermaid svg')");
            let errors: Vec<String> = browser.take_errors().iter().map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{errors:?}");
        }),
        test("vault::html_is_valid", &[Need::Vnu], move |env, _: &C| {
            let v = vault(env, &d);
            let errors = env.vnu().errors(&[&v.site.out]).expect("the Nu HTML checker runs");
            let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "the Nu HTML checker on the vault fixture:\n  {}", list.join("\n  "));
        }),
        test("vault::axe_light_and_dark", &[Need::Axe], move |env, _: &C| {
            let v = vault(env, &c);
            let browser = env.browser();
            for theme in [Theme::Light, Theme::Dark] {
                browser.goto(&v.site.url(v.site.page(PAGE)));
                browser.set_theme(theme);
                browser.wait_until("document.querySelector('pre.mermaid svg')");
                let blocking: Vec<String> = axe_violations(browser, env.axe())
                    .iter()
                    .filter(|v| v.is_blocking())
                    .map(|v| v.to_string())
                    .collect();
                assert!(blocking.is_empty(), "{} theme:\n  {}", theme.name(), blocking.join("\n  "));
            }
            browser.forget_theme();
        }),
    ]
}

fn js_bool(b: &Browser, js: &str) -> bool {
    b.eval(js).as_bool().unwrap_or_else(|| panic!("not a boolean: {js}"))
}

fn page_features(env: &Env, v: &Vault) {
    let b = env.browser();
    b.set_window_size(1280, 900);
    let problems = load_problems(b, &v.site.server, "Guide/Reading/");
    assert!(problems.is_empty(), "{problems:?}");

    // The transcluded section: its heading and paragraph, nothing from the other parts.
    let embed = b.text(".embed-note");
    assert!(embed.contains("Part two") && embed.contains("Transcluded paragraph about glaciers."), "{embed}");
    assert!(!embed.contains("Not shown"), "{embed}");

    // Mermaid drew an SVG with the diagram's labels, and logged no error.
    b.wait_until("document.querySelector('pre.mermaid svg')");
    let labels = b.text("pre.mermaid");
    for word in ["Read", "Quiz", "Review"] {
        assert!(labels.contains(word), "diagram labels: {labels:?}");
    }
    assert!(js_bool(b, "var r = document.querySelector('pre.mermaid svg').getBoundingClientRect(); return r.width > 100 && r.height > 20;"));

    // MathML laid out by the browser: a block formula with a real size, and a fraction.
    assert!(js_bool(b, "var m = document.querySelector('math[display=block]'); var r = m.getBoundingClientRect(); return r.width > 40 && r.height > 20 && !!m.querySelector('mfrac');"));
    assert!(js_bool(b, "return document.querySelector('math[display=inline] msup') !== null;"));
    b.eval("document.querySelector('math[display=block]').scrollIntoView({block: 'center'});");
    b.screenshot("vault-math-and-diagram");

    // The folded callout: closed, opened by a click, closed again, opened by the keyboard.
    let open = "return document.querySelector('details.callout-faq').open;";
    let answer_shown = "return document.querySelector('details.callout-faq > p').checkVisibility();";
    assert!(!js_bool(b, open) && !js_bool(b, answer_shown), "folded at first");
    b.eval("document.querySelector('details.callout-faq').scrollIntoView({block: 'center'});");
    b.screenshot("vault-callout-folded");
    b.click("details.callout-faq > summary");
    assert!(js_bool(b, open) && js_bool(b, answer_shown), "a click opens it");
    b.screenshot("vault-callout-open");
    b.click("details.callout-faq > summary");
    assert!(!js_bool(b, open), "a second click folds it");
    b.eval("document.querySelector('details.callout-faq > summary').focus();");
    assert!(
        js_bool(b, "return document.activeElement.matches('details.callout-faq > summary');"),
        "the summary takes focus"
    );
    b.type_text("details.callout-faq > summary", "\u{E007}");
    assert!(js_bool(b, open), "Enter opens it");
    b.type_text("details.callout-faq > summary", " ");
    assert!(!js_bool(b, open), "Space folds it");
    b.type_text("details.callout-faq > summary", "\u{E007}");

    b.eval("window.scrollTo(0, 0);");
    b.screenshot("vault-page-light");
    b.set_theme(Theme::Dark);
    b.wait_until("document.querySelector('pre.mermaid svg')");
    b.screenshot("vault-page-dark");
    b.forget_theme();
    let errors: Vec<String> = b.take_errors().iter().map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}
