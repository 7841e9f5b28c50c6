//! Quiz blocks: ```` ```quiz ```` fences holding TOML `[[question]]` tables. Parsed and
//! validated at build time so a wrong answer index is an error with its line, not a
//! silently broken question in the browser.

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;

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

impl Question {
    /// The `id` of the question's element on the page (and its link anchor): `quiz-` and
    /// the slug of its `id`. [`check_ids`] makes sure no two elements of a note share it.
    pub fn element_id(&self) -> String {
        match crate::slug::slugify(&self.id) {
            slug if slug.is_empty() => format!("quiz-{}", crate::hash::short(self.id.as_bytes())),
            slug => format!("quiz-{slug}"),
        }
    }
}

/// Problems with the ids of one note's questions, over all its quiz blocks: an `id` used
/// twice, two ids that give one element id (`A b` and `a-b` both give `quiz-a-b`), or an
/// element id that a heading of the note has too. `headings` are (id, line) pairs.
pub fn check_ids<'a>(
    file: &str,
    text: &str,
    questions: &[Question],
    headings: impl IntoIterator<Item = (&'a str, usize)>,
) -> Vec<Diagnostic> {
    let headings: std::collections::HashMap<&str, usize> = headings.into_iter().collect();
    let mut ids = std::collections::HashMap::<&str, usize>::new();
    let mut elements = std::collections::HashMap::<String, (&str, usize)>::new();
    let mut diags = Vec::new();
    for q in questions {
        let diag = |message: String, help: &str| {
            Diagnostic::new(file, q.line, 1, message)
                .with_source(crate::diagnostics::line_text(text, q.line))
                .with_help(help.to_string())
        };
        if let Some(first) = ids.get(q.id.as_str()) {
            diags.push(diag(
                format!("duplicate quiz question id `{}` (first used on line {first})", q.id),
                "give every question of the note a unique `id`: progress is stored under it",
            ));
            continue;
        }
        ids.insert(&q.id, q.line);
        let element = q.element_id();
        if let Some((other, line)) = elements.get(&element) {
            diags.push(diag(
                format!(
                    "quiz question ids `{other}` (line {line}) and `{}` give the same element id `{element}`",
                    q.id
                ),
                "element ids ignore case and punctuation; rename one of the two ids",
            ));
        } else if let Some(line) = headings.get(element.as_str()) {
            diags.push(diag(
                format!(
                    "quiz question `{}` has the element id `{element}`, which the heading on line {line} has too",
                    q.id
                ),
                "change the question's `id`, or give the heading another id with `{#other-id}`",
            ));
        }
        elements.insert(element, (&q.id, q.line));
    }
    diags
}

/// Renders author text that sits inside a question or a comparison table: inline Markdown
/// with raw HTML shown as text, one rule for every field (so `Vec<u8>` reads as written).
/// Links and images to `javascript:`-like URLs keep only their text. One paragraph comes
/// without its `<p>`.
pub fn inline_markdown(text: &str) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut dropped_link = false;
    let text = inline_only(text);
    let parser =
        pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::ENABLE_STRIKETHROUGH).filter_map(|e| match e {
            Event::Html(t) | Event::InlineHtml(t) => Some(Event::Text(t)),
            Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. })
                if is_script_url(dest_url) =>
            {
                dropped_link = true;
                None
            }
            Event::End(TagEnd::Link | TagEnd::Image) if dropped_link => {
                dropped_link = false;
                None
            }
            other => Some(other),
        });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    let html = html.replace('\0', "\u{fffd}");
    let trimmed = html.trim();
    if trimmed.starts_with("<p>") && trimmed.ends_with("</p>") && trimmed.matches("<p>").count() == 1 {
        trimmed[3..trimmed.len() - 4].to_string()
    } else {
        trimmed.to_string()
    }
}

/// Escapes what would start a block other than a paragraph (heading, quote, list, rule,
/// fence, indented code), so `accept = ["#"]` or a choice "1. first" reads as written.
fn inline_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let t = line.trim_start();
        let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let rest = &t[digits..];
        let bullet = t.len() >= 2 && t.starts_with(['-', '+', '*']) && t[1..].starts_with([' ', '\t']);
        let rule = t.len() >= 3 && t.chars().all(|c| matches!(c, '-' | '*' | '_' | '=' | ' ' | '\t'));
        if digits > 0 && (rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")") {
            out.push_str(&t[..digits]);
            out.push('\\');
            out.push_str(rest);
        } else if t.starts_with(['#', '>', '=']) || bullet || rule || t.starts_with("```") || t.starts_with("~~~") {
            out.push('\\');
            out.push_str(t);
        } else {
            out.push_str(t);
        }
    }
    out
}

/// `javascript:` and `vbscript:` URLs, however spaced or cased: never a link in quiz text.
fn is_script_url(url: &str) -> bool {
    let scheme: String =
        url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(11).collect::<String>().to_lowercase();
    scheme.starts_with("javascript:") || scheme.starts_with("vbscript:")
}

/// The theme template that makes quiz markup; a site overrides it with its own
/// `templates/quiz.html`. Its context is `quiz` (see the comment at the top of the
/// built-in template) plus the global `site`.
pub const TEMPLATE: &str = "quiz.html";

/// Where quiz block `n` of a note goes in the note's HTML until its page is rendered
/// through the theme. Note bodies and quiz text have U+0000 replaced (see
/// [`crate::build::parse::parse_body`]), so author text cannot forge the mark.
pub fn placeholder(n: usize) -> String {
    format!("\u{0}quiz-block-{n}\u{0}")
}

/// Renders questions to HTML through the theme's `quiz.html`: the one way quiz markup is
/// made, for a note's quiz blocks and for generated questions alike. `tera` holds the
/// theme's templates and the global `site` context; from the render stage call
/// [`crate::build::render::Renderer::quiz_html`]. A page that shows the result must load
/// `static/quiz-core.js` and `static/quiz.js` to make it answerable (templates/note.html).
pub fn render(tera: &tera::Tera, questions: &[Question]) -> Result<String, tera::Error> {
    #[derive(Serialize)]
    struct QuizView {
        count: usize,
        questions: Vec<QuestionView>,
    }
    let mut ctx = tera::Context::new();
    ctx.insert("quiz", &QuizView { count: questions.len(), questions: questions.iter().map(view).collect() });
    tera.render(TEMPLATE, &ctx)
}

#[derive(Serialize)]
struct ChoiceView {
    letter: char,
    html: String,
}

/// What the template sees of one question; every `String` but `id`, `element_id` and
/// `kind` is HTML (author text already escaped), `data` is JSON safe inside `<script>`.
#[derive(Serialize)]
struct QuestionView {
    id: String,
    element_id: String,
    kind: &'static str,
    prompt: String,
    choices: Vec<ChoiceView>,
    pick: usize,
    left: Vec<String>,
    right: Vec<ChoiceView>,
    answer: String,
    explain: String,
    data: String,
}

fn choice_views<'a>(items: impl Iterator<Item = &'a String>) -> Vec<ChoiceView> {
    items.enumerate().map(|(i, c)| ChoiceView { letter: letter(i), html: inline_markdown(c) }).collect()
}

fn view(q: &Question) -> QuestionView {
    use crate::html::js_string;
    let choice = |choices: &[String], i: usize| format!("{}. {}", letter(i), inline_markdown(&choices[i]));
    let mut v = QuestionView {
        id: q.id.clone(),
        element_id: q.element_id(),
        kind: q.kind(),
        prompt: inline_markdown(&q.prompt),
        choices: Vec::new(),
        pick: 0,
        left: Vec::new(),
        right: Vec::new(),
        answer: String::new(),
        explain: inline_markdown(&q.explain),
        data: String::new(),
    };
    let (answer, data) = match &q.answer {
        Answer::Single { choices, answer } => {
            v.choices = choice_views(choices.iter());
            (choice(choices, *answer), format!("\"answer\":{answer}"))
        }
        Answer::Multiple { choices, answers } => {
            v.choices = choice_views(choices.iter());
            v.pick = answers.len();
            let text = answers.iter().map(|&a| choice(choices, a)).collect::<Vec<_>>().join("; ");
            (text, format!("\"answers\":{answers:?}"))
        }
        Answer::TrueFalse { answer } => {
            ((if *answer { "True" } else { "False" }).to_string(), format!("\"answer\":{answer}"))
        }
        Answer::Short { accept } => {
            let list = accept.iter().map(|a| js_string(a)).collect::<Vec<_>>().join(",");
            let mut text = inline_markdown(&accept[0]);
            if accept.len() > 1 {
                let others: Vec<String> = accept[1..].iter().map(|a| inline_markdown(a)).collect();
                text.push_str(&format!(" (also accepted: {})", others.join(", ")));
            }
            (text, format!("\"accept\":[{list}]"))
        }
        Answer::Matching { pairs } => {
            let order = display_order(pairs.len(), &q.id);
            v.left = pairs.iter().map(|(l, _)| inline_markdown(l)).collect();
            v.right = choice_views(order.iter().map(|&i| &pairs[i].1));
            let text = pairs
                .iter()
                .enumerate()
                .map(|(i, (l, r))| {
                    let shown = order.iter().position(|&o| o == i).unwrap_or(i);
                    format!("{} → {}. {}", inline_markdown(l), letter(shown), inline_markdown(r))
                })
                .collect::<Vec<_>>()
                .join("; ");
            (text, format!("\"order\":{order:?}"))
        }
    };
    v.answer = answer;
    v.data = format!("{{\"v\":1,\"kind\":\"{}\",{data}}}", q.kind());
    v
}

/// The order the right-hand items of a matching question are shown in without JavaScript:
/// shuffled by the question's id (the same on every build), never the author's order.
fn display_order(n: usize, seed: &str) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut x = crate::hash::fnv1a(seed.as_bytes()) | 1;
    for i in (1..n).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        order.swap(i, (x % (i as u64 + 1)) as usize);
    }
    if order.iter().enumerate().all(|(i, &o)| i == o) {
        order.rotate_left(1);
    }
    order
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

    #[test]
    fn author_html_in_any_field_is_text() {
        assert_eq!(inline_markdown("`Vec<u8>` or Vec<u8>"), "<code>Vec&lt;u8&gt;</code> or Vec&lt;u8&gt;");
        assert_eq!(
            inline_markdown("</script><script>alert(1)</script> **b**"),
            "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; <strong>b</strong>"
        );
        assert_eq!(
            inline_markdown("<b>x</b>\n\n<div>y</div>"),
            "<p>&lt;b&gt;x&lt;/b&gt;</p>\n&lt;div&gt;y&lt;/div&gt;"
        );
        assert_eq!(
            inline_markdown("[run]( JavaScript:alert(1)) [ok](https://a.example)"),
            "run <a href=\"https://a.example\">ok</a>"
        );
    }

    #[test]
    fn quiz_text_is_inline_markdown_only() {
        assert_eq!(inline_markdown("#"), "#");
        assert_eq!(inline_markdown("## Not a heading"), "## Not a heading");
        assert_eq!(inline_markdown("1. first"), "1. first");
        assert_eq!(inline_markdown("- item"), "- item");
        assert_eq!(inline_markdown("> quoted"), "&gt; quoted");
        assert_eq!(inline_markdown("---"), "---");
        assert_eq!(inline_markdown("    indented"), "indented");
        assert_eq!(inline_markdown("*em* and `code`"), "<em>em</em> and <code>code</code>");
        assert_eq!(inline_markdown("One.\n\nTwo."), "<p>One.</p>\n<p>Two.</p>");
        assert_eq!(inline_markdown("**5 TB**\n= max"), "<strong>5 TB</strong>\n= max");
    }

    #[test]
    fn ids_must_be_unique_over_the_note_and_its_headings() {
        let q = |id: &str, line| Question {
            id: id.into(),
            prompt: "p".into(),
            answer: Answer::TrueFalse { answer: true },
            explain: String::new(),
            line,
        };
        let text = "a\nb\nc\nd\ne\nf\n";
        let qs = [q("one", 1), q("A b", 2), q("one", 3), q("a-b", 4), q("s3", 5)];
        let errs = check_ids("n.md", text, &qs, [("quiz-s3", 6)]);
        let messages: Vec<(usize, &str)> = errs.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert_eq!(messages[0], (3, "duplicate quiz question id `one` (first used on line 1)"));
        assert_eq!(messages[1], (4, "quiz question ids `A b` (line 2) and `a-b` give the same element id `quiz-a-b`"));
        assert_eq!(
            messages[2],
            (5, "quiz question `s3` has the element id `quiz-s3`, which the heading on line 6 has too")
        );
        assert!(check_ids("n.md", text, &qs[..2], [("quiz", 6)]).is_empty());
        assert_eq!(q("???", 1).element_id().len(), "quiz-".len() + 8);
    }

    #[test]
    fn matching_items_are_never_shown_in_the_authors_order() {
        for n in 2..9 {
            for seed in ["a", "b", "kinesis-match", "x-y-z"] {
                let order = display_order(n, seed);
                assert_ne!(order, (0..n).collect::<Vec<_>>(), "{n} {seed}");
                let mut sorted = order.clone();
                sorted.sort_unstable();
                assert_eq!(sorted, (0..n).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn the_placeholder_cannot_be_written_by_an_author() {
        let text = format!("Raw {} and <p>{}</p>\n", placeholder(0), placeholder(0));
        let (parsed, _) = crate::build::parse::parse_body("n.md", &text, 0, "n");
        let html = crate::build::parse::to_html(parsed.events.into_vec());
        assert!(!html.contains(&placeholder(0)), "{html:?}");
        assert!(html.contains("quiz-block-0"), "{html:?}");
    }
}
