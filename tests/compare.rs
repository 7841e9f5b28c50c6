//! Comparison tables: errors with file and line, embedded tables with titles, author
//! text escaped, the overridable template, "Compared in", and the generated questions.

mod common;

use common::TempSite;
use studysite::compare::{self, questions, Table};
use studysite::load::ComparisonFile;
use studysite::quiz::{Answer, Question};

fn parse(text: &str) -> Result<Table, Vec<studysite::Diagnostic>> {
    compare::parse(&ComparisonFile {
        name: "fx".into(),
        rel_path: "notes/_comparisons/fx.toml".into(),
        text: text.into(),
    })
}

fn note(title: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n\nAbout {title}.\n")
}

/// A site with three subject notes and one table `t` embedded in the first note.
fn site_with(table: &str) -> TempSite {
    let site = TempSite::new("compare");
    site.write("notes/svc/alpha.md", &format!("{}\n```compare t\n```\n", note("Alpha Service")));
    site.write("notes/svc/beta.md", &note("Beta Service"));
    site.write("notes/svc/gamma.md", &note("Gamma Service"));
    site.write("notes/_comparisons/t.toml", table);
    site
}

const TABLE: &str = r#"title = "Three services"
intro = "Pick one."
subjects = ["svc/alpha", "svc/beta", "svc/gamma"]

[[row]]
label = "Kind"
cells = ["Warehouse", "Database", "Cache"]
"#;

fn build_err(site: &TempSite) -> String {
    let out = site.run(&["build"]);
    assert!(!out.status.success(), "the build should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ---------------------------------------------------------------------------------------
// Errors with file and line

#[test]
fn unknown_subject_is_an_error_with_file_and_line() {
    let table = TABLE.replace("\"svc/beta\"", "\n  \"svc/betta\"");
    let stderr = build_err(&site_with(&table));
    assert!(stderr.contains("subject `svc/betta` is not a note"), "{stderr}");
    assert!(stderr.contains("notes/_comparisons/t.toml:4:"), "no file and line 4 in:\n{stderr}");
}

#[test]
fn missing_cell_is_an_error_with_line() {
    let errs = parse(
        "title = \"T\"\nsubjects = [\"a\", \"b\", \"c\"]\n\n[[row]]\nlabel = \"One\"\ncells = [\"x\", \"y\", \"z\"]\n\n[[row]]\nlabel = \"Two\"\ncells = [\"x\", \"y\"]\n",
    )
    .unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].message.contains("row \"Two\" has 2 cells but there are 3 subjects"), "{}", errs[0].message);
    assert!(errs[0].message.contains("missing"), "{}", errs[0].message);
    assert_eq!(errs[0].file.to_string_lossy(), "notes/_comparisons/fx.toml");
    assert_eq!((errs[0].line, errs[0].col), (10, 9), "the error points at the row's `cells`");
}

#[test]
fn duplicate_row_label_is_an_error_naming_both_lines() {
    let errs = parse(
        "title = \"T\"\nsubjects = [\"a\", \"b\"]\n\n[[row]]\nlabel = \"Cost\"\ncells = [\"x\", \"y\"]\n\n[[row]]\nlabel = \"cost\"\ncells = [\"x\", \"z\"]\n",
    )
    .unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].message.contains("duplicate row label \"cost\""), "{}", errs[0].message);
    assert!(errs[0].message.contains("(first used on line 5)"), "{}", errs[0].message);
    assert_eq!(errs[0].line, 9, "the error points at the second `label`");
}

#[test]
fn all_problems_of_a_table_are_reported_by_the_build() {
    let table = "title = \"T\"\nsubjects = [\"svc/alpha\", \"svc/beta\"]\n\n[[row]]\nlabel = \"A\"\ncells = [\"x\"]\n\n[[row]]\nlabel = \"A\"\ncells = [\"x\", \"y\"]\n";
    let stderr = build_err(&site_with(table));
    assert!(stderr.contains("has 1 cells"), "{stderr}");
    assert!(stderr.contains("duplicate row label"), "{stderr}");
}

// ---------------------------------------------------------------------------------------
// Rendering

#[test]
fn embedded_table_shows_titles_and_links_not_ids() {
    let site = site_with(TABLE);
    site.build_ok();
    let html = site.read("public/svc/alpha/index.html");
    let table = &html[html.find("<figure class=\"compare").expect("the table is embedded")..];
    let head = &table[..table.find("</thead>").unwrap()];
    for title in ["Alpha Service", "Beta Service", "Gamma Service"] {
        assert!(head.contains(&format!(">{title}</a></th>")), "header lacks {title}:\n{head}");
    }
    assert!(!head.contains(">svc/beta<"), "a note id is shown as a header:\n{head}");
    assert!(head.contains("href=\"../../svc/beta/\""), "headers link to the notes:\n{head}");
    // Without JavaScript the whole table shows: the picker starts hidden.
    assert!(table.contains("data-compare-tools hidden"), "the picker is not hidden until the script runs");
}

#[test]
fn author_html_in_intro_labels_and_cells_is_escaped_markdown_still_works() {
    let table = r#"title = "Three services"
intro = "Uses <b>bold</b> and **strong**."
subjects = ["svc/alpha", "svc/beta", "svc/gamma"]

[[row]]
label = "Type <i>x</i>"
help = "A <script>alert(1)</script> hint"
cells = ["`Vec<u8>`", "<img src=x onerror=alert(1)>", "*emphasis*"]
"#;
    let site = site_with(table);
    site.build_ok();
    let html = site.read("public/comparisons/index.html");
    assert!(html.contains("Uses &lt;b&gt;bold&lt;/b&gt; and <strong>strong</strong>."), "intro:\n{html}");
    assert!(html.contains("Type &lt;i&gt;x&lt;/i&gt;"), "label not escaped");
    assert!(html.contains("A &lt;script&gt;alert(1)&lt;/script&gt; hint"), "help not escaped");
    assert!(html.contains("<code>Vec&lt;u8&gt;</code>"), "code span lost its text");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "cell HTML not escaped");
    assert!(!html.contains("<img src=x"), "raw HTML from a cell reached the page");
    assert!(html.contains("<em>emphasis</em>"), "Markdown in a cell is not rendered");
}

#[test]
fn a_site_can_override_the_table_template() {
    let site = site_with(TABLE);
    site.write(
        "templates/comparison.html",
        "<section class=\"my-table\" id=\"{{ table.id }}\">{{ table.title }}:{% for s in table.subjects %} [{{ s.label }}]{% endfor %}{% for r in table.rows %} {{ r.label_html | safe }}={% for c in r.cells %}{{ c.html | safe }};{% endfor %}{% endfor %}</section>",
    );
    site.build_ok();
    for page in ["public/comparisons/index.html", "public/svc/alpha/index.html"] {
        let html = site.read(page);
        assert!(
            html.contains("[Alpha Service] [Beta Service] [Gamma Service] Kind=Warehouse;Database;Cache;</section>"),
            "{page} does not use the site's template:\n{html}"
        );
        assert!(!html.contains("compare-table"), "{page} still has the built-in markup");
    }
}

#[test]
fn subject_notes_say_where_they_are_compared() {
    let site = site_with(TABLE);
    site.build_ok();
    let beta = site.read("public/svc/beta/index.html");
    assert!(
        beta.contains("Compared in: <a href=\"../../comparisons/#compare-t\">Three services</a>"),
        "no Compared in on beta:\n{beta}"
    );
    let alpha = site.read("public/svc/alpha/index.html");
    assert!(alpha.contains("(<a href=\"#compare-t\">on this page</a>)"), "alpha embeds the table:\n{alpha}");
}

#[test]
fn unicode_spaces_before_compare_in_a_fence_do_not_panic() {
    let site = site_with(TABLE);
    site.write(
        "notes/svc/gamma.md",
        &format!("{}\n```\u{2003}\u{2003}\u{2003}compare t\n```\n", note("Gamma Service")),
    );
    site.build_ok();
    let html = site.read("public/svc/gamma/index.html");
    assert!(html.contains("id=\"compare-t\""), "the table is not embedded after Unicode spaces");
}

#[test]
fn generated_questions_are_counted_shown_and_in_the_summary() {
    let site = site_with(TABLE);
    let stdout = site.build_ok();
    // One row, three distinct cells: which + true/false + matching.
    assert!(stdout.contains("3 quiz questions"), "{stdout}");
    let home = site.read("public/index.html");
    assert!(home.contains("3 quiz questions"), "home page total:\n{home}");
    let page = site.read("public/comparisons/index.html");
    assert_eq!(page.matches("class=\"quiz-question\"").count(), 3, "{page}");
    assert!(page.contains("data-qid=\"cmp-t-kind-match\""), "{page}");
}

// ---------------------------------------------------------------------------------------
// The question generator on a fixture table

const FIXTURE: &str = r#"title = "Stores"
subjects = ["db/red", "db/green", "db/blue"]
labels = ["Red", "Green", "Blue"]

[[row]]
label = "Layout"
cells = ["Columnar", "Row-based", "Key-value"]

[[row]]
label = "Catalog"
cells = ["Built in", "None", "none."]

[[row]]
label = "Servers"
cells = ["None", "None: serverless", "Yours"]

[[row]]
label = "SQL"
cells = ["Yes", "yes", "Yes"]

[[row]]
label = "Serverless option"
questions = false
cells = ["Yes", "No", "Partly"]
"#;

fn by_id<'a>(qs: &'a [Question], id: &str) -> &'a Question {
    qs.iter().find(|q| q.id == id).unwrap_or_else(|| panic!("no question {id}; ids: {:?}", ids(qs)))
}

fn ids(qs: &[Question]) -> Vec<&str> {
    qs.iter().map(|q| q.id.as_str()).collect()
}

#[test]
fn which_rows_yield_questions() {
    let t = parse(FIXTURE).unwrap();
    let qs = questions::generate(&t);
    let rows: Vec<&str> = qs.iter().map(|q| q.id.split('-').nth(2).unwrap()).collect();
    assert!(rows.contains(&"layout") && rows.contains(&"catalog"), "{:?}", ids(&qs));
    // All cells alike (case and a final stop do not count): nothing to ask.
    assert!(!rows.contains(&"sql"), "{:?}", ids(&qs));
    // Opted out.
    assert!(!rows.contains(&"serverless"), "{:?}", ids(&qs));
    // All distinct: which, true/false and matching; two alike: no matching.
    assert_eq!(qs.iter().filter(|q| q.id.starts_with("cmp-fx-layout-")).count(), 3, "{:?}", ids(&qs));
    assert!(!ids(&qs).contains(&"cmp-fx-catalog-match"), "{:?}", ids(&qs));
    // "None" and "None: serverless" are too alike: only Blue's cell is asked about.
    let servers: Vec<&str> = ids(&qs).into_iter().filter(|i| i.starts_with("cmp-fx-servers-")).collect();
    assert!(servers.contains(&"cmp-fx-servers-blue-which"), "{servers:?}");
    assert!(!servers.iter().any(|i| i.ends_with("-which") && !i.contains("blue")), "{servers:?}");
    assert!(!servers.contains(&"cmp-fx-servers-match"), "{servers:?}");
    for q in qs.iter().filter(|q| q.id.starts_with("cmp-fx-servers-") && q.id.ends_with("-tf")) {
        let own = if q.id.contains("-blue-") { "Yours" } else { "None" };
        let Answer::TrueFalse { answer } = q.answer else { panic!() };
        assert!(answer || !q.prompt.contains(own), "a false statement quotes a cell alike to the truth: {q:?}");
    }
}

#[test]
fn generated_questions_have_the_right_answers() {
    let t = parse(FIXTURE).unwrap();
    let qs = questions::generate(&t);
    // "Built in" is the only cell that one subject alone has in the Catalog row.
    let which = by_id(&qs, "cmp-fx-catalog-red-which");
    assert!(which.prompt.ends_with(": Built in"), "{}", which.prompt);
    match &which.answer {
        Answer::Single { choices, answer } => {
            assert_eq!(choices, &["Red", "Green", "Blue"]);
            assert_eq!(choices[*answer], "Red");
        }
        other => panic!("{other:?}"),
    }
    let matching = by_id(&qs, "cmp-fx-layout-match");
    assert_eq!(
        matching.answer,
        Answer::Matching {
            pairs: vec![
                ("Red".into(), "Columnar".into()),
                ("Green".into(), "Row-based".into()),
                ("Blue".into(), "Key-value".into())
            ]
        }
    );
    // True/false: the statement is true exactly when it quotes the subject's own cell.
    for q in qs.iter().filter(|q| q.id.ends_with("-tf")) {
        let Answer::TrueFalse { answer } = q.answer else { panic!("{q:?}") };
        let row = t.rows.iter().find(|r| q.id.contains(&format!("-{}-", r.id))).unwrap();
        let s = t.subjects.iter().position(|s| q.id.contains(&format!("-{}-tf", s.key))).unwrap();
        let own = format!(": {}", row.cells[s]);
        assert_eq!(answer, q.prompt.ends_with(&own), "{}: {q:?}", row.label);
        assert!(q.explain.contains(&row.label) && q.explain.contains("Stores"), "{}", q.explain);
    }
}

#[test]
fn ids_stay_the_same_when_another_row_changes() {
    let before = questions::generate(&parse(FIXTURE).unwrap());
    let edited = FIXTURE
        .replace(
            "cells = [\"Columnar\", \"Row-based\", \"Key-value\"]",
            "cells = [\"Column store\", \"Rows\", \"Pairs\"]",
        )
        .replace(
            "[[row]]\nlabel = \"SQL\"",
            "[[row]]\nlabel = \"New row\"\ncells = [\"a\", \"b\", \"c\"]\n\n[[row]]\nlabel = \"SQL\"",
        );
    let after = questions::generate(&parse(&edited).unwrap());
    let catalog =
        |qs: &[Question]| qs.iter().filter(|q| q.id.starts_with("cmp-fx-catalog-")).cloned().collect::<Vec<_>>();
    assert_eq!(catalog(&before), catalog(&after), "the untouched row's questions changed");
    let layout = |qs: &[Question]| {
        ids(qs).into_iter().filter(|i| i.starts_with("cmp-fx-layout-")).map(String::from).collect::<Vec<_>>()
    };
    assert_eq!(layout(&before), layout(&after), "the edited row keeps its ids");
    assert!(ids(&after).iter().any(|i| i.starts_with("cmp-fx-new-row-")), "{:?}", ids(&after));
}

#[test]
fn a_table_can_opt_out() {
    let t = parse(&format!("questions = false\n{FIXTURE}")).unwrap();
    assert!(questions::generate(&t).is_empty());
}
