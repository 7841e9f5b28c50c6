//! Heading ids and URL pieces.

/// GitHub-style heading id: lower case, spaces become `-`, punctuation other than `-`
/// and `_` is dropped. Authors already know these ids from GitHub.
pub fn heading_id(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// A tag or category name as it appears in a URL or fragment.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A note's path under `notes/` (without `.md`) as the folder of its page. A segment a
/// URL would have to escape (spaces, Unicode, punctuation: `Date type`, `Über`) becomes
/// its slug (`date-type`, `über`); plain ones (`storage/s3`, `README`) stay as written,
/// so existing addresses do not move.
pub fn url_path(id: &str) -> String {
    id.split('/').map(url_segment).collect::<Vec<_>>().join("/")
}

/// One folder or file name of [`url_path`].
pub fn url_segment(seg: &str) -> String {
    if !seg.is_empty() && seg.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return seg.to_string();
    }
    match slugify(seg) {
        s if s.is_empty() => format!("n-{}", &crate::hash::short(seg.as_bytes())[..8]),
        s => s,
    }
}

/// "data-integration" → "Data Integration": the fallback title of a category folder.
pub fn title_case(slug: &str) -> String {
    slug.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_follow_github() {
        assert_eq!(heading_id("S3 Standard-IA"), "s3-standard-ia");
        assert_eq!(heading_id("Data Pipeline vs. Glue"), "data-pipeline-vs-glue");
        assert_eq!(heading_id("SSE-KMS"), "sse-kms");
        assert_eq!(heading_id("Amazon S3 – Security"), "amazon-s3--security");
    }

    #[test]
    fn url_paths_are_clean() {
        assert_eq!(url_path("storage/s3"), "storage/s3");
        assert_eq!(url_path("Bases/Date type"), "Bases/date-type");
        assert_eq!(url_path("Über/Straße & Co"), "über/straße-co");
    }
}
