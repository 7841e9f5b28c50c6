//! What a build may delete: never the site's sources, never a folder of unknown files
//! without `--force`, never `.git`; a symlinked output folder is written through.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{snapshot, TempSite};

/// A workspace folder holding a site in `site/`, so ancestors of the site can be tested
/// without touching anything outside the workspace.
struct Workspace {
    tmp: TempSite,
}

impl Workspace {
    fn new(name: &str) -> Workspace {
        let tmp = TempSite::new(name);
        tmp.write("site/notes/basics/one.md", "+++\ntitle = \"One\"\n+++\n\nThe first note.\n");
        tmp.write("site/notes/basics/two.md", "+++\ntitle = \"Two\"\n+++\n\nSee [[One]].\n");
        tmp.write("site/templates/404.html", "{% extends \"base.html\" %}{% block main %}Lost{% endblock %}\n");
        tmp.write("site/static/extra.css", "body { color: red; }\n");
        tmp.write("site/studysite.toml", "title = \"Safety\"\n");
        tmp.write("bystander.txt", "not part of any site\n");
        Workspace { tmp }
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.tmp.root.join(rel)
    }
    fn site(&self) -> PathBuf {
        self.path("site")
    }
    fn build(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_studysite"))
            .arg("build")
            .args(args)
            .current_dir(self.site())
            .output()
            .expect("run studysite")
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Every refused `--out`: the build exits 1, says why, and no file anywhere in the
/// workspace changed (compared byte for byte), `--force` or not.
#[test]
#[cfg(unix)]
fn the_sites_own_folders_and_ancestors_are_never_replaced() {
    let ws = Workspace::new("sources");
    symlink(&ws.tmp.root, &ws.path("site/up-link"));
    symlink(&ws.path("site/notes"), &ws.path("notes-link"));
    let before = snapshot(&ws.tmp.root);
    let cases: &[(&str, &str)] = &[
        ("notes", "is the site's `notes/` folder"),
        ("templates", "is the site's `templates/` folder"),
        ("static", "is the site's `static/` folder"),
        ("notes/basics", "lies inside the site's `notes/` folder"),
        (".", "is the site folder itself"),
        ("..", "contains the site folder"),
        ("up-link", "contains the site folder"),
        ("../notes-link", "is the site's `notes/` folder"),
    ];
    for (out, expected) in cases {
        for force in [false, true] {
            let mut args = vec!["--out", *out];
            if force {
                args.push("--force");
            }
            let run = ws.build(&args);
            assert_eq!(run.status.code(), Some(1), "--out {out} (force {force}) was accepted:\n{}", stderr(&run));
            assert!(stderr(&run).contains(expected), "--out {out}: {}", stderr(&run));
            assert!(!stderr(&run).contains("--force` to replace"), "--force offered for sources: {}", stderr(&run));
            assert_eq!(snapshot(&ws.tmp.root), before, "--out {out} (force {force}) changed files");
        }
    }
}

#[test]
fn a_folder_of_unknown_files_is_refused_until_forced() {
    let ws = Workspace::new("foreign");
    std::fs::create_dir_all(ws.path("docs/Documents")).unwrap();
    std::fs::write(ws.path("docs/thesis.docx"), b"chapter one").unwrap();
    std::fs::write(ws.path("docs/Documents/plan.txt"), b"plan").unwrap();
    let before = snapshot(&ws.path("docs"));
    let run = ws.build(&["--out", "../docs"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(err.contains("holds files studysite did not write (Documents/, thesis.docx)"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(snapshot(&ws.path("docs")), before);

    let run = ws.build(&["--out", "../docs", "--force"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!ws.path("docs/thesis.docx").exists());
    assert!(ws.path("docs/basics/one/index.html").is_file());
    // Written by studysite now, so the next build needs no --force.
    let run = ws.build(&["--out", "../docs"]);
    assert!(run.status.success(), "{}", stderr(&run));
}

#[test]
fn an_empty_or_missing_folder_is_fine_and_a_file_is_not() {
    let ws = Workspace::new("empty");
    std::fs::create_dir_all(ws.path("empty")).unwrap();
    assert!(ws.build(&["--out", "../empty"]).status.success());
    assert!(ws.build(&["--out", "../new/deeper"]).status.success());
    assert!(ws.path("new/deeper/index.html").is_file());
    std::fs::write(ws.path("afile"), b"x").unwrap();
    let run = ws.build(&["--out", "../afile", "--force"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("is a file, not a folder"), "{}", stderr(&run));
    assert_eq!(std::fs::read(ws.path("afile")).unwrap(), b"x");
}

#[test]
fn git_in_the_output_folder_survives_every_build() {
    let ws = Workspace::new("git");
    let pages = ws.path("pages");
    std::fs::create_dir_all(pages.join(".git/objects/ab")).unwrap();
    std::fs::write(pages.join(".git/HEAD"), b"ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(pages.join(".git/objects/ab/cdef"), [0u8, 1, 2, 255]).unwrap();
    let git_before = snapshot(&pages.join(".git"));
    for _ in 0..2 {
        let run = ws.build(&["--out", "../pages"]);
        assert!(run.status.success(), "{}", stderr(&run));
        assert_eq!(snapshot(&pages.join(".git")), git_before);
        assert!(pages.join("basics/two/index.html").is_file());
    }
    // Other dotfiles go unless the site asks to keep them.
    std::fs::write(pages.join(".well-known"), b"token").unwrap();
    assert!(ws.build(&["--out", "../pages"]).status.success());
    assert!(!pages.join(".well-known").exists());
    std::fs::write(pages.join(".well-known"), b"token").unwrap();
    ws.tmp.write("site/studysite.toml", "title = \"Safety\"\nkeep_dotfiles = true\n");
    for _ in 0..2 {
        let run = ws.build(&["--out", "../pages"]);
        assert!(run.status.success(), "{}", stderr(&run));
        assert_eq!(std::fs::read(pages.join(".well-known")).unwrap(), b"token");
    }
    assert_eq!(snapshot(&pages.join(".git")), git_before);
}

#[test]
#[cfg(unix)]
fn a_symlinked_output_folder_is_written_through() {
    let ws = Workspace::new("symlink");
    std::fs::create_dir_all(ws.path("elsewhere/www")).unwrap();
    std::fs::write(ws.path("elsewhere/neighbour.txt"), b"keep me").unwrap();
    symlink(&ws.path("elsewhere/www"), &ws.path("site/public"));
    let parent_before = snapshot(&ws.path("elsewhere"));
    for _ in 0..2 {
        let run = ws.build(&[]);
        assert!(run.status.success(), "{}", stderr(&run));
    }
    assert!(std::fs::symlink_metadata(ws.path("site/public")).unwrap().file_type().is_symlink());
    assert!(ws.path("elsewhere/www/basics/one/index.html").is_file());
    let names: Vec<_> = std::fs::read_dir(ws.path("elsewhere")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "staging folders left beside the target: {names:?}");
    let after = snapshot(&ws.path("elsewhere"));
    let outside =
        |s: &Vec<(String, Vec<u8>)>| s.iter().filter(|(p, _)| !p.starts_with("www")).cloned().collect::<Vec<_>>();
    assert_eq!(outside(&after), outside(&parent_before));
}

#[test]
fn leftovers_of_a_killed_build_are_cleaned_and_a_missing_site_restored() {
    let ws = Workspace::new("leftovers");
    assert!(ws.build(&[]).status.success());
    let public = ws.path("site/public");
    // As if a build died between its two renames: the site sits in the old copy,
    // the output folder is missing and a half-written staging folder remains.
    std::fs::rename(&public, ws.path("site/.public.studysite-old-999999999")).unwrap();
    std::fs::create_dir_all(ws.path("site/.public.studysite-staging-999999998/basics")).unwrap();
    std::fs::create_dir_all(ws.path("site/.public.studysite-staging-999999998/.git")).unwrap();
    std::fs::write(ws.path("site/.public.studysite-staging-999999998/.git/HEAD"), b"main").unwrap();
    let run = ws.build(&[]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(public.join("index.html").is_file());
    assert_eq!(std::fs::read(public.join(".git/HEAD")).unwrap(), b"main", "the stranded .git came home");
    let leftovers: Vec<_> = std::fs::read_dir(ws.site())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("studysite-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
