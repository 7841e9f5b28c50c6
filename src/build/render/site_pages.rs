//! The pages besides notes: categories, home, tags, comparisons (and tables embedded in
//! notes), glossary, graph, the study pages, 404 and redirects.

use super::*;

impl<'a> Renderer<'a> {
    pub(super) fn category_ctx(&self, c: &'a crate::build::site::Category, limit: usize) -> CategoryCtx<'a> {
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
    pub(super) fn embed_tables(&self, mut html: String, note: &Note, root: &str) -> Result<String, Diagnostic> {
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
    pub(super) fn compared_in(&self, note: &Note, root: &str) -> Vec<ComparedIn> {
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
        ctx.insert("edges_drawn", &graph.edges_drawn);
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

    pub(super) fn inline_styles(&self, ctx: &mut Context) {
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
}
