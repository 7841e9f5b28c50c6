//! Cross-linking rules, checked on the HTML of small fixture sites.

mod common;

use common::TempSite;

fn note(title: &str, keywords: &[&str], body: &str) -> String {
    let kw: Vec<String> = keywords.iter().map(|k| format!("\"{k}\"")).collect();
    format!("+++\ntitle = \"{title}\"\nkeywords = [{}]\n+++\n\n{body}", kw.join(", "))
}

/// The `<div class="content">` part of a built page.
fn content(site: &TempSite, page: &str) -> String {
    let html = site.read(&format!("public/{page}/index.html"));
    let start = html.find("<div class=\"content\">").expect("content");
    let end = html[start..].find("<section class=\"backlinks\"").map_or(html.len(), |e| start + e);
    html[start..end].to_string()
}

fn kinesis_site() -> TempSite {
    let site = TempSite::new("linking");
    site.write("notes/streaming/kinesis.md", &note("Kinesis", &[], "Overview.\n"));
    site.write(
        "notes/streaming/firehose.md",
        &note("Kinesis Data Firehose", &["Firehose"], "## Buffering\n\nDelivery.\n"),
    );
    site.write("notes/etl/glue.md", &note("Glue", &[], "ETL.\n"));
    site.write("notes/etl/catalog.md", &note("Glue Data Catalog", &[], "Metadata.\n"));
    site.write("notes/etl/dms.md", &note("Database Migration Service", &["DMS"], "Migrations.\n"));
    site.write(
        "notes/s3/lifecycle.md",
        &note(
            "S3 Lifecycle",
            &["Storage Class Analysis#storage-class-analysis"],
            "## Rules\n\nText.\n\n## Storage Class Analysis\n\nAdvice.\n",
        ),
    );
    site
}

#[test]
fn longest_key_wins_and_acronyms_need_capitals() {
    let site = kinesis_site();
    site.write(
        "notes/a/reader.md",
        &note(
            "Reader",
            &[],
            "Send it with Kinesis Data Firehose. The Glue Data Catalog knows. Move it with DMS, not dms.\n",
        ),
    );
    site.build_ok();
    let html = content(&site, "a/reader");
    assert!(html.contains(r#"<a class="xref" href="../../streaming/firehose/">Kinesis Data Firehose</a>"#), "{html}");
    assert!(
        !html.contains(r#"href="../../streaming/kinesis/""#),
        "Kinesis inside the longer key must not link: {html}"
    );
    assert!(html.contains(r#"<a class="xref" href="../../etl/catalog/">Glue Data Catalog</a>"#));
    assert!(!html.contains(r#"href="../../etl/glue/""#));
    assert!(html.contains(r#"<a class="xref" href="../../etl/dms/">DMS</a>, not dms."#), "{html}");
}

#[test]
fn whole_words_only() {
    let site = kinesis_site();
    site.write("notes/a/reader.md", &note("Reader", &[], "Glued parts and reglue are not Glue.\n"));
    site.build_ok();
    let html = content(&site, "a/reader");
    assert!(
        html.contains(r#"Glued parts and reglue are not <a class="xref" href="../../etl/glue/">Glue</a>."#),
        "{html}"
    );
}

#[test]
fn never_in_code_headings_links_or_images() {
    let site = kinesis_site();
    site.write(
        "notes/a/reader.md",
        &note("Reader", &[], "## Glue in a heading\n\n`Glue` in code, [a Glue link](https://example.com), ![Glue diagram](https://example.com/g.png).\n\n```text\nGlue in a block\n```\n\n<span>Glue in raw HTML</span>\n"),
    );
    site.build_ok();
    let html = content(&site, "a/reader");
    assert!(!html.contains("class=\"xref\""), "{html}");
}

#[test]
fn first_mention_per_section_and_never_the_note_itself() {
    let site = kinesis_site();
    site.write(
        "notes/etl/glue.md",
        &note("Glue", &[], "Glue talks about Glue. Kinesis here, Kinesis again.\n\n## Next\n\nKinesis once more.\n"),
    );
    site.build_ok();
    let html = content(&site, "etl/glue");
    assert_eq!(html.matches(r#"href="../../streaming/kinesis/""#).count(), 2, "{html}");
    assert!(!html.contains(r#"href="../../etl/glue/""#), "self link: {html}");
}

#[test]
fn link_mode_every_links_each_mention() {
    let site = kinesis_site();
    site.write("studysite.toml", "title = \"T\"\n[links]\nmode = \"every\"\n");
    site.write("notes/a/reader.md", &note("Reader", &[], "Kinesis, Kinesis and Kinesis.\n"));
    site.build_ok();
    assert_eq!(content(&site, "a/reader").matches("class=\"xref\"").count(), 3);
}

#[test]
fn never_link_keeps_a_key_out_of_the_text_but_in_the_glossary() {
    let site = kinesis_site();
    site.write("studysite.toml", "title = \"T\"\n[links]\nnever_link = [\"Glue\"]\n");
    site.write("notes/a/reader.md", &note("Reader", &[], "Glue and Kinesis.\n"));
    site.build_ok();
    let html = content(&site, "a/reader");
    assert!(
        !html.contains(r#"href="../../etl/glue/""#) && html.contains(r#"href="../../streaming/kinesis/""#),
        "{html}"
    );
    assert!(site.read("public/glossary/index.html").contains("<dt>Glue</dt>"));
}

#[test]
fn keys_can_point_at_a_heading() {
    let site = kinesis_site();
    site.write("notes/a/reader.md", &note("Reader", &[], "Run a storage class analysis first.\n"));
    site.build_ok();
    assert!(content(&site, "a/reader")
        .contains(r##"<a class="xref" href="../../s3/lifecycle/#storage-class-analysis">storage class analysis</a>"##));
}

#[test]
fn wiki_links_in_every_form() {
    let site = kinesis_site();
    site.write("notes/a/reader.md", &note("Reader", &[], "[[streaming/firehose]], [[kinesis data firehose|the hose]], [[Firehose#buffering|buffers]] and [[lifecycle]].\n"));
    site.build_ok();
    let html = content(&site, "a/reader");
    assert!(html.contains(r#"<a href="../../streaming/firehose/">Kinesis Data Firehose</a>"#), "{html}");
    assert!(html.contains(r#"<a href="../../streaming/firehose/">the hose</a>"#));
    assert!(html.contains(r##"<a href="../../streaming/firehose/#buffering">buffers</a>"##));
    assert!(html.contains(r#"<a href="../../s3/lifecycle/">S3 Lifecycle</a>"#));
}

#[test]
fn two_notes_claiming_a_key_is_an_error_naming_both() {
    let site = kinesis_site();
    site.write("notes/a/other.md", &note("Other", &["Shared", "Firehose"], "Text.\n"));
    let out = site.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("the key \"Firehose\" is claimed by two notes"), "{err}");
    assert!(err.contains("notes/streaming/firehose.md:3:") && err.contains("notes/a/other.md:3"), "{err}");
}

#[test]
fn broken_wiki_links_and_key_anchors_are_errors() {
    let site = kinesis_site();
    site.write(
        "notes/a/reader.md",
        &note("Reader", &["Bad key#nowhere"], "Intro.\n\nSee [[no such note]] and [[streaming/firehose#missing]].\n"),
    );
    let out = site.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("notes/a/reader.md:8:5") && err.contains("no note is called `no such note`"), "{err}");
    assert!(err.contains("notes/a/reader.md:8:") && err.contains("has no heading `#missing`"), "{err}");
    assert!(err.contains("points at `#nowhere`"), "{err}");
}

#[test]
fn backlinks_show_the_mentioning_sentence() {
    let site = kinesis_site();
    site.write(
        "notes/a/reader.md",
        &note("Reader", &[], "First sentence. Then logs go to Kinesis Data Firehose for delivery. Last.\n"),
    );
    site.build_ok();
    let html = site.read("public/streaming/firehose/index.html");
    let back = &html[html.find("<section class=\"backlinks\"").expect("backlinks")..];
    assert!(back.contains(r#"<a href="../../a/reader/">Reader</a><p class="backlink-context">Then logs go to <mark>Kinesis Data Firehose</mark> for delivery.</p>"#), "{back}");
}

#[test]
fn glossary_and_graph_pages() {
    let site = kinesis_site();
    site.write("notes/a/reader.md", &note("Reader", &[], "Kinesis and Glue.\n"));
    site.build_ok();
    let glossary = site.read("public/glossary/index.html");
    assert!(glossary.contains(r##"<a href="#letter-d">D</a>"##) && glossary.contains("<dt>DMS</dt>"));
    assert!(
        glossary.contains(
            r##"<a href="../s3/lifecycle/#storage-class-analysis">S3 Lifecycle › Storage Class Analysis</a>"##
        ),
        "{glossary}"
    );
    let graph = site.read("public/graph/index.html");
    assert!(
        graph.contains("<svg class=\"graph\"")
            && graph.contains(r#"<a href="../a/reader/" aria-label="Reader" class="node""#)
    );
    assert!(graph.contains("7 notes and 2 links"), "{graph}");
    // Previews ship as a classic script for pages opened from disk.
    assert!(site.read("public/previews/0.js").contains(r#""streaming/firehose":["Kinesis Data Firehose",""]"#));
}
