//! The glossary: every key with its own one-line definition (front matter `[glossary]`),
//! or "see <note>" when it has none, grouped by first letter. Singular and plural forms
//! of a term ("shard", "shards") are one entry.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::build::link::keywords::{Key, Keywords};
use crate::build::site::Site;

#[derive(Serialize)]
pub struct Entry {
    pub term: String,
    /// Other forms of the term merged into this entry (plurals).
    pub variants: Vec<String>,
    /// The term's own definition; `None` shows "see <note>".
    pub definition: Option<String>,
    pub note_title: String,
    /// The note (and heading) where the term is explained, from the site root.
    pub url: String,
    pub section: Option<String>,
}

#[derive(Serialize)]
pub struct Letter {
    pub letter: String,
    pub id: String,
    pub entries: Vec<Entry>,
}

/// The singular a plural key folds into, when that singular is a key too.
fn singular_of(lower: &str, all: &HashSet<String>) -> Option<String> {
    let candidates = [
        lower.strip_suffix("ies").map(|s| format!("{s}y")),
        lower.strip_suffix("es").map(str::to_string),
        lower.strip_suffix('s').map(str::to_string),
    ];
    candidates.into_iter().flatten().find(|c| c.len() >= 2 && all.contains(c))
}

/// The key's own definition: its `[glossary]` line, or for a note's title, the note's summary.
fn definition(site: &Site, key: &Key) -> Option<String> {
    let src = &site.notes[key.note].source;
    let own = src.front.glossary.iter().find(|(t, _)| t.trim().eq_ignore_ascii_case(&key.text)).map(|(_, d)| d);
    let own = own.map(|d| d.trim().to_string()).filter(|d| !d.is_empty());
    let is_title = key.anchor.is_none() && src.title().trim().eq_ignore_ascii_case(&key.text);
    own.or_else(|| if is_title { src.front.summary.clone() } else { None })
}

fn letter_of(term: &str) -> (String, String) {
    let first = term.chars().next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    if !first.is_empty() && first.chars().all(char::is_alphabetic) {
        let id = format!("letter-{}", first.to_lowercase());
        (first, id)
    } else {
        ("#".into(), "letter-other".into())
    }
}

pub fn letters(site: &Site, keywords: &Keywords) -> Vec<Letter> {
    let all: HashSet<String> = keywords.keys.iter().map(|k| k.text.to_lowercase()).collect();
    // Group keys by their singular form; the key spelled as the singular leads its group.
    let mut groups: BTreeMap<String, Vec<&Key>> = BTreeMap::new();
    for k in &keywords.keys {
        let lower = k.text.to_lowercase();
        let root = singular_of(&lower, &all).unwrap_or(lower);
        groups.entry(root).or_default().push(k);
    }
    let mut entries: Vec<Entry> = groups
        .into_iter()
        .map(|(root, mut keys)| {
            keys.sort_by_key(|k| (k.text.to_lowercase() != root, k.text.len()));
            let lead = keys[0];
            let note = &site.notes[lead.note];
            let section = lead
                .anchor
                .as_deref()
                .and_then(|a| note.parsed.headings.iter().find(|h| h.id == a))
                .map(|h| h.text.clone());
            Entry {
                term: lead.text.clone(),
                variants: keys[1..].iter().map(|k| k.text.clone()).collect(),
                definition: keys.iter().find_map(|k| definition(site, k)),
                note_title: note.title().to_string(),
                url: format!("{}{}", note.url, lead.anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()),
                section,
            }
        })
        .collect();
    entries.sort_by_cached_key(|e| (e.term.to_lowercase(), e.term.clone()));
    let mut letters: Vec<Letter> = Vec::new();
    for e in entries {
        let (letter, id) = letter_of(&e.term);
        if letters.last().is_none_or(|l| l.letter != letter) {
            letters.push(Letter { letter, id, entries: Vec::new() });
        }
        letters.last_mut().expect("a letter was just pushed").entries.push(e);
    }
    letters
}
