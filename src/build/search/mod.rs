//! Search: a compact, chunked index built from the linked site, read by `static/search.js`.
//!
//! **Documents.** Every note section is one document: the text before the first heading
//! (when there is any), then one document per heading of level 1 to 3; deeper headings stay
//! inside their section. Documents are numbered in reading order, so the documents of a note,
//! and of a category, are consecutive. Each document has the fields
//! - *title* and *keywords*: the note's title and its keywords, on the note's first
//!   document (a keyword that points at a heading, `"Glacier#s3-glacier-classes"`, goes to
//!   that heading's document);
//! - *headings*: the section's heading and the headings below it;
//! - *body*: the section's text (code blocks, quizzes, tables from data and raw HTML are
//!   left out), plus the note's category title and tags on its first document.
//!
//! **Terms.** Text is lower-cased, accents are folded (`é` → `e`, `ß` → `ss`), combining
//! marks dropped, and it is split into runs of letters and digits. A light English stemmer
//! removes plural endings. In the body, stop words and one-character words are not indexed;
//! in titles, keywords and headings everything is. `static/search.js` does exactly the same
//! to the query (the fold table and the stop words ship in the manifest).
//!
//! **Files** (all classic scripts calling `studysiteSearch.add(name, data)`, so they load
//! from `file://` too; every name carries a hash of its content):
//! - `search/index.HASH.js`, the manifest (name `"m"`): the list of the other files, the
//!   categories as document ranges, the tag names, the stop words and the fold table.
//! - `search/dN.HASH.js`, dictionary shards (`"dN"`): the sorted terms, grouped by their first
//!   character, with their document frequencies (varints). Terms are separated by spaces and
//!   front-coded: each starts with one digit, how many UTF-16 units it shares with the term
//!   before. A query loads the shard of its terms' first characters (and of the second, for
//!   typos there).
//! - `search/pN.HASH.js`, posting chunks (`"pN"`): consecutive terms of the sorted
//!   dictionary, 4 to 12 KB each ([`POSTING_CHUNK_MAX`]); a query loads only the chunks of the
//!   terms it matches.
//! - `search/sN.HASH.js`, the document store (`"sN"`): whole notes (`[title, url, category]`)
//!   and their documents (`[note, anchor, heading, snippet text]`, the anchor `0` when it is
//!   the heading lower-cased with spaces as dashes); loaded only for the results shown.
//! - `search/tags.HASH.js` (`"t"`): which notes have which tag (Rice lists), and how many
//!   documents each note has; loaded when a tag filter is chosen.
//!
//! `serve` names the manifest `search/index.js`, so that pages stay the same when only the
//! index changes.
//!
//! **Encodings.** Numbers are written with a 64-character alphabet ([`ALPHABET`]). A
//! *varint* uses 5 bits per character, most significant group first; every character but the
//! last comes from the upper half of the alphabet. A *Rice* list is a bit stream (6 bits per
//! character, most significant bit first) of gaps between increasing numbers: for a gap `g`
//! and parameter `k`, `g >> k` one-bits, a zero-bit, then the low `k` bits of `g`.
//! A term's postings are `varint(n)`, then `n` varints `gap << 1 | is_title_or_keyword` for
//! the documents where the term is in a title, keyword or heading, then `varint(m)` and, when
//! `m > 0`, the character of `k` and the Rice list of the `m` documents where it is only in
//! the body. Gaps count from -1: the first gap is the first document.

mod encode;
mod layout;
mod sections;
mod text;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::build::memo::Memo;
use crate::build::parse::Events;
use crate::hash::Fnv;

use crate::build::site::{Note, Site};
use crate::hash::FastMap;

use encode::encode_postings;
pub use encode::{push_rice, push_varint, ALPHABET};
pub use sections::{sections, NoteSections, Section, BODY, HEADING, TITLE};
pub use text::{for_each_term, is_stop_word, normalize, stem, terms, tokenize, FOLD, STOP_WORDS};

/// Version of the file format, checked by the client.
pub const FORMAT_VERSION: u32 = 1;

/// Size in bytes of a posting chunk: a 64th of all postings, within these bounds (small
/// chunks load less per query, big ones compress better and make fewer files).
pub const POSTING_CHUNK_MIN: usize = 4 * 1024;
pub const POSTING_CHUNK_MAX: usize = 12 * 1024;
/// Target size in bytes of a dictionary shard (shards hold whole first-character groups).
pub const DICT_SHARD: usize = 24 * 1024;
/// Size in bytes of a document-store shard (shards hold whole notes): a 64th of the store,
/// within these bounds (small shards load less per query, big ones compress better).
pub const STORE_SHARD_MIN: usize = 4 * 1024;
pub const STORE_SHARD_MAX: usize = 32 * 1024;
/// Terms longer than this (in characters) are not indexed.
pub const MAX_TERM: usize = 40;
/// Snippet text kept per section: the whole section up to [`SNIPPET_MAX`] characters, less on
/// big sites so that all snippet text stays near [`SNIPPET_BUDGET`] characters, but never
/// under [`SNIPPET_MIN`].
pub const SNIPPET_MAX: usize = 1000;
pub const SNIPPET_MIN: usize = 80;
pub const SNIPPET_BUDGET: usize = 4_400_000;

/// The built index: files to write (path below the output root → content).
pub struct SearchIndex {
    /// Path of the manifest below the output root, e.g. `search/index.0123abcd.js`.
    pub manifest: String,
    pub files: Vec<(String, String)>,
}

/// The manifest's name in `serve`.
pub const SERVE_MANIFEST: &str = "search/index.js";

/// Builds the index. With `fixed_manifest_name` (for `serve`, whose pages must not change
/// when only the index does) the manifest is `search/index.js`. Each note's parsed events
/// are freed as soon as its documents are made ([`Note::release_events`]; a no-op where
/// `serve`'s cache shares them), so the events of all notes and all documents are never
/// in memory together.
pub fn build(site: &mut Site, fixed_manifest_name: bool) -> SearchIndex {
    let documents = documents(site);
    build_from(site, documents, fixed_manifest_name)
}

/// Each note's documents kept between `serve`'s builds, by source path, valid while the
/// note's text, title, category and the snippet length are the same: an edit makes the
/// documents of the notes it changed, and the index is encoded again from them.
pub type DocumentCache = Memo<String, Arc<NoteSections>>;

/// [`build`] for `serve`: the manifest at its fixed name, documents taken from `cache`
/// where the note is unchanged, and the site left as it is (its events stay for the next
/// edit).
pub fn build_kept(site: &Site, cache: &mut DocumentCache) -> SearchIndex {
    let maker = DocumentMaker::new(site);
    let previous = cache.take();
    let mut per_note = table_documents(site, maker.snippet_cap);
    let notes: Vec<(u64, Arc<NoteSections>)> = site
        .notes
        .par_iter()
        .map(|n| {
            let mut h = Fnv::default();
            (n.source.hash, n.title(), maker.category(n), maker.snippet_cap).hash(&mut h);
            let fp = h.finish();
            match previous.get(&n.source.rel_path, fp) {
                Some(done) => (fp, Arc::clone(done)),
                None => (fp, maker.make(n, &n.parsed.events)),
            }
        })
        .collect();
    for (n, (fp, documents)) in site.notes.iter().zip(notes) {
        cache.insert(n.source.rel_path.clone(), fp, Arc::clone(&documents));
        per_note.push(documents);
    }
    build_from(site, per_note, true)
}

/// Step 1 of [`build`]: every note's and table's documents, all the index reads of the
/// notes' parsed events.
fn documents(site: &mut Site) -> Vec<Arc<NoteSections>> {
    let maker = DocumentMaker::new(site);
    let mut per_note = table_documents(site, maker.snippet_cap);
    per_note.par_extend(site.notes.par_iter_mut().map(|n| {
        let documents = maker.make(n, &n.parsed.events);
        n.release_events();
        documents
    }));
    per_note
}

/// Makes one note's documents at a time, for a pipeline that frees each note's events as
/// soon as it is linked (a one-off build makes them in the link stage's pass, and then
/// [`build_with`] the index).
pub struct DocumentMaker {
    snippet_cap: usize,
    category_titles: Vec<String>,
    category_of: HashMap<String, usize>,
}

impl DocumentMaker {
    pub fn new(site: &Site) -> DocumentMaker {
        DocumentMaker {
            snippet_cap: snippet_cap(site),
            category_titles: site.categories.iter().map(|c| c.title.clone()).collect(),
            category_of: site.categories.iter().enumerate().map(|(i, c)| (c.slug.clone(), i)).collect(),
        }
    }

    /// The documents of `note`, whose parsed events are `events`.
    pub fn make(&self, note: &Note, events: &Events) -> Arc<NoteSections> {
        Arc::new(sections(note, events, self.category(note), self.snippet_cap))
    }

    /// The title of the note's category, which its first document holds.
    fn category(&self, note: &Note) -> &str {
        self.category_of.get(&note.source.category).map_or("", |&i| self.category_titles[i].as_str())
    }
}

/// [`build`] from the notes' documents made beforehand by a [`DocumentMaker`].
pub fn build_with(site: &Site, notes: Vec<Arc<NoteSections>>) -> SearchIndex {
    let mut per_note = table_documents(site, snippet_cap(site));
    per_note.extend(notes);
    build_from(site, per_note, false)
}

/// Snippet text is capped by the number of sections (estimated from the headings) so
/// that all of it stays near [`SNIPPET_BUDGET`].
fn snippet_cap(site: &Site) -> usize {
    let estimate: usize =
        site.notes.iter().map(|n| 1 + n.parsed.headings.iter().filter(|h| h.level <= 3).count()).sum();
    (SNIPPET_BUDGET / estimate.max(1)).clamp(SNIPPET_MIN, SNIPPET_MAX)
}

/// Comparison tables come first, as entries on the Comparisons page (title, URL, no
/// category), so a table wins a tie with a note; note `n` is entry `n + tables`.
fn table_documents(site: &Site, snippet_cap: usize) -> Vec<Arc<NoteSections>> {
    site.comparisons.values().map(|t| Arc::new(sections::table_sections(t, snippet_cap))).collect()
}

/// Step 2 of [`build`]: the index made from the documents.
fn build_from(site: &Site, per_note: Vec<Arc<NoteSections>>, fixed_manifest_name: bool) -> SearchIndex {
    let tables = site.comparisons.len();
    let cat_index: HashMap<&str, usize> =
        site.categories.iter().enumerate().map(|(i, c)| (c.slug.as_str(), i)).collect();
    let mut heads: Vec<layout::Head> =
        site.comparisons.values().map(|t| (t.title.as_str(), "comparisons/", site.categories.len())).collect();
    heads.extend(
        site.notes
            .iter()
            .map(|n| (n.title(), n.url.as_str(), cat_index.get(n.source.category.as_str()).copied().unwrap_or(0))),
    );

    // 2. Postings: term → (doc << 2 | class), in document order.
    let mut global: FastMap<&str, u32> = FastMap::default();
    let mut postings: Vec<Vec<u32>> = Vec::new();
    let mut doc: u32 = 0;
    let mut note_first_doc: Vec<u32> = Vec::with_capacity(per_note.len());
    let mut local: Vec<u32> = Vec::new();
    for ns in &per_note {
        note_first_doc.push(doc);
        local.clear();
        for t in ns.vocab() {
            let next = postings.len() as u32;
            let g = *global.entry(t).or_insert(next);
            if g == next {
                postings.push(Vec::new());
            }
            local.push(g);
        }
        for s in &ns.sections {
            for (t, c) in s.terms() {
                postings[local[t as usize] as usize].push((doc << 2) | u32::from(c));
            }
            doc += 1;
        }
    }
    let docs = doc as usize;
    let mut terms: Vec<(&str, Vec<u32>)> =
        global.into_iter().map(|(t, g)| (t, std::mem::take(&mut postings[g as usize]))).collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    let encoded: Vec<String> = terms.par_iter().map(|(_, list)| encode_postings(list)).collect();

    let mut files: Vec<(String, String)> = Vec::new();
    let post_index = layout::posting_chunks(&encoded, &mut files);
    let dict_index = layout::dictionary_shards(&terms, &mut files);
    let store_index = layout::document_store(&heads, &per_note, &note_first_doc, &mut files);
    let tag_file = layout::tag_file(site, tables, &per_note, &mut files);
    let cats = layout::category_ranges(site, tables, &per_note, &note_first_doc);
    let parts = layout::Parts {
        docs,
        notes: per_note.len(),
        dict_index: &dict_index,
        post_index: &post_index,
        store_index: &store_index,
        cats: &cats,
        tag_names: site.tags.keys().map(String::as_str).collect(),
        tag_file: tag_file.as_deref(),
    };
    let (manifest, text) = layout::manifest(&parts, fixed_manifest_name);
    files.push((manifest.clone(), text));

    // Millions of small strings: free them on every core.
    drop(terms);
    per_note.into_par_iter().for_each(drop);
    SearchIndex { manifest, files }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_table_is_sorted() {
        assert!(FOLD.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn varints_and_rice() {
        let mut s = String::new();
        push_varint(&mut s, 0);
        push_varint(&mut s, 31);
        push_varint(&mut s, 32);
        assert_eq!(s, "0VX0");
        let mut r = String::new();
        push_rice(&mut r, &[0, 1, 2]);
        // k = 0: gaps 0,0,0 → bits 000 → one character.
        assert_eq!(r, "00");
    }
}
