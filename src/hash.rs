//! Every hash the generator uses, in one place. Output names and `serve`'s fingerprints
//! need hashes that never change between runs or Rust versions, which rules out `std`'s
//! randomly keyed hasher: those use FNV-1a. The search index's many short keys and the
//! contents of notes and pages (hundreds of megabytes on a big site, hashed only to see
//! within one run whether they changed) use rustc-hash's Fx hash, which is faster and
//! needs no stability across versions.

const FNV64_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV64_PRIME: u64 = 0x0100_0000_01b3;

/// 64-bit FNV-1a of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h = Fnv::default();
    std::hash::Hasher::write(&mut h, bytes);
    std::hash::Hasher::finish(&h)
}

/// 32-bit FNV-1a, the variant `static/preview.js` computes too (it picks a note's
/// preview shard), so both sides must agree bit for bit.
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Eight hex digits, for cache-busting asset URLs.
pub fn short(bytes: &[u8]) -> String {
    format!("{:08x}", (fnv1a(bytes) >> 32) as u32)
}

/// FNV-1a as a `std::hash::Hasher`, for fingerprints that must be the same in every run.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(FNV64_OFFSET)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(FNV64_PRIME);
        }
    }
}

/// The Fx hash of `text`, for hash tables that store their own hashes.
pub fn fx(text: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(text)
}

/// The Fx hash of a file's or page's bytes (eight at a time: FNV-1a's byte at a time was
/// 4 % of a 10,000-note build's CPU), to tell within one run whether they changed.
pub fn content(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
}

/// A hash map with the Fx hash, for hot maps whose order is never observed.
pub type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;
