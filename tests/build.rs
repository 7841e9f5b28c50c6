//! The core generator, seen from outside: sites in, HTML out, errors with places.

mod common;

use common::{snapshot, TempSite};

fn note(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n\n{body}")
}

#[test]
fn renders_markdown_features_into_note_pages() {
    let site = TempSite::new("features");
    site.write(
        "notes/storage/s3.md",
        r#"+++
title = "Amazon S3"
summary = "Object storage."
tags = ["storage", "exam"]
+++

## Storage classes

Intro text with a footnote.[^dur]

### Glacier {#glacier-tier}

> [!WARNING]
> Retrieval takes time.

> [!NOTE]
> Plain note.

| Class | Durability |
|-------|------------|
| Standard | 11 nines |

```python
import boto3
```

```nosuchlanguage
a < b
```

~~old~~ and a task list:

- [x] done

## Storage classes

Second heading with the same text.

[^dur]: Durability is 99.999999999%.
"#,
    );
    site.build_ok();
    let html = site.read("public/storage/s3/index.html");
    // Headings get ids and anchor links; an explicit id wins; duplicates get a suffix.
    assert!(
        html.contains(r##"<h2 id="storage-classes">Storage classes <a class="anchor" href="#storage-classes""##),
        "{html}"
    );
    assert!(html.contains(r#"<h3 id="glacier-tier">"#));
    assert!(html.contains(r#"<h2 id="storage-classes-1">"#));
    // Table of contents lists h2 and h3.
    let toc = &html[html.find(r#"<nav class="toc""#).expect("toc")..];
    assert!(
        toc.contains("href=\"#storage-classes\"")
            && toc.contains("href=\"#glacier-tier\"")
            && toc.contains("href=\"#storage-classes-1\"")
    );
    // Callouts.
    assert!(html.contains(r#"<div class="callout callout-warning" role="note" aria-label="Warning">"#));
    assert!(html.contains(r#"<p class="callout-title">Note</p>"#));
    // Highlighted code uses classes, never inline colours; unknown languages stay plain.
    assert!(html.contains(r#"<span class="hl-k">import</span>"#), "{html}");
    assert!(!html.contains("style=\"color"));
    assert!(html.contains("<code class=\"language-nosuchlanguage\">a &lt; b\n</code>"));
    // Tables, strikethrough, task lists, footnotes with ids that cannot clash with headings.
    assert!(html.contains("<th>Class</th>") && html.contains("<td>11 nines</td>"));
    assert!(html.contains("<del>old</del>"));
    assert!(html.contains(r#"<input type="checkbox" disabled checked aria-label="done">"#));
    assert!(html.contains(r##"<a href="#fn-dur" aria-label="Footnote 1">1</a>"##));
    assert!(html.contains(r#"<div class="footnote" id="fn-dur">"#));
    // The page shell: title, summary, tags, breadcrumbs.
    assert!(html.contains("<title>Amazon S3 · Study notes</title>"));
    assert!(html.contains(r#"<a class="tag" href="../../tags/#tag-exam">#exam</a>"#));
    assert!(html.contains(r#"<li><a href="../../storage/">Storage</a></li>"#));
    // Highlight CSS exists and has a dark variant.
    assert!(site.read("public/static/highlight.css").contains(r#":root[data-theme="dark"] .hl-k"#));
}

#[test]
fn yaml_and_toml_front_matter_both_work() {
    let site = TempSite::new("frontmatter");
    site.write(
        "notes/a/toml.md",
        "+++\ntitle = \"From TOML\"\nsummary = \"toml summary\"\nweight = 2\n+++\nBody one.\n",
    );
    site.write("notes/a/yaml.md", "---\ntitle: \"From YAML: a vault note\"\nsummary: yaml summary\ntags:\n  - vault\nweight: 1\ncssclass: wide\n---\nBody two.\n");
    site.build_ok();
    let yaml = site.read("public/a/yaml/index.html");
    assert!(yaml.contains("<h1>From YAML: a vault note</h1>"));
    assert!(yaml.contains("yaml summary") && yaml.contains("#vault"));
    assert!(site.read("public/a/toml/index.html").contains("<h1>From TOML</h1>"));
    // weight orders the category: YAML (1) comes before TOML (2).
    let cat = site.read("public/a/index.html");
    assert!(cat.find("From YAML").unwrap() < cat.find("From TOML").unwrap());
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TempSite::new("drafts");
    site.write("notes/a/done.md", &note("Done", "Ready."));
    site.write("notes/a/wip.md", "+++\ntitle = \"Work in progress\"\ndraft = true\n+++\nNot yet.\n");
    let summary = site.build_ok();
    assert!(summary.contains("1 drafts skipped"), "{summary}");
    assert!(!site.exists("public/a/wip/index.html"));
    assert!(!site.read("public/index.html").contains("Work in progress"));
    let out = site.run(&["build", "--drafts"]);
    assert!(out.status.success());
    assert!(site.read("public/a/wip/index.html").contains("Not yet."));
}

#[test]
fn a_site_template_overrides_the_built_in_one() {
    let site = TempSite::new("override");
    site.write("notes/a/one.md", &note("One", "Body."));
    site.write(
        "templates/note.html",
        "{% extends \"base.html\" %}{% block main %}<article class=\"custom\">CUSTOM {{ page.title }}</article>{{ page.content | safe }}{% endblock %}",
    );
    site.build_ok();
    let html = site.read("public/a/one/index.html");
    assert!(html.contains("<article class=\"custom\">CUSTOM One</article>"), "{html}");
    // The built-in base template still wraps it.
    assert!(html.contains("class=\"topbar\""));
    // Other pages keep the built-in templates.
    assert!(site.read("public/index.html").contains("class=\"hero\""));
}

#[test]
fn notes_assets_are_copied_and_links_resolve() {
    let site = TempSite::new("assets");
    site.write(
        "notes/a/one.md",
        &note("One", "![diagram](img/flow.svg)\n\n[two](../b/two.md#part) and [[Two]] and [[b/two#part|the part]].\n"),
    );
    site.write("notes/a/img/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.write("notes/b/two.md", &note("Two", "## Part\n"));
    site.build_ok();
    let html = site.read("public/a/one/index.html");
    assert!(html.contains(r#"<img src="../../a/img/flow.svg" alt="diagram" />"#), "{html}");
    assert!(html.contains(r##"<a href="../../b/two/#part">two</a>"##));
    assert!(html.contains(r#"<a href="../../b/two/">Two</a>"#));
    assert!(html.contains(r##"<a href="../../b/two/#part">the part</a>"##));
    assert!(site.exists("public/a/img/flow.svg"));
}

#[test]
fn broken_links_and_anchors_are_errors_with_lines() {
    let site = TempSite::new("broken");
    site.write(
        "notes/a/one.md",
        &note("One", "Line one.\n\n[gone](missing.md)\n\nSee [[b/two#nope]].\n\n![x](nothere.png)\n"),
    );
    site.write("notes/b/two.md", &note("Two", "## Part\n"));
    let out = site.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("notes/a/one.md:7:1"), "{err}");
    assert!(err.contains("no note `a/missing`"), "{err}");
    assert!(
        err.contains("notes/a/one.md:9:5") && err.contains("`b/two` has no heading `#nope`") && err.contains("#part"),
        "{err}"
    );
    assert!(err.contains("notes/a/one.md:11:1") && err.contains("broken image"), "{err}");
    assert!(err.contains("3 problems found"), "{err}");
}

#[test]
fn three_mistakes_are_all_reported_and_the_old_output_survives() {
    let site = TempSite::new("mistakes");
    // Titles are required here (by default a note without one is titled from its heading).
    site.write("studysite.toml", "title_from = \"front-matter\"\n");
    site.write("notes/a/good.md", &note("Good", "Fine."));
    site.build_ok();
    let before = snapshot(&site.root.join("public"));
    assert!(!before.is_empty());

    site.write("notes/a/untitled.md", "+++\nsummary = \"no title here\"\n+++\nBody.\n");
    site.write("notes/a/malformed.md", "+++\ntitle = \"Malformed\"\ntags = [\"unclosed\"\n+++\nBody.\n");
    site.write("templates/note.html", "{% extends \"base.html\" %}{% block main %}\n<p>{{ page.no_such_field }}</p>\n{{ nope_variable }}\n{% endblock %}");
    let out = site.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("notes/a/untitled.md:1:1") && err.contains("has no `title`"), "{err}");
    assert!(err.contains("notes/a/malformed.md:3:") && err.contains("invalid front matter"), "{err}");
    assert!(err.contains("templates/note.html:2:") && err.contains("template error"), "{err}");
    assert!(err.contains("3 problems found"), "{err}");
    assert_eq!(before, snapshot(&site.root.join("public")), "a failed build changed public/");
    // No temporary folder is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("studysite-tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn two_builds_are_byte_identical() {
    let site = TempSite::new("determinism");
    for i in 0..30 {
        site.write(
            &format!("notes/cat{}/note{i}.md", i % 4),
            &format!("+++\ntitle = \"Note {i}\"\ntags = [\"t{}\", \"all\"]\n+++\n\n## Section\n\nText [[Note {}]].\n\n```rust\nfn f() {{}}\n```\n", i % 5, (i + 1) % 30),
        );
    }
    site.build_ok();
    let first = snapshot(&site.root.join("public"));
    site.build_ok();
    let second = snapshot(&site.root.join("public"));
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a, b, "{} differs between builds", a.0);
    }
}

#[test]
fn bad_config_and_quiz_are_reported_with_places() {
    let site = TempSite::new("config");
    site.write("studysite.toml", "title = \"X\"\ntitel = \"typo\"\n");
    site.write(
        "notes/a/q.md",
        &note("Q", "```quiz\n[[question]]\nprompt = \"p\"\nchoices = [\"a\", \"b\"]\nanswer = 5\n```\n"),
    );
    let out = site.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("studysite.toml:2:1") && err.contains("titel"), "{err}");
    assert!(err.contains("notes/a/q.md:6:") && err.contains("out of range"), "{err}");
}

#[test]
fn check_writes_nothing() {
    let site = TempSite::new("check");
    site.write("notes/a/one.md", &note("One", "Body."));
    let out = site.run(&["check"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Checked"));
    assert!(!site.exists("public"));
}

#[test]
fn output_has_the_files_hosts_need() {
    let site = TempSite::new("hosting");
    site.write("studysite.toml", "title = \"T\"\nbase_url = \"https://user.github.io/repo\"\n");
    site.write("notes/a/one.md", &note("One", "Body."));
    site.write("static/CNAME", "notes.example.com\n");
    site.build_ok();
    assert!(site.exists("public/.nojekyll"));
    assert!(site.read("public/sitemap.xml").contains("<loc>https://user.github.io/repo/a/one/</loc>"));
    assert!(site.read("public/robots.txt").contains("Sitemap: https://user.github.io/repo/sitemap.xml"));
    assert_eq!(site.read("public/CNAME"), "notes.example.com\n");
    // The 404 page is served at any depth, so it links from the base path.
    assert!(site.read("public/404.html").contains(r#"href="/repo/static/style.css"#));
}

#[test]
fn aliases_redirect_old_addresses() {
    let site = TempSite::new("aliases");
    site.write("notes/a/one.md", "+++\ntitle = \"One\"\naliases = [\"old/place\", \"/older/\"]\n+++\nBody.\n");
    site.build_ok();
    let page = site.read("public/old/place/index.html");
    assert!(page.contains(r#"<meta http-equiv="refresh" content="0; url=../../a/one/">"#), "{page}");
    assert!(site.read("public/older/index.html").contains(r#"url=../a/one/"#));
    site.write("notes/a/two.md", "+++\ntitle = \"Two\"\naliases = [\"a/one\"]\n+++\nBody.\n");
    let out = site.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("notes/a/two.md:3:1") && err.contains("is the address of another page"), "{err}");
}
