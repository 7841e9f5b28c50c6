//! `studysite export --anki FILE`: every question of the site (note quizzes and the
//! questions generated from comparison tables) as a text file Anki imports in one step
//! (File → Import). The format is Anki's "notes in plain text" with header lines:
//!
//! ```text
//! #separator:tab
//! #html:true
//! #notetype:Basic
//! #deck:<site title>
//! #tags column:3
//! #columns:Front<TAB>Back<TAB>Tags
//! "front"<TAB>"back"<TAB>tags
//! ```
//!
//! One line per question, one Basic card each. Front: the prompt and its choices. Back:
//! the answer, the explanation and a link to the note section (an absolute link when the
//! site has an absolute `base_url`, else the note's title and section as text). Tags:
//! `category::<slug>`, `note::<note id>` (folders as `::`) and `kind::<kind>`. Fields are
//! quoted (`"` doubled), so HTML and line breaks survive the import.

use std::path::Path;

use crate::build::pool::{self, PoolQuestion};
use crate::build::BuildOptions;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::html::escape_html;

/// Writes the Anki file; returns the number of cards. The file is written beside its
/// final name and renamed into place, so a failed export leaves no half-written file.
pub fn anki(opts: &BuildOptions, file: &Path) -> Result<usize, Diagnostics> {
    let site = crate::build::linked_site(opts)?;
    let questions = pool::questions(&site);
    let base = site.config.base_url.contains("://").then_some(site.config.base_url.as_str());
    let text = anki_text(&site.config.title, base, &questions);
    let fail = |e: std::io::Error| {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::new(file.display().to_string(), 0, 0, format!("cannot write the Anki file: {e}")));
        d.finish()
    };
    let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "anki.txt".into());
    let tmp = file.with_file_name(format!(".{name}.studysite-tmp"));
    std::fs::write(&tmp, text).map_err(fail)?;
    std::fs::rename(&tmp, file).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })?;
    Ok(questions.len())
}

/// The whole file: header lines, then one line per question.
pub fn anki_text(title: &str, base_url: Option<&str>, questions: &[PoolQuestion]) -> String {
    let deck = title.replace(['\t', '\n', '\r'], " ");
    let mut out = format!(
        "#separator:tab\n#html:true\n#notetype:Basic\n#deck:{deck}\n#tags column:3\n#columns:Front\tBack\tTags\n"
    );
    for q in questions {
        out.push_str(&field(&front(q)));
        out.push('\t');
        out.push_str(&field(&back(q, base_url)));
        out.push('\t');
        out.push_str(&tags(q));
        out.push('\n');
    }
    out
}

/// A quoted field: `"` doubled; tabs and line breaks are kept inside the quotes.
fn field(html: &str) -> String {
    format!("\"{}\"", html.replace('"', "\"\""))
}

fn letter(i: usize) -> char {
    (b'A' + (i % 26) as u8) as char
}

fn front(q: &PoolQuestion) -> String {
    let mut html = format!("<div>{}</div>", q.prompt);
    let list = |items: &[String]| {
        let li: String = items.iter().enumerate().map(|(i, c)| format!("<li>{}. {c}</li>", letter(i))).collect();
        format!("<ul style=\"list-style:none;padding-left:0\">{li}</ul>")
    };
    match q.kind {
        "single" => html.push_str(&list(&q.choices)),
        "multiple" => {
            html.push_str("<p><i>Choose every right answer.</i></p>");
            html.push_str(&list(&q.choices));
        }
        "true-false" => html.push_str("<p><i>True or false?</i></p>"),
        "short" => html.push_str("<p><i>Short answer.</i></p>"),
        _ => {
            // Matching: the right-hand items in another order than their pairs.
            let n = q.right.len();
            let shown: Vec<String> = (0..n).map(|i| q.right[(i + 1) % n].clone()).collect();
            let left: String = q.left.iter().map(|l| format!("<li>{l}</li>")).collect();
            html.push_str(&format!("<p><i>Match each item with one of A–{}.</i></p><ol>{left}</ol>", letter(n - 1)));
            html.push_str(&list(&shown));
        }
    }
    html
}

fn back(q: &PoolQuestion, base_url: Option<&str>) -> String {
    let mut html = format!("<p><b>Answer:</b> {}</p>", q.answer);
    if !q.explain.is_empty() {
        html.push_str(&format!("<div>{}</div>", q.explain));
    }
    let title = escape_html(&q.title);
    match base_url {
        Some(base) => html.push_str(&format!(
            "<p><a href=\"{}{}#{}\">Read: {title}</a></p>",
            escape_html(base),
            escape_html(&q.note),
            escape_html(&q.anchor)
        )),
        None => html.push_str(&format!("<p>Read: {title} ({}#{})</p>", escape_html(&q.note), escape_html(&q.anchor))),
    }
    html
}

/// Anki tags: no spaces inside a tag; `::` makes a hierarchy.
fn tags(q: &PoolQuestion) -> String {
    let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join("_");
    let cat = if q.cat.is_empty() { "notes".to_string() } else { clean(&q.cat).replace('/', "::") };
    let note = clean(q.note.trim_end_matches('/')).replace('/', "::");
    let note = crate::html::decode_path(&note);
    format!("category::{cat} note::{} kind::{}", clean(&note), q.kind)
}
