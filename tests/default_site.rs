//! The repository's own site: complete front matter, enough quiz questions, no problems.

mod common;

use studysite::{load, markdown};

#[test]
fn every_note_has_summary_keywords_and_five_quiz_questions() {
    let root = common::repo_root();
    let (loaded, diags) = load::load(&root, false);
    assert!(diags.is_empty(), "{}", diags.render(false));
    assert!(loaded.notes.len() >= 40, "only {} notes", loaded.notes.len());
    let mut total = 0;
    let mut problems = Vec::new();
    for note in &loaded.notes {
        if note.front.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
            problems.push(format!("{}: no summary", note.rel_path));
        }
        if note.front.keywords.is_empty() {
            problems.push(format!("{}: no keywords", note.rel_path));
        }
        let (parsed, diags) = markdown::parse(note);
        assert!(diags.is_empty(), "{diags:?}");
        let n = parsed.quizzes.len();
        if n < 5 {
            problems.push(format!("{}: only {n} quiz questions (at least 5 per note)", note.rel_path));
        }
        total += n;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(total >= 120, "only {total} quiz questions on the whole site");
}

#[test]
fn the_quizzes_mix_all_question_kinds() {
    let root = common::repo_root();
    let (loaded, _) = load::load(&root, false);
    let mut kinds = std::collections::BTreeSet::new();
    for note in &loaded.notes {
        for q in markdown::parse(note).0.quizzes {
            kinds.insert(q.kind());
        }
    }
    for kind in ["single", "multiple", "true-false", "short"] {
        assert!(kinds.contains(kind), "no {kind} question on the default site");
    }
}

#[test]
fn check_reports_no_problems_on_the_default_site() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_studysite"))
        .args(["check"])
        .current_dir(common::repo_root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("Checked"), "{stdout}");
}

#[test]
fn every_comparison_table_parses() {
    let root = common::repo_root();
    let (loaded, _) = load::load(&root, false);
    let names: Vec<&str> = loaded.comparisons.iter().map(|c| c.name.as_str()).collect();
    for required in
        ["etl-services", "olap-vs-oltp", "s3-storage-classes", "s3-encryption", "kinesis-services", "data-stores"]
    {
        assert!(names.contains(&required), "missing comparison {required}: {names:?}");
    }
    for file in &loaded.comparisons {
        let table = studysite::compare::parse(file).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(table.rows.len() >= 4, "{} has few rows", file.name);
    }
}
