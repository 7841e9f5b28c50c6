//! Comparison tables as data: `notes/_comparisons/NAME.toml` names the subjects (notes)
//! and rows; the generator renders an accessible table whose headers link to the notes.

use serde::Deserialize;

use crate::build::load::ComparisonFile;
use crate::build::parse::quiz::inline_markdown;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::html::escape_html;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    title: String,
    #[serde(default)]
    intro: String,
    subjects: Vec<toml::Spanned<String>>,
    #[serde(default)]
    labels: Option<toml::Spanned<Vec<String>>>,
    #[serde(default)]
    row: Vec<toml::Spanned<RawRow>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    label: String,
    cells: Vec<String>,
}

/// A subject column: a note, or a heading inside one.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Subject {
    pub note: String,
    pub anchor: Option<String>,
    /// Header text: the `labels` entry, else the note's title (filled in by the link stage).
    pub label: Option<String>,
    #[serde(skip)]
    pub line: usize,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    pub label: String,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Table {
    pub name: String,
    pub title: String,
    pub intro: String,
    pub subjects: Vec<Subject>,
    pub rows: Vec<Row>,
    #[serde(skip)]
    pub rel_path: String,
}

const HELP: &str = "a comparison file has `title`, optional `intro`, `subjects = [\"note-id\", ...]`, optional `labels = [...]` and `[[row]]` tables with `label` and one entry of `cells` per subject";

pub fn parse(file: &ComparisonFile) -> Result<Table, Vec<Diagnostic>> {
    let lines = LineIndex::new(&file.text);
    let raw: RawTable = toml::from_str(&file.text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        vec![lines
            .diagnostic(&file.rel_path, at, format!("invalid comparison table: {}", crate::config::toml_message(&e)))
            .with_help(HELP)]
    })?;
    let mut errors = Vec::new();
    let n = raw.subjects.len();
    if n < 2 {
        errors.push(lines.diagnostic(&file.rel_path, 0, "a comparison needs at least two `subjects`").with_help(HELP));
    }
    let labels = match raw.labels {
        Some(l) if l.get_ref().len() != n => {
            errors.push(
                lines
                    .diagnostic(
                        &file.rel_path,
                        l.span().start,
                        format!("`labels` has {} entries but there are {n} subjects", l.get_ref().len()),
                    )
                    .with_help("give one label per subject, in the same order"),
            );
            None
        }
        Some(l) => Some(l.into_inner()),
        None => None,
    };
    if raw.row.is_empty() {
        errors.push(lines.diagnostic(&file.rel_path, 0, "the comparison has no `[[row]]`").with_help(HELP));
    }
    let mut rows = Vec::new();
    for r in raw.row {
        let at = r.span().start;
        let r = r.into_inner();
        if r.cells.len() != n {
            errors.push(
                lines
                    .diagnostic(
                        &file.rel_path,
                        at,
                        format!("row \"{}\" has {} cells but there are {n} subjects", r.label, r.cells.len()),
                    )
                    .with_help("give one cell per subject, in the order of `subjects`"),
            );
        }
        rows.push(Row { label: r.label, cells: r.cells });
    }
    let subjects = raw
        .subjects
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let line = lines.line_col(s.span().start).0;
            let value = s.into_inner();
            let (note, anchor) = match value.split_once('#') {
                Some((n, a)) => (n.to_string(), Some(a.to_string())),
                None => (value, None),
            };
            Subject { note, anchor, label: labels.as_ref().map(|l| l[i].clone()), line }
        })
        .collect();
    if errors.is_empty() {
        Ok(Table {
            name: file.name.clone(),
            title: raw.title,
            intro: raw.intro,
            subjects,
            rows,
            rel_path: file.rel_path.clone(),
        })
    } else {
        Err(errors)
    }
}

/// The table's HTML; `root` is the relative path from the page to the site root.
pub fn render(table: &Table, root: &str, heading_level: u8) -> String {
    let mut h = format!(
        "<figure class=\"compare\" id=\"compare-{name}\" data-compare=\"{name}\">\n<h{lvl} class=\"compare-title\">{title}</h{lvl}>\n",
        name = escape_html(&table.name),
        lvl = heading_level,
        title = escape_html(&table.title)
    );
    if !table.intro.is_empty() {
        h.push_str(&format!("<p class=\"compare-intro\">{}</p>\n", inline_markdown(&table.intro)));
    }
    h.push_str("<div class=\"table-wrap\" tabindex=\"0\">\n<table class=\"compare-table\">\n");
    h.push_str(&format!("<caption class=\"visually-hidden\">{}</caption>\n", escape_html(&table.title)));
    h.push_str("<thead><tr><th scope=\"col\">Attribute</th>");
    for s in &table.subjects {
        let href = format!(
            "{root}{}/{}",
            crate::html::encode_path(&s.note),
            s.anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()
        );
        let label = s.label.as_deref().unwrap_or(&s.note);
        h.push_str(&format!("<th scope=\"col\"><a href=\"{}\">{}</a></th>", escape_html(&href), escape_html(label)));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for r in &table.rows {
        h.push_str(&format!("<tr><th scope=\"row\">{}</th>", inline_markdown(&r.label)));
        for c in &r.cells {
            h.push_str(&format!("<td>{}</td>", inline_markdown(c)));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</div>\n</figure>\n");
    h
}
