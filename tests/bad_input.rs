//! Regression tests for input that once panicked, failed wrongly or was never checked.
//! Each case is what a user could write; the build must answer with a clear error (or
//! build correctly), never a panic and never silence.

mod common;

use common::TempSite;

fn note(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n\n{body}\n")
}

fn check(site: &TempSite) -> (bool, String) {
    let out = site.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "panic:\n{err}");
    (out.status.success(), err)
}

fn build(site: &TempSite) -> (bool, String) {
    let out = site.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "panic:\n{err}");
    (out.status.success(), err)
}

#[test]
fn link_text_starting_with_a_space_after_a_full_stop_builds() {
    let site = TempSite::new("autolink-space");
    site.write("notes/a/one.md", &note("One", "See.[ Two](two.md) and One."));
    site.write("notes/a/two.md", &note("Two", "Back to One.[ x](one.md)"));
    let (ok, err) = build(&site);
    assert!(ok, "{err}");
    assert!(site.read("public/a/one/index.html").contains("<a href=\"../../a/two/\"> Two</a>"));
}

#[test]
fn a_title_with_a_hash_is_a_title_not_a_heading_link() {
    let site = TempSite::new("csharp");
    site.write("notes/a/csharp.md", &note("Learn C# fast", "Body."));
    site.write("notes/a/other.md", &note("Other", "Read Learn C# fast today."));
    let (ok, err) = build(&site);
    assert!(ok, "{err}");
    let html = site.read("public/a/other/index.html");
    assert!(html.contains("<a class=\"xref\" href=\"../../a/csharp/\">Learn C# fast</a>"), "no link: {html}");
}

#[test]
fn a_byte_order_mark_before_front_matter_is_ignored() {
    let site = TempSite::new("bom");
    site.write("notes/a/toml.md", &format!("\u{feff}{}", note("With BOM", "Body.")));
    site.write("notes/a/yaml.md", "\u{feff}---\ntitle: Yaml BOM\n---\nBody.\n");
    let (ok, err) = build(&site);
    assert!(ok, "{err}");
    assert!(site.read("public/a/toml/index.html").contains("<h1>With BOM</h1>"));
    assert!(site.read("public/a/yaml/index.html").contains("<h1>Yaml BOM</h1>"));
}

#[test]
fn tags_that_slug_alike_get_pages_of_their_own() {
    let site = TempSite::new("tags");
    site.write("notes/a/one.md", "+++\ntitle = \"One\"\ntags = [\"C++\", \"C#\", \"c\"]\n+++\nBody.\n");
    let (ok, err) = build(&site);
    assert!(ok, "{err}");
    let html = site.read("public/a/one/index.html");
    let hrefs: Vec<&str> = html.match_indices("class=\"tag\" href=\"").map(|(i, m)| &html[i + m.len()..]).collect();
    let hrefs: std::collections::BTreeSet<&str> = hrefs.iter().map(|h| &h[..h.find('"').unwrap()]).collect();
    assert_eq!(hrefs.len(), 3, "tags share a page: {hrefs:?}");
}

#[test]
fn heading_ids_never_clash_with_the_themes_ids() {
    let site = TempSite::new("theme-ids");
    site.write("notes/a/one.md", &note("One", "## Main {#main}\n\n## Search {#search-input}\n\nText."));
    let (ok, err) = check(&site);
    assert!(!ok);
    assert!(err.contains("notes/a/one.md:5:") && err.contains("`main`") && err.contains("theme"), "{err}");
    assert!(err.contains("notes/a/one.md:7:") && err.contains("`search-input`"), "{err}");
}

#[test]
fn footnote_ids_do_not_clash_with_headings() {
    let site = TempSite::new("footnotes");
    site.write("notes/a/one.md", &note("One", "## fn-1\n\nText[^1].\n\n[^1]: The note."));
    let (ok, err) = build(&site);
    assert!(ok, "{err}");
    let html = site.read("public/a/one/index.html");
    let count = |id: &str| html.matches(&format!("id=\"{id}\"")).count();
    for id in ["fn-1", "fnref-1"] {
        assert!(count(id) <= 1, "id {id} used {} times", count(id));
    }
}

#[test]
fn links_in_a_category_intro_are_checked() {
    let site = TempSite::new("index-links");
    site.write("notes/a/_index.md", "+++\ntitle = \"A\"\n+++\n\nStart with [the basics](missing.md) and [[Nope]].\n");
    site.write("notes/a/one.md", &note("One", "Body."));
    let (ok, err) = check(&site);
    assert!(!ok);
    assert!(err.contains("notes/a/_index.md:5:") && err.contains("missing.md"), "{err}");
    assert!(err.contains("Nope"), "{err}");
}

#[test]
fn anchors_that_start_with_fn_are_checked() {
    let site = TempSite::new("fn-anchor");
    site.write("notes/a/one.md", &note("One", "## Functions\n\nSee [x](two.md#fnord) and [y](#fnargs)."));
    site.write("notes/a/two.md", &note("Two", "Body."));
    let (ok, err) = check(&site);
    assert!(!ok);
    assert!(err.contains("#fnord"), "{err}");
    assert!(err.contains("#fnargs"), "{err}");
}

#[test]
fn every_problem_of_the_config_is_reported() {
    let site = TempSite::new("config-all");
    site.write("studysite.toml", "titel = \"x\"\nsearch = \"yes\"\n[links]\nmood = \"every\"\n");
    site.write("notes/a/one.md", &note("One", "Body."));
    let (ok, err) = check(&site);
    assert!(!ok);
    assert!(err.contains("studysite.toml:1:1") && err.contains("titel"), "{err}");
    assert!(err.contains("studysite.toml:2:") && err.contains("search"), "{err}");
    assert!(err.contains("studysite.toml:4:1") && err.contains("mood"), "{err}");
    assert!(err.contains("3 problems"), "{err}");
}

#[test]
fn javascript_urls_are_refused() {
    let site = TempSite::new("javascript");
    site.write("studysite.toml", "repository = \"javascript:alert(1)\"\nedit_url = \" JavaScript:alert(2)\"\n");
    site.write("notes/a/one.md", &note("One", "Click [here](javascript:alert(3)) or <javascript:alert(4)>."));
    let (ok, err) = check(&site);
    assert!(!ok);
    assert!(err.contains("studysite.toml:1:") && err.contains("repository"), "{err}");
    assert!(err.contains("studysite.toml:2:") && err.contains("edit_url"), "{err}");
    assert!(err.contains("notes/a/one.md:5:") && err.contains("javascript:"), "{err}");
}

#[test]
fn output_paths_that_differ_only_by_case_are_an_error() {
    let site = TempSite::new("case");
    site.write("notes/a/Intro.md", &note("Intro upper", "Body."));
    site.write("notes/a/intro.md", &note("Intro lower", "Body."));
    site.write("notes/b/one.md", "+++\ntitle = \"One\"\naliases = [\"old/Page\", \"OLD/page\"]\n+++\nBody.\n");
    let (ok, err) = check(&site);
    assert!(!ok);
    assert!(err.contains("notes/a/Intro.md") && err.contains("notes/a/intro.md") && err.contains("case"), "{err}");
    assert!(err.contains("old/Page") && err.contains("OLD/page"), "{err}");
}

#[test]
fn aliases_that_are_not_site_paths_are_refused_at_their_line() {
    let site = TempSite::new("alias-paths");
    site.write(
        "notes/a/one.md",
        "+++\ntitle = \"One\"\naliases = [\"C:/Windows\", \"\\\\\\\\server\\\\share\", \"a\\\\b\", \"sitemap.xml\", \"static/style.css\"]\n+++\nBody.\n",
    );
    let (ok, err) = check(&site);
    assert!(!ok);
    for reason in [
        "\"C:/Windows\" starts with a drive letter",
        "is a network (UNC) path",
        "\"a\\b\" contains a backslash",
        "\"sitemap.xml\" is the address of a page or file studysite writes itself",
        "\"static/style.css\" is the address of a page or file studysite writes itself",
    ] {
        assert!(err.contains(reason), "not refused: {reason}\n{err}");
    }
    assert!(err.contains("notes/a/one.md:3:"), "{err}");
    assert!(!err.contains("out:1:1") && !err.contains("public"), "{err}");
}

#[test]
#[cfg(target_os = "linux")]
fn a_file_name_that_is_not_utf8_is_named_in_an_error() {
    use std::os::unix::ffi::OsStrExt;
    let site = TempSite::new("non-utf8");
    site.write("notes/a/one.md", &note("One", "Body."));
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(site.root.join("notes/a").join(name), note("Two", "Body.")).unwrap();
    let (ok, err) = check(&site);
    assert!(!ok);
    assert!(err.contains("caf") && err.contains("UTF-8"), "{err}");
}

#[test]
fn control_characters_in_file_names_are_escaped_in_errors() {
    let site = TempSite::new("control");
    site.write("notes/a/bad\u{1b}[31mname.md", "+++\ntitel = \"x\"\n+++\n");
    let (ok, err) = check(&site);
    assert!(!ok);
    assert!(!err.contains('\u{1b}'), "raw escape in: {err:?}");
    assert!(err.contains("\\u{1b}"), "{err}");
}

#[test]
fn a_base_url_that_is_not_an_address_is_refused() {
    let site = TempSite::new("base-url");
    site.write("studysite.toml", "base_url = \"javascript:alert(1)//\"\n");
    site.write("notes/a/one.md", &note("One", "Body."));
    let (ok, err) = check(&site);
    assert!(!ok);
    assert!(err.contains("studysite.toml:1:") && err.contains("base_url"), "{err}");
    site.write("studysite.toml", "title = \"T\"\n");
    let out = site.run(&["build", "--base-url", "javascript:alert(1)"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("--base-url") && err.contains("https://"), "{err}");
    assert!(!site.exists("public"));
}

#[test]
fn a_category_and_a_note_that_differ_only_by_case_are_an_error() {
    let site = TempSite::new("case-category");
    site.write("notes/Storage/s3.md", &note("S3", "Body."));
    site.write("notes/storage.md", &note("Storage note", "Body."));
    let (ok, err) = check(&site);
    assert!(!ok);
    assert!(err.contains("differs only by case") && err.contains("the category `Storage`"), "{err}");
}
