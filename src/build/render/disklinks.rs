//! The `index_links` setting: every relative link to a folder (`../s3/`, `./`) names its
//! `index.html`, so the site works opened from disk (`file://`) even without JavaScript
//! (with JavaScript, `static/theme.js` does the same for pages opened from disk).

use std::path::Path;
use std::sync::Arc;

use crate::build::render::Sink;

/// Passes files on to `inner`, with the links of HTML pages rewritten.
pub struct IndexLinks<'a> {
    pub inner: &'a dyn Sink,
}

/// `href="../s3/#x"` → `href="../s3/index.html#x"`; absolute and in-page links stay.
pub fn rewrite(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(i) = rest.find("href=\"") {
        let start = i + 6;
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..end];
        let (path, fragment) = value.split_at(value.find('#').unwrap_or(value.len()));
        let absolute = path.starts_with('/') || path.contains("://") || path.starts_with("mailto:");
        if !absolute && !path.is_empty() && (path.ends_with('/') || path == ".") {
            out.push_str(path.trim_end_matches('.'));
            if path == "." {
                out.push_str("./");
            }
            out.push_str("index.html");
            out.push_str(fragment);
        } else {
            out.push_str(value);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

impl Sink for IndexLinks<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        match (rel.ends_with(".html"), std::str::from_utf8(bytes)) {
            (true, Ok(text)) => self.inner.write(rel, rewrite(text).as_bytes()),
            _ => self.inner.write(rel, bytes),
        }
    }
    fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        self.inner.copy(rel, from)
    }
    fn write_shared(&self, rel: &str, bytes: Arc<Vec<u8>>) -> std::io::Result<()> {
        if rel.ends_with(".html") {
            self.write(rel, &bytes)
        } else {
            self.inner.write_shared(rel, bytes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    #[test]
    fn folder_links_name_their_index() {
        assert_eq!(
            rewrite(
                r##"<a href="../s3/#top">S3</a> <a href="./">Home</a> <a href="../../">Up</a> <a href=".">Here</a>"##
            ),
            r##"<a href="../s3/index.html#top">S3</a> <a href="./index.html">Home</a> <a href="../../index.html">Up</a> <a href="./index.html">Here</a>"##
        );
        let kept = r##"<a href="#x">x</a><a href="/abs/">a</a><a href="https://e.org/">e</a><link href="../static/style.css?v=1">"##;
        assert_eq!(rewrite(kept), kept);
    }
}
