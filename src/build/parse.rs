//! Stage 2, parse: each note's Markdown is parsed once into an owned event list. Code is
//! highlighted, quizzes validated, callouts and footnotes shaped, headings given ids;
//! links are recorded with their lines for the link stage to resolve and check.

pub mod compare;
pub mod events;
pub mod highlight;
pub mod lexer;
pub mod obsidian;
pub mod quiz;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, TextMergeWithOffset,
};

use crate::build::parse::highlight::highlight;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::html::escape_html;
pub use events::Events;
use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::build::load::{ComparisonFile, SourceNote};
use crate::build::memo::Memo;
use crate::diagnostics::Diagnostics;
use quiz::Question;

/// Parsed notes by source path, valid while the file's content hash is the same.
pub type ParseCache = Memo<String, (Arc<ParsedNote>, Vec<Diagnostic>)>;

/// Stage 2 for the whole site: every note parsed once, in parallel. A note whose text
/// is unchanged since the last build (same content hash) is taken from `memo`.
pub fn parse_notes(
    notes: Vec<SourceNote>,
    memo: &mut ParseCache,
    diags: &mut Diagnostics,
) -> Vec<(SourceNote, Arc<ParsedNote>)> {
    let previous = memo.take();
    let parsed: Vec<(SourceNote, Arc<ParsedNote>, Vec<Diagnostic>)> = notes
        .into_par_iter()
        .map(|note| match previous.get(&note.rel_path, note.hash) {
            Some((p, d)) => (note, Arc::clone(p), d.clone()),
            None => {
                let (p, d) = parse(&note);
                (note, Arc::new(p), d)
            }
        })
        .collect();
    let mut out = Vec::with_capacity(parsed.len());
    for (note, p, d) in parsed {
        diags.extend(d.iter().cloned());
        memo.insert(note.rel_path.clone(), note.hash, (Arc::clone(&p), d));
        out.push((note, p));
    }
    out
}

/// The comparison files, parsed; the tables by name. A file that fails is added to
/// `broken` (as `_comparisons/NAME`), so notes embedding it are not reported again.
pub fn parse_tables(
    files: &[ComparisonFile],
    broken: &mut Vec<String>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, compare::Table> {
    let mut tables = BTreeMap::new();
    for file in files {
        match compare::parse(file) {
            Ok(t) => {
                tables.insert(t.name.clone(), t);
            }
            Err(ds) => {
                broken.push(format!("{}/{}", crate::build::load::COMPARISONS_DIR, file.name));
                diags.extend(ds)
            }
        }
    }
    tables
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_DEFINITION_LIST
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    #[serde(skip)]
    pub line: usize,
    /// Index of its `Start(Heading)` event (where its section begins).
    #[serde(skip)]
    pub event: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Link,
    Wiki,
    Image,
    /// An inline `#tag`, linked to the tags page.
    Tag,
}

/// A link or image destination as the author wrote it, for the link stage.
#[derive(Debug, Clone)]
pub struct LinkRef {
    /// Index of the `Start(Link|Image)` event.
    pub event: usize,
    pub kind: LinkKind,
    pub dest: String,
    pub line: usize,
    pub col: usize,
}

/// An Obsidian embed `![[target|label]]`: an image, file or another note's text,
/// decided by the link stage. Its event is an empty placeholder.
#[derive(Debug, Clone)]
pub struct EmbedRef {
    pub event: usize,
    pub target: String,
    /// What follows `|`: a size (`300`, `300x200`) for images, else a caption.
    pub label: Option<String>,
    pub line: usize,
    pub col: usize,
}

/// A paragraph or list item with a block id (`^id`), as its events `start..=end`.
#[derive(Debug, Clone)]
pub struct Block {
    pub id: String,
    pub start: usize,
    pub end: usize,
}

/// A ```` ```compare NAME ``` ```` block waiting for its table.
#[derive(Debug, Clone)]
pub struct CompareRef {
    pub event: usize,
    pub name: String,
    pub line: usize,
}

#[derive(Debug, Default, Clone)]
pub struct ParsedNote {
    pub events: Events,
    pub headings: Vec<Heading>,
    pub quizzes: Vec<Question>,
    /// The questions of each quiz block, in order; block `n` sits at `quiz::placeholder(n)`.
    pub quiz_blocks: Vec<std::ops::Range<usize>>,
    pub links: Vec<LinkRef>,
    pub compares: Vec<CompareRef>,
    /// Ids of footnotes and their references, which links may point at too.
    pub footnote_ids: Vec<String>,
    pub words: usize,
    pub embeds: Vec<EmbedRef>,
    pub blocks: Vec<Block>,
    /// Inline `#tags` (with the tags nested ones sit under), in order, without repeats.
    pub tags: Vec<String>,
    /// The page needs Mermaid to draw a diagram.
    pub has_mermaid: bool,
}

/// A note being parsed: its events as a plain list until they are stored compactly.
pub(crate) struct Draft {
    events: Vec<Event<'static>>,
    note: ParsedNote,
}

impl std::ops::Deref for Draft {
    type Target = ParsedNote;
    fn deref(&self) -> &ParsedNote {
        &self.note
    }
}

impl std::ops::DerefMut for Draft {
    fn deref_mut(&mut self) -> &mut ParsedNote {
        &mut self.note
    }
}

/// Ids the built-in page layout gives its own elements. A heading gets another id
/// (`main-1`); an explicit `{#main}` is an error, since its link would jump elsewhere.
pub const THEME_IDS: &[&str] = &["main", "search-input", "site-nav", "backlinks-title", "related-title"];

/// A footnote's number, the id of its text, and the id its back link returns to.
struct Footnote {
    number: usize,
    id: String,
    first_ref: String,
}

pub fn parse(note: &SourceNote) -> (ParsedNote, Vec<Diagnostic>) {
    parse_body(&note.rel_path, &note.text, note.body_offset, note_slug(&note.id))
}

fn note_slug(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
}

/// Parses `text[body_offset..]`; positions in diagnostics refer to the whole `text`.
// Longer than most functions on purpose: one pass over the event stream, each arm one
// Markdown construct sharing the pass's state (ids in use, footnotes, open callouts).
pub fn parse_body(file: &str, text: &str, body_offset: usize, slug: &str) -> (ParsedNote, Vec<Diagnostic>) {
    // U+0000 becomes a space (same length, so positions hold): it is no text, and the
    // page HTML uses it to mark where quizzes go (`quiz::placeholder`).
    // `%%comments%%` are blanked out the same way, so they reach neither page nor search.
    let cleaned;
    let body = match &text[body_offset..] {
        b if b.contains('\0') || b.contains("%%") => {
            let b = b.replace('\0', " ");
            cleaned = obsidian::strip_comments(&b).unwrap_or(b);
            cleaned.as_str()
        }
        b => b,
    };
    let lines = LineIndex::new(text);
    let mut diags = Vec::new();
    let mut out = Draft { events: Vec::new(), note: ParsedNote::default() };
    let mut used_ids: std::collections::HashMap<String, usize> =
        THEME_IDS.iter().map(|id| (id.to_string(), 0)).collect();
    let mut footnotes = std::collections::HashMap::<String, Footnote>::new();
    // What closes each open block quote: a callout's own tag, or `None` for a plain quote.
    let mut closers: Vec<Option<&'static str>> = Vec::new();
    // Where each open paragraph or list item starts, for block ids.
    let mut block_starts: Vec<usize> = Vec::new();
    // Inside a link or image text: no tags or highlights there.
    let mut link_depth = 0usize;

    let mut iter = TextMergeWithOffset::new(Parser::new_ext(body, options()).into_offset_iter()).peekable();
    while let Some((event, range)) = iter.next() {
        let at = body_offset + range.start;
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                // Gather the heading's inline events to know its text, then give it an id.
                let mut inner = Vec::new();
                // Links in the heading (`### [[Properties]]`), checked and resolved like any.
                let mut heading_links = Vec::new();
                for (e, r) in iter.by_ref() {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    if let Event::Start(Tag::Link { link_type, dest_url, .. }) = &e {
                        if *link_type != LinkType::Email {
                            let kind = if matches!(link_type, LinkType::WikiLink { .. }) {
                                LinkKind::Wiki
                            } else {
                                LinkKind::Link
                            };
                            let (line, col) = lines.line_col(body_offset + r.start);
                            heading_links.push((inner.len(), kind, dest_url.to_string(), line, col));
                        }
                    }
                    inner.push(e.into_static());
                }
                let text_content = plain_text(&inner);
                let (line, _) = lines.line_col(at);
                if let Some(explicit) = id.as_deref().filter(|i| THEME_IDS.contains(i)) {
                    diags.push(
                        Diagnostic::new(
                            file,
                            line,
                            1,
                            format!("the heading id `{explicit}` is taken by the theme's page layout"),
                        )
                        .with_source(crate::diagnostics::line_text(text, line))
                        .with_help(format!(
                            "choose another id, e.g. `{{#{explicit}-section}}`; the theme uses {}",
                            THEME_IDS.join(", ")
                        )),
                    );
                }
                let base = id.map(|i| i.to_string()).unwrap_or_else(|| crate::slug::heading_id(&text_content));
                let unique = unique_id(&mut used_ids, base);
                let event = out.events.len();
                out.headings.push(Heading {
                    level: level as u8,
                    id: unique.clone(),
                    text: text_content.clone(),
                    line,
                    event,
                });
                out.events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(unique.clone())),
                    classes: classes.into_iter().map(CowStr::into_static).collect(),
                    attrs: attrs.into_iter().map(|(k, v)| (k.into_static(), v.map(CowStr::into_static))).collect(),
                }));
                let base = out.events.len();
                for (k, kind, dest, line, col) in heading_links {
                    out.links.push(LinkRef { event: base + k, kind, dest, line, col });
                }
                out.events.extend(inner);
                if level != HeadingLevel::H1 {
                    out.events.push(Event::Html(CowStr::from(format!(
                        " <a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to the section {label}\">#</a>",
                        id = escape_html(&unique),
                        label = escape_html(&text_content)
                    ))));
                }
                out.events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match &kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                let mut content_start = None;
                for (e, r) in iter.by_ref() {
                    match e {
                        Event::Text(t) => {
                            content_start.get_or_insert(body_offset + r.start);
                            code.push_str(&t);
                        }
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                // Any whitespace (not only ASCII) separates the language from the rest.
                let info = info.trim();
                let (lang, rest) =
                    info.split_once(|c: char| c.is_whitespace() || c == ',' || c == '{').unwrap_or((info, ""));
                let lang = lang.to_string();
                match lang.as_str() {
                    "quiz" => {
                        let offset = content_start.unwrap_or(at);
                        match quiz::parse(file, text, &code, offset, slug, out.quizzes.len()) {
                            Ok(qs) => {
                                let start = out.quizzes.len();
                                out.events.push(Event::Html(CowStr::from(quiz::placeholder(out.quiz_blocks.len()))));
                                out.quizzes.extend(qs);
                                let end = out.quizzes.len();
                                out.quiz_blocks.push(start..end);
                            }
                            Err(ds) => diags.extend(ds),
                        }
                    }
                    "mermaid" => {
                        out.has_mermaid = true;
                        out.events.push(Event::Html(CowStr::from(obsidian::mermaid(&code))));
                    }
                    "compare" => {
                        let name = rest.trim();
                        let name = if name.is_empty() { code.trim() } else { name };
                        let (line, _) = lines.line_col(at);
                        let event = out.events.len();
                        out.compares.push(CompareRef { event, name: name.to_string(), line });
                        out.events.push(Event::Html(CowStr::Borrowed("")));
                    }
                    _ => {
                        let class = if lang.is_empty() {
                            String::new()
                        } else {
                            format!(" class=\"language-{}\"", escape_html(&lang))
                        };
                        let data = if lang.is_empty() {
                            String::new()
                        } else {
                            format!(" data-lang=\"{}\"", escape_html(&lang))
                        };
                        out.events.push(Event::Html(CowStr::from(format!(
                            "<pre class=\"code\"{data}><code{class}>{}</code></pre>\n",
                            highlight(&code, &lang)
                        ))));
                    }
                }
            }
            Event::Start(Tag::BlockQuote(_)) => {
                let line_end = body[range.start..].find('\n').map_or(body.len(), |i| range.start + i);
                match obsidian::callout(&body[range.start..line_end]) {
                    Some(c) => {
                        let (open, close) = c.html();
                        out.events.push(Event::Html(CowStr::from(open)));
                        closers.push(Some(close));
                        obsidian::skip_callout_line(&mut iter, line_end, &mut out, &mut block_starts);
                    }
                    None => {
                        closers.push(None);
                        out.events.push(Event::Start(Tag::BlockQuote(None)));
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => match closers.pop().flatten() {
                Some(close) => out.events.push(Event::Html(CowStr::Borrowed(close))),
                None => out.events.push(Event::End(TagEnd::BlockQuote(None))),
            },
            Event::Start(tag @ (Tag::Paragraph | Tag::Item)) => {
                block_starts.push(out.events.len());
                out.events.push(Event::Start(if tag == Tag::Item { Tag::Item } else { Tag::Paragraph }));
            }
            Event::End(end @ (TagEnd::Paragraph | TagEnd::Item)) => {
                if let Some(start) = block_starts.pop() {
                    obsidian::attach_block_id(&mut out, start, if end == TagEnd::Item { "li" } else { "p" });
                }
                out.events.push(Event::End(end));
            }
            Event::Start(Tag::Image { link_type: LinkType::WikiLink { has_pothole }, dest_url, .. }) => {
                let mut label = String::new();
                for (e, _) in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::Image) => break,
                        Event::Text(t) | Event::Code(t) => label.push_str(&t),
                        _ => {}
                    }
                }
                let (line, col) = lines.line_col(at);
                let label = has_pothole.then_some(label);
                let event = out.events.len();
                out.embeds.push(EmbedRef { event, target: dest_url.to_string(), label, line, col });
                out.events.push(Event::Html(CowStr::Borrowed("")));
            }
            Event::Start(Tag::Link { link_type: LinkType::Email, dest_url, title, id }) => {
                // `<name@example.com>`: a `mailto:` link, nothing to resolve.
                link_depth += 1;
                out.events.push(Event::Start(Tag::Link {
                    link_type: LinkType::Email,
                    dest_url: dest_url.into_static(),
                    title: title.into_static(),
                    id: id.into_static(),
                }));
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                link_depth = link_depth.saturating_sub(1);
                out.events.push(Event::End(end));
            }
            // `$5-$10` is two prices, not math: a closing `$` right before a digit does not
            // close (the rule Pandoc uses).
            Event::InlineMath(tex) if body[range.end..].starts_with(|c: char| c.is_ascii_digit()) => {
                out.events.push(Event::Text(CowStr::from(format!("${tex}$"))));
            }
            Event::InlineMath(tex) | Event::DisplayMath(tex) => {
                let display = body[range.clone()].starts_with("$$");
                let (html, error) = obsidian::math(&tex, display);
                if let Some(e) = error {
                    diags.push(
                        lines
                            .diagnostic(file, at, format!("this math is not valid LaTeX: {e}"))
                            .with_help(
                                "the page shows the error in place of the formula; fix the LaTeX between the `$` signs",
                            )
                            .warning(),
                    );
                }
                out.events.push(Event::Html(CowStr::from(html)));
            }
            Event::FootnoteReference(label) => {
                let note = footnote(&mut footnotes, &mut used_ids, &label);
                let (n, target) = (note.number, note.id.clone());
                // The first reference takes the id the back link returns to; others get their own.
                let ref_id = if out.footnote_ids.contains(&note.first_ref) {
                    unique_id(&mut used_ids, note.first_ref.clone())
                } else {
                    note.first_ref.clone()
                };
                out.footnote_ids.push(ref_id.clone());
                out.events.push(Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-ref\" id=\"{}\"><a href=\"#{}\" aria-label=\"Footnote {n}\">{n}</a></sup>",
                    escape_html(&ref_id),
                    escape_html(&target)
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let note = footnote(&mut footnotes, &mut used_ids, &label);
                out.footnote_ids.push(note.id.clone());
                out.events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote\" id=\"{}\"><span class=\"footnote-label\">{}.</span> <a class=\"footnote-back\" href=\"#{}\" aria-label=\"Back to the text\">↩</a>\n",
                    escape_html(&note.id),
                    note.number,
                    escape_html(&note.first_ref)
                ))));
            }
            Event::End(TagEnd::FootnoteDefinition) => out.events.push(Event::Html(CowStr::Borrowed("</div>\n"))),
            Event::Start(Tag::Table(align)) => {
                out.events.push(Event::Html(CowStr::Borrowed("<div class=\"table-wrap\">\n")));
                out.events.push(Event::Start(Tag::Table(align)));
            }
            Event::End(TagEnd::Table) => {
                out.events.push(Event::End(TagEnd::Table));
                out.events.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                link_depth += 1;
                let kind = if matches!(link_type, LinkType::WikiLink { .. }) { LinkKind::Wiki } else { LinkKind::Link };
                let (line, col) = lines.line_col(at);
                let event = out.events.len();
                out.links.push(LinkRef { event, kind, dest: dest_url.to_string(), line, col });
                out.events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest_url.into_static(),
                    title: title.into_static(),
                    id: id.into_static(),
                }));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                link_depth += 1;
                let (line, col) = lines.line_col(at);
                let event = out.events.len();
                out.links.push(LinkRef { event, kind: LinkKind::Image, dest: dest_url.to_string(), line, col });
                out.events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest_url.into_static(),
                    title: title.into_static(),
                    id: id.into_static(),
                }));
            }
            Event::Text(t) => {
                out.words += t.split_whitespace().count();
                if link_depth == 0 && (t.contains("==") || t.contains('#')) {
                    let (line, col) = lines.line_col(at);
                    obsidian::push_prose(&mut out, &t, line, col);
                } else {
                    out.events.push(Event::Text(t.into_static()));
                }
            }
            Event::TaskListMarker(done) => {
                let checked = if done { " checked" } else { "" };
                let label = if done { "done" } else { "not done" };
                out.events.push(Event::Html(CowStr::from(format!(
                    "<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "
                ))));
            }
            other => out.events.push(other.into_static()),
        }
    }
    let headings = out.headings.iter().map(|h| (h.id.as_str(), h.line));
    diags.extend(quiz::check_ids(file, text, &out.quizzes, headings));
    // Every note's events stay in memory until the link stage: compactly.
    let Draft { events, mut note } = out;
    note.events = Events::from(events);
    (note, diags)
}

/// The footnote of `label`, numbered in order of first appearance, with ids that no
/// heading or other footnote on the page has (labels `a b` and `a-b` stay apart).
fn footnote<'f>(
    footnotes: &'f mut std::collections::HashMap<String, Footnote>,
    used: &mut std::collections::HashMap<String, usize>,
    label: &str,
) -> &'f Footnote {
    let number = footnotes.len() + 1;
    footnotes.entry(label.to_string()).or_insert_with(|| {
        // `[^dur]` keeps a readable id (`#fn-dur`) that links elsewhere can use.
        let slug = crate::slug::slugify(label);
        let name = if slug.is_empty() { number.to_string() } else { slug };
        Footnote {
            number,
            id: unique_id(used, format!("fn-{name}")),
            first_ref: unique_id(used, format!("fnref-{name}")),
        }
    })
}

fn unique_id(used: &mut std::collections::HashMap<String, usize>, base: String) -> String {
    let Some(&count) = used.get(&base) else {
        used.insert(base.clone(), 0);
        return base;
    };
    let mut n = count;
    loop {
        n += 1;
        let candidate = format!("{base}-{n}");
        if !used.contains_key(&candidate) {
            used.insert(base, n);
            used.insert(candidate.clone(), 0);
            return candidate;
        }
    }
}

/// The visible text of inline events (for heading ids and the table of contents).
pub fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// Renders events to HTML; each is moved into the writer, not copied (strings and all).
pub fn to_html(events: Vec<Event<'static>>) -> String {
    let mut html = String::with_capacity(events.len() * 24);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}
