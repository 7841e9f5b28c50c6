//! The site model: notes in reading order, categories, tags and lookups, assembled once
//! after loading and parsing and then shared read-only by the later stages.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::build::load::{Asset, CategoryMeta, SourceNote};
use crate::build::parse::compare::Table;
use crate::build::parse::ParsedNote;
use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// The file that marks an output folder as written by studysite (see the write stage).
pub const OUTPUT_MARKER: &str = ".studysite-output";

/// Names the generator uses for its own pages; a note or category may not take them.
pub const RESERVED: &[&str] = &[
    "static",
    "tags",
    "glossary",
    "search",
    "comparisons",
    "graph",
    "cheatsheet",
    "sw.js",
    "review",
    "exam",
    "progress",
    "404.html",
    "index.html",
    "sitemap.xml",
    "robots.txt",
    "previews",
    "CNAME",
    ".nojekyll",
    OUTPUT_MARKER,
];

#[derive(Debug, Clone)]
pub struct Note {
    pub source: SourceNote,
    pub parsed: Arc<ParsedNote>,
    /// URL relative to the site root, encoded, ending in `/`: `storage/s3/`.
    pub url: String,
    /// The page's folder under the output root, not encoded: `storage/s3`
    /// ([`crate::slug::url_path`] of the id).
    pub path: String,
    /// Number of folders between the root and the note's page (`storage/s3/` → 2).
    pub depth: usize,
    /// The note's rendered body, set by the link stage.
    pub html: Arc<str>,
    /// Notes this one links to (indexes into `Site::notes`), set by the link stage.
    pub outgoing: Vec<usize>,
    /// Notes that mention this one, each with the mentioning sentence (HTML), in reading order.
    pub backlinks: Vec<Backlink>,
}

#[derive(Debug, Clone)]
pub struct Backlink {
    pub source: usize,
    pub sentence_html: Arc<str>,
}

impl Note {
    /// Frees the parsed events, which no stage reads after the search index's documents
    /// (render reads headings, quizzes and tags): the largest part of a note in memory.
    /// Only a parse that nothing else holds is touched: `serve`'s cache keeps its own,
    /// so there the events stay whole.
    pub fn release_events(&mut self) {
        if let Some(parsed) = Arc::get_mut(&mut self.parsed) {
            parsed.events = Default::default();
        }
    }

    /// Keeps only the front matter of the note's text: once the note is linked, a one-off
    /// build reports problems in front matter only (aliases), and the body is a large part
    /// of what stays in memory until the pages are written.
    pub fn release_body(&mut self) {
        let front = &self.source.text[..self.source.body_offset];
        if front.len() < self.source.text.len() {
            self.source.text = Arc::from(front);
        }
    }

    pub fn id(&self) -> &str {
        &self.source.id
    }
    pub fn title(&self) -> &str {
        self.source.title()
    }
    /// The relative path from this note's page back to the site root.
    pub fn root(&self) -> String {
        "../".repeat(self.depth)
    }
}

#[derive(Debug, Clone)]
pub struct Category {
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub weight: i64,
    /// Indexes into `Site::notes`, in reading order.
    pub notes: Vec<usize>,
    pub meta: Option<CategoryMeta>,
    /// The `_index.md` body as HTML with its links resolved, and its parse (for the
    /// quizzes render puts in), set by the link stage.
    pub intro_html: String,
    pub intro: Option<Arc<ParsedNote>>,
}

impl Category {
    pub fn url(&self) -> String {
        if self.slug.is_empty() {
            String::new()
        } else {
            format!("{}/", crate::html::encode_path(&self.slug))
        }
    }
}

#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// In reading order: by category order, then weight, then title.
    pub notes: Vec<Note>,
    pub categories: Vec<Category>,
    pub by_id: HashMap<String, usize>,
    pub tags: BTreeMap<String, Vec<usize>>,
    pub comparisons: BTreeMap<String, Table>,
    pub assets: Vec<Asset>,
    /// Notes that exist on disk but failed to load (links to them are not errors twice).
    pub broken_ids: Vec<String>,
    /// Tag → fragment id on the tags page (see [`tag_ids`]).
    pub tag_ids: HashMap<String, String>,
}

/// Fragment ids for tags. Tags whose slugs coincide (`C++`, `C#`, `c`) keep distinct
/// ids: the first in sorted order keeps the plain slug, the others add a hash of their name.
fn tag_ids(tags: &BTreeMap<String, Vec<usize>>) -> HashMap<String, String> {
    let mut taken = std::collections::HashSet::new();
    let mut ids = HashMap::new();
    for tag in tags.keys() {
        let slug = crate::slug::slugify(tag);
        let id = if taken.insert(slug.clone()) {
            format!("tag-{slug}")
        } else {
            format!("tag-{slug}-{}", &crate::hash::short(tag.as_bytes())[..6])
        };
        ids.insert(tag.clone(), id);
    }
    ids
}

// Longer than most on purpose: categories, reading order and the per-note checks are
// one pass that builds the model's cross-references together.
pub fn assemble(
    config: Config,
    notes: Vec<(SourceNote, Arc<ParsedNote>)>,
    category_meta: BTreeMap<String, CategoryMeta>,
    comparisons: BTreeMap<String, Table>,
    assets: Vec<Asset>,
    broken_ids: Vec<String>,
) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // Categories and their order.
    let mut cats: BTreeMap<String, Category> = BTreeMap::new();
    for (source, _) in &notes {
        cats.entry(source.category.clone()).or_insert_with(|| {
            let meta = category_meta.get(&source.category).cloned();
            Category {
                slug: source.category.clone(),
                title: meta.as_ref().and_then(|m| m.title.clone()).unwrap_or_else(|| {
                    let folder = source.id.split_once('/').map_or("", |(f, _)| f);
                    if source.category.is_empty() {
                        "Notes".into()
                    } else if crate::slug::url_segment(folder) == source.category && folder != source.category {
                        // A folder named as people write ("Editing and formatting") keeps its name.
                        folder.to_string()
                    } else {
                        crate::slug::title_case(&source.category)
                    }
                }),
                summary: meta.as_ref().and_then(|m| m.summary.clone()),
                weight: meta.as_ref().and_then(|m| m.weight).unwrap_or(i64::MAX),
                notes: Vec::new(),
                meta,
                intro_html: String::new(),
                intro: None,
            }
        });
    }
    let mut categories: Vec<Category> = cats.into_values().collect();
    categories.sort_by(|a, b| {
        (a.slug.is_empty(), a.weight, a.title.to_lowercase()).cmp(&(
            b.slug.is_empty(),
            b.weight,
            b.title.to_lowercase(),
        ))
    });
    let cat_order: HashMap<String, usize> = categories.iter().enumerate().map(|(i, c)| (c.slug.clone(), i)).collect();

    let mut notes = notes;
    if config.title_from == crate::config::TitleFrom::FirstHeading {
        for (source, parsed) in notes.iter_mut().filter(|(s, _)| s.front.title.is_none()) {
            let first = parsed.headings.iter().find(|h| h.level == 1).or(parsed.headings.first());
            source.front.title = first.map(|h| h.text.clone()).filter(|t| !t.is_empty());
        }
    }
    notes.sort_by(|(a, _), (b, _)| {
        let ka = (cat_order[&a.category], a.front.weight.unwrap_or(i64::MAX), a.title().to_lowercase(), &a.id);
        let kb = (cat_order[&b.category], b.front.weight.unwrap_or(i64::MAX), b.title().to_lowercase(), &b.id);
        ka.cmp(&kb)
    });

    let mut by_id = HashMap::new();
    let mut tags: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut site_notes = Vec::with_capacity(notes.len());
    for (i, (source, parsed)) in notes.into_iter().enumerate() {
        let path = crate::slug::url_path(&source.id);
        let first = path.split('/').next().unwrap_or("");
        if RESERVED.contains(&first) {
            diags.push(
                Diagnostic::new(
                    &source.rel_path,
                    0,
                    0,
                    format!("`{first}` is a name studysite uses for its own pages"),
                )
                .with_help("rename the note or its folder"),
            );
        }
        if cat_order.contains_key(&path) && !path.is_empty() {
            diags.push(
                Diagnostic::new(
                    &source.rel_path,
                    0,
                    0,
                    format!("the note `{}` has the same URL as the category page `{}/`", source.id, source.id),
                )
                .with_help(
                    "rename the note, or move it into the folder as `_index.md` to give the category an introduction",
                ),
            );
        }
        categories[cat_order[&source.category]].notes.push(i);
        for t in source.front.tags.iter().chain(&parsed.tags) {
            let list = tags.entry(t.clone()).or_default();
            if list.last() != Some(&i) && !list.contains(&i) {
                list.push(i);
            }
        }
        by_id.insert(source.id.clone(), i);
        let depth = path.split('/').count();
        let url = format!("{}/", crate::html::encode_path(&path));
        site_notes.push(Note {
            source,
            parsed,
            url,
            path,
            depth,
            html: Arc::from(""),
            outgoing: Vec::new(),
            backlinks: Vec::new(),
        });
    }
    for c in &categories {
        if RESERVED.contains(&c.slug.as_str()) {
            let file = c.notes.first().map(|&i| site_notes[i].source.rel_path.clone()).unwrap_or_default();
            diags.push(
                Diagnostic::new(
                    file,
                    0,
                    0,
                    format!("the category `{}` uses a name studysite keeps for its own pages", c.slug),
                )
                .with_help("rename the folder or set another `category`"),
            );
        }
    }
    let tag_ids = tag_ids(&tags);
    let site = Site { config, notes: site_notes, categories, by_id, tags, comparisons, assets, broken_ids, tag_ids };
    (site, diags)
}

impl Site {
    /// The fragment id of a tag on the tags page.
    pub fn tag_id(&self, tag: &str) -> String {
        self.tag_ids.get(tag).cloned().unwrap_or_else(|| format!("tag-{}", crate::slug::slugify(tag)))
    }

    /// Changes whenever anything one note's links or page can depend on changes elsewhere:
    /// ids, titles, front matter, headings, quiz ids, comparison tables, assets, link settings.
    /// `serve` reuses a note's linked HTML while this and the note's own text are unchanged.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = crate::hash::Fnv::default();
        for n in &self.notes {
            let f = &n.source.front;
            (
                &n.source.id,
                f.title.as_deref(),
                f.summary.as_deref(),
                &f.keywords,
                &n.source.category,
                &f.tags,
                f.weight,
                &f.related,
                &f.aliases,
            )
                .hash(&mut h);
            (&n.parsed.tags, n.parsed.has_mermaid, &f.cssclasses, &f.alias_names).hash(&mut h);
            for b in &n.parsed.blocks {
                b.id.hash(&mut h);
            }
            for head in &n.parsed.headings {
                (&head.id, &head.text).hash(&mut h);
            }
            for q in &n.parsed.quizzes {
                q.id.hash(&mut h);
            }
            for c in &n.parsed.compares {
                c.name.hash(&mut h);
            }
        }
        // A note that embeds another shows its text: with embeds anywhere, any edit counts.
        if self.notes.iter().any(|n| !n.parsed.embeds.is_empty()) {
            for n in &self.notes {
                n.source.hash.hash(&mut h);
            }
        }
        format!("{:?}", self.comparisons).hash(&mut h);
        for a in &self.assets {
            a.rel.hash(&mut h);
        }
        for c in &self.categories {
            (&c.slug, &c.title, &c.summary, c.weight).hash(&mut h);
        }
        self.broken_ids.hash(&mut h);
        format!("{:?}", self.config).hash(&mut h);
        h.finish()
    }

    pub fn category(&self, slug: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.slug == slug)
    }
    pub fn word_count(&self) -> usize {
        self.notes.iter().map(|n| n.parsed.words).sum()
    }
    /// Questions in note quizzes and generated from comparison tables.
    pub fn quiz_count(&self) -> usize {
        self.notes.iter().map(|n| n.parsed.quizzes.len()).sum::<usize>() + self.comparison_questions().count()
    }
    /// Questions generated from comparison tables (after the link stage), each with its
    /// table, for the site-wide question pool; the table is their explanation.
    pub fn comparison_questions(&self) -> impl Iterator<Item = (&Table, &crate::quiz::Question)> {
        self.comparisons.values().flat_map(|t| t.questions.iter().map(move |q| (t, q)))
    }
}
