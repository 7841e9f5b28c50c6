//! Code highlighting as short CSS classes rather than inline colours, so the light and
//! dark themes both apply and the HTML stays small. The common languages go through the
//! scanners in `lexer.rs`; every other language syntect knows goes through its parser.

use std::sync::OnceLock;

use crate::build::parse::lexer::{self, Lang as Lexer};
use crate::html::{escape_html, escape_html_into};

use syntect::easy::ScopeRegionIterator;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Loaded on first use of a language the scanners in `lexer.rs` do not cover: a site
/// without such code never pays for it, and a running `serve` keeps it between rebuilds.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Scope prefixes and the short class each token kind gets, most specific first.
/// A dozen token kinds instead of syntect's full scope names keeps pages several times
/// smaller, and `static/highlight.css` colours them for the light and dark themes.
fn classes() -> &'static [(Scope, &'static str)] {
    static CLASSES: OnceLock<Vec<(Scope, &'static str)>> = OnceLock::new();
    CLASSES.get_or_init(|| {
        [
            ("comment", "c"),
            ("string", "s"),
            ("constant.numeric", "n"),
            ("constant.language", "b"),
            ("variable.language", "b"),
            ("constant.character.escape", "e"),
            ("constant", "n"),
            ("keyword.operator", "o"),
            ("keyword", "k"),
            ("storage", "k"),
            ("entity.name.function", "f"),
            ("support.function", "f"),
            ("variable.function", "f"),
            ("meta.function-call", "f"),
            ("entity.name.tag", "t"),
            ("entity.other.attribute-name", "a"),
            ("support.type.property-name", "a"),
            ("entity.name", "y"),
            ("support.type", "y"),
            ("support.class", "y"),
            ("entity.other.inherited-class", "y"),
            ("variable.parameter", "v"),
            ("markup.heading", "h"),
        ]
        .iter()
        .filter_map(|(s, c)| Scope::new(s).ok().map(|scope| (scope, *c)))
        .collect()
    })
}

fn class_of(stack: &ScopeStack) -> Option<&'static str> {
    for scope in stack.as_slice().iter().rev() {
        for (prefix, class) in classes() {
            if prefix.is_prefix_of(*scope) {
                return Some(class);
            }
        }
    }
    None
}

/// The syntect syntax of a fence's language name (trimmed and lower-case), for the
/// languages the scanners in `lexer.rs` do not take.
fn find_syntax(name: &str) -> Option<&'static SyntaxReference> {
    let token = match name {
        "" | "text" | "plain" | "txt" => return None,
        "rs" => "rust",
        other => other,
    };
    syntaxes().find_syntax_by_token(token)
}

/// HTML for the inside of a `<code>` element. Unknown languages come back escaped, unhighlighted.
pub fn highlight(code: &str, lang: &str) -> String {
    let name = lang.trim().to_ascii_lowercase();
    if let Some(lexer) = Lexer::from_name(&name) {
        return spans_to_html(code, &lexer::tokens(code, lexer));
    }
    let Some(syntax) = find_syntax(&name) else {
        return escape_html(code);
    };
    let mut out = String::with_capacity(code.len() * 2);
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut open: Option<&str> = None;
    // Whitespace waits until the next token shows whether it sits inside a span.
    let mut pending_space = String::new();
    for line in LinesWithEndings::from(code) {
        let Ok(ops) = state.parse_line(line, syntaxes()) else {
            return escape_html(code);
        };
        for (text, op) in ScopeRegionIterator::new(&ops, line) {
            if stack.apply(op).is_err() {
                return escape_html(code);
            }
            // A token's trailing line break is whitespace too (line comments end with one).
            let newline =
                if text.ends_with('\n') { text.len() - 1 - usize::from(text.ends_with("\r\n")) } else { text.len() };
            let (text, line_end) = text.split_at(newline);
            if text.trim().is_empty() {
                pending_space.push_str(text);
                pending_space.push_str(line_end);
                continue;
            }
            let class = class_of(&stack);
            if class != open {
                if open.is_some() {
                    out.push_str("</span>");
                }
                out.push_str(&pending_space);
                pending_space.clear();
                if let Some(c) = class {
                    out.push_str("<span class=\"hl-");
                    out.push_str(c);
                    out.push_str("\">");
                }
                open = class;
            } else {
                out.push_str(&pending_space);
                pending_space.clear();
            }
            out.push_str(&escape_html(text));
            pending_space.push_str(line_end);
        }
    }
    if open.is_some() {
        out.push_str("</span>");
    }
    out.push_str(&pending_space);
    out
}

/// The HTML of `code` with each classed span in `<span class="hl-X">`. Spans of one
/// class separated only by whitespace share a `<span>`, which keeps pages small.
fn spans_to_html(code: &str, spans: &[(usize, usize, lexer::Class)]) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 2);
    let mut at = 0;
    let mut i = 0;
    while i < spans.len() {
        let (start, mut end, class) = spans[i];
        escape_html_into(&mut out, &code[at..start]);
        out.push_str("<span class=\"hl-");
        out.push_str(class);
        out.push_str("\">");
        escape_html_into(&mut out, &code[start..end]);
        while let Some(&(next_start, next_end, next_class)) = spans.get(i + 1) {
            if next_class != class || !code[end..next_start].bytes().all(|b| b == b' ' || b == b'\t') {
                break;
            }
            escape_html_into(&mut out, &code[end..next_end]);
            end = next_end;
            i += 1;
        }
        out.push_str("</span>");
        at = end;
        i += 1;
    }
    escape_html_into(&mut out, &code[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_short_classes() {
        let html = highlight("def f(x):\n    return \"s\"  # done\n", "python");
        assert!(html.contains("<span class=\"hl-k\">def</span>"), "{html}");
        assert!(html.contains("<span class=\"hl-s\">&quot;s&quot;</span>"), "{html}");
        assert!(html.contains("<span class=\"hl-c\"># done</span>"), "{html}");
    }

    #[test]
    fn other_languages_go_through_syntect() {
        let html = highlight("fn main() { let x = 1; }\n", "rust");
        assert!(html.contains("<span class=\"hl-k\">fn</span>"), "{html}");
        assert!(html.contains("<span class=\"hl-n\">1</span>"), "{html}");
    }

    #[test]
    fn toml_is_highlighted() {
        let html = highlight("[links]\n# note\nnever_link = [\"bucket\", 3]\ndraft = true\n", "toml");
        assert!(html.contains("<span class=\"hl-y\">links</span>"), "{html}");
        assert!(html.contains("<span class=\"hl-c\"># note</span>"), "{html}");
        assert!(html.contains("<span class=\"hl-a\">never_link</span>"), "{html}");
        assert!(html.contains("<span class=\"hl-s\">&quot;bucket&quot;</span>"), "{html}");
        assert!(html.contains("<span class=\"hl-n\">3</span>"), "{html}");
        assert!(html.contains("<span class=\"hl-b\">true</span>"), "{html}");
    }

    #[test]
    fn unknown_language_is_plain_escaped_text() {
        assert_eq!(highlight("a < b\n", "nosuchlang"), "a &lt; b\n");
    }
}
