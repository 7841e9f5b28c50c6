//! Stage 5, render: Tera templates turn the linked site into pages, in parallel.

mod cheatsheet;
mod disklinks;
mod extras;
mod glossary;
mod graph;
mod offline;
mod pages;

pub use pages::{render_site, Mode, RenderCache, SearchPlan};

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Tera};

use crate::build::site::{Note, Site};
use crate::diagnostics::Diagnostic;
use crate::html::js_string;
use crate::theme::Theme;

/// Pages the generator renders and the template each uses.
pub const TEMPLATE_NAMES: &[&str] = &[
    "base.html",
    "note.html",
    "category.html",
    "index.html",
    "tags.html",
    "404.html",
    "comparisons.html",
    "comparison.html",
    // Study pages.
    "review.html",
    "exam.html",
    "progress.html",
];

/// Where rendered files go: the write stage's staging folder on disk, or memory (for
/// `serve`). The render stage hands each file over as soon as it is made.
pub trait Sink: Sync {
    /// Writes one file (relative `/`-separated path); called from many threads.
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()>;
    fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()>;
    /// Writes a file whose bytes a cache also holds (memory keeps the same allocation).
    fn write_shared(&self, rel: &str, bytes: Arc<Vec<u8>>) -> std::io::Result<()> {
        self.write(rel, &bytes)
    }
}

/// Study: the pages of the study loop, each at `KIND/index.html` with template `KIND.html`.
pub const STUDY_PAGES: &[&str] = &["review", "exam", "progress"];

/// A rendered file, relative to the output root.
pub struct Page {
    pub path: String,
    pub html: String,
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: String,
    language: &'a str,
    key: String,
    repository: Option<&'a str>,
    author: Option<&'a str>,
    note_count: usize,
    quiz_count: usize,
    has_comparisons: bool,
    preview_shards: usize,
    /// Pages register the offline worker (`sw.js`); never under `serve`.
    offline: bool,
}

#[derive(Serialize, Clone)]
struct NoteLink<'a> {
    title: &'a str,
    url: &'a str,
    summary: Option<&'a str>,
    category: &'a str,
    tags: &'a [String],
}

#[derive(Serialize)]
struct TagLink {
    name: String,
    url: String,
}

#[derive(Serialize)]
struct NavNote<'a> {
    title: &'a str,
    url: &'a str,
    current: bool,
}

#[derive(Serialize)]
struct NavCategory<'a> {
    title: &'a str,
    url: String,
    open: bool,
    current: bool,
    count: usize,
    notes: Vec<NavNote<'a>>,
    /// Notes left out of the sidebar (large categories), reachable from the category page.
    more: usize,
}

#[derive(Serialize)]
struct CategoryCtx<'a> {
    title: &'a str,
    url: String,
    summary: Option<&'a str>,
    count: usize,
    notes: Vec<NoteLink<'a>>,
    more: usize,
}

/// Sidebar entries shown per category on big sites; the rest are on the category page.
/// This keeps every page's size independent of the number of notes.
const SIDEBAR_LIMIT: usize = 60;
const HOME_LIMIT: usize = 24;

pub struct Renderer<'a> {
    tera: Tera,
    site: &'a Site,
    keywords: &'a crate::build::link::keywords::Keywords,
    theme: &'a Theme,
    /// Set by `serve`: pages get the live-reload client.
    pub live_reload: bool,
}

fn note_link(n: &Note) -> NoteLink<'_> {
    NoteLink {
        title: n.title(),
        url: &n.url,
        summary: n.source.front.summary.as_deref(),
        category: &n.source.category,
        tags: &n.source.front.tags,
    }
}

impl<'a> Renderer<'a> {
    pub fn new(
        site: &'a Site,
        keywords: &'a crate::build::link::keywords::Keywords,
        theme: &'a Theme,
        asset_versions: Vec<(String, String)>,
    ) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let mut sources = Vec::new();
        let mut diags = Vec::new();
        for (name, file) in &theme.templates {
            match std::str::from_utf8(&file.bytes) {
                Ok(text) => sources.push((name.clone(), text.to_string())),
                Err(_) => diags.push(Diagnostic::new(
                    file.display_path("templates", name),
                    0,
                    0,
                    "the template is not UTF-8 text",
                )),
            }
        }
        for name in TEMPLATE_NAMES {
            if !theme.templates.contains_key(*name) {
                diags.push(Diagnostic::new(
                    format!("templates/{name}"),
                    0,
                    0,
                    format!("the theme has no `{name}` template"),
                ));
            }
        }
        if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
            diags.push(template_error(&e, theme));
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        let site_ctx = SiteCtx {
            title: &site.config.title,
            description: &site.config.description,
            base_url: &site.config.base_url,
            base_path: site.config.base_path(),
            language: &site.config.language,
            key: site.config.site_key(),
            repository: site.config.repository.as_deref(),
            author: site.config.author.as_deref(),
            note_count: site.notes.len(),
            quiz_count: site.quiz_count(),
            has_comparisons: !site.comparisons.is_empty(),
            preview_shards: preview_shards(site.notes.len()),
            offline: site.config.offline,
        };
        tera.global_context().insert("site", &site_ctx);
        let assets: std::collections::BTreeMap<String, String> = asset_versions.iter().cloned().collect();
        tera.global_context().insert("asset_version", &assets);
        tera.global_context().insert("search_index", &Option::<String>::None);
        Ok(Renderer { tera, site, keywords, theme, live_reload: false })
    }

    fn base_context(&self, root: &str, current_category: Option<&str>, current_note: Option<usize>) -> Context {
        let mut ctx = Context::new();
        ctx.insert("root", root);
        ctx.insert("live_reload", &self.live_reload);
        ctx.insert("nav", &self.nav(current_category, current_note));
        ctx
    }

    fn nav(&self, current_category: Option<&str>, current_note: Option<usize>) -> Vec<NavCategory<'_>> {
        let small_site = self.site.notes.len() <= SIDEBAR_LIMIT * 4;
        self.site
            .categories
            .iter()
            .map(|c| {
                let current = current_category == Some(c.slug.as_str());
                let show: &[usize] = if current || small_site { &c.notes } else { &[] };
                // On a big category, show a window around the current note.
                let (start, end) = match current_note.and_then(|n| show.iter().position(|&i| i == n)) {
                    Some(pos) if show.len() > SIDEBAR_LIMIT => {
                        let start = pos.saturating_sub(SIDEBAR_LIMIT / 2).min(show.len() - SIDEBAR_LIMIT);
                        (start, start + SIDEBAR_LIMIT)
                    }
                    _ => (0, show.len().min(SIDEBAR_LIMIT)),
                };
                let notes: Vec<NavNote> = show[start..end]
                    .iter()
                    .map(|&i| {
                        let n = &self.site.notes[i];
                        NavNote { title: n.title(), url: &n.url, current: Some(i) == current_note }
                    })
                    .collect();
                NavCategory {
                    title: &c.title,
                    url: c.url(),
                    // The same sidebar on every page: on a small site every category is open.
                    open: current || small_site,
                    current,
                    count: c.notes.len(),
                    more: c.notes.len() - notes.len(),
                    notes,
                }
            })
            .collect()
    }

    fn render(&self, template: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera.render(template, ctx).map_err(|e| template_error(&e, self.theme))
    }

    pub fn note_page(&self, index: usize) -> Result<Page, Diagnostic> {
        let site = self.site;
        let note = &site.notes[index];
        let root = note.root();
        let mut ctx = self.base_context(&root, Some(&note.source.category), Some(index));
        let category = site.category(&note.source.category);
        let position = category.and_then(|c| c.notes.iter().position(|&i| i == index));
        let prev = index.checked_sub(1).map(|i| note_link(&site.notes[i]));
        let next = site.notes.get(index + 1).map(note_link);
        let toc: Vec<&crate::build::parse::Heading> =
            note.parsed.headings.iter().filter(|h| (2..=3).contains(&h.level)).collect();
        let related: Vec<NoteLink> = note
            .source
            .front
            .related
            .iter()
            .filter_map(|r| site.by_id.get(r.trim_end_matches(".md")).map(|&i| note_link(&site.notes[i])))
            .collect();
        let tags: Vec<TagLink> = note
            .source
            .front
            .tags
            .iter()
            .map(|t| TagLink { name: t.clone(), url: format!("tags/#{}", site.tag_id(t)) })
            .collect();
        let edit_url = site.config.edit_url.as_ref().map(|u| format!("{u}{}", note.source.rel_path));
        let backlinks: Vec<BacklinkCtx> = note
            .backlinks
            .iter()
            .map(|b| {
                let n = &site.notes[b.source];
                BacklinkCtx { title: n.title(), url: &n.url, sentence: &b.sentence_html }
            })
            .collect();
        let content = self.embed_tables(self.with_quizzes(&note.html, &note.parsed)?, note, &root)?;
        let compared_in = self.compared_in(note, &root);
        let quiz_anchor = if note.parsed.headings.iter().any(|h| h.id == "quiz") {
            Some("quiz".to_string())
        } else {
            note.parsed.quizzes.first().map(crate::build::parse::quiz::Question::element_id)
        };
        ctx.insert(
            "page",
            &context::NotePage {
                kind: "note",
                id: note.id(),
                title: note.title(),
                summary: note.source.front.summary.as_deref(),
                keywords: &note.source.front.keywords,
                tags,
                category_title: category.map(|c| c.title.as_str()).unwrap_or(""),
                category_url: category.map(|c| c.url()).unwrap_or_default(),
                position: position.map_or(0, |p| p + 1),
                category_count: category.map_or(0, |c| c.notes.len()),
                content: &content,
                compared_in,
                toc,
                prev,
                next,
                related,
                edit_url,
                backlinks,
                quiz_anchor,
                quiz_count: note.parsed.quizzes.len(),
                words: note.parsed.words,
                reading_minutes: note.parsed.words.div_ceil(200).max(1),
                url: &note.url,
                extra: note.source.front.extra.as_ref(),
            },
        );
        let html = self.render("note.html", &ctx)?;
        Ok(Page { path: format!("{}/index.html", note.source.id), html })
    }

    /// Renders quiz questions through the theme's `quiz.html` ([`crate::build::parse::quiz::render`]), for
    /// any page that shows questions; such a page loads `static/quiz-core.js` and
    /// `static/quiz.js` (see templates/note.html).
    pub fn quiz_html(&self, questions: &[crate::build::parse::quiz::Question]) -> Result<String, Diagnostic> {
        crate::build::parse::quiz::render(&self.tera, questions).map_err(|e| template_error(&e, self.theme))
    }

    /// A note's (or category intro's) HTML with its quiz blocks rendered in place.
    fn with_quizzes(&self, html: &str, parsed: &crate::build::parse::ParsedNote) -> Result<String, Diagnostic> {
        let mut html = html.to_string();
        for (n, block) in parsed.quiz_blocks.iter().enumerate() {
            let quiz = self.quiz_html(&parsed.quizzes[block.clone()])?;
            html = html.replacen(&crate::build::parse::quiz::placeholder(n), &quiz, 1);
        }
        Ok(html)
    }

    fn category_ctx(&self, c: &'a crate::build::site::Category, limit: usize) -> CategoryCtx<'a> {
        let notes: Vec<NoteLink> = c.notes.iter().take(limit).map(|&i| note_link(&self.site.notes[i])).collect();
        CategoryCtx {
            title: &c.title,
            url: c.url(),
            summary: c.summary.as_deref(),
            count: c.notes.len(),
            more: c.notes.len() - notes.len(),
            notes,
        }
    }

    pub fn category_pages(&self) -> Vec<Result<Page, Diagnostic>> {
        self.site
            .categories
            .iter()
            .filter(|c| !c.slug.is_empty())
            .map(|c| {
                let depth = c.slug.split('/').count();
                let root = "../".repeat(depth);
                let mut ctx = self.base_context(&root, Some(&c.slug), None);
                let intro = match &c.intro {
                    Some(parsed) => self.with_quizzes(&c.intro_html, parsed)?,
                    None => String::new(),
                };
                ctx.insert("category", &self.category_ctx(c, usize::MAX));
                ctx.insert("intro", &intro);
                ctx.insert("page", &PageKind { kind: "category", title: &c.title });
                let html = self.render("category.html", &ctx)?;
                Ok(Page { path: format!("{}/index.html", c.slug), html })
            })
            .collect()
    }

    pub fn home_page(&self) -> Result<Page, Diagnostic> {
        let mut ctx = self.base_context("./", None, None);
        let cats: Vec<CategoryCtx> = self.site.categories.iter().map(|c| self.category_ctx(c, HOME_LIMIT)).collect();
        ctx.insert("categories", &cats);
        ctx.insert("page", &PageKind { kind: "home", title: &self.site.config.title });
        let mut stats = std::collections::BTreeMap::new();
        stats.insert("notes", self.site.notes.len());
        stats.insert("quizzes", self.site.quiz_count());
        stats.insert("categories", self.site.categories.len());
        stats.insert("comparisons", self.site.comparisons.len());
        ctx.insert("stats", &stats);
        Ok(Page { path: "index.html".into(), html: self.render("index.html", &ctx)? })
    }

    pub fn tags_page(&self) -> Result<Page, Diagnostic> {
        #[derive(Serialize)]
        struct Tag<'a> {
            name: &'a str,
            id: String,
            notes: Vec<NoteLink<'a>>,
        }
        let mut ctx = self.base_context("../", None, None);
        let tags: Vec<Tag> = self
            .site
            .tags
            .iter()
            .map(|(name, notes)| Tag {
                name,
                id: self.site.tag_id(name),
                notes: notes.iter().map(|&i| note_link(&self.site.notes[i])).collect(),
            })
            .collect();
        ctx.insert("tags", &tags);
        ctx.insert("page", &PageKind { kind: "tags", title: "Tags" });
        Ok(Page { path: "tags/index.html".into(), html: self.render("tags.html", &ctx)? })
    }

    pub fn comparisons_page(&self) -> Option<Result<Page, Diagnostic>> {
        if self.site.comparisons.is_empty() {
            return None;
        }
        let mut ctx = self.base_context("../", None, None);
        let tables: Result<Vec<String>, Diagnostic> =
            self.site.comparisons.values().map(|t| self.comparison_html(t, "../", false)).collect();
        #[derive(Serialize)]
        struct TocEntry<'a> {
            id: String,
            title: &'a str,
            decides: &'a str,
            questions: usize,
        }
        let toc: Vec<TocEntry> = self
            .site
            .comparisons
            .values()
            .map(|t| TocEntry { id: t.anchor(), title: &t.title, decides: &t.decides, questions: t.questions.len() })
            .collect();
        let tables = match tables {
            Ok(t) => t,
            Err(d) => return Some(Err(d)),
        };
        ctx.insert("tables", &tables);
        ctx.insert("toc", &toc);
        ctx.insert("page", &PageKind { kind: "comparisons", title: "Comparisons" });
        Some(self.render("comparisons.html", &ctx).map(|html| Page { path: "comparisons/index.html".into(), html }))
    }

    /// One comparison table through the theme's `comparison.html` template.
    pub fn comparison_html(
        &self,
        table: &crate::build::parse::compare::Table,
        root: &str,
        embedded: bool,
    ) -> Result<String, Diagnostic> {
        let quiz_html =
            if embedded || table.questions.is_empty() { String::new() } else { self.quiz_html(&table.questions)? };
        let mut ctx = Context::new();
        ctx.insert("root", root);
        ctx.insert("table", &crate::build::parse::compare::view(table, root, embedded, quiz_html));
        self.render("comparison.html", &ctx)
    }

    /// The note's body with its embedded tables in place.
    fn embed_tables(&self, mut html: String, note: &Note, root: &str) -> Result<String, Diagnostic> {
        for c in &note.parsed.compares {
            if let Some(table) = self.site.comparisons.get(&c.name) {
                let marker = crate::build::parse::compare::placeholder(&table.name);
                if html.contains(&marker) {
                    html = html.replacen(&marker, &self.comparison_html(table, root, true)?, 1);
                }
            }
        }
        Ok(html)
    }

    /// The tables that compare this note, for "Compared in: …".
    fn compared_in(&self, note: &Note, root: &str) -> Vec<ComparedIn> {
        self.site
            .comparisons
            .values()
            .filter(|t| t.subjects.iter().any(|s| s.note == note.source.id))
            .map(|t| ComparedIn {
                title: t.title.clone(),
                url: format!("{root}comparisons/#{}", t.anchor()),
                here: note.parsed.compares.iter().any(|c| c.name == t.name).then(|| format!("#{}", t.anchor())),
            })
            .collect()
    }

    pub fn glossary_page(&self) -> Result<Page, Diagnostic> {
        let letters = glossary::letters(self.site, self.keywords);
        let count: usize = letters.iter().map(|l| l.entries.len()).sum();
        let mut ctx = self.base_context("../", None, None);
        ctx.insert("letters", &letters);
        ctx.insert("key_count", &count);
        ctx.insert("page", &PageKind { kind: "glossary", title: "Glossary" });
        Ok(Page { path: "glossary/index.html".into(), html: self.render("glossary.html", &ctx)? })
    }

    pub fn graph_page(&self) -> Result<Page, Diagnostic> {
        let graph = graph::build(self.site, "../");
        #[derive(Serialize)]
        struct LegendEntry {
            title: String,
            colour: String,
            count: usize,
        }
        let legend: Vec<LegendEntry> =
            graph.legend.into_iter().map(|(title, colour, count)| LegendEntry { title, colour, count }).collect();
        let mut ctx = self.base_context("../", None, None);
        ctx.insert("svg", &graph.svg);
        ctx.insert("list", &graph.list);
        ctx.insert("legend", &legend);
        ctx.insert("node_count", &graph.nodes);
        ctx.insert("edge_count", &graph.edges);
        ctx.insert("page", &PageKind { kind: "graph", title: "Knowledge graph" });
        Ok(Page { path: "graph/index.html".into(), html: self.render("graph.html", &ctx)? })
    }

    /// Study: the Review, Exam or Progress page (`kind`), which loads the question pool.
    pub fn study_page(&self, kind: &str, pool: &crate::build::pool::Pool) -> Result<Page, Diagnostic> {
        #[derive(Serialize)]
        struct Study<'p> {
            shards: Vec<&'p str>,
            count: usize,
            categories: &'p [crate::build::pool::PoolCategory],
            categories_json: String,
        }
        let title = match kind {
            "review" => "Review",
            "exam" => "Practice exam",
            _ => "Progress",
        };
        let mut ctx = self.base_context("../", None, None);
        let study = Study {
            shards: pool.shard_paths(),
            count: pool.questions.len(),
            categories: &pool.categories,
            categories_json: crate::build::pool::categories_json(pool),
        };
        ctx.insert("study", &study);
        ctx.insert("page", &PageKind { kind, title });
        Ok(Page { path: format!("{kind}/index.html"), html: self.render(&format!("{kind}.html"), &ctx)? })
    }

    /// The 404 page is served from any depth, so it links from the site's base path.
    pub fn not_found_page(&self) -> Result<Page, Diagnostic> {
        let base = self.site.config.base_path();
        let mut ctx = self.base_context(&base, None, None);
        // Its stylesheet links point at the base path, which a page opened from disk
        // cannot reach: the styles come inline (not under `serve`, whose stylesheet edits
        // are swapped in place and must leave every page as it is).
        if !self.live_reload {
            self.inline_styles(&mut ctx);
        }
        ctx.insert("page", &PageKind { kind: "404", title: "Page not found" });
        Ok(Page { path: "404.html".into(), html: self.render("404.html", &ctx)? })
    }

    fn inline_styles(&self, ctx: &mut Context) {
        let css: String = ["style.css", "highlight.css"]
            .iter()
            .filter_map(|name| self.theme.statics.get(*name))
            .map(|f| String::from_utf8_lossy(&f.bytes).replace("</", "<\\/"))
            .collect::<Vec<_>>()
            .join("\n");
        ctx.insert("inline_css", &css);
    }

    /// A page at an old address (an alias) that sends readers to `target`.
    pub fn redirect_page(&self, path: &str, target: &str, title: &str) -> Result<Page, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("target", target);
        ctx.insert("title", title);
        Ok(Page { path: path.to_string(), html: self.render("redirect.html", &ctx)? })
    }

    /// Pages get a search box that loads this index manifest (`None`: search is off).
    pub fn set_search(&mut self, manifest: Option<&str>) {
        self.tera.global_context().insert("search_index", &manifest);
    }
}

/// A table that compares the note: on the Comparisons page, and `here` when the note embeds it.
#[derive(Serialize)]
pub struct ComparedIn {
    title: String,
    url: String,
    here: Option<String>,
}

#[derive(Serialize)]
pub struct BacklinkCtx<'a> {
    title: &'a str,
    url: &'a str,
    sentence: &'a str,
}

/// Preview data is split into shards of about this many notes, loaded on first hover.
const PREVIEW_SHARD_SIZE: usize = 400;

pub fn preview_shards(notes: usize) -> usize {
    notes.div_ceil(PREVIEW_SHARD_SIZE).max(1)
}

/// The shard holding a note's preview; `static/preview.js` computes the same FNV-1a.
pub fn preview_shard(id: &str, shards: usize) -> usize {
    crate::hash::fnv1a32(id.as_bytes()) as usize % shards
}

/// `previews/N.js` files: title and summary of each note, for link previews on hover.
pub fn preview_files(site: &Site) -> Vec<(String, String)> {
    let shards = preview_shards(site.notes.len());
    let mut files: Vec<String> = vec![String::from("studysitePreviews.add({"); shards];
    for n in &site.notes {
        let f = &mut files[preview_shard(n.id(), shards)];
        if !f.ends_with('{') {
            f.push(',');
        }
        f.push_str(&format!(
            "\n{}:[{},{}]",
            js_string(n.id()),
            js_string(n.title()),
            js_string(n.source.front.summary.as_deref().unwrap_or(""))
        ));
    }
    files
        .into_iter()
        .enumerate()
        .map(|(i, mut f)| {
            f.push_str("\n});\n");
            (format!("previews/{i}.js"), f)
        })
        .collect()
}

#[derive(Serialize)]
struct PageKind<'a> {
    kind: &'a str,
    title: &'a str,
}

/// What a note page's template sees as `page`.
mod context {
    use super::*;

    #[derive(Serialize)]
    pub struct NotePage<'a> {
        pub kind: &'a str,
        pub id: &'a str,
        pub title: &'a str,
        pub summary: Option<&'a str>,
        pub keywords: &'a [String],
        pub tags: Vec<TagLink>,
        pub category_title: &'a str,
        pub category_url: String,
        pub position: usize,
        pub category_count: usize,
        pub content: &'a str,
        pub compared_in: Vec<ComparedIn>,
        pub toc: Vec<&'a crate::build::parse::Heading>,
        pub prev: Option<NoteLink<'a>>,
        pub next: Option<NoteLink<'a>>,
        pub related: Vec<NoteLink<'a>>,
        pub edit_url: Option<String>,
        pub backlinks: Vec<BacklinkCtx<'a>>,
        pub quiz_anchor: Option<String>,
        pub quiz_count: usize,
        pub words: usize,
        pub reading_minutes: usize,
        pub url: &'a str,
        pub extra: Option<&'a toml::Table>,
    }
}

/// Turns a Tera error into a diagnostic naming the template file and line.
fn template_error(e: &tera::Error, theme: &Theme) -> Diagnostic {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    match report {
        Some(r) => {
            let name = r.filename();
            let file = theme
                .templates
                .get(name)
                .map(|f| f.display_path("templates", name))
                .unwrap_or_else(|| format!("templates/{name}"));
            let span = r.span();
            let source = theme.templates.get(name).and_then(|f| std::str::from_utf8(&f.bytes).ok());
            let line_text = source.and_then(|s| crate::diagnostics::line_text(s, span.start_line));
            let help = if r.message().contains("not defined") || r.message().contains("undefined") {
                "check the variable's name; use `{% if x is defined %}` or `x | default(value=...)` for optional values"
            } else {
                "see the Tera documentation for template syntax"
            };
            Diagnostic::new(file, span.start_line, span.start_col + 1, format!("template error: {}", r.message()))
                .with_source(line_text)
                .with_help(help)
        }
        None => Diagnostic::new("templates", 0, 0, format!("template error: {e}"))
            .with_help("check the names used in the templates' {% extends %} and {% include %} tags"),
    }
}
