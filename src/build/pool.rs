//! The site-wide question pool (part of the index stage): every quiz question of every
//! note and every question generated from a comparison table, with where it comes from
//! (note, section, category, tags), for the Review, Exam and Progress pages and for
//! `studysite export --anki`.
//!
//! **Files**: `pool/N.HASH.js`, classic scripts (so they load from `file://`) that append
//! their questions to the global `studysitePool`; only the study pages load them, never
//! note pages. Each question is a JSON object:
//! `{id, note, title, anchor, cat, tags, kind, prompt, choices?, left?, right?, data,
//! answer, explain, from}` where `note` is the note's URL below the site root
//! (`comparisons/` for table questions), `anchor` the id of its section there, `cat` the
//! category slug, `prompt`, `choices`, `left`, `right`, `answer` and `explain` are HTML,
//! `data` the answer data of docs/QUIZZES.md (matching: `order` in the author's order,
//! the page shuffles), `from` is `"quiz"` or `"comparison"`.

use serde::Serialize;

use crate::build::parse::compare::Table;
use crate::build::parse::quiz::{inline_markdown, Answer, Question};
use crate::build::site::{Note, Site};

/// Questions per shard: a shard of a few hundred questions is some 100 KB.
pub const SHARD_SIZE: usize = 400;

#[derive(Debug, Clone, Serialize)]
pub struct PoolQuestion {
    pub id: String,
    pub note: String,
    pub title: String,
    pub anchor: String,
    pub cat: String,
    pub tags: Vec<String>,
    pub kind: &'static str,
    pub prompt: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub left: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub right: Vec<String>,
    pub data: serde_json::Value,
    pub answer: String,
    pub explain: String,
    pub from: &'static str,
}

/// A category as the study pages list it.
#[derive(Debug, Clone, Serialize)]
pub struct PoolCategory {
    pub slug: String,
    pub title: String,
    pub count: usize,
}

/// The pool, ready to write.
pub struct Pool {
    pub questions: Vec<PoolQuestion>,
    pub categories: Vec<PoolCategory>,
    /// `(path below the output root, script)`.
    pub files: Vec<(String, String)>,
}

impl Pool {
    pub fn shard_paths(&self) -> Vec<&str> {
        self.files.iter().map(|(p, _)| p.as_str()).collect()
    }
}

/// Builds the pool of a linked site.
pub fn build(site: &Site) -> Pool {
    let questions = questions(site);
    let mut categories: Vec<PoolCategory> = site
        .categories
        .iter()
        .map(|c| PoolCategory { slug: c.slug.clone(), title: c.title.clone(), count: 0 })
        .collect();
    for q in &questions {
        if let Some(c) = categories.iter_mut().find(|c| c.slug == q.cat) {
            c.count += 1;
        }
    }
    categories.retain(|c| c.count > 0);
    let files = questions
        .chunks(SHARD_SIZE)
        .enumerate()
        .map(|(i, chunk)| {
            let json = serde_json::to_string(chunk).unwrap_or_else(|_| "[]".into());
            let text = format!(
                "var studysitePool = (typeof studysitePool === \"undefined\" ? [] : studysitePool).concat({json});\n"
            );
            (format!("pool/{i}.{}.js", crate::hash::short(text.as_bytes())), text)
        })
        .collect();
    Pool { questions, categories, files }
}

/// Every question in reading order: the notes' quizzes (after their category's intro),
/// then the comparison tables'.
pub fn questions(site: &Site) -> Vec<PoolQuestion> {
    let mut out = Vec::new();
    for c in &site.categories {
        for q in c.intro.iter().flat_map(|parsed| &parsed.quizzes) {
            let mut p = base(q);
            p.note = c.url();
            p.title = c.title.clone();
            p.anchor = section(c.intro.as_ref().map(|i| i.headings.as_slice()).unwrap_or(&[]), q);
            p.cat = c.slug.clone();
            out.push(p);
        }
        for &i in &c.notes {
            let note = &site.notes[i];
            for q in &note.parsed.quizzes {
                out.push(from_note(note, q));
            }
        }
    }
    for (table, q) in site.comparison_questions() {
        out.push(from_table(site, table, q));
    }
    out
}

/// A note's questions as the pool writes them (an edit that changes them changes the pool).
pub fn note_questions(note: &Note) -> String {
    let questions: Vec<PoolQuestion> = note.parsed.quizzes.iter().map(|q| from_note(note, q)).collect();
    serde_json::to_string(&questions).unwrap_or_default()
}

fn from_note(note: &Note, q: &Question) -> PoolQuestion {
    let anchor = section(&note.parsed.headings, q);
    let mut p = base(q);
    p.note = note.url.clone();
    p.title = note.title().to_string();
    p.anchor = anchor;
    p.cat = note.source.category.clone();
    p.tags = note.source.front.tags.clone();
    p
}

/// The question's section: the last heading above it, else the question itself.
fn section(headings: &[crate::build::parse::Heading], q: &Question) -> String {
    headings.iter().rfind(|h| h.line <= q.line).map(|h| h.id.clone()).unwrap_or_else(|| q.element_id())
}

fn from_table(site: &Site, table: &Table, q: &Question) -> PoolQuestion {
    // The category most of the table's subjects are in (the first of a tie).
    let cats: Vec<&str> = table
        .subjects
        .iter()
        .filter_map(|s| site.by_id.get(&s.note).map(|&i| site.notes[i].source.category.as_str()))
        .collect();
    let cat = cats
        .iter()
        .max_by_key(|c| (cats.iter().filter(|o| o == c).count(), std::cmp::Reverse(cats.iter().position(|o| o == *c))))
        .copied();
    let row = table.rows.iter().find(|r| r.line == q.line);
    let mut p = base(q);
    p.note = "comparisons/".into();
    p.title = table.title.clone();
    p.anchor = row.map(|r| table.row_anchor(r)).unwrap_or_else(|| table.anchor());
    p.cat = cat.unwrap_or("").to_string();
    p.tags = vec!["comparison".into()];
    p.from = "comparison";
    p
}

/// The question's own fields; where it comes from is filled in by the caller.
fn base(q: &Question) -> PoolQuestion {
    let md = |items: &[String]| items.iter().map(|c| inline_markdown(c)).collect::<Vec<_>>();
    let letter = |i: usize| (b'A' + (i % 26) as u8) as char;
    let mut p = PoolQuestion {
        id: q.id.clone(),
        note: String::new(),
        title: String::new(),
        anchor: String::new(),
        cat: String::new(),
        tags: Vec::new(),
        kind: q.kind(),
        prompt: inline_markdown(&q.prompt),
        choices: Vec::new(),
        left: Vec::new(),
        right: Vec::new(),
        data: serde_json::Value::Null,
        answer: String::new(),
        explain: inline_markdown(&q.explain),
        from: "quiz",
    };
    let kind = q.kind();
    let (answer, data) = match &q.answer {
        Answer::Single { choices, answer } => {
            p.choices = md(choices);
            let text = format!("{}. {}", letter(*answer), p.choices[*answer]);
            (text, serde_json::json!({"v": 1, "kind": kind, "answer": answer}))
        }
        Answer::Multiple { choices, answers } => {
            p.choices = md(choices);
            let text: Vec<String> = answers.iter().map(|&a| format!("{}. {}", letter(a), p.choices[a])).collect();
            (text.join("; "), serde_json::json!({"v": 1, "kind": kind, "answers": answers}))
        }
        Answer::TrueFalse { answer } => {
            let text = if *answer { "True" } else { "False" };
            (text.to_string(), serde_json::json!({"v": 1, "kind": kind, "answer": answer}))
        }
        Answer::Short { accept } => {
            let mut text = inline_markdown(&accept[0]);
            if accept.len() > 1 {
                text.push_str(&format!(" (also accepted: {})", md(&accept[1..]).join(", ")));
            }
            (text, serde_json::json!({"v": 1, "kind": kind, "accept": accept}))
        }
        Answer::Matching { pairs } => {
            p.left = pairs.iter().map(|(l, _)| inline_markdown(l)).collect();
            p.right = pairs.iter().map(|(_, r)| inline_markdown(r)).collect();
            let text: Vec<String> = p.left.iter().zip(&p.right).map(|(l, r)| format!("{l} → {r}")).collect();
            let order: Vec<usize> = (0..pairs.len()).collect();
            (text.join("; "), serde_json::json!({"v": 1, "kind": kind, "order": order}))
        }
    };
    p.answer = answer;
    p.data = data;
    p
}

/// The categories as JSON for a study page's `<script type="application/json">`.
pub fn categories_json(pool: &Pool) -> String {
    serde_json::to_string(&pool.categories).unwrap_or_else(|_| "[]".into()).replace('<', "\\u003c")
}
