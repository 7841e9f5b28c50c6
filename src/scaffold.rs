//! `studysite init` and `studysite theme eject`: a new site from the starter files in
//! `scaffold/`, and the built-in theme copied out for editing. Both are embedded in the
//! binary, so they work from an installed `studysite` alone.

use std::path::{Path, PathBuf};

/// The action that builds a site on GitHub (this repository's `action.yml`).
pub const ACTION: &str = "studysite/studysite@v1";

/// The starter site: path in the new site → contents.
const STARTER: &[(&str, &str)] = &[
    ("studysite.toml", include_str!("../scaffold/studysite.toml")),
    (".gitignore", include_str!("../scaffold/gitignore")),
    (".github/workflows/pages.yml", include_str!("../scaffold/github/workflows/pages.yml")),
    ("notes/biology/_index.md", include_str!("../scaffold/notes/biology/_index.md")),
    ("notes/biology/photosynthesis.md", include_str!("../scaffold/notes/biology/photosynthesis.md")),
    ("notes/biology/cellular-respiration.md", include_str!("../scaffold/notes/biology/cellular-respiration.md")),
    ("notes/_comparisons/energy-processes.toml", include_str!("../scaffold/notes/_comparisons/energy-processes.toml")),
];

/// Creates a new site in `dir`. A folder that holds anything is refused unless `force`,
/// and even then no existing file is overwritten.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>, String> {
    let shown = dir.display();
    if dir.exists() && !dir.is_dir() {
        return Err(format!("{shown} is a file; pass a folder name for the new site"));
    }
    let has_entries = std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(false);
    if has_entries && !force {
        return Err(format!(
            "{shown} is not empty; choose a new folder (`studysite init my-notes`), or pass `--force` to add the starter files to it (existing files are kept)"
        ));
    }
    let files: Vec<(String, String)> =
        STARTER.iter().map(|(path, text)| (path.to_string(), text.replace("{{ACTION}}", ACTION))).collect();
    write_new(dir, &files)
}

/// Copies the built-in templates and static files into `dir`'s `templates/` and `static/`,
/// where they override the built-in ones file by file. Existing files are kept unless `force`.
pub fn eject(dir: &Path, force: bool) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for (kind, list) in [("templates", crate::theme::builtin_templates()), ("static", crate::theme::builtin_static())] {
        for (name, bytes) in list {
            files.push((format!("{kind}/{name}"), bytes.to_vec()));
        }
    }
    let existing: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).filter(|p| dir.join(p).exists()).collect();
    if !existing.is_empty() && !force {
        return Err(format!(
            "{} already has {} theme file(s), e.g. {}; pass `--force` to replace them with the built-in ones",
            dir.display(),
            existing.len(),
            existing[0]
        ));
    }
    let mut written = Vec::new();
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        create_parent(&path)?;
        std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

fn write_new(dir: &Path, files: &[(String, String)]) -> Result<Vec<PathBuf>, String> {
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if path.exists() {
            continue;
        }
        create_parent(&path)?;
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

fn create_parent(path: &Path) -> Result<(), String> {
    match path.parent() {
        Some(p) => std::fs::create_dir_all(p).map_err(|e| format!("cannot create {}: {e}", p.display())),
        None => Ok(()),
    }
}
