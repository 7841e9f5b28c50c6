//! Site-wide checks of the link stage: comparison subjects are notes (and get their
//! titles and generated questions), quiz ids are unique across the site.

use super::*;

pub(super) fn check_comparison_subjects(site: &mut Site, index: &Index) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for table in site.comparisons.values_mut() {
        for s in &mut table.subjects {
            match index.exact.get(&s.note) {
                Some(&i) => {
                    if let Some(a) = &s.anchor {
                        if !index.anchors[i].contains(a) {
                            diags.push(
                                Diagnostic::new(
                                    &table.rel_path,
                                    s.line,
                                    1,
                                    format!("subject `{}#{a}`: the note has no heading `#{a}`", s.note),
                                )
                                .with_help("use a heading id of that note"),
                            );
                        }
                    }
                    if s.label.is_none() {
                        s.label = Some(index.titles[i].clone());
                    }
                }
                None if index.broken.contains(&s.note) => {}
                None => diags.push(
                    Diagnostic::new(&table.rel_path, s.line, 1, format!("subject `{}` is not a note", s.note))
                        .with_help(
                            index
                                .suggest(&s.note)
                                .map(|s| format!("did you mean {s}?"))
                                .unwrap_or_else(|| "subjects are note ids: paths under notes/ without `.md`".into()),
                        ),
                ),
            }
        }
        table.questions = crate::build::parse::compare::questions::generate(table);
    }
    diags
}

pub(super) fn check_quiz_ids(site: &Site) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, (&str, usize)> = HashMap::new();
    let mut diags = Vec::new();
    for n in &site.notes {
        for q in &n.parsed.quizzes {
            if let Some((file, line)) = first.get(q.id.as_str()) {
                if *file != n.source.rel_path {
                    diags.push(
                        Diagnostic::new(
                            &n.source.rel_path,
                            q.line,
                            1,
                            format!("quiz question id `{}` is already used in {file}:{line}", q.id),
                        )
                        .with_source(crate::diagnostics::line_text(&n.source.text, q.line))
                        .with_help("question ids keep each learner's progress; make this one unique"),
                    );
                }
            } else {
                first.insert(&q.id, (&n.source.rel_path, q.line));
            }
        }
    }
    diags
}
