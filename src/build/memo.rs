//! Results kept between builds, each with a fingerprint of the inputs it came from. A
//! stage asks for a result by key and fingerprint and computes it on a miss; it cannot
//! tell a cold cache from a warm one. A memo made with `keep = false` keeps nothing
//! (one-off builds hold no extra memory).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

/// File contents shared between a build's output and the cache.
pub type Bytes = Arc<Vec<u8>>;

/// Results by key, each valid while its fingerprint matches.
pub struct Memo<K, V> {
    keep: bool,
    entries: HashMap<K, (u64, V)>,
}

impl<K: Eq + Hash, V> Memo<K, V> {
    pub fn new(keep: bool) -> Self {
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

    /// Whether results are kept at all (a one-off build need not hold on to them).
    pub fn keeps(&self) -> bool {
        self.keep
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
    pub fn new(keep: bool) -> Self {
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
