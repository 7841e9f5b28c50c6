//! studysite: a static study-website generator.
//!
//! The pipeline flows one way, one module per stage:
//! [`load`] (walk `notes/`, front matter) → [`markdown`] (parse once) → [`link`]
//! (resolve and check links) → [`render`] (Tera) → [`output`] (atomic write).
//! [`build`] runs them all; `main.rs` only parses arguments and calls it.

pub mod autolink;
pub mod compare;
pub mod config;
pub mod diagnostics;
pub mod frontmatter;
pub mod graph;
pub mod hash;
pub mod highlight;
pub mod http;
pub mod keywords;
pub mod link;
pub mod load;
pub mod markdown;
pub mod output;
pub mod paths;
pub mod quiz;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod suggest;
pub mod theme;

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use diagnostics::{Diagnostic, Diagnostics};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `public/` under the root by default.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// `false` for `check`: everything is validated and rendered, nothing is written.
    pub write: bool,
    /// `--no-search`: no search index and no search box, whatever the settings say.
    pub no_search: bool,
    /// `--force`: replace an output folder studysite did not write (never the sources).
    pub force: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            out: None,
            base_url: None,
            drafts: false,
            write: true,
            no_search: false,
            force: false,
        }
    }
    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a successful build did, for the one-line summary.
#[derive(Debug, Clone)]
pub struct Summary {
    pub pages: usize,
    pub notes: usize,
    pub links: usize,
    pub quizzes: usize,
    pub words: usize,
    pub drafts_skipped: usize,
    pub elapsed: Duration,
    pub out: Option<PathBuf>,
    /// Time spent in each stage, in pipeline order.
    pub stages: Vec<(&'static str, Duration)>,
}

impl Summary {
    /// One line per stage, for `--timings` and benchmarks.
    pub fn stage_report(&self) -> String {
        self.stages.iter().map(|(name, d)| format!("  {name:<8} {:>9.1} ms\n", d.as_secs_f64() * 1000.0)).collect()
    }
}

/// Records how long each stage took.
struct Stopwatch {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    fn new() -> Self {
        Stopwatch { last: Instant::now(), stages: Vec::new() }
    }
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, now - self.last));
        self.last = now;
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} pages ({} notes, {} links, {} quiz questions{}) in {:.2} s",
            if self.out.is_some() { "Built" } else { "Checked" },
            self.pages,
            self.notes,
            self.links,
            self.quizzes,
            if self.drafts_skipped > 0 { format!(", {} drafts skipped", self.drafts_skipped) } else { String::new() },
            self.elapsed.as_secs_f64()
        )?;
        if let Some(out) = &self.out {
            write!(f, " → {}", out.display())?;
        }
        Ok(())
    }
}

/// What `serve` keeps between builds so an edit redoes only what it touches: parsed
/// notes (by file and content hash), linked notes (while the rest of the site is the
/// same) and rendered note pages (while everything they show is the same).
#[derive(Default)]
pub struct BuildCache {
    /// By source path: content hash, parse result, parse problems.
    notes: HashMap<String, Parsed>,
    /// By source path: content hash and site fingerprint it was linked with, and the result.
    links: HashMap<String, (u64, u64, link::NoteLinks)>,
    reads: load::ReadCache,
    /// Rendered note pages by output path, with the fingerprint of what they show.
    pages: HashMap<String, (u64, Bytes)>,
    other_pages: Option<(u64, Vec<(String, Bytes)>)>,
    graph_page: Option<(u64, (String, Bytes))>,
    extras: Option<(u64, Vec<(String, Bytes)>)>,
    keywords: Option<(u64, Arc<keywords::Keywords>, Vec<Diagnostic>)>,
    /// The site `serve` built last, kept until its search index is made.
    search_site: Option<site::Site>,
}

/// File contents shared between a build's output and the cache.
type Bytes = Arc<Vec<u8>>;
type Parsed = (u64, Arc<markdown::ParsedNote>, Vec<Diagnostic>);
type CachedPage = (String, u64, Bytes);

/// Runs the whole pipeline. On any problem, every problem found is returned and the
/// output folder is left exactly as it was.
pub fn build(opts: &BuildOptions) -> Result<Summary, Diagnostics> {
    compile(opts, &mut BuildCache::default(), None)
}

/// The pipeline, for `build` and `check` (`memory` is `None`) and for `serve`, which
/// keeps a parse cache and takes the site in memory, with the live-reload client.
pub fn compile(
    opts: &BuildOptions,
    cache: &mut BuildCache,
    memory: Option<&output::Memory>,
) -> Result<Summary, Diagnostics> {
    let started = Instant::now();
    let mut watch = Stopwatch::new();
    let root = &opts.root;
    let mut diags = Diagnostics::default();

    let mut config = match config::Config::load(root) {
        Ok(c) => c,
        Err(ds) => {
            diags.extend(ds);
            config::Config::default()
        }
    };
    if let Some(url) = &opts.base_url {
        config.base_url = if url.ends_with('/') { url.clone() } else { format!("{url}/") };
    }

    // Where the site goes is checked first: a refused output folder costs no build.
    let out_dir = opts.out_dir();
    let output = if opts.write && memory.is_none() {
        match output::OutputDir::resolve(root, &out_dir, opts.force, config.keep_dotfiles) {
            Ok(dir) => Some(dir),
            Err(refusal) => {
                let help = if refusal.forceable {
                    "choose a new or empty folder with `--out DIR`, or pass `--force` to replace this one (its `.git` is kept)"
                } else {
                    "choose another folder with `--out DIR`, e.g. `public` inside the site folder (the default)"
                };
                diags.push(Diagnostic::new(out_dir.display().to_string(), 0, 0, refusal.message).with_help(help));
                None
            }
        }
    } else {
        None
    };

    // Stage 1: load.
    let (mut loaded, load_diags) = load::load_cached(root, opts.drafts, config.title_from, &mut cache.reads);
    diags.extend(load_diags.0);

    let mut comparisons = BTreeMap::new();
    for file in &loaded.comparisons {
        match compare::parse(file) {
            Ok(t) => {
                comparisons.insert(t.name.clone(), t);
            }
            Err(ds) => {
                // Blocks that embed a broken table are not reported a second time.
                loaded.broken_ids.push(format!("{}/{}", load::COMPARISONS_DIR, file.name));
                diags.extend(ds)
            }
        }
    }

    watch.lap("load");
    // Stage 2: parse every note once, in parallel.
    let previous = std::mem::take(&mut cache.notes);
    let parsed: Vec<(load::SourceNote, u64, Arc<markdown::ParsedNote>, Vec<Diagnostic>)> = loaded
        .notes
        .into_par_iter()
        .map(|note| {
            let h = note.hash;
            match previous.get(&note.rel_path) {
                Some((old, p, d)) if *old == h => (note, h, Arc::clone(p), d.clone()),
                _ => {
                    let (p, d) = markdown::parse(&note);
                    (note, h, Arc::new(p), d)
                }
            }
        })
        .collect();
    let mut notes = Vec::with_capacity(parsed.len());
    let mut parse_hashes = HashMap::new();
    for (note, h, p, d) in parsed {
        diags.extend(d.iter().cloned());
        cache.notes.insert(note.rel_path.clone(), (h, Arc::clone(&p), d));
        parse_hashes.insert(note.rel_path.clone(), h);
        notes.push((note, p));
    }

    let (mut site, site_diags) =
        site::assemble(config, notes, loaded.categories, comparisons, loaded.assets, loaded.broken_ids);
    diags.extend(site_diags);
    diags.extend(paths::clashes(&site));

    watch.lap("parse");
    // Stage 3: link.
    let site_fp = site.fingerprint();
    let reusable: HashMap<String, link::NoteLinks> = std::mem::take(&mut cache.links)
        .into_iter()
        .filter(|(path, (parse, fp, _))| *fp == site_fp && parse_hashes.get(path) == Some(parse))
        .map(|(path, (_, _, links))| (path, links))
        .collect();
    let keys = cache.keywords.take().filter(|(fp, _, _)| *fp == site_fp).map(|(_, k, d)| (k, d));
    let (keywords, key_diags, link_diags, linked) = link::link(&mut site, &reusable, keys);
    diags.extend(key_diags.iter().cloned());
    cache.keywords = Some((site_fp, Arc::clone(&keywords), key_diags));
    diags.extend(link_diags);
    let html_hashes: Vec<u64> = linked.iter().map(|l| l.html_hash).collect();
    for (note, links) in site.notes.iter().zip(linked) {
        cache.links.insert(note.source.rel_path.clone(), (parse_hashes[&note.source.rel_path], site_fp, links));
    }

    watch.lap("link");
    // Stage 4: the search index (before rendering: pages name its manifest). `serve`
    // builds it after the pages are out (see `deferred_search`): its manifest name is
    // fixed there, so pages do not depend on it and the reload is not kept waiting.
    let wants_search = opts.write && site.config.search && !opts.no_search && diags.is_empty();
    let search_index = (wants_search && memory.is_none()).then(|| search::build(&site, false));
    if search_index.is_some() {
        watch.lap("search");
    }
    // Stage 5: render (and write, when there is nothing wrong so far).
    let theme = match theme::Theme::load(root) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::new("templates", 0, 0, format!("cannot read the theme: {e}")));
            return Err(diags.finish());
        }
    };
    // Built sites get content hashes for cache busting; `serve` sends no-store and keeps
    // URLs fixed, so a stylesheet edit changes no page and can be swapped in place.
    let asset_versions: Vec<(String, String)> = theme
        .statics
        .iter()
        .map(|(name, f)| (name.clone(), if memory.is_some() { "serve".into() } else { hash::short(&f.bytes) }))
        .collect();
    let renderer = match render::Renderer::new(&site, &keywords, &theme, asset_versions) {
        Ok(mut r) => {
            r.live_reload = memory.is_some();
            let manifest = match (&search_index, memory.is_some() && wants_search) {
                (Some(index), _) => Some(index.manifest.as_str()),
                (None, true) => Some(search::SERVE_MANIFEST),
                (None, false) => None,
            };
            r.set_search(manifest);
            r
        }
        Err(ds) => {
            diags.extend(ds);
            return Err(diags.finish());
        }
    };

    let staging = match (&output, diags.is_empty()) {
        (Some(dir), true) => match output::Staging::new(dir) {
            Ok(s) => Some(s),
            Err(e) => {
                diags.push(Diagnostic::new(
                    out_dir.display().to_string(),
                    0,
                    0,
                    format!("cannot create the staging folder beside the output folder: {e}"),
                ));
                return Err(diags.finish());
            }
        },
        _ => None,
    };
    let sink: Option<&dyn output::Sink> = match (&staging, memory) {
        (Some(s), _) => Some(s),
        (None, Some(m)) => Some(m),
        (None, None) => None,
    };
    let write = |page: &render::Page| -> Result<(), Diagnostic> {
        if let Some(s) = sink {
            s.write(&page.path, page.html.as_bytes()).map_err(|e| {
                Diagnostic::new(out_dir.join(&page.path).display().to_string(), 0, 0, format!("cannot write: {e}"))
            })?;
        }
        Ok(())
    };
    // In `serve`, a note page whose inputs are all unchanged is taken from the last build.
    let render_fp = {
        let mut h = hash::Fnv::default();
        (site_fp, site.quiz_count(), memory.is_some()).hash(&mut h);
        for (name, f) in theme.templates.iter().chain(&theme.statics) {
            (name, &f.bytes).hash(&mut h);
        }
        h.finish()
    };
    let page_fp = |i: usize| {
        let note = &site.notes[i];
        let mut h = hash::Fnv::default();
        (render_fp, i, parse_hashes[&note.source.rel_path], html_hashes[i]).hash(&mut h);
        for b in &note.backlinks {
            (b.source, &b.sentence_html).hash(&mut h);
        }
        h.finish()
    };
    let previous_pages = std::mem::take(&mut cache.pages);
    // `Some((path, fingerprint, bytes))` for pages `serve` keeps.
    let note_results: Vec<Result<Option<CachedPage>, Diagnostic>> = (0..site.notes.len())
        .into_par_iter()
        .map(|i| {
            let Some(memory) = memory else {
                return renderer.note_page(i).and_then(|p| write(&p)).map(|_| None);
            };
            let fp = page_fp(i);
            let path = format!("{}/index.html", site.notes[i].source.id);
            let bytes = match previous_pages.get(&path) {
                Some((old, bytes)) if *old == fp => Arc::clone(bytes),
                _ => Arc::new(renderer.note_page(i)?.html.into_bytes()),
            };
            memory.insert(&path, Arc::clone(&bytes));
            Ok(Some((path, fp, bytes)))
        })
        .collect();
    let mut pages = site.notes.len();
    // The other pages show titles, summaries, keys and counts, all covered by `render_fp`
    // (the graph also shows links). In `serve` an edit of a note's body reuses them.
    let graph_fp = {
        let mut h = hash::Fnv::default();
        render_fp.hash(&mut h);
        for n in &site.notes {
            n.outgoing.hash(&mut h);
        }
        h.finish()
    };
    let render_others = |with_graph: bool, with_rest: bool| {
        let mut others = Vec::new();
        if with_rest {
            others.extend(renderer.category_pages());
            others.push(renderer.home_page());
            others.push(renderer.tags_page());
            others.push(renderer.glossary_page());
            others.push(renderer.not_found_page());
            others.extend(renderer.comparisons_page());
            others.extend(redirect_pages(&site));
        }
        if with_graph {
            others.push(renderer.graph_page());
        }
        others
    };
    let others = match memory {
        None => render_others(true, true),
        Some(memory) => {
            let reuse_rest = cache.other_pages.as_ref().is_some_and(|(fp, _)| *fp == render_fp);
            let reuse_graph = cache.graph_page.as_ref().is_some_and(|(fp, _)| *fp == graph_fp);
            let fresh = render_others(!reuse_graph, !reuse_rest);
            let mut rendered_rest = Vec::new();
            let mut others = Vec::new();
            for r in fresh {
                match r {
                    Ok(page) if page.path == "graph/index.html" => {
                        cache.graph_page =
                            Some((graph_fp, (page.path.clone(), Arc::new(page.html.clone().into_bytes()))));
                        others.push(Ok(page));
                    }
                    Ok(page) => {
                        rendered_rest.push((page.path.clone(), Arc::new(page.html.clone().into_bytes())));
                        others.push(Ok(page));
                    }
                    Err(d) => others.push(Err(d)),
                }
            }
            if reuse_rest {
                for (path, bytes) in &cache.other_pages.as_ref().unwrap().1 {
                    memory.insert(path, Arc::clone(bytes));
                    pages += 1;
                }
            } else {
                cache.other_pages = Some((render_fp, rendered_rest));
            }
            if reuse_graph {
                let (path, bytes) = &cache.graph_page.as_ref().unwrap().1;
                memory.insert(path, Arc::clone(bytes));
                pages += 1;
            }
            others
        }
    };
    pages += others.len();
    for r in note_results {
        match r {
            Ok(Some((path, fp, bytes))) => {
                cache.pages.insert(path, (fp, bytes));
            }
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    for r in others {
        if let Err(d) = r.and_then(|p| write(&p)) {
            diags.push(d);
        }
    }

    watch.lap("render");
    if !diags.is_empty() {
        drop(staging);
        return Err(diags.finish());
    }
    let mut summary = Summary {
        pages,
        notes: site.notes.len(),
        links: site.notes.iter().map(|n| n.outgoing.len()).sum(),
        quizzes: site.quiz_count(),
        words: site.word_count(),
        drafts_skipped: loaded.drafts_skipped,
        elapsed: started.elapsed(),
        out: staging.as_ref().map(|_| out_dir.clone()),
        stages: Vec::new(),
    };
    if let Some(sink) = sink {
        let search_written = search_index.as_ref().map_or(Ok(()), |s| s.write(sink));
        let extras_written = search_written.and_then(|_| match memory {
            None => write_extras(sink, &site, &theme),
            Some(memory) => {
                // Theme files, assets, previews and the sitemap change with the site's
                // fingerprint or an asset file, not with a note's body.
                let mut h = hash::Fnv::default();
                render_fp.hash(&mut h);
                for a in &site.assets {
                    let meta = std::fs::metadata(&a.path).ok();
                    (meta.as_ref().map(|m| m.len()), meta.and_then(|m| m.modified().ok())).hash(&mut h);
                }
                let fp = h.finish();
                if cache.extras.as_ref().is_none_or(|(old, _)| *old != fp) {
                    let fresh = output::Memory::default();
                    write_extras(&fresh, &site, &theme)?;
                    cache.extras = Some((fp, fresh.into_files().into_iter().collect()));
                }
                for (path, bytes) in &cache.extras.as_ref().expect("just filled").1 {
                    memory.insert(path, Arc::clone(bytes));
                }
                Ok(())
            }
        });
        if let Err(e) = extras_written {
            return Err(Diagnostic::new(out_dir.display().to_string(), 0, 0, format!("cannot write: {e}")).into());
        }
    }
    if let Some(staging) = staging {
        if let Err(e) = staging.commit() {
            return Err(Diagnostic::new(
                out_dir.display().to_string(),
                0,
                0,
                format!("cannot replace the output folder: {e}"),
            )
            .into());
        }
    }
    watch.lap("write");
    summary.stages = watch.stages;
    summary.elapsed = started.elapsed();
    cache.search_site = (memory.is_some() && wants_search).then_some(site);
    Ok(summary)
}

/// The search index of the site `serve` just built, as a job to run after the pages
/// went out (on another thread, so the next edit does not wait for it).
pub fn deferred_search(cache: &mut BuildCache) -> Option<impl FnOnce() -> Vec<(String, String)> + Send + 'static> {
    let site = cache.search_site.take()?;
    Some(move || search::build(&site, true).files)
}

/// Pages at a note's old addresses (`aliases` in its front matter) that send readers on.
/// Clashes with other output paths are reported by [`paths::clashes`].
fn redirect_pages(site: &site::Site) -> Vec<Result<render::Page, Diagnostic>> {
    let categories: std::collections::HashSet<&str> = site.categories.iter().map(|c| c.slug.as_str()).collect();
    let mut pages = Vec::new();
    for n in &site.notes {
        for alias in &n.source.front.aliases {
            let path = paths::alias_path(alias);
            let line = paths::alias_line(&n.source.text, alias);
            let problem = match paths::alias_problem(alias) {
                Some(problem) => Some(problem),
                None if categories.contains(path.as_str()) => Some("is the address of a category page"),
                None => None,
            };
            if let Some(problem) = problem {
                pages.push(Err(Diagnostic::new(
                    &n.source.rel_path,
                    line,
                    1,
                    format!("the alias \"{alias}\" {problem}"),
                )
                .with_source(diagnostics::line_text(&n.source.text, line))
                .with_help("aliases are old addresses of this note, e.g. `aliases = [\"old-folder/s3\"]`")));
                continue;
            }
            let target = format!("{}{}", "../".repeat(path.split('/').count()), n.url);
            let target = highlight::escape_html(&target);
            let title = highlight::escape_html(n.title());
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n<link rel=\"canonical\" href=\"{target}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n",
                lang = highlight::escape_html(&site.config.language)
            );
            pages.push(Ok(render::Page { path: format!("{path}/index.html"), html }));
        }
    }
    pages
}

/// Everything besides pages: theme files, note assets, and the files hosts look for.
fn write_extras(staging: &dyn output::Sink, site: &site::Site, theme: &theme::Theme) -> std::io::Result<()> {
    for (name, file) in &theme.statics {
        if name == "CNAME" {
            staging.write("CNAME", &file.bytes)?;
        } else {
            staging.write(&format!("static/{name}"), &file.bytes)?;
        }
    }
    site.assets.par_iter().try_for_each(|a| staging.copy(&a.rel, &a.path))?;
    for (path, text) in render::preview_files(site) {
        staging.write(&path, text.as_bytes())?;
    }
    staging.write(".nojekyll", b"")?;
    let base = site.config.base_url.as_str();
    let absolute = base.contains("://");
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut push = |path: &str| {
        sitemap.push_str(&format!("  <url><loc>{}</loc></url>\n", highlight::escape_html(&format!("{base}{path}"))));
    };
    push("");
    for c in site.categories.iter().filter(|c| !c.slug.is_empty()) {
        push(&c.url());
    }
    for n in &site.notes {
        push(&n.url);
    }
    sitemap.push_str("</urlset>\n");
    staging.write("sitemap.xml", sitemap.as_bytes())?;
    let robots = if absolute {
        format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n")
    } else {
        "User-agent: *\nAllow: /\n".to_string()
    };
    staging.write("robots.txt", robots.as_bytes())?;
    Ok(())
}
