//! The incremental layer: each stage's own cache (a [`super::memo::Memo`] or
//! [`super::memo::Slot`] of its results), gathered for the next build. `build` and
//! `check` pass [`BuildCache::off`], which keeps nothing; `serve` keeps one cache for its
//! whole life, so an edit redoes only what it touches.

use super::link::LinkCache;
use super::load::ReadCache;
use super::parse::ParseCache;
use super::render::RenderCache;
use super::site::Site;

/// What a stage leaves for the next build, one memo per stage.
pub struct BuildCache {
    /// Load: files by path, trusted while their time and size are unchanged.
    pub(crate) reads: ReadCache,
    /// Parse: by source path, keyed by the file's content hash.
    pub(crate) parsed: ParseCache,
    /// Link: the site's keys and each note's linked HTML.
    pub(crate) links: LinkCache,
    /// Render: pages and the other output files.
    pub(crate) render: RenderCache,
    /// Index: the site the last build made, kept until its search index is built.
    pub(crate) search_site: Option<Site>,
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

    fn new(keep: bool) -> Self {
        BuildCache {
            reads: ReadCache::new(keep),
            parsed: ParseCache::new(keep),
            links: LinkCache::new(keep),
            render: RenderCache::new(keep),
            search_site: None,
        }
    }
}

impl Default for BuildCache {
    fn default() -> Self {
        Self::keeping()
    }
}
