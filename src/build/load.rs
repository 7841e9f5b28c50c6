//! Stage 1, load: walk `notes/`, read every file once, split off and parse front matter.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::build::frontmatter::{self, FrontMatter};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::files::{is_ignored_name, read_text};

pub const NOTES_DIR: &str = "notes";
pub const COMPARISONS_DIR: &str = "_comparisons";
const CATEGORY_FILE: &str = "_index.md";
/// Obsidian's usual folder for pasted images and files.
pub const ATTACHMENTS_DIR: &str = "Attachments";

/// A note as read from disk.
#[derive(Debug, Clone)]
pub struct SourceNote {
    /// Path under `notes/` without `.md`, with `/` separators: `storage/s3`.
    pub id: String,
    /// Path shown in messages: `notes/storage/s3.md`.
    pub rel_path: String,
    pub text: std::sync::Arc<str>,
    /// Hash of `text`, computed once when the file is read.
    pub hash: u64,
    pub front: FrontMatter,
    pub body_offset: usize,
    /// Category slug: the front matter's `category`, else the first folder, else "".
    pub category: String,
}

impl SourceNote {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
    pub fn title(&self) -> &str {
        self.front.title.as_deref().unwrap_or_else(|| self.file_name())
    }
    /// The file name without `.md`, as Obsidian shows a note: `Date type`.
    pub fn file_name(&self) -> &str {
        self.id.rsplit('/').next().unwrap_or(&self.id)
    }
}

/// A non-Markdown file under `notes/`, copied next to its note.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path under `notes/`, `/`-separated.
    pub rel: String,
    pub path: PathBuf,
}

/// Optional `notes/<category>/_index.md`: a category's title, order and intro.
#[derive(Debug, Clone, Default)]
pub struct CategoryMeta {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub weight: Option<i64>,
    pub rel_path: String,
    pub body: String,
    pub body_offset: usize,
    pub text: String,
}

/// A comparison table's data file.
#[derive(Debug, Clone)]
pub struct ComparisonFile {
    /// File stem: the name notes use in ```` ```compare NAME ``` ````.
    pub name: String,
    pub rel_path: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub notes: Vec<SourceNote>,
    pub assets: Vec<Asset>,
    pub categories: BTreeMap<String, CategoryMeta>,
    pub comparisons: Vec<ComparisonFile>,
    /// Ids of notes that exist but failed to load: links to them are not reported again.
    pub broken_ids: Vec<String>,
    /// Drafts left out of this build.
    pub drafts_skipped: usize,
}

/// Notes read by the previous build, by path, with the file's modification time and
/// size: `serve` reads again only the files that changed.
pub struct ReadCache {
    /// `false` for one-off builds: nothing is copied into a cache no build will read.
    keep: bool,
    files: std::collections::HashMap<PathBuf, (std::time::SystemTime, u64, SourceNote)>,
}

impl ReadCache {
    pub fn new(keep: bool) -> Self {
        ReadCache { keep, files: Default::default() }
    }
}

pub fn load(root: &Path, include_drafts: bool) -> (Loaded, Diagnostics) {
    load_cached(root, include_drafts, &mut ReadCache::new(false))
}

/// A note read (`None` for a draft left out), or its id and problem.
type NoteResult = Result<Option<SourceNote>, (String, Vec<Diagnostic>)>;

/// Whether a file read before can be trusted unchanged: same time and size, and not
/// modified in the last two seconds (some file systems keep times to the second only).
fn unchanged(meta: &std::fs::Metadata, cached: &(std::time::SystemTime, u64, SourceNote)) -> Option<SourceNote> {
    let modified = meta.modified().ok()?;
    let recent = modified.elapsed().map_or(true, |age| age < std::time::Duration::from_secs(2));
    (modified == cached.0 && meta.len() == cached.1 && !recent).then(|| cached.2.clone())
}

// Longer than most on purpose: the walk, the parallel reads with their cache and the
// category files are three steps over one shared list of files and problems.
pub fn load_cached(root: &Path, include_drafts: bool, cache: &mut ReadCache) -> (Loaded, Diagnostics) {
    let notes_dir = root.join(NOTES_DIR);
    let mut diags = Diagnostics::default();
    let mut loaded = Loaded::default();
    if !notes_dir.is_dir() {
        diags.push(
            Diagnostic::new(NOTES_DIR, 0, 0, format!("no `{NOTES_DIR}/` folder in {}", root.display())).with_help(
                "run studysite inside a site folder, pass `--root DIR`, or create one with `studysite init DIR`",
            ),
        );
        return (loaded, diags);
    }
    let mut md_files = Vec::new();
    let mut category_files = Vec::new();
    let walker = walkdir::WalkDir::new(&notes_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    // Once a symbolic link was followed, check that files still lie inside notes/.
    let mut saw_link = false;
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| rel(root, p)).unwrap_or_else(|| NOTES_DIR.into());
                diags.push(Diagnostic::new(path, 0, 0, format!("cannot read: {e}")));
                continue;
            }
        };
        saw_link |= entry.path_is_symlink();
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path().to_path_buf();
        if saw_link && !inside(&notes_dir, &path) {
            diags.push(
                Diagnostic::new(
                    rel(root, &path),
                    0,
                    0,
                    "this is a link to a file outside notes/, which studysite does not publish",
                )
                .with_help("copy the file into notes/ instead of linking to it"),
            );
            continue;
        }
        let under = path.strip_prefix(&notes_dir).unwrap_or(&path);
        let Some(under_str) = under.to_str().map(|u| u.replace('\\', "/")) else {
            // A lossy name would make two files fight over one page, so it is refused.
            diags.push(
                Diagnostic::new(rel(root, &path), 0, 0, "this file name is not valid UTF-8")
                    .with_help("rename the file (or its folder) using UTF-8 characters only"),
            );
            continue;
        };
        if let Some(rest) = under_str.strip_prefix(&format!("{COMPARISONS_DIR}/")) {
            if let Some(name) = rest.strip_suffix(".toml") {
                if !name.contains('/') {
                    match read_text(&path) {
                        Ok(text) => loaded.comparisons.push(ComparisonFile {
                            name: name.to_string(),
                            rel_path: rel(root, &path),
                            text,
                        }),
                        Err(e) => diags.push(Diagnostic::new(rel(root, &path), 0, 0, format!("cannot read: {e}"))),
                    }
                }
            }
            continue;
        }
        if under_str.ends_with(".md") {
            if under.file_name().is_some_and(|n| n == CATEGORY_FILE) {
                category_files.push((under_str, path));
            } else {
                md_files.push((under_str, path));
            }
        } else {
            loaded.assets.push(Asset { rel: under_str, path });
        }
    }

    // Read and parse front matter in parallel; each note is independent.
    let previous = std::mem::take(&mut cache.files);
    // Each file is stat'ed once, before it is read: if it changes while being read, its
    // newer time makes the next build read it again.
    let results_with_meta: Vec<(NoteResult, Option<std::fs::Metadata>)> = md_files
        .par_iter()
        .map(|(under, path)| {
            let meta = std::fs::metadata(path).ok();
            if let (Some(m), Some(cached)) = (&meta, previous.get(path)) {
                if let Some(note) = unchanged(m, cached) {
                    return (Ok(Some(note)), meta);
                }
            }
            (read_note(root, under, path, include_drafts), meta)
        })
        .collect();
    let mut results = Vec::with_capacity(md_files.len());
    for ((_, path), (r, meta)) in md_files.iter().zip(results_with_meta) {
        if let (true, Ok(Some(note)), Some(modified)) = (cache.keep, &r, meta.as_ref().and_then(|m| m.modified().ok()))
        {
            cache.files.insert(path.clone(), (modified, meta.as_ref().map_or(0, |m| m.len()), note.clone()));
        }
        results.push(r);
    }
    for r in results {
        match r {
            Ok(Some(note)) => loaded.notes.push(note),
            Ok(None) => loaded.drafts_skipped += 1,
            Err((id, ds)) => {
                loaded.broken_ids.push(id);
                diags.extend(ds);
            }
        }
    }

    for (under, path) in category_files {
        let slug = under.rsplit_once('/').map(|(dir, _)| crate::slug::url_path(dir)).unwrap_or_default();
        let rel_path = rel(root, &path);
        let text = match read_text(&path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(Diagnostic::new(&rel_path, 0, 0, format!("cannot read: {e}")));
                continue;
            }
        };
        // A category file may omit the title (the folder name is used), so give it one to parse.
        let parsed = if text.starts_with("+++") || text.starts_with("---") {
            frontmatter::split_untitled(&rel_path, &text)
        } else {
            Ok((FrontMatter::default(), 0))
        };
        match parsed {
            Ok((front, body_offset)) => {
                loaded.categories.insert(
                    slug,
                    CategoryMeta {
                        title: front.title,
                        summary: front.summary,
                        weight: front.weight,
                        rel_path,
                        body: text[body_offset..].to_string(),
                        body_offset,
                        text,
                    },
                );
            }
            Err(ds) => diags.extend(ds),
        }
    }
    (loaded, diags)
}

/// Reads one note and parses its front matter (`None` for a draft left out).
fn read_note(root: &Path, under: &str, path: &Path, include_drafts: bool) -> NoteResult {
    let rel_path = rel(root, path);
    let id = under.trim_end_matches(".md").to_string();
    let text = read_text(path).map_err(|e| {
        (
            id.clone(),
            vec![Diagnostic::new(&rel_path, 0, 0, format!("cannot read the note: {e}"))
                .with_help("notes must be UTF-8 text")],
        )
    })?;
    // A note may have no front matter, or no `title` (Obsidian notes): the site stage
    // titles it by the `title_from` setting.
    let (front, body_offset) = if text.starts_with("+++") || text.starts_with("---") {
        frontmatter::split_untitled(&rel_path, &text).map_err(|ds| (id.clone(), ds))?
    } else {
        (FrontMatter::default(), 0)
    };
    if front.draft && !include_drafts {
        return Ok(None);
    }
    let category = match &front.category {
        Some(c) => crate::slug::slugify(c),
        // A vault's attachment folder holds files, not a subject: its notes stay uncategorised.
        None => match id.split_once('/') {
            Some((c, _)) if c.eq_ignore_ascii_case(ATTACHMENTS_DIR) => String::new(),
            Some((c, _)) => crate::slug::url_segment(c),
            None => String::new(),
        },
    };
    let hash = crate::hash::content(text.as_bytes());
    Ok(Some(SourceNote { id, rel_path, text: text.into(), hash, front, body_offset, category }))
}

/// Whether `path`, with every symbolic link resolved, lies inside `dir`.
fn inside(dir: &Path, path: &Path) -> bool {
    match (dir.canonicalize(), path.canonicalize()) {
        (Ok(site), Ok(target)) => target.starts_with(site),
        _ => false,
    }
}

fn rel(root: &Path, path: &Path) -> String {
    crate::diagnostics::display_path(root, path).to_string_lossy().replace('\\', "/")
}
