//! A generated vault of 120 notes with every Obsidian construct studysite supports,
//! attachments in their own folder, built with no settings: no error, no warning, and a
//! crawl of the output finds every `href` and `src` of every page (fragments included).

mod common;

use std::path::{Path, PathBuf};

use common::TempSite;

const NOTES: usize = 120;
const FOLDERS: &[&str] = &["Storage Basics", "Compute", "Networking & Security", "Databases", "Études", "Analytics"];

fn name(i: usize) -> String {
    format!("Topic {i}")
}

fn folder(i: usize) -> &'static str {
    FOLDERS[i % FOLDERS.len()]
}

/// The front matter of note `i`: none, Obsidian YAML, or TOML, in turn.
fn front(i: usize) -> String {
    match i % 3 {
        0 => String::new(),
        1 => format!("---\naliases: [Alias {i}]\ntags: generated, level{}\ncssclasses: [wide]\n---\n", i % 4),
        _ => format!("+++\ntitle = \"{}\"\ntags = [\"generated\"]\n+++\n", name(i)),
    }
}

fn body(i: usize) -> String {
    let next = (i + 1) % NOTES;
    let far = (i + 17) % NOTES;
    let mut b = format!(
        "Intro of {me}, which links [[{next}]] and [[{far}#Details: part ({farn})|details of {far}]].\n\n\
         ## Overview of {me}\n\n\
         A ==key idea== with #topic/level{lvl} and #generated tags. %%a private comment%%\n\n\
         A fact to quote. ^fact{i}\n\n\
         - first point ^point{i}\n- second point\n\n\
         ## Details: part ({i})\n\n\
         See [[{far}#^fact{farn}]], [[#Sub point]], [md link]({md}.md) and <student{i}@example.com>.\n\n\
         ### Sub point\n\n\
         | Item | Link |\n|---|---|\n| one | [[{next}\\|the next one]] |\n\n\
         > [!faq]- Question {i}?\n> Answer with $x^{lvl} + y$.\n\n\
         > [!tip] Remember\n> Keep going.\n\n\
         ![[photo{img}.png|300]] ![[icon.svg#icon]] ![figure](photo{img}.png)\n",
        me = name(i),
        next = name(next),
        far = name(far),
        farn = far,
        lvl = i % 3,
        md = name(next).replace(' ', "%20"),
        img = i % 5,
    );
    if i.is_multiple_of(10) {
        b.push_str("\n![[guide.pdf]]\n\n![[sound.mp3]]\n\n![[movie.mp4|400]]\n\n$$\n\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}\n$$\n");
    }
    if i.is_multiple_of(7) && i + 3 < NOTES {
        // Embeds only go to later notes, so there is no cycle.
        let t = i + 3;
        b.push_str(&format!("\n![[{}#Details: part ({t})]]\n\n![[{}#^fact{t}]]\n", name(t), name(t)));
    }
    if i.is_multiple_of(15) {
        b.push_str("\n```mermaid\ngraph LR; Read-->Quiz; Quiz-->Review;\n```\n");
    }
    b
}

fn generate(site: &TempSite) {
    for i in 0..NOTES {
        site.write(&format!("notes/{}/{}.md", folder(i), name(i)), &format!("{}{}", front(i), body(i)));
    }
    for n in 0..5 {
        site.write(&format!("notes/Attachments/photo{n}.png"), "png bytes");
    }
    site.write("notes/Attachments/icon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.write("notes/Attachments/guide.pdf", "%PDF-1.4");
    site.write("notes/Attachments/sound.mp3", "mp3");
    site.write("notes/Attachments/movie.mp4", "mp4");
    site.write("notes/.obsidian/app.json", "{}");
    site.write("notes/.trash/Deleted.md", "[[Nowhere]]");
}

/// Every `href="…"` and `src="…"` value of an HTML text (entities decoded).
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attr) {
            rest = &rest[at + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(rest[..end].replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'"));
            rest = &rest[end..];
        }
    }
    out
}

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            html_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "html") {
            out.push(p);
        }
    }
}

/// The broken references of one page (`public` is the output root).
fn check_page(public: &Path, page: &Path, html: &str) -> Vec<String> {
    let mut broken = Vec::new();
    let page_url = url::Url::from_file_path(page).unwrap();
    let root_url = url::Url::from_directory_path(public).unwrap();
    for r in references(html) {
        if r.starts_with("http://") || r.starts_with("https://") || r.starts_with("mailto:") || r.starts_with("data:") {
            continue;
        }
        let joined = if let Some(abs) = r.strip_prefix('/') { root_url.join(abs) } else { page_url.join(&r) };
        let Ok(mut target) = joined else {
            broken.push(format!("{}: unparsable {r}", page.display()));
            continue;
        };
        let fragment = target.fragment().map(percent_decode);
        target.set_fragment(None);
        target.set_query(None);
        let mut path = target.to_file_path().unwrap();
        if path.is_dir() {
            path = path.join("index.html");
        }
        if !path.exists() {
            broken.push(format!("{}: {r} → {} does not exist", page.display(), path.display()));
            continue;
        }
        if let (Some(f), true) = (fragment, path.extension().is_some_and(|x| x == "html")) {
            let text = std::fs::read_to_string(&path).unwrap();
            if !f.is_empty() && !text.contains(&format!("id=\"{f}\"")) {
                broken.push(format!("{}: {r} → no id `{f}` in {}", page.display(), path.display()));
            }
        }
    }
    broken
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

#[test]
fn a_generated_vault_builds_cleanly_and_every_reference_resolves() {
    let site = TempSite::new("vault-crawl");
    generate(&site);
    let out = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr, "", "no warning either");
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("({NOTES} notes")));

    let public = site.root.join("public").canonicalize().unwrap();
    let mut pages = Vec::new();
    html_files(&public, &mut pages);
    assert!(pages.len() > NOTES, "{} pages", pages.len());
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        checked += references(&html).len();
        broken.extend(check_page(&public, page, &html));
    }
    assert!(broken.is_empty(), "{} broken of {checked}:\n{}", broken.len(), broken[..broken.len().min(30)].join("\n"));
    assert!(checked > 5000, "{checked} references checked");

    // The crawl itself finds what is broken.
    let probe = public.join("probe.html");
    let bad = "<a href=\"nowhere/\">x</a><a href=\"index.html#no-such-id\">y</a><img src=\"static/none.png\">";
    assert_eq!(check_page(&public, &probe, bad).len(), 3);

    // The constructs are really there, not silently dropped.
    let all: String = pages.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    for needle in [
        "<mark>key idea</mark>",
        "<details class=\"callout callout-faq callout-foldable\"",
        "<math display=\"block\">",
        "<pre class=\"mermaid\">",
        "<div class=\"embed embed-note\">",
        "<iframe class=\"embed-pdf\"",
        "<audio class=\"embed-audio\"",
        "<video class=\"embed-video\"",
        "class=\"embed-image icon\"",
        "href=\"mailto:student1@example.com\"",
        "id=\"block-fact1\"",
    ] {
        assert!(all.contains(needle), "missing {needle}");
    }
    assert!(!all.contains("private comment") && !all.contains("%%"));
    assert!(!public.join(".obsidian").exists() && !public.join(".trash").exists());
    assert!(!public.join("Attachments/index.html").exists(), "the attachments folder is no category");
}
