//! The study loop's build side: the site-wide question pool (every question, generated
//! ones too, loaded by the study pages and never by note pages), the Review, Exam and
//! Progress pages, and `studysite export --anki` read back by Anki's import rules.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::TempSite;

/// Every question the site has, by id, from the library (notes, category intros, tables).
fn pool_ids(root: &std::path::Path) -> Vec<(String, String, String)> {
    let site = studysite::build::linked_site(&studysite::BuildOptions::new(root)).expect("the site links");
    studysite::build::pool::questions(&site).into_iter().map(|q| (q.id, q.cat, q.kind.to_string())).collect()
}

/// Anki's text import: `#key:value` header lines, then records of `separator`-split
/// fields; a field in double quotes may hold separators and line breaks, `""` is one `"`.
fn parse_anki(text: &str) -> (BTreeMap<String, String>, Vec<Vec<String>>) {
    let mut headers = BTreeMap::new();
    let mut rest = text;
    while let Some(line) = rest.strip_prefix('#') {
        let end = line.find('\n').unwrap_or(line.len());
        let (key, value) = line[..end].split_once(':').expect("a header line is #key:value");
        headers.insert(key.to_string(), value.to_string());
        rest = &line[(end + 1).min(line.len())..];
    }
    let sep = match headers.get("separator").map(String::as_str) {
        Some("tab") => '\t',
        other => panic!("unexpected separator {other:?}"),
    };
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = rest.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' && chars.peek() == Some(&'"') {
                chars.next();
                field.push('"');
            } else if c == '"' {
                quoted = false;
            } else {
                field.push(c);
            }
        } else if c == '"' && at_start {
            quoted = true;
            at_start = false;
        } else if c == sep {
            fields.push(std::mem::take(&mut field));
            at_start = true;
        } else if c == '\n' {
            fields.push(std::mem::take(&mut field));
            records.push(std::mem::take(&mut fields));
            at_start = true;
        } else {
            assert!(c != '"', "a quote inside an unquoted field: {field}");
            field.push(c);
            at_start = false;
        }
    }
    assert!(!quoted, "the file ends inside a quoted field");
    (headers, records)
}

#[test]
fn anki_export_has_one_card_per_question_with_anki_headers_and_tags() {
    let root = common::repo_root();
    let dir = TempSite::new("anki");
    let file = dir.root.join("deck.txt");
    let out = Command::new(env!("CARGO_BIN_EXE_studysite"))
        .args(["export", "--root", root.to_str().unwrap(), "--anki", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let questions = pool_ids(&root);
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("Exported {} questions", questions.len())));
    let text = std::fs::read_to_string(&file).unwrap();
    let (headers, records) = parse_anki(&text);
    assert_eq!(headers.get("html").map(String::as_str), Some("true"));
    assert_eq!(headers.get("tags column").map(String::as_str), Some("3"));
    assert_eq!(headers.get("notetype").map(String::as_str), Some("Basic"));
    assert_eq!(headers.get("deck").map(String::as_str), Some("AWS ML Specialty — Data Engineering"));
    assert_eq!(records.len(), questions.len(), "one card per question");
    assert!(questions.iter().any(|(id, ..)| id.starts_with("cmp-")), "generated questions are in the pool");
    let mut generated = 0;
    for (record, (id, cat, kind)) in records.iter().zip(&questions) {
        assert_eq!(record.len(), 3, "front, back, tags: {record:?}");
        let tags: Vec<&str> = record[2].split(' ').collect();
        assert_eq!(tags.len(), 3, "{tags:?}");
        assert_eq!(tags[0], format!("category::{cat}"), "{id}");
        assert!(tags[1].starts_with("note::"), "{tags:?}");
        assert_eq!(tags[2], format!("kind::{kind}"));
        assert!(!record[0].is_empty() && record[1].starts_with("<p><b>Answer:</b> "), "{id}: {record:?}");
        assert!(record[1].contains("Read: "), "{id}: the back names the note section");
        if tags[1] == "note::comparisons" {
            generated += 1;
        }
    }
    assert_eq!(generated, questions.iter().filter(|(id, ..)| id.starts_with("cmp-")).count());
    // A question with choices shows them on the front, lettered.
    let s3 =
        records.iter().find(|r| r[0].contains("What is its <strong>object key</strong>")).expect("the S3 key question");
    assert!(s3[0].contains("<li>D. <code>raw/2024/06/orders.csv</code></li>"), "{}", s3[0]);
    assert!(s3[1].contains("D. <code>raw/2024/06/orders.csv</code>"), "{}", s3[1]);
}

#[test]
fn anki_export_links_to_the_note_section_with_an_absolute_base_url_and_fails_cleanly() {
    let site = TempSite::new("anki-site");
    site.write("studysite.toml", "title = \"Quiz \\\"site\\\"\"\nbase_url = \"https://example.org/study/\"\n");
    site.write(
        "notes/db/rds.md",
        "+++\ntitle = \"RDS\"\n+++\n\n## Backups\n\n```quiz\n[[question]]\nid = \"rds-1\"\nprompt = \"Say \\\"yes\\\"\\tor no\"\naccept = [\"yes\"]\nexplain = \"Line one.\\n\\nLine two.\"\n```\n",
    );
    let out = site.run(&["export", "--anki", "cards.txt"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (headers, records) = parse_anki(&site.read("cards.txt"));
    assert_eq!(headers["deck"], "Quiz \"site\"");
    assert_eq!(records.len(), 1);
    assert!(records[0][0].contains("Say \"yes\""), "{:?}", records[0]);
    assert!(
        records[0][1].contains("<a href=\"https://example.org/study/db/rds/#backups\">Read: RDS</a>"),
        "{:?}",
        records[0]
    );
    assert!(records[0][1].contains("Line two."), "{:?}", records[0]);
    assert_eq!(records[0][2], "category::db note::db::rds kind::short");

    // A broken note: an error naming the file, exit 1, and no file written.
    site.write("notes/db/bad.md", "+++\ntitle = \"Bad\"\n+++\n\n```quiz\n[[question]]\nprompt = \"x\"\n```\n");
    let out = site.run(&["export", "--anki", "again.txt"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.md"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!site.exists("again.txt"));
    assert!(std::fs::read_dir(&site.root).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().contains("tmp")));
}

#[test]
fn the_pool_is_loaded_by_the_study_pages_only_and_holds_every_question() {
    let site = TempSite::new("pool");
    let out = site.root.join("public");
    let root = common::repo_root();
    let run = Command::new(env!("CARGO_BIN_EXE_studysite"))
        .args(["build", "--root", root.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let mut shards = Vec::new();
    for e in std::fs::read_dir(out.join("pool")).unwrap() {
        let e = e.unwrap();
        shards.push((format!("pool/{}", e.file_name().to_string_lossy()), std::fs::read_to_string(e.path()).unwrap()));
    }
    assert!(!shards.is_empty());
    let pool_text: String = shards.iter().map(|(_, t)| t.as_str()).collect();
    let questions = pool_ids(&root);
    for (id, ..) in &questions {
        assert_eq!(pool_text.matches(&format!("{{\"id\":\"{id}\",")).count(), 1, "{id} is in the pool once");
    }
    assert!(shards.iter().all(|(_, t)| t.starts_with("var studysitePool = ")), "classic scripts");
    for page in ["review", "exam", "progress"] {
        let html = std::fs::read_to_string(out.join(page).join("index.html")).unwrap();
        for (path, _) in &shards {
            assert!(html.contains(&format!("src=\"../{path}\"")), "{page} loads {path}");
        }
        assert!(html.contains(&format!("src=\"../static/{page}.js?v=")), "{page}");
        assert!(html.contains("data-page-kind=\"") && html.contains("static/due.js?v="));
    }
    let note = std::fs::read_to_string(out.join("storage/s3/index.html")).unwrap();
    assert!(!note.contains("pool/"), "note pages never load the pool");
    assert!(note.contains("static/due.js?v=") && note.contains("static/study-core.js?v="));
    assert!(note.contains("href=\"../../review/\" data-study-due"), "the header links to Review");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("static/due.js?v=") && !home.contains("pool/") && !home.contains("ts-fsrs.js"));
}
