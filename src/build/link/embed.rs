//! Obsidian embeds, `![[target]]`: attachments become images, PDFs, audio and video
//! (`|300` or `|300x200` sets the size, a fragment such as `#icon` becomes a class);
//! notes, their sections (`#Heading`) and blocks (`#^id`) are transcluded: rendered in
//! place with their links made relative to the embedding page. A chain of embeds that
//! comes back to itself is cut there (a link instead) and reported with the files.

use pulldown_cmark::{CowStr, Event, Tag};

use super::resolve::{file_extension, Found};
use super::{resolve_links, split_fragment, unlink, Index, LinkSource};
use crate::build::parse::{quiz, EmbedRef, LinkKind, LinkRef, ParsedNote};
use crate::build::site::Site;
use crate::diagnostics::Diagnostic;
use crate::html::{encode_path, escape_html};

/// The page embeds are rendered into.
pub(super) struct Page<'a> {
    pub site: &'a Site,
    pub index: &'a Index,
    /// Relative path from the page back to the site root.
    pub root: &'a str,
    /// The note whose page it is; `None` for a category's introduction.
    pub page: Option<usize>,
}

/// One embed being rendered: the note it is in and its event there (the way out).
#[derive(Clone, Copy)]
pub(super) struct Frame {
    note: usize,
    event: usize,
    line: usize,
    col: usize,
}

const IMAGE: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "ico"];
const AUDIO: &[&str] = &["mp3", "wav", "m4a", "ogg", "oga", "flac", "3gp"];
const VIDEO: &[&str] = &["mp4", "webm", "ogv", "mov", "mkv"];
/// Transclusions nested deeper than this are shown as links.
const MAX_DEPTH: usize = 8;

/// Renders the embeds found in `events` (which start at event `offset` of the text of
/// `src`, note `from` or a category introduction). Problems are reported only for the
/// page's own embeds (`stack` empty): a transcluded note reports its own on its page.
#[allow(clippy::too_many_arguments)]
pub(super) fn embeds(
    page: &Page,
    src: &LinkSource,
    from: Option<usize>,
    list: &[EmbedRef],
    offset: usize,
    events: &mut [Event<'static>],
    stack: &mut Vec<Frame>,
    diags: &mut Vec<Diagnostic>,
) {
    let dir = src.dir;
    for e in list {
        let (name, frag) = split_fragment(&e.target);
        let name = name.trim().trim_end_matches('\\').trim();
        let frag = frag.map(|f| f.trim_end_matches('\\').trim()).filter(|f| !f.is_empty());
        let found = if name.is_empty() {
            from.map(|f| super::resolve::Resolution { found: Found::Note(f), tie: None })
                .ok_or_else(|| "a category introduction has no sections to embed".to_string())
        } else {
            page.index.find(name, dir)
        };
        let html = match found {
            Ok(r) => {
                if let (Some(tie), true) = (r.tie, stack.is_empty()) {
                    diags.push(src.at(e.line, e.col, tie).with_help("write more of the path to choose one").warning());
                }
                match r.found {
                    Found::Asset(rel) => asset_html(page.root, &rel, frag, e.label.as_deref()),
                    Found::Note(i) => {
                        let frame =
                            Frame { note: from.unwrap_or(usize::MAX), event: e.event, line: e.line, col: e.col };
                        transclude(page, i, frag, frame, stack, diags).unwrap_or_else(|msg| {
                            if stack.is_empty() {
                                diags.push(problem(src, e, page.index, &msg));
                            }
                            String::new()
                        })
                    }
                }
            }
            Err(msg) => {
                if stack.is_empty() {
                    diags.push(problem(src, e, page.index, &msg));
                }
                format!("<span class=\"unresolved\">{}</span>", escape_html(&e.target))
            }
        };
        let at = e.event - offset;
        let html = if html.starts_with("<div") && !unwrap_paragraph(events, at) && in_paragraph(events, at) {
            // Between other content of a paragraph: the paragraph stops around it.
            format!("</p>\n{html}<p>")
        } else {
            html
        };
        if let Some(slot) = events.get_mut(at) {
            *slot = Event::Html(CowStr::from(html));
        }
    }
}

/// A transcluded note alone in its paragraph takes the paragraph's place (a `<div>`
/// may not sit inside a `<p>`).
fn unwrap_paragraph(events: &mut [Event<'static>], at: usize) -> bool {
    let before = at.checked_sub(1).and_then(|i| events.get(i));
    let alone = matches!(before, Some(Event::Start(Tag::Paragraph)))
        && matches!(events.get(at + 1), Some(Event::End(pulldown_cmark::TagEnd::Paragraph)));
    if alone {
        events[at - 1] = Event::Html(CowStr::Borrowed(""));
        events[at + 1] = Event::Html(CowStr::Borrowed(""));
    }
    alone
}

/// Whether event `at` lies inside a paragraph (not a list item's or table cell's text).
fn in_paragraph(events: &[Event<'static>], at: usize) -> bool {
    for e in events[..at].iter().rev() {
        match e {
            Event::Start(Tag::Paragraph) => return true,
            Event::Html(h) if h.starts_with("<p id=") => return true,
            Event::Start(_) | Event::End(_) if !is_inline(e) => return false,
            _ => {}
        }
    }
    false
}

fn is_inline(e: &Event) -> bool {
    use pulldown_cmark::TagEnd as E;
    matches!(
        e,
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. })
            | Event::End(E::Emphasis | E::Strong | E::Strikethrough | E::Link | E::Image)
    )
}

/// An embed nothing answers to: an error, or a warning with `[links] unresolved = "warn"`.
fn problem(src: &LinkSource, e: &EmbedRef, index: &Index, msg: &str) -> Diagnostic {
    let d = src.at(e.line, e.col, format!("broken embed: {msg}")).with_help(
        "embed a file by its name (`![[image.png]]`) or a note by its name (`![[Note]]`, `![[Note#Heading]]`)",
    );
    if index.warn_unresolved {
        d.warning()
    } else {
        d
    }
}

/// `300` → width; `300x200` → width and height; anything else is the alt text.
fn size(label: Option<&str>) -> (Option<&str>, Option<&str>, Option<&str>) {
    let Some(l) = label.map(str::trim) else { return (None, None, None) };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    match l.split_once('x') {
        Some((w, h)) if digits(w) && digits(h) => (Some(w), Some(h), None),
        _ if digits(l) => (Some(l), None, None),
        _ => (None, None, Some(l)),
    }
}

fn asset_html(root: &str, rel: &str, frag: Option<&str>, label: Option<&str>) -> String {
    let src = escape_html(&format!("{root}{}", encode_path(rel)));
    let file = rel.rsplit('/').next().unwrap_or(rel);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let ext = file_extension(rel).unwrap_or_default();
    let (width, height, alt) = size(label);
    let dims = format!(
        "{}{}",
        width.map(|w| format!(" width=\"{w}\"")).unwrap_or_default(),
        height.map(|h| format!(" height=\"{h}\"")).unwrap_or_default()
    );
    let class = |base: &str| {
        let extra = frag.map(crate::slug::slugify).filter(|c| !c.is_empty());
        match extra {
            Some(c) => format!("{base} {c}"),
            None => base.to_string(),
        }
    };
    let title = escape_html(alt.unwrap_or(stem));
    let ext = ext.as_str();
    if IMAGE.contains(&ext) {
        format!("<img class=\"{}\" src=\"{src}\" alt=\"{title}\"{dims} loading=\"lazy\">", class("embed-image"))
    } else if ext == "pdf" {
        let page = frag.map(|f| format!("#{}", escape_html(f))).unwrap_or_default();
        format!("<iframe class=\"embed-pdf\" src=\"{src}{page}\" title=\"{title}\"{dims} loading=\"lazy\"></iframe>")
    } else if AUDIO.contains(&ext) {
        format!(
            "<audio class=\"{}\" src=\"{src}\" controls preload=\"metadata\" title=\"{title}\"></audio>",
            class("embed-audio")
        )
    } else if VIDEO.contains(&ext) {
        format!(
            "<video class=\"{}\" src=\"{src}\"{dims} controls preload=\"metadata\" title=\"{title}\"></video>",
            class("embed-video")
        )
    } else {
        format!("<a class=\"embed-file\" href=\"{src}\">{}</a>", escape_html(file))
    }
}

/// The events of note `i` that `frag` names: the whole note, a heading's section (up to
/// the next heading of the same or a higher level) or a block.
fn section(index: &Index, parsed: &ParsedNote, i: usize, frag: Option<&str>) -> Result<std::ops::Range<usize>, String> {
    let Some(frag) = frag else { return Ok(0..parsed.events.len()) };
    if let Some(id) = frag.strip_prefix('^') {
        let block = parsed.blocks.iter().find(|b| b.id == id);
        return block.map(|b| b.start..b.end + 1).ok_or_else(|| format!("`{}` has no block `^{id}`", index.ids[i]));
    }
    let h = index.heading_position(i, frag).ok_or_else(|| format!("`{}` has no heading `#{frag}`", index.ids[i]))?;
    let head = &parsed.headings[h];
    let end = parsed.headings[h + 1..].iter().find(|n| n.level <= head.level).map_or(parsed.events.len(), |n| n.event);
    Ok(head.event..end)
}

/// Note `i` (or its section) rendered for the page, or a link to it where the embed
/// would come back to itself.
fn transclude(
    page: &Page,
    i: usize,
    frag: Option<&str>,
    frame: Frame,
    stack: &mut Vec<Frame>,
    diags: &mut Vec<Diagnostic>,
) -> Result<String, String> {
    let note = &page.site.notes[i];
    let parsed = &note.parsed;
    let range = section(page.index, parsed, i, frag)?;
    stack.push(frame);
    let href = format!(
        "{}{}/{}",
        page.root,
        encode_path(&note.path),
        frag.and_then(|f| page.index.fragment(i, f).ok()).map(|a| format!("#{}", encode_path(&a))).unwrap_or_default()
    );
    let title = match frag {
        Some(f) => format!("{} › {}", note.title(), f.rsplit('#').next().unwrap_or(f).trim_start_matches('^')),
        None => note.title().to_string(),
    };
    let cycle = stack.iter().position(|f| f.note == i && range.contains(&f.event));
    if cycle.is_some() || stack.len() > MAX_DEPTH {
        if cycle == Some(0) {
            diags.push(cycle_warning(page, &stack[..], i));
        }
        stack.pop();
        return Ok(format!("<a class=\"embed-cut\" href=\"{}\">{}</a>", escape_html(&href), escape_html(&title)));
    }
    let mut events = parsed.events.to_vec(range.clone());
    strip_page_parts(parsed, &range, &mut events);
    let shift = |l: &LinkRef| LinkRef { event: l.event - range.start, ..l.clone() };
    let links: Vec<LinkRef> = parsed.links.iter().filter(|l| range.contains(&l.event)).map(shift).collect();
    let dir = note.source.id.rsplit_once('/').map_or("", |(d, _)| d);
    let src = LinkSource {
        file: &note.source.rel_path,
        text: &note.source.text,
        dir,
        root: page.root,
        self_index: Some(i),
        page: page.page,
    };
    let (_, _, _) = resolve_links(&src, &links, &mut events, page.index);
    // A link the note's own page reports as broken is plain text here.
    for l in &links {
        if l.kind != LinkKind::Tag
            && matches!(&events[l.event], Event::Start(Tag::Link { dest_url, .. }) if **dest_url == *l.dest && !l.dest.contains("://"))
        {
            unlink(&mut events, l.event);
        }
    }
    let inner: Vec<EmbedRef> = parsed.embeds.iter().filter(|e| range.contains(&e.event)).cloned().collect();
    embeds(page, &src, Some(i), &inner, range.start, &mut events, stack, diags);
    stack.pop();
    Ok(format!(
        "<div class=\"embed embed-note\">\n<p class=\"embed-title\"><a href=\"{}\">{}</a></p>\n{}</div>\n",
        escape_html(&href),
        escape_html(&title),
        super::to_html(events)
    ))
}

/// Takes out what belongs to the note's own page: heading ids and anchors (the page has
/// its own), quiz and comparison placeholders (quizzes and tables are not transcluded).
fn strip_page_parts(parsed: &ParsedNote, range: &std::ops::Range<usize>, events: &mut [Event<'static>]) {
    let quizzes: Vec<String> = (0..parsed.quiz_blocks.len()).map(quiz::placeholder).collect();
    for e in events.iter_mut() {
        match e {
            Event::Start(Tag::Heading { id, .. }) => *id = None,
            Event::Html(h) if h.starts_with(" <a class=\"anchor\"") || quizzes.iter().any(|q| **h == **q) => {
                *e = Event::Html(CowStr::Borrowed(""))
            }
            _ => {}
        }
    }
    for c in parsed.compares.iter().filter(|c| range.contains(&c.event)) {
        events[c.event - range.start] = Event::Html(CowStr::Borrowed(""));
    }
}

/// "`a.md` embeds `b.md`, which embeds `a.md` again", at the page's own embed.
fn cycle_warning(page: &Page, stack: &[Frame], back_to: usize) -> Diagnostic {
    let file = |i: usize| page.site.notes[i].source.rel_path.as_str();
    let first = stack[0];
    let chain: Vec<&str> = stack.iter().skip(1).map(|f| file(f.note)).collect();
    let message = if chain.is_empty() {
        format!("transclusion cycle: {} embeds itself (here), so the embed is shown as a link", file(back_to))
    } else {
        format!(
            "transclusion cycle: {} embeds {}, which embeds {} again; the inner embed is shown as a link",
            file(first.note),
            chain.join(", which embeds "),
            file(back_to)
        )
    };
    let text = &page.site.notes[first.note].source.text;
    Diagnostic::new(file(first.note), first.line, first.col, message)
        .with_source(crate::diagnostics::line_text(text, first.line))
        .with_help("remove one of the embeds, or link the note (`[[Note]]`) instead of embedding it")
        .warning()
}
