//! "Did you mean": a misspelt name in a note, its front matter, the config or a template
//! is reported with the nearest known name.

mod common;

use common::TempSite;

fn site(name: &str) -> TempSite {
    let site = TempSite::new(name);
    site.write(
        "notes/streams/kinesis.md",
        "+++\ntitle = \"Kinesis Data Streams\"\nkeywords = [\"KDS\"]\n+++\n\n## Shards\n\nText.\n",
    );
    site.write(
        "notes/storage/glacier.md",
        "---\ntitle: Glacier\naliases: [Amazon Glacier Deep Archive]\n---\n\nCold storage.\n",
    );
    site
}

fn failing_build(site: &TempSite) -> String {
    let out = site.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{err}");
    err
}

#[test]
fn a_misspelt_wiki_link_suggests_the_note() {
    let site = site("dym-wiki");
    site.write("notes/storage/s3.md", "+++\ntitle = \"S3\"\n+++\n\nSee [[Kinesis Data Stream]].\n");
    let err = failing_build(&site);
    assert!(err.contains("notes/storage/s3.md:5:"), "{err}");
    assert!(err.contains("did you mean `streams/kinesis`?"), "{err}");
}

#[test]
fn a_misspelt_alias_in_a_link_suggests_the_note() {
    let site = site("dym-alias");
    site.write("notes/storage/s3.md", "+++\ntitle = \"S3\"\n+++\n\nSee [[Amazon Glacier Deep Archiv]].\n");
    let err = failing_build(&site);
    assert!(err.contains("did you mean `storage/glacier`?"), "{err}");
}

#[test]
fn a_misspelt_related_entry_suggests_the_id() {
    let site = site("dym-related");
    site.write("notes/storage/s3.md", "+++\ntitle = \"S3\"\nrelated = [\"streams/kinesiss\"]\n+++\n\nText.\n");
    let err = failing_build(&site);
    assert!(err.contains("notes/storage/s3.md:3:"), "{err}");
    assert!(err.contains("did you mean `streams/kinesis`?"), "{err}");
}

#[test]
fn a_misspelt_front_matter_key_and_setting_suggest_the_name() {
    let site = site("dym-keys");
    site.write("notes/storage/s3.md", "+++\ntitle = \"S3\"\nkeywrods = [\"Simple Storage\"]\n+++\n\nText.\n");
    site.write("studysite.toml", "titel = \"My notes\"\n");
    let err = failing_build(&site);
    assert!(err.contains("studysite.toml:1:1") && err.contains("did you mean `title`?"), "{err}");
    site.remove("studysite.toml");
    let err = failing_build(&site);
    assert!(err.contains("notes/storage/s3.md:3:1") && err.contains("did you mean `keywords`?"), "{err}");
}

#[test]
fn a_misspelt_template_name_suggests_the_template() {
    let site = site("dym-template");
    site.write("templates/note.html", "{% extends \"bse.html\" %}{% block main %}x{% endblock %}");
    let err = failing_build(&site);
    assert!(err.contains("templates/note.html") && err.contains("did you mean `base.html`?"), "{err}");
    site.write(
        "templates/note.html",
        "{% extends \"base.html\" %}{% block main %}{% include \"gloss.html\" %}{{ page.title | lowr }}{% endblock %}",
    );
    let err = failing_build(&site);
    assert!(err.contains("did you mean `glossary.html`?"), "{err}");
    assert!(err.contains("Unknown filter `lowr`") && err.contains("did you mean `lower`?"), "{err}");
    assert!(err.contains("2 problems found"), "{err}");
}

#[test]
fn a_broken_comparison_file_is_reported_once_and_a_misspelt_one_suggested() {
    let site = site("dym-compare");
    site.write("notes/_comparisons/streams.toml", "title = \"T\"\nsubjects = [\"streams/kinesis\"\n");
    site.write("notes/storage/s3.md", "+++\ntitle = \"S3\"\n+++\n\n```compare streams\n```\n");
    let err = failing_build(&site);
    assert!(err.contains("notes/_comparisons/streams.toml:2:"), "{err}");
    assert!(!err.contains("no comparison table named"), "{err}");
    assert!(err.contains("1 problem found"), "{err}");
    site.write(
        "notes/_comparisons/streams.toml",
        "title = \"T\"\nsubjects = [\"streams/kinesis\", \"storage/glacier\"]\n[[row]]\nlabel = \"x\"\ncells = [\"a\", \"b\"]\n",
    );
    site.write("notes/storage/s3.md", "+++\ntitle = \"S3\"\n+++\n\n```compare stream\n```\n");
    let err = failing_build(&site);
    assert!(err.contains("no comparison table named `stream`") && err.contains("did you mean `streams`?"), "{err}");
}
