//! Stage 3, link: resolve wiki links and relative links to notes, headings and assets,
//! check them (a broken one is an error with its line), embed comparison tables, and
//! produce each note's body HTML.

pub mod autolink;
pub mod keywords;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, Tag};
use rayon::prelude::*;

use std::hash::{Hash, Hasher};

use crate::build::memo::{Memo, Slot};
use crate::build::parse::{to_html, LinkKind};
use crate::build::site::{Backlink, Note, Site, RESERVED};
use crate::diagnostics::{Diagnostic, Diagnostics};
pub use keywords::Keywords;

/// Everything a note needs to know about the others, built once and shared read-only.
pub struct Index {
    exact: HashMap<String, usize>,
    lower: HashMap<String, Vec<usize>>,
    slugs: HashMap<String, Vec<usize>>,
    /// Ids every note's page defines (headings, quiz questions, tables, footnotes).
    anchors: Vec<HashSet<String>>,
    assets: HashSet<String>,
    categories: HashSet<String>,
    broken: HashSet<String>,
    titles: Vec<String>,
    ids: Vec<String>,
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
                push(k.split('#').next().unwrap_or(k).to_lowercase());
            }
            slugs.entry(n.id().rsplit('/').next().unwrap_or("").to_lowercase()).or_default().push(i);
            let mut ids: HashSet<String> = n.parsed.headings.iter().map(|h| h.id.clone()).collect();
            ids.extend(n.parsed.quizzes.iter().map(crate::build::parse::quiz::Question::element_id));
            ids.extend(n.parsed.compares.iter().map(|c| format!("compare-{}", c.name)));
            ids.extend(n.parsed.footnote_ids.iter().cloned());
            anchors.push(ids);
        }
        Index {
            exact,
            lower,
            slugs,
            anchors,
            assets: site.assets.iter().map(|a| a.rel.clone()).collect(),
            categories: site.categories.iter().map(|c| c.slug.clone()).collect(),
            broken: site.broken_ids.iter().cloned().collect(),
            titles: site.notes.iter().map(|n| n.title().to_string()).collect(),
            ids: site.notes.iter().map(|n| n.id().to_string()).collect(),
            base_path: site.config.base_path(),
        }
    }

    /// A wiki-link target: id, title or keyword (any case), or a unique file name.
    fn resolve_name(&self, target: &str) -> Result<usize, String> {
        let target = target.trim().trim_end_matches(".md");
        if let Some(&i) = self.exact.get(target) {
            return Ok(i);
        }
        let key = target.to_lowercase();
        if let Some(v) = self.lower.get(&key) {
            if v.len() == 1 {
                return Ok(v[0]);
            }
        }
        match self.slugs.get(&key).map(Vec::as_slice) {
            Some([i]) => Ok(*i),
            Some(many) => Err(format!(
                "`{target}` could mean several notes: {}",
                many.iter().map(|&i| format!("`{}`", self.id_of(i))).collect::<Vec<_>>().join(", ")
            )),
            None => Err(format!("no note is called `{target}`")),
        }
    }

    fn id_of(&self, i: usize) -> &str {
        &self.ids[i]
    }

    fn suggest(&self, target: &str) -> Option<String> {
        let slug = target.trim_end_matches('/').trim_end_matches(".md").rsplit('/').next()?.to_lowercase();
        let v = self.slugs.get(&slug)?;
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

/// Stage 3 for the whole site. A note's links are reused from the cache while its text
/// and the site's fingerprint (everything a note's links can depend on) are unchanged.
pub fn link_site(site: &mut Site, cache: &mut LinkCache, diags: &mut Diagnostics) -> Linked {
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
    let (keywords, key_diags, link_diags, linked) = link(site, &reusable, keys);
    diags.extend(key_diags.iter().cloned());
    cache.keywords.set(site_fp, (Arc::clone(&keywords), key_diags));
    diags.extend(link_diags);
    let html_hashes = linked.iter().map(|l| l.html_hash).collect();
    for (note, links) in site.notes.iter().zip(linked) {
        cache.links.insert(note.source.rel_path.clone(), note_fp(note.source.hash), links);
    }
    Linked { keywords, html_hashes }
}

/// Links every note (reusing `cached` results, keyed by source path, where given) and
/// fills in backlinks. Returns the keys, the problems found and each note's result.
/// `keys`, when given, are the keys built for a site with the same fingerprint.
pub fn link(
    site: &mut Site,
    cached: &HashMap<String, NoteLinks>,
    keys: Option<(Arc<Keywords>, Vec<Diagnostic>)>,
) -> (Arc<Keywords>, Vec<Diagnostic>, Vec<Diagnostic>, Vec<NoteLinks>) {
    let index = Index::new(site);
    let (keywords, key_diags) = keys.unwrap_or_else(|| {
        let (k, d) = Keywords::build(site);
        (Arc::new(k), d)
    });
    // Tables get their subjects' titles (and their questions) before notes embed them.
    let mut diags = check_comparison_subjects(site, &index);
    let urls: Vec<String> = site.notes.iter().map(|n| n.url.clone()).collect();
    let results: Vec<NoteLinks> = site
        .notes
        .par_iter()
        .map(|note| match cached.get(&note.source.rel_path) {
            Some(done) => done.clone(),
            None => link_note(note, &index, &keywords, site, &urls),
        })
        .collect();
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
    diags.extend(check_quiz_ids(site));
    (keywords, key_diags, diags, results)
}

/// Where links are being resolved: a note's page, or a category's introduction.
struct LinkSource<'a> {
    file: &'a str,
    text: &'a str,
    /// Folder of the source under `notes/`, for relative links.
    dir: &'a str,
    /// Relative path from the page back to the site root.
    root: &'a str,
    /// The note itself, for `[[#heading]]` and `#heading`; `None` for a category page.
    self_index: Option<usize>,
}

impl LinkSource<'_> {
    fn this_page(&self) -> Result<Target, String> {
        self.self_index
            .map(Target::Note)
            .ok_or_else(|| "a link to a heading of this page, and a category introduction has no headings".into())
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
    links: &[crate::build::parse::LinkRef],
    events: &mut [Event<'static>],
    index: &Index,
) -> (HashMap<usize, usize>, Vec<usize>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut explicit: HashMap<usize, usize> = HashMap::new();
    let mut outgoing = Vec::new();
    for link in links {
        if is_script_url(&link.dest) {
            diags.push(
                Diagnostic::new(src.file, link.line, link.col, "a `javascript:` link runs code when clicked")
                    .with_source(crate::diagnostics::line_text(src.text, link.line))
                    .with_help("link to a page or a note instead; studysite refuses script URLs"),
            );
            continue;
        }
        let (target, fragment) = match link.kind {
            LinkKind::Wiki => {
                let (name, frag) = split_fragment(&link.dest);
                let name = crate::html::decode_path(name);
                if name.is_empty() {
                    (src.this_page(), frag)
                } else {
                    (index.resolve_name(&name).map(Target::Note), frag)
                }
            }
            _ => {
                let (path, frag) = split_fragment(&link.dest);
                (resolve_path(index, src, path), frag)
            }
        };
        let fragment = fragment.map(crate::html::decode_path);
        let href = match target {
            Ok(Target::External) => continue,
            Ok(Target::Note(i)) => {
                if let Some(frag) = &fragment {
                    if !index.anchors[i].contains(frag) {
                        let mut known: Vec<&String> = index.anchors[i]
                            .iter()
                            .filter(|a| !a.starts_with("quiz-") && !a.starts_with("fn"))
                            .collect();
                        known.sort();
                        known.truncate(8);
                        let list = known.iter().map(|a| format!("#{a}")).collect::<Vec<_>>().join(", ");
                        diags.push(
                            Diagnostic::new(
                                src.file,
                                link.line,
                                link.col,
                                format!("broken link: `{}` has no heading `#{frag}`", site_id(index, i)),
                            )
                            .with_source(crate::diagnostics::line_text(src.text, link.line))
                            .with_help(if list.is_empty() {
                                "that note has no headings".to_string()
                            } else {
                                format!("its headings are {list}")
                            }),
                        );
                    }
                }
                if Some(i) != src.self_index {
                    outgoing.push(i);
                    explicit.insert(link.event, i);
                }
                let base = if Some(i) == src.self_index && fragment.is_some() {
                    String::new()
                } else {
                    format!("{}{}/", src.root, crate::html::encode_path(site_id(index, i)))
                };
                if link.kind == LinkKind::Wiki {
                    if let Some(Event::Text(t)) = events.get_mut(link.event + 1) {
                        // `[[id]]` without a label shows the note's title, not its path.
                        if *t.as_ref() == *link.dest {
                            *t = CowStr::from(index.titles[i].clone());
                        }
                    }
                }
                format!("{base}{}", fragment.as_ref().map(|f| format!("#{f}")).unwrap_or_default())
            }
            Ok(Target::Path(p)) => format!(
                "{}{}{}",
                src.root,
                crate::html::encode_path(&p),
                fragment.as_ref().map(|f| format!("#{f}")).unwrap_or_default()
            ),
            Err(msg) => {
                let what = if link.kind == LinkKind::Image { "broken image" } else { "broken link" };
                let help = index
                    .suggest(&link.dest)
                    .map(|s| format!("did you mean {s}?"))
                    .unwrap_or_else(|| "link to a note by its path under notes/, e.g. `[[storage/s3]]` or `[text](../storage/s3.md)`; assets are paths relative to the note".to_string());
                diags.push(
                    Diagnostic::new(src.file, link.line, link.col, format!("{what}: {msg}"))
                        .with_source(crate::diagnostics::line_text(src.text, link.line))
                        .with_help(help),
                );
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
    for c in &mut site.categories {
        let Some(meta) = &c.meta else { continue };
        let (parsed, parse_diags) = crate::build::parse::parse_body(&meta.rel_path, &meta.text, meta.body_offset, "");
        diags.extend(parse_diags);
        let root = "../".repeat(c.slug.split('/').count());
        let src = LinkSource { file: &meta.rel_path, text: &meta.text, dir: &c.slug, root: &root, self_index: None };
        let mut parsed_rest = parsed;
        let mut events = std::mem::take(&mut parsed_rest.events);
        let (_, _, link_diags) = resolve_links(&src, &parsed_rest.links, &mut events, index);
        diags.extend(link_diags);
        c.intro_html = to_html(&events);
        c.intro = Some(Arc::new(parsed_rest));
    }
    diags
}

fn link_note(note: &Note, index: &Index, keywords: &Keywords, site: &Site, urls: &[String]) -> NoteLinks {
    let comparisons = &site.comparisons;
    let root = note.root();
    let file = note.source.rel_path.clone();
    let note_dir = note.source.id.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_default();
    let self_index = index.exact[note.id()];
    let mut events = note.parsed.events.clone();
    let src =
        LinkSource { file: &file, text: &note.source.text, dir: &note_dir, root: &root, self_index: Some(self_index) };
    let (explicit, mut outgoing, mut diags) = resolve_links(&src, &note.parsed.links, &mut events, index);
    for c in &note.parsed.compares {
        match comparisons.get(&c.name) {
            Some(table) => {
                events[c.event] = Event::Html(CowStr::from(crate::build::parse::compare::placeholder(&table.name)))
            }
            None => {
                let mut names: Vec<&str> = comparisons.keys().map(String::as_str).collect();
                names.truncate(10);
                diags.push(
                    Diagnostic::new(&file, c.line, 1, format!("no comparison table named `{}`", c.name))
                        .with_source(crate::diagnostics::line_text(&note.source.text, c.line))
                        .with_help(format!("tables live in notes/_comparisons/NAME.toml; known: {}", names.join(", "))),
                );
            }
        }
    }
    for rel in &note.source.front.related {
        match index.exact.get(rel.trim_end_matches(".md")) {
            Some(&i) => outgoing.push(i),
            None if index.broken.contains(rel) => {}
            None => {
                let (line, col) = front_matter_line(&note.source.text, rel);
                diags.push(
                    Diagnostic::new(&file, line, col, format!("`related` names `{rel}`, which is not a note"))
                        .with_source(crate::diagnostics::line_text(&note.source.text, line))
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
    let html = to_html(&linked.events);
    NoteLinks {
        html_hash: crate::hash::fnv1a(html.as_bytes()),
        html: Arc::from(html),
        outgoing: outgoing.into(),
        mentions: linked.mentions.into_iter().map(|(t, s)| (t, Arc::from(s))).collect(),
        diags: diags.into(),
    }
}

fn site_id(index: &Index, i: usize) -> &str {
    index.id_of(i)
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

fn check_comparison_subjects(site: &mut Site, index: &Index) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for table in site.comparisons.values_mut() {
        for s in &mut table.subjects {
            match index.exact.get(&s.note) {
                Some(&i) => {
                    if let Some(a) = &s.anchor {
                        if !index.anchors[i].contains(a) {
                            diags.push(
                                Diagnostic::new(
                                    &table.rel_path,
                                    s.line,
                                    1,
                                    format!("subject `{}#{a}`: the note has no heading `#{a}`", s.note),
                                )
                                .with_help("use a heading id of that note"),
                            );
                        }
                    }
                    if s.label.is_none() {
                        s.label = Some(index.titles[i].clone());
                    }
                }
                None if index.broken.contains(&s.note) => {}
                None => diags.push(
                    Diagnostic::new(&table.rel_path, s.line, 1, format!("subject `{}` is not a note", s.note))
                        .with_help(
                            index
                                .suggest(&s.note)
                                .map(|s| format!("did you mean {s}?"))
                                .unwrap_or_else(|| "subjects are note ids: paths under notes/ without `.md`".into()),
                        ),
                ),
            }
        }
        table.questions = crate::build::parse::compare::questions::generate(table);
    }
    diags
}

fn check_quiz_ids(site: &Site) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, (&str, usize)> = HashMap::new();
    let mut diags = Vec::new();
    for n in &site.notes {
        for q in &n.parsed.quizzes {
            if let Some((file, line)) = first.get(q.id.as_str()) {
                if *file != n.source.rel_path {
                    diags.push(
                        Diagnostic::new(
                            &n.source.rel_path,
                            q.line,
                            1,
                            format!("quiz question id `{}` is already used in {file}:{line}", q.id),
                        )
                        .with_source(crate::diagnostics::line_text(&n.source.text, q.line))
                        .with_help("question ids keep each learner's progress; make this one unique"),
                    );
                }
            } else {
                first.insert(&q.id, (&n.source.rel_path, q.line));
            }
        }
    }
    diags
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
