//! Stage 5, render: Tera templates turn the linked site into pages, in parallel.

mod cheatsheet;
mod disklinks;
mod extras;
mod glossary;
mod graph;
mod offline;
mod pages;
mod site_pages;

pub(crate) use cheatsheet::facts as cheatsheet_facts;
pub use pages::{render_edit, render_site, Edit, Mode, RenderCache, SearchPlan};

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Tera, Value};

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
    /// Each category's sidebar entry as it shows on a page outside that category, made
    /// once: every page clones these (a reference count each) and makes only its own
    /// category's entry, instead of serialising the whole sidebar again.
    nav_closed: Vec<Value>,
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
            diags.extend(template_errors(&e, theme));
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
        Ok(Renderer::reuse(site, keywords, theme, tera))
    }

    /// A renderer with templates an earlier one parsed ([`Renderer::into_tera`]), for a
    /// site whose titles, categories and counts are the same (`serve`'s edits of a note's
    /// body, where parsing the templates again would cost more than the pages).
    pub fn reuse(
        site: &'a Site,
        keywords: &'a crate::build::link::keywords::Keywords,
        theme: &'a Theme,
        tera: Tera,
    ) -> Renderer<'a> {
        let mut renderer = Renderer { tera, site, keywords, theme, live_reload: false, nav_closed: Vec::new() };
        renderer.nav_closed =
            site.categories.iter().map(|c| Value::from_serializable(&renderer.nav_entry(c, false, None))).collect();
        renderer
    }

    /// The parsed templates, with the site's global context, to [`Renderer::reuse`].
    pub fn into_tera(self) -> Tera {
        self.tera
    }

    fn base_context(&self, root: &str, current_category: Option<&str>, current_note: Option<usize>) -> Context {
        let mut ctx = Context::new();
        ctx.insert("root", root);
        ctx.insert("live_reload", &self.live_reload);
        ctx.insert("nav", &self.nav(current_category, current_note));
        ctx
    }

    /// The sidebar: the current category's entry made for this page, the others shared.
    fn nav(&self, current_category: Option<&str>, current_note: Option<usize>) -> Vec<Value> {
        self.site
            .categories
            .iter()
            .zip(&self.nav_closed)
            .map(|(c, closed)| {
                if current_category == Some(c.slug.as_str()) {
                    Value::from_serializable(&self.nav_entry(c, true, current_note))
                } else {
                    closed.clone()
                }
            })
            .collect()
    }

    /// One category's sidebar entry. Outside the current category it is the same on
    /// every page (a note is in one category only), which [`Renderer::nav_closed`] keeps.
    fn nav_entry(
        &self,
        c: &'a crate::build::site::Category,
        current: bool,
        current_note: Option<usize>,
    ) -> NavCategory<'a> {
        let small_site = self.site.notes.len() <= SIDEBAR_LIMIT * 4;
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
        let mut tags: Vec<TagLink> = Vec::new();
        for t in note.source.front.tags.iter().chain(&note.parsed.tags) {
            if !tags.iter().any(|l| &l.name == t) {
                tags.push(TagLink { name: t.clone(), url: format!("tags/#{}", site.tag_id(t)) });
            }
        }
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
                cssclasses: note
                    .source
                    .front
                    .cssclasses
                    .iter()
                    .map(|c| crate::slug::slugify(c))
                    .filter(|c| !c.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
                has_mermaid: note.parsed.has_mermaid || content.contains("<pre class=\"mermaid\">"),
            },
        );
        let html = self.render("note.html", &ctx)?;
        Ok(Page { path: format!("{}/index.html", note.path), html })
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
        let f = &mut files[preview_shard(&n.path, shards)];
        if !f.ends_with('{') {
            f.push(',');
        }
        f.push_str(&format!(
            "\n{}:[{},{}]",
            js_string(&n.path),
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
        /// Obsidian `cssclasses`, as one `class` attribute value.
        pub cssclasses: String,
        /// The page shows a Mermaid diagram (its own or a transcluded one).
        pub has_mermaid: bool,
    }
}

/// Tera's check of all templates reports every unknown filter and template at once:
/// one diagnostic each, with "did you mean".
fn template_errors(e: &tera::Error, theme: &Theme) -> Vec<Diagnostic> {
    let names: Vec<&str> = theme.templates.keys().map(String::as_str).collect();
    let problems = match e.kind() {
        tera::ErrorKind::Msg(m) => crate::suggest::template_problems(m, &names),
        _ => Vec::new(),
    };
    if problems.is_empty() {
        return vec![template_error(e, theme)];
    }
    problems
        .into_iter()
        .map(|p| {
            let file = theme
                .templates
                .get(&p.template)
                .map_or_else(|| format!("templates/{}", p.template), |f| f.display_path("templates", &p.template));
            let source = theme.templates.get(&p.template).and_then(|f| std::str::from_utf8(&f.bytes).ok());
            Diagnostic::new(file, p.line, p.col, format!("template error: {}", p.message))
                .with_source(source.and_then(|s| crate::diagnostics::line_text(s, p.line)))
                .with_help(p.help)
        })
        .collect()
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
        None => {
            let names: Vec<&str> = theme.templates.keys().map(String::as_str).collect();
            let file = match e.kind() {
                tera::ErrorKind::MissingParent { current, .. } => theme
                    .templates
                    .get(current)
                    .map_or_else(|| format!("templates/{current}"), |f| f.display_path("templates", current)),
                _ => "templates".to_string(),
            };
            Diagnostic::new(file, 0, 0, format!("template error: {e}"))
                .with_help(crate::suggest::template_help(&e.to_string(), &names))
        }
    }
}
