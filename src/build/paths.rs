//! Part of the site stage: the rules every output path obeys before anything is
//! rendered. Paths must differ by more than case (authors' Mac and Windows checkouts
//! fold case; GitHub Pages does not), must not land on a file the generator writes
//! itself, and an alias must be a plain path inside the site.

use std::collections::HashMap;

use crate::build::site::{Site, RESERVED};
use crate::diagnostics::{line_text, Diagnostic};

/// One file a build will write, with where it comes from for error messages.
struct Claim<'a> {
    path: String,
    what: String,
    file: &'a str,
    line: usize,
}

/// The problem with an alias as a site path, if any. Windows drive letters, UNC paths
/// and backslashes would be read differently by different hosts and file systems.
pub fn alias_problem(alias: &str) -> Option<&'static str> {
    let path = alias.trim_matches('/');
    let first = path.split('/').next().unwrap_or("");
    if alias.starts_with("//") || alias.starts_with("\\\\") {
        Some("is a network (UNC) path, not a path inside the site")
    } else if alias.contains('\\') {
        Some("contains a backslash; write paths with `/`")
    } else if first.len() == 2 && first.ends_with(':') && first.as_bytes()[0].is_ascii_alphabetic() {
        Some("starts with a drive letter, not a path inside the site")
    } else if path.is_empty() || path.split('/').any(|p| p.is_empty() || p == ".." || p == ".") {
        Some("is not a path inside the site")
    } else if path.chars().any(|c| c.is_control() || matches!(c, '?' | '#' | ':' | '*' | '"' | '<' | '>' | '|')) {
        Some("contains a character that is not allowed in a file name on every system")
    } else if RESERVED.contains(&first) || first.eq_ignore_ascii_case("index.html") {
        Some("is the address of a page or file studysite writes itself")
    } else {
        None
    }
}

/// The folder an alias's redirect page goes into (`old/s3/` → `old/s3`).
pub fn alias_path(alias: &str) -> String {
    alias.trim_matches('/').trim_end_matches("index.html").trim_end_matches('/').to_string()
}

/// The 1-based line of the front matter that declares `alias`.
pub fn alias_line(text: &str, alias: &str) -> usize {
    // As written in the file: TOML and YAML strings escape backslashes and quotes.
    let escaped = alias.replace('\\', "\\\\").replace('"', "\\\"");
    text.lines()
        .position(|l| l.contains(alias) || l.contains(&escaped))
        .or_else(|| text.lines().position(|l| l.trim_start().starts_with("aliases")))
        .map_or(1, |i| i + 1)
}

/// Every pair of output paths that are equal, or equal but for case, from two sources.
/// (A note on a category's URL is reported by the site stage with its own advice.)
pub fn clashes(site: &Site) -> Vec<Diagnostic> {
    let mut claims = Vec::new();
    for n in &site.notes {
        let (file, id) = (n.source.rel_path.as_str(), &n.source.id);
        claims.push(Claim { path: format!("{id}/index.html"), what: format!("the note `{id}`"), file, line: 0 });
        for alias in &n.source.front.aliases {
            if alias_problem(alias).is_none() {
                claims.push(Claim {
                    path: format!("{}/index.html", alias_path(alias)),
                    what: format!("the alias \"{alias}\""),
                    file,
                    line: alias_line(&n.source.text, alias),
                });
            }
        }
    }
    for c in site.categories.iter().filter(|c| !c.slug.is_empty()) {
        let file = c.meta.as_ref().map(|m| m.rel_path.as_str());
        let file = file.or_else(|| c.notes.first().map(|&i| site.notes[i].source.rel_path.as_str())).unwrap_or("notes");
        claims.push(Claim {
            path: format!("{}/index.html", c.slug),
            what: format!("the category `{}`", c.slug),
            file,
            line: 0,
        });
    }
    for a in &site.assets {
        claims.push(Claim { path: a.rel.clone(), what: format!("the file `notes/{}`", a.rel), file: "notes", line: 0 });
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut diags = Vec::new();
    for (i, claim) in claims.iter().enumerate() {
        let folded = claim.path.to_lowercase();
        let Some(&first) = seen.get(&folded) else {
            seen.insert(folded, i);
            continue;
        };
        let other = &claims[first];
        let same = other.path == claim.path;
        let kinds = (other.what.starts_with("the category"), claim.what.starts_with("the category"));
        if same && kinds.0 != kinds.1 {
            continue; // a note on its category's URL: the site stage says how to fix that
        }
        let problem = if same { "is the address of another page:" } else { "differs only by case from" };
        let file = if claim.file == "notes" { format!("notes/{}", claim.path) } else { claim.file.to_string() };
        let other_file = if other.file == "notes" { format!("notes/{}", other.path) } else { other.file.to_string() };
        let text = site.notes.iter().find(|n| n.source.rel_path == claim.file).map(|n| &*n.source.text);
        diags.push(
            Diagnostic::new(
                file,
                claim.line,
                1,
                format!("{} ({}) {problem} {} ({other_file})", claim.what, claim.path, other.what),
            )
            .with_source(text.and_then(|t| line_text(t, claim.line)))
            .with_help(if same {
                "two sources cannot write one page; rename or remove one of them"
            } else {
                "output paths must differ by more than letter case: Mac and Windows checkouts fold case, GitHub Pages does not; rename one"
            }),
        );
    }
    diags
}
