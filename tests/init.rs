//! `studysite init`, `studysite theme eject` and `studysite completions`, as a new user
//! runs them with the installed binary alone.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

fn studysite(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_studysite")).args(args).current_dir(dir).output().expect("run studysite")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn fresh_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("studysite-init-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
        files.insert(rel, std::fs::read(e.path()).unwrap());
    }
    files
}

#[test]
fn init_creates_a_site_that_builds_clean() {
    let parent = fresh_dir("new");
    let out = studysite(&parent, &["init", "my-notes"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("cd my-notes && studysite serve"), "{}", text(&out.stdout));
    let site = parent.join("my-notes");
    for f in ["studysite.toml", ".gitignore", ".github/workflows/pages.yml", "notes/_comparisons/energy-processes.toml"]
    {
        assert!(site.join(f).is_file(), "{f} is missing");
    }
    let out = studysite(&site, &["build"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "a new site builds without a warning");
    // Five in the quiz, the rest generated from the comparison table.
    assert!(text(&out.stdout).contains("2 notes, 2 links, 11 quiz questions"), "{}", text(&out.stdout));
    // The notes link each other, and the quiz has each of the five kinds.
    let photo = std::fs::read_to_string(site.join("public/biology/photosynthesis/index.html")).unwrap();
    let resp = std::fs::read_to_string(site.join("public/biology/cellular-respiration/index.html")).unwrap();
    assert!(photo.contains("href=\"../../biology/cellular-respiration/"), "photosynthesis links to respiration");
    assert!(resp.contains("href=\"../../biology/photosynthesis/"), "respiration links to photosynthesis");
    for kind in ["single", "true-false", "multiple", "short", "matching"] {
        assert!(resp.contains(&format!("data-kind=\"{kind}\"")), "no {kind} question");
    }
    assert!(photo.contains("Takes in"), "the comparison table is shown");
    assert!(photo.contains(">Cellular respiration</a></th>"), "its columns are headed by the notes' titles");
    // Every setting is in the starter config.
    let config = std::fs::read_to_string(site.join("studysite.toml")).unwrap();
    for key in [
        "title =",
        "description =",
        "base_url =",
        "language =",
        "edit_url =",
        "repository =",
        "author =",
        "search =",
        "keep_dotfiles =",
        "title_from =",
        "[links]",
        "mode =",
        "never_link =",
    ] {
        assert!(config.contains(key), "studysite.toml lacks {key}");
    }
    let workflow = std::fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap();
    assert!(workflow.contains(&format!("uses: {}", studysite::scaffold::ACTION)), "{workflow}");
    std::fs::remove_dir_all(&parent).unwrap();
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = fresh_dir("busy");
    std::fs::write(dir.join("studysite.toml"), "title = \"Mine\"\n").unwrap();
    let out = studysite(&dir, &["init"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("is not empty") && text(&out.stderr).contains("--force"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.join("notes").exists(), "nothing was written");
    // With --force the starter files are added and the user's file is kept.
    let out = studysite(&dir, &["init", "--force"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(dir.join("studysite.toml")).unwrap(), "title = \"Mine\"\n");
    assert!(dir.join("notes/biology/photosynthesis.md").is_file());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_ejected_theme_builds_identically_to_the_built_in_one() {
    let parent = fresh_dir("eject");
    assert!(studysite(&parent, &["init", "site"]).status.success());
    let site = parent.join("site");
    assert!(studysite(&site, &["build"]).status.success());
    let before = snapshot(&site.join("public"));
    let out = studysite(&site, &["theme", "eject"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(site.join("templates/base.html").is_file() && site.join("static/style.css").is_file());
    let out = studysite(&site, &["build"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(before, snapshot(&site.join("public")), "the ejected theme changed the output");
    // A second eject would overwrite edits: refused without --force.
    let out = studysite(&site, &["theme", "eject"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("--force"));
    std::fs::remove_dir_all(&parent).unwrap();
}

#[test]
fn completions_are_printed_for_a_shell() {
    let dir = std::env::temp_dir();
    let out = studysite(&dir, &["completions", "bash"]);
    assert!(out.status.success());
    let script = text(&out.stdout);
    assert!(script.contains("_studysite()") && script.contains("init") && script.contains("eject"), "{script}");
}

#[test]
fn every_option_has_help_text() {
    let dir = std::env::temp_dir();
    for cmd in ["build", "serve", "check", "init"] {
        let out = studysite(&dir, &[cmd, "--help"]);
        let help = text(&out.stdout);
        for line in help.lines().filter(|l| l.trim_start().starts_with("--")) {
            let words: Vec<&str> = line.split_whitespace().collect();
            let described = words.iter().skip(1).any(|w| !w.starts_with('<') && !w.starts_with('-'));
            assert!(described, "`studysite {cmd}`: option without help: {line}");
        }
    }
}

/// Messages that tell the user to run a command name only commands that exist.
#[test]
fn messages_name_only_commands_that_exist() {
    let known = ["build", "serve", "check", "init", "theme", "completions", "export"];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["src", "scaffold", "templates", "static"] {
        for e in walkdir::WalkDir::new(root.join(dir)).into_iter().filter_map(Result::ok) {
            let Ok(source) = std::fs::read_to_string(e.path()) else { continue };
            for (i, _) in source.match_indices("`studysite ") {
                let word: String = source[i + 11..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                assert!(known.contains(&word.as_str()), "{} names `studysite {word}`", e.path().display());
            }
        }
    }
}

/// A fresh clone has everything its scripts and docs refer to (issue: benchmarks failed
/// with "corpus generator not found" outside the team's machine).
#[test]
fn nothing_in_the_repository_points_outside_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(root.join("bench/gen_corpus.py").is_file());
    for dir in ["bench", "docs", "src", "scaffold", "action", ".github", "README.md", "CHANGELOG.md"] {
        for e in walkdir::WalkDir::new(root.join(dir)).into_iter().filter_map(Result::ok) {
            let Ok(text) = std::fs::read_to_string(e.path()) else { continue };
            for bad in ["../shared", "/work/shared", "/work/main"] {
                assert!(!text.contains(bad), "{} refers to {bad}", e.path().display());
            }
        }
    }
}

#[test]
fn a_custom_css_file_is_loaded_on_every_page() {
    let parent = fresh_dir("css");
    assert!(studysite(&parent, &["init", "site"]).status.success());
    let site = parent.join("site");
    assert!(studysite(&site, &["build"]).status.success());
    let page = std::fs::read_to_string(site.join("public/biology/photosynthesis/index.html")).unwrap();
    assert!(!page.contains("custom.css"), "no custom.css link without the file");
    std::fs::create_dir_all(site.join("static")).unwrap();
    std::fs::write(site.join("static/custom.css"), ".note { max-width: 50rem }\n").unwrap();
    assert!(studysite(&site, &["build"]).status.success());
    let page = std::fs::read_to_string(site.join("public/biology/photosynthesis/index.html")).unwrap();
    assert!(page.contains("href=\"../../static/custom.css?v="), "custom.css is linked");
    assert!(site.join("public/static/custom.css").is_file());
    std::fs::remove_dir_all(&parent).unwrap();
}
