//! Quiz blocks through a real build: author HTML is text in every field, ids are unique
//! over a note (all its quiz blocks and headings), and a site can override the markup.

mod common;

use common::TempSite;

fn note(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\nsummary = \"s\"\n+++\n\n{body}")
}

fn build_err(site: &TempSite) -> String {
    let out = site.run(&["build"]);
    assert!(!out.status.success(), "the build should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const HTML_QUESTION: &str = r#"```quiz
[[question]]
id = "bytes"
prompt = "Which holds bytes? </script><script>alert(1)</script>"
choices = ["Vec<u8>", "<b>String</b>", "`Box<str>`"]
answer = 0
explain = "A <em>Vec<u8></em>."

[[question]]
id = "bytes-short"
prompt = "Name it."
accept = ["Vec<u8>", "</script><script>alert(2)</script>"]

[[question]]
id = "bytes-match"
prompt = "Match."
pairs = [["<i>a</i>", "Vec<u8>"], ["b", "c"]]
```
"#;

#[test]
fn html_in_every_quiz_field_is_shown_as_text() {
    let site = TempSite::new("quiz-html");
    site.write("notes/rust.md", &note("Rust", HTML_QUESTION));
    site.build_ok();
    let html = site.read("public/rust/index.html");
    let quiz = &html[html.find("<section class=\"quiz\"").unwrap()..html.find("</section>").unwrap()];
    for text in [
        "Which holds bytes? &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
        "<li>Vec&lt;u8&gt;</li>",
        "<li>&lt;b&gt;String&lt;/b&gt;</li>",
        "<li><code>Box&lt;str&gt;</code></li>",
        "A &lt;em&gt;Vec&lt;u8&gt;&lt;/em&gt;.",
        "<li>&lt;i&gt;a&lt;/i&gt;</li>",
        "Answer:</strong> A. Vec&lt;u8&gt;</p>",
    ] {
        assert!(quiz.contains(text), "missing {text:?} in\n{quiz}");
    }
    // Nothing the author wrote closes the data <script> or opens another one.
    assert!(!quiz.contains("<b>") && !quiz.contains("<em>") && !quiz.contains("<i>"), "{quiz}");
    assert_eq!(quiz.matches("<script").count(), 3, "{quiz}");
    assert_eq!(quiz.matches("</script>").count(), 3, "{quiz}");
    assert!(
        quiz.contains(r#""accept":["Vec\u003cu8>","\u003c/script>\u003cscript>alert(2)\u003c/script>"]"#),
        "{quiz}"
    );
}

#[test]
fn a_quiz_id_used_in_two_blocks_of_one_note_is_an_error() {
    let site = TempSite::new("quiz-dup");
    let q = |id: &str| format!("```quiz\n[[question]]\nid = \"{id}\"\nprompt = \"p\"\nanswer = true\n```\n");
    site.write("notes/a.md", &note("A", &format!("{}\ntext\n\n{}", q("same"), q("same"))));
    let err = build_err(&site);
    assert!(err.contains("duplicate quiz question id `same` (first used on line 7)"), "{err}");
    assert!(err.contains("a.md:16:1"), "{err}");
}

#[test]
fn quiz_ids_that_give_one_element_id_are_an_error() {
    let site = TempSite::new("quiz-slug");
    site.write(
        "notes/a.md",
        &note(
            "A",
            "```quiz\n[[question]]\nid = \"A b\"\nprompt = \"p\"\nanswer = true\n\n[[question]]\nid = \"a-b\"\nprompt = \"q\"\nanswer = false\n```\n",
        ),
    );
    let err = build_err(&site);
    assert!(err.contains("quiz question ids `A b` (line 7) and `a-b` give the same element id `quiz-a-b`"), "{err}");
    assert!(err.contains("rename one of the two ids"), "{err}");
}

#[test]
fn a_quiz_element_id_that_a_heading_has_is_an_error() {
    let site = TempSite::new("quiz-heading");
    site.write(
        "notes/a.md",
        &note("A", "## Quiz: S3\n\n```quiz\n[[question]]\nid = \"s3\"\nprompt = \"p\"\nanswer = true\n```\n"),
    );
    let err = build_err(&site);
    assert!(
        err.contains("quiz question `s3` has the element id `quiz-s3`, which the heading on line 6 has too"),
        "{err}"
    );
}

#[test]
fn every_element_id_on_a_quiz_page_is_unique() {
    let site = TempSite::new("quiz-ids");
    let block = |a: &str, b: &str| {
        format!("```quiz\n[[question]]\nid = \"{a}\"\nprompt = \"p\"\nanswer = true\n\n[[question]]\nprompt = \"{b}\"\naccept = [\"x\"]\n```\n")
    };
    site.write(
        "notes/a.md",
        &note("A", &format!("## Quiz\n\n{}\n## More\n\n{}", block("one", "x"), block("two", "y"))),
    );
    site.build_ok();
    let html = site.read("public/a/index.html");
    let mut ids: Vec<&str> = html.split(" id=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all, "{ids:?}");
    assert_eq!(html.matches("class=\"quiz-question\"").count(), 4);
    assert!(!html.contains('\0'));
}

#[test]
fn a_site_can_override_the_quiz_template() {
    let site = TempSite::new("quiz-template");
    site.write(
        "notes/a.md",
        &note("A", "```quiz\n[[question]]\nid = \"q1\"\nprompt = \"*Is* it?\"\nanswer = true\n```\n"),
    );
    site.write(
        "templates/quiz.html",
        "<div class=\"my-quiz\">{% for q in quiz.questions %}<p id=\"{{ q.element_id }}\">{{ q.prompt | safe }} ({{ q.kind }}, {{ quiz.count }})</p>{% endfor %}</div>\n",
    );
    site.build_ok();
    let html = site.read("public/a/index.html");
    assert!(
        html.contains("<div class=\"my-quiz\"><p id=\"quiz-q1\"><em>Is</em> it? (true-false, 1)</p></div>"),
        "{html}"
    );
    assert!(html.contains("static/quiz.js"), "a page with questions loads the quiz script");
    site.write("notes/b.md", &note("B", "No quiz here.\n"));
    site.build_ok();
    assert!(!site.read("public/b/index.html").contains("quiz.js"), "a page without questions does not");
}

#[test]
fn a_broken_quiz_template_names_the_file_and_line() {
    let site = TempSite::new("quiz-bad-template");
    site.write("notes/a.md", &note("A", "```quiz\n[[question]]\nprompt = \"p\"\nanswer = true\n```\n"));
    site.write("templates/quiz.html", "<ol>\n{{ quiz.nope.deeper }}\n</ol>\n");
    let err = build_err(&site);
    assert!(err.contains("templates/quiz.html:2"), "{err}");
}

#[test]
fn a_short_answer_that_looks_like_markdown_blocks_reads_as_written() {
    let site = TempSite::new("quiz-hash");
    site.write(
        "notes/a.md",
        &note(
            "A",
            "```quiz\n[[question]]\nid = \"w\"\nprompt = \"Which wildcard?\"\naccept = [\"#\", \"1. hash\"]\n```\n",
        ),
    );
    site.build_ok();
    let html = site.read("public/a/index.html");
    assert!(html.contains("<strong>Answer:</strong> # (also accepted: 1. hash)</p>"), "{html}");
}
