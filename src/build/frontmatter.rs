//! Front matter: TOML between `+++` lines, or YAML between `---` lines (the subset
//! Obsidian writes: scalars, flow lists and block lists), so a vault builds as it is.

use serde::Deserialize;

use crate::diagnostics::{line_text, Diagnostic};

/// The fields a note may set. Unknown TOML keys are errors (typos are caught);
/// unknown YAML keys are ignored, because Obsidian plugins add their own properties.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub related: Vec<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// One-line definitions for the glossary: `[glossary]` with `"Term" = "definition"`.
    /// A term is the title or a keyword (without `#anchor`); a new term becomes a keyword.
    #[serde(default)]
    pub glossary: std::collections::BTreeMap<String, String>,
    /// Free-form data for custom templates.
    #[serde(default)]
    pub extra: Option<toml::Table>,
    /// Classes for the note's page (Obsidian's `cssclasses`).
    #[serde(default)]
    pub cssclasses: Vec<String>,
    /// Obsidian `aliases`: other names of the note. They are keys like `keywords` (and
    /// are in that list), but two notes sharing one is a warning, not an error.
    #[serde(skip)]
    pub alias_names: Vec<String>,
}

const KNOWN_FIELDS: &[&str] = &[
    "title",
    "summary",
    "keywords",
    "category",
    "tags",
    "weight",
    "draft",
    "related",
    "aliases",
    "glossary",
    "extra",
    "cssclasses",
];

/// A note's text split into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    pub front: FrontMatter,
    pub body: &'a str,
    /// Byte offset of the body in the file, so body positions map back to file lines.
    pub body_offset: usize,
}

fn parse_fenced(file: &str, text: &str) -> Result<(FrontMatter, usize), Diagnostic> {
    let (fence, yaml) = if text.starts_with("+++") {
        ("+++", false)
    } else if text.starts_with("---") {
        ("---", true)
    } else {
        return Err(Diagnostic::new(file, 1, 1, "the note has no front matter")
            .with_source(line_text(text, 1))
            .with_help("start the file with a `+++` line, `title = \"...\"`, and a closing `+++` line"));
    };
    let first_nl = match text.find('\n') {
        Some(i) => i,
        None => {
            return Err(Diagnostic::new(file, 1, 1, format!("the front matter opened with `{fence}` is never closed"))
                .with_source(line_text(text, 1))
                .with_help(format!("add a line with `{fence}` after the front matter")))
        }
    };
    if text[fence.len()..first_nl].trim() != "" {
        return Err(Diagnostic::new(file, 1, 4, format!("unexpected text after the opening `{fence}`"))
            .with_source(line_text(text, 1))
            .with_help(format!("the opening `{fence}` must be alone on its line")));
    }
    let start = first_nl + 1;
    // Find the closing fence: a line that is exactly the fence.
    let mut pos = start;
    let mut close = None;
    while pos <= text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == fence {
            close = Some((pos, (end + 1).min(text.len())));
            break;
        }
        if end >= text.len() {
            break;
        }
        pos = end + 1;
    }
    let Some((close_start, body_offset)) = close else {
        return Err(Diagnostic::new(file, 1, 1, format!("the front matter opened with `{fence}` is never closed"))
            .with_source(line_text(text, 1))
            .with_help(format!("add a line with only `{fence}` after the last front matter field")));
    };
    let raw = &text[start..close_start];
    let front = if yaml { parse_yaml(file, text, start, raw)? } else { parse_toml(file, text, start, raw)? };
    Ok((front, body_offset))
}

/// Like [`split`], for files whose title is optional (category `_index.md`).
pub fn split_untitled(file: &str, text: &str) -> Result<(FrontMatter, usize), Diagnostic> {
    parse_fenced(file, text)
}

/// Splits and parses the front matter of `text`. `file` is only used in diagnostics.
pub fn split<'a>(file: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let (front, body_offset) = parse_fenced(file, text)?;
    if front.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err(Diagnostic::new(file, 1, 1, "the note has no `title`")
            .with_source(line_text(text, 1))
            .with_help("every note needs a title: add `title = \"...\"` to the front matter"));
    }
    Ok(Split { front, body: &text[body_offset..], body_offset })
}

fn parse_toml(file: &str, text: &str, start: usize, raw: &str) -> Result<FrontMatter, Diagnostic> {
    toml::from_str::<FrontMatter>(raw).map_err(|e| {
        let offset = start + e.span().map_or(0, |s| s.start);
        let msg = crate::config::toml_message(&e);
        let mut d = Diagnostic::at_offset(file, text, offset, format!("invalid front matter: {msg}"));
        d = if msg.contains("unknown field") {
            d.with_help(format!("known fields: {}; put custom data under `[extra]`", KNOWN_FIELDS.join(", ")))
        } else {
            d.with_help(
                "front matter between `+++` lines is TOML: `key = \"text\"`, `list = [\"a\", \"b\"]`, `weight = 10`",
            )
        };
        d
    })
}

/// A YAML value of the subset we accept.
#[derive(Debug, Clone)]
enum Yaml {
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<String>),
    Null,
}

fn parse_yaml(file: &str, text: &str, start: usize, raw: &str) -> Result<FrontMatter, Diagnostic> {
    let first_line = crate::diagnostics::line_col(text, start).0;
    let err = |idx: usize, col: usize, msg: String, help: &str| {
        let line = first_line + idx;
        Diagnostic::new(file, line, col, msg).with_source(line_text(text, line)).with_help(help.to_string())
    };
    let lines: Vec<&str> = raw.lines().collect();
    let mut fm = FrontMatter::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            i += 1;
            continue;
        }
        if line.starts_with([' ', '\t']) {
            return Err(err(
                i,
                1,
                "unexpected indentation in YAML front matter".into(),
                "top-level keys start at the first column; lists use `- item` lines under `key:`",
            ));
        }
        let Some((key, rest)) = line.split_once(':') else {
            return Err(err(
                i,
                1,
                format!("expected `key: value`, found `{trimmed}`"),
                "YAML front matter is a list of `key: value` lines",
            ));
        };
        let key = key.trim();
        let rest = strip_comment(rest).trim();
        let key_idx = i;
        i += 1;
        let value = if rest.is_empty() {
            // A block list (`- item` lines) or nested mapping follows, or nothing (null).
            let mut items = Vec::new();
            let mut nested = false;
            while i < lines.len() && (lines[i].starts_with([' ', '\t', '-']) || lines[i].trim().is_empty()) {
                let t = lines[i].trim();
                if let Some(item) = t.strip_prefix('-') {
                    items.push(scalar_text(strip_comment(item).trim()));
                } else if !t.is_empty() && !t.starts_with('#') {
                    nested = true;
                }
                i += 1;
            }
            if nested {
                if KNOWN_FIELDS.contains(&key) && key != "extra" {
                    return Err(err(
                        key_idx,
                        1,
                        format!("`{key}` cannot be a nested mapping"),
                        "use a plain value or a `- item` list",
                    ));
                }
                Yaml::Null
            } else if items.is_empty() {
                Yaml::Null
            } else {
                Yaml::List(items)
            }
        } else if rest.starts_with('[') {
            if !rest.ends_with(']') {
                return Err(err(
                    key_idx,
                    key.len() + 3,
                    format!("the list of `{key}` is not closed"),
                    "write flow lists on one line: `key: [a, b]`",
                ));
            }
            Yaml::List(split_flow(&rest[1..rest.len() - 1]).into_iter().map(|s| scalar_text(&s)).collect())
        } else if rest == "|" || rest == ">" || rest.starts_with("|-") || rest.starts_with(">-") {
            return Err(err(
                key_idx,
                key.len() + 3,
                "multi-line YAML strings are not supported in front matter".into(),
                "write the value on one line, in quotes if it contains `:`",
            ));
        } else {
            scalar(rest)
        };
        match (key, value) {
            (_, Yaml::Null) => {}
            ("title", v) => fm.title = Some(yaml_string(&v)),
            ("summary" | "description", v) => fm.summary = Some(yaml_string(&v)),
            ("category", v) => fm.category = Some(yaml_string(&v)),
            ("keywords", v) => fm.keywords = yaml_list(&v),
            // Obsidian accepts a list, or one string of tags separated by commas or spaces.
            ("tags", v) => {
                fm.tags = split_words(yaml_list(&v)).map(|t| t.trim_start_matches('#').to_string()).collect()
            }
            ("cssclasses" | "cssclass", v) => fm.cssclasses = split_words(yaml_list(&v)).collect(),
            ("publish", Yaml::Bool(false)) => fm.draft = true,
            ("related", v) => fm.related = yaml_list(&v),
            ("aliases", v) => {
                // Obsidian uses `aliases` for alternative names, which is what keywords are.
                fm.alias_names.extend(yaml_list(&v));
                fm.keywords.extend(yaml_list(&v));
            }
            ("weight", Yaml::Int(n)) => fm.weight = Some(n),
            ("weight", _) => {
                return Err(err(
                    key_idx,
                    key.len() + 3,
                    "`weight` must be a whole number".into(),
                    "for example `weight: 10`",
                ))
            }
            ("draft", Yaml::Bool(b)) => fm.draft = b,
            ("draft", _) => {
                return Err(err(
                    key_idx,
                    key.len() + 3,
                    "`draft` must be `true` or `false`".into(),
                    "for example `draft: true`",
                ))
            }
            _ => {} // Other properties belong to other tools.
        }
    }
    Ok(fm)
}

/// Items of a list, each split further at commas and whitespace (`tags: a, b c`).
fn split_words(items: Vec<String>) -> impl Iterator<Item = String> {
    items.into_iter().flat_map(|i| {
        i.split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    })
}

fn strip_comment(s: &str) -> &str {
    // A `#` starts a comment only outside quotes and after whitespace.
    let mut quote = None;
    let bytes = s.as_bytes();
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if i == 0 || bytes[i - 1].is_ascii_whitespace() => return &s[..i],
            _ => {}
        }
    }
    s
}

fn split_flow(s: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut quote = None;
    for c in s.chars() {
        match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                cur.push(c);
            }
            (Some(q), c) if c == q => {
                quote = None;
                cur.push(c);
            }
            (None, ',') => {
                items.push(cur.trim().to_string());
                cur.clear();
            }
            _ => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        items.push(cur.trim().to_string());
    }
    items
}

fn scalar_text(s: &str) -> String {
    match scalar(s) {
        Yaml::Str(t) => t,
        Yaml::Int(n) => n.to_string(),
        Yaml::Bool(b) => b.to_string(),
        _ => s.to_string(),
    }
}

fn scalar(s: &str) -> Yaml {
    let s = s.trim();
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        let inner = &s[1..s.len() - 1];
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(o) => out.push(o),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        return Yaml::Str(out);
    }
    if s.len() >= 2 && s.starts_with('\'') && s.ends_with('\'') {
        return Yaml::Str(s[1..s.len() - 1].replace("''", "'"));
    }
    match s {
        "" | "~" | "null" => Yaml::Null,
        "true" | "True" | "TRUE" => Yaml::Bool(true),
        "false" | "False" | "FALSE" => Yaml::Bool(false),
        _ => s.parse::<i64>().map_or_else(|_| Yaml::Str(s.to_string()), Yaml::Int),
    }
}

fn yaml_string(v: &Yaml) -> String {
    match v {
        Yaml::Str(s) => s.clone(),
        Yaml::Int(n) => n.to_string(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::List(items) => items.join(", "),
        Yaml::Null => String::new(),
    }
}

fn yaml_list(v: &Yaml) -> Vec<String> {
    match v {
        Yaml::List(items) => items.clone(),
        Yaml::Null => Vec::new(),
        other => vec![yaml_string(other)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter() {
        let s = split("a.md", "+++\ntitle = \"S3\"\nkeywords = [\"Simple Storage Service\"]\n+++\n\nBody\n").unwrap();
        assert_eq!(s.front.title.as_deref(), Some("S3"));
        assert_eq!(s.front.keywords, vec!["Simple Storage Service"]);
        assert_eq!(s.body, "\nBody\n");
    }

    #[test]
    fn yaml_front_matter_with_lists() {
        let text = "---\ntitle: \"Kinesis: overview\"\ntags: [streaming, 'real-time']\nkeywords:\n  - KDS\n  - Kinesis Data Streams # a comment\nweight: 3\ncssclass: wide\n---\nBody";
        let s = split("a.md", text).unwrap();
        assert_eq!(s.front.title.as_deref(), Some("Kinesis: overview"));
        assert_eq!(s.front.tags, vec!["streaming", "real-time"]);
        assert_eq!(s.front.keywords, vec!["KDS", "Kinesis Data Streams"]);
        assert_eq!(s.front.weight, Some(3));
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn errors_name_the_line() {
        let e = split("a.md", "+++\ntitle = \"x\"\nweight = \"ten\"\n+++\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        let e = split("a.md", "+++\nsummary = \"x\"\n+++\n").unwrap_err();
        assert!(e.message.contains("title"), "{e}");
        let e = split("a.md", "+++\ntitle = \"x\"\n").unwrap_err();
        assert!(e.message.contains("never closed"), "{e}");
        let e = split("a.md", "---\ntitle: x\nweight: many\n---\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
    }
}
