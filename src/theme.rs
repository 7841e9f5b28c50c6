//! The theme: the built-in templates and static files, overridden file by file by a
//! site's own `templates/` and `static/` folders.

use std::collections::BTreeMap;
use std::path::Path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));
}

/// Where a theme file came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    Site(String),
}

#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub bytes: Vec<u8>,
    pub origin: Origin,
}

impl ThemeFile {
    pub fn display_path(&self, kind: &str, name: &str) -> String {
        match &self.origin {
            Origin::BuiltIn => format!("(built-in theme) {kind}/{name}"),
            Origin::Site(p) => p.clone(),
        }
    }
}

/// Name → file, in name order (so output is deterministic).
pub type Files = BTreeMap<String, ThemeFile>;

pub struct Theme {
    pub templates: Files,
    pub statics: Files,
}

impl Theme {
    pub fn load(root: &Path) -> std::io::Result<Theme> {
        Ok(Theme {
            templates: merge(embedded::TEMPLATES, root, "templates")?,
            statics: merge(embedded::STATIC, root, "static")?,
        })
    }
}

fn merge(builtin: &[(&str, &[u8])], root: &Path, dir: &str) -> std::io::Result<Files> {
    let mut files: Files = builtin
        .iter()
        .map(|(name, bytes)| (name.to_string(), ThemeFile { bytes: bytes.to_vec(), origin: Origin::BuiltIn }))
        .collect();
    let site_dir = root.join(dir);
    if site_dir.is_dir() {
        let site_root = root.canonicalize()?;
        for entry in walkdir::WalkDir::new(&site_dir).sort_by_file_name().follow_links(true) {
            let entry = entry.map_err(std::io::Error::other)?;
            if !entry.file_type().is_file() || crate::files::is_ignored_name(&entry.file_name().to_string_lossy()) {
                continue;
            }
            // A symlink to a file outside the site (`static/keys -> ~/.ssh`) is never
            // published, by `build` or by `serve`.
            if !entry.path().canonicalize().is_ok_and(|real| real.starts_with(&site_root)) {
                eprintln!(
                    "warning: {} links to a file outside the site; it is not published",
                    crate::diagnostics::escape_control(&entry.path().display().to_string())
                );
                continue;
            }
            let rel = entry.path().strip_prefix(&site_dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
            let bytes = std::fs::read(entry.path())?;
            files.insert(rel.clone(), ThemeFile { bytes, origin: Origin::Site(format!("{dir}/{rel}")) });
        }
    }
    Ok(files)
}
