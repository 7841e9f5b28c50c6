//! Watching the site's sources: a debounced stream of file events, filtered to what a
//! build reads, turned into one rebuild per burst of saves.

use std::path::Path;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use super::reload::{rebuild, State, Trigger};
use crate::build::{BuildCache, BuildOptions};

/// Editors write a file in several steps; wait this long for quiet before rebuilding.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

pub(super) fn watch_loop(
    root: &Path,
    build: &BuildOptions,
    mut cache: BuildCache,
    state: &Arc<State>,
    stop: mpsc::Receiver<()>,
    ready: mpsc::Sender<()>,
) -> notify::Result<()> {
    use notify::RecursiveMode;
    // Events carry absolute paths; compare them with the absolute root.
    let root = &root.canonicalize()?;
    let (tx, rx) = mpsc::channel();
    let mut debouncer =
        notify_debouncer_full::new_debouncer(DEBOUNCE, None, tx).map_err(|e| notify::Error::generic(&e.to_string()))?;
    let watched_dirs = ["notes", "templates", "static"];
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    for dir in watched_dirs {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    let _ = ready.send(());
    loop {
        if stop.try_recv().is_ok() {
            return Ok(());
        }
        let Ok(result) = rx.recv_timeout(Duration::from_millis(200)) else { continue };
        if std::env::var_os("STUDYSITE_DEBUG_WATCH").is_some() {
            eprintln!("watch: {result:?}");
        }
        let mut batch = vec![result];
        // Take everything already queued: one rebuild per burst.
        while let Ok(more) = rx.try_recv() {
            batch.push(more);
        }
        let mut changed: Vec<std::path::PathBuf> = Vec::new();
        for events in batch.into_iter().flatten() {
            for ev in events {
                if matches!(ev.event.kind, notify::EventKind::Access(_)) {
                    continue;
                }
                for path in &ev.event.paths {
                    if !is_watched(root, path) {
                        continue;
                    }
                    // A folder created at the top (templates/ or static/ added later) gets watched.
                    if let Ok(rel) = path.strip_prefix(root) {
                        if rel.components().count() == 1
                            && watched_dirs.iter().any(|d| rel == Path::new(d))
                            && path.is_dir()
                        {
                            let _ = debouncer.watch(path, RecursiveMode::Recursive);
                        }
                    }
                    if !changed.contains(path) {
                        changed.push(path.clone());
                    }
                }
            }
        }
        if !changed.is_empty() {
            // Whether only CSS changed is told by the output, not guessed from file names.
            rebuild(build, &mut cache, state, Trigger::Changed { root, paths: &changed });
        }
    }
}

/// Which changes matter: notes, templates, static files and the config; not editors'
/// temporary and backup files.
pub fn is_watched(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let Some(name) = rel.file_name() else { return false };
    if crate::files::is_ignored_name(&name.to_string_lossy()) {
        return false;
    }
    let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    matches!(first.as_str(), "notes" | "templates" | "static") || rel == Path::new(crate::config::CONFIG_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored() {
        let root = Path::new("/site");
        for watched in
            ["/site/notes/a.md", "/site/static/style.css", "/site/templates/note.html", "/site/studysite.toml"]
        {
            assert!(is_watched(root, Path::new(watched)), "{watched}");
        }
        for ignored in [
            "/site/notes/.a.md.swp",
            "/site/notes/a.md~",
            "/site/notes/4913",
            "/site/public/index.html",
            "/site/target/x",
        ] {
            assert!(!is_watched(root, Path::new(ignored)), "{ignored}");
        }
    }
}
