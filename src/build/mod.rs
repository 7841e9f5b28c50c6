//! The pipeline, one stage per module, data flowing one way:
//!
//! 1. [`load`]: walk `notes/`, read files, parse front matter → `Loaded`
//! 2. [`parse`]: Markdown, code highlighting, quiz blocks, comparison files, each note
//!    parsed once → [`site::Site`] (assembled by [`site`], output paths checked by [`paths`])
//! 3. [`link`]: keys, wiki and Markdown links, backlinks, checks → linked HTML per note
//! 4. [`search`]: the search index, and [`pool`]: the site-wide question pool (the index stage)
//! 5. [`render`]: pages through Tera templates
//! 6. [`write`]: files into a staging folder swapped in atomically, or into memory
//!
//! [`compile`] runs them in order. The results a stage may reuse on the next build live
//! in [`cache`], beside the stages: `serve` keeps one [`BuildCache`], `build` and
//! `check` use one that keeps nothing.

pub(crate) mod cache;
pub(crate) mod edit;
pub mod frontmatter;
pub(crate) mod link;
pub mod load;
pub(crate) mod memo;
pub mod parse;
pub(crate) mod paths;
pub mod pool;
pub(crate) mod render;
pub mod search;
pub mod site;
pub(crate) mod write;

use std::path::PathBuf;
use std::time::{Duration, Instant};

pub(crate) use cache::BuildCache;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};

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
    /// No `sitemap.xml` was written: sitemaps need absolute URLs and `base_url` has none.
    pub no_sitemap: bool,
    pub elapsed: Duration,
    pub out: Option<PathBuf>,
    /// Time spent in each stage, in pipeline order.
    pub stages: Vec<(&'static str, Duration)>,
    /// Problems that did not stop the build (printed before the summary).
    pub warnings: Diagnostics,
}

impl Summary {
    /// One line per stage, for `--timings` and benchmarks.
    pub fn stage_report(&self) -> String {
        self.stages.iter().map(|(name, d)| format!("  {name:<8} {:>9.1} ms\n", d.as_secs_f64() * 1000.0)).collect()
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{} {} ({}, {}, {}{}) in {:.2} s",
            if self.out.is_some() { "Built" } else { "Checked" },
            count(self.pages, "page", "pages"),
            count(self.notes, "note", "notes"),
            count(self.links, "link", "links"),
            count(self.quizzes, "quiz question", "quiz questions"),
            if self.drafts_skipped > 0 {
                format!(", {} skipped", count(self.drafts_skipped, "draft", "drafts"))
            } else {
                String::new()
            },
            self.elapsed.as_secs_f64()
        )?;
        if let Some(out) = &self.out {
            write!(f, " → {}", out.display())?;
            if self.no_sitemap {
                write!(f, " (no sitemap.xml: set base_url to the site's full https:// address for one)")?;
            }
        }
        Ok(())
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

/// Runs the whole pipeline. On any problem, every problem found is returned and the
/// output folder is left exactly as it was.
pub fn build(opts: &BuildOptions) -> Result<Summary, Diagnostics> {
    compile(opts, &mut BuildCache::off(), None)
}

/// Where a build's files go: the output folder (`build`), memory (`serve`) or nowhere
/// (`check`). Memory builds keep fixed asset URLs, add the live-reload client and make
/// their search index after the pages (see [`deferred_search`]).
fn target<'m>(
    opts: &BuildOptions,
    config: &Config,
    memory: Option<&'m write::Memory>,
    diags: &mut Diagnostics,
) -> Target<'m> {
    if let Some(memory) = memory {
        return Target::Memory(memory);
    }
    if !opts.write {
        return Target::Nowhere;
    }
    let out_dir = opts.out_dir();
    match write::OutputDir::resolve(&opts.root, &out_dir, opts.force, config.keep_dotfiles) {
        Ok(dir) => Target::Disk(dir),
        Err(refusal) => {
            let help = if refusal.forceable {
                "choose a new or empty folder with `--out DIR`, or pass `--force` to replace this one (its `.git` is kept)"
            } else {
                "choose another folder with `--out DIR`, e.g. `public` inside the site folder (the default)"
            };
            diags.push(Diagnostic::new(out_dir.display().to_string(), 0, 0, refusal.message).with_help(help));
            Target::Nowhere
        }
    }
}

enum Target<'m> {
    Disk(write::OutputDir),
    Memory(&'m write::Memory),
    Nowhere,
}

/// The pipeline, for `build` and `check` (`memory` is `None`) and for `serve`, which
/// passes a cache that keeps results and takes the site in memory.
pub(crate) fn compile(
    opts: &BuildOptions,
    cache: &mut BuildCache,
    memory: Option<&write::Memory>,
) -> Result<Summary, Diagnostics> {
    let started = Instant::now();
    let mut watch = Stopwatch::new();
    let mut diags = Diagnostics::default();
    // Until this build succeeds, edits go through the whole pipeline.
    cache.live = None;
    let config = load_config(opts, &mut diags);
    let target = target(opts, &config, memory, &mut diags);

    let search_on = opts.write && config.search && !opts.no_search;
    // A build to disk makes each note's search documents while linking it (its events are
    // freed right after); `serve` makes them after the pages are out.
    let documents = search_on && matches!(target, Target::Disk(_));
    let (mut site, linked, drafts_skipped, documents) =
        load_to_link(opts, config, cache, &mut diags, &mut watch, documents);

    if !cache.keeps() {
        use rayon::prelude::*;
        site.notes.par_iter_mut().for_each(site::Note::release_body);
    }
    let search = match (&target, search_on && !diags.has_errors()) {
        (Target::Disk(_), true) => render::SearchPlan::Built(match documents {
            Some(notes) => search::build_with(&site, notes),
            None => search::build(&mut site, false),
        }),
        (Target::Memory(_), true) => render::SearchPlan::Later,
        _ => {
            release_events(&mut site);
            render::SearchPlan::Off
        }
    };
    let pool = pool::build(&site);
    if matches!(search, render::SearchPlan::Built(_)) {
        watch.lap("search");
    }

    let staging = match (&target, !diags.has_errors()) {
        (Target::Disk(dir), true) => match write::Staging::new(dir) {
            Ok(s) => Some(s),
            Err(e) => {
                diags.push(Diagnostic::new(
                    dir.path().display().to_string(),
                    0,
                    0,
                    format!("cannot create the staging folder beside the output folder: {e}"),
                ));
                return Err(diags.finish());
            }
        },
        _ => None,
    };
    let sink: Option<&dyn render::Sink> = match (&staging, &target) {
        (Some(s), _) => Some(s),
        (None, Target::Memory(m)) => Some(*m),
        _ => None,
    };
    let mode = render::Mode { live_reload: memory.is_some(), search: &search, pool: &pool };
    let pages = render::render_site(&opts.root, &site, &linked, mode, &mut cache.render, sink, &mut diags)?;
    watch.lap("render");
    if diags.has_errors() {
        return Err(diags.finish());
    }

    let shown_out = opts.out_dir();
    let mut summary = Summary {
        pages,
        notes: site.notes.len(),
        links: site.notes.iter().map(|n| n.outgoing.len()).sum(),
        quizzes: site.quiz_count(),
        words: site.word_count(),
        drafts_skipped,
        no_sitemap: !site.config.base_url.contains("://"),
        elapsed: started.elapsed(),
        out: staging.as_ref().map(|_| shown_out.clone()),
        stages: Vec::new(),
        warnings: std::mem::take(&mut diags).finish(),
    };
    if let Some(staging) = staging {
        staging.commit().map_err(|e| {
            Diagnostic::new(shown_out.display().to_string(), 0, 0, format!("cannot replace the output folder: {e}"))
        })?;
    }
    watch.lap("write");
    summary.stages = watch.stages;
    summary.elapsed = started.elapsed();
    if let (Target::Memory(_), Some(index)) = (&target, linked.index) {
        let search = matches!(search, render::SearchPlan::Later);
        cache.live = Some(edit::LiveSite::new(site, index, linked.keywords, search));
    }
    Ok(summary)
}

/// Frees every note's parsed events ([`site::Note::release_events`]), on every core
/// (millions of small strings).
fn release_events(site: &mut site::Site) {
    use rayon::prelude::*;
    site.notes.par_iter_mut().for_each(site::Note::release_events);
}

/// The notes' search documents, made in the link stage's pass.
type Documents = Option<Vec<std::sync::Arc<search::NoteSections>>>;

/// Stages 1 to 3: the site, linked. Returns it with the link stage's results, how many
/// drafts were left out and, when `documents` is asked for, each note's search documents
/// (made from its events just before the link stage frees them).
fn load_to_link(
    opts: &BuildOptions,
    config: Config,
    cache: &mut BuildCache,
    diags: &mut Diagnostics,
    watch: &mut Stopwatch,
    documents: bool,
) -> (site::Site, link::Linked, usize, Documents) {
    let (mut loaded, load_diags) = load::load_cached(&opts.root, opts.drafts, &mut cache.reads);
    diags.extend(load_diags.0);
    let comparisons = parse::parse_tables(&loaded.comparisons, &mut loaded.broken_ids, diags);
    watch.lap("load");

    let notes = parse::parse_notes(loaded.notes, &mut cache.parsed, diags);
    let (mut site, site_diags) =
        site::assemble(config, notes, loaded.categories, comparisons, loaded.assets, loaded.broken_ids);
    diags.extend(site_diags);
    diags.extend(paths::clashes(&site));
    watch.lap("parse");

    let (linked, documents) = if documents {
        let maker = search::DocumentMaker::new(&site);
        let make = |note: &site::Note, events: &parse::Events| maker.make(note, events);
        let (linked, made) = link::link_site(&mut site, &mut cache.links, diags, Some(&make));
        (linked, Some(made))
    } else {
        (link::link_site::<()>(&mut site, &mut cache.links, diags, None).0, None)
    };
    watch.lap("link");
    (site, linked, loaded.drafts_skipped, documents)
}

/// The site after the link stage (nothing rendered or written), for `studysite export`,
/// which needs every question with its note and section.
pub fn linked_site(opts: &BuildOptions) -> Result<site::Site, Diagnostics> {
    let mut diags = Diagnostics::default();
    let config = load_config(opts, &mut diags);
    let (site, _, _, _) = load_to_link(opts, config, &mut BuildCache::off(), &mut diags, &mut Stopwatch::new(), false);
    if diags.is_empty() {
        Ok(site)
    } else {
        Err(diags.finish())
    }
}

/// `studysite.toml`, with `--base-url` applied; problems go to `diags` (defaults then).
fn load_config(opts: &BuildOptions, diags: &mut Diagnostics) -> Config {
    let mut config = Config::load(&opts.root).unwrap_or_else(|ds| {
        diags.extend(ds);
        Config::default()
    });
    if let Some(url) = &opts.base_url {
        match crate::config::check_base_url(url) {
            Ok(()) => config.base_url = if url.ends_with('/') { url.clone() } else { format!("{url}/") },
            Err(message) => diags.push(Diagnostic::new("--base-url", 0, 0, message).with_help(
                "pass the address the site is published at, e.g. `--base-url https://user.github.io/repo/`",
            )),
        }
    }
    config
}

/// The search index of the site `serve` just built or edited, as a job to run after the
/// pages went out (on another thread, so the next edit does not wait for it). Notes whose
/// documents are unchanged since the last index keep them.
pub(crate) fn deferred_search(cache: &BuildCache) -> Option<impl FnOnce() -> Vec<(String, String)> + Send + 'static> {
    let live = cache.live.as_ref().filter(|l| l.search)?;
    let site = std::sync::Arc::clone(&live.site);
    let documents = std::sync::Arc::clone(&cache.documents);
    Some(move || {
        let mut documents = documents.lock().unwrap_or_else(|e| e.into_inner());
        search::build_kept(&site, &mut documents).files
    })
}
