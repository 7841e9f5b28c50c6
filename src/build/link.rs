//! Stage 3, link: resolve wiki links and relative links to notes, headings and assets,
//! check them (a broken one is an error with its line), embed comparison tables, and
//! produce each note's body HTML.

pub mod autolink;
mod checks;
mod embed;
pub mod keywords;
pub mod resolve;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, Tag};
use rayon::prelude::*;

use std::hash::{Hash, Hasher};

use crate::build::memo::{Memo, Slot};
use crate::build::parse::{to_html, Events, LinkKind, LinkRef};
use crate::build::site::{Backlink, Note, Site, RESERVED};
use crate::diagnostics::{Diagnostic, Diagnostics};
pub use keywords::Keywords;
use resolve::{broken_fragment, label_wiki_link, link_target, unlink, unresolved};

/// Everything a note needs to know about the others, built once and shared read-only.
pub struct Index {
    exact: HashMap<String, usize>,
    lower: HashMap<String, Vec<usize>>,
    slugs: HashMap<String, Vec<usize>>,
    /// Ids every note's page defines (headings, quiz questions, tables, footnotes).
    anchors: Vec<HashSet<String>>,
    assets: HashSet<String>,
    /// Attachments by lower-case path, and by lower-case file name (all with that name).
    asset_lower: HashMap<String, String>,
    asset_names: HashMap<String, Vec<String>>,
    /// Note ids in lower case.
    lower_ids: HashMap<String, usize>,
    /// Per note: each heading's id, its text as an id (for matching by text), its level.
    headings: Vec<Vec<(String, String, u8)>>,
    /// Per note: its block ids (`^id`).
    blocks: Vec<Vec<String>>,
    tag_ids: HashMap<String, String>,
    /// `[links] unresolved = "warn"`: what nothing answers to is a warning.
    warn_unresolved: bool,
    categories: HashSet<String>,
    broken: HashSet<String>,
    titles: Vec<String>,
    ids: Vec<String>,
    /// Each note's page folder ([`crate::slug::url_path`] of its id).
    paths: Vec<String>,
    base_path: String,
}

impl Index {
    pub fn new(site: &Site) -> Index {
        let mut exact = HashMap::new();
        let mut lower: HashMap<String, Vec<usize>> = HashMap::new();
        let mut slugs: HashMap<String, Vec<usize>> = HashMap::new();
        let mut anchors = Vec::with_capacity(site.notes.len());
        for (i, n) in site.notes.iter().enumerate() {
            exact.insert(n.id().to_string(), i);
            let mut push = |k: String| {
                let v = lower.entry(k).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            };
            push(n.id().to_lowercase());
            push(n.title().to_lowercase());
            for k in &n.source.front.keywords {
                // The same split as the keys: `C#` is a name, `Rules#rules` names a heading.
                push(keywords::split_anchor(k).0.to_lowercase());
            }
            slugs.entry(n.id().rsplit('/').next().unwrap_or("").to_lowercase()).or_default().push(i);
            let mut ids: HashSet<String> = n.parsed.headings.iter().map(|h| h.id.clone()).collect();
            ids.extend(n.parsed.quizzes.iter().map(crate::build::parse::quiz::Question::element_id));
            ids.extend(n.parsed.compares.iter().map(|c| format!("compare-{}", c.name)));
            ids.extend(n.parsed.footnote_ids.iter().cloned());
            anchors.push(ids);
        }
        let mut asset_lower = HashMap::new();
        let mut asset_names: HashMap<String, Vec<String>> = HashMap::new();
        for a in &site.assets {
            let lower = a.rel.to_lowercase();
            asset_names.entry(lower.rsplit('/').next().unwrap_or("").to_string()).or_default().push(a.rel.clone());
            asset_lower.insert(lower, a.rel.clone());
        }
        let slug_of = |t: &str| crate::slug::heading_id(t);
        Index {
            asset_lower,
            asset_names,
            lower_ids: site.notes.iter().enumerate().map(|(i, n)| (n.id().to_lowercase(), i)).collect(),
            headings: site
                .notes
                .iter()
                .map(|n| n.parsed.headings.iter().map(|h| (h.id.clone(), slug_of(&h.text), h.level)).collect())
                .collect(),
            blocks: site.notes.iter().map(|n| n.parsed.blocks.iter().map(|b| b.id.clone()).collect()).collect(),
            tag_ids: site.tag_ids.clone(),
            warn_unresolved: site.config.links.unresolved == crate::config::Unresolved::Warn,
            exact,
            lower,
            slugs,
            anchors,
            assets: site.assets.iter().map(|a| a.rel.clone()).collect(),
            categories: site.categories.iter().map(|c| c.slug.clone()).collect(),
            broken: site.broken_ids.iter().cloned().collect(),
            titles: site.notes.iter().map(|n| n.title().to_string()).collect(),
            ids: site.notes.iter().map(|n| n.id().to_string()).collect(),
            paths: site.notes.iter().map(|n| n.path.clone()).collect(),
            base_path: site.config.base_path(),
        }
    }

    fn id_of(&self, i: usize) -> &str {
        &self.ids[i]
    }

    fn suggest(&self, target: &str) -> Option<String> {
        let slug = target.trim_end_matches('/').trim_end_matches(".md").rsplit('/').next()?.to_lowercase();
        let Some(v) = self.slugs.get(&slug) else {
            // A misspelt id, title, keyword or alias: the nearest by edit distance.
            let names = self.ids.iter().chain(self.lower.keys()).map(String::as_str);
            let near = crate::suggest::closest(target.trim_end_matches('/').trim_end_matches(".md"), names)?;
            let i = self
                .exact
                .get(near)
                .copied()
                .or_else(|| self.lower.get(near).filter(|v| v.len() == 1)?.first().copied())?;
            return Some(format!("`{}`", self.id_of(i)));
        };
        Some(v.iter().map(|&i| format!("`{}`", self.id_of(i))).collect::<Vec<_>>().join(" or "))
    }
}

/// Where a link ends up.
enum Target {
    External,
    Note(usize),
    /// A generated page or asset path relative to the site root (already checked).
    Path(String),
}

/// What linking produced for one note. `serve` keeps it and reuses it while the note's
/// text and everything it depends on elsewhere (ids, titles, keys, headings) are unchanged.
#[derive(Debug, Clone, Default)]
pub struct NoteLinks {
    pub html: Arc<str>,
    /// A hash of `html`, so a page needs rendering again only when it changed.
    pub html_hash: u64,
    pub outgoing: Arc<[usize]>,
    /// (mentioned note, sentence HTML), for the other notes' backlinks.
    pub mentions: Arc<[(usize, Arc<str>)]>,
    pub diags: Arc<[Diagnostic]>,
}

/// What the link stage hands on besides the site it fills in.
pub struct Linked {
    pub keywords: Arc<Keywords>,
    /// What the notes' links were resolved against, kept (by `serve` only) so that an
    /// edit links its note again without building it anew.
    pub index: Option<Index>,
    /// Per note, a hash of its linked HTML (pages are rendered again only when it changed).
    pub html_hashes: Vec<u64>,
}

/// The link stage's results kept between builds.
pub struct LinkCache {
    /// The site's keys, by site fingerprint.
    keywords: Slot<(Arc<Keywords>, Vec<Diagnostic>)>,
    /// Each note's links, by its content hash and the site fingerprint.
    links: Memo<String, NoteLinks>,
}

impl LinkCache {
    pub fn new(keep: bool) -> Self {
        LinkCache { keywords: Slot::new(keep), links: Memo::new(keep) }
    }
}

/// Reads a note's parsed events in the link stage's pass (see [`link_site`]).
pub type WithEvents<'a, T> = &'a (dyn Fn(&Note, &Events) -> T + Sync);

/// Stage 3 for the whole site. A note's links are reused from the cache while its text
/// and the site's fingerprint (everything a note's links can depend on) are unchanged.
/// `with_events` is called with each note's events as it is linked, and its results are
/// returned: a one-off build makes what a later stage needs of the events there, and
/// each note's events are then freed as soon as the note is linked.
pub fn link_site<T: Send>(
    site: &mut Site,
    cache: &mut LinkCache,
    diags: &mut Diagnostics,
    with_events: Option<WithEvents<T>>,
) -> (Linked, Vec<T>) {
    let site_fp = site.fingerprint();
    let note_fp = |hash: u64| {
        let mut h = crate::hash::Fnv::default();
        (hash, site_fp).hash(&mut h);
        h.finish()
    };
    let previous = cache.links.take();
    let reusable: HashMap<String, NoteLinks> = site
        .notes
        .iter()
        .filter_map(|n| {
            let path = &n.source.rel_path;
            previous.get(path, note_fp(n.source.hash)).map(|l| (path.clone(), l.clone()))
        })
        .collect();
    let keys = cache.keywords.get(site_fp).map(|(k, d)| (Arc::clone(k), d.clone()));
    let free = !cache.links.keeps();
    let Done { keywords, key_diags, diags: link_diags, notes: linked, index, made } =
        link(site, &reusable, keys, with_events, free);
    diags.extend(key_diags.iter().cloned());
    cache.keywords.set(site_fp, (Arc::clone(&keywords), key_diags));
    diags.extend(link_diags);
    let html_hashes = linked.iter().map(|l| l.html_hash).collect();
    for (note, links) in site.notes.iter().zip(linked) {
        cache.links.insert(note.source.rel_path.clone(), note_fp(note.source.hash), links);
    }
    let index = cache.links.keeps().then_some(index);
    (Linked { keywords, index, html_hashes }, made)
}

/// What [`link`] returns.
pub struct Done<T> {
    pub keywords: Arc<Keywords>,
    /// Problems with the keys, kept with them in the cache.
    pub key_diags: Vec<Diagnostic>,
    /// Every other problem found.
    pub diags: Vec<Diagnostic>,
    /// Each note's result, in the site's order.
    pub notes: Vec<NoteLinks>,
    pub index: Index,
    /// What `with_events` made of each note.
    pub made: Vec<T>,
}

/// Links every note (reusing `cached` results, keyed by source path, where given) and
/// fills in backlinks. `keys`, when given, are the keys built for a site with the same
/// fingerprint; `with_events` and `free` are [`link_site`]'s (freeing needs an empty
/// `cached`).
pub fn link<T: Send>(
    site: &mut Site,
    cached: &HashMap<String, NoteLinks>,
    keys: Option<(Arc<Keywords>, Vec<Diagnostic>)>,
    with_events: Option<WithEvents<T>>,
    free: bool,
) -> Done<T> {
    let index = Index::new(site);
    let (keywords, key_diags) = keys.unwrap_or_else(|| {
        let (k, d) = Keywords::build(site);
        (Arc::new(k), d)
    });
    // Tables get their subjects' titles (and their questions) before notes embed them.
    let mut diags = checks::check_comparison_subjects(site, &index);
    let urls: Vec<String> = site.notes.iter().map(|n| n.url.clone()).collect();
    // Each note's events and body text, taken out to be freed once it is linked: where
    // nothing is kept for another build and no note shows another's text (embeds). Later
    // stages report problems in front matter only.
    let free = free && cached.is_empty() && site.notes.iter().all(|n| n.parsed.embeds.is_empty());
    let taken: Vec<Option<Owned>> = site.notes.iter_mut().map(|n| free.then(|| Owned::take(n)).flatten()).collect();
    let (results, made): (Vec<NoteLinks>, Vec<Option<T>>) = site
        .notes
        .par_iter()
        .zip(taken)
        .map(|(note, own)| {
            let made = with_events.map(|f| f(note, own.as_ref().map_or(&note.parsed.events, |o| &o.events)));
            let links = match cached.get(&note.source.rel_path) {
                Some(done) => done.clone(),
                None => link_note(note, own, &index, &keywords, site, &urls),
            };
            (links, made)
        })
        .unzip();
    // Backlinks: the first mention of each note by each other note, in reading order.
    let mut backlinks: Vec<Vec<Backlink>> = vec![Vec::new(); site.notes.len()];
    for (source, r) in results.iter().enumerate() {
        diags.extend(r.diags.iter().cloned());
        for (target, sentence_html) in r.mentions.iter() {
            if backlinks[*target].last().is_none_or(|b| b.source != source) {
                backlinks[*target].push(Backlink { source, sentence_html: Arc::clone(sentence_html) });
            }
        }
    }
    for ((note, b), r) in site.notes.iter_mut().zip(backlinks).zip(&results) {
        note.backlinks = b;
        note.html = Arc::clone(&r.html);
        note.outgoing = r.outgoing.to_vec();
    }
    diags.extend(link_category_intros(site, &index));
    diags.extend(checks::check_quiz_ids(site));
    Done { keywords, key_diags, diags, notes: results, index, made: made.into_iter().flatten().collect() }
}

/// Where links are being resolved: a note's page, or a category's introduction.
struct LinkSource<'a> {
    file: &'a str,
    text: &'a str,
    /// Folder of the source under `notes/`, for relative links.
    dir: &'a str,
    /// Relative path from the page back to the site root.
    root: &'a str,
    /// The note whose text this is, for `[[#heading]]` and `#heading`; `None` for a category page.
    self_index: Option<usize>,
    /// The note whose page the HTML lands on (another note's, for a transcluded section).
    page: Option<usize>,
}

impl LinkSource<'_> {
    fn this_page(&self) -> Result<Target, String> {
        self.self_index
            .map(Target::Note)
            .ok_or_else(|| "a link to a heading of this page, and a category introduction has no headings".into())
    }

    /// A problem at a place in this source's text.
    fn at(&self, line: usize, col: usize, message: String) -> Diagnostic {
        Diagnostic::new(self.file, line, col, message).with_source(crate::diagnostics::line_text(self.text, line))
    }
}

/// `javascript:` (and `vbscript:`) URLs run code when clicked; no study note needs one.
fn is_script_url(dest: &str) -> bool {
    let squeezed: String = dest.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let lower = squeezed.to_ascii_lowercase();
    lower.starts_with("javascript:") || lower.starts_with("vbscript:")
}

/// Resolves and checks every link of a page in `events`: rewrites destinations, and
/// returns the author's links to notes (event → note), the notes linked and problems.
fn resolve_links(
    src: &LinkSource,
    links: &[LinkRef],
    events: &mut [Event<'static>],
    index: &Index,
) -> (HashMap<usize, usize>, Vec<usize>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut explicit: HashMap<usize, usize> = HashMap::new();
    let mut outgoing = Vec::new();
    for link in links {
        if is_script_url(&link.dest) {
            diags.push(
                src.at(link.line, link.col, "a `javascript:` link runs code when clicked".into())
                    .with_help("link to a page or a note instead; studysite refuses script URLs"),
            );
            continue;
        }
        if link.kind == LinkKind::Tag {
            let id = index.tag_ids.get(&link.dest).cloned().unwrap_or_default();
            set_dest(&mut events[link.event], format!("{}tags/#{id}", src.root));
            continue;
        }
        let (target, fragment, tie) = link_target(src, link, index);
        if let Some(tie) = tie {
            diags.push(src.at(link.line, link.col, tie).with_help("write more of the path to choose one").warning());
        }
        let href = match target {
            Ok(Target::External) => continue,
            Ok(Target::Note(i)) => {
                let anchor = match fragment.as_deref().filter(|f| !f.is_empty()) {
                    None => None,
                    Some(f) => match index.fragment(i, f) {
                        Ok(id) => Some(id),
                        Err(msg) => {
                            diags.push(broken_fragment(src, link, index, i, &msg));
                            if !index.warn_unresolved {
                                continue;
                            }
                            None
                        }
                    },
                };
                if Some(i) != src.self_index {
                    outgoing.push(i);
                    explicit.insert(link.event, i);
                }
                if link.kind == LinkKind::Wiki {
                    label_wiki_link(events, link, index, i, fragment.as_deref());
                }
                let base = if src.page == Some(i) && anchor.is_some() {
                    String::new()
                } else {
                    format!("{}{}/", src.root, crate::html::encode_path(&index.paths[i]))
                };
                format!("{base}{}", anchor.map(|a| format!("#{}", crate::html::encode_path(&a))).unwrap_or_default())
            }
            Ok(Target::Path(p)) => format!(
                "{}{}{}",
                src.root,
                crate::html::encode_path(&p),
                fragment.as_ref().map(|f| format!("#{}", crate::html::encode_path(f))).unwrap_or_default()
            ),
            Err(msg) => {
                diags.push(unresolved(src, link, index, &msg, events));
                continue;
            }
        };
        set_dest(&mut events[link.event], href);
    }
    (explicit, outgoing, diags)
}

/// Parses each category's `_index.md` body and resolves its links like a note's.
fn link_category_intros(site: &mut Site, index: &Index) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut done = Vec::new();
    for (k, c) in site.categories.iter().enumerate() {
        let Some(meta) = &c.meta else { continue };
        let (parsed, parse_diags) = crate::build::parse::parse_body(&meta.rel_path, &meta.text, meta.body_offset, "");
        diags.extend(parse_diags);
        let root = "../".repeat(c.slug.split('/').count());
        let dir = meta.rel_path.trim_start_matches("notes/").rsplit_once('/').map_or("", |(d, _)| d);
        let src = LinkSource { file: &meta.rel_path, text: &meta.text, dir, root: &root, self_index: None, page: None };
        let mut parsed_rest = parsed;
        let mut events = std::mem::take(&mut parsed_rest.events).into_vec();
        let (_, _, link_diags) = resolve_links(&src, &parsed_rest.links, &mut events, index);
        diags.extend(link_diags);
        let page = embed::Page { site, index, root: &root, page: None };
        embed::embeds(&page, &src, None, &parsed_rest.embeds, 0, &mut events, &mut Vec::new(), &mut diags);
        done.push((k, to_html(events), parsed_rest));
    }
    for (k, html, parsed) in done {
        site.categories[k].intro_html = html;
        site.categories[k].intro = Some(Arc::new(parsed));
    }
    diags
}

/// A note's events and whole text, taken out of the site to be freed once it is linked.
pub(crate) struct Owned {
    events: Events,
    text: Arc<str>,
}

impl Owned {
    /// Takes them out, leaving the note its front matter; `None` if the parse is shared.
    fn take(note: &mut Note) -> Option<Owned> {
        let events = std::mem::take(&mut Arc::get_mut(&mut note.parsed)?.events);
        let text = Arc::clone(&note.source.text);
        note.release_body();
        Some(Owned { events, text })
    }
}

/// Links one note: its HTML, the notes it links to and mentions, and its problems.
/// `own` is the note's events and text when the caller took them out (else the events
/// are copied).
pub(crate) fn link_note(
    note: &Note,
    own: Option<Owned>,
    index: &Index,
    keywords: &Keywords,
    site: &Site,
    urls: &[String],
) -> NoteLinks {
    let comparisons = &site.comparisons;
    let root = note.root();
    let file = note.source.rel_path.clone();
    let note_dir = note.source.id.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_default();
    let self_index = index.exact[note.id()];
    let (mut events, text) = match own {
        Some(own) => (own.events.into_vec(), own.text),
        None => (note.parsed.events.to_vec(0..note.parsed.events.len()), Arc::clone(&note.source.text)),
    };
    drop_title_heading(&mut events, &note.parsed, note.title());
    let src = LinkSource {
        file: &file,
        text: &text,
        dir: &note_dir,
        root: &root,
        self_index: Some(self_index),
        page: Some(self_index),
    };
    let (explicit, mut outgoing, mut diags) = resolve_links(&src, &note.parsed.links, &mut events, index);
    let page = embed::Page { site, index, root: &root, page: Some(self_index) };
    let embeds = &note.parsed.embeds;
    embed::embeds(&page, &src, Some(self_index), embeds, 0, &mut events, &mut Vec::new(), &mut diags);
    for c in &note.parsed.compares {
        match comparisons.get(&c.name) {
            Some(table) => {
                events[c.event] = Event::Html(CowStr::from(crate::build::parse::compare::placeholder(&table.name)))
            }
            None if index.broken.contains(&format!("{}/{}", crate::build::load::COMPARISONS_DIR, c.name)) => {}
            None => {
                let near = crate::suggest::did_you_mean(&c.name, comparisons.keys().map(String::as_str));
                let mut names: Vec<&str> = comparisons.keys().map(String::as_str).collect();
                names.truncate(10);
                diags.push(
                    Diagnostic::new(&file, c.line, 1, format!("no comparison table named `{}`", c.name))
                        .with_source(crate::diagnostics::line_text(&text, c.line))
                        .with_help(if near.is_empty() {
                            format!("tables live in notes/_comparisons/NAME.toml; known: {}", names.join(", "))
                        } else {
                            near
                        }),
                );
            }
        }
    }
    for rel in &note.source.front.related {
        match index.exact.get(rel.trim_end_matches(".md")) {
            Some(&i) => outgoing.push(i),
            None if index.broken.contains(rel) => {}
            None => {
                let (line, col) = front_matter_line(&text, rel);
                diags.push(
                    Diagnostic::new(&file, line, col, format!("`related` names `{rel}`, which is not a note"))
                        .with_source(crate::diagnostics::line_text(&text, line))
                        .with_help(
                            index
                                .suggest(rel)
                                .map(|s| format!("did you mean {s}?"))
                                .unwrap_or_else(|| "use note ids: paths under notes/ without `.md`".into()),
                        ),
                );
            }
        }
    }
    let cx = crate::build::link::autolink::Context {
        keywords,
        self_index,
        mode: site.config.links.mode,
        explicit: &explicit,
        root: &root,
        urls,
    };
    let linked = crate::build::link::autolink::autolink(events, &cx);
    outgoing.extend(linked.mentions.iter().map(|(t, _)| *t));
    outgoing.sort_unstable();
    outgoing.dedup();
    let html = to_html(linked.events);
    NoteLinks {
        html_hash: crate::hash::content(html.as_bytes()),
        html: Arc::from(html),
        outgoing: outgoing.into(),
        mentions: linked.mentions.into_iter().map(|(t, s)| (t, Arc::from(s))).collect(),
        diags: diags.into(),
    }
}

/// A note that opens with `# Its title` (usual in a vault, where the file name is the
/// title too) would show the title twice: the page's heading replaces it (its id stays).
fn drop_title_heading(events: &mut [Event<'static>], parsed: &crate::build::parse::ParsedNote, title: &str) {
    let Some(h) = parsed.headings.first() else { return };
    let first = events[..h.event].iter().all(|e| matches!(e, Event::Html(s) if s.trim().is_empty()));
    if h.level != 1 || !first || h.text.trim().to_lowercase() != title.trim().to_lowercase() {
        return;
    }
    let Some(end) = events[h.event..].iter().position(|e| matches!(e, Event::End(pulldown_cmark::TagEnd::Heading(_))))
    else {
        return;
    };
    for e in &mut events[h.event..=h.event + end] {
        *e = Event::Html(CowStr::Borrowed(""));
    }
    events[h.event] = Event::Html(CowStr::from(format!("<span id=\"{}\"></span>", crate::html::escape_html(&h.id))));
}

fn split_fragment(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    }
}

fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            !dest[..i].contains('/') && dest[..i].chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

fn resolve_path(index: &Index, src: &LinkSource, path: &str) -> Result<Target, String> {
    let note_dir = src.dir;
    if path.is_empty() {
        return src.this_page();
    }
    if is_external(path) {
        return Ok(Target::External);
    }
    let decoded = crate::html::decode_path(path);
    let joined = if let Some(abs) = decoded.strip_prefix('/') {
        let base = index.base_path.trim_start_matches('/');
        abs.strip_prefix(base).unwrap_or(abs).to_string()
    } else if note_dir.is_empty() {
        decoded.clone()
    } else {
        format!("{note_dir}/{decoded}")
    };
    let normal = normalize(&joined).ok_or_else(|| format!("`{path}` points outside the site"))?;
    let trimmed = normal.trim_end_matches('/');
    if let Some(id) = trimmed.strip_suffix(".md") {
        return match index.exact.get(id) {
            Some(&i) => Ok(Target::Note(i)),
            None if index.broken.contains(id) => Ok(Target::Path(format!("{id}/"))),
            None => Err(format!("no note `{id}` (looked for notes/{id}.md)")),
        };
    }
    if let Some(&i) = index.exact.get(trimmed) {
        return Ok(Target::Note(i));
    }
    if index.assets.contains(trimmed) {
        return Ok(Target::Path(trimmed.to_string()));
    }
    let first = trimmed.split('/').next().unwrap_or("");
    if trimmed.is_empty() || index.categories.contains(trimmed) || RESERVED.contains(&first) {
        return Ok(Target::Path(if trimmed.is_empty() || trimmed.contains('.') {
            trimmed.to_string()
        } else {
            format!("{trimmed}/")
        }));
    }
    // Obsidian finds an attachment (`![[pic.png]]`) by its file name anywhere in the vault.
    if !decoded.contains('/') {
        let mut named = index.assets.iter().filter(|a| a.rsplit('/').next() == Some(decoded.as_str()));
        if let (Some(asset), None) = (named.next(), named.next()) {
            return Ok(Target::Path(asset.clone()));
        }
    }
    Err(format!("nothing at `{path}` (no note `{trimmed}` and no file notes/{trimmed})"))
}

/// Resolves `.` and `..`; `None` when the path climbs above the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut s = parts.join("/");
    if path.ends_with('/') && !s.is_empty() {
        s.push('/');
    }
    Some(s)
}

fn set_dest(event: &mut Event<'static>, href: String) {
    match event {
        Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
            *dest_url = CowStr::from(href)
        }
        _ => {}
    }
}

/// The line of the front matter that mentions `value` (front matter fields carry no spans).
fn front_matter_line(text: &str, value: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .find_map(|(i, l)| l.find(value).map(|at| (i + 1, l[..at].chars().count() + 1)))
        .unwrap_or((1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize("storage/../analytics/athena.md").as_deref(), Some("analytics/athena.md"));
        assert_eq!(normalize("a/./b/"), Some("a/b/".into()));
        assert_eq!(normalize("../x"), None);
    }

    #[test]
    fn externals() {
        assert!(is_external("https://aws.amazon.com"));
        assert!(is_external("mailto:a@b.c"));
        assert!(!is_external("../s3.md"));
        assert!(!is_external("a/b:c.md"));
    }
}
