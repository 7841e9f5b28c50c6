//! Part of the link stage: turns mentions of keys in a note's prose into links, and
//! records every mention of another note (automatic or written by the author) with the
//! sentence around it, for that note's backlinks.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::build::link::keywords::Keywords;
use crate::config::LinkMode;
use crate::html::escape_html;

pub struct Context<'a> {
    pub keywords: &'a Keywords,
    pub self_index: usize,
    pub mode: LinkMode,
    /// Event index of an author's link → the note it points to.
    pub explicit: &'a HashMap<usize, usize>,
    /// Relative path from the note's page to the site root.
    pub root: &'a str,
    pub urls: &'a [String],
}

pub struct Linked {
    pub events: Vec<Event<'static>>,
    /// (mentioned note, sentence HTML with the mention in `<mark>`), in text order.
    pub mentions: Vec<(usize, String)>,
}

/// Text of the current block (paragraph, list item, table row) and the mentions inside it.
#[derive(Default)]
struct Block {
    text: String,
    pending: Vec<(usize, usize, usize)>,
    /// The heading of the current section, shown before a context that stays short.
    heading: String,
}

/// A "Mentioned in" context shorter than this (in characters) takes in the text that
/// follows: a list item's lead-in ("Kinesis Data Streams (KDS):") gets its sub-items.
const MIN_CONTEXT: usize = 40;
/// Joins blocks read as one context (list items, table cells).
const JOIN: &str = " · ";

impl Block {
    /// Ends the block. A mention whose context is still short waits for the next block,
    /// unless `force` (a heading or the end of the note closes the context).
    fn flush(&mut self, out: &mut Vec<(usize, String)>, force: bool) {
        let (text, heading) = (&self.text, &self.heading);
        self.pending.retain(|&(target, start, end)| {
            let bounds = sentence_bounds(text, start, end);
            let long = !is_short(&text[bounds.0..bounds.1]);
            if long || force {
                let mut html = sentence_html(text, start, end, bounds);
                if !long && !heading.is_empty() {
                    html = format!("<span class=\"backlink-heading\">{}</span> › {html}", escape_html(heading));
                }
                out.push((target, html));
                false
            } else {
                true
            }
        });
        if self.pending.is_empty() {
            self.text.clear();
        } else if !self.text.trim_end().is_empty() && !self.text.ends_with(JOIN) {
            self.text.push_str(JOIN);
        }
    }

    /// A table cell ends: the row goes on.
    fn cell_end(&mut self) {
        self.text.push_str(JOIN);
    }
}

// Longer than most on purpose: one pass over a note's events that tracks links,
// headings and raw HTML (where nothing is linked) and each block's sentences at once.
pub fn autolink(events: Vec<Event<'static>>, cx: &Context) -> Linked {
    let mut out = Vec::with_capacity(events.len() + 16);
    let mut mentions = Vec::new();
    let mut block = Block::default();
    let mut link_depth = 0usize;
    let mut heading_depth = 0usize;
    // Inside raw inline HTML written by the author (`<span>…</span>`), text is left alone.
    let mut raw_depth = 0usize;
    let mut linked: HashSet<(usize, Option<&str>)> = HashSet::new();
    // Open author links: (target, offset in block text where the link text starts).
    let mut open_links: Vec<Option<(usize, usize)>> = Vec::new();

    for (i, event) in events.into_iter().enumerate() {
        match &event {
            Event::Start(Tag::Heading { .. }) => {
                block.flush(&mut mentions, true);
                heading_depth += 1;
                if cx.mode == LinkMode::FirstPerSection {
                    linked.clear();
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                heading_depth = heading_depth.saturating_sub(1);
                let heading = block.text.trim().to_string();
                block.flush(&mut mentions, true);
                block.heading = heading;
            }
            Event::End(TagEnd::TableCell) => block.cell_end(),
            Event::Start(
                Tag::Paragraph
                | Tag::Item
                | Tag::TableRow
                | Tag::TableHead
                | Tag::BlockQuote(_)
                | Tag::DefinitionListDefinition
                | Tag::DefinitionListTitle,
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::DefinitionListDefinition
                | TagEnd::DefinitionListTitle,
            ) => block.flush(&mut mentions, false),
            // Raw HTML blocks end a block; the anchor link inside a heading does not.
            Event::Html(_) if heading_depth == 0 => block.flush(&mut mentions, false),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                link_depth += 1;
                let target = cx.explicit.get(&i).map(|&t| (t, block.text.len()));
                if let Some((t, _)) = target {
                    linked.insert((t, None));
                }
                open_links.push(target);
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                link_depth = link_depth.saturating_sub(1);
                if let Some(Some((target, start))) = open_links.pop() {
                    block.pending.push((target, start, block.text.len()));
                }
            }
            Event::InlineHtml(tag) => raw_depth = raw_html_depth(raw_depth, tag),
            Event::SoftBreak | Event::HardBreak => block.text.push(' '),
            Event::Code(code) => block.text.push_str(code),
            Event::Text(_) => {}
            _ => {}
        }
        let Event::Text(text) = event else {
            out.push(event);
            continue;
        };
        if link_depth > 0 || heading_depth > 0 || raw_depth > 0 {
            block.text.push_str(&text);
            out.push(Event::Text(text));
            continue;
        }
        let mut last = 0;
        for m in cx.keywords.find(&text) {
            let key = &cx.keywords.keys[m.key];
            if key.note == cx.self_index {
                continue;
            }
            let target = (key.note, key.anchor.as_deref());
            if cx.mode != LinkMode::Every && !linked.insert(target) {
                continue;
            }
            if m.start > last {
                block.text.push_str(&text[last..m.start]);
                out.push(Event::Text(CowStr::from(text[last..m.start].to_string())));
            }
            let href = format!(
                "{}{}{}",
                cx.root,
                cx.urls[key.note],
                key.anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()
            );
            out.push(Event::InlineHtml(CowStr::from(format!("<a class=\"xref\" href=\"{}\">", escape_html(&href)))));
            let start = block.text.len();
            block.text.push_str(&text[m.start..m.end]);
            block.pending.push((key.note, start, block.text.len()));
            out.push(Event::Text(CowStr::from(text[m.start..m.end].to_string())));
            out.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
            last = m.end;
        }
        if last == 0 {
            block.text.push_str(&text);
            out.push(Event::Text(text));
        } else if last < text.len() {
            block.text.push_str(&text[last..]);
            out.push(Event::Text(CowStr::from(text[last..].to_string())));
        }
    }
    block.flush(&mut mentions, true);
    Linked { events: out, mentions }
}

/// Tracks nesting of raw inline HTML elements: `<b>` opens, `</b>` closes, void and
/// self-closing tags and comments change nothing.
fn raw_html_depth(depth: usize, tag: &str) -> usize {
    let tag = tag.trim();
    if tag.starts_with("</") {
        return depth.saturating_sub(1);
    }
    let name: String = tag
        .trim_start_matches('<')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let void = matches!(
        name.as_str(),
        "" | "br" | "img" | "input" | "hr" | "wbr" | "source" | "col" | "area" | "embed" | "meta" | "link"
    );
    if void || tag.ends_with("/>") || tag.starts_with("<!") || tag.starts_with("<?") {
        depth
    } else {
        depth + 1
    }
}

fn is_stop(s: &str) -> bool {
    s.starts_with(". ") || s.starts_with("! ") || s.starts_with("? ") || s.starts_with(": ")
}

/// Start of the sentence that holds `at` (after the last stop before it).
fn sentence_start(text: &str, at: usize) -> usize {
    for (i, _) in text[..at].char_indices().rev() {
        // A stop whose space is the first character of the mention (`See.[ Two](…)`)
        // ends no sentence before it.
        if i + 2 <= at && is_stop(&text[i..]) {
            return i + 2;
        }
    }
    0
}

/// End of the sentence that goes on at `from` (just after its stop).
fn sentence_end(text: &str, from: usize) -> usize {
    for (i, _) in text[from..].char_indices() {
        if is_stop(&text[from + i..]) {
            return from + i + 1;
        }
    }
    text.len()
}

/// Whether a context has fewer than [`MIN_CONTEXT`] characters (counting stops there).
fn is_short(context: &str) -> bool {
    context.trim().chars().take(MIN_CONTEXT).count() < MIN_CONTEXT
}

/// The sentence around `start..end`; when it is shorter than [`MIN_CONTEXT`], the
/// sentences after it (then before it) are taken in until it is not.
fn sentence_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    let (mut s, mut e) = (sentence_start(text, start), sentence_end(text, end));
    while is_short(&text[s..e]) {
        if e < text.len() {
            e = sentence_end(text, (e + 1).min(text.len()));
        } else if s > 0 {
            s = sentence_start(text, s.saturating_sub(2));
        } else {
            break;
        }
    }
    (s, e)
}

/// The sentence of `text` around `start..end` (its [`sentence_bounds`]), escaped, with
/// the mention marked.
fn sentence_html(text: &str, start: usize, end: usize, (s_start, s_end): (usize, usize)) -> String {
    const MAX: usize = 220;
    let (mut before, mention, mut after) =
        (text[s_start..start].to_string(), &text[start..end], text[end..s_end].to_string());
    if before.len() + after.len() > MAX {
        let half = MAX / 2;
        if before.len() > half {
            let cut = before.len() - half;
            let cut = (cut..before.len()).find(|&i| before.is_char_boundary(i)).unwrap_or(before.len());
            before = format!("…{}", before[cut..].trim_start());
        }
        if after.len() > half {
            let cut = (0..=half).rev().find(|&i| after.is_char_boundary(i)).unwrap_or(0);
            after = format!("{}…", after[..cut].trim_end());
        }
    }
    let after = after.trim_end();
    let after = after.strip_suffix(JOIN.trim_end()).unwrap_or(after).trim_end();
    format!("{}<mark>{}</mark>{}", escape_html(before.trim_start()), escape_html(mention), escape_html(after))
}

#[cfg(test)]
mod tests {
    use super::{sentence_bounds, sentence_html};

    #[test]
    fn cuts_the_sentence_around_the_mention() {
        let text = "First sentence. Data goes to Kinesis Data Streams for replay. Last one.";
        let start = text.find("Kinesis").unwrap();
        assert_eq!(
            sentence_html(text, start, start + 20, sentence_bounds(text, start, start + 20)),
            "Data goes to <mark>Kinesis Data Streams</mark> for replay."
        );
    }

    #[test]
    fn a_short_sentence_takes_in_the_next() {
        let text = "Kinesis Data Streams (KDS): · Shards hold the records for a day. Other.";
        assert_eq!(
            sentence_html(text, 0, 20, sentence_bounds(text, 0, 20)),
            "<mark>Kinesis Data Streams</mark> (KDS): · Shards hold the records for a day."
        );
    }
}
