//! Study questions generated from a comparison table, one set per row:
//! "which subject has this cell" (when exactly one subject has it), a true/false
//! statement about one subject, and matching subjects to cells (when every cell differs).
//! Ids come from the table, row and subject names only, so editing one row keeps the
//! progress of every other row's questions.

use super::{Row, Table};
use crate::build::parse::quiz::{Answer, Question};

/// A cell as compared for sameness: case, spacing and a final full stop do not count.
fn norm(cell: &str) -> String {
    cell.split_whitespace().collect::<Vec<_>>().join(" ").trim_end_matches('.').to_lowercase()
}

/// Cells that say the same in other words are too alike to tell apart in a question:
/// equal, or equal up to the first `:`, `(`, `,` or `;` ("None" and "None: serverless").
fn alike(a: &str, b: &str) -> bool {
    let head = |s: &str| s.split([':', '(', ',', ';']).next().unwrap_or("").trim().to_string();
    a == b || head(a) == head(b)
}

/// Author text for a question: the quiz renders Markdown, so raw HTML in a cell or label
/// is turned into text here (`<` written as `&lt;`), as the table itself shows it.
fn md(text: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (e, range) in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH).into_offset_iter() {
        if matches!(e, Event::Html(_) | Event::InlineHtml(_)) && range.start >= last {
            out.push_str(&text[last..range.start]);
            out.push_str(&text[range.clone()].replace('<', "&lt;"));
            last = range.end;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// A stable pick among `n` items for this table and row.
fn pick(table: &Table, row: &Row, salt: &str, n: usize) -> usize {
    let key = format!("{}/{}/{salt}", table.name, row.id);
    (crate::hash::fnv1a(key.as_bytes()) % n.max(1) as u64) as usize
}

/// Every question of the table, in row order; none when the table opts out.
pub fn generate(table: &Table) -> Vec<Question> {
    if !table.questions_enabled {
        return Vec::new();
    }
    table.rows.iter().filter(|r| r.questions).flat_map(|r| for_row(table, r)).collect()
}

/// A row's questions: none when its cells are not distinct enough (fewer than two
/// different values) or a cell is empty.
pub fn for_row(table: &Table, row: &Row) -> Vec<Question> {
    let cells: Vec<String> = row.cells.iter().map(|c| norm(c)).collect();
    let n = cells.len();
    if n < 2 || cells.iter().any(String::is_empty) {
        return Vec::new();
    }
    // Subjects whose cell no other subject's cell is alike to.
    let unique: Vec<usize> = (0..n).filter(|&i| (0..n).all(|o| o == i || !alike(&cells[i], &cells[o]))).collect();
    let groups = (0..n).filter(|&i| (0..i).all(|o| !alike(&cells[i], &cells[o]))).count();
    if groups < 2 {
        return Vec::new();
    }
    let names: Vec<String> = table.subjects.iter().map(|s| md(s.name())).collect();
    let texts: Vec<String> = row.cells.iter().map(|c| md(c)).collect();
    let label = md(&row.label);
    let title = md(&table.title);
    let explain = explanation(&title, &label, &names, &texts);
    let id = |subject: Option<usize>, kind: &str| match subject {
        Some(s) => format!("cmp-{}-{}-{}-{kind}", table.name, row.id, table.subjects[s].key),
        None => format!("cmp-{}-{}-{kind}", table.name, row.id),
    };
    let mut out = Vec::new();

    // Which subject has this cell? Only for a cell no other subject shares.
    if !unique.is_empty() {
        let s = unique[pick(table, row, "which", unique.len())];
        out.push(Question {
            id: id(Some(s), "which"),
            prompt: format!("Which one has this as *{label}*: {}", texts[s]),
            answer: Answer::Single { choices: names.clone(), answer: s },
            explain: explain.clone(),
            line: row.line,
        });
    }

    // True or false: a subject's row stated with its own cell, or with another subject's
    // cell that is not alike.
    let s = pick(table, row, "subject", n);
    let others: Vec<usize> = (0..n).filter(|&o| !alike(&cells[o], &cells[s])).collect();
    let truth = others.is_empty() || pick(table, row, "truth", 2) == 0;
    let shown = if truth { s } else { others[pick(table, row, "other", others.len())] };
    out.push(Question {
        id: id(Some(s), "tf"),
        prompt: format!("{} — *{label}*: {}", names[s], texts[shown]),
        answer: Answer::TrueFalse { answer: truth },
        explain: explain.clone(),
        line: row.line,
    });

    // Matching subjects to cells, when no two cells are alike and there are three or more.
    if unique.len() == n && n >= 3 {
        out.push(Question {
            id: id(None, "match"),
            prompt: format!("Match each one with its *{}* (from “{title}”).", lower_first(&label)),
            answer: Answer::Matching { pairs: names.iter().cloned().zip(texts.iter().cloned()).collect() },
            explain,
            line: row.line,
        });
    }
    out
}

/// "What it is" → "what it is"; leaves acronyms ("OLAP") alone.
fn lower_first(label: &str) -> String {
    let label = label.trim().trim_end_matches('?');
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(label[a.len_utf8()..].chars()).collect()
        }
        _ => label.to_string(),
    }
}

/// The row as a sentence, shown with the answer: the table is the explanation.
fn explanation(title: &str, label: &str, names: &[String], cells: &[String]) -> String {
    let parts: Vec<String> = names.iter().zip(cells).map(|(s, c)| format!("{s}: {c}")).collect();
    format!("From the table “{title}”, row “{label}”. {}.", parts.join("; "))
}
