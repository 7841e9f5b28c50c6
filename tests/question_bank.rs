//! The default site's question bank keeps practice-exam balance: the position of the right
//! answer gives nothing away, the right answer is not usually the longest choice, every
//! category has a matching question, and every question explains its answer.
//!
//! `cargo test --test question_bank -- --nocapture` prints the figures, for the whole bank
//! and per category, so authors can see how close each category is to the limits.

mod common;

use std::collections::BTreeMap;

use studysite::quiz::{Answer, Question};
use studysite::{load, markdown};

/// At most this share (in %) of single-choice questions may have their answer at one position.
const MAX_POSITION_SHARE: usize = 35;
/// At most this share (in %) of multiple-select answer sets may contain one index.
const MAX_MULTI_INDEX_SHARE: usize = 60;
/// At most this share (in %) of single-choice answers may be the strictly longest choice.
const MAX_LONGEST_SHARE: usize = 35;
/// Positions A to D must all hold the right answer somewhere.
const POSITIONS_USED: usize = 4;
const MIN_MATCHING_TOTAL: usize = 25;

#[derive(Default)]
struct Figures {
    single: usize,
    positions: BTreeMap<usize, usize>,
    longest: usize,
    multi_sets: usize,
    multi_index: BTreeMap<usize, usize>,
    kinds: BTreeMap<&'static str, usize>,
    unexplained: Vec<String>,
}

impl Figures {
    fn add(&mut self, q: &Question) {
        *self.kinds.entry(q.kind()).or_default() += 1;
        if !explains(&q.explain) {
            self.unexplained.push(q.id.clone());
        }
        match &q.answer {
            Answer::Single { choices, answer } => {
                self.single += 1;
                *self.positions.entry(*answer).or_default() += 1;
                if strictly_longest(choices, *answer) {
                    self.longest += 1;
                }
            }
            Answer::Multiple { answers, .. } => {
                self.multi_sets += 1;
                for a in answers {
                    *self.multi_index.entry(*a).or_default() += 1;
                }
            }
            _ => {}
        }
    }

    fn matching(&self) -> usize {
        self.kinds.get("matching").copied().unwrap_or(0)
    }

    /// Every balance rule this bank breaks, in words; empty when it meets them all.
    fn violations(&self) -> Vec<String> {
        let mut out = Vec::new();
        for p in 0..POSITIONS_USED {
            if self.positions.get(&p).copied().unwrap_or(0) == 0 {
                out.push(format!("no single-choice question has its answer at position {}", letter(p)));
            }
        }
        for (p, n) in &self.positions {
            if n * 100 > MAX_POSITION_SHARE * self.single {
                out.push(format!(
                    "position {} holds {} of the answers (max {MAX_POSITION_SHARE} %)",
                    letter(*p),
                    pct(*n, self.single)
                ));
            }
        }
        for (i, n) in &self.multi_index {
            if n * 100 > MAX_MULTI_INDEX_SHARE * self.multi_sets {
                let share = pct(*n, self.multi_sets);
                out.push(format!(
                    "index {} is in {share} of multiple-select answer sets (max {MAX_MULTI_INDEX_SHARE} %)",
                    letter(*i)
                ));
            }
        }
        if self.longest * 100 > MAX_LONGEST_SHARE * self.single {
            let share = pct(self.longest, self.single);
            out.push(format!(
                "the answer is the longest choice in {share} of single-choice questions (max {MAX_LONGEST_SHARE} %)"
            ));
        }
        if self.matching() == 0 {
            out.push("no matching question".to_string());
        }
        if !self.unexplained.is_empty() {
            out.push(format!("no explanation of at least one sentence: {}", self.unexplained.join(", ")));
        }
        out
    }

    fn print(&self, label: &str) {
        let positions: Vec<String> =
            self.positions.iter().map(|(p, n)| format!("{} {n} ({})", letter(*p), pct(*n, self.single))).collect();
        let multi: Vec<String> = self
            .multi_index
            .iter()
            .map(|(i, n)| format!("{} {n} ({})", letter(*i), pct(*n, self.multi_sets)))
            .collect();
        let kinds: Vec<String> = self.kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let verdict = self.violations();
        println!("== {label}");
        println!("   kinds: {}", kinds.join(", "));
        println!("   single choice ({}): {}", self.single, positions.join(", "));
        println!(
            "   answer is the longest choice: {} of {} ({})",
            self.longest,
            self.single,
            pct(self.longest, self.single)
        );
        println!("   multiple select ({} answer sets), index in: {}", self.multi_sets, multi.join(", "));
        println!("   rules: {}", if verdict.is_empty() { "all met".to_string() } else { verdict.join("; ") });
    }
}

/// True when `choices[answer]` has more characters than every other choice (a tie gives
/// nothing away, so it does not count).
fn strictly_longest(choices: &[String], answer: usize) -> bool {
    let len = |s: &String| s.chars().count();
    let own = len(&choices[answer]);
    choices.iter().enumerate().all(|(i, c)| i == answer || len(c) < own)
}

/// At least one sentence: some words, ending with `.`, `!` or `?` (closing Markdown or
/// quotes after the full stop are fine).
fn explains(text: &str) -> bool {
    let trimmed = text.trim().trim_end_matches(['*', '_', '`', ')', '"', '\'']);
    trimmed.split_whitespace().count() >= 3 && trimmed.ends_with(['.', '!', '?'])
}

fn letter(index: usize) -> char {
    (b'A' + index as u8) as char
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        return "0 %".into();
    }
    format!("{:.0} %", n as f64 * 100.0 / of as f64)
}

/// The default site's questions, grouped by category.
fn bank_by_category() -> BTreeMap<String, Vec<Question>> {
    let (loaded, diags) = load::load(&common::repo_root(), false);
    assert!(diags.is_empty(), "{}", diags.render(false));
    let mut out: BTreeMap<String, Vec<Question>> = BTreeMap::new();
    for note in &loaded.notes {
        let (parsed, diags) = markdown::parse(note);
        assert!(diags.is_empty(), "{}: {diags:?}", note.rel_path);
        out.entry(note.category.clone()).or_default().extend(parsed.quizzes);
    }
    out
}

#[test]
fn the_default_question_bank_is_balanced() {
    let bank = bank_by_category();
    let mut whole = Figures::default();
    let mut problems = Vec::new();
    for (category, questions) in &bank {
        let mut figures = Figures::default();
        for q in questions {
            figures.add(q);
            whole.add(q);
        }
        figures.print(category);
        if figures.matching() == 0 {
            problems.push(format!("category {category} has no matching question"));
        }
    }
    whole.print("whole site");
    problems.extend(whole.violations());
    if whole.matching() < MIN_MATCHING_TOTAL {
        problems.push(format!("only {} matching questions (at least {MIN_MATCHING_TOTAL})", whole.matching()));
    }
    assert!(problems.is_empty(), "the question bank breaks the balance rules:\n{}", problems.join("\n"));
}

fn single(id: &str, choices: &[&str], answer: usize) -> Question {
    Question {
        id: id.into(),
        prompt: "Which one?".into(),
        answer: Answer::Single { choices: choices.iter().map(|c| c.to_string()).collect(), answer },
        explain: "Because the notes say so.".into(),
        line: 1,
    }
}

/// The rules catch a bank that gives its answers away, so the test above can fail.
#[test]
fn a_bank_that_gives_answers_away_breaks_the_rules() {
    let mut figures = Figures::default();
    for i in 0..4 {
        figures.add(&single(&format!("q{i}"), &["a", "the long right answer", "c", "d"], 1));
    }
    let mut terse = single("terse", &["a", "b"], 0);
    terse.explain = "B".into();
    figures.add(&terse);
    let found = figures.violations().join("\n");
    for expected in [
        "position B holds 80 %",
        "no single-choice question has its answer at position C",
        "longest choice in 80 %",
        "no matching question",
        "no explanation of at least one sentence: terse",
    ] {
        assert!(found.contains(expected), "missing `{expected}` in:\n{found}");
    }
}

#[test]
fn a_tie_for_longest_and_closing_markup_are_not_counted_against_a_question() {
    assert!(!strictly_longest(&["150 RCU".into(), "200 RCU".into()], 1));
    assert!(strictly_longest(&["a".into(), "abc".into()], 1));
    assert!(explains("The answer is **DAX**."));
    assert!(explains("Athena reads the files in place (schema on read.)"));
    assert!(!explains("See above"));
    assert!(!explains(""));
}
