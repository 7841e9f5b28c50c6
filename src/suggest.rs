//! "Did you mean": the known name closest to a misspelt one, by edit distance (strsim's
//! optimal string alignment, so a swap of two letters counts as one edit; strsim is
//! already built for clap's own suggestions).

/// The candidate closest to `word`, if it is near enough to be a likely typo: at most one
/// edit for short words, up to a third of the word's length (at most 3) for longer ones.
/// Case and the separators `-`, `_` and space do not count.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let norm = normalize(word);
    if norm.is_empty() {
        return None;
    }
    let limit = (norm.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &'a str)> = None;
    for cand in candidates {
        let c = normalize(cand);
        if c == norm && cand != word {
            return Some(cand);
        }
        let d = strsim::osa_distance(&norm, &c);
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && cand < bc)) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c).filter(|c| *c != word)
}

/// ` (did you mean `x`?)`, or nothing: to append to a message.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?")).unwrap_or_default()
}

fn normalize(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '-' | '_' | ' ')).flat_map(char::to_lowercase).collect()
}

/// Tera's built-in filters (tera 2), for "did you mean" on an unknown filter.
pub const TERA_FILTERS: &[&str] = &[
    "safe",
    "default",
    "upper",
    "lower",
    "wordcount",
    "escape",
    "escape_html",
    "escape_xml",
    "newlines_to_br",
    "pluralize",
    "trim",
    "trim_start",
    "trim_end",
    "replace",
    "capitalize",
    "title",
    "truncate",
    "indent",
    "str",
    "int",
    "float",
    "length",
    "reverse",
    "split",
    "abs",
    "round",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "get",
    "values",
    "keys",
    "pairs",
    "group_by",
];

/// One problem found while Tera checked the templates: what, where, and the name used.
pub struct TemplateProblem {
    pub message: String,
    pub template: String,
    pub line: usize,
    pub col: usize,
    pub help: String,
}

/// Splits Tera's combined check report (`error: Unknown filter `x`` and ` --> file:line:col`
/// blocks) into one problem per entry, each with a suggestion for the misspelt name.
pub fn template_problems(report: &str, templates: &[&str]) -> Vec<TemplateProblem> {
    let mut out: Vec<TemplateProblem> = Vec::new();
    for line in report.lines() {
        let line = line.trim();
        if let Some(message) = line.strip_prefix("error: ") {
            let help = template_help(message, templates);
            out.push(TemplateProblem { message: message.to_string(), template: String::new(), line: 0, col: 0, help });
        } else if let (Some(at), Some(last)) = (line.strip_prefix("--> "), out.last_mut()) {
            let mut parts = at.rsplitn(3, ':');
            let (col, line_no, file) = (parts.next(), parts.next(), parts.next());
            if let (Some(file), Some(l), Some(c)) = (file, line_no, col) {
                last.template = file.to_string();
                last.line = l.parse().unwrap_or(0);
                last.col = c.parse().unwrap_or(0);
            }
        }
    }
    out
}

/// The help for a template problem: the nearest known name of what was not found.
pub fn template_help(message: &str, templates: &[&str]) -> String {
    let quoted = |m: &str| m.split(['`', '\'']).nth(1).map(str::to_string);
    let (name, known, what) = if message.contains("Unknown filter") {
        (quoted(message), TERA_FILTERS.to_vec(), "filters")
    } else if message.contains("Unknown template") || message.contains("doesn't exist") {
        // `… inheriting from 'X', which doesn't exist`: the missing name is the second one.
        let name = if message.contains("inheriting") {
            message.split('\'').nth(3).map(str::to_string)
        } else {
            quoted(message)
        };
        (name, templates.to_vec(), "templates")
    } else {
        return "see the Tera documentation for template syntax".to_string();
    };
    match name.as_deref().and_then(|n| closest(n, known.iter().copied())) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("known {what}: {}", known.join(", ")),
    }
}

/// The alert types GitHub and studysite render as callouts (`> [!NOTE]`).
pub const ALERT_TYPES: &[&str] = &["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn typos_find_the_intended_name() {
        let names = ["title", "summary", "keywords", "related", "weight"];
        assert_eq!(closest("titel", names), Some("title"));
        assert_eq!(closest("keyword", names), Some("keywords"));
        assert_eq!(closest("wieght", names), Some("weight"));
        assert_eq!(closest("colour", names), None);
        assert_eq!(closest("Kinesis Data Stream", ["kinesis-data-streams", "s3"]), Some("kinesis-data-streams"));
    }
}
