//! What each request gets: a file of the in-memory site, the live-reload client or its
//! event stream, a redirect to a folder's page, or an error.

use std::sync::Arc;

use super::http::{Request, Response};
use super::reload::{open_stream, State, CLIENT_PATH, EVENTS_PATH, LIVERELOAD_JS};

pub fn mime_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "mp4" => "video/mp4",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Turns a request path into a key of the site, or `None` when it must be refused:
/// `..` or `.` segments (also percent-encoded), backslashes, NUL bytes, invalid UTF-8.
pub fn safe_path(raw: &str) -> Option<String> {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.starts_with("//") {
        return None;
    }
    let decoded = crate::html::decode_path_strict(path)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let rel = decoded.trim_start_matches('/');
    for segment in rel.split('/') {
        if segment == ".." || segment == "." || segment.contains(':') {
            return None;
        }
    }
    Some(rel.to_string())
}

pub(super) fn handle(request: Request, state: &State) {
    if std::env::var_os("STUDYSITE_DEBUG_HTTP").is_some() {
        eprintln!("http: {} {}", request.method, request.url);
    }
    let get_or_head = request.method == "GET" || request.method == "HEAD";
    if !get_or_head {
        return request.respond(Response::new(405, "405 Method Not Allowed\n").header("Allow", "GET, HEAD"));
    }
    let path_only = request.url.split(['?', '#']).next().unwrap_or("").to_string();
    if path_only == EVENTS_PATH && request.method == "GET" {
        return open_stream(request, state);
    }
    if path_only == CLIENT_PATH {
        return request.respond(Response::new(200, LIVERELOAD_JS).header("Content-Type", mime_type(".js")));
    }
    let Some(rel) = safe_path(&request.url) else {
        return request.respond(Response::new(400, "400 Bad Request: this path is not allowed\n"));
    };
    let files = Arc::clone(&state.files.read().unwrap_or_else(|e| e.into_inner()));
    let key = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.clone() };
    if let Some(bytes) = files.get(&key) {
        return request.respond(
            Response::new(200, bytes.to_vec())
                .header("Content-Type", mime_type(&key))
                .header("Cache-Control", "no-store"),
        );
    }
    // `/storage/s3` → `/storage/s3/`, so the page's relative links resolve.
    if files.contains_key(&format!("{rel}/index.html")) {
        // Percent-encoded: a folder name with CR or LF must not split the response head.
        let location = format!("/{}/", crate::html::encode_path(&rel));
        return request.respond(Response::new(301, "").header("Location", &location));
    }
    let body = files.get("404.html").map(|b| b.to_vec()).unwrap_or_else(|| b"404 Not Found\n".to_vec());
    request.respond(Response::new(404, body).header("Content-Type", "text/html; charset=utf-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc",
            "/a%00b",
            "/a\\..\\b",
            "//etc/passwd",
            "/C:/x",
            "/%ff",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
        assert_eq!(safe_path("/storage/s3/?x=1").as_deref(), Some("storage/s3/"));
        assert_eq!(safe_path("/a%20b.png").as_deref(), Some("a b.png"));
    }
}
