//! All escaping and URL encoding in one place: text into HTML, text into JavaScript
//! string literals, paths into URLs and back.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Text as HTML content or a quoted attribute value.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_html_into(&mut out, text);
    out
}

/// `escape_html` appended to a buffer: runs of plain text are copied whole.
pub fn escape_html_into(out: &mut String, text: &str) {
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
}

/// A JavaScript (and JSON) string literal, safe inside `<script>` and any file. Kept
/// by hand because JSON serialisers leave `<` and U+2028/U+2029 raw, which `</script>`
/// breakouts and older JavaScript parsers need escaped.
pub fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    // Runs of plain text are copied whole (the search index and previews of a big site
    // are megabytes of strings); every byte that needs escaping is ASCII or starts U+2028
    // or U+2029, so each run ends on a character boundary.
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let (escape, len): (std::borrow::Cow<str>, usize) = match b {
            b'"' => ("\\\"".into(), 1),
            b'\\' => ("\\\\".into(), 1),
            b'\n' => ("\\n".into(), 1),
            b'\r' => ("\\r".into(), 1),
            b'<' => ("\\u003c".into(), 1),
            0xE2 if bytes[i + 1..].starts_with(&[0x80, 0xA8]) => ("\\u2028".into(), 3),
            0xE2 if bytes[i + 1..].starts_with(&[0x80, 0xA9]) => ("\\u2029".into(), 3),
            b if b < 0x20 => (format!("\\u{b:04x}").into(), 1),
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(&escape);
        start = i + len;
    }
    out.push_str(&s[start..]);
    out.push('"');
    out
}

/// Everything but letters, digits and `-_.~/` is percent-encoded in a URL path.
const PATH: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b'/');

/// Percent-encodes what may not appear raw in a URL path (spaces, quotes, `#`, `?`, CR,
/// LF...), so a path is safe in an `href` and in a `Location` header.
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// Decodes `%XX` escapes, leaving malformed ones as written (for links authors wrote).
pub fn decode_path(path: &str) -> String {
    percent_decode_str(path).decode_utf8_lossy().into_owned()
}

/// Decodes `%XX` escapes strictly, for request paths: `None` for a malformed escape or
/// bytes that are not UTF-8.
pub fn decode_path_strict(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let well_formed = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'%')
        .all(|(i, _)| bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)));
    if !well_formed {
        return None;
    }
    percent_decode_str(path).decode_utf8().ok().map(|s| s.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_round_trip() {
        let p = "notes/a b/c#d?é";
        assert_eq!(encode_path(p), "notes/a%20b/c%23d%3F%C3%A9");
        assert_eq!(decode_path(&encode_path(p)), p);
        assert_eq!(decode_path("100%"), "100%");
        assert_eq!(decode_path_strict("/a%2"), None);
        assert_eq!(decode_path_strict("/%2e%2E"), Some("/..".into()));
    }

    #[test]
    fn script_context_breakouts_are_escaped() {
        assert_eq!(js_string("</script>\u{2028}"), "\"\\u003c/script>\\u2028\"");
        assert_eq!(
            js_string("é\u{2029}\"a\\b\nc\rd\u{1}\u{1f}€\u{2027}"),
            "\"é\\u2029\\\"a\\\\b\\nc\\rd\\u0001\\u001f€\u{2027}\""
        );
        // Whatever the text, the literal reads back as the text in JavaScript's rules (JSON's here).
        for text in ["", "plain", "<<", "\u{2028}\u{2028}x", "tab\there", "\u{7f}\u{80}\u{e2}"] {
            let back: String = serde_json::from_str(&js_string(text)).unwrap();
            assert_eq!(back, text);
        }
    }
}
