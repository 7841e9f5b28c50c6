//! `serve`'s short way through the pipeline: an edit of note bodies that leaves
//! everything other pages show unchanged (front matter, headings, anchors, tags, quizzes,
//! tables) is parsed, linked and rendered for the edited notes alone, against the site
//! the last build kept ([`LiveSite`]). Anything else, or any problem, returns `None` and
//! the whole pipeline runs (with its caches), so the short way never has to be right
//! about more than it checks.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cache::BuildCache;
use super::link::{self, Index, Keywords};
use super::memo::Bytes;
use super::parse::{self, ParsedNote};
use super::render;
use super::site::{Backlink, Note, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The last good build as `serve` keeps it.
pub struct LiveSite {
    /// Shared with the search index being built for it (an edit meanwhile copies it).
    pub site: Arc<Site>,
    index: Index,
    keywords: Arc<Keywords>,
    urls: Vec<String>,
    /// Note by source path (`notes/storage/s3.md`).
    by_path: HashMap<String, usize>,
    /// The site has a search index (made after each build and edit).
    pub search: bool,
    /// Some note shows another's text (`![[note]]`): every edit takes the whole pipeline.
    embeds: bool,
}

impl LiveSite {
    pub fn new(site: Site, index: Index, keywords: Arc<Keywords>, search: bool) -> LiveSite {
        let urls = site.notes.iter().map(|n| n.url.clone()).collect();
        let by_path = site.notes.iter().enumerate().map(|(i, n)| (n.source.rel_path.clone(), i)).collect();
        let embeds = site.notes.iter().any(|n| !n.parsed.embeds.is_empty());
        LiveSite { site: Arc::new(site), index, keywords, urls, by_path, search, embeds }
    }
}

/// What an edit changed: the files to serve anew and the edited notes' warnings.
pub struct Edited {
    pub files: Vec<(String, Bytes)>,
    pub warnings: Diagnostics,
}

/// Applies the changes at `paths` (absolute, below the canonical `root`) to the kept site,
/// when they are edits of note bodies only; `None` asks for the whole pipeline.
pub fn apply(root: &Path, paths: &[PathBuf], cache: &mut BuildCache) -> Option<Edited> {
    let live = cache.live.as_mut().filter(|l| !l.embeds)?;
    let mut edits: Vec<(usize, Note)> = Vec::new();
    let mut warnings = Diagnostics::default();
    for path in paths {
        let rel = path.strip_prefix(root).ok()?.to_str()?.replace('\\', "/");
        match live.by_path.get(&rel) {
            Some(&i) => {
                let (note, parse_warnings) = reread(&live.site.notes[i], path)?;
                warnings.extend(parse_warnings);
                edits.push((i, note));
            }
            // An editor's temporary file, written and renamed away: nothing to build.
            None if !rel.ends_with(".md") && !path.exists() => {}
            None => return None,
        }
    }
    if edits.is_empty() {
        return None;
    }
    let mut linked = Vec::with_capacity(edits.len());
    for (i, note) in &edits {
        let links = link::link_note(note, None, &live.index, &live.keywords, &live.site, &live.urls);
        if links.diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        warnings.extend(links.diags.iter().cloned());
        linked.push((*i, links));
    }

    // From here on the edit is taken: the kept site changes.
    let site = Arc::make_mut(&mut live.site);
    let mut pages: HashSet<usize> = HashSet::new();
    let (mut graph, mut cheatsheet) = (false, false);
    for ((i, mut note), (_, links)) in edits.into_iter().zip(linked) {
        pages.insert(i);
        let old = &site.notes[i];
        cheatsheet |= render::cheatsheet_facts(&old.html) != render::cheatsheet_facts(&links.html);
        graph |= old.outgoing[..] != links.outgoing[..];
        note.html = Arc::clone(&links.html);
        note.outgoing = links.outgoing.to_vec();
        // Its own backlinks as they are now (another note of this edit may have changed them).
        let slot = &mut site.notes[i];
        let old_targets = std::mem::take(&mut slot.outgoing);
        note.backlinks = std::mem::take(&mut slot.backlinks);
        *slot = note;
        pages.extend(set_backlinks(site, i, &old_targets, &links.mentions));
    }
    let mut pages: Vec<usize> = pages.into_iter().collect();
    pages.sort_unstable();
    let edit = render::Edit { notes: &pages, graph, cheatsheet };
    let files = render::render_edit(&live.site, &live.keywords, &mut cache.render, edit);
    if files.is_none() {
        // The kept site is ahead of the pages served: the whole pipeline takes over.
        cache.live = None;
    }
    Some(Edited { files: files?, warnings })
}

/// The note at `path` read again, with its warnings, if only its body changed in ways no
/// other page shows.
fn reread(old: &Note, path: &Path) -> Option<(Note, Vec<Diagnostic>)> {
    let text = crate::files::read_text(path).ok()?;
    let front = &old.source.text[..old.source.body_offset];
    let same_front = if front.is_empty() {
        !text.starts_with("+++") && !text.starts_with("---")
    } else {
        front.ends_with('\n') && text.starts_with(front)
    };
    if !same_front {
        return None;
    }
    let mut source = old.source.clone();
    source.hash = crate::hash::content(text.as_bytes());
    source.text = text.into();
    let (parsed, diags) = parse::parse(&source);
    if diags.iter().any(Diagnostic::is_error) || !shows_the_same(&old.parsed, &parsed) {
        return None;
    }
    let mut note = old.clone();
    note.source = source;
    note.parsed = Arc::new(parsed);
    if crate::build::pool::note_questions(&note) != crate::build::pool::note_questions(old) {
        return None;
    }
    Some((note, diags))
}

/// Whether two parses of a note agree on everything other pages and notes read from it:
/// headings, anchors, block ids, tags, quizzes, tables, embeds and diagrams.
fn shows_the_same(old: &ParsedNote, new: &ParsedNote) -> bool {
    let headings =
        |p: &ParsedNote| p.headings.iter().map(|h| (h.level, h.id.clone(), h.text.clone())).collect::<Vec<_>>();
    let blocks = |p: &ParsedNote| p.blocks.iter().map(|b| b.id.clone()).collect::<Vec<_>>();
    let compares = |p: &ParsedNote| p.compares.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    headings(old) == headings(new)
        && blocks(old) == blocks(new)
        && compares(old) == compares(new)
        && old.footnote_ids == new.footnote_ids
        && old.tags == new.tags
        && old.quizzes == new.quizzes
        && old.has_mermaid == new.has_mermaid
        && new.embeds.is_empty()
}

/// Replaces note `source`'s backlinks on the notes it mentioned (`old_targets`) with those
/// of its new `mentions`; returns the notes whose "Mentioned in" list changed.
fn set_backlinks(site: &mut Site, source: usize, old_targets: &[usize], mentions: &[(usize, Arc<str>)]) -> Vec<usize> {
    let mut first: Vec<(usize, &Arc<str>)> = Vec::new();
    for (target, sentence) in mentions {
        if !first.iter().any(|(t, _)| t == target) {
            first.push((*target, sentence));
        }
    }
    let mut changed = Vec::new();
    let targets: HashSet<usize> = old_targets.iter().copied().chain(first.iter().map(|(t, _)| *t)).collect();
    for target in targets {
        let list = &mut site.notes[target].backlinks;
        let before: Option<Arc<str>> = list.iter().find(|b| b.source == source).map(|b| Arc::clone(&b.sentence_html));
        let after = first.iter().find(|(t, _)| *t == target).map(|(_, s)| Arc::clone(s));
        if before == after {
            continue;
        }
        list.retain(|b| b.source != source);
        if let Some(sentence_html) = after {
            let at = list.partition_point(|b| b.source < source);
            list.insert(at, Backlink { source, sentence_html });
        }
        changed.push(target);
    }
    changed
}
