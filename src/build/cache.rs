//! The incremental layer: results of stages kept between builds, each with a
//! fingerprint of the inputs it came from. A stage asks for a result by key and
//! fingerprint and recomputes it on a miss; it cannot tell a cold cache from a warm one.
//! `build` and `check` pass [`BuildCache::off`], which keeps nothing; `serve` keeps one
//! cache for its whole life, so an edit redoes only what it touches.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use super::link::{Keywords, NoteLinks};
use super::load::ReadCache;
use super::parse::ParsedNote;
use super::site::Site;
use crate::diagnostics::Diagnostic;

/// File contents shared between a build's output and the cache.
pub type Bytes = Arc<Vec<u8>>;

/// Results by key, each valid while its fingerprint matches.
pub struct Memo<K, V> {
    keep: bool,
    entries: HashMap<K, (u64, V)>,
}

impl<K: Eq + Hash, V> Memo<K, V> {
    fn new(keep: bool) -> Self {
        Memo { keep, entries: HashMap::new() }
    }

    /// The result for `key` if it was computed from inputs with fingerprint `fp`.
    pub fn get(&self, key: &K, fp: u64) -> Option<&V> {
        self.entries.get(key).filter(|(old, _)| *old == fp).map(|(_, v)| v)
    }

    /// Starts a new generation: the old entries, to look up while the new ones are
    /// inserted (entries not inserted again are forgotten).
    pub fn take(&mut self) -> Memo<K, V> {
        Memo { keep: self.keep, entries: std::mem::take(&mut self.entries) }
    }

    pub fn insert(&mut self, key: K, fp: u64, value: V) {
        if self.keep {
            self.entries.insert(key, (fp, value));
        }
    }
}

/// One result, valid while its fingerprint matches.
pub struct Slot<V> {
    keep: bool,
    value: Option<(u64, V)>,
}

impl<V> Slot<V> {
    fn new(keep: bool) -> Self {
        Slot { keep, value: None }
    }

    pub fn get(&self, fp: u64) -> Option<&V> {
        self.value.as_ref().filter(|(old, _)| *old == fp).map(|(_, v)| v)
    }

    /// Whether results are kept at all (a one-off build writes straight through).
    pub fn keeps(&self) -> bool {
        self.keep
    }

    pub fn set(&mut self, fp: u64, value: V) {
        if self.keep {
            self.value = Some((fp, value));
        }
    }
}

/// What a stage leaves for the next build, one memo per stage.
pub struct BuildCache {
    /// Load: files by path, trusted while their time and size are unchanged.
    pub(crate) reads: ReadCache,
    /// Parse: by source path, keyed by the file's content hash.
    pub(crate) parsed: Memo<String, (Arc<ParsedNote>, Vec<Diagnostic>)>,
    /// Link: the keys of the site, by site fingerprint.
    pub(crate) keywords: Slot<(Arc<Keywords>, Vec<Diagnostic>)>,
    /// Link: each note's linked HTML, by its content hash and the site fingerprint.
    pub(crate) links: Memo<String, NoteLinks>,
    /// Render: note pages by output path, by everything the page shows.
    pub(crate) note_pages: Memo<String, Bytes>,
    /// Render: every other page but the graph (titles, summaries, keys, counts).
    pub(crate) other_pages: Slot<Vec<(String, Bytes)>>,
    /// Render: the graph page, which also shows the links.
    pub(crate) graph_page: Slot<(String, Bytes)>,
    /// Render: theme files, assets, previews and the sitemap.
    pub(crate) extras: Slot<Vec<(String, Bytes)>>,
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
            reads: ReadCache::default(),
            parsed: Memo::new(keep),
            keywords: Slot::new(keep),
            links: Memo::new(keep),
            note_pages: Memo::new(keep),
            other_pages: Slot::new(keep),
            graph_page: Slot::new(keep),
            extras: Slot::new(keep),
            search_site: None,
        }
    }
}

impl Default for BuildCache {
    fn default() -> Self {
        Self::keeping()
    }
}
