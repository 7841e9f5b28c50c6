//! Front matter values checked field by field, so every problem of a file is reported
//! together (a wrong `weight` does not hide a misspelt key below it).

use toml::Value;

use super::{Entry, Errors, FrontMatter, KNOWN_FIELDS};
use crate::diagnostics::Diagnostic;

/// Reads each entry into its field. YAML is lenient where Obsidian is (a single tag as
/// text, `publish: false`, unknown keys); TOML is strict, so typos are caught.
pub(super) fn fields(file: &str, text: &str, entries: Vec<Entry>, yaml: bool) -> Result<FrontMatter, Errors> {
    let mut fm = FrontMatter::default();
    let mut errors = Vec::new();
    for e in entries {
        let key = e.key.as_str();
        let result = match key {
            "title" => text_value(e.value, yaml).map(|v| fm.title = Some(v)),
            "summary" | "description" => text_value(e.value, yaml).map(|v| fm.summary = Some(v)),
            "category" => text_value(e.value, yaml).map(|v| fm.category = Some(v)),
            "keywords" => list(e.value, yaml, false).map(|v| fm.keywords.extend(v)),
            "related" => list(e.value, yaml, false).map(|v| fm.related = v),
            "tags" | "tag" => list(e.value, yaml, true)
                .map(|v| fm.tags.extend(v.into_iter().map(|t| t.trim_start_matches('#').to_string()))),
            // Obsidian's aliases are other names for the note, which is what keywords are.
            "aliases" | "alias" if yaml => list(e.value, yaml, false).map(|v| {
                fm.alias_names.extend(v.iter().cloned());
                fm.keywords.extend(v);
            }),
            "aliases" => list(e.value, yaml, false).map(|v| fm.aliases = v),
            "cssclasses" | "cssclass" => list(e.value, yaml, true).map(|v| fm.cssclasses.extend(v)),
            "weight" => match e.value {
                Value::Integer(n) => {
                    fm.weight = Some(n);
                    Ok(())
                }
                _ => Err("`weight` must be a whole number, for example `weight = 10`".to_string()),
            },
            "draft" => boolean(e.value, "draft").map(|b| fm.draft |= b),
            "publish" => boolean(e.value, "publish").map(|b| fm.draft |= !b),
            "glossary" => match e.value {
                Value::Table(t) => t
                    .into_iter()
                    .map(|(term, def)| match def {
                        Value::String(d) => Ok((term, d)),
                        _ => Err(format!("the definition of `{term}` in `glossary` must be text")),
                    })
                    .collect::<Result<_, _>>()
                    .map(|g| fm.glossary = g),
                _ => Err("`glossary` must be a table of `\"Term\" = \"one-line definition\"`".to_string()),
            },
            "extra" => match e.value {
                Value::Table(t) => {
                    fm.extra = Some(t);
                    Ok(())
                }
                _ => Err("`extra` must be a table of your own fields".to_string()),
            },
            _ => {
                errors.push(unknown_key(file, text, key, e.key_at));
                continue;
            }
        };
        if let Err(message) = result {
            errors.push(
                Diagnostic::at_offset(file, text, e.value_at, format!("invalid front matter: {message}")).with_help(
                    if yaml {
                        "for example `title: S3`, `tags: [storage, aws]`, `weight: 10`, `draft: true`"
                    } else {
                        "for example `title = \"S3\"`, `tags = [\"storage\"]`, `weight = 10`, `draft = true`"
                    },
                ),
            );
        }
    }
    if errors.is_empty() {
        Ok(fm)
    } else {
        errors.sort_by_key(|d| (d.line, d.col));
        Err(errors)
    }
}

fn unknown_key(file: &str, text: &str, key: &str, at: usize) -> Diagnostic {
    let message = format!("invalid front matter: unknown field `{key}`");
    let help = match crate::suggest::closest(key, KNOWN_FIELDS.iter().copied()) {
        Some(near) => format!("did you mean `{near}`? Custom data goes under `[extra]`"),
        None => format!("known fields: {}; put custom data under `[extra]`", KNOWN_FIELDS.join(", ")),
    };
    Diagnostic::at_offset(file, text, at, message).with_help(help)
}

/// Text; in YAML a number or a yes/no written bare is text too (`title: 2024`).
fn text_value(value: Value, yaml: bool) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s),
        Value::Integer(_) | Value::Float(_) | Value::Boolean(_) if yaml => Ok(value.to_string()),
        other => Err(format!("expected text, found {}", kind(&other))),
    }
}

/// A list of text; in YAML also one text (`tags: aws, storage` when `split`).
fn list(value: Value, yaml: bool, split: bool) -> Result<Vec<String>, String> {
    match value {
        Value::Array(items) => items.into_iter().map(|v| text_value(v, yaml)).collect(),
        Value::String(s) if yaml && split => {
            Ok(s.split([',', ' ']).map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect())
        }
        Value::String(s) if yaml => Ok(vec![s]),
        other => Err(format!("expected a list of text, found {}", kind(&other))),
    }
}

fn boolean(value: Value, key: &str) -> Result<bool, String> {
    match value {
        Value::Boolean(b) => Ok(b),
        other => Err(format!("`{key}` must be `true` or `false`, found {}", kind(&other))),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "text",
        Value::Integer(_) => "a whole number",
        Value::Float(_) => "a number",
        Value::Boolean(_) => "true/false",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "a list",
        Value::Table(_) => "a table",
    }
}
