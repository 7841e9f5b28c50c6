//! A note's sections (the search index's documents) and the terms each one uses.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::text::{for_each_word, stem_into, tokenize, word_kind};
use crate::build::link::keywords::split_anchor;
use crate::build::parse::Events;
use crate::build::site::Note;
use hashbrown::HashTable;

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
    /// Each term as `term << 2 | class` (four bytes, not eight: a big site's sections hold
    /// tens of millions); see [`Section::terms`].
    terms: Vec<u32>,
}

impl Section {
    /// Each term once (an index into [`NoteSections::vocab`]), with its strongest field class.
    pub fn terms(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.terms.iter().map(|&packed| (packed >> 2, (packed & 3) as u8))
    }
}

/// A note's sections and the terms they use.
#[derive(Debug, Clone, Default)]
pub struct NoteSections {
    /// The note's terms, numbered in order of first use, back to back in one string (one
    /// allocation per note instead of one per term: a big site has millions of them).
    words: String,
    /// Where term `t` ends in `words` (it starts where term `t - 1` ends).
    ends: Vec<u32>,
    pub sections: Vec<Section>,
}

impl NoteSections {
    /// Term `t` of the note.
    pub fn word(&self, t: u32) -> &str {
        let t = t as usize;
        let start = if t == 0 { 0 } else { self.ends[t - 1] as usize };
        &self.words[start..self.ends[t] as usize]
    }

    /// The note's terms in order of first use.
    pub fn vocab(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).map(|t| self.word(t))
    }

    /// The terms of section `i` with their classes.
    pub fn terms(&self, i: usize) -> impl Iterator<Item = (&str, u8)> {
        self.sections[i].terms().map(|(t, c)| (self.word(t), c))
    }
}

/// Splits a note into sections and collects their terms; each section keeps at most
/// `snippet_cap` characters of its text.
pub fn sections(note: &Note, events: &Events, category_title: &str, snippet_cap: usize) -> NoteSections {
    let done = split(events.iter());
    // Title and keywords go to the first document, keywords naming a heading to that
    // heading's document; the category and tags are body words of the first document.
    let mut strong: Vec<Vec<&str>> = vec![Vec::new(); done.len()];
    strong[0].push(note.title());
    for k in &note.source.front.keywords {
        match split_anchor(k) {
            (_, Some(anchor)) => {
                let i = done.iter().position(|o| o.anchor == anchor).unwrap_or(0);
                strong[i].push(k.rsplit_once('#').map_or(k.as_str(), |(text, _)| text));
            }
            (_, None) => strong[0].push(k),
        }
    }
    let mut soft = category_title.to_string();
    for t in note.source.front.tags.iter().chain(&note.parsed.tags) {
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
    vocab.finish(sections)
}

/// A section while a note's events are walked.
struct Open {
    anchor: String,
    heading: String,
    text: String,
    heading_words: String,
}

/// Cuts a note's events at its headings of levels 1 to 3.
fn split<'e>(events: impl Iterator<Item = Event<'e>>) -> Vec<Open> {
    let mut done: Vec<Open> = Vec::new();
    let mut cur =
        Open { anchor: String::new(), heading: String::new(), text: String::new(), heading_words: String::new() };
    // Some(level) while inside a heading; its text goes to `buf`.
    let mut in_heading: Option<u8> = None;
    let mut buf = String::new();
    for e in events {
        match &e {
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

    done
}

/// A comparison table as search documents: the table (title, intro, subjects), then one
/// document per row (its label, and each subject's cell), each opening the table's row.
pub fn table_sections(table: &crate::build::parse::compare::Table, snippet_cap: usize) -> NoteSections {
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
    vocab.finish(sections)
}

/// A note's terms, numbered in order of first use.
struct Vocab {
    /// The terms back to back, and where each ends (see [`NoteSections`]).
    words: String,
    ends: Vec<u32>,
    /// Each word seen (unstemmed, and each stem), as a span of `seen_text`: its term
    /// (`None` when too long) and whether the body leaves it out. One lookup per word,
    /// and no allocation per word.
    seen: HashTable<Seen>,
    seen_text: String,
    stem_buf: String,
}

/// A word [`Vocab`] has seen: `seen_text[start..end]`.
struct Seen {
    hash: u64,
    start: u32,
    end: u32,
    term: Option<u32>,
    not_body: bool,
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab {
            words: String::with_capacity(2048),
            ends: Vec::with_capacity(256),
            seen: HashTable::with_capacity(512),
            seen_text: String::with_capacity(4096),
            stem_buf: String::new(),
        }
    }
}

impl Vocab {
    fn word(&mut self, w: &str) -> (Option<u32>, bool) {
        let hash = crate::hash::fx(w);
        let text = &self.seen_text;
        if let Some(s) = self.seen.find(hash, |s| s.hash == hash && &text[s.start as usize..s.end as usize] == w) {
            return (s.term, s.not_body);
        }
        let (long, not_body) = word_kind(w);
        let term = if long {
            None
        } else {
            let mut buf = std::mem::take(&mut self.stem_buf);
            let stem = stem_into(w, &mut buf);
            // The stem of a stem is itself, so the stem's own entry gives its term.
            let term = if stem == w {
                self.words.push_str(w);
                self.ends.push(self.words.len() as u32);
                Some(self.ends.len() as u32 - 1)
            } else {
                self.word(stem).0
            };
            self.stem_buf = buf;
            term
        };
        let start = self.seen_text.len() as u32;
        self.seen_text.push_str(w);
        let seen = Seen { hash, start, end: self.seen_text.len() as u32, term, not_body };
        self.seen.insert_unique(hash, seen, |s| s.hash);
        (term, not_body)
    }

    fn finish(self, sections: Vec<Section>) -> NoteSections {
        NoteSections { words: self.words, ends: self.ends, sections }
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

    fn take(&mut self) -> Vec<u32> {
        let out = self.touched.iter().map(|&t| t << 2 | u32::from(self.class[t as usize])).collect();
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
