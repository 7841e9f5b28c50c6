//! Reading and finding your way (issue 16), as built HTML: the glossary of definitions,
//! the graph's labels, "Mentioned in" contexts, the cheat sheet, the offline worker, the
//! sitemap rule, plurals and TOML highlighting.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::OnceLock;

use common::TempSite;

/// The default site, built once for the tests that read it.
fn default_site() -> &'static PathBuf {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = std::env::temp_dir().join(format!("studysite-reading-{}", std::process::id()));
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_studysite"))
            .args(["build", "--out"])
            .arg(&out)
            .current_dir(common::repo_root())
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        out
    })
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(default_site().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
}

/// Every `<tag class="class">…</tag>` (no nesting of the same tag) in `html`.
fn blocks<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        let after = &rest[i + open.len()..];
        let end = after.find(close).unwrap_or(after.len());
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

struct Entry {
    term: String,
    variants: Vec<String>,
    definition: Option<String>,
    see: Option<String>,
    href: String,
}

fn glossary_entries(html: &str) -> Vec<Entry> {
    blocks(html, "<div class=\"glossary-entry\"", "</div>")
        .into_iter()
        .map(|e| {
            let dt = blocks(e, "<dt>", "</dt>")[0];
            let (term, variants) = match dt.split_once(" <span class=\"glossary-variants\">(") {
                Some((t, v)) => {
                    (strip_tags(t), strip_tags(v).trim_end_matches(')').split(", ").map(String::from).collect())
                }
                None => (strip_tags(dt), Vec::new()),
            };
            let definition = blocks(e, "<p class=\"glossary-def\">", "</p>").first().map(|d| strip_tags(d));
            let see = blocks(e, "<p class=\"glossary-see\">", "</p>").first().map(|d| strip_tags(d));
            let href = blocks(e, "<a href=\"", "\"").first().map(|h| h.to_string()).unwrap_or_default();
            Entry { term, variants, definition, see, href }
        })
        .collect()
}

const NOTE_A: &str = "+++
title = \"Alpha Service\"
summary = \"Alpha Service is the summary of the first note.\"
keywords = [\"AS\", \"alpha widget\", \"alpha widgets\", \"Gamma part#gamma\"]

[glossary]
\"AS\" = \"Short name of Alpha Service.\"
\"Delta term\" = \"A term only the glossary declares.\"
+++

## Gamma

Text.
";

const NOTE_B: &str = "+++
title = \"Beta Store\"
summary = \"Beta Store is the summary of the second note.\"
keywords = [\"BS\"]
+++

Beta Store keeps what a Delta term names.
";

#[test]
fn glossary_shows_own_definitions_or_see_never_another_summary() {
    let site = TempSite::new("glossary-defs");
    site.write("notes/x/alpha.md", NOTE_A).write("notes/x/beta.md", NOTE_B);
    site.build_ok();
    let html = site.read("public/glossary/index.html");
    let entries = glossary_entries(&html);
    let by_term: HashMap<&str, &Entry> = entries.iter().map(|e| (e.term.as_str(), e)).collect();
    assert_eq!(by_term["AS"].definition.as_deref(), Some("Short name of Alpha Service."));
    assert!(by_term["AS"].see.is_none());
    // A key without a definition says where to look, and shows no summary.
    let widget = by_term["alpha widget"];
    assert_eq!(widget.definition, None);
    assert_eq!(widget.see.as_deref(), Some("See Alpha Service"));
    assert_eq!(widget.variants, ["alpha widgets"], "the plural is merged into the singular");
    assert!(!by_term.contains_key("alpha widgets"));
    assert_eq!(by_term["Gamma part"].see.as_deref(), Some("See Alpha Service › Gamma"));
    assert_eq!(by_term["Gamma part"].href, "../x/alpha/#gamma");
    assert_eq!(by_term["BS"].see.as_deref(), Some("See Beta Store"));
    // A note's own title is defined by its own summary.
    assert_eq!(by_term["Beta Store"].definition.as_deref(), Some("Beta Store is the summary of the second note."));
    // A term only `[glossary]` names is a key: in the glossary and linked in text.
    assert_eq!(by_term["Delta term"].definition.as_deref(), Some("A term only the glossary declares."));
    assert!(site.read("public/x/beta/index.html").contains(r#"<a class="xref" href="../../x/alpha/">Delta term</a>"#));
    for e in &entries {
        let shown = format!("{:?} {:?}", e.definition, e.see);
        if e.term != "Alpha Service" {
            assert!(!shown.contains("summary of the first note"), "{} shows another note's summary", e.term);
        }
        if e.term != "Beta Store" {
            assert!(!shown.contains("summary of the second note"), "{} shows another note's summary", e.term);
        }
    }
}

#[test]
fn glossary_terms_must_be_valid_toml_and_are_documented_in_errors() {
    let site = TempSite::new("glossary-bad");
    site.write("notes/x/a.md", "+++\ntitle = \"A\"\nglossary = [\"not a table\"]\n+++\nBody.\n");
    let out = site.run(&["build"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("notes/x/a.md:3"), "{err}");
}

#[test]
fn default_glossary_defines_every_term_with_its_own_definition() {
    let (loaded, _) = studysite::load::load(&common::repo_root(), false);
    let summaries: HashMap<String, (String, String)> = loaded
        .notes
        .iter()
        .filter_map(|n| n.front.summary.clone().map(|s| (s, (n.title().to_string(), n.id.clone()))))
        .collect();
    let entries = glossary_entries(&read("glossary/index.html"));
    assert!(entries.len() > 250, "{} entries", entries.len());
    let mut problems = Vec::new();
    for e in &entries {
        match &e.definition {
            None => problems.push(format!("{}: no definition ({:?})", e.term, e.see)),
            Some(d) => {
                if let Some((title, id)) = summaries.get(d) {
                    if !(e.term == *title && e.href.starts_with(&format!("../{id}/"))) {
                        problems.push(format!("{}: shows the summary of {title}", e.term));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_two_glossary_entries_differ_only_by_a_plural() {
    let entries = glossary_entries(&read("glossary/index.html"));
    let terms: BTreeSet<String> = entries.iter().map(|e| e.term.to_lowercase()).collect();
    let mut pairs = Vec::new();
    for t in &terms {
        for plural in [format!("{t}s"), format!("{t}es")] {
            if terms.contains(&plural) {
                pairs.push(format!("{t} / {plural}"));
            }
        }
        if let Some(stem) = t.strip_suffix('y') {
            if terms.contains(&format!("{stem}ies")) {
                pairs.push(format!("{t} / {stem}ies"));
            }
        }
    }
    assert!(pairs.is_empty(), "entries that differ only by a plural: {pairs:?}");
    assert!(entries.iter().any(|e| e.term == "shard" && e.variants == ["shards"]));
}

/// Label boxes estimated from the SVG: x, baseline y, anchor, font size and text, with
/// characters 0.55 of the font size wide and the line 1.2 high.
#[test]
fn graph_labels_do_not_overlap() {
    let html = read("graph/index.html");
    let mut boxes: Vec<(String, f64, f64, f64, f64)> = Vec::new();
    for t in blocks(&html, "<text ", "</text>") {
        let attr = |name: &str| -> String {
            t.split(&format!("{name}=\"")).nth(1).and_then(|r| r.split('"').next()).unwrap_or("").to_string()
        };
        let (x, y, font): (f64, f64, f64) =
            (attr("x").parse().unwrap(), attr("y").parse().unwrap(), attr("font-size").parse().unwrap());
        let text = strip_tags(t.split_once('>').unwrap().1);
        let w = text.chars().count() as f64 * font * 0.55;
        let left = match attr("text-anchor").as_str() {
            "end" => x - w,
            "middle" => x - w / 2.0,
            _ => x,
        };
        boxes.push((text, left, y - font * 0.95, left + w, y + font * 0.25));
    }
    let notes = html.matches("class=\"node\"").count();
    assert!(notes >= 40 && boxes.len() == notes, "{} labels for {notes} notes", boxes.len());
    let mut overlaps = Vec::new();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            if a.1 < b.3 && b.1 < a.3 && a.2 < b.4 && b.2 < a.4 {
                overlaps.push(format!("{} / {}", a.0, b.0));
            }
        }
        assert!(a.1 >= 0.0 && a.3 <= 1200.0 && a.2 >= 0.0 && a.4 <= 900.0, "{} leaves the picture", a.0);
    }
    assert!(overlaps.is_empty(), "labels that overlap: {overlaps:?}");
}

#[test]
fn mentioned_in_contexts_are_never_short_fragments() {
    let mut short = Vec::new();
    let mut count = 0;
    for entry in walk(default_site()) {
        if !entry.ends_with("index.html") {
            continue;
        }
        let html = std::fs::read_to_string(&entry).unwrap();
        for ctx in blocks(&html, "<p class=\"backlink-context\">", "</p>") {
            count += 1;
            let text = strip_tags(ctx);
            if text.chars().count() < 40 {
                short.push(format!("{}: {text:?}", entry.display()));
            }
        }
    }
    assert!(count > 250, "only {count} contexts");
    assert!(short.is_empty(), "contexts under 40 characters:\n{}", short.join("\n"));
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn cheat_sheet_has_every_summary_and_table_and_is_linked_from_home() {
    let (loaded, _) = studysite::load::load(&common::repo_root(), false);
    let sheet = strip_tags(&read("cheatsheet/index.html"));
    for n in &loaded.notes {
        let summary = n.front.summary.as_deref().unwrap();
        assert!(sheet.contains(summary), "the cheat sheet lacks the summary of {}", n.id);
    }
    for c in &loaded.comparisons {
        let title = c.text.lines().next().unwrap().split('"').nth(1).unwrap();
        assert!(sheet.contains(title), "the cheat sheet lacks the table {title}");
    }
    assert!(sheet.contains("real time vs near real time"), "a key fact (tip) is missing");
    assert!(read("index.html").contains("href=\"./cheatsheet/\""));
}

#[test]
fn offline_worker_lists_the_site_and_changes_with_it() {
    let worker = read("sw.js");
    for file in ["\"storage/s3/\"", "\"./\"", "\"glossary/\"", "\"static/quiz.js\"", "\"404.html\""] {
        assert!(worker.contains(file), "sw.js does not list {file}");
    }
    assert!(worker.contains("search/"), "sw.js does not keep the search index");
    assert!(read("storage/s3/index.html").contains("data-offline=\"../../sw.js\""));

    let site = TempSite::new("offline");
    site.write("notes/x/a.md", "+++\ntitle = \"A\"\n+++\nFirst.\n");
    site.build_ok();
    let first = site.read("public/sw.js");
    site.write("notes/x/a.md", "+++\ntitle = \"A\"\n+++\nSecond.\n");
    site.build_ok();
    let version = |w: &str| w.lines().find(|l| l.starts_with("var VERSION")).unwrap().to_string();
    assert_ne!(version(&first), version(&site.read("public/sw.js")), "the worker's version did not change");
    site.write("studysite.toml", "offline = false\n");
    site.build_ok();
    assert!(!site.exists("public/sw.js"));
    assert!(!site.read("public/x/a/index.html").contains("data-offline"));
}

#[test]
fn sitemap_only_with_a_full_base_url_and_the_summary_says_so() {
    let site = TempSite::new("sitemap");
    site.write("notes/x/a.md", "+++\ntitle = \"A\"\n+++\nOne note.\n");
    let out = site.build_ok();
    assert!(!site.exists("public/sitemap.xml"));
    assert!(out.contains("no sitemap.xml"), "{out}");
    assert!(out.contains("(1 note, 0 links, 0 quiz questions)"), "{out}");
    let home = strip_tags(&site.read("public/index.html"));
    assert!(home.contains("1 note · 1 category · 0 quiz questions"), "{home}");
    site.write("studysite.toml", "base_url = \"https://example.org/notes/\"\n");
    let out = site.build_ok();
    assert!(!out.contains("no sitemap.xml"), "{out}");
    let map = site.read("public/sitemap.xml");
    for loc in blocks(&map, "<loc>", "</loc>") {
        assert!(loc.starts_with("https://example.org/notes/"), "relative sitemap URL {loc}");
    }
    assert!(map.contains("<loc>https://example.org/notes/x/a/</loc>"));
}

#[test]
fn toml_code_blocks_are_highlighted_with_a_label() {
    let site = TempSite::new("toml");
    site.write("notes/x/a.md", "+++\ntitle = \"A\"\n+++\n```toml\n[links]\nnever_link = [\"bucket\"]\n```\n");
    site.build_ok();
    let page = site.read("public/x/a/index.html");
    assert!(
        page.contains(
            r#"<pre class="code" data-lang="toml"><code class="language-toml">[<span class="hl-y">links</span>]"#
        ),
        "{page}"
    );
    assert!(page.contains(r#"<span class="hl-a">never_link</span>"#), "{page}");
}

#[test]
fn not_found_page_carries_its_styles() {
    let page = read("404.html");
    assert!(page.contains("<style>") && page.contains(".topbar"), "404.html has no inline styles");
    assert!(!page.contains("static/style.css"), "404.html links a stylesheet it cannot reach from disk");
}

#[test]
fn index_links_setting_names_index_html_in_every_folder_link() {
    let site = TempSite::new("index-links");
    site.write("notes/x/a.md", "+++\ntitle = \"Alpha\"\n+++\nSee Beta.\n")
        .write("notes/x/b.md", "+++\ntitle = \"Beta\"\n+++\nSee Alpha.\n");
    site.build_ok();
    assert!(site.read("public/x/a/index.html").contains(r#"<a class="xref" href="../../x/b/">Beta</a>"#));
    site.write("studysite.toml", "index_links = true\n");
    site.build_ok();
    let page = site.read("public/x/a/index.html");
    assert!(page.contains(r#"<a class="xref" href="../../x/b/index.html">Beta</a>"#), "{page}");
    assert!(page.contains(r#"<a class="brand" href="../../index.html">"#), "{page}");
    assert!(page.contains(r#"href="../../glossary/index.html""#), "{page}");
    let folder_links =
        blocks(&page, "href=\"", "\"").into_iter().filter(|h| h.ends_with('/') && !h.contains("://")).count();
    assert_eq!(folder_links, 0, "links to folders left: {page}");
}

/// Past 5,000 links the graph leaves out its lines and per-note link lists (a 10,000-note
/// site made a 51 MB page), says so, and still shows every note as a dot and a list item.
#[test]
fn big_graph_leaves_out_lines_and_says_so() {
    let site = TempSite::new("big-graph");
    let n = 110;
    for i in 0..n {
        // Note i mentions the 50 notes after it by title: 5,500 links in all.
        let mentions: Vec<String> = (1..=50).map(|k| format!("Topic{:03}", (i + k) % n)).collect();
        site.write(
            &format!("notes/n/t{i:03}.md"),
            &format!("---\ntitle: Topic{i:03}\n---\nSee {}.\n", mentions.join(", ")),
        );
    }
    site.build_ok();
    let html = site.read("public/graph/index.html");
    assert!(html.contains("110 notes and 5500 links"), "{}", &html[..html.len().min(3000)]);
    assert_eq!(html.matches("<line ").count(), 0);
    assert_eq!(html.matches("class=\"node\"").count(), n);
    assert!(html.contains("the lines are left out"));
    assert!(html.contains(">Every note</h2>") && !html.contains("graph-list-links"));
    assert!(html.len() < 200_000, "graph page of {} bytes", html.len());
}
