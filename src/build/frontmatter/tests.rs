use super::*;

fn parse(text: &str) -> Result<Split<'_>, Errors> {
    split("a.md", text)
}

#[test]
fn toml_front_matter() {
    let s = parse("+++\ntitle = \"S3\"\nkeywords = [\"Simple Storage Service\"]\n+++\n\nBody\n").unwrap();
    assert_eq!(s.front.title.as_deref(), Some("S3"));
    assert_eq!(s.front.keywords, vec!["Simple Storage Service"]);
    assert_eq!(s.body, "\nBody\n");
}

#[test]
fn yaml_front_matter_with_lists() {
    let text = "---\ntitle: \"Kinesis: overview\"\ntags: [streaming, 'real-time']\nkeywords:\n  - KDS\n  - Kinesis Data Streams # a comment\nweight: 3\ncssclass: wide\n---\nBody";
    let s = parse(text).unwrap();
    assert_eq!(s.front.title.as_deref(), Some("Kinesis: overview"));
    assert_eq!(s.front.tags, vec!["streaming", "real-time"]);
    assert_eq!(s.front.keywords, vec!["KDS", "Kinesis Data Streams"]);
    assert_eq!(s.front.weight, Some(3));
    assert_eq!(s.front.cssclasses, vec!["wide"]);
    assert_eq!(s.body, "Body");
}

#[test]
fn errors_name_the_line_and_come_together() {
    let e = parse("+++\ntitle = \"x\"\nweight = \"ten\"\n+++\n").unwrap_err();
    assert_eq!(e[0].line, 3, "{}", e[0]);
    let e = parse("+++\ntitle = \"x\"\n").unwrap_err();
    assert!(e[0].message.contains("never closed"), "{}", e[0]);
    let e = parse("---\ntitle: x\nweight: many\ndraft: maybe\n---\n").unwrap_err();
    assert_eq!(e.iter().map(|d| d.line).collect::<Vec<_>>(), vec![3, 4], "{e:?}");
    let e = parse("+++\ntitel = \"x\"\nweight = \"ten\"\n+++\n").unwrap_err();
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e[0].help.as_deref().unwrap().contains("did you mean `title`"), "{e:?}");
}

#[test]
fn yaml_block_scalars_escapes_bom_and_duplicates() {
    let s =
        parse("\u{feff}---\ntitle: Caf\\u00e9\nsummary: \"Caf\\u00e9\"\nexcerpt: |\n  line one\n  line two\n---\nBody")
            .unwrap();
    assert_eq!(s.front.summary.as_deref(), Some("Café"));
    assert_eq!(s.body, "Body");
    let e = parse("---\ntitle: A\ntags: [x]\ntitle: B\n---\n").unwrap_err();
    assert_eq!(e[0].line, 4, "{e:?}");
    assert!(e[0].message.contains("duplicate"), "{e:?}");
}
