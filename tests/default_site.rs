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

/// docs/seed-map-*.md say where each part of the source study sheet went; every
/// `note-id#heading` they name must exist, so the map stays true as notes change.
#[test]
fn the_seed_map_points_at_real_notes_and_headings() {
    let root = common::repo_root();
    let (loaded, _) = load::load(&root, false);
    let mut headings = std::collections::HashMap::new();
    for note in &loaded.notes {
        let ids: Vec<String> = markdown::parse(note).0.headings.into_iter().map(|h| h.id).collect();
        headings.insert(note.id.clone(), ids);
    }
    let mut checked = 0;
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if !path.file_name().unwrap().to_string_lossy().starts_with("seed-map") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, chunk) in text.split('`').enumerate() {
            if i % 2 == 0 || chunk.contains(' ') || !chunk.contains('/') || chunk.starts_with("notes/") {
                continue;
            }
            let (id, anchor) = chunk.split_once('#').unwrap_or((chunk, ""));
            if !headings.contains_key(id) && !id.contains('.') {
                missing.push(format!("{}: no note `{id}`", path.display()));
            } else if let Some(ids) = headings.get(id) {
                if !anchor.is_empty() && !ids.iter().any(|h| h == anchor) {
                    missing.push(format!("{}: `{id}` has no heading `#{anchor}`", path.display()));
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} references found in the seed maps");
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// Every note of the default site is mentioned by another one, and the glossary lists
/// every title and keyword.
#[test]
fn every_note_has_backlinks_and_the_glossary_lists_every_key() {
    let root = common::repo_root();
    let out = std::env::temp_dir().join(format!("studysite-default-site-{}", std::process::id()));
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_studysite"))
        .args(["build", "--out"])
        .arg(&out)
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let (loaded, _) = load::load(&root, false);
    let glossary = std::fs::read_to_string(out.join("glossary/index.html")).unwrap().to_lowercase();
    let mut problems = Vec::new();
    for note in &loaded.notes {
        let page = std::fs::read_to_string(out.join(&note.id).join("index.html")).unwrap();
        let backlinks = &page[page.find("<section class=\"backlinks\"").expect("backlinks section")..];
        if !backlinks.contains("<li><a href=") {
            problems.push(format!("{}: no backlinks", note.id));
        }
        let keys = std::iter::once(note.title().to_string()).chain(note.front.keywords.iter().cloned());
        for key in keys {
            let text = key.split('#').next().unwrap().trim().to_lowercase();
            let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
            // A term, or a plural form merged into its singular's entry: "shard (shards)".
            let listed = [
                format!("<dt>{escaped}</dt>"),
                format!("<dt>{escaped} <span"),
                format!("\">({escaped})"),
                format!("\">({escaped}, "),
                format!(", {escaped})"),
                format!(", {escaped}, "),
            ];
            if !listed.iter().any(|l| glossary.contains(l.as_str())) {
                problems.push(format!("{}: the glossary lacks \"{text}\"", note.id));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
