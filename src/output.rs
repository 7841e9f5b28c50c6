//! Stage 6, write: pages go into a temporary sibling folder which replaces the output
//! folder only when everything succeeded, so a failed build leaves the last good site.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Where a build puts its files: a staging folder on disk, or memory (for `serve`).
pub trait Sink: Sync {
    /// Writes one file (relative `/`-separated path); called from many threads.
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()>;
    fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()>;
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        Staging::write(self, rel, bytes)
    }
    fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        Staging::copy(self, rel, from)
    }
}

/// The site held in memory: `serve` answers from it and never touches the disk.
#[derive(Default)]
pub struct Memory {
    files: Mutex<BTreeMap<String, Arc<Vec<u8>>>>,
}

impl Memory {
    /// Adds a file that is shared with a cache (no copy).
    pub fn insert(&self, rel: &str, bytes: Arc<Vec<u8>>) {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string(), bytes);
    }

    pub fn into_files(self) -> BTreeMap<String, Arc<Vec<u8>>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string(), Arc::new(bytes.to_vec()));
        Ok(())
    }
    fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        let bytes = std::fs::read(from)?;
        self.write(rel, &bytes)
    }
}

pub struct Staging {
    final_dir: PathBuf,
    tmp_dir: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn new(out: &Path) -> std::io::Result<Staging> {
        let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let tmp_dir = parent.join(format!(".{name}.studysite-tmp-{}", std::process::id()));
        if tmp_dir.exists() {
            std::fs::remove_dir_all(&tmp_dir)?;
        }
        std::fs::create_dir_all(&tmp_dir)?;
        Ok(Staging { final_dir: out.to_path_buf(), tmp_dir, committed: false })
    }

    pub fn dir(&self) -> &Path {
        &self.tmp_dir
    }

    /// Writes one file (relative `/`-separated path); safe to call from many threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.tmp_dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)
    }

    pub fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        let path = self.tmp_dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from, path).map(|_| ())
    }

    /// Swaps the new site in place of the old one.
    pub fn commit(mut self) -> std::io::Result<()> {
        let old = self.tmp_dir.with_file_name(format!(
            ".{}.studysite-old-{}",
            self.final_dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.final_dir.exists();
        if had_old {
            if old.exists() {
                std::fs::remove_dir_all(&old)?;
            }
            std::fs::rename(&self.final_dir, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.tmp_dir, &self.final_dir) {
            if had_old {
                let _ = std::fs::rename(&old, &self.final_dir);
            }
            return Err(e);
        }
        self.committed = true;
        if had_old {
            remove_dir_parallel(&old)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp_dir);
        }
    }
}

/// Removes a large output folder using every core (one task per top-level entry).
fn remove_dir_parallel(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries
        .par_iter()
        .try_for_each(|p| if p.is_dir() { std::fs::remove_dir_all(p) } else { std::fs::remove_file(p) })?;
    std::fs::remove_dir_all(dir)
}

/// Refuses output folders whose replacement would destroy the site's sources.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<(), String> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root_abs, out_abs) = (abs(root), abs(out));
    if root_abs.starts_with(&out_abs) {
        return Err(format!(
            "the output folder {} contains the site itself; choose a folder inside it such as `public`",
            out.display()
        ));
    }
    if out_abs.join("notes").is_dir() || out_abs.join(crate::config::CONFIG_FILE).is_file() {
        return Err(format!(
            "{} looks like a site (it has notes/ or studysite.toml) and would be replaced",
            out.display()
        ));
    }
    Ok(())
}
