//! The index's number encodings: varints and Rice-coded lists in a 64-character
//! alphabet that is safe inside a JSON string.

use super::sections::{BODY, HEADING, TITLE};

/// The digits of every number in the index, safe inside a JSON string.
pub const ALPHABET: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Appends a varint (5 bits per character, most significant group first).
pub fn push_varint(out: &mut String, mut v: u64) {
    let mut groups = [0u8; 13];
    let mut n = 0;
    loop {
        groups[n] = (v & 31) as u8;
        n += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for i in (0..n).rev() {
        let g = groups[i] as usize + if i > 0 { 32 } else { 0 };
        out.push(ALPHABET[g] as char);
    }
}

/// Writes bits, six to a character.
struct BitWriter<'a> {
    out: &'a mut String,
    acc: u32,
    bits: u32,
}

impl BitWriter<'_> {
    fn push(&mut self, bit: bool) {
        self.acc = (self.acc << 1) | bit as u32;
        self.bits += 1;
        if self.bits == 6 {
            self.out.push(ALPHABET[self.acc as usize] as char);
            self.acc = 0;
            self.bits = 0;
        }
    }
    fn push_bits(&mut self, value: u64, count: u32) {
        for i in (0..count).rev() {
            self.push((value >> i) & 1 == 1);
        }
    }
    fn finish(mut self) {
        if self.bits > 0 {
            let pad = 6 - self.bits;
            self.acc <<= pad;
            self.out.push(ALPHABET[self.acc as usize] as char);
            self.bits = 0;
        }
    }
}

/// The Rice parameter that codes these gaps in the fewest bits.
fn rice_parameter(gaps: &[u64]) -> u32 {
    let mean = gaps.iter().sum::<u64>() as f64 / gaps.len().max(1) as f64;
    let guess = if mean < 1.0 { 0 } else { (mean * std::f64::consts::LN_2).log2().floor().max(0.0) as u32 };
    let cost = |k: u32| gaps.iter().map(|g| (g >> k) + 1 + u64::from(k)).sum::<u64>();
    let mut best = guess;
    let mut best_cost = cost(guess);
    for k in [guess.saturating_sub(1), guess + 1] {
        let c = cost(k);
        if c < best_cost {
            best = k;
            best_cost = c;
        }
    }
    best.min(31)
}

/// Appends a Rice-coded list of increasing numbers: the parameter's character, then the bits.
/// The count is written by the caller.
pub fn push_rice(out: &mut String, values: &[u32]) {
    let mut prev: i64 = -1;
    let gaps: Vec<u64> = values
        .iter()
        .map(|&v| {
            let g = (i64::from(v) - prev - 1) as u64;
            prev = i64::from(v);
            g
        })
        .collect();
    let k = rice_parameter(&gaps);
    out.push(ALPHABET[k as usize] as char);
    let mut w = BitWriter { out, acc: 0, bits: 0 };
    for g in gaps {
        for _ in 0..(g >> k) {
            w.push(true);
        }
        w.push(false);
        w.push_bits(g & ((1u64 << k) - 1), k);
    }
    w.finish();
}

/// One term's postings: `(doc << 2) | class`, in document order.
pub(super) fn encode_postings(list: &[u32]) -> String {
    let mut out = String::new();
    let strong: Vec<u32> = list.iter().copied().filter(|p| (p & 3) as u8 >= HEADING).collect();
    push_varint(&mut out, strong.len() as u64);
    let mut prev: i64 = -1;
    for p in &strong {
        let doc = i64::from(p >> 2);
        let gap = (doc - prev - 1) as u64;
        prev = doc;
        push_varint(&mut out, (gap << 1) | u64::from((p & 3) as u8 == TITLE));
    }
    let body: Vec<u32> = list.iter().filter(|p| (*p & 3) as u8 == BODY).map(|p| p >> 2).collect();
    push_varint(&mut out, body.len() as u64);
    if !body.is_empty() {
        push_rice(&mut out, &body);
    }
    out
}
