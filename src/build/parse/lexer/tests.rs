use super::*;

fn classed(code: &str, lang: Lang) -> Vec<(&str, Class)> {
    tokens(code, lang).into_iter().map(|(a, b, c)| (&code[a..b], c)).collect()
}

#[test]
fn python_keywords_strings_comments_calls() {
    let t = classed("def f(x):\n    return g(x, name=\"s\")  # done\n", Lang::Python);
    assert!(t.contains(&("def", "k")) && t.contains(&("f", "f")), "{t:?}");
    assert!(t.contains(&("return", "k")) && t.contains(&("g", "f")), "{t:?}");
    assert!(t.contains(&("name", "v")) && t.contains(&("\"s\"", "s")), "{t:?}");
    assert!(t.contains(&("# done", "c")), "{t:?}");
    let t = classed("x = f'a {b}' + '''\nlong\n'''", Lang::Python);
    assert!(t.contains(&("f'a {b}'", "s")) && t.contains(&("'''\nlong\n'''", "s")), "{t:?}");
}

#[test]
fn sql_ignores_case_and_doubles_quotes() {
    let t = classed("select count(*) from t where a = 'it''s' -- note\nLIMIT 10;", Lang::Sql);
    assert_eq!(
        t,
        vec![
            ("select", "k"),
            ("count", "f"),
            ("*", "o"),
            ("from", "k"),
            ("where", "k"),
            ("=", "o"),
            ("'it''s'", "s"),
            ("-- note", "c"),
            ("LIMIT", "k"),
            ("10", "n"),
        ]
    );
}

#[test]
fn shell_commands_options_variables() {
    let t = classed(
        "#!/bin/bash\naws s3 cp --recursive \"$SRC\" s3://b/ # copy\nfor f in *.csv; do echo ${f}; done | wc -l\n",
        Lang::Shell,
    );
    assert!(t.contains(&("#!/bin/bash", "c")) && t.contains(&("aws", "f")), "{t:?}");
    assert!(t.contains(&("--recursive", "v")) && t.contains(&("\"$SRC\"", "s")), "{t:?}");
    assert!(t.contains(&("# copy", "c")) && t.contains(&("for", "k")), "{t:?}");
    assert!(t.contains(&("echo", "f")) && t.contains(&("${f}", "v")) && t.contains(&("wc", "f")), "{t:?}");
    assert!(!t.iter().any(|(s, _)| *s == "s3"), "{t:?}");
    // A `#` inside a word is no comment.
    assert!(classed("echo a#b\n", Lang::Shell).iter().all(|(_, c)| *c != "c"));
}

#[test]
fn json_keys_values_constants() {
    let t = classed("{\"a\": \"x\", \"n\": -1.5e3, \"ok\": true, \"z\": null}", Lang::Json);
    assert_eq!(
        t,
        vec![
            ("\"a\"", "a"),
            ("\"x\"", "s"),
            ("\"n\"", "a"),
            ("-1.5e3", "n"),
            ("\"ok\"", "a"),
            ("true", "b"),
            ("\"z\"", "a"),
            ("null", "b")
        ]
    );
}

#[test]
fn yaml_keys_scalars_comments() {
    let t = classed("title: S3 # the name\nlist:\n  - name: x\n    on: true\n    n: 3\nurl: http://a:b\n", Lang::Yaml);
    assert!(t.contains(&("title", "t")) && t.contains(&("# the name", "c")), "{t:?}");
    assert!(t.contains(&("name", "t")) && t.contains(&("true", "b")) && t.contains(&("3", "n")), "{t:?}");
    assert!(t.contains(&("url", "t")) && !t.iter().any(|(s, _)| s.starts_with("http")), "{t:?}");
}

#[test]
fn toml_tables_keys_values() {
    let t = classed("[links]\n# note\nnever_link = [\"bucket\", 3]\ndraft = true\n[[x.y]]\n", Lang::Toml);
    assert_eq!(
        t,
        vec![
            ("links", "y"),
            ("# note", "c"),
            ("never_link", "a"),
            ("\"bucket\"", "s"),
            ("3", "n"),
            ("draft", "a"),
            ("true", "b"),
            ("x.y", "y")
        ]
    );
}

#[test]
fn javascript_basics() {
    let t = classed("const x = new Map(); // c\nfunction go(a) { return `t${a}` }", Lang::JavaScript);
    assert!(t.contains(&("const", "k")) && t.contains(&("Map", "f")) && t.contains(&("// c", "c")), "{t:?}");
    assert!(t.contains(&("go", "f")) && t.contains(&("`t${a}`", "s")), "{t:?}");
}

/// Every scanner moves forward on any input: strings of the characters that steer
/// them, in a fixed pseudo-random order.
#[test]
fn any_input_ends_with_spans_on_char_boundaries() {
    let alphabet: Vec<char> = "ab1 -+.#/*$={}[]()\"'`\\:,|&;<>\n\té_eE".chars().collect();
    let mut seed = 0x2545_f491_u32;
    for lang in [Lang::Shell, Lang::Python, Lang::Sql, Lang::Json, Lang::Yaml, Lang::Toml, Lang::JavaScript] {
        for _ in 0..3000 {
            let mut code = String::new();
            for _ in 0..(seed % 24) {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                code.push(alphabet[seed as usize % alphabet.len()]);
            }
            let mut last = 0;
            for (a, b, _) in tokens(&code, lang) {
                assert!(code.is_char_boundary(a) && code.is_char_boundary(b), "{lang:?} {code:?}");
                assert!(last <= a && a < b && b <= code.len(), "{lang:?} {code:?}");
                last = b;
            }
        }
    }
}

#[test]
fn never_splits_a_character_and_always_ends() {
    for lang in [Lang::Shell, Lang::Python, Lang::Sql, Lang::Json, Lang::Yaml, Lang::Toml, Lang::JavaScript] {
        for code in ["é\"ü", "'", "\"\"\"", "$", "${", "/*", "[", "a = ", "-", "é: ü", "\\", "x='\\"] {
            for (a, b, _) in tokens(code, lang) {
                assert!(code.is_char_boundary(a) && code.is_char_boundary(b) && a < b && b <= code.len());
            }
        }
    }
}
