//! A tiny, stable content hash (FNV-1a): output must not change between runs or Rust
//! versions, which rules out `std`'s randomly keyed hasher.

pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
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
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
