//! Reading the user's files, the same way for every part of studysite (notes, config,
//! theme overrides, the watcher).

use std::path::Path;

/// Editors' temporary and backup files, which must never become pages.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with("#")
        || name == "4913"
        || name.contains("___jb_")
}

/// A UTF-8 text file without the byte-order mark some Windows editors put first, so
/// front matter after it is still front matter.
pub fn read_text(path: &Path) -> std::io::Result<String> {
    let text = std::fs::read_to_string(path)?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}
