//! Stage 6, write: pages go into a staging folder beside the output folder, which takes
//! the output folder's place in one atomic exchange only when everything succeeded.
//!
//! What a build may replace is decided here and nowhere else (see [`OutputDir::resolve`]):
//! never the site's own sources, never a folder studysite did not write unless the user
//! says `--force`, and never `.git` (nor, by the `keep_dotfiles` setting, other dotfiles).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::build::render::Sink;

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
    fn write_shared(&self, rel: &str, bytes: Arc<Vec<u8>>) -> std::io::Result<()> {
        self.insert(rel, bytes);
        Ok(())
    }
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string(), Arc::new(bytes.to_vec()));
        Ok(())
    }
    fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        let bytes = std::fs::read(from)?;
        self.write(rel, &bytes)
    }
}

/// The file that marks a folder as written by studysite, so the next build may replace it.
pub const MARKER: &str = crate::build::site::OUTPUT_MARKER;
const MARKER_TEXT: &str =
    "studysite-output 1\nThis folder was written by `studysite build`; the next build replaces it.\n";

/// Infix of the staging and old folders a build keeps beside the output folder.
const LEFTOVER_INFIX: &str = ".studysite-";

/// Why a build may not write to an output folder.
#[derive(Debug)]
pub struct Refusal {
    pub message: String,
    /// `--force` overrides it (a folder of unknown files), as opposed to the site's sources.
    pub forceable: bool,
}

/// An output folder that passed every safety rule, resolved through symlinks.
#[derive(Debug, Clone)]
pub struct OutputDir {
    /// The real folder that is replaced (a symlinked `--out` is followed).
    target: PathBuf,
    /// Names inside the old folder that move into the new one: `.git`, and with
    /// `keep_dotfiles` every other dotfile the build does not write itself.
    keep_dotfiles: bool,
}

impl OutputDir {
    /// Applies the rules of what a build may replace. `out` is refused, even with
    /// `force`, when it is the site root or an ancestor of it, or is, contains or lies
    /// inside `notes/`, `templates/` or `static/`; compared as canonical paths, so a
    /// symlink cannot hide either side. Without `force`, a folder that exists must be
    /// empty (apart from `.git`) or carry the marker of an earlier build.
    pub fn resolve(root: &Path, out: &Path, force: bool, keep_dotfiles: bool) -> Result<OutputDir, Refusal> {
        let shown = out.display();
        let refuse = |message: String| Refusal { message, forceable: false };
        let root = std::fs::canonicalize(root).map_err(|e| refuse(format!("cannot read the site folder: {e}")))?;
        let target = resolve_path(out).map_err(|e| refuse(format!("cannot resolve the output folder {shown}: {e}")))?;
        if root.starts_with(&target) {
            return Err(refuse(if root == target {
                format!("the output folder {shown} is the site folder itself; a build would replace your notes")
            } else {
                format!("the output folder {shown} contains the site folder; a build would replace your notes")
            }));
        }
        for source in ["notes", "templates", "static"] {
            let dir = root.join(source);
            let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
            let relation = if target == dir {
                "is"
            } else if dir.starts_with(&target) {
                "contains"
            } else if target.starts_with(&dir) {
                "lies inside"
            } else {
                continue;
            };
            return Err(refuse(format!(
                "the output folder {shown} {relation} the site's `{source}/` folder ({}); a build would replace your sources",
                dir.display()
            )));
        }
        let dir = OutputDir { target, keep_dotfiles };
        match std::fs::symlink_metadata(&dir.target) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(dir),
            Err(e) => return Err(refuse(format!("cannot read the output folder {shown}: {e}"))),
            Ok(meta) if !meta.is_dir() => {
                return Err(refuse(format!(
                    "the output path {shown} is a file, not a folder; a build writes a folder there"
                )))
            }
            Ok(_) => {}
        }
        if is_mount_point(&dir.target) {
            return Err(refuse(format!(
                "the output folder {shown} is a mount point: a build replaces its output folder with one rename, which a mount point cannot take; choose a folder inside it, e.g. `--out {}`",
                out.join("site").display()
            )));
        }
        if force || dir.target.join(MARKER).is_file() {
            return Ok(dir);
        }
        let foreign =
            dir.foreign_entries().map_err(|e| refuse(format!("cannot read the output folder {shown}: {e}")))?;
        if foreign.is_empty() {
            return Ok(dir);
        }
        let mut listed: Vec<String> = foreign.iter().take(5).map(|n| crate::diagnostics::escape_control(n)).collect();
        if foreign.len() > 5 {
            listed.push(format!("and {} more", foreign.len() - 5));
        }
        Err(Refusal {
            message: format!(
                "the output folder {shown} holds files studysite did not write ({}); a build would replace them",
                listed.join(", ")
            ),
            forceable: true,
        })
    }

    pub fn path(&self) -> &Path {
        &self.target
    }

    /// Entries of the existing folder that a build would delete, as names (`/` after folders).
    fn foreign_entries(&self) -> std::io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(&self.target)? {
            let entry = entry?;
            let name = entry.file_name();
            if self.is_kept(&name) {
                continue;
            }
            let mut shown = name.to_string_lossy().into_owned();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                shown.push('/');
            }
            names.push(shown);
        }
        names.sort();
        Ok(names)
    }

    /// Whether an entry of the old output folder moves into the new one.
    fn is_kept(&self, name: &std::ffi::OsStr) -> bool {
        name == ".git"
            || (self.keep_dotfiles
                && name.as_encoded_bytes().starts_with(b".")
                && name != MARKER
                && name != ".nojekyll")
    }

    fn leftover_prefix(&self) -> String {
        format!(".{}{LEFTOVER_INFIX}", self.target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default())
    }

    fn parent(&self) -> &Path {
        self.target.parent().unwrap_or(Path::new("/"))
    }

    /// Cleans up after builds that were killed: an output folder missing between two
    /// renames comes back from its old copy, kept entries (`.git`) left in a staging or
    /// old folder go home, and the rest of those folders is removed. Folders of a build
    /// that is still running (its process exists) are left alone.
    pub fn recover(&self) -> std::io::Result<()> {
        let prefix = self.leftover_prefix();
        let mut leftovers = Vec::new();
        for entry in std::fs::read_dir(self.parent())? {
            let name = entry?.file_name();
            let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(prefix.as_str())) else { continue };
            let Some((_, pid)) = rest.rsplit_once('-') else { continue };
            if pid.parse::<u32>().is_ok_and(process_is_running) {
                continue;
            }
            leftovers.push(self.parent().join(name));
        }
        // Old copies first: one of them may be the only complete site left.
        leftovers.sort_by_key(|p| !p.to_string_lossy().contains("studysite-old-"));
        for dir in leftovers {
            if !self.target.exists() && dir.to_string_lossy().contains("studysite-old-") && dir.join(MARKER).is_file() {
                std::fs::rename(&dir, &self.target)?;
                continue;
            }
            let mut stranded = false;
            for entry in std::fs::read_dir(&dir)? {
                let name = entry?.file_name();
                if !self.is_kept(&name) || name == ".nojekyll" {
                    continue;
                }
                std::fs::create_dir_all(&self.target)?;
                if self.target.join(&name).exists() {
                    stranded = true;
                } else {
                    std::fs::rename(dir.join(&name), self.target.join(&name))?;
                }
            }
            if stranded {
                eprintln!(
                    "warning: {} holds a `.git` or dotfile that the output folder also has; left in place for you to check",
                    dir.display()
                );
            } else {
                remove_dir_parallel(&dir)?;
            }
        }
        Ok(())
    }
}

/// Canonical form of a path that may not exist yet: its longest existing ancestor is
/// canonicalised (symlinks followed) and the rest appended.
fn resolve_path(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        match std::fs::canonicalize(existing) {
            Ok(real) => {
                let mut out = real;
                for part in rest.iter().rev() {
                    match part {
                        std::path::Component::ParentDir => {
                            out.pop();
                        }
                        std::path::Component::Normal(p) => out.push(p),
                        _ => {}
                    }
                }
                return Ok(out);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let Some(parent) = existing.parent() else { return Err(e) };
                rest.extend(existing.components().next_back());
                existing = parent;
            }
            Err(e) => return Err(e),
        }
    }
}

#[cfg(unix)]
fn is_mount_point(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(dir), dir.parent().map(std::fs::metadata)) {
        (Ok(d), Some(Ok(p))) => d.dev() != p.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path) -> bool {
    false
}

/// Whether a build that left a folder behind is still running; where this cannot be
/// told (no `/proc`), a leftover is taken as abandoned.
fn process_is_running(pid: u32) -> bool {
    pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists()
}

/// A build's files on their way to the output folder. Our own rather than `tempfile`'s:
/// the folder's name carries the build's process id and the output folder's name, which
/// is how the next build tells a killed build's leftovers from a running one's.
pub struct Staging {
    out: OutputDir,
    tmp_dir: PathBuf,
    committed: bool,
}

impl Staging {
    /// Recovers from earlier killed builds, then creates the staging folder beside the
    /// output folder (same file system, so the swap is a rename).
    pub fn new(out: &OutputDir) -> std::io::Result<Staging> {
        std::fs::create_dir_all(out.parent())?;
        out.recover()?;
        let tmp_dir = out.parent().join(format!("{}staging-{}", out.leftover_prefix(), std::process::id()));
        if tmp_dir.exists() {
            std::fs::remove_dir_all(&tmp_dir)?;
        }
        std::fs::create_dir(&tmp_dir)?;
        std::fs::write(tmp_dir.join(MARKER), MARKER_TEXT)?;
        Ok(Staging { out: out.clone(), tmp_dir, committed: false })
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

    /// Puts the new site in place of the old one. Kept entries (`.git`) move into the
    /// staging folder first; then one `renameat2(RENAME_EXCHANGE)` swaps the two folders,
    /// so at every instant the output folder is the complete old or the complete new
    /// site. Where the exchange is not available, two renames do it, and a build killed
    /// between them is repaired by the next one ([`OutputDir::recover`]).
    pub fn commit(mut self) -> std::io::Result<()> {
        let target = self.out.target.clone();
        if !target.exists() {
            std::fs::rename(&self.tmp_dir, &target)?;
            self.committed = true;
            return Ok(());
        }
        let mut moved = Vec::new();
        for entry in std::fs::read_dir(&target)? {
            let name = entry?.file_name();
            if self.out.is_kept(&name) && !self.tmp_dir.join(&name).exists() {
                std::fs::rename(target.join(&name), self.tmp_dir.join(&name))?;
                moved.push(name);
            }
        }
        let swapped = match exchange(&self.tmp_dir, &target) {
            Ok(()) => Ok(()),
            Err(e) if exchange_unsupported(&e) => self.swap_by_renames(),
            Err(e) => Err(e),
        };
        if let Err(e) = swapped {
            for name in moved {
                let _ = std::fs::rename(self.tmp_dir.join(&name), target.join(&name));
            }
            return Err(e);
        }
        self.committed = true;
        // The old site now sits at the staging path; failing to delete it is not a
        // failed build (the next build removes it).
        if let Err(e) = remove_dir_parallel(&self.tmp_dir) {
            eprintln!("warning: could not remove the previous site at {}: {e}", self.tmp_dir.display());
        }
        Ok(())
    }

    /// The fallback swap: output → old, staging → output, and the old copy moved to the
    /// staging path so `commit` removes it in one place.
    fn swap_by_renames(&self) -> std::io::Result<()> {
        let target = &self.out.target;
        let old = self.out.parent().join(format!("{}old-{}", self.out.leftover_prefix(), std::process::id()));
        std::fs::rename(target, &old)?;
        if let Err(e) = std::fs::rename(&self.tmp_dir, target) {
            let _ = std::fs::rename(&old, target);
            return Err(e);
        }
        std::fs::rename(&old, &self.tmp_dir)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp_dir);
        }
    }
}

/// Swaps two folders in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are NUL-terminated strings that outlive the call; AT_FDCWD
    // makes the paths resolve as rename(2) does.
    let rc = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Kernels or file systems without `RENAME_EXCHANGE` say so with these errors.
fn exchange_unsupported(e: &std::io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(e.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::ENOTSUP)) {
        return true;
    }
    e.kind() == std::io::ErrorKind::Unsupported
}

/// Removes a large output folder using every core (one task per top-level entry).
fn remove_dir_parallel(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.par_iter().try_for_each(|p| {
        // `symlink_metadata`: a symlink inside the old site is removed, never followed.
        if std::fs::symlink_metadata(p)?.is_dir() {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        }
    })?;
    std::fs::remove_dir_all(dir)
}
