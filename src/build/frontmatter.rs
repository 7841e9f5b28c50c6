//! Front matter: TOML between `+++` lines, or YAML between `---` lines (read by
//! serde-saphyr, so block scalars, escapes and Obsidian's properties work as in Obsidian).
//! A file without front matter is a note too (the site stage gives it a title).

use serde::Deserialize;

use crate::diagnostics::{line_text, Diagnostic};

/// The fields a note may set. Unknown TOML keys are errors (typos are caught);
/// unknown YAML keys are ignored, because Obsidian plugins add their own properties.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub keywords: Vec<String>,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub related: Vec<String>,
    /// Old addresses of the note (TOML), which get redirect pages.
    pub aliases: Vec<String>,
    /// Obsidian's `cssclasses`: extra classes for the page.
    pub cssclasses: Vec<String>,
    /// One-line definitions for the glossary: `[glossary]` with `"Term" = "definition"`.
    /// A term is the title or a keyword (without `#anchor`); a new term becomes a keyword.
    pub glossary: std::collections::BTreeMap<String, String>,
    /// Obsidian `aliases`: other names of the note. They are keys like `keywords` (and
    /// are in that list), but two notes sharing one is a warning, not an error.
    pub alias_names: Vec<String>,
    /// Free-form data for custom templates.
    pub extra: Option<toml::Table>,
}

pub const KNOWN_FIELDS: &[&str] = &[
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
    "cssclasses",
    "extra",
];

/// Keys read from YAML; the rest belong to other tools and are ignored.
const YAML_FIELDS: &[&str] = &[
    "title",
    "summary",
    "description",
    "keywords",
    "category",
    "tags",
    "tag",
    "weight",
    "draft",
    "publish",
    "related",
    "aliases",
    "alias",
    "cssclasses",
    "cssclass",
    "glossary",
    "extra",
];

/// A note's text split into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    pub front: FrontMatter,
    pub body: &'a str,
    /// Byte offset of the body in the file, so body positions map back to file lines.
    pub body_offset: usize,
}

/// One `key: value` of the front matter, with byte offsets in the whole file.
struct Entry {
    key: String,
    key_at: usize,
    value: toml::Value,
    value_at: usize,
}

type Errors = Vec<Diagnostic>;

/// Splits and parses the front matter of `text` (a note without any is a note too: the
/// site stage titles it by the `title_from` setting). `file` is the path shown in
/// messages. Every problem of the front matter is returned.
pub fn split<'a>(file: &str, text: &'a str) -> Result<Split<'a>, Errors> {
    let (front, body_offset) = split_untitled(file, text)?;
    Ok(Split { front, body: &text[body_offset..], body_offset })
}

/// Parses the front matter if there is one; the title stays as written.
pub fn split_untitled(file: &str, text: &str) -> Result<(FrontMatter, usize), Errors> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let Some(fence) = ["+++", "---"].into_iter().find(|f| text[bom..].starts_with(f)) else {
        return Ok((FrontMatter::default(), bom));
    };
    let first_nl = text.find('\n').unwrap_or(text.len());
    if text[bom + 3..first_nl].trim() != "" {
        if fence == "---" {
            // `----` or `--- text`: a thematic break or text, not front matter.
            return Ok((FrontMatter::default(), bom));
        }
        return Err(vec![Diagnostic::new(file, 1, 4, format!("unexpected text after the opening `{fence}`"))
            .with_source(line_text(text, 1))
            .with_help(format!("the opening `{fence}` must be alone on its line"))]);
    }
    let start = (first_nl + 1).min(text.len());
    let Some((close_start, body_offset)) = closing_fence(text, start, fence) else {
        return Err(vec![Diagnostic::new(
            file,
            1,
            1,
            format!("the front matter opened with `{fence}` is never closed"),
        )
        .with_source(line_text(text, 1))
        .with_help(format!("add a line with only `{fence}` after the last front matter field"))]);
    };
    let raw = &text[start..close_start];
    let entries =
        if fence == "---" { yaml_entries(file, text, start, raw)? } else { toml_entries(file, text, start, raw)? };
    let front = fields(file, text, entries, fence == "---")?;
    Ok((front, body_offset))
}

/// The closing fence: a line that is exactly `fence`. Returns its start and the body's.
fn closing_fence(text: &str, start: usize, fence: &str) -> Option<(usize, usize)> {
    let mut pos = start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == fence {
            return Some((pos, (end + 1).min(text.len())));
        }
        pos = end + 1;
    }
    None
}

fn toml_entries(file: &str, text: &str, start: usize, raw: &str) -> Result<Vec<Entry>, Errors> {
    type Table = std::collections::BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>>;
    let table: Table = toml::from_str(raw).map_err(|e| {
        let offset = start + e.span().map_or(0, |s| s.start);
        vec![Diagnostic::at_offset(
            file,
            text,
            offset,
            format!("invalid front matter: {}", crate::config::toml_message(&e)),
        )
        .with_help(
            "front matter between `+++` lines is TOML: `key = \"text\"`, `list = [\"a\", \"b\"]`, `weight = 10`",
        )]
    })?;
    Ok(table
        .into_iter()
        .map(|(k, v)| Entry {
            key_at: start + k.span().start,
            value_at: start + v.span().start,
            key: k.into_inner(),
            value: v.into_inner(),
        })
        .collect())
}

/// The YAML keys studysite reads, each with where its value starts.
#[derive(Deserialize, Default)]
#[serde(default)]
struct YamlFront {
    title: Option<serde_saphyr::Spanned<Any>>,
    summary: Option<serde_saphyr::Spanned<Any>>,
    description: Option<serde_saphyr::Spanned<Any>>,
    keywords: Option<serde_saphyr::Spanned<Any>>,
    category: Option<serde_saphyr::Spanned<Any>>,
    tags: Option<serde_saphyr::Spanned<Any>>,
    tag: Option<serde_saphyr::Spanned<Any>>,
    weight: Option<serde_saphyr::Spanned<Any>>,
    draft: Option<serde_saphyr::Spanned<Any>>,
    publish: Option<serde_saphyr::Spanned<Any>>,
    related: Option<serde_saphyr::Spanned<Any>>,
    aliases: Option<serde_saphyr::Spanned<Any>>,
    alias: Option<serde_saphyr::Spanned<Any>>,
    cssclasses: Option<serde_saphyr::Spanned<Any>>,
    cssclass: Option<serde_saphyr::Spanned<Any>>,
    extra: Option<serde_saphyr::Spanned<Any>>,
}

fn yaml_entries(file: &str, text: &str, start: usize, raw: &str) -> Result<Vec<Entry>, Errors> {
    let first_line = crate::diagnostics::line_col(text, start).0;
    let parsed: YamlFront = if raw.trim().is_empty() {
        YamlFront::default()
    } else {
        serde_saphyr::from_str(raw).map_err(|e| vec![yaml_error(file, text, first_line, &e)])?
    };
    let at = |loc: serde_saphyr::Location| {
        let line = first_line + (loc.line() as usize).saturating_sub(1);
        offset_of(text, line, loc.column() as usize)
    };
    let mut entries = Vec::new();
    let fields = [
        ("title", parsed.title),
        ("summary", parsed.summary),
        ("description", parsed.description),
        ("keywords", parsed.keywords),
        ("category", parsed.category),
        ("tags", parsed.tags),
        ("tag", parsed.tag),
        ("weight", parsed.weight),
        ("draft", parsed.draft),
        ("publish", parsed.publish),
        ("related", parsed.related),
        ("aliases", parsed.aliases),
        ("alias", parsed.alias),
        ("cssclasses", parsed.cssclasses),
        ("cssclass", parsed.cssclass),
        ("extra", parsed.extra),
    ];
    for (key, value) in fields {
        let Some(value) = value else { continue };
        let Any(Some(inner)) = value.value else { continue };
        let value_at = at(value.referenced);
        let key_at = key_offset(text, start, key).unwrap_or(value_at);
        entries.push(Entry { key: key.to_string(), key_at, value: inner, value_at });
    }
    if let Ok(keys) = serde_saphyr::from_str::<std::collections::BTreeMap<String, serde::de::IgnoredAny>>(raw) {
        warn_near_misses(file, text, start, keys.keys());
    }
    Ok(entries)
}

/// An unknown YAML key is ignored (it may belong to a plugin), but one a letter or two
/// away from a field studysite reads is most likely a typo: say so.
fn warn_near_misses<'k>(file: &str, text: &str, start: usize, keys: impl Iterator<Item = &'k String>) {
    for key in keys.filter(|k| !YAML_FIELDS.contains(&k.as_str())) {
        if let Some(near) = crate::suggest::closest(key, YAML_FIELDS.iter().copied()) {
            let (line, col) = crate::diagnostics::line_col(text, key_offset(text, start, key).unwrap_or(start));
            eprintln!(
                "warning: {file}:{line}:{col}: front matter key `{key}` is ignored; did you mean `{near}`?",
                key = crate::diagnostics::escape_control(key)
            );
        }
    }
}

fn yaml_error(file: &str, text: &str, first_line: usize, e: &serde_saphyr::Error) -> Diagnostic {
    let plain = e.without_snippet().to_string();
    let message = plain.lines().next().unwrap_or("").trim().to_string();
    let message = message.split(" at line ").next().unwrap_or(&message).to_string();
    let (line, col) = e
        .location()
        .filter(|l| l.line() > 0)
        .map_or((first_line, 1), |l| (first_line + l.line() as usize - 1, l.column().max(1) as usize));
    let help = if message.contains("duplicate") {
        "each key may appear once: remove or merge the repeated one"
    } else {
        "front matter between `---` lines is YAML: `key: text`, `list: [a, b]` or `- item` lines, `weight: 10`"
    };
    Diagnostic::new(file, line, col, format!("invalid front matter: {message}"))
        .with_source(line_text(text, line))
        .with_help(help)
}

/// Where `key:` starts a line at or after `from`.
fn key_offset(text: &str, from: usize, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let rest = line.strip_prefix(key).map(str::trim_start);
        if offset >= from && rest.is_some_and(|r| r.starts_with(':') || r.starts_with('=')) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// Byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let line_str = text[start..].split('\n').next().unwrap_or("");
    start + line_str.char_indices().nth(col.saturating_sub(1)).map_or(line_str.len(), |(i, _)| i)
}

/// Any YAML value as TOML data (what `extra` is for custom templates); YAML's nulls
/// become `None` and are left out of lists and tables.
struct Any(Option<toml::Value>);

impl<'de> Deserialize<'de> for Any {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Any, D::Error> {
        d.deserialize_any(AnyVisitor)
    }
}

struct AnyVisitor;

impl<'de> serde::de::Visitor<'de> for AnyVisitor {
    type Value = Any;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Any, E> {
        Ok(Any(Some(toml::Value::Boolean(v))))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Any, E> {
        Ok(Any(Some(toml::Value::Integer(v))))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Any, E> {
        Ok(Any(Some(i64::try_from(v).map_or(toml::Value::Float(v as f64), toml::Value::Integer))))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Any, E> {
        Ok(Any(Some(toml::Value::Float(v))))
    }
    fn visit_str<E>(self, v: &str) -> Result<Any, E> {
        Ok(Any(Some(toml::Value::String(v.to_string()))))
    }
    fn visit_unit<E>(self) -> Result<Any, E> {
        Ok(Any(None))
    }
    fn visit_none<E>(self) -> Result<Any, E> {
        Ok(Any(None))
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Any, D::Error> {
        Any::deserialize(d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Any, A::Error> {
        let mut items = Vec::new();
        while let Some(Any(item)) = seq.next_element()? {
            items.extend(item);
        }
        Ok(Any(Some(toml::Value::Array(items))))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Any, A::Error> {
        let mut table = toml::Table::new();
        while let Some((Any(key), Any(value))) = map.next_entry()? {
            let key = match key {
                Some(toml::Value::String(s)) => s,
                Some(other) => other.to_string(),
                None => continue,
            };
            if let Some(value) = value {
                table.insert(key, value);
            }
        }
        Ok(Any(Some(toml::Value::Table(table))))
    }
}

mod fields;
use fields::fields;

#[cfg(test)]
mod tests;
