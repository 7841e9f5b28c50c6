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

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::{Event, Tag, TagEnd};
use rayon::prelude::*;

use crate::render::js_string;
use crate::site::{Note, Site};

/// The digits of every number in the index, safe inside a JSON string.
pub const ALPHABET: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

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

/// Words left out of the body index (they still count in titles, keywords and headings):
/// the usual English function words, sorted.
pub const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "did",
    "do",
    "does",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Accented letters and ligatures and what they fold to (after lower-casing), sorted.
pub const FOLD: &[(char, &str)] = &[
    ('ß', "ss"),
    ('à', "a"),
    ('á', "a"),
    ('â', "a"),
    ('ã', "a"),
    ('ä', "a"),
    ('å', "a"),
    ('æ', "ae"),
    ('ç', "c"),
    ('è', "e"),
    ('é', "e"),
    ('ê', "e"),
    ('ë', "e"),
    ('ì', "i"),
    ('í', "i"),
    ('î', "i"),
    ('ï', "i"),
    ('ð', "d"),
    ('ñ', "n"),
    ('ò', "o"),
    ('ó', "o"),
    ('ô', "o"),
    ('õ', "o"),
    ('ö', "o"),
    ('ø', "o"),
    ('ù', "u"),
    ('ú', "u"),
    ('û', "u"),
    ('ü', "u"),
    ('ý', "y"),
    ('þ', "th"),
    ('ÿ', "y"),
    ('ā', "a"),
    ('ă', "a"),
    ('ą', "a"),
    ('ć', "c"),
    ('ĉ', "c"),
    ('ċ', "c"),
    ('č', "c"),
    ('ď', "d"),
    ('đ', "d"),
    ('ē', "e"),
    ('ĕ', "e"),
    ('ė', "e"),
    ('ę', "e"),
    ('ě', "e"),
    ('ĝ', "g"),
    ('ğ', "g"),
    ('ġ', "g"),
    ('ģ', "g"),
    ('ĥ', "h"),
    ('ħ', "h"),
    ('ĩ', "i"),
    ('ī', "i"),
    ('ĭ', "i"),
    ('į', "i"),
    ('ı', "i"),
    ('ĳ', "ij"),
    ('ĵ', "j"),
    ('ķ', "k"),
    ('ĺ', "l"),
    ('ļ', "l"),
    ('ľ', "l"),
    ('ŀ', "l"),
    ('ł', "l"),
    ('ń', "n"),
    ('ņ', "n"),
    ('ň', "n"),
    ('ō', "o"),
    ('ŏ', "o"),
    ('ő', "o"),
    ('œ', "oe"),
    ('ŕ', "r"),
    ('ŗ', "r"),
    ('ř', "r"),
    ('ś', "s"),
    ('ŝ', "s"),
    ('ş', "s"),
    ('š', "s"),
    ('ţ', "t"),
    ('ť', "t"),
    ('ŧ', "t"),
    ('ũ', "u"),
    ('ū', "u"),
    ('ŭ', "u"),
    ('ů', "u"),
    ('ű', "u"),
    ('ų', "u"),
    ('ŵ', "w"),
    ('ŷ', "y"),
    ('ź', "z"),
    ('ż', "z"),
    ('ž', "z"),
];

fn fold(c: char) -> Option<&'static str> {
    if (c as u32) < 0xdf {
        return None;
    }
    FOLD.binary_search_by(|(k, _)| k.cmp(&c)).ok().map(|i| FOLD[i].1)
}

fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Lower-cases, folds accents and drops combining marks.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // `str::to_lowercase`, like JavaScript's `toLowerCase`, knows about final sigma.
    for c in text.to_lowercase().chars() {
        if is_combining_mark(c) {
            continue;
        }
        match fold(c) {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
    }
    out
}

/// The normalised words of a text, in order, unstemmed, stop words included.
pub fn tokenize(text: &str) -> Vec<String> {
    normalize(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// The light English stemmer: plural endings only, on words of five letters or more
/// ("records" → "record", "queries" → "query", "classes" → "class", "indexes" → "index"),
/// never on "-ss", "-us", "-is" ("process", "status", "analysis").
pub fn stem(word: &str) -> String {
    let mut out = String::new();
    stem_into(word, &mut out).to_string()
}

/// [`stem`] without allocating: the stem is a slice of `word`, or written to `buf`.
fn stem_into<'a>(word: &'a str, buf: &'a mut String) -> &'a str {
    let b = word.as_bytes();
    if b.len() < 5 || b[b.len() - 1] != b's' || (!word.is_ascii() && word.chars().count() < 5) {
        return word;
    }
    if word.ends_with("sses") || word.ends_with("xes") {
        return &word[..word.len() - 2];
    }
    if let Some(base) = word.strip_suffix("ies") {
        buf.clear();
        buf.push_str(base);
        buf.push('y');
        return buf;
    }
    if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        return word;
    }
    &word[..word.len() - 1]
}

pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Calls `f` with every normalised word of a text (lower-cased, accents folded), unstemmed.
fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    if text.is_ascii() {
        // The common case, without allocating per word.
        let bytes = text.as_bytes();
        let mut word = String::new();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            word.clear();
            word.push_str(&text[start..i]);
            word.make_ascii_lowercase();
            f(&word);
        }
    } else {
        let norm = normalize(text);
        for w in norm.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            f(w);
        }
    }
}

/// What a word is in the index: `(too long, left out of the body)`.
fn word_kind(w: &str) -> (bool, bool) {
    let n = if w.is_ascii() { w.len() } else { w.chars().count() };
    (n > MAX_TERM, n < 2 || is_stop_word(w))
}

/// Calls `f` with every index term of a text: tokens, stemmed, at most [`MAX_TERM`]
/// characters. With `body`, stop words and one-character words are left out.
pub fn for_each_term(text: &str, body: bool, mut f: impl FnMut(&str)) {
    let mut stem_buf = String::new();
    for_each_word(text, |w| {
        let (long, not_body) = word_kind(w);
        if !(long || body && not_body) {
            f(stem_into(w, &mut stem_buf));
        }
    });
}

/// The index terms of a text (see [`for_each_term`]).
pub fn terms(text: &str, body: bool) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, body, |t| out.push(t.to_string()));
    out
}

/// A multiply-rotate hash over 8-byte words for the index's many short keys (std's default
/// hasher is built to resist attacks, which the index does not need, and is slower).
#[derive(Default, Clone, Copy)]
struct FastHash(u64);

impl FastHash {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for FastHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.mix(u64::from_le_bytes(c.try_into().unwrap()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(last));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.mix(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.mix(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.mix(i as u64);
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHash>>;

/// Field classes of a posting, weakest first.
pub const BODY: u8 = 1;
pub const HEADING: u8 = 2;
pub const TITLE: u8 = 3;

/// One section of a note, before numbering.
#[derive(Debug, Clone)]
pub struct Section {
    /// Heading id, "" for the text before the first heading.
    pub anchor: String,
    /// Heading text, "" for the text before the first heading.
    pub heading: String,
    /// The section's plain text (whitespace collapsed).
    pub text: String,
    /// Each term once (an index into [`NoteSections::vocab`]), with its strongest field class.
    pub terms: Vec<(u32, u8)>,
}

/// A note's sections and the terms they use.
#[derive(Debug, Clone, Default)]
pub struct NoteSections {
    pub vocab: Vec<String>,
    pub sections: Vec<Section>,
}

impl NoteSections {
    /// The terms of section `i` with their classes.
    pub fn terms(&self, i: usize) -> impl Iterator<Item = (&str, u8)> {
        self.sections[i].terms.iter().map(|&(t, c)| (self.vocab[t as usize].as_str(), c))
    }
}

/// What the search index holds: sizes, for the benchmark and tests.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub docs: usize,
    pub terms: usize,
    pub postings: usize,
    pub snippet_cap: usize,
}

/// The built index: files to write (path below the output root → content).
pub struct SearchIndex {
    /// Path of the manifest below the output root, e.g. `search/index.0123abcd.js`.
    pub manifest: String,
    pub files: Vec<(String, String)>,
    pub stats: Stats,
}

impl SearchIndex {
    pub fn write(&self, sink: &dyn crate::output::Sink) -> std::io::Result<()> {
        self.files.par_iter().try_for_each(|(path, text)| sink.write(path, text.as_bytes()))
    }
}

/// Splits a note into sections and collects their terms; each section keeps at most
/// `snippet_cap` characters of its text.
pub fn sections(note: &Note, category_title: &str, snippet_cap: usize) -> NoteSections {
    struct Open {
        anchor: String,
        heading: String,
        text: String,
        heading_words: String,
    }
    let mut done: Vec<Open> = Vec::new();
    let mut cur =
        Open { anchor: String::new(), heading: String::new(), text: String::new(), heading_words: String::new() };
    // Some(level) while inside a heading; its text goes to `buf`.
    let mut in_heading: Option<u8> = None;
    let mut buf = String::new();
    for e in &note.parsed.events {
        match e {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let level = *level as u8;
                if level <= 3 {
                    let next = Open {
                        anchor: id.as_ref().map(|i| i.to_string()).unwrap_or_default(),
                        heading: String::new(),
                        text: String::new(),
                        heading_words: String::new(),
                    };
                    done.push(std::mem::replace(&mut cur, next));
                }
                in_heading = Some(level);
                buf.clear();
            }
            Event::End(TagEnd::Heading(level)) => {
                let text = buf.split_whitespace().collect::<Vec<_>>().join(" ");
                if (*level as u8) <= 3 {
                    cur.heading = text.clone();
                } else {
                    push_text(&mut cur.text, &text);
                    push_text(&mut cur.text, " ");
                }
                push_text(&mut cur.heading_words, &text);
                cur.heading_words.push(' ');
                in_heading = None;
            }
            Event::Text(t) | Event::Code(t) => {
                if in_heading.is_some() {
                    buf.push_str(t);
                } else {
                    push_text(&mut cur.text, t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if in_heading.is_some() {
                    buf.push(' ');
                } else {
                    push_text(&mut cur.text, " ");
                }
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::List(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            ) if in_heading.is_none() => push_text(&mut cur.text, " "),
            _ => {}
        }
    }
    done.push(cur);
    // The text before the first heading is a document only when it has words (or when the
    // note has nothing else).
    if done.len() > 1 && done[0].text.trim().is_empty() {
        done.remove(0);
    }

    // Title and keywords go to the first document, keywords naming a heading to that
    // heading's document; the category and tags are body words of the first document.
    let mut strong: Vec<Vec<&str>> = vec![Vec::new(); done.len()];
    strong[0].push(note.title());
    for k in &note.source.front.keywords {
        match k.split_once('#') {
            Some((text, anchor)) => {
                let i = done.iter().position(|o| o.anchor == anchor.trim()).unwrap_or(0);
                strong[i].push(text);
            }
            None => strong[0].push(k),
        }
    }
    let mut soft = category_title.to_string();
    for t in &note.source.front.tags {
        soft.push(' ');
        soft.push_str(t);
    }

    let mut vocab = Vocab::default();
    let mut set = TermSet::default();
    let mut sections = Vec::with_capacity(done.len());
    for (i, o) in done.into_iter().enumerate() {
        vocab.add(&mut set, &o.text, BODY);
        vocab.add(&mut set, &o.heading_words, HEADING);
        for text in &strong[i] {
            vocab.add(&mut set, text, TITLE);
        }
        if i == 0 {
            vocab.add(&mut set, &soft, BODY);
        }
        sections.push(Section {
            anchor: o.anchor,
            heading: o.heading,
            text: snippet_text(&o.text, snippet_cap),
            terms: set.take(),
        });
    }
    NoteSections { vocab: vocab.words, sections }
}

/// A comparison table as search documents: the table (title, intro, subjects), then one
/// document per row (its label, and each subject's cell), each opening the table's row.
pub fn table_sections(table: &crate::compare::Table, snippet_cap: usize) -> NoteSections {
    fn plain(md: &str) -> String {
        let mut s = String::new();
        for e in pulldown_cmark::Parser::new(md) {
            if let Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) = e {
                s.push_str(&t);
            }
        }
        s
    }
    let names: Vec<&str> = table.subjects.iter().map(|s| s.name()).collect();
    let mut vocab = Vocab::default();
    let mut set = TermSet::default();
    let mut sections = Vec::with_capacity(table.rows.len() + 1);
    let intro = format!("{} {} Compares {}.", plain(&table.intro), table.decides, names.join(", "));
    // Title words that name a subject ("Kinesis", "Redshift") are headings here, so a
    // search for a service opens its note; the others ("OLAP") are the table's own title.
    let subject_words: std::collections::HashSet<String> = tokenize(&names.join(" ")).into_iter().collect();
    let (own, shared): (Vec<String>, Vec<String>) =
        tokenize(&table.title).into_iter().partition(|w| !subject_words.contains(w));
    vocab.add(&mut set, &own.join(" "), TITLE);
    vocab.add(&mut set, &format!("{} {}", shared.join(" "), names.join(" ")), HEADING);
    vocab.add(&mut set, &intro, BODY);
    sections.push(Section {
        anchor: table.anchor(),
        heading: String::new(),
        text: snippet_text(&intro, snippet_cap),
        terms: set.take(),
    });
    for r in &table.rows {
        let label = plain(&r.label);
        let cells: Vec<String> = names.iter().zip(&r.cells).map(|(n, c)| format!("{n}: {}", plain(c))).collect();
        let text = format!("{} {}", cells.join("; "), plain(&r.help));
        vocab.add(&mut set, &text, BODY);
        vocab.add(&mut set, &label, HEADING);
        sections.push(Section {
            anchor: table.row_anchor(r),
            heading: label,
            text: snippet_text(&text, snippet_cap),
            terms: set.take(),
        });
    }
    NoteSections { vocab: vocab.words, sections }
}

/// A note's terms, numbered in order of first use.
struct Vocab {
    words: Vec<String>,
    /// Each word seen (unstemmed, and each stem): its term (`None` when too long) and
    /// whether the body leaves it out. One lookup per word.
    seen: FastMap<String, (Option<u32>, bool)>,
    stem_buf: String,
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab {
            words: Vec::with_capacity(256),
            seen: FastMap::with_capacity_and_hasher(512, Default::default()),
            stem_buf: String::new(),
        }
    }
}

impl Vocab {
    fn word(&mut self, w: &str) -> (Option<u32>, bool) {
        if let Some(&v) = self.seen.get(w) {
            return v;
        }
        let (long, not_body) = word_kind(w);
        let id = if long {
            None
        } else {
            let mut buf = std::mem::take(&mut self.stem_buf);
            let stem = stem_into(w, &mut buf);
            // The stem of a stem is itself, so the stem's own entry gives its term.
            let id = if stem == w {
                let id = self.words.len() as u32;
                self.words.push(w.to_string());
                Some(id)
            } else {
                self.word(stem).0
            };
            self.stem_buf = buf;
            id
        };
        self.seen.insert(w.to_string(), (id, not_body));
        (id, not_body)
    }

    /// Adds the terms of `text` to `set` with `class`.
    fn add(&mut self, set: &mut TermSet, text: &str, class: u8) {
        for_each_word(text, |w| {
            if let (Some(id), not_body) = self.word(w) {
                if class != BODY || !not_body {
                    set.add(id, class);
                }
            }
        });
    }
}

/// The terms of one section, each with its strongest class.
#[derive(Default)]
struct TermSet {
    class: Vec<u8>,
    touched: Vec<u32>,
}

impl TermSet {
    fn add(&mut self, id: u32, class: u8) {
        let i = id as usize;
        if i >= self.class.len() {
            self.class.resize(i + 1, 0);
        }
        if self.class[i] == 0 {
            self.touched.push(id);
        }
        self.class[i] = self.class[i].max(class);
    }

    fn take(&mut self) -> Vec<(u32, u8)> {
        let out = self.touched.iter().map(|&t| (t, self.class[t as usize])).collect();
        for &t in &self.touched {
            self.class[t as usize] = 0;
        }
        self.touched.clear();
        out
    }
}

/// The text with its whitespace collapsed, cut after at most `max` characters at a word
/// boundary (with an ellipsis).
fn snippet_text(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for w in text.split_whitespace() {
        let n = w.chars().count();
        let sep = usize::from(!out.is_empty());
        if chars + sep + n > max {
            if out.is_empty() {
                out.extend(w.chars().take(max));
            }
            out.push('…');
            return out;
        }
        if sep == 1 {
            out.push(' ');
        }
        out.push_str(w);
        chars += sep + n;
    }
    out
}

/// Appends text; whitespace is collapsed at the end.
fn push_text(out: &mut String, t: &str) {
    out.push_str(t);
}

// ---------------------------------------------------------------------------------------
// Encodings

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
fn encode_postings(list: &[u32]) -> String {
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

/// The anchor `static/search.js` derives from an ASCII heading: letters and digits
/// lower-cased, `-` and `_` kept, spaces as `-`, anything else dropped.
fn ascii_slug(heading: &str) -> Option<String> {
    heading.is_ascii().then(|| {
        heading
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => Some(c.to_ascii_lowercase()),
                _ => None,
            })
            .collect()
    })
}

/// A named index file: `search/{stem}.{hash}.js` (or `search/{stem}.js` with `fixed`)
/// holding `studysiteSearch.add("name", data);`.
fn script(name: &str, stem: &str, data: &str, fixed: bool) -> (String, String) {
    let text = format!("studysiteSearch.add({},{data});\n", js_string(name));
    let path = if fixed {
        format!("search/{stem}.js")
    } else {
        format!("search/{stem}.{}.js", crate::hash::short(text.as_bytes()))
    };
    (path, text)
}

fn json_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let v: Vec<String> = items.into_iter().map(js_string).collect();
    format!("[{}]", v.join(","))
}

/// The manifest's name in `serve`.
pub const SERVE_MANIFEST: &str = "search/index.js";

/// Builds the index. With `fixed_manifest_name` (for `serve`, whose pages must not change
/// when only the index does) the manifest is `search/index.js`.
pub fn build(site: &Site, fixed_manifest_name: bool) -> SearchIndex {
    // 1. Sections of every note, in parallel. Snippet text is capped by the number of
    // sections (estimated from the headings) so that all of it stays near SNIPPET_BUDGET.
    let estimate: usize =
        site.notes.iter().map(|n| 1 + n.parsed.headings.iter().filter(|h| h.level <= 3).count()).sum();
    let snippet_cap = (SNIPPET_BUDGET / estimate.max(1)).clamp(SNIPPET_MIN, SNIPPET_MAX);
    // Comparison tables come first, as entries on the Comparisons page (title, URL, no
    // category), so a table wins a tie with a note; note `n` is entry `n + tables`.
    let tables = site.comparisons.len();
    let mut per_note: Vec<NoteSections> = site.comparisons.values().map(|t| table_sections(t, snippet_cap)).collect();
    per_note.par_extend(site.notes.par_iter().map(|n| {
        let cat = site.category(&n.source.category).map(|c| c.title.as_str()).unwrap_or("");
        sections(n, cat, snippet_cap)
    }));
    let cat_index: HashMap<&str, usize> =
        site.categories.iter().enumerate().map(|(i, c)| (c.slug.as_str(), i)).collect();
    let mut heads: Vec<(&str, &str, usize)> =
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
    let mut total_postings = 0;
    let mut local: Vec<u32> = Vec::new();
    for ns in &per_note {
        note_first_doc.push(doc);
        local.clear();
        for t in &ns.vocab {
            let next = postings.len() as u32;
            let g = *global.entry(t.as_str()).or_insert(next);
            if g == next {
                postings.push(Vec::new());
            }
            local.push(g);
        }
        for s in &ns.sections {
            for &(t, c) in &s.terms {
                postings[local[t as usize] as usize].push((doc << 2) | u32::from(c));
            }
            total_postings += s.terms.len();
            doc += 1;
        }
    }
    let docs = doc as usize;
    let mut terms: Vec<(&str, Vec<u32>)> =
        global.into_iter().map(|(t, g)| (t, std::mem::take(&mut postings[g as usize]))).collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    let encoded: Vec<String> = terms.par_iter().map(|(_, list)| encode_postings(list)).collect();

    let mut files: Vec<(String, String)> = Vec::new();

    // 3. Posting chunks: consecutive terms.
    let mut post_index: Vec<(usize, String)> = Vec::new();
    {
        let chunk =
            (encoded.iter().map(|e| e.len() + 3).sum::<usize>() / 64).clamp(POSTING_CHUNK_MIN, POSTING_CHUNK_MAX);
        let mut start = 0;
        let mut size = 0;
        let mut flush = |start: usize, end: usize, files: &mut Vec<(String, String)>| {
            let n = post_index.len();
            let data = format!(
                "{{\"first\":{start},\"post\":[{}]}}",
                encoded[start..end].iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(",")
            );
            let (path, text) = script(&format!("p{n}"), &format!("p{n}"), &data, false);
            post_index.push((start, path.clone()));
            files.push((path, text));
        };
        for (i, e) in encoded.iter().enumerate() {
            if size > 0 && size + e.len() > chunk {
                flush(start, i, &mut files);
                start = i;
                size = 0;
            }
            size += e.len() + 3;
        }
        if start < encoded.len() || encoded.is_empty() {
            flush(start, encoded.len(), &mut files);
        }
    }

    // 4. Dictionary shards: whole first-character groups, about DICT_SHARD bytes each.
    let mut dict_index: Vec<(String, String)> = Vec::new();
    {
        let first_char = |t: &str| t.chars().next().unwrap_or(' ');
        let mut i = 0;
        while i < terms.len() {
            let start = i;
            let mut chars = String::new();
            let mut size = 0;
            while i < terms.len() {
                // The next group (all terms with the same first character).
                let c = first_char(terms[i].0);
                let mut j = i;
                let mut group = 0;
                while j < terms.len() && first_char(terms[j].0) == c {
                    group += terms[j].0.len() + 2;
                    j += 1;
                }
                if size > 0 && size + group > DICT_SHARD {
                    break;
                }
                chars.push(c);
                size += group;
                i = j;
            }
            let mut words = String::new();
            let mut df = String::new();
            let mut prev = "";
            for (k, (t, list)) in terms[start..i].iter().enumerate() {
                // Front coding: how many UTF-16 units (at most 63) this term shares with the last.
                let (mut units, mut bytes) = (0usize, 0usize);
                if k > 0 {
                    words.push(' ');
                    for (a, b) in t.chars().zip(prev.chars()) {
                        if a != b || units + a.len_utf16() > 63 {
                            break;
                        }
                        units += a.len_utf16();
                        bytes += a.len_utf8();
                    }
                }
                words.push(ALPHABET[units] as char);
                words.push_str(&t[bytes..]);
                push_varint(&mut df, list.len() as u64);
                prev = t;
            }
            let n = dict_index.len();
            let data = format!("{{\"first\":{start},\"terms\":{},\"df\":\"{df}\"}}", js_string(&words));
            let (path, text) = script(&format!("d{n}"), &format!("d{n}"), &data, false);
            dict_index.push((chars, path.clone()));
            files.push((path, text));
        }
    }

    // 5. Document store: whole notes per shard.
    let mut store_index: Vec<(u32, String)> = Vec::new();
    {
        // Each note's entry and its documents' entries, in parallel; then shards in order.
        let entries: Vec<(String, Vec<String>)> = heads
            .par_iter()
            .zip(&per_note)
            .map(|((title, url, cat), ns)| {
                let head = format!("[{},{},{cat}]", js_string(title), js_string(url));
                let docs = ns
                    .sections
                    .iter()
                    .map(|s| {
                        // The anchor is left out (0) when the client can derive it from the heading.
                        let anchor = if ascii_slug(&s.heading).as_deref() == Some(s.anchor.as_str()) {
                            "0".to_string()
                        } else {
                            js_string(&s.anchor)
                        };
                        format!("{anchor},{},{}]", js_string(&s.heading), js_string(&s.text))
                    })
                    .collect();
                (head, docs)
            })
            .collect();
        let total: usize = entries.iter().map(|(h, d)| h.len() + d.iter().map(|x| x.len() + 4).sum::<usize>()).sum();
        let shard_size = (total / 64).clamp(STORE_SHARD_MIN, STORE_SHARD_MAX);
        let mut shard = String::new();
        let mut docs_part = String::new();
        let mut local = 0;
        let mut first_doc: u32 = 0;
        let mut flush = |shard: &mut String, docs_part: &mut String, first_doc: u32| {
            let n = store_index.len();
            let data = format!("{{\"first\":{first_doc},\"notes\":[{shard}],\"docs\":[{docs_part}]}}");
            let (path, text) = script(&format!("s{n}"), &format!("s{n}"), &data, false);
            store_index.push((first_doc, path.clone()));
            files.push((path, text));
            shard.clear();
            docs_part.clear();
        };
        for (ni, (head, docs)) in entries.iter().enumerate() {
            if shard.len() + docs_part.len() > shard_size {
                flush(&mut shard, &mut docs_part, first_doc);
                first_doc = note_first_doc[ni];
                local = 0;
            }
            if !shard.is_empty() {
                shard.push_str(",\n");
            }
            shard.push_str(head);
            for d in docs {
                if !docs_part.is_empty() {
                    docs_part.push_str(",\n");
                }
                write!(docs_part, "[{local},{d}").unwrap();
            }
            local += 1;
        }
        if !shard.is_empty() {
            flush(&mut shard, &mut docs_part, first_doc);
        }
    }

    // 6. Tags: per tag, the Rice-coded list of its notes; per note, its number of documents.
    let tag_names: Vec<&String> = site.tags.keys().collect();
    let tag_file = if tag_names.is_empty() {
        None
    } else {
        let mut sections = String::new();
        for ns in &per_note {
            push_varint(&mut sections, ns.sections.len() as u64);
        }
        let lists: Vec<String> = site
            .tags
            .values()
            .map(|notes| {
                let mut ns: Vec<u32> = notes.iter().map(|&n| (n + tables) as u32).collect();
                ns.sort_unstable();
                ns.dedup();
                let mut s = String::new();
                push_varint(&mut s, ns.len() as u64);
                push_rice(&mut s, &ns);
                format!("\"{s}\"")
            })
            .collect();
        let data = format!("{{\"sections\":\"{sections}\",\"tags\":[{}]}}", lists.join(","));
        let (path, text) = script("t", "tags", &data, false);
        files.push((path.clone(), text));
        Some(path)
    };

    // 7. Categories as document ranges (notes are in category order, so each is one range).
    let mut cats: Vec<String> = Vec::new();
    for c in &site.categories {
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for &n in &c.notes {
            let start = note_first_doc[n + tables];
            let end = start + per_note[n + tables].sections.len() as u32;
            match ranges.last_mut() {
                Some(r) if r.1 == start => r.1 = end,
                _ => ranges.push((start, end)),
            }
        }
        let flat: Vec<String> = ranges.iter().flat_map(|(a, b)| [a.to_string(), b.to_string()]).collect();
        cats.push(format!("[{},[{}]]", js_string(&c.title), flat.join(",")));
    }

    // 8. The manifest.
    let mut m = String::new();
    write!(m, "{{\"v\":{FORMAT_VERSION},\"docs\":{docs},\"notes\":{},\"maxTerm\":{MAX_TERM}", per_note.len()).unwrap();
    let dict: Vec<String> = dict_index.iter().map(|(c, p)| format!("[{},{}]", js_string(c), js_string(p))).collect();
    write!(m, ",\n\"dict\":[{}]", dict.join(",")).unwrap();
    let post: Vec<String> = post_index.iter().map(|(f, p)| format!("[{f},{}]", js_string(p))).collect();
    write!(m, ",\n\"post\":[{}]", post.join(",")).unwrap();
    let store: Vec<String> = store_index.iter().map(|(f, p)| format!("[{f},{}]", js_string(p))).collect();
    write!(m, ",\n\"store\":[{}]", store.join(",")).unwrap();
    write!(m, ",\n\"cats\":[{}]", cats.join(",")).unwrap();
    write!(m, ",\n\"tags\":{}", json_list(tag_names.iter().map(|t| t.as_str()))).unwrap();
    write!(m, ",\n\"tagFile\":{}", tag_file.as_deref().map(js_string).unwrap_or_else(|| "null".into())).unwrap();
    write!(m, ",\n\"stop\":{}", json_list(STOP_WORDS.iter().copied())).unwrap();
    let fold: Vec<String> =
        FOLD.iter().map(|(c, s)| format!("{}:{}", js_string(&c.to_string()), js_string(s))).collect();
    write!(m, ",\n\"fold\":{{{}}}}}", fold.join(",")).unwrap();
    let (manifest, text) = script("m", "index", &m, fixed_manifest_name);
    files.push((manifest.clone(), text));

    // Millions of small strings: free them on every core.
    let term_count = terms.len();
    drop(terms);
    per_note.into_par_iter().for_each(drop);
    SearchIndex { manifest, files, stats: Stats { docs, terms: term_count, postings: total_postings, snippet_cap } }
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
