//! Cross-linking by keyword: every note's title and `keywords` become keys of one
//! Aho-Corasick automaton (leftmost-longest), so finding mentions costs time linear in
//! the text whatever the number of keys.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};

use crate::build::site::Site;
use crate::diagnostics::Diagnostic;

/// One key: a name that links to a note, or to a heading of it.
#[derive(Debug, Clone)]
pub struct Key {
    pub text: String,
    pub note: usize,
    pub anchor: Option<String>,
    /// Keys written in capitals ("KMS", "SSE-C") match only in capitals.
    pub exact_case: bool,
    /// Listed in `links.never_link`: kept for the glossary and wiki links, never auto-linked.
    pub never: bool,
    /// Where the key was declared, for clash errors.
    pub line: usize,
    /// Declared in `keywords` (not a title or an Obsidian alias): a clash between two
    /// such keys is an error; any other clash is a warning and leaves the key unlinked.
    pub explicit: bool,
}

/// A mention found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub key: usize,
}

pub struct Keywords {
    pub keys: Vec<Key>,
    /// Pattern `i` of the automaton is `keys[linkable[i]]`.
    linkable: Vec<usize>,
    automaton: Option<AhoCorasick>,
}

fn is_acronym(key: &str) -> bool {
    key.chars().any(|c| c.is_alphabetic()) && !key.chars().any(|c| c.is_lowercase())
}

/// `"Lifecycle Rules#lifecycle-rules"` → key and heading id. A `#` followed by nothing or
/// by a space is part of the name (`C#`, `Learn C# fast`), as is every `#` in a title.
pub(crate) fn split_anchor(raw: &str) -> (String, Option<String>) {
    match raw.rsplit_once('#') {
        Some((text, anchor))
            if !text.trim().is_empty() && !anchor.is_empty() && !anchor.chars().any(char::is_whitespace) =>
        {
            (text.trim().to_string(), Some(anchor.to_string()))
        }
        _ => (raw.trim().to_string(), None),
    }
}

/// The front matter line declaring `value` (front matter fields carry no spans).
fn declaration_line(text: &str, body_offset: usize, value: &str) -> usize {
    let front = &text[..body_offset.min(text.len())];
    let quoted = format!("\"{value}\"");
    front
        .lines()
        .position(|l| l.contains(&quoted))
        .or_else(|| front.lines().position(|l| l.contains(value)))
        .map_or(1, |i| i + 1)
}

impl Keywords {
    // Longer than most on purpose: every key of every note is checked (clashes, anchors,
    // shared aliases) in the one pass that numbers them for the automaton.
    pub fn build(site: &Site) -> (Keywords, Vec<Diagnostic>) {
        let never: Vec<String> = site.config.links.never_link.iter().map(|k| k.to_lowercase()).collect();
        let mut keys: Vec<Key> = Vec::new();
        let mut owner: HashMap<String, usize> = HashMap::new();
        let mut diags = Vec::new();
        for (i, note) in site.notes.iter().enumerate() {
            let src = &note.source;
            let title = (src.title().trim().to_string(), None, false);
            let mut declared: Vec<(String, Option<String>, bool)> = std::iter::once(title)
                .chain(src.front.keywords.iter().map(|k| {
                    let (text, anchor) = split_anchor(k);
                    (text, anchor, !src.front.alias_names.contains(k))
                }))
                .collect();
            // A term defined in `[glossary]` is a key even when `keywords` does not list it.
            for term in src.front.glossary.keys() {
                if !declared.iter().any(|(t, _, _)| t.eq_ignore_ascii_case(term.trim())) {
                    declared.push((term.trim().to_string(), None, true));
                }
            }
            for (text, anchor, explicit) in declared {
                let raw = match &anchor {
                    Some(a) => format!("{text}#{a}"),
                    None => text.clone(),
                };
                if text.chars().count() < 2 {
                    continue;
                }
                let norm = text.to_lowercase();
                let line = declaration_line(&src.text, src.body_offset, &text);
                if let Some(&k) = owner.get(&norm) {
                    let other = &mut keys[k];
                    if other.note == i {
                        // "HOTSPOTS" and "Hotspots" in one note: keep the form that matches more.
                        if other.exact_case && !is_acronym(&text) {
                            other.text = text;
                            other.exact_case = false;
                        }
                        continue;
                    }
                    let other_src = &site.notes[other.note].source;
                    if !(explicit && other.explicit) {
                        // Titles and aliases may repeat in a vault (Obsidian allows it).
                        other.never = true;
                        diags.push(
                            Diagnostic::new(&src.rel_path, line, 1, format!("the name \"{text}\" belongs to two notes: this one and {}:{}; it is not linked automatically", other_src.rel_path, other.line))
                                .with_source(crate::diagnostics::line_text(&src.text, line))
                                .with_help("link the one you mean with `[[path/Note]]`, or rename one of them")
                                .warning(),
                        );
                        continue;
                    }
                    diags.push(
                        Diagnostic::new(&src.rel_path, line, 1, format!("the key \"{text}\" is claimed by two notes: this one and {}:{}", other_src.rel_path, other.line))
                            .with_source(crate::diagnostics::line_text(&src.text, line))
                            .with_help("a key links every mention to one note; keep it in one note's `keywords` (or title) and remove it from the other"),
                    );
                    continue;
                }
                if let Some(a) = &anchor {
                    if !note.parsed.headings.iter().any(|h| &h.id == a) {
                        diags.push(
                            Diagnostic::new(&src.rel_path, line, 1, format!("the key \"{raw}\" points at `#{a}`, which is not a heading of this note"))
                                .with_source(crate::diagnostics::line_text(&src.text, line))
                                .with_help("after `#` write the id of one of this note's headings (its text in lower case, spaces as `-`)"),
                        );
                        continue;
                    }
                }
                owner.insert(norm.clone(), keys.len());
                keys.push(Key {
                    exact_case: is_acronym(&text),
                    never: never.contains(&norm),
                    text,
                    note: i,
                    anchor,
                    line,
                    explicit,
                });
            }
        }
        let linkable: Vec<usize> = (0..keys.len()).filter(|&k| !keys[k].never).collect();
        let automaton = if linkable.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(linkable.iter().map(|&k| keys[k].text.as_str()))
                .ok()
        };
        (Keywords { keys, linkable, automaton }, diags)
    }

    /// Mentions of keys in `text`, on word boundaries, longest first, acronyms in capitals.
    /// A plural `s` right after a key is taken into the mention ("shards" for "shard").
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = ac.find(Input::new(text).span(pos..text.len())) else {
                break;
            };
            let key_index = self.linkable[m.pattern().as_usize()];
            let key = &self.keys[key_index];
            let (start, mut end) = (m.start(), m.end());
            let mut ok = !is_word_byte_before(text, start) && (!key.exact_case || text[start..end] == *key.text);
            if ok && is_word_byte_after(text, end) {
                // Allow a plural: "shards", "Glue Crawlers".
                let plural = !key.exact_case && matches!(bytes[end], b's') && !is_word_byte_after(text, end + 1);
                if plural {
                    end += 1;
                } else {
                    ok = false;
                }
            }
            if ok {
                out.push(Mention { start, end, key: key_index });
                pos = end;
            } else {
                pos = next_char(text, start);
            }
        }
        out
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_word_byte_before(text: &str, i: usize) -> bool {
    text[..i].chars().next_back().is_some_and(is_word_char)
}

fn is_word_byte_after(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(is_word_char)
}

fn next_char(text: &str, i: usize) -> usize {
    i + text[i..].chars().next().map_or(1, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords(keys: &[&str]) -> Keywords {
        let keys: Vec<Key> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| Key {
                text: k.to_string(),
                note: i,
                anchor: None,
                exact_case: is_acronym(k),
                never: false,
                line: 1,
                explicit: true,
            })
            .collect();
        let linkable = (0..keys.len()).collect::<Vec<_>>();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(keys.iter().map(|k| k.text.as_str()))
            .ok();
        Keywords { keys, linkable, automaton }
    }

    fn found(k: &Keywords, text: &str) -> Vec<String> {
        k.find(text).iter().map(|m| text[m.start..m.end].to_string()).collect()
    }

    #[test]
    fn longest_key_wins() {
        let k = keywords(&["Kinesis", "Kinesis Data Firehose", "Glue", "Glue Data Catalog"]);
        assert_eq!(
            found(&k, "Use Kinesis Data Firehose, not Kinesis; the Glue Data Catalog and Glue."),
            ["Kinesis Data Firehose", "Kinesis", "Glue Data Catalog", "Glue"]
        );
    }

    #[test]
    fn acronyms_match_only_in_capitals() {
        let k = keywords(&["DMS", "Athena"]);
        assert_eq!(found(&k, "DMS and dms and Dms; athena and ATHENA"), ["DMS", "athena", "ATHENA"]);
    }

    #[test]
    fn whole_words_only_with_plurals() {
        let k = keywords(&["Glue", "shard", "KMS"]);
        assert_eq!(found(&k, "Glued Glueing reglue Glue. shards shardy KMSs"), ["Glue", "shards"]);
    }

    #[test]
    fn cost_is_linear_in_text_for_many_keys() {
        let keys: Vec<String> = (0..5000).map(|i| format!("Service {i:04}")).collect();
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let k = keywords(&refs);
        assert_eq!(found(&k, "Service 0042 talks to Service 4999 and Service 50000"), ["Service 0042", "Service 4999"]);
    }
}
