//! Quiz blocks: ```` ```quiz ```` fences holding TOML `[[question]]` tables. Parsed and
//! validated at build time so a wrong answer index is an error with its line, not a
//! silently broken question in the browser.

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::html::escape_html;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuiz {
    #[serde(default)]
    question: Vec<toml::Spanned<RawQuestion>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Option<String>,
    prompt: Option<String>,
    choices: Option<Vec<String>>,
    answer: Option<toml::Value>,
    answers: Option<Vec<i64>>,
    accept: Option<Vec<String>>,
    pairs: Option<Vec<(String, String)>>,
    explain: Option<String>,
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Answer {
    Single { choices: Vec<String>, answer: usize },
    Multiple { choices: Vec<String>, answers: Vec<usize> },
    TrueFalse { answer: bool },
    Short { accept: Vec<String> },
    Matching { pairs: Vec<(String, String)> },
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Question {
    pub id: String,
    pub prompt: String,
    #[serde(flatten)]
    pub answer: Answer,
    pub explain: String,
    /// 1-based line of the question in its note, for later diagnostics (duplicate ids).
    #[serde(skip)]
    pub line: usize,
}

impl Question {
    pub fn kind(&self) -> &'static str {
        match self.answer {
            Answer::Single { .. } => "single",
            Answer::Multiple { .. } => "multiple",
            Answer::TrueFalse { .. } => "true-false",
            Answer::Short { .. } => "short",
            Answer::Matching { .. } => "matching",
        }
    }
}

const HELP: &str = "each [[question]] needs `prompt` and one answer form: `choices` + `answer = N` (single), `choices` + `answers = [N, M]` (multiple), `answer = true|false`, `accept = [\"...\"]` (short answer) or `pairs = [[\"left\", \"right\"], ...]` (matching); optional `id` and `explain`";

/// Parses one quiz block. `content_offset` is where the block's TOML starts in `file_text`.
pub fn parse(
    file: &str,
    file_text: &str,
    content: &str,
    content_offset: usize,
    note_slug: &str,
    first_index: usize,
) -> Result<Vec<Question>, Vec<Diagnostic>> {
    let raw: RawQuiz = toml::from_str(content).map_err(|e| {
        let at = content_offset + e.span().map_or(0, |s| s.start);
        vec![Diagnostic::at_offset(file, file_text, at, format!("invalid quiz: {}", crate::config::toml_message(&e)))
            .with_help(HELP)]
    })?;
    if raw.question.is_empty() {
        return Err(vec![Diagnostic::at_offset(
            file,
            file_text,
            content_offset,
            "the quiz block has no `[[question]]`",
        )
        .with_help(HELP)]);
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, spanned) in raw.question.into_iter().enumerate() {
        let at = content_offset + spanned.span().start;
        let (line, _) = crate::diagnostics::line_col(file_text, at);
        let q = spanned.into_inner();
        let err = |msg: String| Diagnostic::at_offset(file, file_text, at, msg).with_help(HELP);
        match build_question(q, note_slug, first_index + i, line) {
            Ok(q) => out.push(q),
            Err(msg) => errors.push(err(msg)),
        }
    }
    let mut seen = std::collections::HashSet::new();
    for q in &out {
        if !seen.insert(q.id.clone()) {
            errors.push(
                Diagnostic::new(file, q.line, 1, format!("duplicate quiz question id `{}`", q.id))
                    .with_source(crate::diagnostics::line_text(file_text, q.line))
                    .with_help("give every question a unique `id`"),
            );
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn build_question(q: RawQuestion, note_slug: &str, index: usize, line: usize) -> Result<Question, String> {
    let prompt = match q.prompt {
        Some(p) if !p.trim().is_empty() => p,
        _ => return Err(format!("question {} has no `prompt`", index + 1)),
    };
    let id = match q.id {
        Some(id) if id.trim().is_empty() => return Err("the question `id` is empty".into()),
        Some(id) => id,
        None => format!("{note_slug}-{}", crate::hash::short(prompt.as_bytes())),
    };
    let forms =
        [q.answer.is_some(), q.answers.is_some(), q.accept.is_some(), q.pairs.is_some()].iter().filter(|b| **b).count();
    if forms == 0 {
        return Err(format!("question `{id}` has no answer"));
    }
    if forms > 1 {
        return Err(format!("question `{id}` has more than one of `answer`, `answers`, `accept`, `pairs`; keep one"));
    }
    let need_choices = |choices: Option<Vec<String>>| -> Result<Vec<String>, String> {
        match choices {
            Some(c) if c.len() >= 2 => Ok(c),
            Some(_) => Err(format!("question `{id}` needs at least two `choices`")),
            None => Err(format!("question `{id}` has no `choices`")),
        }
    };
    let answer = if let Some(value) = q.answer {
        match value {
            toml::Value::Boolean(b) => {
                if q.choices.is_some() {
                    return Err(format!("question `{id}` is true/false (`answer = {b}`) but also has `choices`; remove them or use an index"));
                }
                Answer::TrueFalse { answer: b }
            }
            toml::Value::Integer(n) => {
                let choices = need_choices(q.choices)?;
                let answer = index_in(n, choices.len(), &id)?;
                Answer::Single { choices, answer }
            }
            other => {
                return Err(format!(
                    "question `{id}`: `answer` must be a choice index or true/false, not {}",
                    other.type_str()
                ))
            }
        }
    } else if let Some(list) = q.answers {
        let choices = need_choices(q.choices)?;
        if list.is_empty() {
            return Err(format!("question `{id}`: `answers` is empty"));
        }
        let mut answers = Vec::new();
        for n in list {
            let a = index_in(n, choices.len(), &id)?;
            if answers.contains(&a) {
                return Err(format!("question `{id}`: index {a} appears twice in `answers`"));
            }
            answers.push(a);
        }
        answers.sort_unstable();
        Answer::Multiple { choices, answers }
    } else if let Some(accept) = q.accept {
        if q.choices.is_some() {
            return Err(format!("question `{id}` is a short answer (`accept`) but also has `choices`"));
        }
        if accept.iter().all(|a| a.trim().is_empty()) {
            return Err(format!("question `{id}`: `accept` needs at least one answer"));
        }
        Answer::Short { accept }
    } else {
        let pairs = q.pairs.unwrap_or_default();
        if pairs.len() < 2 {
            return Err(format!("question `{id}`: matching needs at least two `pairs`"));
        }
        Answer::Matching { pairs }
    };
    Ok(Question { id, prompt, answer, explain: q.explain.unwrap_or_default(), line })
}

fn index_in(n: i64, len: usize, id: &str) -> Result<usize, String> {
    if n < 0 || n as usize >= len {
        Err(format!(
            "question `{id}`: answer index {n} is out of range; with {len} choices use 0 to {} (indexes start at 0)",
            len.saturating_sub(1)
        ))
    } else {
        Ok(n as usize)
    }
}

/// Renders Markdown that sits inside a question (no surrounding `<p>` for one paragraph).
pub fn inline_markdown(text: &str) -> String {
    let mut html = String::new();
    let parser = pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    pulldown_cmark::html::push_html(&mut html, parser);
    let trimmed = html.trim();
    if trimmed.starts_with("<p>") && trimmed.ends_with("</p>") && trimmed.matches("<p>").count() == 1 {
        trimmed[3..trimmed.len() - 4].to_string()
    } else {
        trimmed.to_string()
    }
}

/// HTML for a quiz that reads and answers without JavaScript (the answer sits in a
/// `<details>`); the quiz script upgrades it in place.
pub fn render(questions: &[Question]) -> String {
    let mut h = String::from("<section class=\"quiz\" aria-label=\"Quiz\">\n<ol class=\"quiz-questions\">\n");
    for q in questions {
        h.push_str(&format!(
            "<li class=\"quiz-question\" id=\"quiz-{}\" data-qid=\"{}\" data-kind=\"{}\">\n<div class=\"quiz-prompt\">{}</div>\n",
            escape_html(&crate::slug::slugify(&q.id)),
            escape_html(&q.id),
            q.kind(),
            inline_markdown(&q.prompt)
        ));
        let answer_text = match &q.answer {
            Answer::Single { choices, answer } => {
                push_choices(&mut h, choices);
                format!("{}. {}", letter(*answer), inline_markdown(&choices[*answer]))
            }
            Answer::Multiple { choices, answers } => {
                push_choices(&mut h, choices);
                answers
                    .iter()
                    .map(|a| format!("{}. {}", letter(*a), inline_markdown(&choices[*a])))
                    .collect::<Vec<_>>()
                    .join("; ")
            }
            Answer::TrueFalse { answer } => {
                h.push_str("<p class=\"quiz-hint\">True or false?</p>\n");
                if *answer {
                    "True".into()
                } else {
                    "False".into()
                }
            }
            Answer::Short { accept } => {
                h.push_str("<p class=\"quiz-hint\">Short answer.</p>\n");
                escape_html(&accept[0])
            }
            Answer::Matching { pairs } => {
                h.push_str("<p class=\"quiz-hint\">Match each item on the left with one on the right.</p>\n");
                pairs
                    .iter()
                    .map(|(l, r)| format!("{} → {}", inline_markdown(l), inline_markdown(r)))
                    .collect::<Vec<_>>()
                    .join("; ")
            }
        };
        h.push_str(&format!(
            "<details class=\"quiz-answer\"><summary>Show answer</summary>\n<p><strong>Answer:</strong> {answer_text}</p>\n"
        ));
        if !q.explain.is_empty() {
            h.push_str(&format!("<div class=\"quiz-explain\">{}</div>\n", inline_markdown(&q.explain)));
        }
        h.push_str("</details>\n</li>\n");
    }
    h.push_str("</ol>\n</section>\n");
    h
}

fn push_choices(h: &mut String, choices: &[String]) {
    h.push_str("<ol class=\"quiz-choices\" type=\"A\">\n");
    for c in choices {
        h.push_str(&format!("<li>{}</li>\n", inline_markdown(c)));
    }
    h.push_str("</ol>\n");
}

fn letter(i: usize) -> char {
    (b'A' + (i % 26) as u8) as char
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_one(src: &str) -> Result<Vec<Question>, Vec<Diagnostic>> {
        parse("n.md", src, src, 0, "n", 0)
    }

    #[test]
    fn kinds_are_inferred() {
        let qs = parse_one("[[question]]\nprompt = \"a\"\nchoices = [\"x\", \"y\"]\nanswer = 1\n\n[[question]]\nprompt = \"b\"\nanswer = false\n\n[[question]]\nprompt = \"c\"\naccept = [\"5 TB\"]\n\n[[question]]\nprompt = \"d\"\nchoices = [\"x\", \"y\", \"z\"]\nanswers = [2, 0]\n").unwrap();
        let kinds: Vec<_> = qs.iter().map(Question::kind).collect();
        assert_eq!(kinds, ["single", "true-false", "short", "multiple"]);
        assert_eq!(
            qs[3].answer,
            Answer::Multiple { choices: vec!["x".into(), "y".into(), "z".into()], answers: vec![0, 2] }
        );
    }

    #[test]
    fn out_of_range_answer_names_the_line() {
        let errs = parse_one("[[question]]\nprompt = \"a\"\nchoices = [\"x\"]\nanswer = 0\n\n[[question]]\nprompt = \"b\"\nchoices = [\"x\", \"y\"]\nanswer = 2\n").unwrap_err();
        assert_eq!(errs.len(), 2);
        assert!(errs[0].message.contains("at least two"), "{}", errs[0]);
        assert!(errs[1].message.contains("out of range"), "{}", errs[1]);
        assert_eq!(errs[1].line, 6);
    }

    #[test]
    fn unknown_field_is_an_error() {
        let errs = parse_one("[[question]]\nprompt = \"a\"\nanwser = 1\n").unwrap_err();
        assert!(errs[0].message.contains("anwser"), "{}", errs[0]);
    }
}
