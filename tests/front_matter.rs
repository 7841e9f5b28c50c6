//! YAML front matter as Obsidian and other editors write it, and plain Markdown files
//! without front matter: they build as the README documents.

mod common;

use common::TempSite;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn yaml_block_scalars_escapes_and_bom_build() {
    let site = TempSite::new("yaml-forms");
    site.write(
        "notes/a/cafe.md",
        "\u{feff}---\ntitle: \"Caf\\u00e9 notes\"\nsummary: >\n  Folded text\n  on two lines.\nexcerpt: |\n  A block scalar\n  of another tool.\n---\n\nBody of the café note.\n",
    );
    site.build_ok();
    let page = site.read("public/a/cafe/index.html");
    assert!(page.contains("<title>Café notes"), "{page}");
    assert!(page.contains("Folded text on two lines."), "the folded summary is shown");
    assert!(!page.contains("u00e9"), "the escape was decoded");
    assert!(!page.contains("---"), "the front matter after a BOM is not shown as text");
}

#[test]
fn a_duplicate_key_is_an_error_with_its_line() {
    let site = TempSite::new("yaml-dup");
    site.write("notes/a/dup.md", "---\ntitle: One\ntags: [x]\ntitle: Two\n---\nBody\n");
    let out = site.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("notes/a/dup.md:4:"), "{err}");
    assert!(err.contains("duplicate"), "{err}");
}

#[test]
fn every_front_matter_error_of_a_file_is_reported() {
    let site = TempSite::new("yaml-all-errors");
    site.write("notes/a/bad.md", "---\ntitle: Bad\nweight: heavy\ndraft: perhaps\n---\nBody\n");
    site.write("notes/a/typo.md", "+++\ntitel = \"Typo\"\n+++\nBody\n");
    let out = site.run(&["build"]);
    let err = stderr(&out);
    assert!(err.contains("notes/a/bad.md:3:") && err.contains("weight"), "{err}");
    assert!(err.contains("notes/a/bad.md:4:") && err.contains("draft"), "{err}");
    assert!(err.contains("notes/a/typo.md:2:1") && err.contains("did you mean `title`?"), "{err}");
    assert!(err.contains("3 problems found"), "{err}");
}

/// A note exported from an Obsidian vault, with plugin properties of every shape.
#[test]
fn an_obsidian_note_with_plugin_properties_builds() {
    let site = TempSite::new("obsidian");
    site.write(
        "notes/aws/Kinesis.md",
        "---\naliases:\n  - KDS\ntags: aws/streaming, exam\ncssclasses:\n  - wide-page\ncreated: 2024-03-01T10:00\ndataview-score: 4.5\nkanban-plugin: basic\nexcerpt: |\n  Multi-line\n  excerpt\nbanner:\n  image: \"[[banner.png]]\"\n  y: 0.3\nempty:\nlist-of-maps:\n  - a: 1\n  - b: ~\n---\n\n# Kinesis\n\nStreams of records.\n",
    );
    site.write("notes/aws/Other.md", "---\ntitle: Other\n---\n\nSee [[KDS]] for streams.\n");
    site.write("notes/aws/Secret.md", "---\ntitle: Secret\npublish: false\n---\n\nNot published.\n");
    site.build_ok();
    let page = site.read("public/aws/Kinesis/index.html");
    assert!(page.contains("<title>Kinesis"), "the first heading is the title");
    assert!(page.contains("wide-page"), "cssclasses become classes of the page");
    assert!(page.contains("exam"), "tags written as text are tags");
    let other = site.read("public/aws/Other/index.html");
    assert!(other.contains("aws/Kinesis/\""), "the alias is a name of the note: {other}");
    assert!(!site.exists("public/aws/Secret/index.html"), "publish: false is a draft");
}

#[test]
fn a_misspelt_yaml_key_is_a_warning_with_a_suggestion() {
    let site = TempSite::new("yaml-typo");
    site.write("notes/a/n.md", "---\ntitle: N\nrelatd: [x]\n---\nBody\n");
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("`relatd` is ignored; did you mean `related`?"), "{}", stderr(&out));
}

#[test]
fn a_folder_of_plain_markdown_builds() {
    let site = TempSite::new("plain-md");
    site.write("studysite.toml", "title_from = \"first-heading\"\n");
    site.write("notes/Getting started.md", "# Getting started\n\nRead [[Terms]] first.\n");
    site.write("notes/Terms.md", "Terms used in these notes.\n");
    site.write("notes/topics/Deep dive.md", "Some text.\n\n# The real title\n\nMore.\n");
    site.build_ok();
    // Names that need escaping become slugs in addresses; titles keep the name.
    let start = site.read("public/getting-started/index.html");
    assert!(start.contains("<title>Getting started"), "{start}");
    assert_eq!(start.matches("<h1").count(), 1, "the opening heading is the title, shown once");
    assert!(start.contains("href=\"../Terms/"), "the wiki link resolves to the file's title: {start}");
    assert!(site.read("public/Terms/index.html").contains("<title>Terms"), "the file name is the title");
    assert!(site.read("public/topics/deep-dive/index.html").contains("<title>The real title"));
}

#[test]
fn the_file_name_is_the_default_title() {
    let site = TempSite::new("title-filename");
    site.write("notes/a/Amazon S3.md", "# Object storage\n\nText.\n");
    site.build_ok();
    assert!(site.read("public/a/amazon-s3/index.html").contains("<title>Amazon S3"));
}

/// An Obsidian vault as it is: `.obsidian/`, attachments found by name, heading links by text.
#[test]
fn an_obsidian_vault_builds_as_it_is() {
    let site = TempSite::new("vault");
    site.write("notes/.obsidian/app.json", "{}");
    site.write("notes/attachments/diagram.png", "PNG");
    site.write(
        "notes/Topics/First.md",
        "---\ntags: [a]\n---\n# First\n\nSee [[Second#Some Heading]].\n\n![[diagram.png]]\n",
    );
    site.write("notes/Topics/Second.md", "# Second\n\n## Some Heading\n\nBack to [[First]].\n");
    site.build_ok();
    let page = site.read("public/Topics/First/index.html");
    assert!(page.contains("href=\"../../Topics/Second/#some-heading\""), "{page}");
    assert!(page.contains("src=\"../../attachments/diagram.png\""), "{page}");
    assert!(!site.exists("public/.obsidian"));
}
