//! The render stage as a whole: every page of the site, rendered in parallel and handed
//! to the write stage as it is made. A page whose inputs are unchanged since the last
//! build (same fingerprint in the cache) is taken from the cache instead.

use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::{disklinks, extras, offline, Renderer, Sink};
use crate::build::link::Linked;
use crate::build::memo::{Bytes, Memo, Slot};
use crate::build::search::{SearchIndex, SERVE_MANIFEST};
use crate::build::site::Site;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hash::Fnv;
use crate::theme::Theme;

/// The render stage's results kept between builds.
pub struct RenderCache {
    /// Note pages by output path, by everything the page shows.
    note_pages: Memo<String, Bytes>,
    /// Every other page but the graph (titles, summaries, keys, counts).
    other_pages: Slot<Vec<(String, Bytes)>>,
    /// The graph page, which also shows the links.
    graph_page: Slot<(String, Bytes)>,
    /// Theme files, assets, previews and the sitemap.
    pub(super) extras: Slot<Vec<(String, Bytes)>>,
    /// The theme and its parsed templates, for [`render_edit`] (only when kept).
    pub(crate) templates: Option<Templates>,
}

/// The theme of the last build and its templates, parsed, with the site's global context.
pub struct Templates {
    theme: Theme,
    tera: tera::Tera,
}

impl RenderCache {
    pub fn new(keep: bool) -> Self {
        RenderCache {
            note_pages: Memo::new(keep),
            other_pages: Slot::new(keep),
            graph_page: Slot::new(keep),
            extras: Slot::new(keep),
            templates: None,
        }
    }
}

/// What the index stage decided about search.
pub enum SearchPlan {
    Off,
    /// Built before rendering: pages name its manifest, whose name carries its hash.
    Built(SearchIndex),
    /// Built after the pages are out, under the fixed name [`SERVE_MANIFEST`], so pages
    /// do not depend on it and a reload is not kept waiting.
    Later,
}

/// How pages are rendered.
pub struct Mode<'a> {
    /// Pages load the live-reload client, and theme files keep fixed URLs (no content
    /// hashes), so a stylesheet edit changes no page.
    pub live_reload: bool,
    pub search: &'a SearchPlan,
    /// The question pool the study pages load.
    pub pool: &'a crate::build::pool::Pool,
}

/// Renders every page and hands it to `sink` (none for `check`); returns how many pages
/// the site has. Problems go to `diags`; a theme that cannot be used ends the build.
pub fn render_site(
    root: &Path,
    site: &Site,
    linked: &Linked,
    mode: Mode,
    cache: &mut RenderCache,
    sink: Option<&dyn Sink>,
    diags: &mut Diagnostics,
) -> Result<usize, Diagnostics> {
    let theme = match Theme::load(root) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::new("templates", 0, 0, format!("cannot read the theme: {e}")));
            return Err(std::mem::take(diags).finish());
        }
    };
    let asset_versions: Vec<(String, String)> = theme
        .statics
        .iter()
        .map(|(name, f)| (name.clone(), if mode.live_reload { "serve".into() } else { crate::hash::short(&f.bytes) }))
        .collect();
    let mut renderer = match Renderer::new(site, &linked.keywords, &theme, asset_versions) {
        Ok(r) => r,
        Err(ds) => {
            diags.extend(ds);
            return Err(std::mem::take(diags).finish());
        }
    };
    renderer.live_reload = mode.live_reload;
    renderer.set_search(match mode.search {
        SearchPlan::Built(index) => Some(index.manifest.as_str()),
        SearchPlan::Later => Some(SERVE_MANIFEST),
        SearchPlan::Off => None,
    });
    let fp = render_fingerprint(site, &theme, mode.live_reload);
    let index_links = sink.filter(|_| site.config.index_links).map(|inner| disklinks::IndexLinks { inner });
    let sink: Option<&dyn Sink> = match &index_links {
        Some(s) => Some(s),
        None => sink,
    };
    // The offline worker lists every file, so it is written last, through a recorder.
    let recorder = match sink {
        Some(inner) if site.config.offline && !mode.live_reload => Some(offline::Recorder::new(inner)),
        _ => None,
    };
    let sink: Option<&dyn Sink> = match &recorder {
        Some(r) => Some(r),
        None => sink,
    };
    // The other pages (the graph, glossary and cheat sheet are big single pages) render
    // beside the notes rather than after them.
    let mut other_diags = Diagnostics::default();
    // The cheat sheet shows the notes' key facts, so the other pages also depend on the
    // notes' HTML.
    let others_fp = {
        let mut h = Fnv::default();
        (fp, &linked.html_hashes).hash(&mut h);
        h.finish()
    };
    let (notes, others) = rayon::join(
        || note_pages(site, linked, &renderer, fp, &mut cache.note_pages, sink, diags),
        || {
            let (pages, graph) = (&mut cache.other_pages, &mut cache.graph_page);
            other_pages(site, &renderer, (others_fp, fp), pages, graph, sink, &mut other_diags)
        },
    );
    diags.extend(other_diags.0);
    let mut pages = notes + others;
    pages += study_pages(&renderer, mode.pool, sink, diags);
    if diags.has_errors() {
        return Ok(pages);
    }
    if let Some(sink) = sink {
        let written = match mode.search {
            SearchPlan::Built(index) => {
                index.files.par_iter().try_for_each(|(path, text)| sink.write(path, text.as_bytes()))
            }
            _ => Ok(()),
        };
        let written = written
            .and_then(|_| mode.pool.files.par_iter().try_for_each(|(path, text)| sink.write(path, text.as_bytes())));
        let written = written.and_then(|_| extras::write_cached(site, &theme, fp, &mut cache.extras, sink));
        // The offline worker lists every file written before it, so it comes last.
        let written = written.and_then(|_| match &recorder {
            Some(r) => sink.write(offline::WORKER, r.worker().as_bytes()),
            None => Ok(()),
        });
        if let Err(e) = written {
            diags.push(write_error("", e));
        }
    }
    if cache.note_pages.keeps() {
        let tera = renderer.into_tera();
        cache.templates = Some(Templates { theme, tera });
    }
    Ok(pages)
}

/// The pages an edit of note bodies changed (see [`crate::build::edit`]).
pub struct Edit<'a> {
    /// Note pages to render again.
    pub notes: &'a [usize],
    pub graph: bool,
    pub cheatsheet: bool,
}

/// Renders the pages of an [`Edit`] with the templates of the last build; `None` when
/// there are none, or a page fails (the whole pipeline then runs and reports it).
pub fn render_edit(
    site: &Site,
    keywords: &crate::build::link::keywords::Keywords,
    cache: &mut RenderCache,
    edit: Edit,
) -> Option<Vec<(String, Bytes)>> {
    let Templates { theme, tera } = cache.templates.take()?;
    let mut renderer = Renderer::reuse(site, keywords, &theme, tera);
    renderer.live_reload = true;
    let extra = |k: usize| match k {
        0 if edit.graph => Some(renderer.graph_page()),
        1 if edit.cheatsheet => Some(renderer.cheatsheet_page()),
        _ => None,
    };
    let pages: Result<Vec<super::Page>, Diagnostic> =
        edit.notes.par_iter().map(|&i| renderer.note_page(i)).chain((0..2).into_par_iter().filter_map(extra)).collect();
    let memory = crate::build::write::Memory::default();
    let sink: &dyn Sink = &memory;
    let index_links = disklinks::IndexLinks { inner: sink };
    let sink: &dyn Sink = if site.config.index_links { &index_links } else { sink };
    let written = pages.ok().map(|pages| pages.into_iter().try_for_each(|p| sink.write(&p.path, p.html.as_bytes())));
    cache.templates = Some(Templates { tera: renderer.into_tera(), theme });
    match written {
        Some(Ok(())) => Some(memory.into_files().into_iter().collect()),
        _ => None,
    }
}

fn write_error(path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::new(format!("(output)/{path}"), 0, 0, format!("cannot write: {e}"))
}

/// Everything every page shows: the site's fingerprint, the question count, the render
/// mode and the theme's files.
fn render_fingerprint(site: &Site, theme: &Theme, live_reload: bool) -> u64 {
    let mut h = Fnv::default();
    (site.fingerprint(), site.quiz_count(), live_reload).hash(&mut h);
    for (name, f) in theme.templates.iter().chain(&theme.statics) {
        (name, &f.bytes).hash(&mut h);
    }
    h.finish()
}

/// A note page for the cache: output path, fingerprint, bytes.
type KeptPage = (String, u64, Bytes);

/// Note pages, in parallel; each one's fingerprint covers its text, its linked HTML and
/// the sentences of its backlinks.
fn note_pages(
    site: &Site,
    linked: &Linked,
    renderer: &Renderer,
    render_fp: u64,
    cache: &mut Memo<String, Bytes>,
    sink: Option<&dyn Sink>,
    diags: &mut Diagnostics,
) -> usize {
    let previous = cache.take();
    let page_fp = |i: usize| {
        let note = &site.notes[i];
        let mut h = Fnv::default();
        (render_fp, i, note.source.hash, linked.html_hashes[i]).hash(&mut h);
        for b in &note.backlinks {
            (b.source, &b.sentence_html).hash(&mut h);
        }
        h.finish()
    };
    // A one-off build keeps no page after handing it to the sink: holding every page
    // until the last one is rendered was the render stage's largest use of memory.
    let keep = cache.keeps();
    let results: Vec<Result<Option<KeptPage>, Diagnostic>> = (0..site.notes.len())
        .into_par_iter()
        .map(|i| {
            let fp = page_fp(i);
            let path = format!("{}/index.html", site.notes[i].path);
            let bytes = match previous.get(&path, fp) {
                Some(bytes) => Arc::clone(bytes),
                None => Arc::new(renderer.note_page(i)?.html.into_bytes()),
            };
            if let Some(sink) = sink {
                sink.write_shared(&path, Arc::clone(&bytes)).map_err(|e| write_error(&path, e))?;
            }
            Ok(keep.then_some((path, fp, bytes)))
        })
        .collect();
    for r in results {
        match r {
            Ok(Some((path, fp, bytes))) => cache.insert(path, fp, bytes),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    site.notes.len()
}

/// Every page but the notes. They show titles, summaries, keys and counts, all covered
/// by the render fingerprint; the graph also shows the links.
fn other_pages(
    site: &Site,
    renderer: &Renderer,
    (others_fp, render_fp): (u64, u64),
    other_cache: &mut Slot<Vec<(String, Bytes)>>,
    graph_cache: &mut Slot<(String, Bytes)>,
    sink: Option<&dyn Sink>,
    diags: &mut Diagnostics,
) -> usize {
    let graph_fp = {
        let mut h = Fnv::default();
        render_fp.hash(&mut h);
        for n in &site.notes {
            n.outgoing.hash(&mut h);
        }
        h.finish()
    };
    let fresh_rest = || {
        // In parallel, in a fixed order: category pages, the single pages, comparisons
        // and redirects.
        let single = |k: usize| match k {
            0 => renderer.home_page(),
            1 => renderer.tags_page(),
            2 => renderer.glossary_page(),
            3 => renderer.cheatsheet_page(),
            _ => renderer.not_found_page(),
        };
        let (categories, (singles, rest)) = rayon::join(
            || renderer.category_pages(),
            || {
                rayon::join(
                    || (0..5).into_par_iter().map(single).collect::<Vec<_>>(),
                    || renderer.comparisons_page().into_iter().chain(extras::redirect_pages(site, renderer)).collect(),
                )
            },
        );
        categories.into_iter().chain(singles).chain::<Vec<_>>(rest)
    };
    let fresh_graph = || match graph_cache.get(graph_fp) {
        Some(_) => None,
        None => Some(renderer.graph_page()),
    };
    // What the cache does not have, made in parallel.
    let (fresh, graph) = match other_cache.get(others_fp) {
        Some(_) => (None, fresh_graph()),
        None => {
            let (pages, graph) = rayon::join(fresh_rest, fresh_graph);
            (Some(pages), graph)
        }
    };
    let rest = match fresh {
        None => other_cache.get(others_fp).cloned().unwrap_or_default(),
        Some(pages) => {
            let mut fresh = Vec::new();
            for r in pages {
                match r {
                    Ok(page) => fresh.push((page.path, Arc::new(page.html.into_bytes()))),
                    Err(d) => diags.push(d),
                }
            }
            other_cache.set(others_fp, fresh.clone());
            fresh
        }
    };
    let graph = match graph {
        None => graph_cache.get(graph_fp).cloned(),
        Some(Ok(page)) => {
            let page = (page.path, Arc::new(page.html.into_bytes()));
            graph_cache.set(graph_fp, page.clone());
            Some(page)
        }
        Some(Err(d)) => {
            diags.push(d);
            None
        }
    };
    let all: Vec<&(String, Bytes)> = rest.iter().chain(graph.as_ref()).collect();
    if let Some(sink) = sink {
        for (path, bytes) in &all {
            if let Err(e) = sink.write_shared(path, Arc::clone(bytes)) {
                diags.push(write_error(path, e));
            }
        }
    }
    all.len()
}

/// Study: the Review, Exam and Progress pages, rendered on every build (they are small, and
/// name the pool's shards, whose hashes the render fingerprint does not cover).
fn study_pages(
    renderer: &Renderer,
    pool: &crate::build::pool::Pool,
    sink: Option<&dyn Sink>,
    diags: &mut Diagnostics,
) -> usize {
    let mut count = 0;
    for kind in super::STUDY_PAGES {
        match renderer.study_page(kind, pool) {
            Ok(page) => {
                count += 1;
                if let Some(sink) = sink {
                    if let Err(e) = sink.write(&page.path, page.html.as_bytes()) {
                        diags.push(write_error(&page.path, e));
                    }
                }
            }
            Err(d) => diags.push(d),
        }
    }
    count
}
