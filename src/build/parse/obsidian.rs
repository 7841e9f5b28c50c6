//! Obsidian's additions to Markdown, as the parse stage meets them: `%%comments%%`,
//! callouts (`> [!faq]- Title`), `==highlights==`, inline `#tags`, block ids (`^id`),
//! math (`$…$`, `$$…$$`, rendered to MathML here, at build time) and Mermaid blocks.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::{Block, Draft, LinkKind, LinkRef};
use crate::html::escape_html;

/// `text` with every `%%comment%%` blanked out (newlines kept, so lines and columns of
/// what follows still hold), outside code; `None` when there is no comment.
pub fn strip_comments(text: &str) -> Option<String> {
    if !text.contains("%%") {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut in_comment = false;
    let mut fence: Option<String> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if !in_comment {
            if let Some(f) = &fence {
                if trimmed.starts_with(f.as_str()) {
                    fence = None;
                }
                out.push_str(line);
                continue;
            }
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                let marker: String = trimmed.chars().take_while(|&c| c == '`' || c == '~').collect();
                fence = Some(marker);
                out.push_str(line);
                continue;
            }
        }
        let mut in_code = false;
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !in_comment && c == '`' {
                in_code = !in_code;
            }
            if !in_code && c == '%' && line[i + 1..].starts_with('%') {
                chars.next();
                in_comment = !in_comment;
                out.push_str("  ");
                continue;
            }
            if in_comment && c != '\n' && c != '\r' {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            } else {
                out.push(c);
            }
        }
    }
    Some(out)
}

/// A callout's first line: `> [!type]` with an optional `+`/`-` (folding) and title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callout {
    /// Lower case: `faq`, `note`, or any name the author chose.
    pub kind: String,
    /// `None`: not foldable; `Some(true)`: folded open (`+`); `Some(false)`: closed (`-`).
    pub fold: Option<bool>,
    pub title: String,
}

/// The callout a block quote's first source line opens, if it opens one.
pub fn callout(first_line: &str) -> Option<Callout> {
    let rest = first_line.trim_start().strip_prefix('>')?.trim_start();
    let rest = rest.strip_prefix("[!")?;
    let (kind, rest) = rest.split_once(']')?;
    let kind = kind.trim().to_lowercase();
    if kind.is_empty() || kind.chars().any(|c| c.is_whitespace() || c == '[') {
        return None;
    }
    let (fold, rest) = match rest.chars().next() {
        Some('+') => (Some(true), &rest[1..]),
        Some('-') => (Some(false), &rest[1..]),
        _ => (None, rest),
    };
    let title = rest.trim().trim_end_matches('\r').to_string();
    let title = if title.is_empty() {
        let mut c = kind.chars();
        c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
    } else {
        title
    };
    Some(Callout { kind, fold, title })
}

impl Callout {
    /// The opening HTML, and the closing tag that goes with it.
    pub fn html(&self) -> (String, &'static str) {
        let class = crate::slug::slugify(&self.kind);
        let title = escape_html(&self.title);
        match self.fold {
            None => (
                format!(
                    "<div class=\"callout callout-{class}\" role=\"note\" aria-label=\"{title}\">\n<p class=\"callout-title\">{title}</p>\n"
                ),
                "</div>\n",
            ),
            Some(open) => (
                format!(
                    "<details class=\"callout callout-{class} callout-foldable\" data-callout=\"{class}\"{}>\n<summary class=\"callout-title\">{title}</summary>\n",
                    if open { " open" } else { "" }
                ),
                "</details>\n",
            ),
        }
    }
}

/// A block id at the end of a paragraph or list item (`… ^my-id`): the text before it
/// (trimmed) and the id.
pub fn block_id(text: &str) -> Option<(&str, &str)> {
    let trimmed = text.trim_end();
    let at = trimmed.rfind('^')?;
    let id = &trimmed[at + 1..];
    let before = &trimmed[..at];
    let valid = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    (valid && (before.is_empty() || before.ends_with(char::is_whitespace))).then(|| (before.trim_end(), id))
}

/// The element id of a block id: `^abc` → `block-abc`.
pub fn block_anchor(id: &str) -> String {
    format!("block-{id}")
}

/// A piece of prose text after highlights and inline tags are found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Mark(&'a str),
    Tag(&'a str),
}

/// Splits prose into plain text, `==highlights==` and `#tags` (a tag starts after a
/// space or the start, and is letters, digits, `_`, `-` and `/`, not only digits).
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        if bytes[i] == b'=' && text[i..].starts_with("==") {
            let inner_start = i + 2;
            if let Some(len) = text[inner_start..].find("==") {
                let inner = &text[inner_start..inner_start + len];
                if !inner.is_empty() && !inner.starts_with(' ') && !inner.ends_with(' ') {
                    push_text(&mut out, &text[start..i]);
                    out.push(Piece::Mark(inner));
                    i = inner_start + len + 2;
                    start = i;
                    continue;
                }
            }
        }
        if bytes[i] == b'#' && (i == 0 || text[..i].ends_with(char::is_whitespace)) {
            let len = text[i + 1..]
                .char_indices()
                .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '/')))
                .map_or(text.len() - i - 1, |(n, _)| n);
            let tag = text[i + 1..i + 1 + len].trim_end_matches('/');
            if !tag.is_empty() && !tag.chars().all(|c| c.is_ascii_digit()) {
                push_text(&mut out, &text[start..i]);
                out.push(Piece::Tag(tag));
                i += 1 + tag.len();
                start = i;
                continue;
            }
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    push_text(&mut out, &text[start..]);
    out
}

fn push_text<'a>(out: &mut Vec<Piece<'a>>, s: &'a str) {
    if !s.is_empty() {
        out.push(Piece::Text(s));
    }
}

/// A nested tag and the tags it sits under: `a/b/c` → `a`, `a/b`, `a/b/c`.
pub fn tag_and_parents(tag: &str) -> impl Iterator<Item = String> + '_ {
    tag.match_indices('/').map(|(i, _)| tag[..i].to_string()).chain(std::iter::once(tag.to_string()))
}

/// LaTeX as MathML (no script needed in the browser), and the parser's complaint if the
/// LaTeX is not valid (the MathML then shows the error in place).
pub fn math(tex: &str, display: bool) -> (String, Option<String>) {
    use pulldown_latex::config::DisplayMode;
    let storage = pulldown_latex::Storage::new();
    let events: Vec<_> = pulldown_latex::Parser::new(tex, &storage).collect();
    let error = events.iter().find_map(|e| e.as_ref().err().map(|e| e.to_string()));
    let config = pulldown_latex::RenderConfig {
        display_mode: if display { DisplayMode::Block } else { DisplayMode::Inline },
        ..Default::default()
    };
    let mut html = String::new();
    if pulldown_latex::push_mathml(&mut html, events.into_iter(), config).is_err() {
        html = format!("<code class=\"math-source\">{}</code>", escape_html(tex));
    }
    (html, error.map(|e| e.lines().next().unwrap_or("").to_string()))
}

/// A Mermaid diagram: its source, drawn in the browser by the vendored Mermaid.
pub fn mermaid(code: &str) -> String {
    format!("<pre class=\"mermaid\">{}</pre>\n", escape_html(code))
}

/// Drops the events of a callout's first line (`[!type] Title`), which the callout's
/// title replaces; the rest of that paragraph, if any, stays a paragraph.
pub(super) fn skip_callout_line<'a, I>(
    iter: &mut std::iter::Peekable<I>,
    line_end: usize,
    out: &mut Draft,
    block_starts: &mut Vec<usize>,
) where
    I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
{
    if !matches!(iter.peek(), Some((Event::Start(Tag::Paragraph), _))) {
        return;
    }
    iter.next();
    while let Some((e, r)) = iter.peek() {
        if matches!(e, Event::End(TagEnd::Paragraph)) || r.start > line_end {
            break;
        }
        iter.next();
    }
    if matches!(iter.peek(), Some((Event::End(TagEnd::Paragraph), _))) {
        iter.next();
    } else {
        block_starts.push(out.events.len());
        out.events.push(Event::Start(Tag::Paragraph));
    }
}

/// A block id (`^id`) ending the paragraph or list item that starts at event `start`:
/// taken out of the text and set as the element's id.
pub(super) fn attach_block_id(out: &mut Draft, start: usize, tag: &str) {
    let Some(Event::Text(last)) = out.events.last() else { return };
    let Some((before, id)) = block_id(last) else { return };
    let (before, id) = (before.to_string(), id.to_string());
    if before.is_empty() {
        out.events.pop();
    } else if let Some(last) = out.events.last_mut() {
        *last = Event::Text(CowStr::from(before));
    }
    if start < out.events.len() {
        let anchor = escape_html(&block_anchor(&id));
        out.events[start] = Event::Html(CowStr::from(format!("<{tag} id=\"{anchor}\">")));
        let end = out.events.len();
        out.blocks.push(Block { id, start, end });
    }
}

/// Prose text with its `==highlights==` as `<mark>` and its `#tags` as links to the tags page.
pub(super) fn push_prose(out: &mut Draft, text: &str, line: usize, col: usize) {
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => out.events.push(Event::Text(CowStr::from(t.to_string()))),
            Piece::Mark(t) => {
                out.events.push(Event::Html(CowStr::Borrowed("<mark>")));
                out.events.push(Event::Text(CowStr::from(t.to_string())));
                out.events.push(Event::Html(CowStr::Borrowed("</mark>")));
            }
            Piece::Tag(tag) => {
                for t in tag_and_parents(tag) {
                    if !out.tags.contains(&t) {
                        out.tags.push(t);
                    }
                }
                let event = out.events.len();
                out.links.push(LinkRef { event, kind: LinkKind::Tag, dest: tag.to_string(), line, col });
                out.events.push(Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: CowStr::Borrowed(""),
                    title: CowStr::Borrowed(""),
                    id: CowStr::Borrowed(""),
                }));
                out.events.push(Event::Text(CowStr::from(format!("#{tag}"))));
                out.events.push(Event::End(TagEnd::Link));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_blanked_outside_code() {
        let s = strip_comments("a %%hidden%% b\n`%%kept%%`\n%%\nmulti\n%%\n```\n%%x%%\n```\n").unwrap();
        assert!(!s.contains("hidden") && !s.contains("multi"), "{s}");
        assert!(s.contains("`%%kept%%`") && s.contains("%%x%%"), "{s}");
        assert_eq!(s.lines().count(), 8);
    }

    #[test]
    fn callout_lines() {
        let c = callout("> [!FAQ]- Why so?").unwrap();
        assert_eq!((c.kind.as_str(), c.fold, c.title.as_str()), ("faq", Some(false), "Why so?"));
        assert_eq!(callout("> [!tip]").unwrap().title, "Tip");
        assert_eq!(callout("> [!custom-type]+").unwrap().fold, Some(true));
        assert_eq!(callout("> plain quote"), None);
    }

    #[test]
    fn block_ids_and_pieces() {
        assert_eq!(block_id("Some text ^ab-1"), Some(("Some text", "ab-1")));
        assert_eq!(block_id("x^2"), None);
        assert_eq!(
            pieces("a ==b c== #tag/sub and #12 C#"),
            [
                Piece::Text("a "),
                Piece::Mark("b c"),
                Piece::Text(" "),
                Piece::Tag("tag/sub"),
                Piece::Text(" and #12 C#")
            ]
        );
        assert_eq!(tag_and_parents("a/b").collect::<Vec<_>>(), ["a", "a/b"]);
    }

    #[test]
    fn math_is_mathml() {
        let (html, err) = math("x^2", false);
        assert!(html.starts_with("<math") && html.contains("<msup>"), "{html}");
        assert!(err.is_none());
        assert!(math("\\frac{a", true).1.is_some());
    }
}
