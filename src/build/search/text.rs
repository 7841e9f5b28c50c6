//! Search terms: how text becomes index terms. `static/search.js` applies the same
//! rules to queries (the fold table and the stop words ship in the manifest).

use super::MAX_TERM;

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
pub(super) fn stem_into<'a>(word: &'a str, buf: &'a mut String) -> &'a str {
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
pub(super) fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
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
pub(super) fn word_kind(w: &str) -> (bool, bool) {
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
