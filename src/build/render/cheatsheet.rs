//! The cheat sheet: one printable page with every note's summary and key facts (its tip,
//! important and warning callouts) and every comparison table, by category.

use serde::Serialize;

use super::{Page, PageKind, Renderer};
use crate::diagnostics::Diagnostic;

#[derive(Serialize)]
struct CheatNote<'a> {
    title: &'a str,
    url: &'a str,
    summary: Option<&'a str>,
    facts: Vec<String>,
}

#[derive(Serialize)]
struct CheatCategory<'a> {
    title: &'a str,
    notes: Vec<CheatNote<'a>>,
}

/// How every callout starts, and the kinds of callout that hold a note's key facts.
const CALLOUT: &str = "<div class=\"callout callout-";
const FACT_KINDS: &[&str] = &["tip\"", "important\"", "warning\""];

/// Where the next key-fact callout at or after `from` starts (one scan of the page for
/// callouts of any kind, the cheat sheet reads every note).
fn next_fact(html: &str, mut from: usize) -> Option<usize> {
    while let Some(i) = html[from..].find(CALLOUT) {
        let start = from + i;
        let kind = &html[start + CALLOUT.len()..];
        if FACT_KINDS.iter().any(|k| kind.starts_with(k)) {
            return Some(start);
        }
        from = start + CALLOUT.len();
    }
    None
}

/// The inner HTML of each key-fact callout of a note's HTML, without its title and
/// without links (they point relative to the note's own page).
pub(crate) fn facts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = next_fact(html, from) {
        let Some(open_end) = html[start..].find('>').map(|i| start + i + 1) else { break };
        // The matching `</div>`, counting nested divs.
        let (mut depth, mut pos, mut end) = (1usize, open_end, None);
        while let Some(i) = html[pos..].find("div") {
            let at = pos + i;
            if html[..at].ends_with("</") {
                depth -= 1;
                if depth == 0 {
                    end = Some(at - 2);
                    break;
                }
            } else if html[..at].ends_with('<') {
                depth += 1;
            }
            pos = at + 3;
        }
        let Some(end) = end else { break };
        let mut inner = html[open_end..end].to_string();
        if let Some(t) = inner.find("<p class=\"callout-title\">") {
            if let Some(close) = inner[t..].find("</p>") {
                inner.replace_range(t..t + close + 4, "");
            }
        }
        out.push(strip_links(inner.trim()));
        from = end;
    }
    out
}

fn strip_links(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<a ").or_else(|| rest.find("</a>")) {
        let j = rest.find("</a>").map_or(i, |j| j.min(i));
        let i = i.min(j);
        out.push_str(&rest[..i]);
        let close = rest[i..].find('>').map_or(rest.len(), |k| i + k + 1);
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

impl Renderer<'_> {
    pub fn cheatsheet_page(&self) -> Result<Page, Diagnostic> {
        let site = self.site;
        let categories: Vec<CheatCategory> = site
            .categories
            .iter()
            .filter(|c| !c.notes.is_empty())
            .map(|c| CheatCategory {
                title: &c.title,
                notes: c
                    .notes
                    .iter()
                    .map(|&i| {
                        let n = &site.notes[i];
                        CheatNote {
                            title: n.title(),
                            url: &n.url,
                            summary: n.source.front.summary.as_deref(),
                            facts: facts(&n.html),
                        }
                    })
                    .collect(),
            })
            .collect();
        let tables: Result<Vec<String>, Diagnostic> =
            site.comparisons.values().map(|t| self.comparison_html(t, "../", true)).collect();
        let mut ctx = self.base_context("../", None, None);
        ctx.insert("categories", &categories);
        ctx.insert("tables", &tables?);
        ctx.insert("page", &PageKind { kind: "cheatsheet", title: "Cheat sheet" });
        Ok(Page { path: "cheatsheet/index.html".into(), html: self.render("cheatsheet.html", &ctx)? })
    }
}

#[cfg(test)]
mod tests {
    use super::facts;

    #[test]
    fn key_facts_are_the_tip_callouts_without_title_or_links() {
        let html = "<p>x</p><div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">Tip</p>\n<p>Use <a class=\"xref\" href=\"../a/\">KDS</a> <div>n</div>for replay.</p></div><div class=\"callout callout-note\"><p>no</p></div>";
        assert_eq!(facts(html), ["<p>Use KDS <div>n</div>for replay.</p>"]);
    }
}
