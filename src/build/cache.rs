//! The incremental layer: each stage's own cache (a [`super::memo::Memo`] or
//! [`super::memo::Slot`] of its results), gathered for the next build. `build` and
//! `check` pass [`BuildCache::off`], which keeps nothing; `serve` keeps one cache for its
//! whole life, so an edit redoes only what it touches.

use std::sync::{Arc, Mutex};

use super::edit::LiveSite;
use super::link::LinkCache;
use super::load::ReadCache;
use super::parse::ParseCache;
use super::render::RenderCache;
use super::search::DocumentCache;

/// What a stage leaves for the next build, one memo per stage.
pub struct BuildCache {
    /// `false` for one-off builds, which may also free what later stages no longer read.
    keep: bool,
    /// Load: files by path, trusted while their time and size are unchanged.
    pub(crate) reads: ReadCache,
    /// Parse: by source path, keyed by the file's content hash.
    pub(crate) parsed: ParseCache,
    /// Link: the site's keys and each note's linked HTML.
    pub(crate) links: LinkCache,
    /// Render: pages and the other output files.
    pub(crate) render: RenderCache,
    /// Index: each note's search documents, shared with the thread that builds the
    /// index after a reload.
    pub(crate) documents: Arc<Mutex<DocumentCache>>,
    /// The last good site in memory, which [`super::edit`] changes in place (`serve` only).
    pub(crate) live: Option<LiveSite>,
}

impl BuildCache {
    /// A cache that keeps results between builds (for `serve`).
    pub fn keeping() -> Self {
        Self::new(true)
    }

    /// A cache that keeps nothing (one-off builds hold no extra memory).
    pub fn off() -> Self {
        Self::new(false)
    }

    /// Whether results are kept for a next build (`serve`).
    pub fn keeps(&self) -> bool {
        self.keep
    }

    fn new(keep: bool) -> Self {
        BuildCache {
            keep,
            reads: ReadCache::new(keep),
            parsed: ParseCache::new(keep),
            links: LinkCache::new(keep),
            render: RenderCache::new(keep),
            documents: Arc::new(Mutex::new(DocumentCache::new(keep))),
            live: None,
        }
    }
}

impl Default for BuildCache {
    fn default() -> Self {
        Self::keeping()
    }
}
